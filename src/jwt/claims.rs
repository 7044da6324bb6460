//! The JWT claims set (RFC 7519 §4): [`NumericDate`], [`Audience`], the typed
//! [`Claims`] an application issues and reads, and the strictly typed
//! [`RegisteredClaims`] that validation looks at.
//!
//! Two views of one payload, on purpose. [`Claims<C>`] is what a caller wants:
//! registered claims plus their own `C`. [`RegisteredClaims`] is what a
//! validator needs: only the seven registered claims, each type-checked
//! exactly, and the names of the other members, with their values skipped
//! unread. A registered claim that is present with the wrong JSON type is
//! malformed, never "absent" (CVE-2026-25537).

use core::fmt;
use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::error::{Malformed, Part, Result};
use crate::json;

/// Converts whole seconds to `f64`.
///
/// Above 2^53 this rounds to the nearest representable value, which keeps
/// order (a huge `nbf` stays huge) and never wraps.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn secs_f64(secs: i64) -> f64 {
    secs as f64
}

/// Converts a non-negative count of seconds (leeway, max age) to `f64`; see
/// [`secs_f64`] for the rounding.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn duration_f64(secs: u64) -> f64 {
    secs as f64
}

/// A NumericDate (RFC 7519 §2): seconds since 1970-01-01T00:00:00Z UTC,
/// ignoring leap seconds, as a JSON number that may be fractional.
///
/// Stored as a finite `f64`, so every comparison in validation is a plain
/// float comparison: 2^70 is a valid (huge) date, never a wrapped one. It is
/// read only from a JSON number: `"1700003600"`, `null`, `true` or `[1]` are
/// refused (RFC 7519 §2; PyJWT 2.6 coerced the string). A number too large
/// for an `f64` (`1e400`) is refused too. Negative values are valid dates
/// before 1970.
///
/// Serialized as a JSON integer when whole, otherwise as a JSON float.
///
/// # Examples
///
/// ```
/// use jot::jwt::NumericDate;
/// let d = NumericDate::from_secs(1_700_000_000);
/// assert_eq!(serde_json::to_string(&d).ok().as_deref(), Some("1700000000"));
/// let half: NumericDate = serde_json::from_str("1700000000.5").map_err(|_| jot::Error::InvalidType)?;
/// assert_eq!(half.as_secs_f64(), 1_700_000_000.5);
/// assert!(serde_json::from_str::<NumericDate>("\"1700000000\"").is_err());
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct NumericDate(f64);

impl NumericDate {
    /// The date `secs` whole seconds after the epoch (RFC 7519 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// let d = jot::jwt::NumericDate::from_secs(-1);
    /// assert_eq!(d.as_secs_f64(), -1.0);
    /// ```
    pub fn from_secs(secs: i64) -> NumericDate {
        NumericDate(secs_f64(secs))
    }

    /// The date `secs` seconds after the epoch, or `None` when `secs` is not
    /// finite (RFC 7519 §2: a NumericDate is a JSON number, and JSON has no
    /// `NaN` or infinity).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::NumericDate;
    /// assert!(NumericDate::from_secs_f64(1.5).is_some());
    /// assert!(NumericDate::from_secs_f64(f64::NAN).is_none());
    /// ```
    pub fn from_secs_f64(secs: f64) -> Option<NumericDate> {
        secs.is_finite().then_some(NumericDate(secs))
    }

    /// Seconds since the epoch, possibly fractional (RFC 7519 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot::jwt::NumericDate::from_secs(7).as_secs_f64(), 7.0);
    /// ```
    pub fn as_secs_f64(self) -> f64 {
        self.0
    }

