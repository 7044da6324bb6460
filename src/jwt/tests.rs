//! Tests for `jwt::validation`: boundaries (RFC 7519 §4.1.4-§4.1.6), claim
//! types (SECURITY.md rows 24, 27, 28) and context binding (rows 27-29).
//! The claims set types are tested in `tests/claims_set.rs`, the trace in
//! `tests/trace.rs`, and properties in `tests/properties.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::*;
use crate::error::{Error, Malformed, Part};
use crate::jwa::Algorithm;

const NOW: i64 = 1_700_000_000;

fn v() -> Validation {
    Validation::new(&[Algorithm::HS256]).now(NOW)
}

fn member(name: &'static str, rule: &'static str) -> Error {
    Error::Malformed(Malformed::Member {
        part: Part::Payload,
        name,
        rule,
    })
}

const ND: &str = "must be a NumericDate (a JSON number)";
const STR: &str = "must be a string";
const AUD: &str = "must be a string or an array of strings";

fn missing(name: &str) -> Error {
    Error::MissingClaim(name.to_owned())
}

mod claims_set;
mod properties;
mod trace;

/// RFC 7519 §4.1.4: expired when now >= exp + leeway.
#[test]
fn exp_boundaries() {
    let cases: &[(i64, u64, Result<(), Error>)] = &[
        (NOW - 1, 0, Err(Error::Expired)),
        (NOW, 0, Err(Error::Expired)),
        (NOW + 1, 0, Ok(())),
        (NOW - 6, 5, Err(Error::Expired)),
        (NOW - 5, 5, Err(Error::Expired)),
        (NOW - 4, 5, Ok(())),
        (NOW - 1, 5, Ok(())),
        (NOW, 5, Ok(())),
        (NOW + 1, 5, Ok(())),
        (-1, 0, Err(Error::Expired)),
    ];
    for (exp, leeway, want) in cases {
        let text = format!(r#"{{"exp":{exp}}}"#);
        let got = v().leeway(*leeway).validate_json(&text).map(|_| ());
        assert_eq!(&got, want, "exp {exp} leeway {leeway}");
    }
    // Fractional: half a second left is not expired.
    assert!(v().validate_json(r#"{"exp":1700000000.5}"#).is_ok());
    assert_eq!(
        v().validate_json(r#"{"exp":1699999999.5}"#),
        Err(Error::Expired)
    );
}

/// RFC 7519 §4.1.5: not yet valid when now < nbf - leeway; nbf == now is valid.
#[test]
fn nbf_boundaries() {
    let cases: &[(i64, u64, Result<(), Error>)] = &[
        (NOW - 1, 0, Ok(())),
        (NOW, 0, Ok(())),
        (NOW + 1, 0, Err(Error::NotYetValid)),
        (NOW + 4, 5, Ok(())),
        (NOW + 5, 5, Ok(())),
        (NOW + 6, 5, Err(Error::NotYetValid)),
        (NOW - 1, 5, Ok(())),
    ];
    for (nbf, leeway, want) in cases {
        let text = format!(r#"{{"exp":9999999999,"nbf":{nbf}}}"#);
        let got = v().leeway(*leeway).validate_json(&text).map(|_| ());
        assert_eq!(&got, want, "nbf {nbf} leeway {leeway}");
    }
    // 2^70 is a valid number and a date far in the future: never wraps.
    let huge = r#"{"exp":1180591620717411303424,"nbf":1180591620717411303424}"#;
    assert_eq!(v().leeway(300).validate_json(huge), Err(Error::NotYetValid));
    // nbf is checked even when exp is not required.
    assert_eq!(
        v().allow_missing_exp()
            .validate_json(&format!(r#"{{"nbf":{}}}"#, NOW + 1)),
        Err(Error::NotYetValid)
    );
}

/// RFC 7519 §4.1.6: iat after now + leeway is refused.
#[test]
fn iat_boundaries() {
    let cases: &[(i64, u64, Result<(), Error>)] = &[
        (NOW - 1, 0, Ok(())),
        (NOW, 0, Ok(())),
        (NOW + 1, 0, Err(Error::IssuedInFuture)),
        (NOW + 5, 5, Ok(())),
        (NOW + 6, 5, Err(Error::IssuedInFuture)),
    ];
    for (iat, leeway, want) in cases {
        let text = format!(r#"{{"exp":9999999999,"iat":{iat}}}"#);
        let got = v().leeway(*leeway).validate_json(&text).map(|_| ());
        assert_eq!(&got, want, "iat {iat} leeway {leeway}");
    }
}

#[test]
fn max_age() {
    let va = v().allow_missing_exp().max_age(60);
    let cases: &[(u64, i64, Result<(), Error>)] = &[
        (0, NOW - 60, Ok(())),
        (0, NOW - 61, Err(Error::TooOld)),
        (5, NOW - 65, Ok(())),
        (5, NOW - 66, Err(Error::TooOld)),
        (0, NOW, Ok(())),
    ];
    for (leeway, iat, want) in cases {
        let got = va
            .clone()
            .leeway(*leeway)
            .validate_json(&format!(r#"{{"iat":{iat}}}"#))
            .map(|_| ());
        assert_eq!(&got, want, "iat {iat} leeway {leeway}");
    }
    assert_eq!(va.validate_json("{}"), Err(missing("iat")));
    // A very negative iat is very old, not an overflow.
    assert_eq!(va.validate_json(r#"{"iat":-1.7e308}"#), Err(Error::TooOld));
}

/// `va` forgives exactly `secs` seconds past `exp`: expired at
/// `exp == now - secs`, valid one second later.
fn assert_leeway(va: &Validation, secs: i64) {
    let at = |exp: i64| va.validate_json(&format!(r#"{{"exp":{exp}}}"#));
    assert_eq!(at(NOW - secs), Err(Error::Expired), "leeway {secs}");
    assert!(at(NOW - secs + 1).is_ok(), "leeway {secs}");
}

#[test]
fn leeway_is_clamped() {
    assert_leeway(&v(), 0);
    assert_leeway(&v().leeway(299), 299);
    assert_leeway(&v().leeway(MAX_LEEWAY), 300);
    assert_leeway(&v().leeway(301), 300);
    assert_leeway(&v().leeway(u64::MAX), 300);
    // Clamped leeway in action: 301 seconds past exp is expired even with leeway(10_000).
    let text = format!(r#"{{"exp":{}}}"#, NOW - 301);
    assert_eq!(v().leeway(10_000).validate_json(&text), Err(Error::Expired));
    let text = format!(r#"{{"exp":{}}}"#, NOW - 299);
    assert!(v().leeway(10_000).validate_json(&text).is_ok());
}

#[test]
fn exp_is_required_by_default() {
    assert_eq!(v().validate_json("{}"), Err(missing("exp")));
    assert_eq!(
        v().validate_json(r#"{"EXP":9999999999}"#),
        Err(missing("exp"))
    );
    assert!(v().allow_missing_exp().validate_json("{}").is_ok());
    // A present exp is still checked when missing is allowed.
    assert_eq!(
        v().allow_missing_exp().validate_json(r#"{"exp":1}"#),
        Err(Error::Expired)
    );
}

#[test]
fn require_any_claim() {
    let va = v().allow_missing_exp().require("scope").require("jti");
    assert_eq!(va.validate_json("{}"), Err(missing("scope")));
    assert_eq!(va.validate_json(r#"{"scope":null}"#), Err(missing("jti")));
    assert!(va.validate_json(r#"{"scope":null,"jti":"1"}"#).is_ok());
    assert_eq!(
        va.validate_json(r#"{"Scope":1,"jti":"1"}"#),
        Err(missing("scope"))
    );
}

/// SECURITY.md row 28.
#[test]
fn issuer() {
    let va = v()
        .allow_missing_exp()
        .issuer("https://a.example")
        .issuers(&["https://b.example"]);
    let cases: &[(&str, Result<(), Error>)] = &[
        (r#"{"iss":"https://a.example"}"#, Ok(())),
        (r#"{"iss":"https://b.example"}"#, Ok(())),
        (r#"{"iss":"https://a.example/"}"#, Err(Error::InvalidIssuer)),
        (r#"{"iss":"https://A.example"}"#, Err(Error::InvalidIssuer)),
        (
            r#"{"iss":"https://a.example.evil"}"#,
            Err(Error::InvalidIssuer),
        ),
        (r#"{"iss":""}"#, Err(Error::InvalidIssuer)),
        ("{}", Err(missing("iss"))),
        (r#"{"iss":null}"#, Err(member("iss", STR))),
        (r#"{"iss":1}"#, Err(member("iss", STR))),
        (r#"{"iss":["https://a.example"]}"#, Err(member("iss", STR))),
    ];
    for (text, want) in cases {
        assert_eq!(&va.validate_json(text).map(|_| ()), want, "{text}");
    }
    // No issuer configured: iss is not checked.
    assert!(v()
        .allow_missing_exp()
        .validate_json(r#"{"iss":"anyone"}"#)
        .is_ok());
}

/// SECURITY.md row 27.
#[test]
fn audience() {
    let va = v().allow_missing_exp().audience("api").audience("web");
    let cases: &[(&str, Result<(), Error>)] = &[
        (r#"{"aud":"api"}"#, Ok(())),
        (r#"{"aud":"web"}"#, Ok(())),
        (r#"{"aud":["x","web"]}"#, Ok(())),
        (r#"{"aud":["api"]}"#, Ok(())),
        (r#"{"aud":[]}"#, Err(Error::InvalidAudience)),
        (r#"{"aud":"API"}"#, Err(Error::InvalidAudience)),
        (r#"{"aud":"ap"}"#, Err(Error::InvalidAudience)),
        (r#"{"aud":"apix"}"#, Err(Error::InvalidAudience)),
        (r#"{"aud":["x"]}"#, Err(Error::InvalidAudience)),
        ("{}", Err(missing("aud"))),
        (r#"{"aud":null}"#, Err(member("aud", AUD))),
        (r#"{"aud":1}"#, Err(member("aud", AUD))),
        (r#"{"aud":["api",null]}"#, Err(member("aud", AUD))),
        (r#"{"aud":[["api"]]}"#, Err(member("aud", AUD))),
    ];
    for (text, want) in cases {
        assert_eq!(&va.validate_json(text).map(|_| ()), want, "{text}");
    }
}

#[test]
fn audience_when_none_configured() {
    let va = v().allow_missing_exp();
    assert!(va.validate_json("{}").is_ok());
    assert_eq!(
        va.validate_json(r#"{"aud":"api"}"#),
        Err(Error::InvalidAudience)
    );
    assert_eq!(
        va.validate_json(r#"{"aud":[]}"#),
        Err(Error::InvalidAudience)
    );
    let ignoring = va.clone().ignore_audience();
    assert!(ignoring.validate_json(r#"{"aud":"api"}"#).is_ok());
    // Even ignored, a mistyped aud is malformed.
    assert_eq!(
        ignoring.validate_json(r#"{"aud":1}"#),
        Err(member("aud", AUD))
    );
    // audience() after ignore_audience() checks again; the reverse ignores.
    let checking = ignoring.audience("web");
    assert_eq!(
        checking.validate_json(r#"{"aud":"api"}"#),
        Err(Error::InvalidAudience)
    );
    assert!(checking
        .ignore_audience()
        .validate_json(r#"{"aud":"api"}"#)
        .is_ok());
}

#[test]
fn subject() {
    let va = v().allow_missing_exp().subject("u1");
    assert!(va.validate_json(r#"{"sub":"u1"}"#).is_ok());
    assert_eq!(
        va.validate_json(r#"{"sub":"U1"}"#),
        Err(Error::InvalidSubject)
    );
    assert_eq!(
        va.validate_json(r#"{"sub":"u1 "}"#),
        Err(Error::InvalidSubject)
    );
    assert_eq!(va.validate_json("{}"), Err(missing("sub")));
    assert_eq!(va.validate_json(r#"{"sub":7}"#), Err(member("sub", STR)));
}

#[test]
fn jti_type_is_checked() {
    assert_eq!(
        v().allow_missing_exp().validate_json(r#"{"jti":7}"#),
        Err(member("jti", STR))
    );
}

/// SECURITY.md row 29, RFC 8725 §3.11, RFC 7515 §4.1.9.
#[test]
fn typ_normalization() {
    let cases: &[(&str, Option<&str>, Result<(), Error>)] = &[
        ("JWT", Some("JWT"), Ok(())),
        ("JWT", Some("jwt"), Ok(())),
        ("JWT", Some("application/jwt"), Ok(())),
        ("application/JWT", Some("jwt"), Ok(())),
        ("JWT", Some("APPLICATION/JWT"), Ok(())),
        ("at+jwt", Some("application/at+JWT"), Ok(())),
        ("at+jwt", Some("AT+JWT"), Ok(())),
        ("at+jwt", Some("JWT"), Err(Error::InvalidType)),
        ("JWT", Some("at+jwt"), Err(Error::InvalidType)),
        ("JWT", Some("jwt "), Err(Error::InvalidType)),
        ("JWT", Some("application/"), Err(Error::InvalidType)),
        ("JWT", Some("text/jwt"), Err(Error::InvalidType)),
        (
            "JWT",
            Some("application/application/jwt"),
            Err(Error::InvalidType),
        ),
        ("JWT", Some(""), Err(Error::InvalidType)),
        ("JWT", None, Err(Error::InvalidType)),
        ("at+jwt", None, Err(Error::InvalidType)),
        // Multi-byte text near the prefix length must not panic.
        ("JWT", Some("applicatio\u{e9}jwt"), Err(Error::InvalidType)),
    ];
    for (expected, got, want) in cases {
        assert_eq!(
            &v().typ(expected).check_typ(*got),
            want,
            "{expected} vs {got:?}"
        );
    }
    // Nothing expected: anything passes, including absence.
    assert!(v().check_typ(None).is_ok());
    assert!(v().check_typ(Some("anything")).is_ok());
}

/// The documented order: the first failure wins.
#[test]
fn order_of_checks() {
    let va = v()
        .issuer("i")
        .audience("a")
        .subject("s")
        .max_age(10)
        .require("scope");
    // Everything wrong: the malformed claim wins over everything.
    assert_eq!(
        va.validate_json(r#"{"exp":1,"nbf":"x","iss":"no","aud":"no","sub":"no"}"#),
        Err(member("nbf", ND))
    );
    // Then presence: exp, then require()d, then iss, aud, sub, iat.
    assert_eq!(va.validate_json("{}"), Err(missing("exp")));
    assert_eq!(va.validate_json(r#"{"exp":1}"#), Err(missing("scope")));
    assert_eq!(
        va.validate_json(r#"{"exp":1,"scope":1}"#),
        Err(missing("iss"))
    );
    assert_eq!(
        va.validate_json(r#"{"exp":1,"scope":1,"iss":"x"}"#),
        Err(missing("aud"))
    );
    assert_eq!(
        va.validate_json(r#"{"exp":1,"scope":1,"iss":"x","aud":"x"}"#),
        Err(missing("sub"))
    );
    let base = r#""scope":1,"iss":"x","aud":"x","sub":"x""#;
    assert_eq!(
        va.validate_json(&format!(r#"{{"exp":1,{base}}}"#)),
        Err(missing("iat"))
    );
    // Then exp, nbf, iat, max_age, iss, aud, sub.
    let far = 9_999_999_999_i64;
    let soon = NOW + 100;
    let old = NOW - 100;
    let case = |exp: i64, nbf: i64, iat: i64, iss: &str, aud: &str, sub: &str| {
        va.validate_json(&format!(
            r#"{{"exp":{exp},"nbf":{nbf},"iat":{iat},"scope":1,"iss":"{iss}","aud":"{aud}","sub":"{sub}"}}"#
        ))
        .map(|_| ())
    };
    assert_eq!(case(1, soon, soon, "x", "x", "x"), Err(Error::Expired));
    assert_eq!(
        case(far, soon, soon, "x", "x", "x"),
        Err(Error::NotYetValid)
    );
    assert_eq!(
        case(far, 0, soon, "x", "x", "x"),
        Err(Error::IssuedInFuture)
    );
    assert_eq!(case(far, 0, old, "x", "x", "x"), Err(Error::TooOld));
    assert_eq!(case(far, 0, NOW, "x", "x", "x"), Err(Error::InvalidIssuer));
    assert_eq!(
        case(far, 0, NOW, "i", "x", "x"),
        Err(Error::InvalidAudience)
    );
    assert_eq!(case(far, 0, NOW, "i", "a", "x"), Err(Error::InvalidSubject));
    assert_eq!(case(far, 0, NOW, "i", "a", "s"), Ok(()));
}

#[test]
fn clock_injection() {
    fn fixed() -> NumericDate {
        NumericDate::from_secs(100)
    }
    let va = Validation::new(&[]).clock(fixed);
    assert_eq!(va.current_time(), NumericDate::from_secs(100));
    assert!(va.validate_json(r#"{"exp":101}"#).is_ok());
    assert_eq!(va.validate_json(r#"{"exp":100}"#), Err(Error::Expired));
    // The system clock is the default.
    assert!(Validation::new(&[]).validate_json(r#"{"exp":1}"#) == Err(Error::Expired));
    // now() overrides clock() and the reverse: the last call wins.
    assert_eq!(va.now(5).current_time(), NumericDate::from_secs(5));
}

#[test]
fn settings_take_effect() {
    let va = Validation::new(&[Algorithm::ES256, Algorithm::EdDSA])
        .issuer("i")
        .audience("a")
        .typ("JWT")
        .now(NOW);
    assert_eq!(va.algorithms(), &[Algorithm::ES256, Algorithm::EdDSA]);
    let good = format!(r#"{{"exp":{},"iss":"i","aud":"a"}}"#, NOW + 1);
    assert!(va.validate_json(&good).is_ok());
    let other_iss = good.replace(r#""iss":"i""#, r#""iss":"j""#);
    assert_eq!(va.validate_json(&other_iss), Err(Error::InvalidIssuer));
    let other_aud = good.replace(r#""aud":"a""#, r#""aud":"b""#);
    assert_eq!(va.validate_json(&other_aud), Err(Error::InvalidAudience));
    assert!(va.check_typ(Some("JWT")).is_ok());
    assert_eq!(va.check_typ(Some("at+jwt")), Err(Error::InvalidType));
    assert_eq!(va.check_typ(None), Err(Error::InvalidType));
}
