//! The JWE Compact Serialization (RFC 7516 §7.1):
//! `header.encrypted_key.iv.ciphertext.tag`.
//!
//! As for JWS (`jws::split`), the size limit is checked before anything is
//! decoded, and the five segments are found with four `split_once('.')`
//! cuts and one look for a sixth: nothing is allocated, whatever the count.

use crate::error::{Malformed, Result};

/// The five segments of a compact JWE, borrowed from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Compact<'a> {
    /// BASE64URL(UTF8(JWE Protected Header)); its ASCII is also the AAD (§5.1 step 14).
    pub header: &'a str,
    /// BASE64URL(JWE Encrypted Key): empty for `dir` and `ECDH-ES`.
    pub encrypted_key: &'a str,
    /// BASE64URL(JWE Initialization Vector).
    pub iv: &'a str,
    /// BASE64URL(JWE Ciphertext).
    pub ciphertext: &'a str,
    /// BASE64URL(JWE Authentication Tag).
    pub tag: &'a str,
}

/// Splits a compact JWE into its five segments, after checking its size.
///
/// # Errors
///
/// [`crate::Error::Malformed`] with `TooLarge` (checked first),
/// `NotCompactJws` for a JSON serialization, `SegmentCount` otherwise.
pub(crate) fn split(token: &str, max_len: usize) -> Result<Compact<'_>> {
    crate::jws::compact::precheck(token, max_len)?;
    let (header, rest) = token.split_once('.').ok_or(Malformed::SegmentCount)?;
    let (encrypted_key, rest) = rest.split_once('.').ok_or(Malformed::SegmentCount)?;
    let (iv, rest) = rest.split_once('.').ok_or(Malformed::SegmentCount)?;
    let (ciphertext, tag) = rest.split_once('.').ok_or(Malformed::SegmentCount)?;
    if tag.contains('.') {
        return Err(Malformed::SegmentCount.into());
    }
    Ok(Compact {
        header,
        encrypted_key,
        iv,
        ciphertext,
        tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn exactly_five_segments() {
        for bad in [
            "",
            "a.b.c",
            "a.b.c.d",
            "a.b.c.d.e.f",
            "a.b.c.d.e.",
            "......",
        ] {
            assert_eq!(
                split(bad, 100).err(),
                Some(Error::Malformed(Malformed::SegmentCount)),
                "{bad:?}"
            );
        }
        let parts = split("h..i.c.t", 100).ok();
        assert_eq!(
            parts.map(|p| (p.header, p.encrypted_key, p.tag)),
            Some(("h", "", "t"))
        );
    }

    #[test]
    fn size_is_checked_first() {
        let dots = ".".repeat(100_000);
        assert_eq!(
            split(&dots, 64 * 1024).err(),
            Some(Error::Malformed(Malformed::TooLarge { limit: 65536 }))
        );
    }
}
