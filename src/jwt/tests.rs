//! Tests for `jwt::claims`, `jwt::validation` and `jwt::trace`: boundaries
//! (RFC 7519 §4.1.4-§4.1.6), claim types (SECURITY.md rows 24, 27, 28),
//! context binding (rows 27-29) and the trace.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

use proptest::prelude::*;

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

mod numeric_date {
    use super::*;

    #[test]
    fn serializes_whole_as_integer_and_fraction_as_float() {
        let cases: &[(f64, &str)] = &[
            (1_700_000_000.0, "1700000000"),
            (1_700_000_000.5, "1700000000.5"),
            (-1.0, "-1"),
            (0.0, "0"),
            (1.180_591_620_717_411_3e21, "1180591620717411303424"),
            (1e300, "1e+300"),
        ];
        for &(secs, want) in cases {
            let d = NumericDate::from_secs_f64(secs).unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), want, "{secs}");
            let back: NumericDate = serde_json::from_str(want).unwrap();
            assert_eq!(back, d);
        }
    }

    #[test]
    fn reads_only_numbers() {
        for bad in [r#""1700003600""#, "null", "true", "[1]", "{}", "1e400"] {
            assert!(serde_json::from_str::<NumericDate>(bad).is_err(), "{bad}");
        }
        let big: NumericDate = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(big.as_secs_f64(), 18_446_744_073_709_551_615.0);
    }

    #[test]
    fn rejects_non_finite() {
        assert!(NumericDate::from_secs_f64(f64::INFINITY).is_none());
        assert!(NumericDate::from_secs_f64(f64::NEG_INFINITY).is_none());
        assert!(NumericDate::from_secs_f64(f64::NAN).is_none());
    }

    #[test]
    fn now_is_after_2023() {
        assert!(NumericDate::now().as_secs_f64() > 1_690_000_000.0);
    }

    #[test]
    fn display_is_short() {
        let show = |secs: f64| NumericDate::from_secs_f64(secs).unwrap().to_string();
        assert_eq!(NumericDate::from_secs(NOW).to_string(), "1700000000");
        assert_eq!(show(1_700_000_000.5), "1700000000.5");
        assert_eq!(show(1e20), "100000000000000000000");
        assert_eq!(show(2f64.powi(70)), "1.1805916207174113e21");
        assert_eq!(show(-1e300), "-1e300");
    }
}

mod audience {
    use super::*;

