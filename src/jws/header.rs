//! The JOSE Header of a JWS (RFC 7515 §4).
//!
//! Members jot acts on are typed fields; every other member is kept, in
//! [`Header::extra`], so a header round-trips. The members that could hand a
//! verifier a key or a URL (`jwk`, `jku`, `x5u`, `x5c`, RFC 8725 §3.10) land
//! in `extra` too, where nothing in jot ever reads them.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::{Error, Malformed, Part, Result};
use crate::json::{MemberName, StrictValue};
use crate::jwa::Algorithm;
use crate::jwk::SigningKey;

/// The largest header jot decodes, in bytes of JSON (jot's bound, SECURITY.md
/// rule 5: a real header is well under 1 KiB).
pub const MAX_HEADER_LEN: usize = 8 * 1024;

/// Registered header member names: RFC 7515 §4.1's, then the JWE ones
/// (RFC 7516 §4.1: `enc`, `zip`; RFC 7518 §4.6.1, §4.7.1, §4.8.1: `epk`,
/// `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`). RFC 7515 §4.1.11 forbids
/// producers to list the names defined for JWS in `crit` and lets recipients
/// refuse them, as jot does; refusing the JWE names too is jot's choice, one
/// list for both. [`Header::extra`] may not hold the ones jot types.
pub const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// Members that are typed fields of [`Header`].
const TYPED: &[&str] = &["alg", "typ", "cty", "kid", "crit"];

/// A JWS JOSE Header (RFC 7515 §4).
///
/// # Examples
///
/// ```
/// use jot::{jws::Header, Algorithm};
/// let header = Header::new(Algorithm::HS256).with_typ("JWT").with_kid("2024-01");
/// assert_eq!(header.to_json()?, r#"{"alg":"HS256","typ":"JWT","kid":"2024-01"}"#);
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Header {
    /// "alg" (Algorithm), RFC 7515 §4.1.1. Required.
    pub alg: Algorithm,
    /// "typ" (Type), RFC 7515 §4.1.9: the media type of the whole JWS, e.g. `JWT`.
    pub typ: Option<String>,
    /// "cty" (Content Type), RFC 7515 §4.1.10: the media type of the payload.
    pub cty: Option<String>,
    /// "kid" (Key ID), RFC 7515 §4.1.4: selects a key from the caller's set, nothing more.
    pub kid: Option<String>,
    /// "crit" (Critical), RFC 7515 §4.1.11: extensions that must be understood.
    pub crit: Option<Vec<String>>,
    /// Every other member, as received (including `jwk`, `jku`, `x5u`, `x5c`, never used).
    pub extra: Map<String, Value>,
}

impl Header {
    /// A header with only `alg`.
    pub fn new(alg: Algorithm) -> Header {
        Header {
            alg,
            typ: None,
            cty: None,
            kid: None,
            crit: None,
            extra: Map::new(),
        }
    }

    /// A header with the key's `alg` and, if it has one, its `kid`.
    pub fn for_key(key: &SigningKey) -> Header {
        Header {
            kid: key.kid().map(str::to_owned),
            ..Header::new(key.alg())
        }
    }

    /// The usual JWT header: the key's `alg` and `kid`, and `typ: "JWT"`
    /// (RFC 7519 §5.1).
    pub fn jwt(key: &SigningKey) -> Header {
        Header::for_key(key).with_typ("JWT")
    }

    /// Sets `typ` (RFC 7515 §4.1.9).
    #[must_use]
    pub fn with_typ(mut self, typ: impl Into<String>) -> Header {
        self.typ = Some(typ.into());
        self
    }

    /// Sets `cty` (RFC 7515 §4.1.10).
    #[must_use]
    pub fn with_cty(mut self, cty: impl Into<String>) -> Header {
        self.cty = Some(cty.into());
        self
    }

    /// Sets `kid` (RFC 7515 §4.1.4).
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Header {
        self.kid = Some(kid.into());
        self
    }

