//! A minimal DER reader and writer (ITU-T X.690 §8, §10), in the spirit of
//! ring's `src/io/der.rs`.
//!
//! Only what key import and export need: single-byte tags, definite lengths
//! of at most four bytes, and positive INTEGERs. Everything an attacker can
//! bend is refused rather than repaired, so each key has one DER spelling.
//! Reads go through `get(..)` and checked arithmetic: a hostile length can
//! produce an error, never a panic.

use crate::error::{KeyRejected, Result};

/// The universal and context-specific tags jot reads or writes (X.690 §8.1.2).
pub(crate) mod tag {
    /// INTEGER (X.690 §8.3).
    pub(crate) const INTEGER: u8 = 0x02;
    /// BIT STRING (X.690 §8.6), primitive form only in DER.
    pub(crate) const BIT_STRING: u8 = 0x03;
    /// OCTET STRING (X.690 §8.7), primitive form only in DER.
    pub(crate) const OCTET_STRING: u8 = 0x04;
    /// NULL (X.690 §8.8).
    pub(crate) const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER (X.690 §8.19).
    pub(crate) const OID: u8 = 0x06;
    /// SEQUENCE, always constructed (X.690 §8.9).
    pub(crate) const SEQUENCE: u8 = 0x30;

    /// `[n]` constructed, as used by EXPLICIT tagging (`[0] EXPLICIT Version`).
    pub(crate) const fn context_constructed(n: u8) -> u8 {
        0xa0 | (n & 0x1f)
    }

    /// `[n]` primitive, as used by IMPLICIT tagging of a primitive type
    /// (`[1] IMPLICIT BIT STRING` in RFC 5958).
    pub(crate) const fn context_primitive(n: u8) -> u8 {
        0x80 | (n & 0x1f)
    }
}

/// Why a reader refuses its input. One message per rule, so a fuzzer's
/// crash report and a user's error both name the rule that fired.
mod why {
    pub(super) const TRUNCATED: &str = "der is truncated";
    pub(super) const TRAILING: &str = "der has trailing bytes";
    pub(super) const WRONG_TAG: &str = "der tag is not the one expected";
    pub(super) const HIGH_TAG: &str = "der high tag numbers are not supported";
    pub(super) const INDEFINITE: &str = "der forbids indefinite lengths";
    pub(super) const LENGTH_NOT_CANONICAL: &str = "der length is not in its shortest form";
    pub(super) const LENGTH_TOO_LONG: &str = "der length is longer than four bytes";
    pub(super) const INTEGER_EMPTY: &str = "der integer is empty";
    pub(super) const INTEGER_NOT_MINIMAL: &str = "der integer is not in its shortest form";
    pub(super) const INTEGER_NOT_POSITIVE: &str = "der integer must be positive";
    pub(super) const INTEGER_TOO_LARGE: &str = "der integer is too large for a version";
    pub(super) const BIT_STRING_PADDED: &str = "der bit string must have no unused bits";
}

fn fail<T>(why: &'static str) -> Result<T> {
    Err(KeyRejected::InvalidEncoding(why).into())
}

/// Reads DER from a byte slice, front to back.
///
/// A `Reader` only shrinks: every read consumes what it returns, and
/// [`read_all`] / [`Reader::nested`] check that nothing is left over.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

/// Runs `f` over all of `input` and refuses trailing bytes.
///
/// Trailing bytes would let two different inputs import as one key, which
/// is exactly the parser slack that signature smuggling feeds on.
pub(crate) fn read_all<'a, T>(
    input: &'a [u8],
    f: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> Result<T> {
    let mut reader = Reader { rest: input };
    let value = f(&mut reader)?;
    if !reader.at_end() {
        return fail(why::TRAILING);
    }
    Ok(value)
}

impl<'a> Reader<'a> {
    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, if any, without consuming it.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let Some(taken) = self.rest.get(..n) else {
            return fail(why::TRUNCATED);
        };
        self.rest = self.rest.get(n..).unwrap_or_default();
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8> {
        let b = self.take(1)?;
        match b.first() {
            Some(b) => Ok(*b),
            None => fail(why::TRUNCATED),
        }
    }

