//! `jot keygen`: a new private JWK for an algorithm.

use jot::jwa::Family;
use jot::{Algorithm, Jwk};

use crate::sign::parse_alg;
use crate::Failure;

/// Generate a private key and print it as a one-line JWK.
///
/// HS256/384/512 (a random secret as long as the hash), ES256, ES384, and
/// EdDSA/Ed25519. For RSA (RS*, PS*), use OpenSSL and pass the PEM file with
/// --key.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The algorithm the key is for (its "alg" member is set to it).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Algorithm,
    /// Key ID (default: the key's RFC 7638 SHA-256 thumbprint).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    if matches!(args.alg.family(), Family::Rsa | Family::RsaPss) {
        return Err(Failure::Usage(format!(
            "jot does not generate RSA keys; make one with OpenSSL \
             (`openssl genrsa -out private.pem 2048`) and use it as `--alg {} --key private.pem`",
            args.alg
        )));
    }
    let mut jwk = Jwk::generate(args.alg).map_err(Failure::Key)?;
    jwk.kid = Some(match &args.kid {
        Some(kid) => kid.clone(),
        None => jwk.thumbprint().map_err(Failure::Key)?,
    });
    crate::print_line(&jwk.to_json())
}