    /// Adds any other member.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Header {
        self.extra.insert(name.into(), value.into());
        self
    }

    /// Serializes the header as compact JSON: typed members first, then `extra`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] with `DuplicateMember` if `extra` holds a name
    /// that is also a typed field (`alg`, `typ`, `cty`, `kid`, `crit`).
    pub fn to_json(&self) -> Result<String> {
        if self.extra.keys().any(|k| TYPED.contains(&k.as_str())) {
            return Err(Malformed::DuplicateMember(Part::Header).into());
        }
        serde_json::to_string(self).map_err(|e| crate::json::json_error(&e, Part::Header).into())
    }

    /// Parses a header from its decoded JSON bytes: RFC 7515 §5.2 steps 3
    /// and 4, and step 5 for `alg`, `typ`, `cty` and `kid` (step 5 for
    /// `crit` is [`crate::jws::check_crit`]).
    ///
    /// The JSON must be a strict object (see [`crate::json::check_object`]).
    /// `alg` must be a string naming an algorithm jot implements; `typ`,
    /// `cty` and `kid` must be strings when present. `crit` is kept as given
    /// here and checked by [`crate::jws::check_crit`].
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (JSON, duplicates, mistyped members),
    /// [`Error::UnsecuredJwsRejected`] for `"none"`,
    /// [`Error::UnsupportedAlgorithm`] for any other unknown name,
    /// [`Error::CritInvalid`] for a `crit` that is not an array of strings.
    pub fn from_json(bytes: &[u8]) -> Result<Header> {
        let text = crate::json::utf8_within(bytes, Part::Header, MAX_HEADER_LEN)?;
        // One strict pass: the typed members into slots, the rest into `extra`.
        let found = Cell::new(None);
        let mut de = serde_json::Deserializer::from_str(text);
        let read = de.deserialize_any(RawVisitor { found: &found });
        let raw = match read.and_then(|raw| de.end().map(|()| raw)) {
            Ok(raw) => raw,
            Err(e) => {
                let m = found
                    .take()
                    .unwrap_or_else(|| crate::json::json_error(&e, Part::Header));
                return Err(m.into());
            }
        };
        let alg = match raw.alg {
            Some(Member::Str(name)) => name.parse()?,
            Some(Member::NotString) => {
                return Err(member("alg", "must be a string (RFC 7515 §4.1.1)"))
            }
            None => return Err(member("alg", "is required (RFC 7515 §4.1.1)")),
        };
        let crit = match raw.crit {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .into_iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(s),
                        _ => Err(Error::CritInvalid("entries must be strings")),
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(Error::CritInvalid("must be an array")),
        };
        Ok(Header {
            alg,
            typ: string(raw.typ, "typ")?,
            cty: string(raw.cty, "cty")?,
            kid: string(raw.kid, "kid")?,
            crit,
            extra: raw.extra,
        })
    }
}

fn member(name: &'static str, rule: &'static str) -> Error {
    Malformed::Member {
        part: Part::Header,
        name,
        rule,
    }
    .into()
}

fn string(value: Option<Value>, name: &'static str) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(member(name, "must be a string")),
    }
}

/// The header members as read, before their types are judged.
#[derive(Default)]
struct Raw<'de> {
    /// Borrowed from the input when it is a plain string: it is only parsed.
    alg: Option<Member<'de>>,
    typ: Option<Value>,
    cty: Option<Value>,
    kid: Option<Value>,
    crit: Option<Value>,
    extra: Map<String, Value>,
}

/// Reads a header object in one pass, refusing duplicate members at every
/// level and bounding depth, as [`crate::json::check_object`] does.
struct RawVisitor<'c> {
    found: &'c Cell<Option<Malformed>>,
}

impl RawVisitor<'_> {
    fn value(&self) -> StrictValue<'_> {
        StrictValue {
            depth: 1,
            part: Part::Header,
            found: self.found,
        }
    }

    fn fail<E: de::Error>(&self, m: Malformed) -> E {
        self.found.set(Some(m));
        E::custom("rejected by jot's strict json rules")
    }
}

