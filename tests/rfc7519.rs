//! RFC 7519 Section 3.1 (the example JWT), signature part only: the JWS
//! verifies with the RFC 7515 A.1 key and the payload is a JSON object with
//! `exp` 1300819380. Claims validation is tested elsewhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{b64d, flip_bit, rfc, Case, Outcome, Tally};
use jot::{jws, Algorithm, Error, Jwk, VerifyingKey};
use serde_json::Value;

fn section_3_1() -> Outcome {
    let v = rfc("rfc7519-3.1-jwt.json");
    assert_eq!(v.kind, "jwt");
    let token = v.jwt.clone().expect("jwt");
    let claims = v.claims.clone().expect("claims");
    assert_eq!(
        b64d(v.claims_b64u.as_deref().expect("claims_b64u")),
        Some(claims.clone().into_bytes())
    );
    assert_eq!(
        b64d(v.header_b64u.as_deref().expect("header_b64u")),
        v.header.clone().map(String::into_bytes)
    );
    // The key is the RFC 7515 A.1 key (RFC 7519 §3.1 refers to it).
    let a1 = rfc("rfc7515-a.1-hs256.json");
    assert_eq!(v.key, a1.key, "RFC 7519 3.1 key is the RFC 7515 A.1 key");

    let mut case = Case::new();
    let jwk = Jwk::from_json(&a1.key.expect("key").to_string());
    let Some(key) = case.step(
        "key",
        jwk.and_then(|j| VerifyingKey::from_jwk(&j, Algorithm::HS256)),
    ) else {
        return case.outcome();
    };
    if let Some(verified) = case.step("verify", jws::verify(&token, &key, &[Algorithm::HS256])) {
        case.check(verified.payload == claims.as_bytes(), || {
            "payload differs from the claims text".into()
        });
        case.check(verified.header.typ.as_deref() == Some("JWT"), || {
            "typ is not JWT".into()
        });
        match serde_json::from_slice::<Value>(&verified.payload) {
            Ok(Value::Object(map)) => {
                case.check(
                    map.get("exp") == Some(&Value::from(1_300_819_380u64)),
                    || format!("exp is {:?}", map.get("exp")),
                );
                case.check(
                    Some(&Value::Object(map.clone())) == v.claims_parsed.as_ref(),
                    || "claims differ from claims_parsed".into(),
                );
            }
            other => case.fail(format!("payload is not a JSON object: {other:?}")),
        }
    }
    case.check(
        jws::verify(&flip_bit(&token, 2), &key, &[Algorithm::HS256])
            == Err(Error::InvalidSignature),
        || "signature bit flip not InvalidSignature".into(),
    );
    case.check(
        jws::verify(&flip_bit(&token, 1), &key, &[Algorithm::HS256]).is_err(),
        || "claims bit flip ACCEPTED".into(),
    );
    case.outcome()
}

#[test]
fn rfc7519_section_3_1_signature() {
    let mut tally = Tally::new();
    tally.record("rfc7519-3.1", section_3_1());
    tally.print("rfc7519");
    tally.assert_clean(1);
}
