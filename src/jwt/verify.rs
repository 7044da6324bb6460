//! Verifying a JWT (RFC 7519 §7.2): the JWS first, then the claims.
//!
//! This is thin over [`crate::jws`] on purpose (panva/jose's `jwt/verify.ts`
//! is the model): the signature is checked over the received bytes before
//! the payload is even decoded, and only then are `typ` and the claims looked
//! at, in the order [`Validation`] documents.

use serde::de::DeserializeOwned;

use crate::error::{Part, Result};
use crate::jwk::KeySource;
use crate::jws::header_view::Read;
use crate::jws::verify::{decode_payload, verify_parts, HEADER_BUF};
use crate::jws::Header;
use crate::trace::{Record, Recorder, Step, Untraced};

use super::validation::Validation;

/// A verified JWT: its header and its claims, decoded into the caller's type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Token<C> {
    /// The protected header.
    pub header: Header,
    /// The claims, as the caller's type (for example [`super::Claims`]).
    pub claims: C,
}

/// Verifies a JWT and decodes its claims into `C` (RFC 7519 §7.2).
///
/// The steps, first failure wins: the JWS steps of [`crate::jws::verify`]
/// (size, segments, header, `crit`, allow-list, key by `kid`, signature),
/// then the payload's base64url, then the expected `typ`, then the claims
/// set as a strict JSON object (no duplicate members, strict UTF-8, bounded
/// depth), then the registered claims' types and every check of
/// [`Validation`], and last the decoding into `C`.
///
/// # Errors
///
/// Any [`crate::Error`] of [`crate::jws::verify`], then
/// [`crate::Error::InvalidType`], [`crate::Error::Malformed`] (claims),
/// [`crate::Error::MissingClaim`], [`crate::Error::Expired`],
/// [`crate::Error::NotYetValid`], [`crate::Error::IssuedInFuture`],
/// [`crate::Error::TooOld`], [`crate::Error::InvalidIssuer`],
/// [`crate::Error::InvalidAudience`], [`crate::Error::InvalidSubject`].
///
/// # Examples
///
/// ```
/// use jot::jwt::{self, Claims, Validation};
/// use jot::{Algorithm, SigningKey, VerifyingKey};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, PartialEq, Debug)]
/// struct Custom { admin: bool }
///
/// let secret = [42u8; 32];
/// let signer = SigningKey::hmac(Algorithm::HS256, &secret)?;
/// let claims = Claims::new(Custom { admin: true }).with_subject("alice").with_issuer("me").expires_in(600);
/// let token = jwt::encode(&jot::jws::Header::jwt(&signer), &claims, &signer)?;
///
/// let key = VerifyingKey::hmac(Algorithm::HS256, &secret)?;
/// let validation = Validation::new(&[Algorithm::HS256]).issuer("me");
/// let verified: jwt::Token<Claims<Custom>> = jwt::verify(&token, &key, &validation)?;
/// assert_eq!(verified.claims.sub.as_deref(), Some("alice"));
/// assert!(verified.claims.custom.admin);
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify<C: DeserializeOwned>(
    token: &str,
    keys: &impl KeySource,
    validation: &Validation,
) -> Result<Token<C>> {
    verify_inner(token, keys, validation, false, &mut Untraced, token_of)
}

/// [`verify`] for a caller that needs only the claims: the same checks in
/// the same order, without building the owned [`Header`] (its strings, its
/// map), which is what a middleware does on every request.
///
/// # Errors
///
/// As [`verify`].
///
/// # Examples
///
/// ```
/// use jot::jwt::{self, Claims, Validation};
/// use jot::{Algorithm, SigningKey, VerifyingKey};
///
/// let signer = SigningKey::hmac(Algorithm::HS256, &[42u8; 32])?;
/// let claims = Claims::new(()).with_subject("alice").expires_in(600);
/// let token = jwt::encode(&jot::jws::Header::jwt(&signer), &claims, &signer)?;
///
/// let key = VerifyingKey::hmac(Algorithm::HS256, &[42u8; 32])?;
/// let claims: Claims<()> = jwt::verify_claims(&token, &key, &Validation::new(&[Algorithm::HS256]))?;
/// assert_eq!(claims.sub.as_deref(), Some("alice"));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_claims<C: DeserializeOwned>(
    token: &str,
    keys: &impl KeySource,
    validation: &Validation,
) -> Result<C> {
    verify_inner(
        token,
        keys,
        validation,
        false,
        &mut Untraced,
        |_, claims| claims,
    )
}

