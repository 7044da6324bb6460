//! JSON Web Token (RFC 7519): claims sets and their validation.
//!
//! - [`encode`] and [`verify`]: issue and check a token (RFC 7519 §7.1, §7.2).
//! - [`encode_nested`], [`decrypt_and_verify`], [`verify_decrypted`]: a JWT
//!   signed, then encrypted as a JWE with `cty: "JWT"` (RFC 7519 §5.2).
//! - [`decode_unverified`]: read one without checking, for debugging only.
//! - [`Claims`], [`NumericDate`], [`Audience`]: the claims set (RFC 7519 §4, §2).
//! - [`RegisteredClaims`]: the registered claims, type-checked exactly (RFC 7519 §4.1).
//! - [`Validation`]: what to check and in which order (RFC 7519 §7.2, RFC 8725 §3).
//! - [`Step`], [`Outcome`]: the record of each check, for `jot explain`.

mod audience;
mod claims;
mod encode;
mod nested;
mod numeric_date;
mod one_pass;
mod registered;
mod unverified;
mod verify;

mod validation;

pub use crate::trace::{Outcome, Step};
pub use audience::Audience;
pub use claims::Claims;
pub use encode::encode;
pub use nested::{decrypt_and_verify, encode_nested, verify_decrypted, Nested};
pub use numeric_date::NumericDate;
pub use registered::RegisteredClaims;
pub use unverified::{decode_unverified, Unverified};
pub use validation::{Validation, MAX_LEEWAY};
pub use verify::{verify, verify_claims, verify_reference, verify_traced, Token};

#[cfg(test)]
mod tests;
