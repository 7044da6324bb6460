//! `jot decrypt`: compact JWE in, plaintext out (RFC 7516 §5.2), with a
//! shared `dir` key, or as a single-use `ECDH-ES` recipient.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use jot::jwe::{self, Curve, DecryptionKey, Enc, EphemeralDecryptionKey, KeyAlg};

use crate::encrypt::{dir_enc, parse_enc, parse_key_alg};
use crate::keys;
use crate::Failure;

/// Why a stored EC or OKP key cannot decrypt, and what to do instead.
pub const STORED_ECDH_KEY: &str = "ECDH-ES (stored private key): ring 0.17 agrees only with \
     an ephemeral private key it generates itself, and can neither import nor export one, so \
     jot cannot decrypt with a key file; for a single-use recipient, run `jot decrypt \
     --ephemeral P-256|P-384|X25519 --enc ENC --public-out FILE` and have the sender encrypt \
     to FILE";

/// Decrypt a compact JWE (RFC 7516); print the plaintext bytes exactly, no newline added.
///
/// With --key: dir (RFC 7518 §4.5) with a shared oct JWK. The allow-lists --alg and --enc
/// default to the key's (dir, and the enc its "alg" names or its length fits), never to the
/// token's own header (RFC 8725 §3.1). `zip` is refused. Tokens up to 64 KiB.
///
/// ECDH-ES (RFC 7518 §4.6) cannot use a stored private key: ring 0.17 agrees only with an
/// ephemeral key it generates itself, and can neither import nor export one. So the recipient is
/// one process: `--ephemeral CURVE --enc ENC --public-out FILE` generates a key pair, writes its
/// public JWK to FILE (a temporary file renamed, so a waiting sender never reads half of it),
/// reads ONE token (one line) from standard input, prints its plaintext and exits. The private
/// key never leaves the process and is gone after that one token.
///
/// Exit status 1 with `error: decryption: ...` when the authentication tag does not verify: a
/// wrong key, or a changed token.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key file: an oct JWK, a dir key (e.g. from `jot keygen --alg A256GCM`). An EC or OKP key is
    /// refused as unsupported: see --ephemeral.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "ephemeral",
        conflicts_with = "ephemeral"
    )]
    pub key: Option<PathBuf>,
    /// An accepted key management algorithm (dir or ECDH-ES); repeat for several. Default: dir
    /// with --key, ECDH-ES with --ephemeral.
    #[arg(long = "alg", value_name = "ALG", value_parser = parse_key_alg)]
    pub algs: Vec<KeyAlg>,
    /// An accepted content encryption (A128GCM or A256GCM); repeat for several. Default with
    /// --key: the key's. With --ephemeral, exactly one is required: the key pair is bound to it,
    /// and the sender must use it.
    #[arg(long = "enc", value_name = "ENC", value_parser = parse_enc)]
    pub encs: Vec<Enc>,
    /// Be a single-use ECDH-ES recipient on CURVE (P-256, P-384 or X25519): needs --enc and
    /// --public-out; the token is read from standard input.
    #[arg(long, value_name = "CURVE", value_parser = parse_curve, requires = "public_out")]
    pub ephemeral: Option<Curve>,
    /// Where --ephemeral writes the public JWK for the sender (replaced atomically).
    #[arg(long, value_name = "FILE", requires = "ephemeral")]
    pub public_out: Option<PathBuf>,
    /// The compact JWE to decrypt: its text, or - to read it from standard input (default).
    #[arg(value_name = "TOKEN", conflicts_with = "ephemeral")]
    pub token: Option<String>,
}

/// Parses an ECDH-ES curve name (`crv`, RFC 7518 §6.2.1.1, RFC 8037 §2).
fn parse_curve(name: &str) -> Result<Curve, String> {
    name.parse::<Curve>()
        .map_err(|_| "expected P-256, P-384 or X25519".to_owned())
}

pub fn run(args: &Args) -> Result<(), Failure> {
    match (&args.key, args.ephemeral, &args.public_out) {
        (Some(path), None, _) => run_dir(args, path),
        (None, Some(curve), Some(out)) => run_ephemeral(args, curve, out),
        // clap's required_unless_present, requires and conflicts_with rule
        // out the other shapes; this is their message, just in case.
        _ => Err(Failure::Usage(
            "give either --key FILE, or --ephemeral CURVE --public-out FILE".into(),
        )),
    }
}

fn run_dir(args: &Args, path: &Path) -> Result<(), Failure> {
    let jwk = keys::read_jwe_key(path)?;
    if matches!(jwk.kty.as_str(), "EC" | "OKP") {
        return Err(Failure::Unsupported(STORED_ECDH_KEY.into()));
    }
    let key = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, dir_enc(&jwk)?).map_err(Failure::Key)?;
    let algs = if args.algs.is_empty() {
        vec![KeyAlg::Dir]
    } else {
        args.algs.clone()
    };
    let encs = if args.encs.is_empty() {
        vec![key.enc()]
    } else {
        args.encs.clone()
    };
    let token = keys::read_token(args.token.as_deref().unwrap_or("-"))?;
    let opened = jwe::decrypt(&token, &key, &algs, &encs)?;
    crate::print_bytes(&opened.plaintext)
}

fn run_ephemeral(args: &Args, curve: Curve, out: &Path) -> Result<(), Failure> {
    let enc = match args.encs.as_slice() {
        [enc] => *enc,
        _ => {
            return Err(Failure::Usage(
                "--ephemeral needs exactly one --enc (A128GCM or A256GCM): the key pair is \
                 bound to it, and the sender must use it"
                    .into(),
            ))
        }
    };
    let algs = if args.algs.is_empty() {
        vec![KeyAlg::EcdhEs]
    } else {
        args.algs.clone()
    };
    let key = EphemeralDecryptionKey::generate(curve, enc).map_err(Failure::Key)?;
    let mut public = key.public_jwk().clone();
    public.kid = Some(public.thumbprint().map_err(Failure::Key)?);
    write_atomically(out, &format!("{}\n", public.to_json()))?;
    let token = read_line()?;
    let opened = jwe::decrypt_ephemeral(&token, key, &algs, &[enc])?;
    crate::print_bytes(&opened.plaintext)
}

/// One line of standard input, trimmed: a compact JWE has no newline, so the
/// sender need not close the stream. Reads at most a byte past the size
/// limit, which the library then refuses.
fn read_line() -> Result<String, Failure> {
    let limit = u64::try_from(jot::jws::DEFAULT_MAX_TOKEN_LEN)
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(limit)
        .read_line(&mut line)
        .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    Ok(line.trim().to_owned())
}

/// Writes `text` to a temporary file next to `path`, then renames it onto
/// `path`: a reader sees no file or the whole file, never part of it.
fn write_atomically(path: &Path, text: &str) -> Result<(), Failure> {
    let name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("--public-out {}: not a file", path.display())))?;
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Failure::Io(format!("cannot write {}: {e}", path.display()))
    })
}
