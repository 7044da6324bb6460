//! `jot serve` and `jot hash-password`: the demo auth server of `jot-axum`.

use std::io::{Read, Write};
use std::net::SocketAddr;

use jot::Algorithm;
use jot_axum::demo::{self, ServeOptions};

use crate::debugger;
use crate::sign::parse_alg;
use crate::Failure;

/// Run the demo auth server: POST /login, POST /refresh, POST /logout,
/// GET /api/greet, GET /api/me, GET /.well-known/jwks.json; and the web
/// debugger at GET / (the page of `jot debugger`, with a demo login panel).
///
/// With no options it starts at once with a fresh ES256 key and a demo user
/// whose password it prints, with the curl commands to try each route.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4242")]
    pub addr: SocketAddr,
    /// Private key in PEM (PKCS#8, PKCS#1, SEC1), e.g. made by `openssl genrsa -out private.pem 2048`.
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
    /// Signing algorithm (default: the key's usual one; ES256 for a generated key).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Algorithm>,
    /// Users file: one `jot hash-password` line per user (PBKDF2-HMAC-SHA256).
    #[arg(long, value_name = "FILE")]
    pub users: Option<String>,
    /// Access token lifetime in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub access_ttl: u64,
}

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("cannot read {path}: {e}")))
    };
    let mut opts = ServeOptions {
        addr: args.addr,
        key_pem: args.key.as_deref().map(read).transpose()?,
        alg: args.alg,
        users: args.users.as_deref().map(read).transpose()?,
        access_ttl: args.access_ttl,
        ..ServeOptions::default()
    };
    opts.extra_routes = Some(debugger::router(Some(debugger::DemoInfo {
        issuer: opts.issuer.clone(),
        audience: opts.audience.clone(),
    })));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the runtime: {e}")))?;
    runtime
        .block_on(async {
            let server = demo::bind(opts).await?;
            let page = debugger::page_url(server.local_addr());
            // A closed stdout is no reason not to serve.
            let _ = writeln!(
                std::io::stdout(),
                "{}\nweb debugger: {page} (open it in a browser)",
                server.banner()
            );
            server.run().await
        })
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
                Failure::Usage(e.to_string())
            }
            _ => Failure::Io(e.to_string()),
        })
}

/// Print one users-file line for USERNAME, reading the password from standard input.
#[derive(Debug, clap::Args)]
pub struct HashPasswordArgs {
    /// The user name (no `:` and no line breaks).
    pub username: String,
}

pub fn run_hash_password(args: &HashPasswordArgs) -> Result<(), Failure> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| Failure::Io(format!("cannot read the password from standard input: {e}")))?;
    // A trailing newline from `echo` or a terminal is not part of the password.
    let password = password.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err(Failure::Usage(
            "the password (on standard input) is empty".into(),
        ));
    }
    let line = demo::hash_password_line(&args.username, password)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    crate::print_line(&line)
}
