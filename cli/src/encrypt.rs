//! `jot encrypt`: plaintext in, compact JWE out (RFC 7516 §5.1, §7.1), with
//! `dir` or `ECDH-ES` and AES-GCM, what ring implements.

use std::path::PathBuf;

use jot::jwe::{self, Enc, EncryptionKey, Header, KeyAlg};
use jot::{Jwk, KeyRejected, Part};

use crate::keys;
use crate::Failure;

/// Encrypt to a key: print the compact JWE of a plaintext (RFC 7516).
///
/// dir (RFC 7518 §4.5): the key is a shared oct JWK of exactly the enc's length (16 bytes for
/// A128GCM, 32 for A256GCM), such as `jot keygen --alg A256GCM` makes. ECDH-ES (RFC 7518 §4.6):
/// the key is the recipient's public EC P-256/P-384 or OKP X25519 JWK (or an EC PEM or DER key),
/// such as the file `jot decrypt --ephemeral` writes; of a private key, only the public part is
/// used. The plaintext is read as raw bytes. `jot decrypt` reads tokens of up to 64 KiB (about
/// 48 KiB of plaintext).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key file: an oct JWK for dir, or the recipient's EC or OKP JWK (or EC PEM/DER key) for
    /// ECDH-ES. The format is detected from the content.
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Key management algorithm (RFC 7518 §4.1): dir or ECDH-ES. Default: the key's own "alg"
    /// (dir when it names an enc, as in RFC 7520 §5.6), else dir for an oct key and ECDH-ES for
    /// an EC or OKP key.
    #[arg(long, value_name = "ALG", value_parser = parse_key_alg)]
    pub alg: Option<KeyAlg>,
    /// Content encryption (RFC 7518 §5.3): A128GCM or A256GCM. With dir the default is the
    /// key's: the enc its "alg" names, else the one its length fits. With ECDH-ES it is
    /// required: give the one the recipient expects.
    #[arg(long, value_name = "ENC", value_parser = parse_enc)]
    pub enc: Option<Enc>,
    /// Key ID for the header (default: the key's own kid, if it has one).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// The "cty" header member (RFC 7516 §4.1.12), e.g. JWT for a signed JWT inside
    /// (RFC 7519 §5.2).
    #[arg(long, value_name = "CTY")]
    pub cty: Option<String>,
    /// The "typ" header member (RFC 7516 §4.1.11); default: none.
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    /// The plaintext: a file, or - for standard input. Read as raw bytes, nothing trimmed; an
    /// empty plaintext is refused (a usage error).
    #[arg(value_name = "PLAINTEXT_FILE", default_value = "-")]
    pub plaintext: String,
}

/// Parses a JWE `alg` name for clap; other names are usage errors.
pub fn parse_key_alg(name: &str) -> Result<KeyAlg, String> {
    name.parse::<KeyAlg>().map_err(|e| e.to_string())
}

/// Parses a JWE `enc` name for clap; other names are usage errors.
pub fn parse_enc(name: &str) -> Result<Enc, String> {
    name.parse::<Enc>().map_err(|e| e.to_string())
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let mut jwk = keys::read_jwe_key(&args.key)?;
    let alg = match args.alg {
        Some(alg) => alg,
        None => default_alg(&jwk)?,
    };
    let enc = match (args.enc, alg) {
        (Some(enc), _) => enc,
        (None, KeyAlg::Dir) => dir_enc(&jwk)?,
        (None, _) => {
            return Err(Failure::Usage(
                "--enc A128GCM|A256GCM is required with ECDH-ES: give the one the recipient \
                 expects (the --enc of its `jot decrypt --ephemeral`)"
                    .into(),
            ))
        }
    };
    if alg == KeyAlg::EcdhEs && matches!(jwk.kty.as_str(), "EC" | "OKP") {
        // Encrypting needs only the recipient's public point; `d` is dropped
        // here so it goes no further.
        jwk.d = None;
    }
    let mut key = EncryptionKey::from_jwk(&jwk, alg, enc).map_err(Failure::Key)?;
    if let Some(kid) = &args.kid {
        key = key.with_kid(kid);
    }
    let mut header = Header::for_key(&key);
    if let Some(cty) = &args.cty {
        header = header.with_cty(cty);
    }
    if let Some(typ) = &args.typ {
        header = header.with_typ(typ);
    }
    let plaintext = keys::read_bytes(&args.plaintext)?;
    if plaintext.is_empty() {
        return Err(Failure::Usage(empty_plaintext(&args.plaintext)));
    }
    let token = jwe::encrypt(&header, &plaintext, &key)?;
    crate::print_line(&token)
}

/// Why an empty plaintext is refused: a JWE of nothing is almost always a
/// pipeline whose first command failed (`jot sign ... | jot encrypt ...`).
fn empty_plaintext(arg: &str) -> String {
    if arg == "-" {
        "the plaintext on standard input is empty: if it was piped from another command, that \
         command failed or printed nothing; jot encrypts no empty plaintext"
            .to_owned()
    } else {
        format!("the plaintext file {arg} is empty; jot encrypts no empty plaintext")
    }
}

/// The key management algorithm a JWK is for when `--alg` is not given: its
/// own `alg` (`dir` for an `enc` name, RFC 7520 §5.6), else by `kty`.
pub fn default_alg(jwk: &Jwk) -> Result<KeyAlg, Failure> {
    if let Some(own) = jwk.alg.as_deref() {
        if let Ok(alg) = own.parse::<KeyAlg>() {
            return Ok(alg);
        }
        if own.parse::<Enc>().is_ok() {
            return Ok(KeyAlg::Dir);
        }
    }
    match jwk.kty.as_str() {
        "oct" => Ok(KeyAlg::Dir),
        "EC" | "OKP" => Ok(KeyAlg::EcdhEs),
        "RSA" => Err(Failure::Unsupported(
            "RSA key encryption (RSA-OAEP, RSA1_5): ring 0.17 has no RSA encryption; \
             jot encrypts with dir (an oct key) or ECDH-ES (an EC or X25519 key)"
                .into(),
        )),
        _ => Err(Failure::Key(KeyRejected::UnsupportedKeyType.into())),
    }
}

/// The `enc` of a `dir` key when `--enc` is not given: the one its `alg`
/// names (RFC 7520 §5.6), else the one whose key length is the key's.
pub fn dir_enc(jwk: &Jwk) -> Result<Enc, Failure> {
    if let Some(enc) = jwk.alg.as_deref().and_then(|a| a.parse::<Enc>().ok()) {
        return Ok(enc);
    }
    let k = jwk
        .k
        .as_deref()
        .ok_or_else(|| Failure::Key(KeyRejected::WrongAlgorithm.into()))?;
    let len = jot::b64::decode(k, Part::Key)
        .map_err(|_| Failure::Key(KeyRejected::InvalidEncoding("k is not base64url").into()))?
        .len();
    Enc::ALL
        .into_iter()
        .find(|enc| enc.key_len() == len)
        .ok_or_else(|| Failure::Key(KeyRejected::WrongAlgorithm.into()))
}
