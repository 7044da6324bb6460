//! The demo server behind `jot serve`: a tiny token issuer and a protected
//! API, on one port, for one instance or several sharing a Redis.
//!
//! | route | what |
//! |---|---|
//! | `POST /login` | form or JSON `username`, `password` → `{"access_token", "token_type":"Bearer", "expires_in", "refresh_token"}` |
//! | `POST /refresh` | form or JSON `refresh_token` → a new pair; the old refresh token is spent, and spending it again revokes the whole session |
//! | `POST /logout` | form or JSON `refresh_token`, or `Authorization: Bearer` access token, or both → 204, the session revoked |
//! | `GET /api/greet` | behind [`crate::JwtLayer`]: `hi <sub>!` |
//! | `GET /api/me` | the verified claims as JSON |
//! | `GET /.well-known/jwks.json` | the public key(s), current and previous |
//!
//! Access tokens are short-lived JWTs with `typ: at+jwt` (RFC 9068) and
//! `iss`, `aud`, `sub`, `iat`, `exp`, `jti`, and `sid`, their session.
//! Refresh tokens are opaque random strings; the store keeps their hashes
//! ([`crate::store`]). Revoking a session (logout with either token, or
//! reuse of a spent refresh token) refuses every access token of it at once,
//! on every instance sharing the store: the middleware awaits the session's
//! state after verifying ([`crate::JwtLayer::revocation`]).
//!
//! Login is throttled: failures are counted per user name and per client
//! address in the store, with exponential backoff answered 429 and
//! `Retry-After`; at most [`LoginLimits::max_hashing`] password hashes run
//! at once, more are answered 503 and `Retry-After`.
//!
//! Bad input is a 4xx with a JSON body `{"error", "error_description"}`; a
//! store that cannot answer is a 503 `temporarily_unavailable` with
//! `Retry-After`, and protected routes refuse while it lasts (fail closed).
//! Never a 500.

mod config;
mod handlers;
mod http;
mod password;
mod server;

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use jot::jwt::{Claims, Validation};
use jot::Algorithm;
use tokio::sync::Semaphore;

use crate::store::{MemoryStore, Policy, SessionStore};
use crate::JwtLayer;
use config::{bad_input, key_ring};
use handlers::Demo;
use password::PasswordHash;

pub use config::{LoginLimits, ServeOptions};
pub use password::ITERATIONS;
pub use server::{bind, serve, Server};

/// Iterations for the generated demo user: its password is 128 random bits,
/// so stretching adds nothing.
const DEMO_ITERATIONS: u32 = 1_000;

/// The generated demo user, when no users file was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// Always `demo`.
    pub username: String,
    /// Random, base64url.
    pub password: String,
}

/// One users-file line for `username` with a PBKDF2-HMAC-SHA256 hash of
/// `password` ([`ITERATIONS`] iterations, 16-byte random salt):
/// `name:pbkdf2-sha256:600000:SALT:HASH`, base64url without padding.
///
/// # Errors
///
/// `InvalidInput` if the user name is empty, longer than 64 bytes, or holds
/// `:` or a control character; `Other` if the random source fails.
///
/// # Examples
///
/// ```no_run
/// let line = jot_axum::demo::hash_password_line("alice", "correct horse")?;
/// assert!(line.starts_with("alice:pbkdf2-sha256:600000:"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn hash_password_line(username: &str, password: &str) -> io::Result<String> {
    password::hash_line(username, password, ITERATIONS)
}

/// [`hash_password_line`] with another iteration count (1,000 to
/// 10,000,000), for tests and slow machines.
///
/// # Errors
///
/// As [`hash_password_line`], and `InvalidInput` for a count out of range.
///
/// # Examples
///
/// ```
/// let line = jot_axum::demo::hash_password_line_with("bob", "pw", 1_000)?;
/// assert!(line.starts_with("bob:pbkdf2-sha256:1000:"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn hash_password_line_with(
    username: &str,
    password: &str,
    iterations: u32,
) -> io::Result<String> {
    password::hash_line(username, password, iterations)
}

