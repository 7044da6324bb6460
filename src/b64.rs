//! Strict base64url without padding (RFC 7515 §2, Appendix C).
//!
//! This is the only place the `base64` crate is configured. Decoding rejects
//! everything RFC 7515 does not allow: `=` padding, the `+` and `/` of plain
//! base64, whitespace and line breaks, and non-canonical trailing bits (so
//! each byte string has exactly one spelling, SECURITY.md row 19).

use std::borrow::Cow;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use crate::error::{Malformed, Part, Result};

/// `URL_SAFE_NO_PAD`, spelled out so the reader sees each choice.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        // A padded input is not base64url as RFC 7515 §2 defines it.
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        // Non-zero trailing bits would give one value two spellings.
        .with_decode_allow_trailing_bits(false),
);

/// Encodes bytes as unpadded base64url (RFC 7515 §2).
///
/// # Examples
///
/// ```
/// assert_eq!(jot::b64::encode(b"\x03\xec\xff"), "A-z_");
/// ```
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    ENGINE.encode(bytes)
}

/// Appends the unpadded base64url encoding of `bytes` to `out`.
pub fn encode_to(bytes: impl AsRef<[u8]>, out: &mut String) {
    ENGINE.encode_string(bytes, out);
}

/// Decodes strict unpadded base64url (RFC 7515 §2, Appendix C).
///
/// # Errors
///
/// [`crate::Error::Malformed`] with [`Malformed::Base64`] for padding,
/// characters outside the URL-safe alphabet (including whitespace), an
/// impossible length, or non-zero trailing bits. `part` says which part of
/// the input the text came from.
///
/// # Examples
///
/// ```
/// assert_eq!(jot::b64::decode("A-z_", jot::Part::Payload)?, b"\x03\xec\xff");
/// assert!(jot::b64::decode("A-z_=", jot::Part::Payload).is_err());
/// assert!(jot::b64::decode("AB", jot::Part::Payload).is_err()); // trailing bits
/// # Ok::<(), jot::Error>(())
/// ```
pub fn decode(text: &str, part: Part) -> Result<Vec<u8>> {
    ENGINE
        .decode(text)
        .map_err(|_| Malformed::Base64(part).into())
}

/// Decodes strict base64url into `out` (cleared first), reusing its allocation.
///
/// # Errors
///
/// As [`decode`].
pub fn decode_into(text: &str, part: Part, out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    ENGINE
        .decode_vec(text, out)
        .map_err(|_| Malformed::Base64(part).into())
}

/// Decodes strict base64url into the front of `out` and returns that part,
/// for callers that keep small values (a signature) on the stack.
///
/// # Errors
///
/// As [`decode`], and also when `out` is too small for the decoded bytes.
pub fn decode_to_slice<'o>(text: &str, part: Part, out: &'o mut [u8]) -> Result<&'o [u8]> {
    match ENGINE.decode_slice(text, out) {
        Ok(len) => out.get(..len).ok_or_else(|| Malformed::Base64(part).into()),
        Err(_) => Err(Malformed::Base64(part).into()),
    }
}

/// Decodes strict base64url into `buf` when the result fits (a JOSE header,
/// a typical claims set, with a 1 KiB buffer on the caller's stack), and onto
/// the heap otherwise. The same decoder either way, so exactly as strict as
/// [`decode`]; it only saves an allocation per token.
///
/// # Errors
///
/// As [`decode`].
pub(crate) fn decode_small<'b>(text: &str, part: Part, buf: &'b mut [u8]) -> Result<Cow<'b, [u8]>> {
    // Every 4 characters decode to at most 3 bytes.
    if text.len() / 4 * 3 + 3 <= buf.len() {
        decode_to_slice(text, part, buf).map(Cow::Borrowed)
    } else {
        decode(text, part).map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn bad(s: &str) {
        assert_eq!(
            decode(s, Part::Header),
            Err(Error::Malformed(Malformed::Base64(Part::Header))),
            "{s:?} must be rejected"
        );
    }

    #[test]
    fn rfc7515_appendix_c() {
        assert_eq!(encode([3u8, 236, 255, 224, 193]), "A-z_4ME");
        assert_eq!(
            decode("A-z_4ME", Part::Token).ok(),
            Some(vec![3, 236, 255, 224, 193])
        );
    }

    #[test]
    fn rejects_padding() {
        bad("A-z_4ME=");
        bad("QQ==");
    }

    #[test]
    fn rejects_standard_alphabet() {
        bad("A+z/4ME");
    }

    #[test]
    fn rejects_whitespace_and_line_breaks() {
        bad(" A-z_4ME");
        bad("A-z_4ME ");
        bad("A-z_\n4ME");
        bad("A-z_\r\n4ME");
        bad("A-z_\t4ME");
    }

    #[test]
    fn rejects_non_canonical_trailing_bits() {
        // "QQ" is the canonical spelling of "A"; "QR" differs only in unused bits.
        assert_eq!(decode("QQ", Part::Token).ok(), Some(b"A".to_vec()));
        bad("QR");
        bad("AB");
    }

    #[test]
    fn rejects_impossible_length() {
        bad("A");
        bad("AAAAA");
    }

    #[test]
    fn rejects_invalid_characters() {
        bad("A?z_");
        bad("A.z_");
        bad("é");
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(decode("", Part::Token).ok(), Some(Vec::new()));
        assert_eq!(encode(b""), "");
    }

    #[test]
    fn decode_to_slice_is_as_strict() {
        let mut buf = [0u8; 8];
        assert_eq!(
            decode_to_slice("A-z_4ME", Part::Token, &mut buf).ok(),
            Some(&[3u8, 236, 255, 224, 193][..])
        );
        assert!(decode_to_slice("A-z_4ME=", Part::Token, &mut buf).is_err());
        assert!(decode_to_slice("QR", Part::Token, &mut buf).is_err());
        assert!(decode_to_slice("AAAAAAAAAAAAAAAA", Part::Token, &mut buf).is_err());
        // 12 bytes > 8
    }

    #[test]
    fn decode_into_reuses_buffer() {
        let mut buf = vec![9, 9, 9, 9, 9];
        assert!(decode_into("QQ", Part::Token, &mut buf).is_ok());
        assert_eq!(buf, b"A");
    }

    #[test]
    fn decode_small_matches_decode_on_stack_and_heap() {
        for len in [
            0, 1, 2, 3, 700, 765, 766, 767, 768, 769, 1021, 1023, 1024, 1025, 4000,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let text = encode(&bytes);
            let mut buf = [0u8; 1024];
            let got = decode_small(&text, Part::Payload, &mut buf);
            assert_eq!(got.ok().as_deref(), Some(&bytes[..]), "{len} bytes");
        }
        for s in ["QR", "A", "QQ==", "A+z/4ME", " A-z_4ME"] {
            assert_eq!(
                decode_small(s, Part::Header, &mut [0u8; 1024]),
                Err(Error::Malformed(Malformed::Base64(Part::Header))),
                "{s:?}"
            );
        }
    }
}
