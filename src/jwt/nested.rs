//! Nested JWTs (RFC 7519 §5.2, §7.1 step 5, §7.2 step 8): a signed JWT
//! carried as the plaintext of a JWE whose header says `cty: "JWT"`.
//!
//! ```text
//!  JWE(cty: JWT) ──decrypt──▶ JWS compact ──jwt::verify──▶ claims
//! ```
//!
//! Encryption hides the claims; it does not say who issued them (anyone
//! with the recipient's public key can encrypt). So the inner token is
//! always a signed JWT, checked by [`super::verify`] with the caller's keys
//! and [`Validation`], never trusted because it decrypted (RFC 8725 §2.4).
//! The nesting is one level: the plaintext must be a compact JWS, so a JWE
//! inside a JWE is refused, not decrypted again.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Malformed, Part, Result};
use crate::jwe::{self, Decrypted, DecryptionKey, Enc, EncryptionKey, KeyAlg};
use crate::jwk::{KeySource, SigningKey};
use crate::jws;

use super::validation::Validation;
use super::verify::{verify, Token};

/// The `cty` of a nested JWT (RFC 7519 §5.2).
const CTY_JWT: &str = "JWT";

/// A verified nested JWT: the JWE header it arrived in, and the inner token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Nested<C> {
    /// The JWE Protected Header of the outer token.
    pub encryption: jwe::Header,
    /// The inner signed JWT, verified: its JWS header and its claims.
    pub token: Token<C>,
}

/// Signs `claims` as a JWT with `signer`, then encrypts that JWT to `key`
/// (RFC 7519 §7.1 step 5: sign first, then encrypt, `cty: "JWT"`).
///
/// `encryption` is the JWE header to use, usually
/// [`jwe::Header::for_key`]; its `cty` is set to `JWT`.
///
/// # Errors
///
/// Any error of [`super::encode`] or [`jwe::encrypt`];
/// [`crate::Error::Malformed`] if `encryption` already sets a `cty` other
/// than `JWT`.
///
/// # Examples
///
/// ```
/// use jot::jwe::{self, DecryptionKey, Enc, EncryptionKey, KeyAlg};
/// use jot::jwt::{self, Claims, Validation};
/// use jot::{Algorithm, SigningKey, VerifyingKey};
///
/// let signer = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let sealer = EncryptionKey::dir(Enc::A256GCM, &[9; 32])?;
/// let claims = Claims::new(serde_json::json!({})).with_subject("alice").expires_in(60);
/// let token = jwt::encode_nested(
///     &jot::jws::Header::jwt(&signer), &claims, &signer,
///     &jwe::Header::for_key(&sealer), &sealer,
/// )?;
/// assert_eq!(token.split('.').count(), 5);
///
/// let opener = DecryptionKey::dir(Enc::A256GCM, &[9; 32])?;
/// let verifier = VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let nested: jwt::Nested<Claims<serde_json::Value>> = jwt::decrypt_and_verify(
///     &token, &opener, &[KeyAlg::Dir], &[Enc::A256GCM],
///     &verifier, &Validation::new(&[Algorithm::HS256]),
/// )?;
/// assert_eq!(nested.encryption.cty.as_deref(), Some("JWT"));
/// assert_eq!(nested.token.claims.sub.as_deref(), Some("alice"));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn encode_nested<C: Serialize + ?Sized>(
    header: &jws::Header,
    claims: &C,
    signer: &SigningKey,
    encryption: &jwe::Header,
    key: &EncryptionKey,
) -> Result<String> {
    let mut outer = encryption.clone();
    match outer.cty.as_deref() {
        None => outer.cty = Some(CTY_JWT.to_owned()),
        Some(cty) if is_jwt(cty) => {}
        Some(_) => return Err(cty_error()),
    }
    let signed = super::encode(header, claims, signer)?;
    jwe::encrypt(&outer, signed.as_bytes(), key)
}

