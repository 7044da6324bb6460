//! JSON Web Signature (RFC 7515).
//!
//! ```text
//!   BASE64URL(header)  .  BASE64URL(payload)  .  BASE64URL(signature)
//!   \_______________ signing input ________/
//! ```
//!
//! [`sign`] follows §5.1 and [`verify`] the numbered steps of §5.2, for the
//! Compact Serialization (§7.1). The header is [`Header`]; `crit` is handled
//! in [`check_crit`], which understands no extension.
//!
//! Beyond compact, each in its own explicit functions (the compact
//! [`verify`] and [`crate::jwt::verify`] accept none of them):
//! - [`json`]: the JWS JSON Serialization, general and flattened (§7.2);
//! - [`sign_detached`] / [`verify_detached`]: detached content (Appendix F);
//! - [`sign_unencoded`] / [`verify_unencoded`]: `b64: false` (RFC 7797),
//!   which these and [`json`] understand, only when listed in `crit`.

pub(crate) mod compact;
pub(crate) mod crit;
mod header;
pub(crate) mod header_view;
pub mod json;
mod sign;
mod unencoded;
pub(crate) mod verify;

pub use compact::{split, Compact, DEFAULT_MAX_TOKEN_LEN};
pub use crit::{check_crit, check_crit_form, check_crit_with};
pub use header::{Header, MAX_HEADER_LEN, REGISTERED};
pub use sign::{sign, sign_encoded};
pub use unencoded::{sign_detached, sign_unencoded, verify_detached, verify_unencoded};
pub use verify::{verify, verify_traced, verify_with_limit, Verified};
