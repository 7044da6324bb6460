//! Validating a JWS in Compact Serialization (RFC 7515 §5.2).
//!
//! The steps run in the order below, and the first failure wins. The
//! signature is checked over the exact bytes received (step 8), before the
//! payload is decoded or interpreted (RFC 8725 §3.1, SECURITY.md rule 7).

use crate::b64;
use crate::error::{Error, Part, Result};
use crate::jwa::Algorithm;
use crate::jwk::KeySource;

use super::compact::{split, DEFAULT_MAX_TOKEN_LEN};
use super::crit::check_crit;
use super::header::Header;

/// A verified JWS: the header and payload, which the signature covers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Verified {
    /// The protected header.
    pub header: Header,
    /// The payload bytes (base64url decoded).
    pub payload: Vec<u8>,
}

/// Verifies a compact JWS with the caller's keys and allow-list.
///
/// `algorithms` is required and has no default (RFC 8725 §3.1): list the
/// algorithms you issue. Tokens are limited to
/// [`crate::jws::DEFAULT_MAX_TOKEN_LEN`] bytes; see [`verify_with_limit`].
///
/// The steps, in order (RFC 7515 §5.2):
/// 1. the size limit, before any decoding;
/// 2. exactly three segments;
/// 3. the header: strict base64url, UTF-8, one JSON object without duplicates;
/// 4. `alg` is a supported algorithm (never `none`) and `typ`, `cty`, `kid` are strings;
/// 5. `crit` is well formed and understood (§4.1.11);
/// 6. `alg` is in the allow-list;
/// 7. the key is selected from `keys` by `kid` and `alg` (never from the token);
/// 8. the signature decodes and verifies over the received `header.payload` bytes;
/// 9. the payload decodes (strict base64url).
///
/// # Errors
///
/// [`Error::Malformed`], [`Error::UnsecuredJwsRejected`],
/// [`Error::UnsupportedAlgorithm`], [`Error::CritInvalid`],
/// [`Error::CritNotUnderstood`], [`Error::AlgorithmNotAllowed`],
/// [`Error::NoMatchingKey`], [`Error::KeyRejected`], [`Error::InvalidSignature`].
///
/// # Examples
///
/// RFC 7515 Appendix A.1 (HS256):
///
/// ```
/// use jot::{jws, Algorithm, Jwk, VerifyingKey};
/// let jwk = Jwk::from_json(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#)?;
/// let key = VerifyingKey::from_jwk(&jwk, Algorithm::HS256)?;
/// let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let verified = jws::verify(token, &key, &[Algorithm::HS256])?;
/// assert_eq!(verified.header.typ.as_deref(), Some("JWT"));
/// assert_eq!(jws::verify(token, &key, &[Algorithm::RS256]).err(), Some(jot::Error::AlgorithmNotAllowed(Algorithm::HS256)));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify(token: &str, keys: &impl KeySource, algorithms: &[Algorithm]) -> Result<Verified> {
    verify_with_limit(token, keys, algorithms, DEFAULT_MAX_TOKEN_LEN)
}

/// [`verify`] with a caller-chosen size limit in bytes.
///
/// # Errors
///
/// As [`verify`].
pub fn verify_with_limit(
    token: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
) -> Result<Verified> {
    let (header, payload) = verify_parts(token, keys, algorithms, max_len)?;
    // Step 9, only now that the signature has verified.
    let payload = b64::decode(payload, Part::Payload)?;
    Ok(Verified { header, payload })
}

/// Steps 1 to 8: returns the header and the still-encoded payload.
pub(crate) fn verify_parts<'t>(
    token: &'t str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
) -> Result<(Header, &'t str)> {
    // Steps 1-2.
    let parts = split(token, max_len)?;
    // Steps 3-4.
    let header = Header::from_json(&b64::decode(parts.header, Part::Header)?)?;
    // Step 5.
    check_crit(&header)?;
    // Step 6.
    if !algorithms.contains(&header.alg) {
        return Err(Error::AlgorithmNotAllowed(header.alg));
    }
    // Step 7.
    let key = keys.select(header.kid.as_deref(), header.alg)?;
    // Step 8.
    let signature = b64::decode(parts.signature, Part::Signature)?;
    key.verify(parts.signing_input.as_bytes(), &signature)?;
    Ok((header, parts.payload))
}