impl<'de> Visitor<'de> for RawVisitor<'_> {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JOSE header (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Raw<'de>, A::Error> {
        let mut raw = Raw::default();
        while let Some(MemberName(name)) = map.next_key()? {
            let slot = match name.as_ref() {
                "alg" => {
                    if raw.alg.is_some() {
                        return Err(self.fail(Malformed::DuplicateMember(Part::Header)));
                    }
                    raw.alg = Some(map.next_value_seed(MemberSeed(self.value()))?);
                    continue;
                }
                "typ" => &mut raw.typ,
                "cty" => &mut raw.cty,
                "kid" => &mut raw.kid,
                "crit" => &mut raw.crit,
                _ => {
                    let value = map.next_value_seed(self.value())?;
                    if raw.extra.insert(name.into_owned(), value).is_some() {
                        return Err(self.fail(Malformed::DuplicateMember(Part::Header)));
                    }
                    continue;
                }
            };
            if slot.is_some() {
                return Err(self.fail(Malformed::DuplicateMember(Part::Header)));
            }
            *slot = Some(map.next_value_seed(self.value())?);
        }
        Ok(raw)
    }

    // Anything but an object is not a header (RFC 7515 §4).
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> core::result::Result<Raw<'de>, A::Error> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
    fn visit_unit<E: de::Error>(self) -> core::result::Result<Raw<'de>, E> {
        Err(self.fail(Malformed::NotObject(Part::Header)))
    }
}

/// A member value that should be a string: borrowed from the input when it
/// has no escapes. Any other JSON value is still read as strictly as the
/// rest (duplicates, depth) and then only remembered as "not a string".
enum Member<'de> {
    Str(Cow<'de, str>),
    NotString,
}

/// Reads a [`Member`], handing everything but a string to [`StrictValue`].
struct MemberSeed<'c>(StrictValue<'c>);

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = Member<'de>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<Member<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed<'_> {
    type Value = Member<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> core::result::Result<Member<'de>, E> {
        Ok(Member::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Member<'de>, E> {
        Ok(Member::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> core::result::Result<Member<'de>, A::Error> {
        self.0.visit_map(map).map(|_| Member::NotString)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> core::result::Result<Member<'de>, A::Error> {
        self.0.visit_seq(seq).map(|_| Member::NotString)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> core::result::Result<Member<'de>, E> {
        self.0.visit_bool(v).map(|_| Member::NotString)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> core::result::Result<Member<'de>, E> {
        self.0.visit_i64(v).map(|_| Member::NotString)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> core::result::Result<Member<'de>, E> {
        self.0.visit_u64(v).map(|_| Member::NotString)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<Member<'de>, E> {
        self.0.visit_f64(v).map(|_| Member::NotString)
    }
    fn visit_unit<E: de::Error>(self) -> core::result::Result<Member<'de>, E> {
        self.0.visit_unit().map(|_| Member::NotString)
    }
}

impl Serialize for Header {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("alg", self.alg.name())?;
        if let Some(typ) = &self.typ {
            map.serialize_entry("typ", typ)?;
        }
        if let Some(cty) = &self.cty {
            map.serialize_entry("cty", cty)?;
        }
        if let Some(kid) = &self.kid {
            map.serialize_entry("kid", kid)?;
        }
        if let Some(crit) = &self.crit {
            map.serialize_entry("crit", crit)?;
        }
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Header> {
        Header::from_json(json.as_bytes())
    }

