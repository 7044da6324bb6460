//! The `jot` command line: sign, verify, decode and explain JWTs, encrypt
//! and decrypt compact JWEs, and make and convert keys, on top of the `jot`
//! library.
//!
//! Each subcommand lives in its own module; this file holds the clap
//! definitions, the dispatch, and the one place that turns a failure into an
//! exit status and an `error: KIND: detail` line.
//!
//! Exit statuses: 0 success, 1 the token or key was refused (the line names
//! `jot::Error::kind()`), 2 a usage error or an unreadable file.
#![forbid(unsafe_code)]
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod advice;
mod decode;
mod decrypt;
mod encrypt;
mod explain;
mod jwk;
mod keygen;
mod keys;
mod serve;
mod sign;
mod time;
mod verify;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Sign, verify, decode and explain JSON Web Tokens (RFC 7519), encrypt and
/// decrypt JWEs (RFC 7516: dir and ECDH-ES with A128GCM/A256GCM), and make JWKs.
///
/// Exit status: 0 on success; 1 when a token or key is refused, with one line
/// `error: KIND: detail` on stderr (KIND is one of malformed,
/// unsupported_algorithm, algorithm_not_allowed, key, signature, decryption,
/// crit, expired, not_yet_valid, issued_in_future, too_old, issuer, audience,
/// subject, missing_claim, type); 2 for a usage error (`error: usage: ...`)
/// or an unreadable file (`error: io: ...`).
#[derive(Debug, Parser)]
#[command(name = "jot", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Sign(sign::Args),
    Verify(verify::Args),
    Encrypt(encrypt::Args),
    Decrypt(decrypt::Args),
    Decode(decode::Args),
    Explain(explain::Args),
    Keygen(keygen::Args),
    Jwk(jwk::JwkArgs),
    Jwks(jwk::JwksArgs),
    Thumbprint(jwk::ThumbprintArgs),
    Serve(serve::ServeArgs),
    HashPassword(serve::HashPasswordArgs),
}

/// Why a command stopped. Every path out of `jot` that is not a success
/// goes through [`Failure::report`], so the `error:` line has one format.
#[derive(Debug)]
pub enum Failure {
    /// The library refused the token or the input: exit 1, `error: KIND: detail`.
    Jot(jot::Error),
    /// The key the user gave cannot be read or used: exit 1, `error: key: detail`.
    Key(jot::Error),
    /// What was asked is something jot cannot do, with the reason and what to
    /// do instead: exit 1, `error: unsupported_algorithm: detail`.
    Unsupported(String),
    /// The command line is wrong: exit 2.
    Usage(String),
    /// A file or standard input could not be read: exit 2.
    Io(String),
    /// The command has already printed why it failed (explain): exit 1,
    /// with this error as the closing `error:` line.
    Explained(jot::Error),
    /// The library refused the input, and the command says in its own words
    /// what to do (a JWE given to `verify`, a private key given to a
    /// verifier): exit 1, `error: KIND: detail`, KIND from the error.
    Told(jot::Error, String),
}

impl From<jot::Error> for Failure {
    fn from(e: jot::Error) -> Self {
        Failure::Jot(e)
    }
}

impl Failure {
    /// The `KIND: detail` of the `error:` line, and the exit status.
    pub fn line(&self) -> (String, u8) {
        match self {
            Failure::Jot(e) | Failure::Explained(e) => {
                (format!("{}: {}", e.kind(), advice::detail(e)), 1)
            }
            Failure::Key(e) => (format!("key: {}", advice::key_detail(e)), 1),
            Failure::Told(e, detail) => (format!("{}: {detail}", e.kind()), 1),
            Failure::Unsupported(why) => (format!("unsupported_algorithm: {why}"), 1),
            Failure::Usage(msg) => (format!("usage: {msg}"), 2),
            Failure::Io(msg) => (format!("io: {msg}"), 2),
        }
    }

    fn report(&self) -> ExitCode {
        let (line, code) = self.line();
        // Nothing useful can be done if stderr itself is gone.
        let _ = writeln!(std::io::stderr(), "error: {line}");
        ExitCode::from(code)
    }
}

/// Writes `text` and a newline to stdout; a closed pipe is not an error
/// worth a panic, but it is an io failure.
pub fn print_line(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

/// Writes `bytes` to stdout exactly, nothing added (a decrypted plaintext).
pub fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    let result = match cli.command {
        Command::Sign(args) => sign::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Encrypt(args) => encrypt::run(&args),
        Command::Decrypt(args) => decrypt::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Jwk(args) => jwk::run_jwk(&args),
        Command::Jwks(args) => jwk::run_jwks(&args),
        Command::Thumbprint(args) => jwk::run_thumbprint(&args),
        Command::Serve(args) => serve::run(&args),
        Command::HashPassword(args) => serve::run_hash_password(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// Help and version go to stdout with status 0. Every other clap error is a
/// usage error: one `error: usage: ...` line first (what scripts read), then
/// clap's own hints, and status 2.
fn clap_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = writeln!(std::io::stderr(), "error: usage: a subcommand is required");
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let rest: Vec<&str> = lines.collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: usage: {first}");
    let _ = writeln!(err, "{}", rest.join("\n").trim_end());
    ExitCode::from(2)
}