    /// The current time from the system clock, with sub-second precision
    /// (RFC 7519 §2).
    ///
    /// A clock set before 1970 gives a negative date, never a panic.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(jot::jwt::NumericDate::now().as_secs_f64() > 1_600_000_000.0);
    /// ```
    pub fn now() -> NumericDate {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => NumericDate(since.as_secs_f64()),
            Err(before) => NumericDate(-before.duration().as_secs_f64()),
        }
    }

    /// This date moved by `secs` seconds; saturates instead of wrapping.
    fn plus(self, secs: u64) -> NumericDate {
        let moved = self.0 + duration_f64(secs);
        // An f64 near f64::MAX plus a u64 rounds, it does not overflow to
        // infinity, but keep the type's invariant explicit.
        NumericDate(if moved.is_finite() { moved } else { f64::MAX })
    }

    /// The whole-second part, as issued tokens usually carry.
    fn floor(self) -> NumericDate {
        NumericDate(self.0.floor())
    }
}

impl fmt::Display for NumericDate {
    /// Whole dates print without a fraction (`1700000000`), others as
    /// floats (`1700000000.5`); beyond 10^21 in exponent form (`1e300`), so
    /// a trace line stays short.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.abs() < 1e21 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{:e}", self.0)
        }
    }
}

/// 2^127 as an `f64`: whole values below it in magnitude fit an `i128`.
const I128_LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;

impl Serialize for NumericDate {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < I128_LIMIT {
            // Whole and in range, so the conversion is exact. An `i128`
            // rather than an `i64` keeps 2^70 an integer in the JSON.
            #[allow(clippy::cast_possible_truncation)]
            let whole = self.0 as i128;
            s.serialize_i128(whole)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for NumericDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = NumericDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a NumericDate (a JSON number)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> core::result::Result<NumericDate, E> {
                Ok(NumericDate::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> core::result::Result<NumericDate, E> {
                Ok(NumericDate(duration_f64(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<NumericDate, E> {
                NumericDate::from_secs_f64(v)
                    .ok_or_else(|| E::custom("a NumericDate must be finite"))
            }
        }
        // `deserialize_any`, so a string is an error and not a parsed number.
        d.deserialize_any(NumberVisitor)
    }
}

/// The `aud` (Audience) claim (RFC 7519 §4.1.3): one string, or an array of
/// strings, each a case-sensitive principal name.
///
/// Kept in the form it arrived in and serialized back that way. An empty
/// array is well formed but matches nothing.
///
/// # Examples
///
/// ```
/// use jot::jwt::Audience;
/// let aud: Audience = serde_json::from_str(r#"["api","web"]"#).map_err(|_| jot::Error::InvalidAudience)?;
/// assert!(aud.contains("web"));
/// assert!(!aud.contains("Web"));
/// assert_eq!(aud.iter().collect::<Vec<_>>(), ["api", "web"]);
/// assert_eq!(serde_json::to_string(&Audience::from("api")).ok().as_deref(), Some(r#""api""#));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// `"aud": "x"`, the single-string form RFC 7519 §4.1.3 allows.
    Single(String),
    /// `"aud": ["x", "y"]`, the general form.
    Many(Vec<String>),
}

impl Audience {
    /// Whether `name` is one of the audiences, by exact, case-sensitive
    /// equality (RFC 7519 §4.1.3; never a prefix or substring match).
    ///
    /// # Examples
    ///
    /// ```
    /// let aud = jot::jwt::Audience::from("https://api.example");
    /// assert!(aud.contains("https://api.example"));
    /// assert!(!aud.contains("https://api.example/"));
    /// ```
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|a| a == name)
    }

    /// The audience names in order (RFC 7519 §4.1.3).
    ///
    /// # Examples
    ///
    /// ```
    /// let aud = jot::jwt::Audience::from(vec!["a".to_owned(), "b".to_owned()]);
    /// assert_eq!(aud.iter().count(), 2);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let slice: &[String] = match self {
            Audience::Single(one) => core::slice::from_ref(one),
            Audience::Many(many) => many,
        };
        slice.iter().map(String::as_str)
    }
}

impl From<&str> for Audience {
    fn from(one: &str) -> Self {
        Audience::Single(one.to_owned())
    }
}

impl From<String> for Audience {
    fn from(one: String) -> Self {
        Audience::Single(one)
    }
}

impl From<Vec<String>> for Audience {
    fn from(many: Vec<String>) -> Self {
        Audience::Many(many)
    }
}

