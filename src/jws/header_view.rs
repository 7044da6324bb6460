//! The common JOSE header read with borrowed fields (RFC 7515 §5.2 steps
//! 3-4): `alg` and at most `typ`, `cty`, `kid`, each a plain string.
//!
//! Nearly every token on the hot path has exactly that header
//! (`{"alg":"HS256","typ":"JWT"}`), and [`Header::from_json`] pays for a
//! generality it does not need there: a `serde_json::Value` per member, a
//! map for the extras. This read handles only the common shape, strictly,
//! and hands everything else (any other member, `crit`, a non-string value,
//! a repeated name, bad JSON, an unknown `alg`) to [`Header::from_json`],
//! which accepts or names the error as before. So it only ever says "the
//! full read would give this header"; it never decides a rejection.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::error::Result;
use crate::json::MemberName;
use crate::jwa::Algorithm;

use super::header::{Header, MAX_HEADER_LEN};

/// A header as `verify` reads it: borrowed in the common shape, the full
/// [`Header`] otherwise. The owned header is built only once the signature
/// verified ([`Read::into_header`]), so a refused token allocates nothing
/// for its header.
pub(crate) enum Read<'b> {
    View(View<'b>),
    /// Boxed, so the common case moves a small value.
    Full(Box<Header>),
}

impl<'b> Read<'b> {
    /// Reads a header from its decoded JSON bytes (RFC 7515 §5.2 steps 3-4):
    /// the borrowed read when the header has the common shape,
    /// [`Header::from_json`] otherwise, or always with `reference`.
    ///
    /// # Errors
    ///
    /// As [`Header::from_json`], which decides every error.
    pub(crate) fn parse(bytes: &'b [u8], reference: bool) -> Result<Read<'b>> {
        match common(bytes).filter(|_| !reference) {
            Some(view) => Ok(Read::View(view)),
            None => Header::from_json(bytes).map(|h| Read::Full(Box::new(h))),
        }
    }

    pub(crate) fn alg(&self) -> Algorithm {
        match self {
            Read::View(v) => v.alg,
            Read::Full(h) => h.alg,
        }
    }

    pub(crate) fn kid(&self) -> Option<&str> {
        match self {
            Read::View(v) => v.kid,
            Read::Full(h) => h.kid.as_deref(),
        }
    }

    pub(crate) fn crit(&self) -> Option<&[String]> {
        match self {
            Read::View(_) => None,
            Read::Full(h) => h.crit.as_deref(),
        }
    }

    /// `crit` (RFC 7515 §4.1.11): the common shape has none.
    pub(crate) fn check_crit(&self) -> Result<()> {
        match self {
            Read::View(_) => Ok(()),
            Read::Full(h) => super::crit::check_crit(h),
        }
    }

    /// The owned header (what [`Header::from_json`] returns).
    pub(crate) fn into_header(self) -> Header {
        match self {
            Read::View(v) => v.to_header(),
            Read::Full(h) => *h,
        }
    }

    /// The header's JSON, for the trace.
    pub(crate) fn to_json(&self) -> Result<String> {
        match self {
            Read::View(v) => v.to_header().to_json(),
            Read::Full(h) => h.to_json(),
        }
    }
}

/// The common shape, or `None` for [`Header::from_json`] to decide.
fn common(bytes: &[u8]) -> Option<View<'_>> {
    if bytes.len() > MAX_HEADER_LEN {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let raw = de.deserialize_map(ViewVisitor).ok()?;
    de.end().ok()?;
    Some(View {
        alg: plain(raw.alg)??.parse().ok()?,
        typ: plain(raw.typ)?,
        cty: plain(raw.cty)?,
        kid: plain(raw.kid)?,
    })
}

/// A member as read: absent, or a string without escapes (escaped strings,
/// rare in headers, are left to the full read: `None`).
fn plain(member: Option<Cow<'_, str>>) -> Option<Option<&str>> {
    match member {
        None => Some(None),
        Some(Cow::Borrowed(s)) => Some(Some(s)),
        Some(Cow::Owned(_)) => None,
    }
}

/// The common header shape, borrowed (RFC 7515 §4.1.1, §4.1.4, §4.1.9,
/// §4.1.10).
pub(crate) struct View<'b> {
    alg: Algorithm,
    typ: Option<&'b str>,
    cty: Option<&'b str>,
    kid: Option<&'b str>,
}

