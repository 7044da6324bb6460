//! Session stores: the state around stateless JWTs (refresh-token rotation
//! with reuse detection, session revocation, failed-login counters), behind
//! one small async trait with two implementations side by side:
//!
//! | store | for |
//! |---|---|
//! | [`MemoryStore`] | one process (the default of `jot serve`) |
//! | `RedisStore` (feature `redis`) | several instances sharing one Redis |
//!
//! Every operation is one atomic step in the store: a mutex held across the
//! whole step in memory, one Lua script in Redis (named for the rule it
//! enforces), never a read-then-write from Rust. Refresh tokens never reach
//! the store: it keeps their SHA-256 ([`TokenHash`]). Every entry has a time to
//! live equal to what it guards, so nothing grows without bound.
//!
//! A store that cannot answer (Redis down or slow) gives
//! [`StoreError::Unavailable`]; servers answer it with 503 and `Retry-After`,
//! and refuse protected routes (fail closed).

mod memory;
#[cfg(feature = "redis")]
mod redis;

use std::future::Future;
use std::pin::Pin;

use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};

pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::RedisStore;

/// The future every [`SessionStore`] operation returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// The store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// Unreachable, too slow, or refusing: retry after `retry_after` seconds.
    /// The message names the store, never a token.
    Unavailable {
        /// Seconds to wait before retrying.
        retry_after: u64,
        /// What failed (e.g. "redis: connection refused").
        message: String,
    },
    /// The store's address does not parse (the message never repeats it:
    /// it may hold a password).
    InvalidUrl(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable { message, .. } => {
                write!(f, "session store unavailable: {message}")
            }
            StoreError::InvalidUrl(why) => write!(f, "bad session store address: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Lifetimes and limits a store applies (set once, at construction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Refresh token lifetime in seconds; a session lives as long as its
    /// newest refresh token.
    pub refresh_ttl: u64,
    /// Access token lifetime in seconds: a revoked session is remembered at
    /// least this long, so every access token of it stays refused.
    pub access_ttl: u64,
    /// Seconds after a rotation in which the spent token, presented again,
    /// gets back the same successor instead of revoking the session (for
    /// clients that retry). 0 (the default) means never.
    pub refresh_grace: u64,
    /// Failed-login backoff.
    pub backoff: Backoff,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            refresh_ttl: 86_400,
            access_ttl: 300,
            refresh_grace: 0,
            backoff: Backoff::default(),
        }
    }
}

/// Failed-login backoff: after `free` consecutive failures for one key, each
/// further failure locks the key for `base`, then twice as long each time, up
/// to `max` seconds. Counters are forgotten `window` seconds after the last
/// failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// First lock, in seconds (default 1).
    pub base: u64,
    /// Longest lock, in seconds (default 900).
    pub max: u64,
    /// How long a counter lives after its last failure (default 900).
    pub window: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: 1,
            max: 900,
            window: 900,
        }
    }
}

impl Backoff {
    /// The lock after `count` failures when `free` are allowed: 0 below
    /// `free`, then `base`, `2 × base`, ... up to `max`.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = jot_axum::store::Backoff { base: 1, max: 60, window: 900 };
    /// assert_eq!(b.lock_after(4, 5), 0);
    /// assert_eq!(b.lock_after(5, 5), 1);
    /// assert_eq!(b.lock_after(7, 5), 4);
    /// assert_eq!(b.lock_after(70, 5), 60);
    /// ```
    pub fn lock_after(&self, count: u64, free: u64) -> u64 {
        if count < free {
            return 0;
        }
        let doublings = (count - free).min(30);
        self.base.saturating_mul(1 << doublings).min(self.max)
    }
}

/// The SHA-256 of a refresh token, in hex: what stores keep instead of the
/// token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    /// Hashes `token`.
    ///
    /// # Examples
    ///
    /// ```
    /// let h = jot_axum::store::TokenHash::of("abc");
    /// assert_eq!(h.as_str().len(), 64);
    /// ```
    pub fn of(token: &str) -> TokenHash {
        TokenHash(hex(digest(&SHA256, token.as_bytes()).as_ref()))
    }

    /// The hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Eight hex digits name it in logs; the rest is not needed there.
        write!(f, "TokenHash({}…)", self.0.get(..8).unwrap_or(""))
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Random bytes, base64url: session ids and refresh tokens.
///
/// # Errors
///
/// `Other` if the system random source fails.
pub fn random_token(bytes: usize) -> std::io::Result<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| std::io::Error::other("random source failed"))?;
    Ok(jot::b64::encode(&buf))
}

/// The successor of a refresh token, sealed so that only the holder of the
/// spent token can open it (for the grace window): the successor's bytes
/// XOR SHA-256 of a label and the spent token. The store learns nothing it
/// could use; the spent token is 256 random bits.
pub fn seal_successor(spent: &str, successor: &str) -> Vec<u8> {
    let pad = digest(
        &SHA256,
        &[b"jot refresh successor\0".as_slice(), spent.as_bytes()].concat(),
    );
    let raw = jot::b64::decode(successor, jot::Part::Key).unwrap_or_default();
    raw.iter()
        .zip(pad.as_ref().iter().cycle())
        .map(|(a, b)| a ^ b)
        .collect()
}

