//! Configuration: [`ServeOptions`], and the keys it names turned into a
//! signer, a verification set and the published JWK Set.

use std::io;
use std::net::SocketAddr;

use axum::Router;
use jot::{Algorithm, Jwk, JwkSet, SigningKey};

use crate::store::Backoff;

/// How to run the demo server. `Default` gives 127.0.0.1:4242, a fresh
/// ES256 key, a demo user with a random password, and sessions in memory.
///
/// # Examples
///
/// ```
/// let opts = jot_axum::demo::ServeOptions { addr: "127.0.0.1:0".parse().expect("addr"), ..Default::default() };
/// assert!(opts.key_pem.is_none());
/// assert!(opts.store.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (default `127.0.0.1:4242`).
    pub addr: SocketAddr,
    /// The signing key, private: PEM (PKCS#8, PKCS#1, SEC1) or a JWK (what
    /// `jot keygen` prints); `None` generates one.
    pub key_pem: Option<String>,
    /// Keys rotated out (PEM or JWK, private or public): published in the
    /// JWK Set, and tokens they signed still verify, until they are removed
    /// from this list. Nothing new is signed with them.
    pub previous_keys: Vec<String>,
    /// The signing algorithm; `None` picks the key's `alg`, or its usual one
    /// (ES256 for a generated key, RS256 for RSA, ES384 by curve, EdDSA).
    pub alg: Option<Algorithm>,
    /// The text of a users file (lines from [`super::hash_password_line`]);
    /// `None` creates the user `demo` with a random password, printed at start.
    pub users: Option<String>,
    /// `iss` of issued tokens (default `jot-demo`).
    pub issuer: String,
    /// `aud` of issued tokens (default `jot-demo-api`).
    pub audience: String,
    /// Access token lifetime in seconds (default 300).
    pub access_ttl: u64,
    /// Refresh token lifetime in seconds (default 86400).
    pub refresh_ttl: u64,
    /// Seconds in which the immediately previous refresh token, presented
    /// again, gets the same successor back instead of revoking the session
    /// (default 0: never).
    pub refresh_grace: u64,
    /// Where sessions live: `None` in this process's memory, or a Redis URL
    /// (`redis://127.0.0.1:6379/0`, feature `redis`) shared by instances.
    pub store: Option<String>,
    /// Login throttling.
    pub login: LoginLimits,
    /// More routes served beside the demo's (`jot serve` adds its web
    /// debugger here); `None` serves the demo alone.
    pub extra_routes: Option<Router>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 4242)),
            key_pem: None,
            previous_keys: Vec::new(),
            alg: None,
            users: None,
            issuer: "jot-demo".into(),
            audience: "jot-demo-api".into(),
            access_ttl: 300,
            refresh_ttl: 86_400,
            refresh_grace: 0,
            store: None,
            login: LoginLimits::default(),
            extra_routes: None,
        }
    }
}

/// Login throttling: failed logins counted per user name and per client
/// address (in the store, so across instances), and a cap on password
/// hashes computed at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures for one user name before backoff starts (default 5): the
    /// next attempt is answered 429 with `Retry-After`.
    pub user_free: u64,
    /// Failures from one client address before backoff starts (default 50).
    pub addr_free: u64,
    /// How long the locks last.
    pub backoff: Backoff,
    /// Password hashes computed at once; a login that finds none free
    /// within `hash_wait` is answered 503 with `Retry-After` (default: cores
    /// minus one, at least 1).
    pub max_hashing: usize,
    /// How long a login waits for a free hashing slot (first come, first
    /// served) before the 503 (default 250 ms): short enough that the queue
    /// stays bounded, long enough that a flood of wrong passwords mostly
    /// waits rather than spins.
    pub hash_wait: std::time::Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        LoginLimits {
            user_free: 5,
            addr_free: 50,
            backoff: Backoff::default(),
            max_hashing: cores.saturating_sub(1).max(1),
            hash_wait: std::time::Duration::from_millis(250),
        }
    }
}

pub(crate) fn bad_input(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.into())
}

/// The algorithm a key is usually used with.
fn default_alg(jwk: &Jwk) -> io::Result<Algorithm> {
    Ok(match (jwk.kty.as_str(), jwk.crv.as_deref()) {
        ("RSA", _) => Algorithm::RS256,
        ("EC", Some("P-256")) => Algorithm::ES256,
        ("EC", Some("P-384")) => Algorithm::ES384,
        ("OKP", Some("Ed25519")) => Algorithm::EdDSA,
        _ => {
            return Err(bad_input(
                "cannot tell the algorithm for this key: pass one",
            ))
        }
    })
}

