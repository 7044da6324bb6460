//! The JWS Compact Serialization (RFC 7515 §7.1): `header.payload.signature`.
//!
//! Splitting is where hostile input meets jot first, so it is careful: the
//! size limit is checked before anything is decoded, and the three segments
//! are found with a cut at the first and at the last dot and one check that
//! no dot lies between; nothing is allocated, so a token of 100,000 dots costs nothing (golang-jwt
//! CVE-2025-30204). Untraced verification cuts at the first and the last dot
//! only ([`split_outer`]) and looks for more dots in the payload when
//! anything fails, so the answer is the same and the error order too.

use crate::error::{Malformed, Result};

/// The default limit on a compact token, in bytes (SECURITY.md row 31).
pub const DEFAULT_MAX_TOKEN_LEN: usize = 64 * 1024;

/// The three segments of a compact JWS, borrowed from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compact<'a> {
    /// The base64url-encoded protected header.
    pub header: &'a str,
    /// The base64url-encoded payload.
    pub payload: &'a str,
    /// The base64url-encoded signature.
    pub signature: &'a str,
    /// `header.payload`, the exact ASCII bytes that were signed (RFC 7515 §5.2 step 8).
    pub signing_input: &'a str,
}

/// Splits a compact JWS into its three segments, after checking its size.
///
/// Nothing is trimmed: a token with surrounding whitespace is malformed.
///
/// # Errors
///
/// [`crate::Error::Malformed`] with `TooLarge` (checked first),
/// `NotCompactJws` for a JSON serialization, `SegmentCount` otherwise.
///
/// # Examples
///
/// ```
/// let parts = jot::jws::split("aGVh.cGF5.c2ln", 1024)?;
/// assert_eq!(parts.signing_input, "aGVh.cGF5");
/// assert!(jot::jws::split("a.b", 1024).is_err());
/// assert!(jot::jws::split("a.b.c.d.e", 1024).is_err()); // a JWE is not a JWS
/// # Ok::<(), jot::Error>(())
/// ```
pub fn split(token: &str, max_len: usize) -> Result<Compact<'_>> {
    // The cuts at the first and the last dot, then one look for a dot in
    // between: no allocation, whatever the count.
    let parts = split_outer(token, max_len)?;
    if parts.payload.contains('.') {
        return Err(Malformed::SegmentCount.into());
    }
    Ok(parts)
}

/// [`split`] without looking inside the payload: the header ends at the
/// first dot and the signature starts after the last, so only those two
/// short segments are scanned, and the payload may still hold more dots.
///
/// The verify hot path uses it and owes the rest of step 1 on every failure:
/// a token with more than three segments must fail with `SegmentCount`, as
/// [`split`] would have said first ([`segment_count_first`]). A success needs
/// no scan: the payload's base64url decode refuses a `.`.
///
/// # Errors
///
/// As [`split`], for the outer segments.
pub(crate) fn split_outer(token: &str, max_len: usize) -> Result<Compact<'_>> {
    precheck(token, max_len)?;
    let (header, rest) = token.split_once('.').ok_or(Malformed::SegmentCount)?;
    let (payload, signature) = rest.rsplit_once('.').ok_or(Malformed::SegmentCount)?;
    // The signing input is a prefix of the token: header, one dot, payload.
    let end = header.len() + 1 + payload.len();
    let signing_input = token.get(..end).ok_or(Malformed::SegmentCount)?;
    Ok(Compact {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// The failure [`split`] would have reported first, for a payload that
/// [`split_outer`] did not scan: `SegmentCount` when it holds a dot, else
/// `error`.
pub(crate) fn segment_count_first(payload: &str, error: crate::Error) -> crate::Error {
    if payload.contains('.') {
        Malformed::SegmentCount.into()
    } else {
        error
    }
}

/// The checks every compact serialization (JWS or JWE) starts with: the
/// size limit before anything else, then a JSON serialization named as such.
///
/// # Errors
///
/// [`crate::Error::Malformed`] with `TooLarge` or `NotCompactJws`.
pub(crate) fn precheck(token: &str, max_len: usize) -> Result<()> {
    if token.len() > max_len {
        return Err(Malformed::TooLarge { limit: max_len }.into());
    }
    if token.starts_with('{') {
        return Err(Malformed::NotCompactJws.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn exactly_three_segments() {
        for bad in ["", ".", "a", "a.b", "a.b.c.", "a.b.c.d", "a.b.c.d.e", "..."] {
            assert_eq!(
                split(bad, 100).err(),
                Some(Error::Malformed(Malformed::SegmentCount)),
                "{bad:?}"
            );
        }
        assert!(split("..", 100).is_ok()); // empty segments are judged by the decoders
    }

    /// `split_outer` agrees with `split` on every token `split` accepts,
    /// and on every outer failure; with dots inside the payload it defers
    /// to `segment_count_first`.
    #[test]
    fn split_outer_agrees_with_split() {
        for token in [
            "", ".", "a", "a.b", "..", "a.b.c", "a..c", "{a.b.c", "a.b.c.", "a.b.c.d",
        ] {
            let full = split(token, 100);
            let outer = split_outer(token, 100);
            match (&full, &outer) {
                (Ok(f), Ok(o)) => assert_eq!(f, o, "{token:?}"),
                (Err(_), Ok(o)) => {
                    assert!(o.payload.contains('.'), "{token:?}");
                    assert_eq!(
                        segment_count_first(o.payload, Error::InvalidSignature),
                        Error::Malformed(Malformed::SegmentCount)
                    );
                }
                _ => assert_eq!(full, outer, "{token:?}"),
            }
        }
        assert_eq!(
            segment_count_first("abc", Error::InvalidSignature),
            Error::InvalidSignature
        );
    }

    #[test]
    fn size_is_checked_first() {
        let dots = ".".repeat(100_000);
        assert_eq!(
            split(&dots, 64 * 1024).err(),
            Some(Error::Malformed(Malformed::TooLarge { limit: 65536 }))
        );
        assert_eq!(
            split(&dots, usize::MAX).err(),
            Some(Error::Malformed(Malformed::SegmentCount))
        );
    }

    #[test]
    fn json_serialization_is_not_compact() {
        assert_eq!(
            split(r#"{"payload":"a","signatures":[]}"#, 100).err(),
            Some(Error::Malformed(Malformed::NotCompactJws))
        );
    }
}
