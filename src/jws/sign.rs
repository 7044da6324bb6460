//! Producing a JWS in Compact Serialization (RFC 7515 §5.1).

use crate::b64;
use crate::error::{KeyRejected, Result};
use crate::jwk::SigningKey;

use super::crit::check_crit_form;
use super::header::Header;

/// Signs `payload` under `header` with `key` and returns the compact JWS.
///
/// The steps of RFC 7515 §5.1: encode the payload (step 2) and the header
/// (step 4), join them with a dot (the signing input), sign it (step 5),
/// and append the encoded signature (step 7).
///
/// # Errors
///
/// [`crate::Error::KeyRejected`] with `WrongAlgorithm` when `header.alg` is
/// not the key's algorithm; [`crate::Error::CritInvalid`] for a malformed
/// `crit`; [`crate::Error::Malformed`] if `header.extra` shadows a typed member.
///
/// # Examples
///
/// ```
/// use jot::{jws, Algorithm, SigningKey, VerifyingKey};
/// let secret = [7u8; 32];
/// let token = jws::sign(&jws::Header::new(Algorithm::HS256), b"hi", &SigningKey::hmac(Algorithm::HS256, &secret)?)?;
/// let verified = jws::verify(&token, &VerifyingKey::hmac(Algorithm::HS256, &secret)?, &[Algorithm::HS256])?;
/// assert_eq!(verified.payload, b"hi");
/// # Ok::<(), jot::Error>(())
/// ```
pub fn sign(header: &Header, payload: &[u8], key: &SigningKey) -> Result<String> {
    if header.alg != key.alg() {
        return Err(KeyRejected::WrongAlgorithm.into());
    }
    check_crit_form(header)?;
    let header_json = header.to_json()?;
    // The header is encoded straight into the token: one allocation for
    // the compact form, as `sign_encoded` makes.
    let mut token = with_room(header_json.len() * 4 / 3 + 3, payload.len());
    b64::encode_to(header_json, &mut token);
    finish(token, payload, key)
}

/// Signs with an already encoded header (for a signer that reuses one header).
///
/// The caller vouches that `encoded_header` is the base64url of a header
/// whose `alg` is the key's; [`sign`] is the checked way.
///
/// # Errors
///
/// As [`SigningKey::sign`].
pub fn sign_encoded(encoded_header: &str, payload: &[u8], key: &SigningKey) -> Result<String> {
    let mut token = with_room(encoded_header.len(), payload.len());
    token.push_str(encoded_header);
    finish(token, payload, key)
}

/// An empty token with room for an encoded header of `header` characters,
/// a payload of `payload` bytes, the dots and an HMAC or ECDSA signature
/// (up to 176 characters for ES512; an RSA signature grows it once).
fn with_room(header: usize, payload: usize) -> String {
    String::with_capacity(header + payload.div_ceil(3) * 4 + 180)
}

/// `token` holds the encoded header: appends `.payload`, signs, appends
/// `.signature`.
fn finish(mut token: String, payload: &[u8], key: &SigningKey) -> Result<String> {
    token.push('.');
    b64::encode_to(payload, &mut token);
    let signature = key.sign(token.as_bytes())?;
    token.push('.');
    b64::encode_to(signature, &mut token);
    Ok(token)
}
