//! Errors that say what to do: for each refusal a newcomer meets first, the
//! typed error a program matches and the message a person reads, which names
//! the rule, the numbers that matter and the call that fixes it (issue 13).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jot::jws::Header;
use jot::jwt::{self, Validation};
use jot::{b64, jws, Algorithm, Error, Jwk, JwkSet, KeyRejected, Malformed, SigningKey};
use jot::{KeySource, VerifyingKey};
use serde_json::{json, Value};

/// jwt.io's example token and the secret it shows beside it (19 bytes).
const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const JWT_IO_SECRET: &[u8] = b"your-256-bit-secret";

const NOW: i64 = 1_700_000_000;

/// `KIND: detail`, as the command line prints it.
fn line(e: &Error) -> String {
    format!("{}: {}", e.kind(), e.detail())
}

#[test]
fn short_hmac_secret_names_both_sizes_and_rfc_7518_3_2() {
    assert_eq!(JWT_IO_SECRET.len(), 19);
    let e = VerifyingKey::hmac(Algorithm::HS256, JWT_IO_SECRET).unwrap_err();
    assert_eq!(
        e,
        Error::KeyRejected(KeyRejected::TooSmall {
            alg: Some(Algorithm::HS256),
            min: 32,
            actual: 19,
        })
    );
    assert_eq!(
        line(&e),
        "key: HS256 needs a key of at least 32 bytes, this one has 19 (RFC 7518 §3.2)"
    );
    assert_eq!(
        e.to_string(),
        "key rejected: HS256 needs a key of at least 32 bytes, this one has 19 (RFC 7518 §3.2)"
    );
    // The same refusal when signing, and for the longer hashes.
    let e = SigningKey::hmac(Algorithm::HS512, &[7; 40]).unwrap_err();
    assert_eq!(
        e.detail(),
        "HS512 needs a key of at least 64 bytes, this one has 40 (RFC 7518 §3.2)"
    );
    // jwt.io's token is refused before its MAC is looked at.
    let set = JwkSet::from_json(&format!(
        r#"{{"keys":[{{"kty":"oct","k":"{}"}}]}}"#,
        b64::encode(JWT_IO_SECRET)
    ))
    .unwrap_err();
    assert_eq!(
        set.detail(),
        "HS256 needs a key of at least 32 bytes, this one has 19 (RFC 7518 §3.2)"
    );
    // An empty secret is below every floor, HS256's first.
    let empty: Jwk = serde_json::from_value(json!({"kty":"oct","k":""})).unwrap();
    assert_eq!(
        empty.check().unwrap_err().detail(),
        "HS256 needs a key of at least 32 bytes, this one has 0 (RFC 7518 §3.2)"
    );
}

