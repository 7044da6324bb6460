//! The registered claims of a payload (RFC 7519 §4.1), read by a strict
//! visitor: [`RegisteredClaims`] is what validation looks at.
//!
//! Two views of one payload, on purpose. [`Claims<C>`](super::Claims) is what
//! a caller wants: registered claims plus their own `C`. [`RegisteredClaims`]
//! is what a validator needs: only the seven registered claims, each
//! type-checked exactly, and the names of the other members, with their
//! values skipped unread. A registered claim that is present with the wrong
//! JSON type is malformed, never "absent" (CVE-2026-25537).

use core::fmt;
use std::borrow::Cow;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::{Audience, NumericDate};
use crate::error::{Malformed, Part, Result};
use crate::json;

/// The registered claims of a payload (RFC 7519 §4.1), each checked for its
/// exact JSON type, plus the names of all other top-level members.
///
/// This is what [`crate::jwt::Validation`] reads. Building it never coerces:
/// `exp`, `nbf` and `iat` must be JSON numbers, `iss`, `sub` and `jti`
/// strings, `aud` a string or an array of strings. Values of other members
/// are skipped without being decoded; only their names are kept, for
/// [`Validation::require`](crate::jwt::Validation::require).
///
/// # Examples
///
/// ```
/// use jot::jwt::{NumericDate, RegisteredClaims};
/// let rc = RegisteredClaims::from_json(r#"{"exp":1700003600,"role":"admin"}"#)?;
/// assert_eq!(rc.exp(), Some(NumericDate::from_secs(1_700_003_600)));
/// assert!(rc.has("role") && rc.has("exp") && !rc.has("nbf"));
///
/// // A present but mistyped claim is malformed, never "absent".
/// assert!(matches!(RegisteredClaims::from_json(r#"{"exp":"1700003600"}"#), Err(jot::Error::Malformed(_))));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegisteredClaims {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Audience>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    jti: Option<String>,
    /// Names of the other top-level members, sorted for `has`.
    others: Vec<String>,
}

/// The rule each registered claim breaks when mistyped.
const NUMERIC_DATE_RULE: &str = "must be a NumericDate (a JSON number)";
const STRING_RULE: &str = "must be a string";
const AUDIENCE_RULE: &str = "must be a string or an array of strings";

fn member(name: &'static str, rule: &'static str) -> Malformed {
    Malformed::Member {
        part: Part::Payload,
        name,
        rule,
    }
}

impl RegisteredClaims {
    /// Reads the registered claims from a JWT claims set's JSON text
    /// (RFC 7519 §4.1, §7.2 step 10).
    ///
    /// `text` is expected to have passed [`json::object_text`] (duplicates at
    /// every level, depth); this function itself refuses a non-object, a
    /// repeated top-level name, and trailing data.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`](crate::Error::Malformed): `Member { part: Payload, name, rule }` for a
    /// registered claim of the wrong type or out of `f64` range (`1e400`),
    /// `NotObject`, `DuplicateMember` or `Json`, all for [`Part::Payload`].
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::{Error, Malformed, Part};
    /// let err = jot::jwt::RegisteredClaims::from_json(r#"{"nbf":null}"#);
    /// assert_eq!(err, Err(Error::Malformed(Malformed::Member {
    ///     part: Part::Payload, name: "nbf", rule: "must be a NumericDate (a JSON number)" })));
    /// ```
    pub fn from_json(text: &str) -> Result<RegisteredClaims> {
        RegisteredClaims::read(text, None)
    }

    /// [`RegisteredClaims::from_json`], remembering only the other member
    /// names in `keep` (the ones a validation requires): no allocation per claim.
    pub(crate) fn from_json_keeping(text: &str, keep: &[String]) -> Result<RegisteredClaims> {
        RegisteredClaims::read(text, Some(keep))
    }

    fn read(text: &str, keep: Option<&[String]>) -> Result<RegisteredClaims> {
        let found = core::cell::Cell::new(None);
        let mut de = serde_json::Deserializer::from_str(text);
        let read = de
            .deserialize_map(ClaimsVisitor {
                found: &found,
                keep,
            })
            .and_then(|claims| de.end().map(|()| claims));
        match read {
            Ok(claims) => Ok(claims),
            Err(e) => Err(match found.take() {
                Some(m) => m,
                // The only data error left is "not a map" at the top level.
                None if e.is_data() => Malformed::NotObject(Part::Payload),
                None => json::json_error(&e, Part::Payload),
            }
            .into()),
        }
    }

