//! # jot: a small JOSE stack, written to be read
//!
//! jot implements JSON Web Signature (RFC 7515), JSON Web Key (RFC 7517),
//! JSON Web Algorithms (RFC 7518), JSON Web Token (RFC 7519) and the JWT Best
//! Current Practices (RFC 8725), by hand, on top of [`ring`] for every
//! cryptographic operation. Each module is one idea and cites the RFC
//! section it implements, so the code can be read beside the RFCs.
//!
//! ## A token, in one picture
//!
//! ```text
//!  eyJhbGciOiJIUzI1NiJ9 . eyJzdWIiOiJhbGljZSJ9 . 3q2-7w...
//!  \__________________/   \__________________/   \______/
//!   BASE64URL(header)      BASE64URL(payload)    BASE64URL(signature)
//!   {"alg":"HS256"}        {"sub":"alice"}       MAC(key, header.payload)
//!  \_____________ signing input _____________/
//! ```
//!
//! ## Sign and verify (JWS)
//!
//! A key is bound to one algorithm when it is made, and `verify` takes the
//! list of algorithms you accept. There is no default for that list, and no
//! way to accept `alg: none` (RFC 8725 §3.1).
//!
//! ```
//! use jot::{jws, Algorithm, Jwk, SigningKey, VerifyingKey};
//!
//! let private = Jwk::generate(Algorithm::ES256)?;
//! let signer = SigningKey::from_jwk(&private, Algorithm::ES256)?;
//! let token = jws::sign(&jws::Header::new(Algorithm::ES256), b"hello", &signer)?;
//!
//! let verifier = VerifyingKey::from_jwk(&private.to_public()?, Algorithm::ES256)?;
//! let verified = jws::verify(&token, &verifier, &[Algorithm::ES256])?;
//! assert_eq!(verified.payload, b"hello");
//! # Ok::<(), jot::Error>(())
//! ```
//!
//! ## A JWT at login, checked in a handler
//!
//! Most readers come for this: [`jwt::encode`] a claims set when a user
//! logs in, [`jwt::verify`] it on every request, into your own type. The
//! [`jwt::Validation`] says which algorithms, issuer and audience you
//! accept; `exp` is required and checked with no leeway unless you opt in
//! (RFC 8725 §3; the defaults are in [`guide`]).
//!
//! ```
//! use jot::jwt::{self, Claims, Validation};
//! use jot::{jws::Header, Algorithm, Jwk, SigningKey, VerifyingKey};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Session {
//!     roles: Vec<String>,
//! }
//!
//! // Once, at start-up: one key, bound to one algorithm.
//! let jwk = Jwk::generate(Algorithm::EdDSA)?;
//! let signer = SigningKey::from_jwk(&jwk, Algorithm::EdDSA)?.with_kid(jwk.thumbprint()?);
//! let verifier = VerifyingKey::from_jwk(&jwk.to_public()?, Algorithm::EdDSA)?;
//! let validation = Validation::new(&[Algorithm::EdDSA])
//!     .issuer("https://auth.example")
//!     .audience("api");
//!
//! // At login: a token that expires in 15 minutes.
//! let claims = Claims::new(Session { roles: vec!["reader".into()] })
//!     .with_issuer("https://auth.example")
//!     .with_audience("api")
//!     .with_subject("alice")
//!     .expires_in(15 * 60);
//! let token = jwt::encode(&Header::jwt(&signer), &claims, &signer)?;
//!
//! // In a handler: the signature, then the claims, into your own type.
//! let verified: jwt::Token<Claims<Session>> = jwt::verify(&token, &verifier, &validation)?;
//! assert_eq!(verified.claims.sub.as_deref(), Some("alice"));
//! assert_eq!(verified.claims.custom.roles, ["reader"]);
//!
//! // A token for another service is refused, with an error to match on.
//! let elsewhere = Validation::new(&[Algorithm::EdDSA])
//!     .issuer("https://auth.example")
//!     .audience("billing");
//! let refused = jwt::verify::<Claims<Session>>(&token, &verifier, &elsewhere);
//! assert!(matches!(refused, Err(jot::Error::InvalidAudience)));
//! # Ok::<(), jot::Error>(())
//! ```
//!
//! ## Which function for which task
//!
//! | task | call |
//! |---|---|
//! | issue a JWT | [`jwt::encode`] with a [`jwt::Claims`] (or your own `Serialize` struct) and [`jws::Header::jwt`] |
//! | check a JWT and read its claims | [`jwt::verify`] with a [`jwt::Validation`] |
//! | check the claims only, signature checked elsewhere | [`jwt::Validation::validate_json`] |
//! | see every check and why it failed | [`jwt::verify_traced`] (what `jot explain` prints) |
//! | look inside a token without trusting it | [`jwt::decode_unverified`] (debugging only) |
//! | sign or verify bytes that are not a JWT | [`jws::sign`], [`jws::verify`] |
//! | JWS JSON serialization, detached or unencoded payloads | [`jws::json`], [`jws::verify_detached`], [`jws::verify_unencoded`] |
//! | make a key | [`Jwk::generate`] (HMAC, EC, Ed25519; RSA: `openssl genrsa`) |
//! | load a key from JSON, PEM or DER | [`Jwk::from_json`], [`Jwk::from_pem`], [`Jwk::from_der`], or [`VerifyingKey::from_pem`] |
//! | bind a key to its algorithm | [`SigningKey::from_jwk`], [`VerifyingKey::from_jwk`] |
//! | use a shared secret | [`SigningKey::hmac`], [`VerifyingKey::hmac`] (at least 32 bytes for HS256: [`guide::secrets`]) |
//! | publish public keys, or verify with a provider's | [`JwkSet::public_of`], [`JwkSet::from_json`] (the `kid` picks the key: [`guide::openid`]) |
//! | a key's RFC 7638 thumbprint, for a `kid` | [`Jwk::thumbprint`] |
//! | encrypt or decrypt (JWE) | [`jwe::encrypt`], [`jwe::decrypt`]; nested JWTs: [`jwt::encode_nested`], [`jwt::decrypt_and_verify`] |
//! | coming from `jsonwebtoken` | [`guide::migrating`] |
//!
//! ## Keys (JWK)
//!
//! [`Jwk`] is the key as JSON; [`JwkSet`] is a set of them, chosen by `kid`.
//! PEM and DER keys (SPKI, PKCS#1, PKCS#8, SEC1, X.509) import into a `Jwk`.
//!
//! ```
//! let set = jot::JwkSet::from_json(r#"{"keys":[
//!   {"kty":"OKP","crv":"Ed25519","kid":"2024","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)?;
//! assert_eq!(set.keys()[0].thumbprint()?, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
//! # Ok::<(), jot::Error>(())
//! ```
//!
//! ## Errors
//!
//! Every function returns [`Result`], whose [`Error`] is one enum of
//! categories to match on: malformed input, unsupported or disallowed
//! algorithm, rejected key, invalid signature, `crit`, and one variant per
//! claim check. No message contains key material.
//!
//! ## Map of the RFCs
//!
//! | module | RFC |
//! |---|---|
//! | [`b64`] | RFC 7515 §2, Appendix C (base64url) |
//! | [`jwa`] | RFC 7518 §3, RFC 8037 §3.1, RFC 9864 |
//! | [`jwe`] | RFC 7516, RFC 7518 §4.6, §5.3, RFC 8037 §3.2 |
//! | [`jwk`] | RFC 7517, RFC 7518 §6, RFC 8037 §2, RFC 7638 |
//! | [`jws`] | RFC 7515 §4, §5, §7.1, §7.2, Appendix F; RFC 7797 |
//! | [`jwt`] | RFC 7519, RFC 8725 |
//! | [`json`] | RFC 8259 as RFC 7515 §5.2 and RFC 8725 §3.7 restrict it |
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod b64;
pub mod error;
pub mod guide;
pub mod json;
pub mod jwa;
pub mod jwe;
pub mod jwk;
pub mod jws;
pub mod jwt;
pub mod trace;

// The public interface most users need.
pub use error::{Error, KeyRejected, Malformed, Part, Result};
pub use jwa::Algorithm;
pub use jwk::{Jwk, JwkSet, KeySource, SigningKey, VerifyingKey};