/// Opens what [`seal_successor`] sealed, with the spent token.
pub fn open_successor(spent: &str, sealed: &[u8]) -> String {
    let pad = digest(
        &SHA256,
        &[b"jot refresh successor\0".as_slice(), spent.as_bytes()].concat(),
    );
    let raw: Vec<u8> = sealed
        .iter()
        .zip(pad.as_ref().iter().cycle())
        .map(|(a, b)| a ^ b)
        .collect();
    jot::b64::encode(&raw)
}

/// A new login: session `sid` of `sub`, and its first refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The session id (the access tokens' `sid` claim).
    pub sid: String,
    /// The user.
    pub sub: String,
    /// The first refresh token, hashed.
    pub token: TokenHash,
}

/// Why a refresh token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refused {
    /// Never issued, or expired and forgotten.
    Unknown,
    /// Past its lifetime.
    Expired,
    /// Spent before (RFC 9700 §4.14.2): the session is now revoked.
    Reused,
    /// Its session was revoked (logout, or reuse of an older token).
    Revoked,
}

impl Refused {
    /// The `error_description` servers send.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot_axum::store::Refused::Revoked.description(), "refresh token revoked");
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            Refused::Unknown => "unknown refresh token",
            Refused::Expired => "refresh token expired",
            Refused::Reused => "refresh token reused: the session is revoked",
            Refused::Revoked => "refresh token revoked",
        }
    }
}

/// What [`SessionStore::rotate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rotation {
    /// The token was spent; `next` is now the session's newest token.
    Rotated {
        /// The session.
        sid: String,
        /// Its user.
        sub: String,
    },
    /// The immediately previous token came back within the grace window:
    /// the same successor again, sealed ([`open_successor`]).
    Retried {
        /// The session.
        sid: String,
        /// Its user.
        sub: String,
        /// The successor, sealed with the presented token.
        sealed: Vec<u8>,
    },
    /// Refused; for [`Refused::Reused`] the session is revoked everywhere.
    Refused(Refused),
}

/// What a session id stands for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Live: its access tokens are good.
    Active,
    /// Revoked: every access token of it is refused.
    Revoked,
    /// Not in the store (never opened here, or long expired): refused too.
    Unknown,
}

/// The operations a token server needs from shared state. Each is one
/// atomic step; each entry lives no longer than what it guards.
pub trait SessionStore: Send + Sync + 'static {
    /// Records a new login.
    fn open(&self, session: NewSession, now: i64) -> StoreFuture<'_, ()>;

    /// Spends `spent` and makes `next` the session's newest token, as one
    /// step: of two instances presenting the same token at once, exactly
    /// one gets [`Rotation::Rotated`]. A token spent before revokes the
    /// session ([`Refused::Reused`]), unless it is the immediately previous
    /// one within the grace window ([`Rotation::Retried`]). `sealed_next` is
    /// kept for that window only ([`seal_successor`]).
    fn rotate(
        &self,
        spent: TokenHash,
        next: TokenHash,
        sealed_next: Vec<u8>,
        now: i64,
    ) -> StoreFuture<'_, Rotation>;

    /// Revokes the session of refresh token `token`; `false` if unknown.
    fn revoke_token(&self, token: TokenHash, now: i64) -> StoreFuture<'_, bool>;

    /// Revokes session `sid`; `false` if unknown.
    fn revoke_session(&self, sid: String, now: i64) -> StoreFuture<'_, bool>;

    /// Whether the access tokens of `sid` are good.
    fn session_state(&self, sid: String, now: i64) -> StoreFuture<'_, SessionState>;

    /// Seconds until the first of `keys` (failed-login counters) may try
    /// again; `None` when all may.
    fn login_retry_after(&self, keys: Vec<String>, now: i64) -> StoreFuture<'_, Option<u64>>;

    /// Counts one failed login for `key`, allowing `free` before backoff
    /// starts; returns the count.
    fn count_failure(&self, key: String, free: u64, now: i64) -> StoreFuture<'_, u64>;

    /// Forgets the failures of `key` (after a successful login).
    fn clear_failures(&self, key: String) -> StoreFuture<'_, ()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_successor_opens_only_with_the_spent_token() {
        let spent = random_token(32).unwrap();
        let next = random_token(32).unwrap();
        let sealed = seal_successor(&spent, &next);
        assert_eq!(sealed.len(), 32);
        assert_ne!(jot::b64::encode(&sealed), next);
        assert_eq!(open_successor(&spent, &sealed), next);
        assert_ne!(open_successor(&random_token(32).unwrap(), &sealed), next);
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let b = Backoff {
            base: 2,
            max: 100,
            window: 10,
        };
        let locks: Vec<u64> = (0..10).map(|n| b.lock_after(n, 3)).collect();
        assert_eq!(locks, [0, 0, 0, 2, 4, 8, 16, 32, 64, 100]);
        assert_eq!(b.lock_after(u64::MAX, 3), 100);
    }
}