/// A key file's text: a JWK if it is a JSON object, PEM otherwise.
fn parse_key(what: &str, text: &str) -> io::Result<Jwk> {
    let parsed = if text.trim_start().starts_with('{') {
        Jwk::from_json(text)
    } else {
        Jwk::from_pem(text)
    };
    parsed.map_err(|e| {
        bad_input(format!(
            "{what}: {e} (expected PEM, e.g. from `openssl genpkey`, or a JWK from `jot keygen`)"
        ))
    })
}

/// The signer, what verifies, and what is published.
pub(crate) struct KeyRing {
    pub(crate) signer: SigningKey,
    pub(crate) alg: Algorithm,
    pub(crate) kid: String,
    /// Every key, current first, each with `kid` and `alg`: what verifies.
    pub(crate) verify: JwkSet,
    /// The public keys, as `/.well-known/jwks.json` serves them.
    pub(crate) jwks: String,
    /// The algorithms of all keys: the allow-list.
    pub(crate) algs: Vec<Algorithm>,
}

/// One key for verification: public (or the secret, never published),
/// bound to `alg`, named by its thumbprint unless it has a `kid`.
fn verification_jwk(jwk: &Jwk, alg: Algorithm, kid: &str) -> io::Result<Jwk> {
    let mut v = if jwk.is_symmetric() {
        jwk.clone()
    } else {
        jwk.to_public()
            .map_err(|e| bad_input(format!("key: {e}")))?
    };
    v.kid = Some(kid.to_owned());
    v.alg = Some(alg.name().into());
    v.use_ = Some("sig".into());
    v.key_ops = None;
    Ok(v)
}

pub(crate) fn key_ring(opts: &ServeOptions) -> io::Result<KeyRing> {
    let jot_err = |what: &str, e: jot::Error| bad_input(format!("{what}: {e}"));
    let private = match &opts.key_pem {
        Some(text) => parse_key("key", text)?,
        None => {
            let alg = opts.alg.unwrap_or(Algorithm::ES256);
            Jwk::generate(alg).map_err(|e| {
                jot_err(
                    &format!("cannot generate a {alg} key (for RSA, pass a PEM from `openssl genrsa 2048`)"),
                    e,
                )
            })?
        }
    };
    if !private.is_private() {
        return Err(bad_input(
            "the key must be a private key (a public key cannot sign)",
        ));
    }
    let own_alg = |jwk: &Jwk| jwk.alg.as_deref().and_then(|a| a.parse::<Algorithm>().ok());
    let alg = match opts.alg.or_else(|| own_alg(&private)) {
        Some(alg) => alg,
        None => default_alg(&private)?,
    };
    let kid = match &private.kid {
        Some(kid) => kid.clone(),
        None => private.thumbprint().map_err(|e| jot_err("key", e))?,
    };
    let signer = SigningKey::from_jwk(&private, alg)
        .map_err(|e| jot_err("key", e))?
        .with_kid(kid.clone());
    let mut keys = vec![verification_jwk(&private, alg, &kid)?];
    let mut algs = vec![alg];
    for (i, text) in opts.previous_keys.iter().enumerate() {
        let what = format!("previous key {}", i + 1);
        let old = parse_key(&what, text)?;
        // Its own alg, else --alg if it fits, else its usual one.
        let fits = |a: Algorithm| {
            jot::VerifyingKey::from_jwk(&old.to_public().unwrap_or_else(|_| old.clone()), a).is_ok()
        };
        let old_alg = match own_alg(&old).or(opts.alg.filter(|a| fits(*a))) {
            Some(a) => a,
            None => default_alg(&old).map_err(|e| bad_input(format!("{what}: {e}")))?,
        };
        let old_kid = match &old.kid {
            Some(kid) => kid.clone(),
            None => old.thumbprint().map_err(|e| jot_err(&what, e))?,
        };
        if keys
            .iter()
            .any(|k| k.kid.as_deref() == Some(old_kid.as_str()))
        {
            continue;
        }
        keys.push(verification_jwk(&old, old_alg, &old_kid)?);
        if !algs.contains(&old_alg) {
            algs.push(old_alg);
        }
    }
    // A shared secret is never published.
    let public: Vec<Jwk> = keys.iter().filter(|k| !k.is_symmetric()).cloned().collect();
    let jwks = JwkSet::new(public)
        .map_err(|e| jot_err("key", e))?
        .to_json();
    let verify = JwkSet::new(keys).map_err(|e| jot_err("key", e))?;
    Ok(KeyRing {
        signer,
        alg,
        kid,
        verify,
        jwks,
        algs,
    })
}
