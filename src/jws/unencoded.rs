//! Detached content (RFC 7515 Appendix F) and the unencoded payload option
//! `b64: false` (RFC 7797), for the Compact Serialization.
//!
//! ```text
//!   detached:   BASE64URL(header) .                    . BASE64URL(signature)
//!   unencoded:  BASE64URL(header) . payload (no ".")   . BASE64URL(signature)
//!   signing input with b64:false:  BASE64URL(header) || "." || payload octets
//! ```
//!
//! These are separate, explicit functions: the compact [`crate::jws::verify`]
//! and [`crate::jwt::verify`] never understand `b64` (SECURITY.md row 17
//! and rule 6), so a token made here with `b64: false` is refused there with
//! [`Error::CritNotUnderstood`]. Here `b64` is understood, and only as RFC
//! 7797 §6 asks: it must be a boolean, listed in `crit`.

use serde_json::Value;

use crate::b64;
use crate::error::{Error, KeyRejected, Malformed, Part, Result};
use crate::jwa::Algorithm;
use crate::jwk::{KeySource, SigningKey};

use super::compact::{split, DEFAULT_MAX_TOKEN_LEN};
use super::crit::{check_crit_form, check_crit_with};
use super::header::Header;
use super::verify::Verified;

/// The extensions the explicit APIs of this module and of
/// [`crate::jws::json`] understand.
pub(super) const UNDERSTOOD: &[&str] = &["b64"];

/// Whether the payload is base64url-encoded in the signing input, from the
/// `b64` value and whether `crit` lists `"b64"` (RFC 7797 §3, §6).
pub(super) fn b64_rule(b64: Option<&Value>, crit_lists_b64: bool) -> Result<bool> {
    match b64 {
        None => Ok(true),
        Some(Value::Bool(encoded)) if crit_lists_b64 => Ok(*encoded),
        Some(Value::Bool(_)) => Err(Error::CritInvalid(
            "b64 must be listed in crit (RFC 7797 §6)",
        )),
        Some(_) => Err(Malformed::Member {
            part: Part::Header,
            name: "b64",
            rule: "must be a boolean (RFC 7797 §3)",
        }
        .into()),
    }
}

/// Whether `header` asks for a base64url-encoded payload (`b64` absent or
/// `true`) or an unencoded one (`b64: false`), RFC 7797 §3.
pub(super) fn payload_is_encoded(header: &Header) -> Result<bool> {
    let listed = header
        .crit
        .as_deref()
        .is_some_and(|names| names.iter().any(|n| n == "b64"));
    b64_rule(header.extra.get("b64"), listed)
}

/// `encoded_header || "." || payload`, the payload base64url-encoded or not.
pub(super) fn signing_input(encoded_header: &str, payload: &[u8], encoded: bool) -> Vec<u8> {
    let mut input = Vec::with_capacity(encoded_header.len() + 1 + payload.len() * 4 / 3 + 4);
    input.extend_from_slice(encoded_header.as_bytes());
    input.push(b'.');
    if encoded {
        input.extend_from_slice(b64::encode(payload).as_bytes());
    } else {
        input.extend_from_slice(payload);
    }
    input
}