    /// `iss` (Issuer), RFC 7519 §4.1.1, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"iss":"a"}"#)?;
    /// assert_eq!(rc.iss(), Some("a"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn iss(&self) -> Option<&str> {
        self.iss.as_deref()
    }

    /// `sub` (Subject), RFC 7519 §4.1.2, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"sub":"u"}"#)?;
    /// assert_eq!(rc.sub(), Some("u"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn sub(&self) -> Option<&str> {
        self.sub.as_deref()
    }

    /// `aud` (Audience), RFC 7519 §4.1.3, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"aud":[]}"#)?;
    /// assert_eq!(rc.aud().map(|a| a.iter().count()), Some(0));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn aud(&self) -> Option<&Audience> {
        self.aud.as_ref()
    }

    /// `exp` (Expiration Time), RFC 7519 §4.1.4, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"exp":1.5}"#)?;
    /// assert_eq!(rc.exp().map(|d| d.as_secs_f64()), Some(1.5));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn exp(&self) -> Option<NumericDate> {
        self.exp
    }

    /// `nbf` (Not Before), RFC 7519 §4.1.5, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"nbf":0}"#)?;
    /// assert!(rc.nbf().is_some());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn nbf(&self) -> Option<NumericDate> {
        self.nbf
    }

    /// `iat` (Issued At), RFC 7519 §4.1.6, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json("{}")?;
    /// assert!(rc.iat().is_none());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn iat(&self) -> Option<NumericDate> {
        self.iat
    }

    /// `jti` (JWT ID), RFC 7519 §4.1.7, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"jti":"x1"}"#)?;
    /// assert_eq!(rc.jti(), Some("x1"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn jti(&self) -> Option<&str> {
        self.jti.as_deref()
    }

    /// Whether the claims set has a top-level member named `name`, registered
    /// or not (RFC 7519 §4). Names are case-sensitive: `EXP` is not `exp`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rc = jot::jwt::RegisteredClaims::from_json(r#"{"exp":1,"scope":null}"#)?;
    /// assert!(rc.has("exp") && rc.has("scope") && !rc.has("EXP"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn has(&self, name: &str) -> bool {
        match name {
            "iss" => self.iss.is_some(),
            "sub" => self.sub.is_some(),
            "aud" => self.aud.is_some(),
            "exp" => self.exp.is_some(),
            "nbf" => self.nbf.is_some(),
            "iat" => self.iat.is_some(),
            "jti" => self.jti.is_some(),
            other => self
                .others
                .binary_search_by(|n| n.as_str().cmp(other))
                .is_ok(),
        }
    }
}

/// A top-level member name: registered names are matched without allocating,
/// and other names are borrowed from the input when they have no escapes.
enum Field<'de> {
    Iss,
    Sub,
    Aud,
    Exp,
    Nbf,
    Iat,
    Jti,
    Other(Cow<'de, str>),
}

impl<'de> Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let crate::json::MemberName(name) = Deserialize::deserialize(d)?;
        Ok(match name.as_ref() {
            "iss" => Field::Iss,
            "sub" => Field::Sub,
            "aud" => Field::Aud,
            "exp" => Field::Exp,
            "nbf" => Field::Nbf,
            "iat" => Field::Iat,
            "jti" => Field::Jti,
            _ => Field::Other(name),
        })
    }
}

struct ClaimsVisitor<'c> {
    found: &'c core::cell::Cell<Option<Malformed>>,
    /// Which other member names to keep for [`RegisteredClaims::has`]:
    /// all of them, or only those a validation will ask about.
    keep: Option<&'c [String]>,
}

impl ClaimsVisitor<'_> {
    /// Reads one registered claim into `slot`, turning any failure into a
    /// `Member` error that names it.
    fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
        rule: &'static str,
    ) -> core::result::Result<(), A::Error> {
        if slot.is_some() {
            return Err(self.fail(Malformed::DuplicateMember(Part::Payload)));
        }
        match map.next_value::<T>() {
            Ok(v) => {
                *slot = Some(v);
                Ok(())
            }
            Err(_) => Err(self.fail(member(name, rule))),
        }
    }

    fn fail<E: de::Error>(&self, m: Malformed) -> E {
        self.found.set(Some(m));
        E::custom("rejected by jot's claim type rules")
    }
}

impl<'de> Visitor<'de> for ClaimsVisitor<'_> {
    type Value = RegisteredClaims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JWT claims set (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> core::result::Result<RegisteredClaims, A::Error> {
        let mut c = RegisteredClaims::default();
        // Every other name, borrowed, for the duplicate check at the end.
        let mut seen: Vec<Cow<'de, str>> = Vec::new();
        while let Some(field) = map.next_key::<Field<'de>>()? {
            match field {
                Field::Iss => self.read(&mut map, &mut c.iss, "iss", STRING_RULE)?,
                Field::Sub => self.read(&mut map, &mut c.sub, "sub", STRING_RULE)?,
                Field::Aud => self.read(&mut map, &mut c.aud, "aud", AUDIENCE_RULE)?,
                Field::Exp => self.read(&mut map, &mut c.exp, "exp", NUMERIC_DATE_RULE)?,
                Field::Nbf => self.read(&mut map, &mut c.nbf, "nbf", NUMERIC_DATE_RULE)?,
                Field::Iat => self.read(&mut map, &mut c.iat, "iat", NUMERIC_DATE_RULE)?,
                Field::Jti => self.read(&mut map, &mut c.jti, "jti", STRING_RULE)?,
                Field::Other(name) => {
                    // Not decoded, but held to the strict rules (no duplicate
                    // members inside, bounded depth), so one pass checks all.
                    map.next_value_seed(crate::json::StrictSkip {
                        depth: 1,
                        part: Part::Payload,
                        found: self.found,
                    })?;
                    if self.keep.is_none_or(|keep| keep.iter().any(|k| *k == name)) {
                        c.others.push(name.to_string());
                    }
                    seen.push(name);
                }
            }
        }
        seen.sort_unstable();
        if seen.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(self.fail(Malformed::DuplicateMember(Part::Payload)));
        }
        c.others.sort_unstable();
        Ok(c)
    }
}
