//! Reading keys and inputs: `--key FILE` (JWK, JWK Set, PEM or DER, told
//! apart by content), the HMAC secret options, and `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use jot::{Algorithm, Jwk, JwkSet, KeyRejected, KeySource, SigningKey, VerifyingKey};

use crate::Failure;

/// Where the key comes from. At most one of these may be given.
///
/// The texts here are those of a verifier (`verify`, `explain`); `sign`
/// gives `--key` and the secrets its own with [`SIGN_KEY_HELP`] and
/// [`sign_secret_help`].
#[derive(Debug, Clone, Default, clap::Args)]
#[group(id = "key_source", multiple = false)]
pub struct KeyArgs {
    /// Public key file to verify with: a JWK, a JWK Set (the token's kid picks the key), or a
    /// PEM or DER public key (SPKI, PKCS#1, X.509 certificate); the format is detected from the
    /// content. A private key is refused (RFC 8725 §3.4): `jot jwk FILE --public` makes its public
    /// part. An oct JWK (an HMAC key) is a shared secret and is accepted.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// HMAC secret to verify with, as the bytes of this string (visible to other users in the
    /// process list: prefer --secret-file or --secret-env).
    #[arg(long, value_name = "STRING")]
    pub secret: Option<String>,
    /// HMAC secret to verify with: the raw bytes of FILE (nothing trimmed).
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// HMAC secret to verify with: the value of the environment variable NAME.
    #[arg(long, value_name = "NAME")]
    pub secret_env: Option<String>,
}

/// `jot sign --key`: what a signer reads.
pub const SIGN_KEY_HELP: &str = "Private key file to sign with: a JWK, a JWK Set (--kid \
     chooses the key when it holds several), or a PEM or DER private key (PKCS#1, PKCS#8, SEC1), \
     such as `jot keygen` or `openssl genrsa` make; the format is detected from the content. \
     A public key cannot sign";

/// `jot sign --secret*`: the verifier's text, for signing.
pub fn sign_secret_help(arg: clap::Arg) -> clap::Arg {
    let help = arg
        .get_help()
        .map(|h| h.to_string().replace("to verify with", "to sign with"))
        .unwrap_or_default();
    arg.help(help)
}

/// What a key file holds.
pub enum KeyFile {
    /// One key (from a JWK, PEM or DER file).
    One(Box<Jwk>),
    /// A JWK Set document: its text and its keys, unchecked (private keys
    /// kept, for `sign`).
    Set { text: String, keys: Vec<Jwk> },
}

/// A key given on the command line: a file's contents or an HMAC secret.
pub enum KeyInput {
    File(KeyFile),
    Secret(Vec<u8>),
}

impl KeyArgs {
    /// Whether any key option was given.
    pub fn given(&self) -> bool {
        self.key.is_some()
            || self.secret.is_some()
            || self.secret_file.is_some()
            || self.secret_env.is_some()
    }

    /// Reads the key the options name; `None` if none was given.
    pub fn load(&self) -> Result<Option<KeyInput>, Failure> {
        if let Some(path) = &self.key {
            return Ok(Some(KeyInput::File(read_key_file(path)?)));
        }
        if let Some(secret) = &self.secret {
            return Ok(Some(KeyInput::Secret(secret.as_bytes().to_vec())));
        }
        if let Some(path) = &self.secret_file {
            return Ok(Some(KeyInput::Secret(read_file(path)?)));
        }
        if let Some(name) = &self.secret_env {
            return match std::env::var_os(name) {
                Some(value) => Ok(Some(KeyInput::Secret(value.into_encoded_bytes()))),
                None => Err(Failure::Usage(format!(
                    "--secret-env: environment variable {name} is not set"
                ))),
            };
        }
        Ok(None)
    }

    /// Reads the key, which is required.
    pub fn require(&self) -> Result<KeyInput, Failure> {
        self.load()?.ok_or_else(|| {
            Failure::Usage(
                "a key is required: --key FILE, --secret STRING, --secret-file FILE or --secret-env NAME"
                    .into(),
            )
        })
    }
}

/// Reads a whole file; failure is an io error (exit 2).
pub fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))
}

/// The text of a token or claims argument: the argument itself, or standard
/// input when it is `-`; surrounding whitespace is trimmed either way.
pub fn read_arg(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    Ok(text.trim().to_owned())
}

/// The TOKEN argument of `verify`, `decode`, `explain` and `decrypt`, as
/// [`read_arg`] reads it; a file name in its place is a usage error that
/// says how to pass the file.
pub fn read_token(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        if let Some(failure) = crate::advice::file_name_as_token(arg.trim()) {
            return Err(failure);
        }
    }
    read_arg(arg)
}

