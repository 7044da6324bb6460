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
    sign_encoded(&b64::encode(header_json), payload, key)
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
    let mut token = String::with_capacity(encoded_header.len() + payload.len() * 4 / 3 + 180);
    token.push_str(encoded_header);
    token.push('.');
    b64::encode_to(payload, &mut token);
    let signature = key.sign(token.as_bytes())?;
    token.push('.');
    b64::encode_to(signature, &mut token);
    Ok(token)
}
