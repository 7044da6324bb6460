//! `jot keygen`: a new private JWK for an algorithm.

use jot::jwa::Family;
use jot::jwe::Enc;
use jot::{Algorithm, Jwk};

use crate::encrypt::parse_enc;
use crate::sign::parse_alg;
use crate::Failure;

/// Generate a private key and print it as a one-line JWK.
///
/// JWS: HS256/384/512 (a random secret as long as the hash), ES256, ES384, and EdDSA/Ed25519. For
/// RSA (RS*, PS*), use OpenSSL and pass the PEM file with --key.
///
/// JWE: a dir key (RFC 7518 §4.5) with `--alg A128GCM` or `--alg A256GCM` (or `--alg dir --enc
/// ENC`): a random oct key of the enc's length (16 or 32 bytes), with "use":"enc" and the enc
/// as its "alg" (as in RFC 7520 §5.6), for `jot encrypt` and `jot decrypt`. There is no X25519
/// or ECDH-ES key pair: ring 0.17 cannot export an X25519 private key, and agrees only with
/// ephemeral keys that it never exports or imports, so a stored key could never decrypt; use
/// `jot decrypt --ephemeral X25519` (or P-256, P-384), a single-use recipient.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The algorithm the key is for (its "alg" member is set to it): a JWS algorithm, or
    /// A128GCM, A256GCM or dir (with --enc) for a JWE dir key.
    #[arg(long, value_name = "ALG", value_parser = parse_keygen_alg)]
    pub alg: KeygenAlg,
    /// The content encryption of a dir key (A128GCM or A256GCM), with --alg dir.
    #[arg(long, value_name = "ENC", value_parser = parse_enc)]
    pub enc: Option<Enc>,
    /// Key ID (default: the key's RFC 7638 SHA-256 thumbprint).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
}

/// What `--alg` asks for.
#[derive(Debug, Clone, Copy)]
pub enum KeygenAlg {
    /// A signing key.
    Jws(Algorithm),
    /// A dir key whose enc comes from --enc.
    Dir,
    /// A dir key for this enc.
    DirFor(Enc),
    /// An ECDH-ES key pair (`ECDH-ES`, or the curve name `X25519`): refused.
    Agreement(&'static str),
}

/// Parses `--alg`: JWS names as `sign` does, plus the JWE ones.
fn parse_keygen_alg(name: &str) -> Result<KeygenAlg, String> {
    match name {
        "dir" => Ok(KeygenAlg::Dir),
        "ECDH-ES" => Ok(KeygenAlg::Agreement("ECDH-ES")),
        "X25519" => Ok(KeygenAlg::Agreement("X25519")),
        _ => match name.parse::<Enc>() {
            Ok(enc) => Ok(KeygenAlg::DirFor(enc)),
            Err(_) => parse_alg(name).map(KeygenAlg::Jws),
        },
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let mut jwk = match (args.alg, args.enc) {
        (KeygenAlg::Jws(alg), None) => jws_key(alg)?,
        (KeygenAlg::Dir, Some(enc)) => dir_key(enc)?,
        (KeygenAlg::DirFor(enc), None) => dir_key(enc)?,
        (KeygenAlg::DirFor(enc), Some(other)) if enc == other => dir_key(enc)?,
        (KeygenAlg::Agreement(name), _) => {
            return Err(Failure::Unsupported(format!(
                "{name} key pair: ring 0.17 cannot export an X25519 private key, and agrees \
                 only with ephemeral keys that it never exports or imports, so jot cannot make \
                 a persistent key pair that it could decrypt with; use `jot decrypt --ephemeral \
                 X25519 --enc ENC --public-out FILE` (or P-256, P-384), a single-use recipient"
            )))
        }
        (KeygenAlg::Dir, None) => {
            return Err(Failure::Usage(
                "--alg dir needs --enc A128GCM or A256GCM".into(),
            ))
        }
        (KeygenAlg::Jws(_) | KeygenAlg::DirFor(_), Some(_)) => {
            return Err(Failure::Usage(
                "--enc goes with --alg dir only (--alg A128GCM or A256GCM already names it)".into(),
            ))
        }
    };
    jwk.kid = Some(match &args.kid {
        Some(kid) => kid.clone(),
        None => jwk.thumbprint().map_err(Failure::Key)?,
    });
    crate::print_line(&jwk.to_json())
}

pub fn jws_key(alg: Algorithm) -> Result<Jwk, Failure> {
    if matches!(alg.family(), Family::Rsa | Family::RsaPss) {
        return Err(Failure::Usage(format!(
            "jot does not generate RSA keys; make one with OpenSSL \
             (`openssl genrsa -out private.pem 2048`) and use it as `--alg {alg} --key private.pem`"
        )));
    }
    Jwk::generate(alg).map_err(Failure::Key)
}

/// A random `dir` key for `enc`: `{"kty":"oct","use":"enc","alg":ENC,"k":..}`.
/// The alg is the enc name, as in RFC 7520 §5.6, so the key says both what
/// it is for and its length; `EncryptionKey::from_jwk` accepts it for dir.
fn dir_key(enc: Enc) -> Result<Jwk, Failure> {
    jot::jwe::generate_dir_key(enc).map_err(Failure::Key)
}
