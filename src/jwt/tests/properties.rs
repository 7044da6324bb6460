//! Properties: claims round-trip through JSON, reading never panics, and the
//! `exp` rule is exact for every leeway.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

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