/// The bytes of a file argument, exactly as they are (nothing trimmed), or
/// of standard input when it is `-`.
pub fn read_bytes(arg: &str) -> Result<Vec<u8>, Failure> {
    if arg != "-" {
        return read_file(Path::new(arg));
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// Reads a key file and tells the formats apart by content: a JSON object
/// with `keys` is a JWK Set, another JSON object a JWK, text with
/// `-----BEGIN` is PEM, other text is no key, anything else DER. Any
/// refusal is a key error.
pub fn read_key_file(path: &Path) -> Result<KeyFile, Failure> {
    let bytes = read_file(path)?;
    refuse_other_text(path, &bytes)?;
    parse_key_bytes(&bytes).map_err(Failure::Key)
}

/// Text that is neither JSON nor PEM is no key file, and the error says which
/// formats are read (rather than that it is not DER, which it never was).
fn refuse_other_text(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let json_or_pem = text.trim_start().starts_with('{') || text.contains("-----BEGIN");
    if crate::advice::is_text(bytes) && !json_or_pem {
        return Err(crate::advice::text_key_file(path, bytes.is_empty()));
    }
    Ok(())
}

fn parse_key_bytes(bytes: &[u8]) -> jot::Result<KeyFile> {
    let text = std::str::from_utf8(bytes).ok();
    match text {
        Some(t) if t.trim_start().starts_with('{') => {
            let t = t.trim();
            // Strict JSON (no duplicate members), then look for "keys".
            let mut doc: serde_json::Map<String, serde_json::Value> =
                jot::json::from_object(t.as_bytes(), jot::Part::Key, jot::jwk::MAX_JWK_JSON)?;
            match doc.remove("keys") {
                Some(keys) => {
                    // Each key is checked where it is used: by JwkSet for
                    // verifying (which keeps unsupported kinds as data), by
                    // SigningKey for signing.
                    let keys: Vec<Jwk> = serde_json::from_value(keys).map_err(|_| {
                        KeyRejected::InvalidEncoding(
                            "a JWK Set's \"keys\" must be an array of JWKs (RFC 7517 §5.1)",
                        )
                    })?;
                    Ok(KeyFile::Set {
                        text: t.to_owned(),
                        keys,
                    })
                }
                None => Ok(KeyFile::One(Box::new(Jwk::from_json(t)?))),
            }
        }
        Some(t) if t.contains("-----BEGIN") => Ok(KeyFile::One(Box::new(Jwk::from_pem(t)?))),
        _ => Ok(KeyFile::One(Box::new(Jwk::from_der(bytes)?))),
    }
}

/// Reads a key file that must hold one key (`jwk`, `thumbprint`).
pub fn read_one_key(path: &Path) -> Result<Jwk, Failure> {
    match read_key_file(path)? {
        KeyFile::One(jwk) => Ok(*jwk),
        KeyFile::Set { .. } => Err(Failure::Usage(format!(
            "{} is a JWK Set; this command takes one key",
            path.display()
        ))),
    }
}

/// The signing key for `alg`: from a JWK, PEM or DER file, one key of a set
/// (by `kid`, or the only one), or an HMAC secret. `kid` overrides the key's own.
pub fn signing_key(
    input: KeyInput,
    alg: Algorithm,
    kid: Option<&str>,
) -> Result<SigningKey, Failure> {
    let key = match input {
        KeyInput::Secret(secret) => SigningKey::hmac(alg, &secret).map_err(Failure::Key)?,
        KeyInput::File(KeyFile::One(jwk)) => {
            SigningKey::from_jwk(&jwk, alg).map_err(Failure::Key)?
        }
        KeyInput::File(KeyFile::Set { keys, .. }) => {
            let chosen: Vec<&Jwk> = keys
                .iter()
                .filter(|k| kid.is_none() || k.kid.as_deref() == kid)
                .collect();
            match chosen.as_slice() {
                [one] => SigningKey::from_jwk(one, alg).map_err(Failure::Key)?,
                [] => return Err(Failure::Key(jot::Error::NoMatchingKey)),
                _ => {
                    return Err(Failure::Usage(
                        "the JWK Set holds several keys: choose one with --kid".into(),
                    ))
                }
            }
        }
    };
    Ok(match kid {
        Some(kid) => key.with_kid(kid),
        None => key,
    })
}

/// The keys `verify` and `explain` check a token against.
pub enum Verifiers {
    /// One configured key (or secret), bound to each listed algorithm it fits.
    Single(SingleKey),
    /// A JWK Set: the token's `kid` selects.
    Set(JwkSet),
}

impl KeySource for Verifiers {
    fn select(&self, kid: Option<&str>, alg: Algorithm) -> jot::Result<&VerifyingKey> {
        match self {
            Verifiers::Single(single) => single.select(kid, alg),
            Verifiers::Set(set) => set.select(kid, alg),
        }
    }
}

/// A single configured key, prepared once per algorithm it fits. It selects
/// by algorithm only and ignores the token's `kid`: the user named the key.
pub struct SingleKey {
    keys: Vec<VerifyingKey>,
    /// Why the key was not bound to the other listed algorithms, so a token
    /// of one of them hears the reason (a secret of 40 bytes is too small for
    /// HS384: both sizes), not only that the key does not fit.
    refused: Vec<(Algorithm, jot::Error)>,
}

impl KeySource for SingleKey {
    fn select(&self, _kid: Option<&str>, alg: Algorithm) -> jot::Result<&VerifyingKey> {
        if let Some(key) = self.keys.iter().find(|k| k.alg() == alg) {
            return Ok(key);
        }
        Err(self
            .refused
            .iter()
            .find(|(refused, _)| *refused == alg)
            .map_or(KeyRejected::WrongAlgorithm.into(), |(_, e)| e.clone()))
    }
}

/// Prepares verifying keys for the allow-list `algs`. A private asymmetric
/// key is refused (RFC 8725 §3.4), with the command that makes its public
/// part (`path`, the key file, is named in it); an HMAC key is a shared
/// secret and stays accepted. A single key is bound to every listed
/// algorithm it fits; if it fits none, the binding error for the first is
/// reported. With an empty list nothing is bound (the token is refused
/// later, at the allow-list).
pub fn verifiers(
    input: KeyInput,
    algs: &[Algorithm],
    path: Option<&Path>,
) -> Result<Verifiers, Failure> {
    let bind = |make: &dyn Fn(Algorithm) -> jot::Result<VerifyingKey>| {
        let mut keys = Vec::new();
        let mut refused = Vec::new();
        for &alg in algs {
            match make(alg) {
                Ok(key) => keys.push(key),
                Err(e) => refused.push((alg, e)),
            }
        }
        match refused.first() {
            Some((_, e)) if keys.is_empty() => Err(Failure::Key(e.clone())),
            _ => Ok(Verifiers::Single(SingleKey { keys, refused })),
        }
    };
    match input {
        KeyInput::Secret(secret) => bind(&|alg| VerifyingKey::hmac(alg, &secret)),
        KeyInput::File(KeyFile::One(jwk)) => {
            if jwk.is_private() && !jwk.is_symmetric() {
                return Err(crate::advice::private_key_given(path, false));
            }
            bind(&|alg| VerifyingKey::from_jwk(&jwk, alg))
        }
        KeyInput::File(KeyFile::Set { text, keys }) => {
            if keys.iter().any(|k| k.is_private() && !k.is_symmetric()) {
                return Err(crate::advice::private_key_given(path, true));
            }
            Ok(Verifiers::Set(
                JwkSet::from_json(&text).map_err(Failure::Key)?,
            ))
        }
    }
}

/// Reads the one key of a JWE command (`encrypt`, `decrypt`): a JWK (EC,
/// X25519 or oct, checked by `Jwk::from_json`), or a PEM or DER EC key. The
/// JWE key constructors then bind it. A JWK Set is a usage error.
pub fn read_jwe_key(path: &Path) -> Result<Jwk, Failure> {
    let bytes = read_file(path)?;
    refuse_other_text(path, &bytes)?;
    let jwk = match std::str::from_utf8(&bytes).ok() {
        Some(t) if t.trim_start().starts_with('{') => {
            let doc: serde_json::Map<String, serde_json::Value> =
                jot::json::from_object(t.trim().as_bytes(), jot::Part::Key, jot::jwk::MAX_JWK_JSON)
                    .map_err(Failure::Key)?;
            if doc.contains_key("keys") {
                return Err(Failure::Usage(format!(
                    "{} is a JWK Set; this command takes one key",
                    path.display()
                )));
            }
            Jwk::from_json(t.trim()).map_err(Failure::Key)?
        }
        Some(t) if t.contains("-----BEGIN") => Jwk::from_pem(t).map_err(Failure::Key)?,
        _ => Jwk::from_der(&bytes).map_err(Failure::Key)?,
    };
    Ok(jwk)
}
