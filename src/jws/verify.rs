//! Validating a JWS in Compact Serialization (RFC 7515 §5.2).
//!
//! The checks run in the order listed on [`verify`], and the first failure
//! wins. "Step N" in this file is always RFC 7515 §5.2's numbering; the checks
//! §5.2 does not have are marked as jot's. §5.2 lets the order change where
//! steps do not depend on each other, and jot uses that once: the payload
//! (step 6) is decoded only after the signature holds over the exact bytes
//! received (step 8; SECURITY.md rule 7).

use std::borrow::Cow;

use crate::b64;
use crate::error::{holds, Error, Malformed, Part, Result};
use crate::jwa::Algorithm;
use crate::jwk::{KeySource, VerifyingKey};
use crate::trace::{Record, Recorder, Step, Untraced};

use super::compact::{segment_count_first, split, split_outer, Compact, DEFAULT_MAX_TOKEN_LEN};
use super::header::Header;
use super::header_view::Read;

/// The longest signature jot can verify: RSA with an 8192-bit modulus. It is
/// also the size of the stack buffer `verify_parts` decodes the signature
/// into: base64 0.22 decodes into a slice of exactly the
/// decoded length, so no slack is needed (see the test
/// `longest_signature_fits_the_buffer`).
const MAX_SIGNATURE_LEN: usize = 1024;
/// Its length in unpadded base64url.
const MAX_SIGNATURE_B64: usize = (MAX_SIGNATURE_LEN * 4).div_ceil(3);
/// The stack buffer a verifier decodes the header into: a longer header is
/// decoded onto the heap and read in full.
pub(crate) const HEADER_BUF: usize = 256;

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
/// The checks, in order. "Step N" is RFC 7515 §5.2's number; the rest are
/// jot's additions:
/// - jot's: the size limit, before any decoding (SECURITY.md rule 5);
/// - step 1: exactly three segments (the Compact Serialization, §7.1);
/// - steps 2-4: the header is strict base64url, UTF-8, and one JSON object
///   without duplicate members;
/// - step 5: `alg` is an algorithm jot implements (never `none`), `typ`,
///   `cty` and `kid` are strings, and every `crit` extension is understood
///   (§4.1.11);
/// - jot's: `alg` is in the allow-list (RFC 8725 §3.1; §5.2's closing
///   paragraph leaves the acceptable algorithms to the application);
/// - jot's: the key is selected from `keys` by `kid` and `alg`, never taken
///   from the token (§6, RFC 8725 §3.1; SECURITY.md rule 2);
/// - steps 7 and 8: the signature decodes, and verifies over the received
///   `header.payload` bytes (SECURITY.md rule 7);
/// - step 6, last: the payload decodes (strict base64url).
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
    verify_inner(token, keys, algorithms, max_len, &mut Untraced)
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
        &mut Recorder(&mut steps),
    );
    (result, steps)
}

fn verify_inner(
    token: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
    rec: &mut impl Record,
) -> Result<Verified> {
    let mut header_buf = [0u8; HEADER_BUF];
    let (header, payload) = verify_parts(
        token,
        keys,
        algorithms,
        max_len,
        false,
        &mut header_buf,
        rec,
    )?;
    let payload = decode_payload(payload, &mut [], rec)?.into_owned();
    Ok(Verified {
        header: header.into_header(),
        payload,
    })
}

/// Step 6, run only once the signature has verified (step 8): into `buf`
/// when it fits (see [`b64::decode_small`]; pass `&mut []` to always
/// allocate).
pub(crate) fn decode_payload<'b>(
    payload: &str,
    buf: &'b mut [u8],
    rec: &mut impl Record,
) -> Result<Cow<'b, [u8]>> {
    // A `.` here is a fourth segment the untraced split did not look for.
    let decoded =
        b64::decode_small(payload, Part::Payload, buf).map_err(|e| segment_count_first(payload, e));
    rec.record("payload", decoded, |r| payload_detail(r, payload.len()))
}

/// Every check but step 6: returns the header and the still-encoded payload.
/// Each check is one line of logic and one `rec` call; the trace text comes
/// from the `*_detail` functions below, formatted only when tracing.
///
/// `reference` reads the header with [`Header::from_json`] alone, as the
/// differential tests' reference; otherwise the borrowed read of the common
/// header shape goes first ([`Read::parse`]), with the same results.
///
/// The header is decoded into the caller's `header_buf` ([`HEADER_BUF`]
/// bytes will do) and returned as read, borrowed from it when it has the
/// common shape; [`Read::into_header`] makes the owned [`Header`] where the
/// caller needs it, so it is built once the signature verified, in place.
pub(crate) fn verify_parts<'t, 'b>(
    token: &'t str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    max_len: usize,
    reference: bool,
    header_buf: &'b mut [u8],
    rec: &mut impl Record,
) -> Result<(Read<'b>, &'t str)> {
    // jot's: the size limit, before anything is decoded (SECURITY.md rule 5).
    let size = holds(token.len() <= max_len, || {
        Malformed::TooLarge { limit: max_len }.into()
    });
    rec.check(
        "size",
        || format!("{} bytes, limit {max_len}", token.len()),
        size,
    )?;

    // Step 1: the three segments of the Compact Serialization (§7.1).
    // Traced, the whole token is scanned here. Untraced, only the header and
    // the signature are: a payload with more dots fails below (its base64url
    // refuses a `.`), and every failure then answers what this step would
    // have said first (`segment_count_first`).
    let outer = !rec.tracing();
    let parts = if outer {
        split_outer(token, max_len)
    } else {
        split(token, max_len)
    };
    let parts = rec.record("segments", parts, segments_detail)?;
    let header = verify_segments(parts, keys, algorithms, reference, header_buf, rec);
    match header {
        Ok(header) => Ok((header, parts.payload)),
        Err(e) if outer => Err(segment_count_first(parts.payload, e)),
        Err(e) => Err(e),
    }
}

