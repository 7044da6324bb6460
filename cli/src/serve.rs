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
    /// Private signing key: a JWK (from `jot keygen`) or PEM (PKCS#8, PKCS#1, SEC1, e.g. from `openssl genrsa -out private.pem 2048`).
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
    /// Signing algorithm (default: the JWK's `alg`, else the key's usual one; ES256 for a generated key).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Algorithm>,
    /// Users file: one `jot hash-password` line per user (PBKDF2-HMAC-SHA256).
    #[arg(long, value_name = "FILE")]
    pub users: Option<String>,
    /// Access token lifetime in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub access_ttl: u64,
    #[command(flatten)]
    pub cluster: ClusterArgs,
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
    args.cluster.apply(&mut opts, read)?;
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
            std::io::ErrorKind::AddrInUse => Failure::Io(format!(
                "{e}: another process listens on {}; pick another address with --addr HOST:PORT \
                 (port 0 takes any free one)",
                args.addr
            )),
            std::io::ErrorKind::ConnectionRefused => Failure::Io(format!(
                "{e} (start it, or give another --store URL; --store memory needs none)"
            )),
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

/// Sessions, login throttling and key rotation: what several `jot serve`
/// instances behind one load balancer share.
#[derive(Debug, clap::Args)]
pub struct ClusterArgs {
    /// A key rotated out, or about to become --key (JWK or PEM, repeatable): published in the JWK
    /// Set and accepted, never used to sign. Remove an old one once its tokens have expired.
    #[arg(long = "previous-key", value_name = "FILE")]
    pub previous_keys: Vec<String>,
    /// Where sessions, revocations and failed-login counters live: `memory` (this process only)
    /// or a Redis shared by every instance, e.g. redis://127.0.0.1:6379/0.
    #[arg(long, value_name = "URL", default_value = "memory")]
    pub store: String,
    /// Seconds in which a refresh token, presented again right after its rotation, gets the
    /// same successor back (for clients that retry); 0 means any second use revokes the session.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub refresh_grace: u64,
    /// Refresh token lifetime in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 86_400)]
    pub refresh_ttl: u64,
    /// Password hashes computed at once; a login that finds no free slot within 250 ms gets 503
    /// and Retry-After (default: cores minus one, at least 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_hashing: Option<u64>,
    /// First lock after 5 failed logins for one user name (or 50 from one address), in seconds;
    /// each further failure doubles it, up to 900.
    #[arg(long, value_name = "SECONDS", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=900))]
    pub login_backoff: u64,
}

impl ClusterArgs {
    fn apply(
        &self,
        opts: &mut ServeOptions,
        read: impl Fn(&str) -> Result<String, Failure>,
    ) -> Result<(), Failure> {
        opts.previous_keys = self
            .previous_keys
            .iter()
            .map(|p| read(p))
            .collect::<Result<_, _>>()?;
        opts.store = Some(self.store.clone());
        opts.refresh_grace = self.refresh_grace;
        opts.refresh_ttl = self.refresh_ttl;
        if let Some(n) = self.max_hashing {
            opts.login.max_hashing = usize::try_from(n).unwrap_or(1);
        }
        opts.login.backoff.base = self.login_backoff;
        Ok(())
    }
}
