//! Strict JSON objects: the parsing rules RFC 7515 §5.2, RFC 7519 §7.2 and
//! RFC 8725 §3.7 ask of a JOSE header, a claims set or a key.
//!
//! `serde_json` is already strict about RFC 8259 (no comments, no trailing
//! commas, no `NaN`, no trailing data, no lone surrogates). What it does not
//! do is refuse duplicate member names: a `Map` keeps the last one, and a
//! `#[serde(flatten)]` struct may not notice at all. So every document goes
//! through [`check_object`] first, a walk that allocates nothing for plain
//! keys, refuses duplicates at every level, and bounds the nesting depth.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::{Malformed, Part, Result};

/// How deep objects and arrays may nest in any JOSE document.
///
/// Lower than `serde_json`'s own limit of 128 (RFC 8725 §2.6: bound the work
/// an attacker can cause); real headers and claims nest two or three levels.
pub const MAX_DEPTH: usize = 32;

/// Checks that `text` is one JSON object with no duplicate member names at
/// any level and no deeper nesting than [`MAX_DEPTH`].
///
/// # Errors
///
/// [`crate::Error::Malformed`] with `Json`, `NotObject`, `DuplicateMember` or
/// `TooDeep`, for `part`.
pub fn check_object(text: &str, part: Part) -> Result<()> {
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = Walk {
        depth: 0,
        part,
        found: &found,
    }
    .deserialize(&mut de);
    let ended = walked.and_then(|()| de.end());
    match ended {
        Ok(()) => Ok(()),
        Err(e) => Err(found.take().unwrap_or_else(|| json_error(&e, part)).into()),
    }
}

/// Parses `bytes` as a strict JSON object (see [`check_object`]) into `T`.
///
/// `limit` bounds the input before anything is decoded.
///
/// # Errors
///
/// [`crate::Error::Malformed`]: `TooLarge`, `Utf8`, `Json`, `NotObject`,
/// `DuplicateMember`, `TooDeep`.
pub fn from_object<T: de::DeserializeOwned>(bytes: &[u8], part: Part, limit: usize) -> Result<T> {
    let text = object_text(bytes, part, limit)?;
    serde_json::from_str(text).map_err(|e| json_error(&e, part).into())
}

/// Parses `bytes` as a strict JSON object into a map, in one pass: size,
/// UTF-8, RFC 8259, no duplicate members at any level, bounded depth.
///
/// # Errors
///
/// As [`from_object`].
pub fn parse_object(
    bytes: &[u8],
    part: Part,
    limit: usize,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let text = utf8_within(bytes, part, limit)?;
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = StrictValue {
        depth: 0,
        part,
        found: &found,
    }
    .deserialize(&mut de);
    match parsed.and_then(|v| de.end().map(|()| v)) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(Malformed::NotObject(part).into()),
        Err(e) => Err(found.take().unwrap_or_else(|| json_error(&e, part)).into()),
    }
}

/// The size limit and strict UTF-8 (RFC 8725 §3.7: never lossy).
pub fn utf8_within(bytes: &[u8], part: Part, limit: usize) -> Result<&str> {
    if bytes.len() > limit {
        return Err(Malformed::TooLarge { limit }.into());
    }
    std::str::from_utf8(bytes).map_err(|_| Malformed::Utf8(part).into())
}

/// Checks size, UTF-8 and the strict-object rules, and returns the text.
///
/// # Errors
///
/// As [`from_object`].
pub fn object_text(bytes: &[u8], part: Part, limit: usize) -> Result<&str> {
    let text = utf8_within(bytes, part, limit)?;
    check_object(text, part)?;
    Ok(text)
}

/// Turns a `serde_json` error into jot's, keeping only the position: the
/// message itself can echo input (a `d` or `k` value) and must not leak.
pub(crate) fn json_error(e: &serde_json::Error, part: Part) -> Malformed {
    Malformed::Json {
        part,
        line: e.line(),
        column: e.column(),
    }
}

/// The duplicate- and depth-checking walk over one JSON value.
struct Walk<'c> {
    depth: usize,
    part: Part,
    found: &'c Cell<Option<Malformed>>,
}

impl Walk<'_> {
    fn fail<E: de::Error>(&self, m: Malformed) -> E {
        self.found.set(Some(m));
        E::custom("rejected by jot's strict json rules")
    }

    fn child(&self) -> Walk<'_> {
        Walk {
            depth: self.depth + 1,
            part: self.part,
            found: self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> core::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(Malformed::TooDeep(self.part)));
        }
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            keys.push(key);
            map.next_value_seed(self.child())?;
        }
        // Sorting makes the duplicate check O(n log n) for a 60,000-member object.
        keys.sort_unstable();
        if keys.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(self.fail(Malformed::DuplicateMember(self.part)));
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> core::result::Result<(), A::Error> {
        if self.depth == 0 {
            return Err(self.fail(Malformed::NotObject(self.part)));
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(Malformed::TooDeep(self.part)));
        }
        while seq.next_element_seed(self.child())?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> core::result::Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> core::result::Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> core::result::Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> core::result::Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> core::result::Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> core::result::Result<(), E> {
        self.scalar()
    }
}

