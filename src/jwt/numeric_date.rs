//! The NumericDate type (RFC 7519 §2): seconds since the epoch as a JSON
//! number, which `exp`, `nbf` and `iat` carry.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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
    pub(super) fn plus(self, secs: u64) -> NumericDate {
        let moved = self.0 + duration_f64(secs);
        // An f64 near f64::MAX plus a u64 rounds, it does not overflow to
        // infinity, but keep the type's invariant explicit.
        NumericDate(if moved.is_finite() { moved } else { f64::MAX })
    }

    /// The whole-second part, as issued tokens usually carry.
    pub(super) fn floor(self) -> NumericDate {
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
