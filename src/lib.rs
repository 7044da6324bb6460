//! # jot: a small JOSE stack, written to be read
//!
//! TODO: crate tour.
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
pub mod json;
pub mod jwa;
pub mod jwk;
pub mod jws;
pub mod jwt;

pub use error::{Error, KeyRejected, Malformed, Part, Result};
pub use jwa::Algorithm;
pub use jwk::{Jwk, JwkSet, KeySource, SigningKey, VerifyingKey};
