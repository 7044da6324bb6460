//! The "crit" (Critical) header parameter, RFC 7515 §4.1.11.
//!
//! `crit` lists extensions a recipient MUST understand, or reject the JWS.
//! Which extensions are understood depends on the API, so the caller says:
//! [`check_crit_with`] takes the list. [`check_crit`], used by the compact
//! `jws::verify` and `jwt::verify`, understands none, so any well-formed
//! `crit` is rejected there with [`Error::CritNotUnderstood`], RFC 7797's
//! `b64` included (SECURITY.md row 17 and rule 6: JWTs never use `b64:false`).
//! Only the explicit detached, unencoded and JSON serialization APIs pass
//! `&["b64"]`. A malformed `crit` is always [`Error::CritInvalid`].

use serde_json::{Map, Value};

use crate::error::{Error, Result};

use super::header::{Header, REGISTERED};

/// Checks `crit` well-formedness (RFC 7515 §4.1.11), without judging
/// whether the extensions are understood. Used when signing too.
///
/// # Errors
///
/// [`Error::CritInvalid`]: empty list, repeated entry, a registered name, or
/// a name that is not a member of the header.
pub fn check_crit_form(header: &Header) -> Result<()> {
    crit_form(header.crit.as_deref(), &header.extra)
}

/// The §4.1.11 form rules over a `crit` list and the header's other members;
/// shared by JWS and JWE (RFC 7516 §4.1.13 is the same rule).
pub(crate) fn crit_form(crit: Option<&[String]>, others: &Map<String, Value>) -> Result<()> {
    let Some(crit) = crit else {
        return Ok(());
    };
    // "Producers MUST NOT use the empty list "[]" as the "crit" value."
    if crit.is_empty() {
        return Err(Error::CritInvalid("must not be an empty list"));
    }
    let mut seen: Vec<&str> = crit.iter().map(String::as_str).collect();
    seen.sort_unstable();
    if seen.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(Error::CritInvalid("must not repeat a name"));
    }
    for name in crit {
        // "Producers MUST NOT include Header Parameter names defined by this specification".
        if REGISTERED.contains(&name.as_str()) {
            return Err(Error::CritInvalid(
                "must not list registered header parameters",
            ));
        }
        // The listed parameters must be present in the header.
        if !others.contains_key(name) {
            return Err(Error::CritInvalid(
                "lists a header parameter that is absent",
            ));
        }
    }
    Ok(())
}

/// Whether every extension `crit` lists is one of `understood`.
pub(crate) fn crit_understood(crit: Option<&[String]>, understood: &[&str]) -> Result<()> {
    match crit
        .unwrap_or_default()
        .iter()
        .find(|name| !understood.contains(&name.as_str()))
    {
        Some(name) => Err(Error::CritNotUnderstood(crate::error::clip(name))),
        None => Ok(()),
    }
}

/// Checks `crit` fully, understanding no extension: well formed, and
/// absent (any listed extension is refused). The rule of the compact
/// `jws::verify` and of `jwt::verify`.
///
/// # Errors
///
/// [`Error::CritInvalid`] as [`check_crit_form`];
/// [`Error::CritNotUnderstood`] naming the first listed extension.
pub fn check_crit(header: &Header) -> Result<()> {
    check_crit_with(header, &[])
}

/// Checks `crit` fully: well formed (§4.1.11), and every listed extension
/// one of `understood`, the extensions the calling API implements.
///
/// # Errors
///
/// [`Error::CritInvalid`] as [`check_crit_form`];
/// [`Error::CritNotUnderstood`] naming the first extension not in `understood`.
///
/// # Examples
///
/// ```
/// use jot::jws::{check_crit, check_crit_with, Header};
/// let h = Header::from_json(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#)?;
/// assert_eq!(check_crit(&h), Err(jot::Error::CritNotUnderstood("b64".into())));
/// assert_eq!(check_crit_with(&h, &["b64"]), Ok(()));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn check_crit_with(header: &Header, understood: &[&str]) -> Result<()> {
    check_crit_form(header)?;
    crit_understood(header.crit.as_deref(), understood)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(json: &str) -> Result<()> {
        Header::from_json(json.as_bytes()).and_then(|h| check_crit(&h))
    }

    #[test]
    fn absent_crit_is_fine() {
        assert_eq!(crit(r#"{"alg":"HS256"}"#), Ok(()));
    }

    #[test]
    fn crit_empty_list_rejected() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":[]}"#),
            Err(Error::CritInvalid("must not be an empty list"))
        );
    }

    #[test]
    fn crit_must_be_array_of_strings() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":"exp"}"#),
            Err(Error::CritInvalid("must be an array"))
        );
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":null}"#),
            Err(Error::CritInvalid("must be an array"))
        );
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":[1]}"#),
            Err(Error::CritInvalid("entries must be strings"))
        );
    }

    #[test]
    fn crit_registered_name_rejected() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":["alg"]}"#),
            Err(Error::CritInvalid(
                "must not list registered header parameters"
            ))
        );
    }

    #[test]
    fn crit_absent_member_rejected() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":["exp"]}"#),
            Err(Error::CritInvalid(
                "lists a header parameter that is absent"
            ))
        );
    }

    #[test]
    fn crit_unknown_extension_rejected() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#),
            Err(Error::CritNotUnderstood("exp".into()))
        );
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":["b64"],"b64":false}"#),
            Err(Error::CritNotUnderstood("b64".into()))
        );
    }

    #[test]
    fn understood_list_is_the_callers() {
        let h = Header::from_json(br#"{"alg":"HS256","crit":["b64","x"],"b64":false,"x":1}"#);
        let h = h.ok();
        assert_eq!(
            h.as_ref().map(|h| check_crit_with(h, &["b64"])),
            Some(Err(Error::CritNotUnderstood("x".into())))
        );
        assert_eq!(
            h.as_ref().map(|h| check_crit_with(h, &["b64", "x"])),
            Some(Ok(()))
        );
        // Form is still checked when everything is understood.
        let absent = Header::from_json(br#"{"alg":"HS256","crit":["b64"]}"#);
        assert_eq!(
            absent.map(|h| check_crit_with(&h, &["b64"])).ok(),
            Some(Err(Error::CritInvalid(
                "lists a header parameter that is absent"
            )))
        );
    }

    #[test]
    fn crit_repeated_rejected() {
        assert_eq!(
            crit(r#"{"alg":"HS256","crit":["x","x"],"x":1}"#),
            Err(Error::CritInvalid("must not repeat a name"))
        );
    }
}
