//! The claims set types: `NumericDate` (RFC 7519 §2), `Audience`
//! (§4.1.3), `Claims` (§4) and the strict `RegisteredClaims` (§4.1).

use super::*;

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
