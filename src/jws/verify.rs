//! Validating a JWS in Compact Serialization (RFC 7515 §5.2).
//!
//! The steps run in the order below, and the first failure wins. The
//! signature is checked over the exact bytes received (step 8), before the
//! payload is decoded or interpreted (RFC 8725 §3.1, SECURITY.md rule 7).

use std::borrow::Cow;

use crate::b64;
use crate::error::{Error, Malformed, Part, Result};
use crate::jwa::Algorithm;
use crate::jwk::KeySource;
use crate::trace::{Recorder, Step};

use super::compact::{split, DEFAULT_MAX_TOKEN_LEN};
use super::header::Header;
use super::header_view::Read;

/// The longest signature jot can verify: RSA with an 8192-bit modulus.
const MAX_SIGNATURE_LEN: usize = 1024;
/// Its length in unpadded base64url.
const MAX_SIGNATURE_B64: usize = (MAX_SIGNATURE_LEN * 4).div_ceil(3);

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
    verify_inner(token, keys, algorithms, max_len, &mut Recorder::new(None))
}

/// [`verify`], also returning each step it ran with the values it compared,
/// for `jot explain` and for logging. Runs the same code as [`verify`].
///
/// # Examples
///
/// ```
/// use jot::{jws, Algorithm, VerifyingKey};
/// let key = VerifyingKey::hmac(Algorithm::HS256, &[1; 32])?;
/// let (result, steps) = jws::verify_traced("e30.e30.", &key, &[Algorithm::HS256]);
/// assert!(result.is_err());
/// assert_eq!(steps.last().map(|s| s.name), Some("header"));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_traced(
    token: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> (Result<Verified>, Vec<Step>) {
    let mut steps = Vec::new();
    let result = verify_inner(
        token,
        keys,
        algorithms,
        DEFAULT_MAX_TOKEN_LEN,
        &mut Recorder::new(Some(&mut steps)),
    );
    (result, steps)
}

fn verify_inner(
    token: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
    rec: &mut Recorder<'_>,
) -> Result<Verified> {
    let (header, payload) = verify_parts(token, keys, algorithms, max_len, false, rec)?;
    let payload = decode_payload(payload, &mut [], rec)?.into_owned();
    Ok(Verified { header, payload })
}

/// Step 9, only once the signature has verified: into `buf` when it fits
/// (see [`b64::decode_small`]; pass `&mut []` to always allocate).
pub(crate) fn decode_payload<'b>(
    payload: &str,
    buf: &'b mut [u8],
    rec: &mut Recorder<'_>,
) -> Result<Cow<'b, [u8]>> {
    rec.record(
        "payload",
        b64::decode_small(payload, Part::Payload, buf),
        |r| match r {
            Ok(bytes) => format!(
                "{} characters of base64url decode to {} bytes",
                payload.len(),
                bytes.len()
            ),
            Err(e) => e.to_string(),
        },
    )
}

/// Steps 1 to 8: returns the header and the still-encoded payload.
///
/// `reference` reads the header with [`Header::from_json`] alone, as the
/// differential tests' reference; otherwise the borrowed read of the common
/// header shape goes first ([`Read::parse`]), with the same results.
pub(crate) fn verify_parts<'t>(
    token: &'t str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
    reference: bool,
    rec: &mut Recorder<'_>,
) -> Result<(Header, &'t str)> {
    // Step 1, before anything is decoded.
    let size = if token.len() > max_len {
        Err(Malformed::TooLarge { limit: max_len }.into())
    } else {
        Ok(())
    };
    rec.check(
        "size",
        || format!("{} bytes, limit {max_len}", token.len()),
        size,
    )?;
    // Step 2.
    let parts = rec.record("segments", split(token, max_len), |r| match r {
        Ok(p) => format!(
            "header {} + payload {} + signature {} characters",
            p.header.len(),
            p.payload.len(),
            p.signature.len()
        ),
        Err(e) => e.to_string(),
    })?;
    // Steps 3-4: base64url, UTF-8, one strict JSON object, typed members.
    // The header goes into a small stack buffer and is read borrowed when it
    // has the common shape; the owned `Header` is built once the signature
    // verified, so a refused token allocates nothing here.
    let mut header_buf = [0u8; 256];
    let header_bytes = b64::decode_small(parts.header, Part::Header, &mut header_buf);
    let header = match &header_bytes {
        Ok(bytes) => Read::parse(bytes, reference),
        Err(e) => Err(e.clone()),
    };
    let header = rec.record("header", header, |r| match r {
        Ok(h) => h.to_json().unwrap_or_default(),
        Err(e) => e.to_string(),
    })?;
    // Step 5.
    rec.check(
        "crit",
        || match header.crit() {
            None => "no crit header".to_owned(),
            Some(names) => format!("crit {names:?}: every extension must be understood"),
        },
        header.check_crit(),
    )?;
    let alg = header.alg();
    // Step 6.
    let allowed = if algorithms.contains(&alg) {
        Ok(())
    } else {
        Err(Error::AlgorithmNotAllowed(alg))
    };
    rec.check(
        "alg",
        || format!("{} ({}) in allow-list {algorithms:?}", alg, alg.describe()),
        allowed,
    )?;
    // Step 7: the caller's keys, chosen by kid and alg; never the token's.
    let key = rec.record("key", keys.select(header.kid(), alg), |r| match r {
        Ok(k) => match (header.kid(), k.kid()) {
            (Some(kid), Some(own)) if kid == own => {
                format!("kid {kid:?} matched a key bound to {}", k.alg())
            }
            (Some(kid), _) => {
                format!(
                    "kid {kid:?} not needed: the one configured key, bound to {}",
                    k.alg()
                )
            }
            (None, Some(own)) => {
                format!("no kid in token; the only key for {}, kid {own:?}", k.alg())
            }
            (None, None) => {
                format!("no kid in token; the configured key, bound to {}", k.alg())
            }
        },
        Err(e) => format!("kid {:?}: {e}", header.kid()),
    })?;
    // Step 8, over the exact received ASCII bytes `header.payload`.
    let mut buf = [0u8; MAX_SIGNATURE_LEN + 6];
    let signature = if parts.signature.len() > MAX_SIGNATURE_B64 {
        Err(Error::InvalidSignature)
    } else {
        b64::decode_to_slice(parts.signature, Part::Signature, &mut buf)
    };
    let verified = signature.and_then(|sig| {
        key.verify(parts.signing_input.as_bytes(), sig)
            .map(|()| sig.len())
    });
    rec.record("signature", verified, |r| match r {
        Ok(len) => format!(
            "{len}-byte signature over {} bytes of signing input: valid",
            parts.signing_input.len()
        ),
        Err(e) => e.to_string(),
    })?;
    Ok((header.into_header(), parts.payload))
}