    #[test]
    fn keeps_its_form() {
        for text in [r#""a""#, r#"["a"]"#, r#"["a","b"]"#, "[]"] {
            let aud: Audience = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&aud).unwrap(), text);
        }
    }

    #[test]
    fn matches_exactly() {
        let aud = Audience::from(vec!["api".to_owned(), "https://x.example".to_owned()]);
        assert!(aud.contains("api"));
        for miss in ["API", "ap", "apix", "https://x.example/", ""] {
            assert!(!aud.contains(miss), "{miss}");
        }
        assert!(!Audience::Many(vec![]).contains(""));
    }

    #[test]
    fn refuses_wrong_types() {
        for bad in [
            "null",
            "1",
            "true",
            "{}",
            "[null]",
            r#"["a",null]"#,
            r#"[["a"]]"#,
            "[1]",
            r#"[{"a":1}]"#,
        ] {
            assert!(serde_json::from_str::<Audience>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_is_json_like() {
        let aud = Audience::from(vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(aud.to_string(), r#"["a","b"]"#);
        assert_eq!(Audience::from("a").to_string(), r#""a""#);
    }
}

mod claims {
    use super::*;

    #[test]
    fn serializing_skips_absent_claims() {
        let c = Claims::new(serde_json::Map::new());
        assert_eq!(serde_json::to_string(&c).unwrap(), "{}");
    }

    #[test]
    fn expires_in_sets_iat_and_exp() {
        let c = Claims::new(()).expires_in(60);
        let (iat, exp) = (c.iat.unwrap().as_secs_f64(), c.exp.unwrap().as_secs_f64());
        assert_eq!(exp - iat, 60.0);
        assert_eq!(iat.fract(), 0.0);
        // A huge lifetime does not wrap.
        let far = Claims::new(()).expires_in(u64::MAX);
        assert!(far.exp.unwrap().as_secs_f64() > 1e19);
    }

    #[test]
    fn reading_refuses_mistyped_registered_claims() {
        for bad in [
            r#"{"exp":"1700003600"}"#,
            r#"{"exp":null}"#,
            r#"{"iss":1}"#,
            r#"{"aud":[null]}"#,
            r#"{"sub":null}"#,
        ] {
            assert!(serde_json::from_str::<Claims>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn custom_claims_exclude_registered_ones() {
        let c: Claims = serde_json::from_str(r#"{"exp":1,"role":"admin"}"#).unwrap();
        assert_eq!(c.exp, Some(NumericDate::from_secs(1)));
        assert_eq!(c.custom.len(), 1);
        assert_eq!(c.custom.get("role"), Some(&serde_json::json!("admin")));
    }
}

mod registered {
    use super::*;

    fn parse(text: &str) -> Result<RegisteredClaims, Error> {
        RegisteredClaims::from_json(text)
    }

    /// SECURITY.md row 24: every wrong type of a NumericDate is malformed,
    /// required or not.
    #[test]
    fn numeric_dates_must_be_numbers() {
        let five_thousand_digits = format!("{{\"exp\":{}}}", "9".repeat(5001));
        for name in ["exp", "nbf", "iat"] {
            for value in [
                r#""1700003600""#,
                "null",
                "true",
                "false",
                "[1700003600]",
                "{}",
                "1e400",
                "-1e400",
            ] {
                let text = format!("{{\"{name}\":{value}}}");
                let static_name = match name {
                    "exp" => "exp",
                    "nbf" => "nbf",
                    _ => "iat",
                };
                assert_eq!(parse(&text), Err(member(static_name, ND)), "{text}");
                // Also when the claim is not required and validation is lax.
                let lax = v().allow_missing_exp().ignore_audience();
                assert_eq!(
                    lax.validate_json(&text),
                    Err(member(static_name, ND)),
                    "{text}"
                );
            }
        }
        assert_eq!(parse(&five_thousand_digits), Err(member("exp", ND)));
    }

    #[test]
    fn numeric_dates_accept_any_json_number() {
        let cases: &[(&str, f64)] = &[
            ("1700000000.5", 1_700_000_000.5),
            ("-1", -1.0),
            ("-0.5", -0.5),
            ("0", 0.0),
            ("1180591620717411303424", 2f64.powi(70)),
            ("1.7e9", 1.7e9),
        ];
        for &(text, want) in cases {
            let rc = parse(&format!(r#"{{"nbf":{text}}}"#)).unwrap();
            assert_eq!(rc.nbf().map(NumericDate::as_secs_f64), Some(want), "{text}");
        }
    }

    /// SECURITY.md row 28 (types) and `sub`/`jti`.
    #[test]
    fn string_claims_must_be_strings() {
        for (name, st) in [("iss", "iss"), ("sub", "sub"), ("jti", "jti")] {
            for value in ["null", "1", "true", r#"["a"]"#, r#"{"a":"b"}"#] {
                let text = format!("{{\"{name}\":{value}}}");
                assert_eq!(parse(&text), Err(member(st, STR)), "{text}");
            }
        }
    }

    /// SECURITY.md row 27 (types).
    #[test]
    fn audience_must_be_string_or_array_of_strings() {
        for value in [
            "null",
            "1",
            "true",
            "{}",
            "[null]",
            r#"["a",null]"#,
            r#"[["a"]]"#,
            "[1]",
        ] {
            let text = format!("{{\"aud\":{value}}}");
            assert_eq!(parse(&text), Err(member("aud", AUD)), "{text}");
        }
        assert_eq!(
            parse(r#"{"aud":[]}"#).unwrap().aud(),
            Some(&Audience::Many(vec![]))
        );
    }

    #[test]
    fn payload_must_be_one_object() {
        for text in ["[]", r#"[{"exp":1}]"#, "1", r#""x""#, "null", "true"] {
            assert_eq!(
                parse(text),
                Err(Error::Malformed(Malformed::NotObject(Part::Payload))),
                "{text}"
            );
        }
        assert!(matches!(
            parse(r#"{"exp":1} x"#),
            Err(Error::Malformed(Malformed::Json { .. }))
        ));
        assert!(matches!(
            parse(""),
            Err(Error::Malformed(Malformed::Json { .. }))
        ));
    }

    #[test]
    fn repeated_top_level_names_are_refused() {
        let dup = Err(Error::Malformed(Malformed::DuplicateMember(Part::Payload)));
        assert_eq!(parse(r#"{"exp":1,"exp":2}"#), dup);
        assert_eq!(parse(r#"{"x":1,"x":2}"#), dup);
    }

    #[test]
    fn other_members_are_skipped_but_named() {
        // Values of non-registered members are not decoded, but they are
        // held to the strict rules: 1e400 or a nested duplicate is malformed.
        assert!(parse(r#"{"a":1e400,"exp":1}"#).is_err());
        assert!(parse(r#"{"a":{"c":1,"c":2},"exp":1}"#).is_err());
        let rc = parse(r#"{"a":1,"b":{"c":[null]},"EXP":"x","exp":1}"#).unwrap();
        assert!(rc.has("a") && rc.has("b") && rc.has("EXP") && rc.has("exp"));
        assert!(!rc.has("c") && !rc.has("Exp") && !rc.has("iss"));
    }
}

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

#[test]
fn leeway_is_clamped() {
    assert_eq!(v().leeway_secs(), 0);
    assert_eq!(v().leeway(299).leeway_secs(), 299);
    assert_eq!(v().leeway(MAX_LEEWAY).leeway_secs(), 300);
    assert_eq!(v().leeway(301).leeway_secs(), 300);
    assert_eq!(v().leeway(u64::MAX).leeway_secs(), 300);
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
fn getters() {
    let va = Validation::new(&[Algorithm::ES256, Algorithm::EdDSA])
        .issuer("i")
        .audience("a")
        .typ("JWT");
    assert_eq!(va.algorithms(), &[Algorithm::ES256, Algorithm::EdDSA]);
    assert_eq!(va.accepted_issuers(), ["i"]);
    assert_eq!(va.accepted_audiences(), ["a"]);
    assert_eq!(va.expected_typ(), Some("JWT"));
}

mod trace {
    use super::*;

    fn steps(va: &Validation, text: &str) -> (Result<RegisteredClaims, Error>, Vec<Step>) {
        let mut trace = Vec::new();
        let r = va.validate_json_traced(text, &mut trace);
        (r, trace)
    }

    #[test]
    fn records_every_check_in_order() {
        let va = v().audience("a").issuer("i").leeway(0);
        let (r, trace) = steps(&va, r#"{"exp":1700003600,"iss":"i","aud":["a","b"]}"#);
        assert!(r.is_ok());
        let names: Vec<_> = trace.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "claims", "required", "required", "required", "exp", "nbf", "iat", "max_age",
                "iss", "aud", "sub"
            ]
        );
        let detail = |name: &str| {
            trace
                .iter()
                .rev()
                .find(|s| s.name == name)
                .map(|s| s.detail.clone())
        };
        assert_eq!(
            detail("exp").as_deref(),
            Some("exp 1700003600 vs now 1700000000, leeway 0: not expired")
        );
        assert_eq!(
            detail("aud").as_deref(),
            Some(r#"aud ["a","b"] contains "a""#)
        );
        assert_eq!(detail("iss").as_deref(), Some(r#"iss "i" is one of ["i"]"#));
        let outcome = |name: &str| {
            trace
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.outcome.clone())
        };
        assert_eq!(outcome("nbf"), Some(Outcome::Skipped));
        assert_eq!(outcome("exp"), Some(Outcome::Pass));
    }

    #[test]
    fn stops_at_the_first_failure() {
        let (r, trace) = steps(&v(), r#"{"exp":1700000000,"nbf":1800000000}"#);
        assert_eq!(r, Err(Error::Expired));
        let last = trace.last().unwrap();
        assert_eq!(last.name, "exp");
        assert_eq!(last.outcome, Outcome::Fail(Error::Expired));
        assert_eq!(
            last.detail,
            "exp 1700000000 vs now 1700000000, leeway 0: expired"
        );
        assert!(trace.iter().all(|s| s.name != "nbf"));
    }

    #[test]
    fn records_parse_failures() {
        let (r, trace) = steps(&v(), r#"{"exp":"1700003600"}"#);
        assert_eq!(r, Err(member("exp", ND)));
        assert_eq!(trace.len(), 1);
        assert_eq!(trace[0].outcome, Outcome::Fail(member("exp", ND)));
    }

    #[test]
    fn records_missing_claims() {
        let (r, trace) = steps(&v(), "{}");
        assert_eq!(r, Err(missing("exp")));
        assert_eq!(
            trace.last().map(|s| s.detail.as_str()),
            Some(r#""exp" missing (required by default)"#)
        );
    }

    #[test]
    fn clips_long_values() {
        let long = "x".repeat(10_000);
        let (_, trace) = steps(
            &v().issuer("i"),
            &format!(r#"{{"exp":9999999999,"iss":"{long}"}}"#),
        );
        assert!(trace.iter().all(|s| s.detail.len() < 200));
    }

    #[test]
    fn typ_steps() {
        let mut trace = Vec::new();
        assert_eq!(
            v().typ("at+jwt").check_typ_traced(Some("JWT"), &mut trace),
            Err(Error::InvalidType)
        );
        assert_eq!(
            trace[0].detail,
            r#"typ "JWT" does not match expected "at+jwt""#
        );
        trace.clear();
        assert!(v().check_typ_traced(Some("JWT"), &mut trace).is_ok());
        assert_eq!(trace[0].outcome, Outcome::Skipped);
    }

    /// The trace and the untraced result agree on a spread of inputs.
    #[test]
    fn traced_and_untraced_agree() {
        let va = v().issuer("i").audience("a").max_age(1000).leeway(5);
        for text in [
            "{}",
            r#"{"exp":1}"#,
            r#"{"exp":9999999999,"iat":1699999000,"iss":"i","aud":"a"}"#,
            r#"{"exp":9999999999,"iat":1699999000,"iss":"i","aud":"b"}"#,
            r#"{"exp":9999999999,"iat":1600000000,"iss":"i","aud":"a"}"#,
            r#"{"exp":null}"#,
        ] {
            let (traced, trace) = steps(&va, text);
            assert_eq!(traced, va.validate_json(text), "{text}");
            let failed: Vec<_> = trace
                .iter()
                .filter(|s| matches!(s.outcome, Outcome::Fail(_)))
                .collect();
            match &traced {
                Ok(_) => assert!(failed.is_empty()),
                Err(e) => {
                    assert_eq!(failed.len(), 1);
                    assert_eq!(
                        trace.last().map(|s| &s.outcome),
                        Some(&Outcome::Fail(e.clone()))
                    );
                }
            }
        }
    }
}

fn date() -> impl Strategy<Value = NumericDate> {
    // Quarters are exact in binary and in short decimal, so they round-trip.
    (-(1_i64 << 40)..(1_i64 << 40), 0..4_i32).prop_map(|(secs, q)| {
        NumericDate::from_secs_f64(NumericDate::from_secs(secs).as_secs_f64() + f64::from(q) * 0.25)
            .unwrap()
    })
}

fn audience_strategy() -> impl Strategy<Value = Audience> {
    prop_oneof![
        ".*".prop_map(Audience::Single),
        prop::collection::vec(".*", 0..4).prop_map(Audience::Many),
    ]
}

const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

fn claims_strategy() -> impl Strategy<Value = Claims<HashMap<String, String>>> {
    (
        (
            proptest::option::of(".*"),
            proptest::option::of(".*"),
            proptest::option::of(audience_strategy()),
            proptest::option::of(date()),
        ),
        (
            proptest::option::of(date()),
            proptest::option::of(date()),
            proptest::option::of(".*"),
            prop::collection::hash_map("[a-zA-Z_]{1,6}", ".*", 0..5),
        ),
    )
        .prop_map(|((iss, sub, aud, exp), (nbf, iat, jti, mut custom))| {
            custom.retain(|k, _| !REGISTERED.contains(&k.as_str()));
            Claims {
                iss,
                sub,
                aud,
                exp,
                nbf,
                iat,
                jti,
                custom,
            }
        })
}

proptest! {
    #[test]
    fn claims_round_trip(c in claims_strategy()) {
        let text = serde_json::to_string(&c).unwrap();
        crate::json::check_object(&text, Part::Payload).unwrap();

        let back: Claims<HashMap<String, String>> = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &c);

        let rc = RegisteredClaims::from_json(&text).unwrap();
        prop_assert_eq!(rc.iss(), c.iss.as_deref());
        prop_assert_eq!(rc.sub(), c.sub.as_deref());
        prop_assert_eq!(rc.aud(), c.aud.as_ref());
        prop_assert_eq!(rc.exp(), c.exp);
        prop_assert_eq!(rc.nbf(), c.nbf);
        prop_assert_eq!(rc.iat(), c.iat);
        prop_assert_eq!(rc.jti(), c.jti.as_deref());
        for name in c.custom.keys() {
            prop_assert!(rc.has(name));
        }
    }

    #[test]
    fn from_json_never_panics(text in ".{0,64}") {
        let _ = RegisteredClaims::from_json(&text);
    }

    #[test]
    fn exp_rule_is_exact(exp in -1000_i64..1000, leeway in 0_u64..400, now in -1000_i64..1000) {
        let va = Validation::new(&[]).now(now).leeway(leeway);
        let got = va.validate_json(&format!(r#"{{"exp":{exp}}}"#)).map(|_| ());
        let lee = i64::try_from(leeway.min(MAX_LEEWAY)).unwrap();
        let want = if now >= exp + lee { Err(Error::Expired) } else { Ok(()) };
        prop_assert_eq!(got, want);
    }
}