#[test]
fn short_rsa_key_names_both_sizes_in_bits() {
    let path = format!(
        "{}/tests/data/keys/rsa1024.spki.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let e = Jwk::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap_err();
    assert_eq!(
        e,
        Error::KeyRejected(KeyRejected::TooSmall {
            alg: None,
            min: 2048,
            actual: 1024,
        })
    );
    assert_eq!(
        line(&e),
        "key: an RSA key needs at least 2048 bits, this one has 1024 (RFC 7518 §3.3)"
    );
}

#[test]
fn missing_exp_names_allow_missing_exp() {
    let v = Validation::new(&[Algorithm::HS256]).now(NOW);
    let e = v.validate_json(r#"{"sub":"a"}"#).unwrap_err();
    assert_eq!(e, Error::MissingClaim("exp".into()));
    assert_eq!(
        line(&e),
        "missing_claim: required claim \"exp\" is missing: jot requires an expiry by default \
         (RFC 7519 §4.1.4); Validation::allow_missing_exp accepts a token without one"
    );
    // What the message says to do works.
    assert!(v
        .clone()
        .allow_missing_exp()
        .validate_json(r#"{"sub":"a"}"#)
        .is_ok());
    // Other required claims keep the short message: no exp advice there.
    let e = v.require("jti").validate_json(r#"{"exp":1800000000}"#);
    assert_eq!(
        e.unwrap_err().to_string(),
        "required claim \"jti\" is missing"
    );
}

#[test]
fn aud_without_a_configured_audience_names_validation_audience() {
    let v = Validation::new(&[Algorithm::HS256]).now(NOW);
    let claims = r#"{"exp":1800000000,"aud":"https://api.example"}"#;
    let e = v.validate_json(claims).unwrap_err();
    assert_eq!(e, Error::InvalidAudience);
    assert_eq!(
        line(&e),
        "audience: aud names no audience this verifier expects (RFC 7519 §4.1.3): a token with \
         aud is refused unless Validation::audience names one of its audiences"
    );
    // What the message says to do works.
    assert!(v
        .clone()
        .audience("https://api.example")
        .validate_json(claims)
        .is_ok());
    // A configured audience that the token does not name: the same words hold.
    let e = v.audience("other").validate_json(claims).unwrap_err();
    assert_eq!(e, Error::InvalidAudience);
}

/// An ES256 key pair without a `kid`.
fn es256_pair() -> (SigningKey, Value) {
    let private = Jwk::generate(Algorithm::ES256).unwrap();
    let mut public = private.to_public().unwrap();
    public.kid = None;
    let mut private = private;
    private.kid = None;
    (
        SigningKey::from_jwk(&private, Algorithm::ES256).unwrap(),
        serde_json::from_str(&public.to_json()).unwrap(),
    )
}

#[test]
fn token_without_kid_against_two_keys_is_ambiguous_not_unmatched() {
    let (signer, first) = es256_pair();
    let (_, second) = es256_pair();
    let (_, third) = es256_pair();
    let header = Header::jwt(&signer);
    assert_eq!(header.kid, None);
    let token = jwt::encode(&header, &json!({"exp": 1_800_000_000}), &signer).unwrap();
    let v = Validation::new(&[Algorithm::ES256]).now(NOW);

    let set = |keys: &[&Value]| JwkSet::from_json(&json!({ "keys": keys }).to_string()).unwrap();
    let two = set(&[&first, &second]);
    let e = jwt::verify::<Value>(&token, &two, &v).unwrap_err();
    assert_eq!(
        e,
        Error::KeyRejected(KeyRejected::AmbiguousKey {
            alg: Algorithm::ES256,
            candidates: 2,
        })
    );
    assert_ne!(e, Error::NoMatchingKey);
    assert_eq!(
        line(&e),
        "key: the token has no kid and 2 keys of the set fit ES256, so the choice is ambiguous: \
         add a kid to the token's header (RFC 7515 §4.1.4), or leave one ES256 key in the set"
    );
    let e = two.select(None, Algorithm::ES256).err();
    assert_eq!(
        e,
        Some(
            KeyRejected::AmbiguousKey {
                alg: Algorithm::ES256,
                candidates: 2
            }
            .into()
        )
    );
    assert_eq!(
        set(&[&first, &second, &third])
            .select(None, Algorithm::ES256)
            .err(),
        Some(
            KeyRejected::AmbiguousKey {
                alg: Algorithm::ES256,
                candidates: 3
            }
            .into()
        )
    );
    // Either fix the message names works: one key left in the set ...
    assert!(jwt::verify::<Value>(&token, &set(&[&first]), &v).is_ok());
    // ... or a kid in the token that the set's key carries.
    let mut named = first.clone();
    named["kid"] = json!("k1");
    let signer = signer.with_kid("k1");
    let token = jwt::encode(
        &Header::jwt(&signer),
        &json!({"exp": 1_800_000_000}),
        &signer,
    )
    .unwrap();
    assert!(jwt::verify::<Value>(&token, &set(&[&named, &second]), &v).is_ok());
    // No key of the alg at all is still "no key matches".
    assert_eq!(
        two.select(None, Algorithm::ES384).err(),
        Some(Error::NoMatchingKey)
    );
}

#[test]
fn jwe_given_to_the_jws_verifier_is_a_segment_count_error() {
    // The library's word for it; the command line adds "use jot decrypt".
    let jwe =
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaaaaaaaaaaaaaa.bbbb.cccccccccccccccccccccc";
    let key = VerifyingKey::hmac(Algorithm::HS256, &[1; 32]).unwrap();
    let e = jws::verify(jwe, &key, &[Algorithm::HS256]).unwrap_err();
    assert_eq!(e, Error::Malformed(Malformed::SegmentCount));
    assert!(e.detail().contains("RFC 7516 §7.1: five"), "{e}");
    // And jwt.io's token itself is well formed: only its key is refused.
    assert!(jwt::decode_unverified(JWT_IO).is_ok());
}