/// RFC 7515 §5.2 steps 5 to 8 for a parsed header: `crit` understood (with
/// `b64`), `alg` allowed, the caller's key chosen by `kid` and `alg`, and
/// the signature over `signing_input`.
pub(super) fn verify_signature(
    header: &Header,
    signing_input: &[u8],
    signature: &[u8],
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<()> {
    check_crit_with(header, UNDERSTOOD)?;
    if !algorithms.contains(&header.alg) {
        return Err(Error::AlgorithmNotAllowed(header.alg));
    }
    let key = keys.select(header.kid.as_deref(), header.alg)?;
    key.verify(signing_input, signature)
}

/// Steps 3-4 and the form of `crit`, for a compact header segment.
fn parse_header(segment: &str) -> Result<Header> {
    let header = Header::from_json(&b64::decode(segment, Part::Header)?)?;
    check_crit_form(&header)?;
    Ok(header)
}

fn check_signer(header: &Header, key: &SigningKey) -> Result<bool> {
    if header.alg != key.alg() {
        return Err(KeyRejected::WrongAlgorithm.into());
    }
    check_crit_form(header)?;
    payload_is_encoded(header)
}

/// Signs `payload` and returns a compact JWS with the payload detached:
/// `header..signature` (RFC 7515 Appendix F). The payload travels apart and
/// is given back to [`verify_detached`].
///
/// With `b64: false` in `header` (and `"b64"` in its `crit`), the payload is
/// signed unencoded (RFC 7797 §3), the usual way to use that option.
///
/// # Errors
///
/// [`Error::KeyRejected`] with `WrongAlgorithm` when `header.alg` is not the
/// key's; [`Error::CritInvalid`] for a malformed `crit` or a `b64` not listed
/// in it; [`Error::Malformed`] for a `b64` that is not a boolean.
///
/// # Examples
///
/// ```
/// use jot::{jws, Algorithm, SigningKey, VerifyingKey};
/// let secret = [7u8; 32];
/// let signer = SigningKey::hmac(Algorithm::HS256, &secret)?;
/// let token = jws::sign_detached(&jws::Header::new(Algorithm::HS256), b"big file", &signer)?;
/// assert!(token.contains(".."));
/// let key = VerifyingKey::hmac(Algorithm::HS256, &secret)?;
/// let verified = jws::verify_detached(&token, b"big file", &key, &[Algorithm::HS256])?;
/// assert_eq!(verified.payload, b"big file");
/// assert!(jws::verify_detached(&token, b"other file", &key, &[Algorithm::HS256]).is_err());
/// # Ok::<(), jot::Error>(())
/// ```
pub fn sign_detached(header: &Header, payload: &[u8], key: &SigningKey) -> Result<String> {
    let encoded = check_signer(header, key)?;
    let encoded_header = b64::encode(header.to_json()?);
    let signature = key.sign(&signing_input(&encoded_header, payload, encoded))?;
    Ok(format!("{encoded_header}..{}", b64::encode(signature)))
}

/// Verifies a compact JWS with detached content (RFC 7515 Appendix F): the
/// token is `header..signature` and `payload` is the content, given apart.
///
/// `b64` is understood here: with `b64: false` listed in `crit`, `payload` is
/// signed as is (RFC 7797 §3). Otherwise the steps are those of
/// [`crate::jws::verify`]: size limit, strict header, `crit`, allow-list,
/// the caller's key by `kid`, signature.
///
/// # Errors
///
/// [`Error::Malformed`] (also when the payload segment is not empty, or
/// `b64` is not a boolean), [`Error::UnsecuredJwsRejected`],
/// [`Error::UnsupportedAlgorithm`], [`Error::CritInvalid`] (also `b64`
/// without `crit`), [`Error::CritNotUnderstood`],
/// [`Error::AlgorithmNotAllowed`], [`Error::NoMatchingKey`],
/// [`Error::KeyRejected`], [`Error::InvalidSignature`].
///
/// # Examples
///
/// RFC 7797 §4.2, detached and unencoded (`$.02` holds a dot):
///
/// ```
/// use jot::{jws, Algorithm, Jwk, VerifyingKey};
/// let jwk = Jwk::from_json(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#)?;
/// let key = VerifyingKey::from_jwk(&jwk, Algorithm::HS256)?;
/// let token = "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY";
/// let verified = jws::verify_detached(token, b"$.02", &key, &[Algorithm::HS256])?;
/// assert_eq!(verified.header.extra["b64"], false);
/// // The compact verify does not understand b64.
/// assert_eq!(jws::verify(token, &key, &[Algorithm::HS256]).err(), Some(jot::Error::CritNotUnderstood("b64".into())));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_detached(
    token: &str,
    payload: &[u8],
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<Verified> {
    let parts = split(token, DEFAULT_MAX_TOKEN_LEN)?;
    if !parts.payload.is_empty() {
        return Err(Malformed::Member {
            part: Part::Payload,
            name: "payload",
            rule: "must be empty when the content is detached (RFC 7515 Appendix F)",
        }
        .into());
    }
    let header = parse_header(parts.header)?;
    let encoded = payload_is_encoded(&header)?;
    let signature = b64::decode(parts.signature, Part::Signature)?;
    let input = signing_input(parts.header, payload, encoded);
    verify_signature(&header, &input, &signature, keys, algorithms)?;
    Ok(Verified {
        header,
        payload: payload.to_vec(),
    })
}

/// Signs `payload` unencoded (RFC 7797): sets `b64: false` in a copy of
/// `header`, adds `"b64"` to its `crit`, and returns
/// `BASE64URL(header).payload.BASE64URL(signature)`, the payload as is.
///
/// # Errors
///
/// [`Error::Malformed`] if `payload` contains a `.` (RFC 7797 §5.2: use
/// [`sign_detached`] for such a payload); otherwise as [`sign_detached`].
///
/// # Examples
///
/// ```
/// use jot::{jws, Algorithm, SigningKey, VerifyingKey};
/// let secret = [7u8; 32];
/// let signer = SigningKey::hmac(Algorithm::HS256, &secret)?;
/// let token = jws::sign_unencoded(&jws::Header::new(Algorithm::HS256), "hello", &signer)?;
/// assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsImNyaXQiOlsiYjY0Il0sImI2NCI6ZmFsc2V9.hello."));
/// let key = VerifyingKey::hmac(Algorithm::HS256, &secret)?;
/// assert_eq!(jws::verify_unencoded(&token, &key, &[Algorithm::HS256])?.payload, b"hello");
/// # Ok::<(), jot::Error>(())
/// ```
pub fn sign_unencoded(header: &Header, payload: &str, key: &SigningKey) -> Result<String> {
    if payload.contains('.') {
        return Err(Malformed::Member {
            part: Part::Payload,
            name: "payload",
            rule: "must not contain '.' when unencoded and attached (RFC 7797 §5.2)",
        }
        .into());
    }
    let mut header = header.clone();
    header.extra.insert("b64".to_owned(), Value::Bool(false));
    let crit = header.crit.get_or_insert_with(Vec::new);
    if !crit.iter().any(|n| n == "b64") {
        crit.push("b64".to_owned());
    }
    check_signer(&header, key)?;
    let encoded_header = b64::encode(header.to_json()?);
    let signature = key.sign(&signing_input(&encoded_header, payload.as_bytes(), false))?;
    Ok(format!(
        "{encoded_header}.{payload}.{}",
        b64::encode(signature)
    ))
}

/// Verifies a compact JWS whose payload is unencoded and attached (RFC 7797
/// §5.2): the header must have `b64: false`, listed in `crit`; the payload
/// segment is the payload itself (so it holds no `.`).
///
/// # Errors
///
/// As [`verify_detached`], and [`Error::Malformed`] when the header does
/// not say `b64: false` (an ordinary JWS goes to [`crate::jws::verify`]).
///
/// # Examples
///
/// See [`sign_unencoded`].
pub fn verify_unencoded(
    token: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<Verified> {
    let parts = split(token, DEFAULT_MAX_TOKEN_LEN)?;
    let header = parse_header(parts.header)?;
    if payload_is_encoded(&header)? {
        return Err(Malformed::Member {
            part: Part::Header,
            name: "b64",
            rule: "must be false for an unencoded payload (RFC 7797 §3)",
        }
        .into());
    }
    let signature = b64::decode(parts.signature, Part::Signature)?;
    // The signing input is the received `header.payload` prefix, unchanged.
    verify_signature(
        &header,
        parts.signing_input.as_bytes(),
        &signature,
        keys,
        algorithms,
    )?;
    Ok(Verified {
        header,
        payload: parts.payload.as_bytes().to_vec(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::jwk::VerifyingKey;

    const SECRET: [u8; 32] = [7; 32];

    fn signer() -> SigningKey {
        SigningKey::hmac(Algorithm::HS256, &SECRET).unwrap()
    }

    fn key() -> VerifyingKey {
        VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap()
    }

    /// A compact token over `header` JSON text and a raw payload segment,
    /// signed over `signing_input`.
    fn forge(header: &str, segment: &str, input_payload: &[u8]) -> String {
        let h = b64::encode(header);
        let mut input = format!("{h}.").into_bytes();
        input.extend_from_slice(input_payload);
        let sig = signer().sign(&input).unwrap();
        format!("{h}.{segment}.{}", b64::encode(sig))
    }

    fn detached(token: &str, payload: &[u8]) -> Result<Verified> {
        verify_detached(token, payload, &key(), &[Algorithm::HS256])
    }

    #[test]
    fn detached_round_trip_both_b64_modes() {
        let plain = Header::new(Algorithm::HS256);
        let t = sign_detached(&plain, b"a.b", &signer()).unwrap();
        assert_eq!(detached(&t, b"a.b").unwrap().payload, b"a.b");
        let raw = plain.clone().with("b64", false);
        let mut raw = raw;
        raw.crit = Some(vec!["b64".into()]);
        let t = sign_detached(&raw, b"a.b", &signer()).unwrap();
        assert_eq!(detached(&t, b"a.b").unwrap().payload, b"a.b");
        assert_eq!(detached(&t, b"a.c").err(), Some(Error::InvalidSignature));
    }

    #[test]
    fn detached_with_non_empty_payload_segment_rejected() {
        let t = sign_detached(&Header::new(Algorithm::HS256), b"x", &signer()).unwrap();
        let attached = t.replacen("..", &format!(".{}.", b64::encode(b"x")), 1);
        assert!(matches!(
            detached(&attached, b"x"),
            Err(Error::Malformed(Malformed::Member {
                name: "payload",
                ..
            }))
        ));
    }

    #[test]
    fn b64_false_without_crit_rejected() {
        let t = forge(r#"{"alg":"HS256","b64":false}"#, "", b"$.02");
        assert_eq!(
            detached(&t, b"$.02").err(),
            Some(Error::CritInvalid(
                "b64 must be listed in crit (RFC 7797 §6)"
            ))
        );
        let t = forge(r#"{"alg":"HS256","b64":false}"#, "abc", b"abc");
        assert_eq!(
            verify_unencoded(&t, &key(), &[Algorithm::HS256]).err(),
            Some(Error::CritInvalid(
                "b64 must be listed in crit (RFC 7797 §6)"
            ))
        );
        let mut h = Header::new(Algorithm::HS256).with("b64", false);
        assert_eq!(
            sign_detached(&h, b"x", &signer()).err(),
            Some(Error::CritInvalid(
                "b64 must be listed in crit (RFC 7797 §6)"
            ))
        );
        h.crit = Some(vec!["b64".into()]);
        assert!(sign_detached(&h, b"x", &signer()).is_ok());
    }

    #[test]
    fn b64_must_be_boolean() {
        for value in ["0", "\"false\"", "null", "[]"] {
            let h = format!(r#"{{"alg":"HS256","b64":{value},"crit":["b64"]}}"#);
            let t = forge(&h, "", b"p");
            assert!(
                matches!(
                    detached(&t, b"p"),
                    Err(Error::Malformed(Malformed::Member { name: "b64", .. }))
                ),
                "{value}"
            );
        }
    }

    #[test]
    fn crit_b64_without_b64_member_rejected() {
        let t = forge(r#"{"alg":"HS256","crit":["b64"]}"#, "", b"cA");
        assert_eq!(
            detached(&t, b"p").err(),
            Some(Error::CritInvalid(
                "lists a header parameter that is absent"
            ))
        );
    }

    #[test]
    fn other_crit_extensions_still_refused() {
        let t = forge(
            r#"{"alg":"HS256","b64":false,"crit":["b64","x"],"x":1}"#,
            "",
            b"p",
        );
        assert_eq!(
            detached(&t, b"p").err(),
            Some(Error::CritNotUnderstood("x".into()))
        );
    }

    #[test]
    fn unencoded_payload_with_dot_rejected() {
        assert!(matches!(
            sign_unencoded(&Header::new(Algorithm::HS256), "$.02", &signer()),
            Err(Error::Malformed(Malformed::Member {
                name: "payload",
                ..
            }))
        ));
        // Inline, the dot makes four segments.
        let t = forge(
            r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
            "$.02",
            b"$.02",
        );
        assert_eq!(
            verify_unencoded(&t, &key(), &[Algorithm::HS256]).err(),
            Some(Malformed::SegmentCount.into())
        );
    }

    #[test]
    fn unencoded_needs_b64_false() {
        let t = crate::jws::sign(&Header::new(Algorithm::HS256), b"p", &signer()).unwrap();
        assert!(matches!(
            verify_unencoded(&t, &key(), &[Algorithm::HS256]),
            Err(Error::Malformed(Malformed::Member { name: "b64", .. }))
        ));
    }

    #[test]
    fn compact_verify_still_refuses_b64() {
        let t = sign_unencoded(&Header::new(Algorithm::HS256), "abc", &signer()).unwrap();
        assert_eq!(
            verify_unencoded(&t, &key(), &[Algorithm::HS256])
                .unwrap()
                .payload,
            b"abc"
        );
        assert_eq!(
            crate::jws::verify(&t, &key(), &[Algorithm::HS256]).err(),
            Some(Error::CritNotUnderstood("b64".into()))
        );
        let d = sign_unencoded(&Header::new(Algorithm::HS256), "", &signer()).unwrap();
        assert_eq!(
            crate::jws::verify(&d, &key(), &[Algorithm::HS256]).err(),
            Some(Error::CritNotUnderstood("b64".into()))
        );
    }

    #[test]
    fn allow_list_and_key_still_apply() {
        let t = sign_detached(&Header::new(Algorithm::HS256), b"p", &signer()).unwrap();
        assert_eq!(
            verify_detached(&t, b"p", &key(), &[Algorithm::HS384]).err(),
            Some(Error::AlgorithmNotAllowed(Algorithm::HS256))
        );
        let h384 = SigningKey::hmac(Algorithm::HS384, &[1; 48]).unwrap();
        assert_eq!(
            sign_detached(&Header::new(Algorithm::HS256), b"p", &h384).err(),
            Some(KeyRejected::WrongAlgorithm.into())
        );
    }
}
