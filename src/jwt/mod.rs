//! JSON Web Token (RFC 7519): claims sets and their validation.
//!
//! - [`Claims`], [`NumericDate`], [`Audience`]: the claims set (RFC 7519 §4, §2).
//! - [`RegisteredClaims`]: the registered claims, type-checked exactly (RFC 7519 §4.1).
//! - [`Validation`]: what to check and in which order (RFC 7519 §7.2, RFC 8725 §3).
//! - [`Step`], [`Outcome`]: the record of each check, for `jot explain`.

mod claims;
mod trace;
mod validation;

pub use claims::{Audience, Claims, NumericDate, RegisteredClaims};
pub use trace::{Outcome, Step};
pub use validation::{Validation, MAX_LEEWAY};

#[cfg(test)]
mod tests;
