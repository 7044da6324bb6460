//! The trace of validation: each check recorded once, in order, with the
//! values it compared (clipped).

use super::*;
use crate::trace::Recorder;

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
            "claims", "required", "required", "required", "exp", "nbf", "iat", "max_age", "iss",
            "aud", "sub"
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
    let typ_traced = |va: Validation, typ: Option<&str>, trace: &mut Vec<Step>| {
        va.run_typ(typ, &mut Recorder(trace))
    };
    assert_eq!(
        typ_traced(v().typ("at+jwt"), Some("JWT"), &mut trace),
        Err(Error::InvalidType)
    );
    assert_eq!(
        trace[0].detail,
        r#"typ "JWT" does not match expected "at+jwt""#
    );
    trace.clear();
    assert!(typ_traced(v(), Some("JWT"), &mut trace).is_ok());
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