/// Steps 2-5, 7 and 8 of [`verify_parts`], on the split token.
fn verify_segments<'b>(
    parts: Compact<'_>,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
    reference: bool,
    header_buf: &'b mut [u8],
    rec: &mut impl Record,
) -> Result<Read<'b>> {
    // Steps 2-5 for `alg`, `typ`, `cty`, `kid`: base64url, UTF-8, one strict
    // JSON object, typed members. The header goes into a small stack buffer
    // of its own and is read borrowed when it has the common shape; the owned
    // `Header` is built once the signature verified, so a refused token
    // allocates nothing for its header.
    let header_bytes = b64::decode_small(parts.header, Part::Header, header_buf);
    let header = match header_bytes {
        Ok(Cow::Borrowed(bytes)) => Read::parse(bytes, reference),
        // Too long for the buffer: no borrowed read (MAX_HEADER_LEN).
        Ok(Cow::Owned(bytes)) => Read::full(&bytes),
        Err(e) => Err(e),
    };
    let header = rec.record("header", header, header_detail)?;

    // Step 5 for `crit`: every listed extension must be understood (§4.1.11).
    rec.check("crit", || crit_detail(header.crit()), header.check_crit())?;

    // jot's: `alg` is in the caller's allow-list (RFC 8725 §3.1).
    let alg = header.alg();
    let allowed = holds(algorithms.contains(&alg), || {
        Error::AlgorithmNotAllowed(alg)
    });
    rec.check("alg", || alg_detail(alg, algorithms), allowed)?;

    // jot's: the caller's keys, chosen by kid and alg; never the token's (§6).
    let kid = header.kid();
    let key = rec.record("key", keys.select(kid, alg), |r| key_detail(r, kid))?;

    // Steps 7-8: the signature decodes onto the stack and verifies over the
    // exact received ASCII bytes `header.payload`.
    let mut buf = [0u8; MAX_SIGNATURE_LEN];
    let signature = if parts.signature.len() > MAX_SIGNATURE_B64 {
        Err(Error::InvalidSignature)
    } else {
        b64::decode_to_slice(parts.signature, Part::Signature, &mut buf)
    };
    let input = parts.signing_input.as_bytes();
    let verified = signature.and_then(|sig| key.verify(input, sig).map(|()| sig.len()));
    rec.record("signature", verified, |r| signature_detail(r, input.len()))?;
    Ok(header)
}

// The trace text of each check: what `jot explain` prints.

fn segments_detail(r: &Result<Compact<'_>>) -> String {
    match r {
        Ok(p) => format!(
            "header {} + payload {} + signature {} characters",
            p.header.len(),
            p.payload.len(),
            p.signature.len()
        ),
        Err(e) => e.to_string(),
    }
}

fn header_detail(r: &Result<Read<'_>>) -> String {
    match r {
        Ok(h) => h.to_json().unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}

fn crit_detail(crit: Option<&[String]>) -> String {
    match crit {
        None => "no crit header".to_owned(),
        Some(names) => format!("crit {names:?}: every extension must be understood"),
    }
}

fn alg_detail(alg: Algorithm, algorithms: &[Algorithm]) -> String {
    format!("{alg} ({}) in allow-list {algorithms:?}", alg.describe())
}

fn key_detail(r: &Result<&VerifyingKey>, kid: Option<&str>) -> String {
    let k = match r {
        Ok(k) => k,
        Err(e) => {
            return match kid {
                Some(kid) => format!("kid {kid:?}: {}", e.detail()),
                None => format!("no kid in token: {}", e.detail()),
            }
        }
    };
    match (kid, k.kid()) {
        (Some(kid), Some(own)) if kid == own => {
            format!("kid {kid:?} matched a key bound to {}", k.alg())
        }
        (Some(kid), _) => format!(
            "kid {kid:?} not needed: the one configured key, bound to {}",
            k.alg()
        ),
        (None, Some(own)) => format!("no kid in token; the only key for {}, kid {own:?}", k.alg()),
        (None, None) => format!("no kid in token; the configured key, bound to {}", k.alg()),
    }
}

fn signature_detail(r: &Result<usize>, input_len: usize) -> String {
    match r {
        Ok(len) => format!("{len}-byte signature over {input_len} bytes of signing input: valid"),
        Err(e) => e.to_string(),
    }
}

fn payload_detail(r: &Result<Cow<'_, [u8]>>, encoded_len: usize) -> String {
    match r {
        Ok(bytes) => format!(
            "{encoded_len} characters of base64url decode to {} bytes",
            bytes.len()
        ),
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack buffer holds the longest signature with no slack: the
    /// longest base64url text verify_parts lets through decodes into it.
    #[test]
    fn longest_signature_fits_the_buffer() {
        let mut buf = [0u8; MAX_SIGNATURE_LEN];
        let longest = "A".repeat(MAX_SIGNATURE_B64);
        let decoded = b64::decode_to_slice(&longest, Part::Signature, &mut buf);
        assert_eq!(decoded.map(<[u8]>::len), Ok(MAX_SIGNATURE_LEN));
        // One more byte does not fit, so the bound above is the real one.
        let longer = "A".repeat(MAX_SIGNATURE_B64 + 2);
        assert!(b64::decode_to_slice(&longer, Part::Signature, &mut buf).is_err());
    }
}