impl Walk<'_> {
    fn scalar<E: de::Error>(&self) -> core::result::Result<(), E> {
        if self.depth == 0 {
            return Err(self.fail(Malformed::NotObject(self.part)));
        }
        Ok(())
    }
}

/// A member name, borrowed from the input when it has no escapes.
pub(crate) struct MemberName<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for MemberName<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        <Key<'de> as de::Deserialize>::deserialize(d).map(|Key(k)| MemberName(k))
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(
                self,
                v: &'de str,
            ) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A seed that skips one member value while applying the strict rules to it
/// (no duplicate members inside, bounded depth), for visitors that read an
/// object themselves in one pass. `depth` is the depth of the value.
pub(crate) struct StrictSkip<'c> {
    pub(crate) depth: usize,
    pub(crate) part: Part,
    pub(crate) found: &'c Cell<Option<Malformed>>,
}

impl<'de> DeserializeSeed<'de> for StrictSkip<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> core::result::Result<(), D::Error> {
        d.deserialize_any(Walk {
            depth: self.depth,
            part: self.part,
            found: self.found,
        })
    }
}

/// A seed that builds a [`serde_json::Value`] while applying the strict rules
/// (no duplicate members, bounded depth): one pass instead of a check and a parse.
pub(crate) struct StrictValue<'c> {
    pub(crate) depth: usize,
    pub(crate) part: Part,
    pub(crate) found: &'c Cell<Option<Malformed>>,
}

impl StrictValue<'_> {
    fn fail<E: de::Error>(&self, m: Malformed) -> E {
        self.found.set(Some(m));
        E::custom("rejected by jot's strict json rules")
    }

    fn child(&self) -> StrictValue<'_> {
        StrictValue {
            depth: self.depth + 1,
            part: self.part,
            found: self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = serde_json::Value;

    fn deserialize<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> core::result::Result<serde_json::Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(Malformed::TooDeep(self.part)));
        }
        let mut out = serde_json::Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let value = map.next_value_seed(self.child())?;
            if out.insert(key.into_owned(), value).is_some() {
                return Err(self.fail(Malformed::DuplicateMember(self.part)));
            }
        }
        Ok(serde_json::Value::Object(out))
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> core::result::Result<serde_json::Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(Malformed::TooDeep(self.part)));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child())? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> core::result::Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> core::result::Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> core::result::Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<serde_json::Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: de::Error>(self) -> core::result::Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn err(text: &str) -> Option<Malformed> {
        match check_object(text, Part::Header) {
            Err(Error::Malformed(m)) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn accepts_plain_objects() {
        assert_eq!(
            check_object(
                r#"{"alg":"HS256","a":{"b":[1,2,{"c":null}]}}"#,
                Part::Header
            ),
            Ok(())
        );
        assert_eq!(check_object(" {} ", Part::Header), Ok(()));
    }

    #[test]
    fn rejects_duplicates_at_every_level() {
        assert_eq!(
            err(r#"{"alg":"HS256","alg":"none"}"#),
            Some(Malformed::DuplicateMember(Part::Header))
        );
        assert_eq!(
            err(r#"{"a":{"x":1,"x":2}}"#),
            Some(Malformed::DuplicateMember(Part::Header))
        );
        assert_eq!(
            err(r#"{"a":[{"x":1,"x":2}]}"#),
            Some(Malformed::DuplicateMember(Part::Header))
        );
        // An escaped spelling of the same name is the same name.
        assert_eq!(
            err(r#"{"alg":1,"\u0061lg":2}"#),
            Some(Malformed::DuplicateMember(Part::Header))
        );
    }

    #[test]
    fn rejects_non_objects() {
        for t in ["[]", "1", "\"s\"", "null", "true", "[{}]"] {
            assert_eq!(err(t), Some(Malformed::NotObject(Part::Header)), "{t}");
        }
    }

    #[test]
    fn rejects_deep_nesting() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(err(&deep), Some(Malformed::TooDeep(Part::Header)));
        let ok = format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check_object(&ok, Part::Header), Ok(()));
    }

    #[test]
    fn rejects_lenient_json() {
        for t in [
            "{\"a\":1} x",
            "{\"a\":1,}",
            "{/*c*/\"a\":1}",
            "{\"a\":NaN}",
            "\u{feff}{\"a\":1}",
            "{\"a\":\"\\ud800\"}",
            "",
        ] {
            assert!(matches!(err(t), Some(Malformed::Json { .. })), "{t:?}");
        }
    }

    #[test]
    fn rejects_bad_utf8_and_size() {
        assert_eq!(
            object_text(b"{\"a\":\"\xff\xfe\"}", Part::Payload, 100),
            Err(Malformed::Utf8(Part::Payload).into())
        );
        assert_eq!(
            object_text(b"{\"a\":\"\xc0\xaf\"}", Part::Payload, 100),
            Err(Malformed::Utf8(Part::Payload).into())
        );
        assert_eq!(
            object_text(b"{}", Part::Payload, 1),
            Err(Malformed::TooLarge { limit: 1 }.into())
        );
    }

    #[test]
    fn many_members_are_fast_enough() {
        let body: Vec<String> = (0..60_000).map(|i| format!("\"k{i}\":1")).collect();
        let text = format!("{{{}}}", body.join(","));
        assert_eq!(check_object(&text, Part::Payload), Ok(()));
    }
}
