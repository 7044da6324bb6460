//! # jot-axum: verify JWTs in front of an axum (or any tower) service
//!
//! A tower [`Layer`](tower_layer::Layer), [`JwtLayer`], that reads a bearer
//! token, verifies it with [`jot::jwt::verify`], and hands the typed claims
//! to handlers through the [`JwtClaims`] extractor. It is configured like
//! Echo's echo-jwt, with the defaults echo-jwt lacks:
//!
//! | echo-jwt `Config` | here |
//! |---|---|
//! | `TokenLookup` | [`JwtLayer::sources`] with [`TokenSource`] (bearer, header, query, cookie), in order; extraction lives in [`extract()`], apart from validation |
//! | `SigningKey` / `SigningKeys` / `KeyFunc` | [`Keys`]: a [`jot::VerifyingKey`], a [`jot::JwkSet`] by `kid`, [`ReplaceableKeys`] (rotation at run time), or [`RemoteJwks`] |
//! | `SigningMethod` (one alg, optional) | the allow-list of [`jot::jwt::Validation::new`], required |
//! | `NewClaimsFunc` | the type parameter `C` (`JwtLayer::<jot::jwt::Claims<MyClaims>>`) |
//! | `Skipper` | [`JwtLayer::skip`] |
//! | `ErrorHandler` | [`JwtLayer::on_error`]; the default answers as RFC 6750 §3 says |
//! | `ContinueOnIgnoredError` | [`JwtLayer::optional`]: no token passes, a bad token is refused |
//!
//! Refusals (RFC 6750 §3): no token is `401` with `WWW-Authenticate: Bearer`
//! (plus `realm` if set); a bad token is `401` with `error="invalid_token"`
//! and a fixed, non-secret `error_description` ("token expired", "invalid
//! signature", ...); an unusable `Authorization` header is `400
//! invalid_request`. The body is JSON: `{"error": .., "error_description": ..}`.
//! Nothing reaches the inner service unless the token verified (or the
//! request was skipped, or had no token in optional mode).
//!
//! ## Example
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use jot::{jwt::{Claims, Validation}, Algorithm, JwkSet};
//! use jot_axum::{JwtClaims, JwtLayer, TokenSource};
//! use serde::Deserialize;
//!
//! #[derive(Clone, Deserialize)]
//! struct Mine { role: String }
//!
//! async fn me(JwtClaims(claims): JwtClaims<Claims<Mine>>) -> String {
//!     format!("{} is {}", claims.sub.unwrap_or_default(), claims.custom.role)
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let keys = JwkSet::from_json(&std::fs::read_to_string("jwks.json")?)?;
//! let validation = Validation::new(&[Algorithm::ES256])
//!     .issuer("https://issuer.example")
//!     .audience("my-api");
//! let app = Router::new()
//!     .route("/me", get(me))
//!     .layer(JwtLayer::<Claims<Mine>>::new(keys, validation)
//!         .sources([TokenSource::Bearer, TokenSource::cookie("jwt")])
//!         .realm("my-api"));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! ## Remote keys
//!
//! [`RemoteJwks`] caches a JWK Set fetched from an issuer (through any
//! [`JwksFetcher`]; [`HttpJwksFetcher`] uses hyper), refreshes it on an
//! interval and on an unknown `kid` (rate limited), and keeps the last good
//! set when the issuer fails.
//!
//! ## Revocation
//!
//! [`JwtLayer::revocation`] takes an async hook ([`RevocationCheck`]) awaited
//! after a token verified: revoked is a 401, a hook that cannot answer is a
//! 503 with `Retry-After` (fail closed). The middleware itself knows no store.
//!
//! ## Features
//!
//! | feature | adds | compiles |
//! |---|---|---|
//! | (none) | the middleware, remote JWKS, the revocation hook | axum, hyper-util, tokio |
//! | `demo` | `demo` (the server behind `jot serve`) and `store` (the session store trait, in memory) | + ring, serde_urlencoded |
//! | `redis` | `store::RedisStore`, for several instances on one Redis | + redis |
//!
//! ## Demo server
//!
//! `demo` (feature `demo`) is the library side of `jot serve`: login with
//! throttling, refresh with rotation and reuse detection, logout, key
//! rotation, and routes behind this middleware, over a `store`.
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod claims;
#[cfg(feature = "demo")]
pub mod demo;
mod error;
pub mod extract;
mod fetch;
mod keys;
mod layer;
mod remote;
mod revoke;
#[cfg(feature = "demo")]
pub mod store;

pub use claims::{JwtClaims, OptionalJwtClaims};
pub use error::AuthError;
pub use extract::{extract, ExtractError, TokenSource};
pub use fetch::HttpJwksFetcher;
pub use keys::{Keys, ReplaceableKeys};
pub use layer::{JwtLayer, JwtService};
pub use remote::{
    FetchError, FetchFuture, JwksFetcher, RefreshError, RemoteJwks, RemoteOptions, RemoteStatus,
};
pub use revoke::{Revocation, RevocationCheck, RevocationFuture};
