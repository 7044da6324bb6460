//! The `aud` (Audience) claim (RFC 7519 §4.1.3): one string or an array of
//! strings, kept in the form it arrived in.

use core::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::error::clip;

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
