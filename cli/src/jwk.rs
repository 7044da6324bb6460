//! `jot jwk`, `jot jwks`, `jot thumbprint`: converting keys.

use std::path::PathBuf;

use jot::{Jwk, JwkSet};

use crate::keys::{self, KeyFile};
use crate::Failure;

/// Convert a key file (JWK, PEM or DER) to a one-line JWK.
#[derive(Debug, clap::Args)]
pub struct JwkArgs {
    /// The key file: JWK, PEM or DER (SPKI, PKCS#1, PKCS#8, SEC1, X.509 certificate).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print only the public part (an oct key has none).
    #[arg(long)]
    pub public: bool,
}

/// Make a JWK Set (RFC 7517 §5) of the public parts of the keys in FILEs.
///
/// Each FILE is a key (JWK, PEM, DER) or a JWK Set. A key without a kid gets
/// its RFC 7638 thumbprint as kid. Symmetric (oct) keys cannot be published.
#[derive(Debug, clap::Args)]
pub struct JwksArgs {
    /// Key files: JWK, JWK Set, PEM or DER; of a private key, only the public part is kept.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Print a key's RFC 7638 JWK SHA-256 thumbprint (base64url).
#[derive(Debug, clap::Args)]
pub struct ThumbprintArgs {
    /// The key file: JWK, PEM or DER.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run_jwk(args: &JwkArgs) -> Result<(), Failure> {
    let jwk = keys::read_one_key(&args.file)?;
    let jwk = if args.public { public_part(&jwk)? } else { jwk };
    crate::print_line(&jwk.to_json())
}

pub fn run_jwks(args: &JwksArgs) -> Result<(), Failure> {
    let mut all = Vec::new();
    for path in &args.files {
        match keys::read_key_file(path)? {
            KeyFile::One(jwk) => all.push(*jwk),
            KeyFile::Set { keys, .. } => all.extend(keys),
        }
    }
    let mut public = Vec::with_capacity(all.len());
    for jwk in &all {
        let mut p = public_part(jwk)?;
        if p.kid.is_none() {
            p.kid = Some(p.thumbprint().map_err(Failure::Key)?);
        }
        public.push(p);
    }
    let set = JwkSet::new(public).map_err(Failure::Key)?;
    crate::print_line(&set.to_json())
}

pub fn run_thumbprint(args: &ThumbprintArgs) -> Result<(), Failure> {
    let jwk = keys::read_one_key(&args.file)?;
    crate::print_line(&jwk.thumbprint().map_err(Failure::Key)?)
}

fn public_part(jwk: &Jwk) -> Result<Jwk, Failure> {
    if jwk.is_symmetric() {
        return Err(Failure::Usage(
            "a symmetric (oct) key has no public part; it must stay secret".into(),
        ));
    }
    jwk.to_public().map_err(Failure::Key)
}