/// A demo app ready to serve: its router and what to print.
pub struct App {
    /// All routes, with state.
    pub router: Router,
    /// The generated user, if no users file was given.
    pub demo_user: Option<DemoUser>,
    /// The signing algorithm.
    pub alg: Algorithm,
    /// The signing key's `kid` (its own, or its RFC 7638 thumbprint).
    pub kid: String,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The store `opts.store` names, with the lifetimes of `opts`.
async fn open_store(opts: &ServeOptions) -> io::Result<Arc<dyn SessionStore>> {
    let policy = Policy {
        refresh_ttl: opts.refresh_ttl,
        access_ttl: opts.access_ttl,
        refresh_grace: opts.refresh_grace,
        backoff: opts.login.backoff,
    };
    match opts.store.as_deref() {
        None | Some("memory") => Ok(Arc::new(MemoryStore::new(policy))),
        #[cfg(feature = "redis")]
        Some(url) if url.starts_with("redis://") => {
            let store = crate::store::RedisStore::connect(url, policy)
                .await
                .map_err(|e| match e {
                    crate::store::StoreError::InvalidUrl(_) => bad_input(e.to_string()),
                    _ => io::Error::new(
                        io::ErrorKind::ConnectionRefused,
                        format!("{e}: is redis-server running at that address?"),
                    ),
                })?;
            Ok(Arc::new(store))
        }
        Some(_) => Err(bad_input(
            "unknown session store: expected memory or redis://HOST:PORT/DB",
        )),
    }
}

/// Builds the demo app from `opts` (keys, users, store, routes); nothing is
/// bound.
///
/// # Errors
///
/// `InvalidInput` for a key that does not parse or does not fit `alg`, an
/// algorithm that cannot be generated (RSA: make a key with
/// `openssl genrsa 2048` and pass it as PEM), or an unknown store;
/// `InvalidData` for a bad users file (the message names the line);
/// `ConnectionRefused` when the Redis store does not answer.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// let app = jot_axum::demo::app(&Default::default()).await?;
/// assert_eq!(app.alg, jot::Algorithm::ES256);
/// assert_eq!(app.demo_user.as_ref().map(|u| u.username.as_str()), Some("demo"));
/// # Ok(()) }
/// ```
pub async fn app(opts: &ServeOptions) -> io::Result<App> {
    let keys = key_ring(opts)?;
    let (users, demo_user) = match &opts.users {
        Some(text) => (password::parse_users(text)?, None),
        None => {
            let password = crate::store::random_token(16)?;
            let mut users = HashMap::new();
            users.insert(
                "demo".to_owned(),
                PasswordHash::new(&password, DEMO_ITERATIONS)?,
            );
            let user = DemoUser {
                username: "demo".into(),
                password,
            };
            (users, Some(user))
        }
    };
    let decoy_iterations = users
        .values()
        .map(PasswordHash::iterations)
        .max()
        .unwrap_or(DEMO_ITERATIONS);
    let decoy = PasswordHash::new(&crate::store::random_token(16)?, decoy_iterations)?;
    let validation = Validation::new(&keys.algs)
        .issuer(&opts.issuer)
        .audience(&opts.audience)
        .typ("at+jwt")
        .require("jti")
        .require("sid");
    let store = open_store(opts).await?;
    let mut limits = opts.login;
    limits.max_hashing = limits.max_hashing.max(1);
    let demo = Arc::new(Demo {
        signer: keys.signer,
        jwks: keys.jwks,
        issuer: opts.issuer.clone(),
        audience: opts.audience.clone(),
        access_ttl: opts.access_ttl,
        users,
        decoy,
        store: Arc::clone(&store),
        verify: keys.verify.clone(),
        validation: validation.clone(),
        limits,
        hashing: Arc::new(Semaphore::new(limits.max_hashing)),
    });

    let api = Router::new()
        .route("/api/greet", get(handlers::greet))
        .route("/api/me", get(handlers::me))
        .route_layer(
            JwtLayer::<Claims>::new(keys.verify, validation)
                .realm("jot-demo")
                .revocation(handlers::session_check(store)),
        );
    let mut router = Router::new()
        .route("/login", post(handlers::login))
        .route("/refresh", post(handlers::refresh))
        .route("/logout", post(handlers::logout))
        .route("/.well-known/jwks.json", get(handlers::jwks_route))
        .merge(api)
        .with_state(demo);
    if let Some(extra) = &opts.extra_routes {
        router = router.merge(extra.clone());
    }
    Ok(App {
        router,
        demo_user,
        alg: keys.alg,
        kid: keys.kid,
    })
}
