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

use crate::error::{Part, Result};
use crate::json::MemberName;
use crate::jwa::Algorithm;

use super::header::{Header, MAX_HEADER_LEN};

/// Reads a header from its decoded JSON bytes: the borrowed read when the
/// header has the common shape, [`Header::from_json`] otherwise.
///
/// # Errors
///
/// As [`Header::from_json`], which decides every error.
pub(crate) fn read(bytes: &[u8]) -> Result<Header> {
    match common(bytes) {
        Some(header) => Ok(header),
        None => Header::from_json(bytes),
    }
}

/// The common shape, or `None` for [`Header::from_json`] to decide.
fn common(bytes: &[u8]) -> Option<Header> {
    let text = crate::json::utf8_within(bytes, Part::Header, MAX_HEADER_LEN).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let view = de.deserialize_map(ViewVisitor).ok()?;
    de.end().ok()?;
    let alg: Algorithm = view.alg?.parse().ok()?;
    let mut header = Header::new(alg);
    header.typ = view.typ.map(Cow::into_owned);
    header.cty = view.cty.map(Cow::into_owned);
    header.kid = view.kid.map(Cow::into_owned);
    Some(header)
}

/// The members of the common shape, borrowed when unescaped.
#[derive(Default)]
struct View<'de> {
    alg: Option<Cow<'de, str>>,
    typ: Option<Cow<'de, str>>,
    cty: Option<Cow<'de, str>>,
    kid: Option<Cow<'de, str>>,
}

struct ViewVisitor;

impl<'de> Visitor<'de> for ViewVisitor {
    type Value = View<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JOSE header with alg, typ, cty and kid strings only")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<View<'de>, A::Error> {
        let mut view = View::default();
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

    /// The borrowed read agrees with the full one wherever it answers, and
    /// leaves every other header to it.
    #[test]
    fn agrees_with_the_full_read() {
        for json in [
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"typ":"JWT","alg":"ES256","kid":"k1","cty":"JWT"}"#,
            r#"{"alg":"H\u0053256","kid":"\u00e9"}"#,
            r#" { "alg" : "EdDSA" } "#,
        ] {
            let fast = common(json.as_bytes());
            assert!(fast.is_some(), "{json}");
            assert_eq!(fast.map(Ok), Some(Header::from_json(json.as_bytes())));
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
        ] {
            assert!(common(json.as_bytes()).is_none(), "{json}");
            assert_eq!(read(json.as_bytes()), Header::from_json(json.as_bytes()));
        }
    }
}