    /// Reads the length octets (X.690 §8.1.3, §10.1).
    fn length(&mut self) -> Result<usize> {
        let first = self.byte()?;
        if first < 0x80 {
            return Ok(usize::from(first));
        }
        if first == 0x80 {
            // BER's indefinite form; DER (§10.1) demands the definite form.
            return fail(why::INDEFINITE);
        }
        let count = usize::from(first & 0x7f);
        if count > 4 {
            // 2^32 bytes is far past any key; refusing early keeps the sum bounded.
            return fail(why::LENGTH_TOO_LONG);
        }
        let bytes = self.take(count)?;
        if bytes.first().is_some_and(|b| *b == 0) {
            // Not the canonical encoding: a leading zero length octet.
            return fail(why::LENGTH_NOT_CANONICAL);
        }
        let mut len: usize = 0;
        for b in bytes {
            len = len
                .checked_mul(256)
                .and_then(|l| l.checked_add(usize::from(*b)))
                .ok_or(KeyRejected::InvalidEncoding(why::LENGTH_TOO_LONG))?;
        }
        if len < 0x80 {
            // Not the canonical encoding: the short form would have done.
            return fail(why::LENGTH_NOT_CANONICAL);
        }
        Ok(len)
    }

    /// Reads any element, returning its tag and contents.
    pub(crate) fn read_any(&mut self) -> Result<(u8, &'a [u8])> {
        let tag = self.byte()?;
        if tag & 0x1f == 0x1f {
            return fail(why::HIGH_TAG);
        }
        let len = self.length()?;
        let contents = self.take(len)?;
        Ok((tag, contents))
    }

    /// Reads one element whose tag must be `expected`, returning its contents.
    pub(crate) fn read_tlv(&mut self, expected: u8) -> Result<&'a [u8]> {
        let (tag, contents) = self.read_any()?;
        if tag != expected {
            return fail(why::WRONG_TAG);
        }
        Ok(contents)
    }

    /// Reads the element tagged `expected` if it comes next (DEFAULT and
    /// OPTIONAL fields), leaving the reader untouched otherwise.
    pub(crate) fn read_optional(&mut self, expected: u8) -> Result<Option<&'a [u8]>> {
        if self.peek_tag() == Some(expected) {
            self.read_tlv(expected).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads one element tagged `expected` and runs `f` over all of its
    /// contents, refusing trailing bytes inside it.
    pub(crate) fn nested<T>(
        &mut self,
        expected: u8,
        f: impl FnOnce(&mut Reader<'a>) -> Result<T>,
    ) -> Result<T> {
        let contents = self.read_tlv(expected)?;
        read_all(contents, f)
    }

    /// Reads a positive INTEGER (X.690 §8.3) as its minimal unsigned
    /// big-endian bytes: the one 0x00 that keeps the sign bit clear is
    /// removed, and any other leading zero is refused.
    pub(crate) fn positive_integer(&mut self) -> Result<&'a [u8]> {
        let contents = self.read_tlv(tag::INTEGER)?;
        positive(contents)
    }

    /// Reads a small non-negative INTEGER such as a structure's version.
    pub(crate) fn small_integer(&mut self) -> Result<u8> {
        let contents = self.read_tlv(tag::INTEGER)?;
        match contents {
            [] => fail(why::INTEGER_EMPTY),
            [v] if *v < 0x80 => Ok(*v),
            [0, v, ..] if *v < 0x80 => fail(why::INTEGER_NOT_MINIMAL),
            [v, ..] if *v >= 0x80 => fail(why::INTEGER_NOT_POSITIVE),
            _ => fail(why::INTEGER_TOO_LARGE),
        }
    }

    /// Reads a BIT STRING (X.690 §8.6) holding whole octets, as keys always do.
    pub(crate) fn bit_string(&mut self) -> Result<&'a [u8]> {
        let contents = self.read_tlv(tag::BIT_STRING)?;
        whole_octets(contents)
    }

    /// Reads an OBJECT IDENTIFIER's contents, to compare with a constant in
    /// [`oid`]. Comparing encodings is exact because DER allows one encoding.
    pub(crate) fn oid(&mut self) -> Result<&'a [u8]> {
        self.read_tlv(tag::OID)
    }
}

/// The unsigned value of a positive INTEGER's contents (see
/// [`Reader::positive_integer`]).
pub(crate) fn positive(contents: &[u8]) -> Result<&[u8]> {
    match contents {
        [] => fail(why::INTEGER_EMPTY),
        // A lone zero is zero, which no key component may be.
        [0] => fail(why::INTEGER_NOT_POSITIVE),
        [0, rest @ ..] => match rest.first() {
            Some(b) if *b >= 0x80 => Ok(rest),
            // Not the canonical encoding: the zero was not needed for the sign.
            _ => fail(why::INTEGER_NOT_MINIMAL),
        },
        [b, ..] if *b >= 0x80 => fail(why::INTEGER_NOT_POSITIVE),
        _ => Ok(contents),
    }
}

