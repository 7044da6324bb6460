//! JSON Web Signature (RFC 7515), Compact Serialization.
//!
//! ```text
//!   BASE64URL(header)  .  BASE64URL(payload)  .  BASE64URL(signature)
//!   \_______________ signing input ________/
//! ```
//!
//! [`sign`] follows §5.1 and [`verify`] the numbered steps of §5.2. The
//! header is [`Header`]; `crit` is handled in [`check_crit`].

mod compact;
mod crit;
mod header;
mod sign;
pub(crate) mod verify;

pub use compact::{split, Compact, DEFAULT_MAX_TOKEN_LEN};
pub use crit::{check_crit, check_crit_form};
pub use header::{Header, MAX_HEADER_LEN, REGISTERED};
pub use sign::{sign, sign_encoded};
pub use verify::{verify, verify_traced, verify_with_limit, Verified};
