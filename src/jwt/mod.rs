//! JSON Web Token (RFC 7519): claims sets and their validation.
//!
//! - [`Claims`], [`NumericDate`], [`Audience`]: the claims set (RFC 7519 §4, §2).
//! - [`RegisteredClaims`]: the registered claims, type-checked exactly (RFC 7519 §4.1).

mod claims;

pub use claims::{Audience, Claims, NumericDate, RegisteredClaims};