impl View<'_> {
    fn to_header(&self) -> Header {
        let mut header = Header::new(self.alg);
        header.typ = self.typ.map(str::to_owned);
        header.cty = self.cty.map(str::to_owned);
        header.kid = self.kid.map(str::to_owned);
        header
    }
}

/// The members of the common shape, borrowed when unescaped.
#[derive(Default)]
struct Raw<'de> {
    alg: Option<Cow<'de, str>>,
    typ: Option<Cow<'de, str>>,
    cty: Option<Cow<'de, str>>,
    kid: Option<Cow<'de, str>>,
}

struct ViewVisitor;

impl<'de> Visitor<'de> for ViewVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JOSE header with alg, typ, cty and kid strings only")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Raw<'de>, A::Error> {
        let mut view = Raw::default();
        while let Some(MemberName(name)) = map.next_key()? {
            let slot = match name.as_ref() {
                "alg" => &mut view.alg,
                "typ" => &mut view.typ,
                "cty" => &mut view.cty,
                "kid" => &mut view.kid,
                // `crit` and every other member: the full read.
                _ => return Err(de::Error::custom("not the common header shape")),
            };
            if slot.is_some() {
                return Err(de::Error::custom("repeated member"));
            }
            // A string, or an error (the full read names it).
            let MemberName(value) = map.next_value()?;
            *slot = Some(value);
        }
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Header> {
        Read::parse(json.as_bytes(), false).map(Read::into_header)
    }

    /// The borrowed read agrees with the full one wherever it answers, and
    /// leaves every other header to it.
    #[test]
    fn agrees_with_the_full_read() {
        for json in [
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"typ":"JWT","alg":"ES256","kid":"k1","cty":"JWT"}"#,
            r#" { "alg" : "EdDSA" } "#,
        ] {
            assert!(common(json.as_bytes()).is_some(), "{json}");
            assert_eq!(read(json), Header::from_json(json.as_bytes()));
        }
        for json in [
            r#"{"alg":"HS256","alg":"HS256"}"#,
            r#"{"alg":"HS256","typ":"JWT","typ":"JWT"}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"XX1"}"#,
            r#"{"alg":1}"#,
            r#"{"typ":"JWT"}"#,
            r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
            r#"{"alg":"HS256","jwk":{}}"#,
            r#"{"alg":"HS256","kid":null}"#,
            r#"{"alg":"HS256"} x"#,
            r#"["alg"]"#,
            r#"{"alg":"HS256","typ":"\ud800"}"#,
            r#"{"alg":"H\u0053256","kid":"\u00e9"}"#,
            r#"{"alg":"HS256","kid":"a\"b"}"#,
        ] {
            assert!(common(json.as_bytes()).is_none(), "{json}");
            assert_eq!(read(json), Header::from_json(json.as_bytes()));
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_go_to_the_full_read() {
        for bytes in [
            &b"{\"alg\":\"HS256\",\"typ\":\"\xff\"}"[..],
            &b"{\"alg\":\"HS256\"}\xff"[..],
            &b"\xef\xbb\xbf{\"alg\":\"HS256\"}"[..],
        ] {
            assert!(common(bytes).is_none());
            assert_eq!(
                Read::parse(bytes, false).map(Read::into_header),
                Header::from_json(bytes)
            );
        }
        let long = format!(
            "{{\"alg\":\"HS256\",\"kid\":\"{}\"}}",
            "k".repeat(MAX_HEADER_LEN)
        );
        assert!(common(long.as_bytes()).is_none());
    }
}
