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
