//! The JWS JSON Serialization (RFC 7515 §7.2) and its rejection paths, one
//! test per rule, plus the compact APIs that must keep refusing it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use jot::jws::json::{self, Signer, MAX_SIGNATURES};
use jot::jws::{self, Header};
use jot::{b64, jwt, Algorithm, Error, Malformed, Part, SigningKey, VerifyingKey};
use serde_json::{json, Value};

const SECRET: [u8; 32] = [9; 32];

fn signer() -> SigningKey {
    SigningKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn key() -> VerifyingKey {
    VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn verify(doc: &str) -> jot::Result<json::VerifiedJson> {
    json::verify(doc, &key(), &[Algorithm::HS256])
}

/// A flattened document over `payload_member`, with the protected header
/// JSON text (or none) and unprotected header, signed with the test key.
fn forge(protected: Option<&str>, header: Option<Value>, payload_member: &str) -> Value {
    let p = protected.map(b64::encode);
    let input = format!("{}.{payload_member}", p.as_deref().unwrap_or(""));
    let sig = b64::encode(signer().sign(input.as_bytes()).unwrap());
    let mut doc = json!({"payload": payload_member, "signature": sig});
    if let Some(p) = p {
        doc["protected"] = p.into();
    }
    if let Some(h) = header {
        doc["header"] = h;
    }
    doc
}

fn member(part: Part, name: &'static str) -> impl Fn(&jot::Result<json::VerifiedJson>) -> bool {
    move |r| matches!(r, Err(Error::Malformed(Malformed::Member { part: p, name: n, .. })) if *p == part && *n == name)
}

#[test]
fn flattened_and_general_round_trip() {
    let s = signer();
    let signed = json::sign(
        b"payload",
        &[Signer::new(&s, Header::new(Algorithm::HS256)).with_unprotected("kid", "k")],
    )
    .unwrap();
    for doc in [signed.general(), signed.flattened().unwrap()] {
        let v = verify(&doc).unwrap();
        assert_eq!(v.payload, b"payload");
        assert_eq!(v.signature_index, 0);
        assert_eq!(v.header.kid.as_deref(), Some("k"));
        assert_eq!(v.unprotected["kid"], "k");
        assert!(!v.protected.contains_key("kid"));
    }
}

#[test]
fn names_the_signature_that_verified() {
    let a = SigningKey::hmac(Algorithm::HS256, &[1; 32]).unwrap();
    let b = signer();
    let doc = json::sign_general(
        b"p",
        &[
            Signer::new(&a, Header::new(Algorithm::HS256).with_kid("a")),
            Signer::new(&b, Header::new(Algorithm::HS256).with_kid("b")),
        ],
    )
    .unwrap();
    assert_eq!(verify(&doc).unwrap().signature_index, 1);
    let a_key = VerifyingKey::hmac(Algorithm::HS256, &[1; 32]).unwrap();
    assert_eq!(
        json::verify(&doc, &a_key, &[Algorithm::HS256])
            .unwrap()
            .signature_index,
        0
    );
    // Neither key: the furthest failure, a bad signature.
    let other = VerifyingKey::hmac(Algorithm::HS256, &[2; 32]).unwrap();
    assert_eq!(
        json::verify(&doc, &other, &[Algorithm::HS256]).err(),
        Some(Error::InvalidSignature)
    );
    assert_eq!(
        json::verify(&doc, &other, &[Algorithm::HS384]).err(),
        Some(Error::AlgorithmNotAllowed(Algorithm::HS256))
    );
}

#[test]
fn overlapping_headers_rejected() {
    let doc = forge(
        Some(r#"{"alg":"HS256","kid":"a"}"#),
        Some(json!({"kid":"a"})),
        "cA",
    );
    assert!(member(Part::Header, "header")(&verify(&doc.to_string())));
    let s = signer();
    assert!(matches!(
        json::sign(
            b"p",
            &[Signer::new(&s, Header::new(Algorithm::HS256).with_kid("a"))
                .with_unprotected("kid", "b")]
        ),
        Err(Error::Malformed(Malformed::Member { name: "header", .. }))
    ));
}

#[test]
fn alg_in_both_rejected() {
    let doc = forge(
        Some(r#"{"alg":"HS256"}"#),
        Some(json!({"alg":"HS256"})),
        "cA",
    );
    assert!(member(Part::Header, "header")(&verify(&doc.to_string())));
}

#[test]
fn missing_alg_rejected() {
    let doc = forge(Some(r#"{"kid":"a"}"#), None, "cA");
    assert!(member(Part::Header, "alg")(&verify(&doc.to_string())));
    let doc = forge(None, Some(json!({"kid":"a"})), "cA");
    assert!(member(Part::Header, "alg")(&verify(&doc.to_string())));
    let doc = forge(None, None, "cA");
    assert!(member(Part::Header, "alg")(&verify(&doc.to_string())));
}

#[test]
fn alg_unprotected_only_is_allowed() {
    // RFC 7520 §4.7: content-only protection.
    let doc = forge(None, Some(json!({"alg":"HS256"})), "cA");
    assert_eq!(verify(&doc.to_string()).unwrap().payload, b"p");
}

#[test]
fn non_string_members_rejected() {
    let good = forge(Some(r#"{"alg":"HS256"}"#), None, "cA");
    for (name, bad) in [
        ("payload", json!(1)),
        ("protected", json!({"alg":"HS256"})),
        ("signature", json!(null)),
        ("header", json!("kid")),
        ("header", json!({})),
    ] {
        let mut doc = good.clone();
        doc[name] = bad;
        assert!(
            member(Part::Token, name)(&verify(&doc.to_string())),
            "{name}"
        );
    }
    let mut doc = good.clone();
    doc.as_object_mut().unwrap().remove("signature");
    assert!(member(Part::Token, "signature")(&verify(&doc.to_string())));
    let mut doc = good;
    doc.as_object_mut().unwrap().remove("payload");
    assert!(member(Part::Token, "payload")(&verify(&doc.to_string())));
}

#[test]
fn signatures_array_rules() {
    let entry = forge(Some(r#"{"alg":"HS256"}"#), None, "cA");
    let one = json!({"protected": entry["protected"], "signature": entry["signature"]});
    for bad in [
        json!({"payload":"cA","signatures":[]}),
        json!({"payload":"cA","signatures":{}}),
        json!({"payload":"cA","signatures":["x"]}),
        json!({"payload":"cA","signatures":vec![one.clone(); MAX_SIGNATURES + 1]}),
        json!({"payload":"cA","signatures":[one.clone()],"signature":entry["signature"]}),
    ] {
        assert!(
            member(Part::Token, "signatures")(&verify(&bad.to_string())),
            "{bad}"
        );
    }
    let ok = json!({"payload":"cA","signatures":vec![one; MAX_SIGNATURES]});
    assert_eq!(verify(&ok.to_string()).unwrap().signature_index, 0);
    assert!(json::sign(b"p", &[]).is_err());
}

#[test]
fn duplicate_members_rejected() {
    let doc = forge(Some(r#"{"alg":"HS256"}"#), None, "cA").to_string();
    let dup_top = doc.replacen('{', r#"{"payload":"cA","#, 1);
    assert_eq!(
        verify(&dup_top).err(),
        Some(Malformed::DuplicateMember(Part::Token).into())
    );
    let nested = forge(Some(r#"{"alg":"HS256"}"#), None, "cA")
        .to_string()
        .replacen('{', r#"{"header":{"kid":"a","kid":"b"},"#, 1);
    assert_eq!(
        verify(&nested).err(),
        Some(Malformed::DuplicateMember(Part::Token).into())
    );
    let in_protected = forge(Some(r#"{"alg":"HS256","alg":"HS256"}"#), None, "cA");
    assert_eq!(
        verify(&in_protected.to_string()).err(),
        Some(Malformed::DuplicateMember(Part::Header).into())
    );
}

#[test]
fn strict_base64url_and_json() {
    let good = forge(Some(r#"{"alg":"HS256"}"#), None, "cA");
    for (name, part) in [("protected", Part::Header), ("signature", Part::Signature)] {
        let mut doc = good.clone();
        doc[name] = format!("{}=", doc[name].as_str().unwrap()).into();
        assert_eq!(
            verify(&doc.to_string()).err(),
            Some(Malformed::Base64(part).into()),
            "{name}"
        );
    }
    // The payload is decoded only after the signature verified; a non
    // canonical one is still refused.
    let bad_payload = forge(Some(r#"{"alg":"HS256"}"#), None, "cB");
    assert_eq!(
        verify(&bad_payload.to_string()).err(),
        Some(Malformed::Base64(Part::Payload).into())
    );
    assert!(verify("[]").is_err());
    assert!(verify(r#"{"payload":"cA","signature":"x",}"#).is_err());
    let big = format!(r#"{{"payload":"{}"}}"#, "A".repeat(70_000));
    assert_eq!(
        verify(&big).err(),
        Some(Malformed::TooLarge { limit: 65536 }.into())
    );
    // protected present but empty.
    let empty = forge(Some("{}"), Some(json!({"alg":"HS256"})), "cA");
    assert!(member(Part::Token, "protected")(&verify(
        &empty.to_string()
    )));
}

#[test]
fn crit_and_b64_must_be_protected() {
    let doc = forge(
        Some(r#"{"alg":"HS256","b64":false}"#),
        Some(json!({"crit":["b64"]})),
        "p",
    );
    assert!(matches!(
        verify(&doc.to_string()),
        Err(Error::CritInvalid(_))
    ));
    let doc = forge(
        Some(r#"{"alg":"HS256","crit":["b64"]}"#),
        Some(json!({"b64":false})),
        "p",
    );
    assert!(verify(&doc.to_string()).is_err());
}

#[test]
fn crit_b64_without_b64_member_rejected() {
    let doc = forge(Some(r#"{"alg":"HS256","crit":["b64"]}"#), None, "cA");
    assert_eq!(
        verify(&doc.to_string()).err(),
        Some(Error::CritInvalid(
            "lists a header parameter that is absent"
        ))
    );
}

#[test]
fn b64_non_boolean_rejected() {
    let doc = forge(
        Some(r#"{"alg":"HS256","b64":"false","crit":["b64"]}"#),
        None,
        "p",
    );
    assert!(member(Part::Header, "b64")(&verify(&doc.to_string())));
}

#[test]
fn b64_false_without_crit_rejected() {
    let doc = forge(Some(r#"{"alg":"HS256","b64":false}"#), None, "$.02");
    assert_eq!(
        verify(&doc.to_string()).err(),
        Some(Error::CritInvalid(
            "b64 must be listed in crit (RFC 7797 §6)"
        ))
    );
}

#[test]
fn b64_false_json_round_trip_and_consistency() {
    let s = signer();
    let mut h = Header::new(Algorithm::HS256).with("b64", false);
    h.crit = Some(vec!["b64".into()]);
    let doc = json::sign_flattened(b"$.02 raw", &Signer::new(&s, h.clone())).unwrap();
    assert!(doc.contains(r#""payload":"$.02 raw""#));
    assert_eq!(verify(&doc).unwrap().payload, b"$.02 raw");
    // Not UTF-8: cannot be a JSON string.
    assert_eq!(
        json::sign(&[0xff], &[Signer::new(&s, h.clone())]).err(),
        Some(Malformed::Utf8(Part::Payload).into())
    );
    // RFC 7797 §3: the same b64 for every signature.
    assert!(matches!(
        json::sign(
            b"p",
            &[
                Signer::new(&s, h),
                Signer::new(&s, Header::new(Algorithm::HS256))
            ]
        ),
        Err(Error::Malformed(Malformed::Member { name: "b64", .. }))
    ));
}

#[test]
fn unsupported_alg_fails_that_signature_only() {
    let s = signer();
    let good = json::sign(b"p", &[Signer::new(&s, Header::new(Algorithm::HS256))]).unwrap();
    let good_entry: Value = serde_json::from_str(&good.general()).unwrap();
    let es512 = json!({"header":{"alg":"ES512"},"signature":"AA"});
    let none = json!({"header":{"alg":"none"},"signature":""});
    let doc = json!({"payload": good_entry["payload"],
        "signatures":[es512, none, good_entry["signatures"][0]]});
    assert_eq!(verify(&doc.to_string()).unwrap().signature_index, 2);
    let only = json!({"payload":"cA","signatures":[es512]});
    assert!(matches!(
        verify(&only.to_string()),
        Err(Error::UnsupportedAlgorithm(_))
    ));
    let only = json!({"payload":"cA","signatures":[none]});
    assert_eq!(
        verify(&only.to_string()).err(),
        Some(Error::UnsecuredJwsRejected)
    );
}

#[test]
fn detached_json() {
    let s = signer();
    let signed = json::sign(b"data", &[Signer::new(&s, Header::new(Algorithm::HS256))]).unwrap();
    let attached = signed.flattened().unwrap();
    let detached = signed.detached().flattened().unwrap();
    assert_eq!(
        json::verify_detached(&detached, b"data", &key(), &[Algorithm::HS256])
            .unwrap()
            .payload,
        b"data"
    );
    assert_eq!(
        json::verify_detached(&detached, b"datb", &key(), &[Algorithm::HS256]).err(),
        Some(Error::InvalidSignature)
    );
    assert!(member(Part::Token, "payload")(&json::verify_detached(
        &attached,
        b"data",
        &key(),
        &[Algorithm::HS256]
    )));
    assert!(member(Part::Token, "payload")(&verify(&detached)));
}

#[test]
fn json_given_to_compact_verify_still_rejected() {
    let s = signer();
    let signed = json::sign(b"{}", &[Signer::new(&s, Header::new(Algorithm::HS256))]).unwrap();
    for doc in [signed.general(), signed.flattened().unwrap()] {
        assert_eq!(
            jws::verify(&doc, &key(), &[Algorithm::HS256]).err(),
            Some(Malformed::NotCompactJws.into())
        );
        let v = jot::jwt::Validation::new(&[Algorithm::HS256]).allow_missing_exp();
        assert!(jwt::verify::<Value>(&doc, &key(), &v).is_err());
    }
}

#[test]
fn compact_with_crit_b64_still_rejected_by_jws_and_jwt_verify() {
    let s = signer();
    // A JWT-looking payload without dots, unencoded.
    let t = jws::sign_unencoded(&Header::new(Algorithm::HS256).with_typ("JWT"), "e30", &s).unwrap();
    assert_eq!(
        jws::verify_unencoded(&t, &key(), &[Algorithm::HS256])
            .unwrap()
            .payload,
        b"e30"
    );
    assert_eq!(
        jws::verify(&t, &key(), &[Algorithm::HS256]).err(),
        Some(Error::CritNotUnderstood("b64".into()))
    );
    let v = jot::jwt::Validation::new(&[Algorithm::HS256]).allow_missing_exp();
    assert_eq!(
        jwt::verify::<Value>(&t, &key(), &v).err(),
        Some(Error::CritNotUnderstood("b64".into()))
    );
    // Detached with b64:false, given to the compact verify.
    let mut h = Header::new(Algorithm::HS256).with("b64", false);
    h.crit = Some(vec!["b64".into()]);
    let d = jws::sign_detached(&h, b"e30", &s).unwrap();
    assert_eq!(
        jws::verify(&d, &key(), &[Algorithm::HS256]).err(),
        Some(Error::CritNotUnderstood("b64".into()))
    );
}

#[test]
fn keys_come_from_the_caller() {
    // A key in the header is never used: kid selects from the caller's keys.
    let s = signer();
    let doc = json::sign_flattened(
        b"p",
        &Signer::new(&s, Header::new(Algorithm::HS256).with_kid("mine"))
            .with_unprotected("jwk", json!({"kty":"oct","k": b64::encode([0u8; 32])})),
    )
    .unwrap();
    let set = jot::JwkSet::from_json(&format!(
        r#"{{"keys":[{{"kty":"oct","kid":"other","alg":"HS256","k":"{}"}}]}}"#,
        b64::encode(SECRET)
    ))
    .unwrap();
    assert_eq!(
        json::verify(&doc, &set, &[Algorithm::HS256]).err(),
        Some(Error::NoMatchingKey)
    );
}
