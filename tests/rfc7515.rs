//! RFC 7515 Appendix A (JWS examples) and RFC 7797 Section 4 (the `b64`
//! header parameter), from `test-vectors/rfc/`.
//!
//! RFC 7797 is run here because what it tests in jot is RFC 7515's `crit`
//! rule (§4.1.11): jot does not implement `b64`, so it must refuse 4.2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{rfc, run_jws_case, Case, NoKeys, Outcome, Tally};
use jot::{jws, Algorithm, Error, Jwk, VerifyingKey};

/// The compact examples of RFC 7515 Appendix A.1-A.4.
const APPENDIX_A: &[&str] = &[
    "rfc7515-a.1-hs256.json",
    "rfc7515-a.2-rs256.json",
    "rfc7515-a.3-es256.json",
    "rfc7515-a.4-es512.json",
];

/// The RFC 7515 A.1 HMAC key, bound to HS256.
fn a1_key() -> VerifyingKey {
    let v = rfc("rfc7515-a.1-hs256.json");
    let jwk = Jwk::from_json(&v.key.expect("key").to_string()).expect("A.1 key");
    VerifyingKey::from_jwk(&jwk, Algorithm::HS256).expect("A.1 key binds to HS256")
}

/// A.5: an unsecured JWS must be refused with `UnsecuredJwsRejected`, with a
/// key supplied and every algorithm allowed, and with no key at all.
fn a5_none() -> Outcome {
    let v = rfc("rfc7515-a.5-none.json");
    assert_eq!(v.expected, "reject-by-default");
    let compact = v.compact.expect("compact");
    let mut case = Case::new();
    case.check(
        "none".parse::<Algorithm>() == Err(Error::UnsecuredJwsRejected),
        || "\"none\".parse() is not UnsecuredJwsRejected".into(),
    );
    for (what, r) in [
        (
            "with the A.1 key",
            jws::verify(&compact, &a1_key(), &Algorithm::ALL),
        ),
        (
            "with no key",
            jws::verify(&compact, &NoKeys, &Algorithm::ALL),
        ),
    ] {
        match r {
            Err(Error::UnsecuredJwsRejected) => {}
            Ok(_) => case.fail(format!("{what}: unsecured JWS ACCEPTED")),
            Err(e) => case.fail(format!("{what}: got {e:?}, expected UnsecuredJwsRejected")),
        }
    }
    case.outcome_or(Outcome::PassNote(
        "rejected as expected: unsecured JWS (alg none)".into(),
    ))
}

#[test]
fn rfc7515_appendix_a() {
    let mut tally = Tally::new();
    for file in APPENDIX_A {
        let v = rfc(file);
        let c = v.jws_case();
        assert_eq!(
            v.supported == Some(true),
            v.expected == "valid",
            "{}: supported/expected disagree",
            v.id
        );
        tally.record(&c.id, run_jws_case(&c));
    }
    tally.record("rfc7515-a.5", a5_none());
    tally.print("rfc7515");
    tally.assert_clean(APPENDIX_A.len() + 1);
}

/// 4.2: `{"alg":"HS256","b64":false,"crit":["b64"]}`. jot does not implement
/// RFC 7797, so every form of it must be refused, the compact one with
/// `CritNotUnderstood("b64")`.
fn b64_false() -> Outcome {
    let v = rfc("rfc7797-4.2-b64-false.json");
    assert_eq!(v.kind, "jws-unencoded-payload");
    let key = a1_key();
    let mut case = Case::new();
    let detached = v.compact_detached.expect("compact_detached");
    match jws::verify(&detached, &key, &[Algorithm::HS256]) {
        Err(Error::CritNotUnderstood(name)) if name == "b64" => {}
        Ok(_) => case.fail("detached compact form ACCEPTED"),
        Err(e) => case.fail(format!(
            "detached compact form: got {e:?}, expected CritNotUnderstood(\"b64\")"
        )),
    }
    // The payload inline ("$.02" has a dot, so this is four segments).
    let inline = detached.replacen("..", &format!(".{}.", v.payload.expect("payload")), 1);
    if jws::verify(&inline, &key, &[Algorithm::HS256]).is_ok() {
        case.fail("inline unencoded payload ACCEPTED");
    }
    let flat = v.json_flattened.expect("json_flattened").to_string();
    if jws::verify(&flat, &key, &[Algorithm::HS256]).is_ok() {
        case.fail("flattened JSON serialization ACCEPTED");
    }
    case.outcome_or(Outcome::PassNote(
        "rejected as expected: unsupported extension (crit b64, RFC 7797 not implemented)".into(),
    ))
}

#[test]
fn rfc7797_section_4() {
    let mut tally = Tally::new();
    let v = rfc("rfc7797-4.1-b64-true.json");
    let c = v.jws_case();
    tally.record(&c.id, run_jws_case(&c));
    tally.record("rfc7797-4.2", b64_false());
    tally.print("rfc7797");
    tally.assert_clean(2);
}
