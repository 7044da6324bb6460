//! A record of the checks validation performed, in order, with the values it
//! compared: what `jot explain` prints.
//!
//! The trace is written by the same code that decides: [`Validation::validate`]
//! and [`Validation::validate_json_traced`] both run one private function,
//! which hands each check's result to a recorder. Untraced, the recorder holds
//! nothing and the detail text is never formatted; traced, it pushes one
//! [`Step`] per check. So a trace cannot claim a check that did not run, or
//! miss one that did.
//!
//! [`Validation::validate`]: crate::jwt::Validation::validate
//! [`Validation::validate_json_traced`]: crate::jwt::Validation::validate_json_traced

use crate::error::{Error, Result};

/// One check performed while verifying a JWS (RFC 7515 §5.2) or validating a
/// JWT's claims (RFC 7519 §4.1, RFC 8725 §3.8-§3.11), as recorded by
/// [`jws::verify_traced`](crate::jws::verify_traced),
/// [`jwt::verify_traced`](crate::jwt::verify_traced) and
/// [`Validation::validate_json_traced`](crate::jwt::Validation::validate_json_traced).
///
/// The detail shows the compared values (claims are clipped to 64
/// characters); it never holds key material.
///
/// # Examples
///
/// ```
/// use jot::jwt::{Outcome, Validation};
/// let v = Validation::new(&[jot::Algorithm::HS256]).now(1_700_000_000);
/// let mut trace = Vec::new();
/// v.validate_json_traced(r#"{"exp":1700003600}"#, &mut trace)?;
/// let exp = trace.iter().find(|s| s.name == "exp");
/// assert_eq!(exp.map(|s| s.detail.as_str()), Some("exp 1700003600 vs now 1700000000, leeway 0: not expired"));
/// assert!(exp.is_some_and(|s| s.outcome == Outcome::Pass));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Which check. For the JWS: `"size"`, `"segments"`, `"header"`,
    /// `"crit"`, `"alg"`, `"key"`, `"signature"`, `"payload"`. For the JWT:
    /// `"typ"`, `"claims"`, `"required"`, `"exp"`, `"nbf"`, `"iat"`,
    /// `"max_age"`, `"iss"`, `"aud"`, `"sub"`, `"decode"`.
    pub name: &'static str,
    /// The values compared and the conclusion, for people.
    pub detail: String,
    /// What the check concluded.
    pub outcome: Outcome,
}

/// The conclusion of one [`Step`].
///
/// # Examples
///
/// ```
/// use jot::jwt::Outcome;
/// assert_ne!(Outcome::Pass, Outcome::Fail(jot::Error::Expired));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The check ran and passed.
    Pass,
    /// The check ran and failed with this error; validation stopped here.
    Fail(Error),
    /// The check did not apply (claim absent and optional, or not configured).
    Skipped,
}

/// Where the steps of a verification go: [`Untraced`] drops them (and its
/// calls compile to nothing: the hot path carries no trace code at all), a
/// [`Recorder`] keeps them. Each check is one line of logic and one call
/// here; the detail text is formatted only when tracing.
pub(crate) trait Record {
    /// Whether steps are being recorded.
    fn tracing(&self) -> bool;

    /// Records a check's `result` and returns it unchanged, so callers write
    /// `rec.check(..)?` and the first failure ends validation.
    fn check(
        &mut self,
        name: &'static str,
        detail: impl FnOnce() -> String,
        result: Result<()>,
    ) -> Result<()>;

    /// Records a step that produces a value: the outcome comes from `result`,
    /// the detail from `detail`, which sees the result.
    fn record<T>(
        &mut self,
        name: &'static str,
        result: Result<T>,
        detail: impl FnOnce(&Result<T>) -> String,
    ) -> Result<T>;

    /// Records a check that did not apply.
    fn skip(&mut self, name: &'static str, detail: impl FnOnce() -> String);
}

/// No trace: `verify`, `validate` and every other untraced entry point.
pub(crate) struct Untraced;

impl Record for Untraced {
    #[inline(always)]
    fn tracing(&self) -> bool {
        false
    }

    #[inline(always)]
    fn check(
        &mut self,
        _: &'static str,
        _: impl FnOnce() -> String,
        result: Result<()>,
    ) -> Result<()> {
        result
    }

    #[inline(always)]
    fn record<T>(
        &mut self,
        _: &'static str,
        result: Result<T>,
        _: impl FnOnce(&Result<T>) -> String,
    ) -> Result<T> {
        result
    }

    #[inline(always)]
    fn skip(&mut self, _: &'static str, _: impl FnOnce() -> String) {}
}

/// A trace into a caller's vector: `verify_traced` and `jot explain`.
pub(crate) struct Recorder<'t>(pub(crate) &'t mut Vec<Step>);

impl Record for Recorder<'_> {
    fn tracing(&self) -> bool {
        true
    }

    fn check(
        &mut self,
        name: &'static str,
        detail: impl FnOnce() -> String,
        result: Result<()>,
    ) -> Result<()> {
        push(self.0, name, &result, |_| detail());
        result
    }

    fn record<T>(
        &mut self,
        name: &'static str,
        result: Result<T>,
        detail: impl FnOnce(&Result<T>) -> String,
    ) -> Result<T> {
        push(self.0, name, &result, detail);
        result
    }

    fn skip(&mut self, name: &'static str, detail: impl FnOnce() -> String) {
        push_skipped(self.0, name, detail);
    }
}

// The steps themselves, out of line and marked cold: traced verification
// is for people reading traces, and its formatting code stays out of the
// way of everything else.

/// Appends one step with the outcome of `result`.
#[cold]
#[inline(never)]
fn push<T>(
    trace: &mut Vec<Step>,
    name: &'static str,
    result: &Result<T>,
    detail: impl FnOnce(&Result<T>) -> String,
) {
    let outcome = match result {
        Ok(_) => Outcome::Pass,
        Err(e) => Outcome::Fail(e.clone()),
    };
    trace.push(Step {
        name,
        detail: detail(result),
        outcome,
    });
}

/// Appends one skipped step.
#[cold]
#[inline(never)]
fn push_skipped(trace: &mut Vec<Step>, name: &'static str, detail: impl FnOnce() -> String) {
    trace.push(Step {
        name,
        detail: detail(),
        outcome: Outcome::Skipped,
    });
}