impl fmt::Display for Audience {
    /// The JSON form, with each name clipped to 64 characters: this goes into
    /// traces, and the token is attacker-controlled.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Single(one) => write!(f, "{:?}", clip(one)),
            Audience::Many(many) => {
                f.write_str("[")?;
                for (i, name) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{:?}", clip(name))?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Bounds attacker-controlled text shown in a trace.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut short: String = s.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        match self {
            Audience::Single(one) => s.serialize_str(one),
            Audience::Many(many) => {
                let mut seq = s.serialize_seq(Some(many.len()))?;
                for name in many {
                    seq.serialize_element(name)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct AudienceVisitor;
        impl<'de> Visitor<'de> for AudienceVisitor {
            type Value = Audience;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Audience, E> {
                Ok(Audience::Single(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> core::result::Result<Audience, E> {
                Ok(Audience::Single(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> core::result::Result<Audience, A::Error> {
                // `String` refuses null, numbers and nested arrays (CVE-2020-26160).
                let mut many = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    many.push(name);
                }
                Ok(Audience::Many(many))
            }
        }
        d.deserialize_any(AudienceVisitor)
    }
}

/// A JWT claims set (RFC 7519 §4): the registered claims, each optional, plus
/// the application's own claims `C`, flattened into the same JSON object.
///
/// `C` defaults to a JSON map, so unknown claims are kept. Serializing skips
/// absent registered claims. Reading refuses a registered claim of the wrong
/// type (`"exp": "1"`, `"exp": null`); it does not validate times, issuers or
/// audiences: [`crate::jwt::Validation`] does, on [`RegisteredClaims`].
/// `C` must not itself hold members named like registered claims.
///
/// # Examples
///
/// Issuing:
///
/// ```
/// use jot::jwt::{Claims, NumericDate};
/// let claims = Claims::new(serde_json::Map::new())
///     .with_issuer("https://issuer.example")
///     .with_subject("user-42")
///     .with_audience("api")
///     .with_expiration(NumericDate::from_secs(1_700_003_600));
/// let json = serde_json::to_string(&claims).map_err(|_| jot::Error::InvalidType)?;
/// assert_eq!(json, r#"{"iss":"https://issuer.example","sub":"user-42","aud":"api","exp":1700003600}"#);
/// # Ok::<(), jot::Error>(())
/// ```
///
/// Reading typed custom claims:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Mine { role: String }
/// let c: jot::jwt::Claims<Mine> =
///     serde_json::from_str(r#"{"sub":"u","role":"admin"}"#).map_err(|_| jot::Error::InvalidType)?;
/// assert_eq!(c.custom.role, "admin");
/// assert_eq!(c.sub.as_deref(), Some("u"));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Claims<C = serde_json::Map<String, serde_json::Value>> {
    /// `iss` (Issuer), RFC 7519 §4.1.1: the principal that issued the JWT.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub iss: Option<String>,
    /// `sub` (Subject), RFC 7519 §4.1.2: the principal the JWT is about.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub sub: Option<String>,
    /// `aud` (Audience), RFC 7519 §4.1.3: the recipients the JWT is meant for.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub aud: Option<Audience>,
    /// `exp` (Expiration Time), RFC 7519 §4.1.4: on or after it, the JWT
    /// must not be accepted.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub exp: Option<NumericDate>,
    /// `nbf` (Not Before), RFC 7519 §4.1.5: before it, the JWT must not be
    /// accepted.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub nbf: Option<NumericDate>,
    /// `iat` (Issued At), RFC 7519 §4.1.6: when the JWT was issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub iat: Option<NumericDate>,
    /// `jti` (JWT ID), RFC 7519 §4.1.7: a unique identifier for the JWT.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub jti: Option<String>,
    /// The application's own claims (RFC 7519 §4.2, §4.3), in the same object.
    #[serde(flatten)]
    pub custom: C,
}

/// Reads a claim that is present: `null` is a type error, not "absent"
/// (absent is handled by `#[serde(default)]`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> core::result::Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl<C> Claims<C> {
    /// A claims set with no registered claims and the given custom claims
    /// (RFC 7519 §4).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(serde_json::Map::new());
    /// assert!(c.exp.is_none());
    /// ```
    pub fn new(custom: C) -> Self {
        Claims {
            iss: None,
            sub: None,
            aud: None,
            exp: None,
            nbf: None,
            iat: None,
            jti: None,
            custom,
        }
    }

    /// Sets `iss` (RFC 7519 §4.1.1).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(()).with_issuer("https://issuer.example");
    /// assert_eq!(c.iss.as_deref(), Some("https://issuer.example"));
    /// ```
    #[must_use]
    pub fn with_issuer(mut self, iss: impl Into<String>) -> Self {
        self.iss = Some(iss.into());
        self
    }

    /// Sets `sub` (RFC 7519 §4.1.2).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(()).with_subject("user-42");
    /// assert_eq!(c.sub.as_deref(), Some("user-42"));
    /// ```
    #[must_use]
    pub fn with_subject(mut self, sub: impl Into<String>) -> Self {
        self.sub = Some(sub.into());
        self
    }

    /// Sets `aud` (RFC 7519 §4.1.3) to one name (`"api"`) or several
    /// (`vec![..]`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(()).with_audience("api");
    /// assert!(c.aud.is_some_and(|a| a.contains("api")));
    /// ```
    #[must_use]
    pub fn with_audience(mut self, aud: impl Into<Audience>) -> Self {
        self.aud = Some(aud.into());
        self
    }

    /// Sets `exp` (RFC 7519 §4.1.4).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{Claims, NumericDate};
    /// let c = Claims::new(()).with_expiration(NumericDate::from_secs(1_700_003_600));
    /// assert_eq!(c.exp, Some(NumericDate::from_secs(1_700_003_600)));
    /// ```
    #[must_use]
    pub fn with_expiration(mut self, exp: NumericDate) -> Self {
        self.exp = Some(exp);
        self
    }

    /// Sets `nbf` (RFC 7519 §4.1.5).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{Claims, NumericDate};
    /// let c = Claims::new(()).with_not_before(NumericDate::from_secs(1_700_000_000));
    /// assert!(c.nbf.is_some());
    /// ```
    #[must_use]
    pub fn with_not_before(mut self, nbf: NumericDate) -> Self {
        self.nbf = Some(nbf);
        self
    }

    /// Sets `iat` (RFC 7519 §4.1.6).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{Claims, NumericDate};
    /// let c = Claims::new(()).with_issued_at(NumericDate::from_secs(1_700_000_000));
    /// assert!(c.iat.is_some());
    /// ```
    #[must_use]
    pub fn with_issued_at(mut self, iat: NumericDate) -> Self {
        self.iat = Some(iat);
        self
    }

    /// Sets `jti` (RFC 7519 §4.1.7).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(()).with_jwt_id("b7c1");
    /// assert_eq!(c.jti.as_deref(), Some("b7c1"));
    /// ```
    #[must_use]
    pub fn with_jwt_id(mut self, jti: impl Into<String>) -> Self {
        self.jti = Some(jti.into());
        self
    }

    /// Sets `iat` to now and `exp` to now + `secs` (RFC 7519 §4.1.4, §4.1.6),
    /// in whole seconds from the system clock.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = jot::jwt::Claims::new(()).expires_in(600);
    /// let (iat, exp) = (c.iat.map(|d| d.as_secs_f64()), c.exp.map(|d| d.as_secs_f64()));
    /// assert_eq!(exp.zip(iat).map(|(e, i)| e - i), Some(600.0));
    /// ```
    #[must_use]
    pub fn expires_in(self, secs: u64) -> Self {
        let now = NumericDate::now().floor();
        self.with_issued_at(now).with_expiration(now.plus(secs))
    }

    /// Sets `iat` to now, in whole seconds from the system clock
    /// (RFC 7519 §4.1.6).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(jot::jwt::Claims::new(()).issued_now().iat.is_some());
    /// ```
    #[must_use]
    pub fn issued_now(self) -> Self {
        self.with_issued_at(NumericDate::now().floor())
    }
}

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