/// Decrypts a nested JWT with a `dir` key and verifies the JWT inside
/// (RFC 7519 §7.2 steps 1-8, then 1-10 again for the inner token).
///
/// The steps, first failure wins:
/// 1. [`jwe::decrypt`] with `algorithms` and `encodings`, the JWE allow-lists
///    (the size limit is the one of `validation`);
/// 2. then as [`verify_decrypted`].
///
/// # Errors
///
/// Any error of [`jwe::decrypt`], then of [`verify_decrypted`].
///
/// # Examples
///
/// See [`encode_nested`].
pub fn decrypt_and_verify<C: DeserializeOwned>(
    token: &str,
    key: &DecryptionKey,
    algorithms: &[KeyAlg],
    encodings: &[Enc],
    keys: &impl KeySource,
    validation: &Validation,
) -> Result<Nested<C>> {
    let limit = validation.token_len_limit();
    let decrypted = jwe::decrypt_with_limit(token, key, algorithms, encodings, limit)?;
    verify_decrypted(decrypted, keys, validation)
}

/// Verifies the JWT inside an already decrypted JWE: the step that follows
/// [`jwe::decrypt`] or [`jwe::decrypt_ephemeral`] (RFC 7519 §7.2 step 8).
///
/// The steps, first failure wins:
/// 1. the JWE header's `cty` is `JWT` (ASCII case-insensitive, with or
///    without `application/`, RFC 7515 §4.1.10): without it the plaintext is
///    not a JWT (RFC 7519 §5.2);
/// 2. the plaintext is UTF-8;
/// 3. [`super::verify`] of the plaintext: a compact JWS (a JWE inside is
///    refused as `SegmentCount`), its signature with `keys`, `typ` and the
///    claims with `validation`.
///
/// # Errors
///
/// [`crate::Error::Malformed`] naming `cty`, or `Utf8(Payload)`; then any
/// error of [`super::verify`].
///
/// # Examples
///
/// ECDH-ES to a single-use X25519 recipient:
///
/// ```
/// use jot::jwe::{self, Curve, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
/// use jot::jwt::{self, Claims, Validation};
/// use jot::{Algorithm, SigningKey, VerifyingKey};
///
/// let recipient = EphemeralDecryptionKey::generate(Curve::X25519, Enc::A128GCM)?;
/// let sealer = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, Enc::A128GCM)?;
/// let signer = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let claims = Claims::new(serde_json::json!({"n": 1})).expires_in(60);
/// let token = jwt::encode_nested(
///     &jot::jws::Header::jwt(&signer), &claims, &signer,
///     &jwe::Header::for_key(&sealer), &sealer,
/// )?;
///
/// let opened = jwe::decrypt_ephemeral(&token, recipient, &[KeyAlg::EcdhEs], &[Enc::A128GCM])?;
/// let verifier = VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let nested: jwt::Nested<Claims<serde_json::Value>> =
///     jwt::verify_decrypted(opened, &verifier, &Validation::new(&[Algorithm::HS256]))?;
/// assert_eq!(nested.token.claims.custom["n"], 1);
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_decrypted<C: DeserializeOwned>(
    decrypted: Decrypted,
    keys: &impl KeySource,
    validation: &Validation,
) -> Result<Nested<C>> {
    if !decrypted.header.cty.as_deref().is_some_and(is_jwt) {
        return Err(cty_error());
    }
    let inner =
        std::str::from_utf8(&decrypted.plaintext).map_err(|_| Malformed::Utf8(Part::Payload))?;
    let token = verify(inner, keys, validation)?;
    Ok(Nested {
        encryption: decrypted.header,
        token,
    })
}

/// `cty` names a JWT: `JWT` in any ASCII case, with or without the
/// `application/` prefix that RFC 7515 §4.1.10 lets senders omit.
fn is_jwt(cty: &str) -> bool {
    let bare = match cty.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => cty.get(12..).unwrap_or(""),
        _ => cty,
    };
    bare.eq_ignore_ascii_case(CTY_JWT)
}

fn cty_error() -> crate::Error {
    Malformed::Member {
        part: Part::Header,
        name: "cty",
        rule: "must be \"JWT\" for a nested JWT (RFC 7519 §5.2)",
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::is_jwt;

    #[test]
    fn cty_forms() {
        for yes in ["JWT", "jwt", "application/jwt", "Application/JWT"] {
            assert!(is_jwt(yes), "{yes}");
        }
        for no in [
            "",
            "JSON",
            "application/json",
            "application/",
            "JWT ",
            "jwt+json",
            "é",
        ] {
            assert!(!is_jwt(no), "{no}");
        }
    }
}