/// The octets of a BIT STRING's contents, refusing unused bits (keys are
/// whole octets, and non-zero padding bits would give a key two spellings).
pub(crate) fn whole_octets(contents: &[u8]) -> Result<&[u8]> {
    match contents.split_first() {
        Some((0, octets)) => Ok(octets),
        Some(_) => fail(why::BIT_STRING_PADDED),
        None => fail(why::TRUNCATED),
    }
}

/// OBJECT IDENTIFIER contents octets of the algorithms and curves jot knows.
pub(crate) mod oid {
    /// rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 App. A.1, RFC 3279 §2.3.1).
    pub(crate) const RSA_ENCRYPTION: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    /// id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
    pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    /// prime256v1 / secp256r1, 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
    pub(crate) const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    /// secp384r1, 1.3.132.0.34 (RFC 5480 §2.1.1.1).
    pub(crate) const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    /// id-Ed25519, 1.3.101.112 (RFC 8410 §3).
    pub(crate) const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
}

/// Builds DER for export. Each function returns one whole element.
pub(crate) mod write {
    use super::tag;

    /// Any element: tag, definite shortest length (X.690 §10.1), contents.
    pub(crate) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(contents.len().saturating_add(6));
        out.push(tag);
        match u8::try_from(contents.len()) {
            Ok(short) if short < 0x80 => out.push(short),
            _ => {
                let be = contents.len().to_be_bytes();
                let skip = be.iter().take_while(|b| **b == 0).count();
                let significant = be.get(skip..).unwrap_or_default();
                // A usize has at most 16 bytes, so the count fits in seven bits.
                let count = u8::try_from(significant.len()).unwrap_or(0x7f);
                out.push(0x80 | count);
                out.extend_from_slice(significant);
            }
        }
        out.extend_from_slice(contents);
        out
    }

    /// SEQUENCE of already-encoded elements.
    pub(crate) fn sequence(elements: &[&[u8]]) -> Vec<u8> {
        tlv(tag::SEQUENCE, &elements.concat())
    }

    /// A non-negative INTEGER from unsigned big-endian bytes, minimal form.
    pub(crate) fn unsigned_integer(be: &[u8]) -> Vec<u8> {
        let skip = be.iter().take_while(|b| **b == 0).count();
        let value = be.get(skip..).unwrap_or_default();
        let mut contents = Vec::with_capacity(value.len().saturating_add(1));
        // Zero needs one octet; a set top bit needs a 0x00 to stay positive.
        if value.first().is_none_or(|b| *b >= 0x80) {
            contents.push(0);
        }
        contents.extend_from_slice(value);
        tlv(tag::INTEGER, &contents)
    }

    /// BIT STRING of whole octets (no unused bits).
    pub(crate) fn bit_string(octets: &[u8]) -> Vec<u8> {
        let mut contents = Vec::with_capacity(octets.len().saturating_add(1));
        contents.push(0);
        contents.extend_from_slice(octets);
        tlv(tag::BIT_STRING, &contents)
    }

    /// OCTET STRING.
    pub(crate) fn octet_string(octets: &[u8]) -> Vec<u8> {
        tlv(tag::OCTET_STRING, octets)
    }

    /// OBJECT IDENTIFIER from its contents octets (see [`super::oid`]).
    pub(crate) fn oid(contents: &[u8]) -> Vec<u8> {
        tlv(tag::OID, contents)
    }

    /// NULL.
    pub(crate) fn null() -> Vec<u8> {
        tlv(tag::NULL, &[])
    }

    /// `[n] EXPLICIT` wrapping of one encoded element.
    pub(crate) fn explicit(n: u8, element: &[u8]) -> Vec<u8> {
        tlv(tag::context_constructed(n), element)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn null(r: &mut Reader<'_>) -> Result<()> {
        r.read_tlv(tag::NULL).map(|_| ())
    }

    fn rejected(why: &'static str) -> Result<()> {
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(why)))
    }

    fn read_one(input: &[u8], expected: u8) -> Result<Vec<u8>> {
        read_all(input, |r| r.read_tlv(expected).map(<[u8]>::to_vec))
    }

    #[test]
    fn reads_short_and_long_lengths() {
        assert_eq!(
            read_one(&[0x04, 0x02, 0xaa, 0xbb], tag::OCTET_STRING).ok(),
            Some(vec![0xaa, 0xbb])
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend_from_slice(&[7; 0x80]);
        assert_eq!(
            read_one(&long, tag::OCTET_STRING).map(|v| v.len()).ok(),
            Some(0x80)
        );
        let mut longer = vec![0x04, 0x82, 0x01, 0x00];
        longer.extend_from_slice(&[7; 0x100]);
        assert_eq!(
            read_one(&longer, tag::OCTET_STRING).map(|v| v.len()).ok(),
            Some(0x100)
        );
    }

    #[test]
    fn rejects_long_form_for_short_length() {
        assert_eq!(
            read_one(&[0x04, 0x81, 0x01, 0xaa], tag::OCTET_STRING).map(|_| ()),
            rejected(why::LENGTH_NOT_CANONICAL)
        );
        let mut input = vec![0x04, 0x81, 0x7f];
        input.extend_from_slice(&[0; 0x7f]);
        assert_eq!(
            read_one(&input, tag::OCTET_STRING).map(|_| ()),
            rejected(why::LENGTH_NOT_CANONICAL)
        );
    }

    #[test]
    fn rejects_leading_zero_length_octet() {
        let mut input = vec![0x04, 0x82, 0x00, 0x80];
        input.extend_from_slice(&[0; 0x80]);
        assert_eq!(
            read_one(&input, tag::OCTET_STRING).map(|_| ()),
            rejected(why::LENGTH_NOT_CANONICAL)
        );
    }

    #[test]
    fn rejects_indefinite_length() {
        assert_eq!(
            read_one(&[0x30, 0x80, 0x00, 0x00], tag::SEQUENCE).map(|_| ()),
            rejected(why::INDEFINITE)
        );
    }

    #[test]
    fn rejects_huge_lengths() {
        let five = [0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(
            read_one(&five, tag::OCTET_STRING).map(|_| ()),
            rejected(why::LENGTH_TOO_LONG)
        );
        let four = [0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(
            read_one(&four, tag::OCTET_STRING).map(|_| ()),
            rejected(why::TRUNCATED)
        );
        let max = [0x04, 0xff];
        assert_eq!(
            read_one(&max, tag::OCTET_STRING).map(|_| ()),
            rejected(why::LENGTH_TOO_LONG)
        );
    }

    #[test]
    fn rejects_truncation() {
        assert_eq!(
            read_one(&[], tag::OCTET_STRING).map(|_| ()),
            rejected(why::TRUNCATED)
        );
        assert_eq!(
            read_one(&[0x04], tag::OCTET_STRING).map(|_| ()),
            rejected(why::TRUNCATED)
        );
        assert_eq!(
            read_one(&[0x04, 0x03, 0x01, 0x02], tag::OCTET_STRING).map(|_| ()),
            rejected(why::TRUNCATED)
        );
        assert_eq!(
            read_one(&[0x04, 0x82, 0x01], tag::OCTET_STRING).map(|_| ()),
            rejected(why::TRUNCATED)
        );
    }

    #[test]
    fn rejects_trailing_bytes() {
        assert_eq!(
            read_one(&[0x05, 0x00, 0x00], tag::NULL).map(|_| ()),
            rejected(why::TRAILING)
        );
        let nested = [0x30, 0x03, 0x05, 0x00, 0x00];
        let got = read_all(&nested, |r| r.nested(tag::SEQUENCE, null));
        assert_eq!(got, rejected(why::TRAILING));
    }

    #[test]
    fn rejects_wrong_and_high_tags() {
        assert_eq!(
            read_one(&[0x05, 0x00], tag::INTEGER).map(|_| ()),
            rejected(why::WRONG_TAG)
        );
        assert_eq!(
            read_one(&[0x1f, 0x81, 0x00, 0x00], 0x1f).map(|_| ()),
            rejected(why::HIGH_TAG)
        );
    }

    #[test]
    fn read_optional_leaves_other_tags() {
        let input = [0x05, 0x00];
        let got = read_all(&input, |r| {
            assert_eq!(r.read_optional(tag::context_constructed(0))?, None);
            null(r)
        });
        assert_eq!(got, Ok(()));
    }

    fn int(contents: &[u8]) -> Result<Vec<u8>> {
        let mut input = vec![tag::INTEGER, u8::try_from(contents.len()).unwrap_or(0)];
        input.extend_from_slice(contents);
        read_all(&input, |r| r.positive_integer().map(<[u8]>::to_vec))
    }

    #[test]
    fn positive_integer_strips_one_sign_zero() {
        assert_eq!(int(&[0x01]).ok(), Some(vec![0x01]));
        assert_eq!(int(&[0x7f, 0x00]).ok(), Some(vec![0x7f, 0x00]));
        assert_eq!(int(&[0x00, 0x80]).ok(), Some(vec![0x80]));
        assert_eq!(int(&[0x00, 0xff, 0x00]).ok(), Some(vec![0xff, 0x00]));
    }

    #[test]
    fn positive_integer_rejects_non_minimal_negative_zero_and_empty() {
        assert_eq!(
            int(&[0x00, 0x7f]).map(|_| ()),
            rejected(why::INTEGER_NOT_MINIMAL)
        );
        assert_eq!(
            int(&[0x00, 0x00, 0x80]).map(|_| ()),
            rejected(why::INTEGER_NOT_MINIMAL)
        );
        assert_eq!(
            int(&[0x80]).map(|_| ()),
            rejected(why::INTEGER_NOT_POSITIVE)
        );
        assert_eq!(
            int(&[0xff, 0x01]).map(|_| ()),
            rejected(why::INTEGER_NOT_POSITIVE)
        );
        assert_eq!(
            int(&[0x00]).map(|_| ()),
            rejected(why::INTEGER_NOT_POSITIVE)
        );
        assert_eq!(int(&[]).map(|_| ()), rejected(why::INTEGER_EMPTY));
    }

    #[test]
    fn small_integer_reads_versions_only() {
        let read = |input: &[u8]| read_all(input, |r| r.small_integer());
        assert_eq!(read(&[0x02, 0x01, 0x00]), Ok(0));
        assert_eq!(read(&[0x02, 0x01, 0x01]), Ok(1));
        assert!(read(&[0x02, 0x02, 0x00, 0x01]).is_err());
        assert!(read(&[0x02, 0x01, 0x80]).is_err());
        assert!(read(&[0x02, 0x02, 0x01, 0x00]).is_err());
        assert!(read(&[0x02, 0x00]).is_err());
    }

    #[test]
    fn bit_string_must_be_whole_octets() {
        let read = |input: &[u8]| read_all(input, |r| r.bit_string().map(<[u8]>::to_vec));
        assert_eq!(
            read(&[0x03, 0x03, 0x00, 0xaa, 0xbb]).ok(),
            Some(vec![0xaa, 0xbb])
        );
        assert_eq!(
            read(&[0x03, 0x02, 0x01, 0xaa]).map(|_| ()),
            rejected(why::BIT_STRING_PADDED)
        );
        assert_eq!(read(&[0x03, 0x00]).map(|_| ()), rejected(why::TRUNCATED));
    }

    #[test]
    fn writer_round_trips_through_reader() {
        let long = vec![0xab; 300];
        let der = write::sequence(&[
            &write::unsigned_integer(&[0x00, 0x00, 0x80, 0x01]),
            &write::unsigned_integer(&[]),
            &write::bit_string(&[1, 2, 3]),
            &write::octet_string(&long),
            &write::oid(oid::ED25519),
            &write::null(),
            &write::explicit(1, &write::null()),
        ]);
        let got = read_all(&der, |r| {
            r.nested(tag::SEQUENCE, |s| {
                assert_eq!(s.positive_integer()?, &[0x80, 0x01]);
                assert_eq!(s.small_integer()?, 0);
                assert_eq!(s.bit_string()?, &[1, 2, 3]);
                assert_eq!(s.read_tlv(tag::OCTET_STRING)?.len(), 300);
                assert_eq!(s.oid()?, oid::ED25519);
                null(s)?;
                s.nested(tag::context_constructed(1), null)
            })
        });
        assert_eq!(got, Ok(()));
    }

    #[test]
    fn writer_uses_shortest_lengths() {
        assert_eq!(
            write::octet_string(&[0; 0x7f]).get(..2),
            Some(&[0x04, 0x7f][..])
        );
        assert_eq!(
            write::octet_string(&[0; 0x80]).get(..3),
            Some(&[0x04, 0x81, 0x80][..])
        );
        assert_eq!(
            write::octet_string(&[0; 0x100]).get(..4),
            Some(&[0x04, 0x82, 0x01, 0x00][..])
        );
    }
}
