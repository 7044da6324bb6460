//! Issuing a JWT (RFC 7519 §7.1): claims to JSON, then a JWS.

use serde::Serialize;

use crate::error::{Malformed, Part, Result};
use crate::jwk::SigningKey;
use crate::jws::{self, Header};

/// Serializes `claims` as the JWT payload and signs it (RFC 7519 §7.1).
///
/// `claims` must serialize to a JSON object, such as a [`super::Claims`] or
/// a struct of your own. Use [`Header::jwt`] for the usual header
/// (`alg` and `kid` from the key, `typ: "JWT"`).
///
/// # Errors
///
/// [`crate::Error::Malformed`] with `NotObject` if `claims` is not a JSON
/// object (or fails to serialize); any error of [`jws::sign`].
///
/// # Examples
///
/// ```
/// use jot::{jwt, Algorithm, SigningKey};
/// let key = SigningKey::hmac(Algorithm::HS256, &[9u8; 32])?;
/// let claims = jwt::Claims::new(serde_json::json!({"role": "admin"})).with_subject("alice").expires_in(60);
/// let token = jwt::encode(&jot::jws::Header::jwt(&key), &claims, &key)?;
/// assert_eq!(token.split('.').count(), 3);
/// assert!(jwt::encode(&jot::jws::Header::jwt(&key), &[1, 2], &key).is_err());
/// # Ok::<(), jot::Error>(())
/// ```
pub fn encode<C: Serialize + ?Sized>(
    header: &Header,
    claims: &C,
    key: &SigningKey,
) -> Result<String> {
    // Serialized once, straight to bytes; RFC 7519 §7.2 step 10 asks for an
    // object, and serde_json writes an object as `{` first and nothing before it.
    let payload =
        serde_json::to_vec(claims).map_err(|e| crate::json::json_error(&e, Part::Payload))?;
    if payload.first() != Some(&b'{') {
        return Err(Malformed::NotObject(Part::Payload).into());
    }
    jws::sign(header, &payload, key)
}