    #[test]
    fn alg_is_read_as_strictly_as_any_member() {
        let not_string = Err(member("alg", "must be a string (RFC 7515 §4.1.1)"));
        for json in [
            r#"{"alg":1}"#,
            r#"{"alg":null}"#,
            r#"{"alg":true}"#,
            r#"{"alg":1.5}"#,
            r#"{"alg":["HS256"]}"#,
            r#"{"alg":{"a":{}}}"#,
        ] {
            assert_eq!(parse(json), not_string, "{json}");
        }
        let duplicate = Err(Malformed::DuplicateMember(Part::Header).into());
        assert_eq!(parse(r#"{"alg":{"a":1,"a":2}}"#), duplicate);
        assert_eq!(parse(r#"{"alg":[{"a":1,"a":2}]}"#), duplicate);
        assert_eq!(parse(r#"{"alg":"HS256","alg":"HS256"}"#), duplicate);
        let deep = format!(r#"{{"alg":{}1{}}}"#, "[".repeat(40), "]".repeat(40));
        assert_eq!(parse(&deep), Err(Malformed::TooDeep(Part::Header).into()));
        // An escaped spelling is the same name.
        assert_eq!(
            parse(r#"{"alg":"HS\u0032\u00356"}"#).map(|h| h.alg),
            Ok(Algorithm::HS256)
        );
        assert_eq!(parse(r#"{"alg":"none"}"#), Err(Error::UnsecuredJwsRejected));
    }

    #[test]
    fn keeps_extra_members() {
        let h = parse(r#"{"alg":"ES256","kid":"k","x-custom":[1,2],"jwk":{"kty":"oct"}}"#).ok();
        assert_eq!(h.as_ref().map(|h| h.alg), Some(Algorithm::ES256));
        assert!(h
            .as_ref()
            .is_some_and(|h| h.extra.contains_key("x-custom") && h.extra.contains_key("jwk")));
    }

    #[test]
    fn alg_rules() {
        assert_eq!(
            parse(r#"{"typ":"JWT"}"#).err(),
            Some(member("alg", "is required (RFC 7515 §4.1.1)"))
        );
        for bad in [
            r#"{"alg":null}"#,
            r#"{"alg":1}"#,
            r#"{"alg":["HS256"]}"#,
            r#"{"alg":{}}"#,
        ] {
            assert!(
                matches!(
                    parse(bad),
                    Err(Error::Malformed(Malformed::Member { name: "alg", .. }))
                ),
                "{bad}"
            );
        }
        assert_eq!(
            parse(r#"{"alg":"none"}"#).err(),
            Some(Error::UnsecuredJwsRejected)
        );
        assert!(matches!(
            parse(r#"{"alg":""}"#),
            Err(Error::UnsupportedAlgorithm(_))
        ));
        assert!(matches!(
            parse(r#"{"alg":"HS256 "}"#),
            Err(Error::UnsupportedAlgorithm(_))
        ));
    }

    #[test]
    fn kid_must_be_a_string() {
        assert!(matches!(
            parse(r#"{"alg":"HS256","kid":7}"#),
            Err(Error::Malformed(Malformed::Member { name: "kid", .. }))
        ));
        assert!(matches!(
            parse(r#"{"alg":"HS256","typ":null}"#),
            Err(Error::Malformed(Malformed::Member { name: "typ", .. }))
        ));
    }

    #[test]
    fn duplicate_alg_is_malformed() {
        assert_eq!(
            parse(r#"{"alg":"HS256","alg":"none"}"#).err(),
            Some(Malformed::DuplicateMember(Part::Header).into())
        );
    }

    #[test]
    fn to_json_refuses_shadowing_extras() {
        let h = Header::new(Algorithm::HS256).with("alg", "none");
        assert_eq!(
            h.to_json().err(),
            Some(Malformed::DuplicateMember(Part::Header).into())
        );
    }

    #[test]
    fn round_trips() {
        let h = Header::new(Algorithm::EdDSA)
            .with_typ("JWT")
            .with_cty("x")
            .with_kid("k")
            .with("b", true);
        let back = h.to_json().and_then(|j| Header::from_json(j.as_bytes()));
        assert_eq!(back.ok(), Some(h));
    }
}