/// The verified header and claims as a [`Token`].
fn token_of<C>(header: Read<'_>, claims: C) -> Token<C> {
    Token {
        header: header.into_header(),
        claims,
    }
}

/// [`verify`], also returning every step it ran, in order, with the values
/// compared: what `jot explain` prints, and what an embedder can log. It runs
/// the same code as [`verify`], so the trace cannot drift from it.
///
/// # Examples
///
/// ```
/// use jot::{jwt, Algorithm, VerifyingKey};
/// let key = VerifyingKey::hmac(Algorithm::HS256, &[1; 32])?;
/// let v = jwt::Validation::new(&[Algorithm::HS256]);
/// let (result, steps) = jwt::verify_traced::<serde_json::Value>("a.b.c", &key, &v);
/// assert!(result.is_err());
/// assert_eq!(steps.iter().map(|s| s.name).collect::<Vec<_>>(), ["size", "segments", "header"]);
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_traced<C: DeserializeOwned>(
    token: &str,
    keys: &impl KeySource,
    validation: &Validation,
) -> (Result<Token<C>>, Vec<Step>) {
    let mut steps = Vec::new();
    let result = verify_inner(
        token,
        keys,
        validation,
        false,
        &mut Recorder(&mut steps),
        token_of,
    );
    (result, steps)
}

/// Today's two-pass path alone: [`verify`] without the borrowed header read
/// and the one-pass claims read. The differential fuzz target and proptest
/// compare the two; both must give the same verdict and error. Not for use.
#[doc(hidden)]
pub fn verify_reference<C: DeserializeOwned>(
    token: &str,
    keys: &impl KeySource,
    validation: &Validation,
) -> (Result<Token<C>>, Vec<Step>) {
    let mut steps = Vec::new();
    let result = verify_inner(
        token,
        keys,
        validation,
        true,
        &mut Recorder(&mut steps),
        token_of,
    );
    (result, steps)
}

/// Every check, then `make` builds the answer from the header as read and
/// the claims.
#[inline(always)]
fn verify_inner<C: DeserializeOwned, T>(
    token: &str,
    keys: &impl KeySource,
    validation: &Validation,
    reference: bool,
    rec: &mut impl Record,
    make: impl FnOnce(Read<'_>, C) -> T,
) -> Result<T> {
    let limit = validation.token_len_limit();
    let mut header_buf = [0u8; HEADER_BUF];
    let (header, payload) = verify_parts(
        token,
        keys,
        validation.algorithms(),
        limit,
        reference,
        &mut header_buf,
        rec,
    )?;
    // RFC 7519 §7.2 step 7: the JWS has verified, and its decoded payload is
    // the Message; then `typ` (RFC 8725 §3.11), then step 10 (UTF-8, JSON).
    let mut buf = [0u8; 1024];
    let payload = decode_payload(payload, &mut buf, rec)?;
    validation.run_typ(header.typ(), rec)?;
    let text = rec.record(
        "utf8",
        crate::json::utf8_within(&payload, Part::Payload, limit),
        |r| match r {
            Ok(text) => format!("claims set is {} bytes of utf-8", text.len()),
            Err(e) => e.to_string(),
        },
    )?;
    // One strict pass: `C` reads the claims through a wrapper that refuses
    // duplicates, bounds depth and captures the registered claims with
    // their exact types. When it cannot vouch for the claims set, the two
    // passes below decide and name the error in the documented order.
    if !reference {
        let needs = validation.needs();
        let mut ctx = super::one_pass::Ctx::new(&needs);
        if let Some(claims) = super::one_pass::decode::<C>(text, &ctx) {
            let registered = ctx.captured();
            // Untraced, the lean verdict first; `run_read` names the error.
            if rec.tracing() || !validation.passes(&registered) {
                validation.run_read(&registered, rec)?;
            }
            rec.check("decode", || decoded::<C>(), Ok(()))?;
            return Ok(make(header, claims));
        }
    }
    // The strict object, the registered claims and every check, then `C`.
    validation.run_json(text, rec)?;
    let claims =
        serde_json::from_str(text).map_err(|e| crate::json::json_error(&e, Part::Payload).into());
    let claims = rec.record("decode", claims, |r| match r {
        Ok(_) => decoded::<C>(),
        Err(e) => e.to_string(),
    })?;
    Ok(make(header, claims))
}

/// The `decode` step's detail on success.
fn decoded<C>() -> String {
    format!("claims decoded into {}", std::any::type_name::<C>())
}
