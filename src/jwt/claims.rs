//! The JWT claims set an application issues and reads (RFC 7519 §4):
//! [`Claims<C>`], the registered claims plus the application's own `C`.
//!
//! Validation does not read this type: it reads [`RegisteredClaims`], the
//! strictly typed view of the same payload (see `registered.rs`). A
//! registered claim that is present with the wrong JSON type is malformed,
//! never "absent" (CVE-2026-25537).
//!
//! [`RegisteredClaims`]: super::RegisteredClaims

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

use super::{Audience, NumericDate};

/// A JWT claims set (RFC 7519 §4): the registered claims, each optional, plus
/// the application's own claims `C`, flattened into the same JSON object.
///
/// `C` defaults to a JSON map, so unknown claims are kept. Serializing skips
/// absent registered claims. Reading refuses a registered claim of the wrong
/// type (`"exp": "1"`, `"exp": null`); it does not validate times, issuers or
/// audiences: [`crate::jwt::Validation`] does, on [`RegisteredClaims`](super::RegisteredClaims).
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
