//! RFC 7515 Appendix A (JWS examples) and RFC 7797 Section 4 (the `b64`
//! header parameter), from `test-vectors/rfc/`.
//!
//! RFC 7797 is run here because it is RFC 7515's `crit` rule (§4.1.11) at
//! work: 4.2 must verify through the explicit APIs that understand `b64`
//! (`jws::verify_detached`, `jws::json::verify`) and be refused by the
//! compact `jws::verify`, which understands no extension.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{rfc, run_jws_case, Case, NoKeys, Outcome, Tally};
use jot::jws::json::Signer;
use jot::{jws, Algorithm, Error, Jwk, SigningKey, VerifyingKey};

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

/// 4.2: `{"alg":"HS256","b64":false,"crit":["b64"]}`. Verifies through the
/// detached compact and flattened JSON APIs, re-signs (see below), fails
/// on a changed payload; every form is refused by the compact `jws::verify`,
/// the detached one with `CritNotUnderstood("b64")`.
fn b64_false() -> Outcome {
    let v = rfc("rfc7797-4.2-b64-false.json");
    assert_eq!(v.kind, "jws-unencoded-payload");
    let key = a1_key();
    let mut case = Case::new();
    let detached = v.compact_detached.clone().expect("compact_detached");
    let payload = v.payload.clone().expect("payload");
    let flat_value = v.json_flattened.clone().expect("json_flattened");
    // The explicit APIs.
    match jws::verify_detached(&detached, payload.as_bytes(), &key, &[Algorithm::HS256]) {
        Ok(got) => case.check(got.payload == payload.as_bytes(), || {
            "verify_detached returned another payload".into()
        }),
        Err(e) => case.fail(format!("verify_detached: {e:?}")),
    }
    case.check(
        jws::verify_detached(&detached, b"$.03", &key, &[Algorithm::HS256])
            == Err(Error::InvalidSignature),
        || "verify_detached accepted another payload".into(),
    );
    match jws::json::verify(&flat_value.to_string(), &key, &[Algorithm::HS256]) {
        Ok(got) => case.check(
            got.payload == payload.as_bytes() && got.signature_index == 0,
            || "json::verify returned another payload or index".into(),
        ),
        Err(e) => case.fail(format!("json::verify (flattened): {e:?}")),
    }
    let mut other = flat_value.clone();
    other["payload"] = "$.03".into();
    case.check(
        jws::json::verify(&other.to_string(), &key, &[Algorithm::HS256])
            == Err(Error::InvalidSignature),
        || "json::verify accepted another payload".into(),
    );
    // Re-sign. jot writes `crit` before the other members, so its header is
    // {"alg":"HS256","crit":["b64"],"b64":false}, not the RFC's order: the
    // tokens are compared with the RFC's header segment swapped in, and the
    // signature must be the HMAC over jot's own signing input.
    let header = jws::Header::from_json(v.protected_header.as_deref().expect("header").as_bytes())
        .expect("4.2 header parses");
    let signer = Jwk::from_json(&v.key.as_ref().expect("key").to_string())
        .and_then(|jwk| SigningKey::from_jwk(&jwk, Algorithm::HS256))
        .expect("A.1 key signs");
    let jot_header = jot::b64::encode(r#"{"alg":"HS256","crit":["b64"],"b64":false}"#);
    let mut input = format!("{jot_header}.").into_bytes();
    input.extend_from_slice(payload.as_bytes());
    let want_sig = jot::b64::encode(signer.sign(&input).expect("hmac"));
    match jws::sign_detached(&header, payload.as_bytes(), &signer) {
        Ok(t) => case.check(t == format!("{jot_header}..{want_sig}"), || {
            format!("sign_detached gave {t}")
        }),
        Err(e) => case.fail(format!("sign_detached: {e:?}")),
    }
    match jws::json::sign_flattened(payload.as_bytes(), &Signer::new(&signer, header)) {
        Ok(doc) => {
            let mut want = flat_value.clone();
            want["protected"] = jot_header.clone().into();
            want["signature"] = want_sig.clone().into();
            case.check(
                serde_json::from_str::<serde_json::Value>(&doc).ok() == Some(want),
                || format!("sign_flattened gave {doc}"),
            );
            case.check(
                jws::json::verify(&doc, &key, &[Algorithm::HS256]).is_ok(),
                || "sign_flattened output does not verify".into(),
            );
        }
        Err(e) => case.fail(format!("sign_flattened: {e:?}")),
    }
    // The compact API must refuse every form.
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
    if jws::verify(&flat_value.to_string(), &key, &[Algorithm::HS256]).is_ok() {
        case.fail("flattened JSON serialization ACCEPTED by the compact jws::verify");
    }
    case.outcome_or(Outcome::PassNote(
        "verified by verify_detached and json::verify, re-signed (jot's header member order); refused by the compact jws::verify (crit b64 not understood there)".into(),
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
