//! Nested JWTs (RFC 7519 §5.2, §7.2 step 8): a signed JWT inside a JWE with
//! `cty: "JWT"`. Round trips with `dir` and ECDH-ES, then one test per rule:
//! the inner token is always verified, `cty` is required, the nesting is one
//! level, and neither `jws::verify` nor `jwt::verify` ever decrypts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use jot::jwe::{
    self, Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, Header, KeyAlg,
};
use jot::jwt::{self, Claims, NumericDate, Validation};
use jot::{jws, Algorithm, Error, Jwk, Malformed, Part, SigningKey, VerifyingKey};
use serde_json::{json, Value};

const SIGNING_SECRET: [u8; 32] = [7; 32];
const SEALING_SECRET: [u8; 32] = [9; 32];

type Out = jwt::Nested<Claims<Value>>;

fn signer() -> SigningKey {
    SigningKey::hmac(Algorithm::HS256, &SIGNING_SECRET).unwrap()
}

fn verifier() -> VerifyingKey {
    VerifyingKey::hmac(Algorithm::HS256, &SIGNING_SECRET).unwrap()
}

fn sealer() -> EncryptionKey {
    EncryptionKey::dir(Enc::A256GCM, &SEALING_SECRET).unwrap()
}

fn opener() -> DecryptionKey {
    DecryptionKey::dir(Enc::A256GCM, &SEALING_SECRET).unwrap()
}

fn claims() -> Claims<Value> {
    Claims::new(json!({"role": "admin"}))
        .with_subject("alice")
        .with_issuer("https://issuer.example")
        .expires_in(600)
}

fn validation() -> Validation {
    Validation::new(&[Algorithm::HS256]).issuer("https://issuer.example")
}

fn nested_token() -> String {
    jwt::encode_nested(
        &jws::Header::jwt(&signer()),
        &claims(),
        &signer(),
        &Header::for_key(&sealer()),
        &sealer(),
    )
    .unwrap()
}

fn open(token: &str) -> Result<Out, Error> {
    jwt::decrypt_and_verify(
        token,
        &opener(),
        &[KeyAlg::Dir],
        &[Enc::A256GCM],
        &verifier(),
        &validation(),
    )
}

/// Encrypts `plaintext` as-is under the test's dir key, with `cty`.
fn seal_raw(plaintext: &[u8], cty: Option<&str>) -> String {
    let mut header = Header::for_key(&sealer());
    header.cty = cty.map(str::to_owned);
    jwe::encrypt(&header, plaintext, &sealer()).unwrap()
}

fn signed(claims: &Claims<Value>) -> String {
    jwt::encode(&jws::Header::jwt(&signer()), claims, &signer()).unwrap()
}

#[test]
fn dir_round_trip() {
    let token = nested_token();
    assert_eq!(token.split('.').count(), 5);
    let nested = open(&token).unwrap();
    assert_eq!(nested.encryption.cty.as_deref(), Some("JWT"));
    assert_eq!(nested.encryption.alg, KeyAlg::Dir);
    assert_eq!(nested.token.header.alg, Algorithm::HS256);
    assert_eq!(nested.token.claims.sub.as_deref(), Some("alice"));
    assert_eq!(nested.token.claims.custom["role"], "admin");
}

#[test]
fn ecdh_es_round_trip_on_every_curve() {
    let es256 = Jwk::generate(Algorithm::ES256).unwrap();
    let sign = SigningKey::from_jwk(&es256, Algorithm::ES256).unwrap();
    let verify = VerifyingKey::from_jwk(&es256.to_public().unwrap(), Algorithm::ES256).unwrap();
    for curve in [Curve::P256, Curve::P384, Curve::X25519] {
        for enc in [Enc::A128GCM, Enc::A256GCM] {
            let recipient = EphemeralDecryptionKey::generate(curve, enc).unwrap();
            let seal =
                EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, enc).unwrap();
            let token = jwt::encode_nested(
                &jws::Header::jwt(&sign),
                &claims(),
                &sign,
                &Header::for_key(&seal),
                &seal,
            )
            .unwrap();
            let opened =
                jwe::decrypt_ephemeral(&token, recipient, &[KeyAlg::EcdhEs], &[enc]).unwrap();
            let nested: Out = jwt::verify_decrypted(
                opened,
                &verify,
                &Validation::new(&[Algorithm::ES256]).issuer("https://issuer.example"),
            )
            .unwrap();
            assert_eq!(
                nested.token.claims.sub.as_deref(),
                Some("alice"),
                "{curve:?} {enc:?}"
            );
        }
    }
}

#[test]
fn cty_is_required_and_must_say_jwt() {
    let inner = signed(&claims());
    for cty in [None, Some("JSON"), Some("application/json"), Some("")] {
        let err = open(&seal_raw(inner.as_bytes(), cty)).unwrap_err();
        assert!(
            matches!(err, Error::Malformed(Malformed::Member { name: "cty", .. })),
            "{cty:?}: {err:?}"
        );
    }
    for cty in ["jwt", "application/JWT"] {
        let nested = open(&seal_raw(inner.as_bytes(), Some(cty))).unwrap();
        assert_eq!(nested.token.claims.sub.as_deref(), Some("alice"));
    }
}

#[test]
fn encode_nested_refuses_another_cty() {
    let header = Header::for_key(&sealer()).with_cty("json");
    let err = jwt::encode_nested(
        &jws::Header::jwt(&signer()),
        &claims(),
        &signer(),
        &header,
        &sealer(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Malformed(Malformed::Member { name: "cty", .. })
    ));
}

#[test]
fn inner_signature_is_always_verified() {
    // Signed with another secret: decrypting proves nothing about the issuer.
    let other = SigningKey::hmac(Algorithm::HS256, &[8; 32]).unwrap();
    let inner = jwt::encode(&jws::Header::jwt(&other), &claims(), &other).unwrap();
    let err = open(&seal_raw(inner.as_bytes(), Some("JWT"))).unwrap_err();
    assert_eq!(err, Error::InvalidSignature);

    // An unsecured inner JWT (alg none) is never accepted.
    let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSIsImV4cCI6OTk5OTk5OTk5OX0.";
    let err = open(&seal_raw(none.as_bytes(), Some("JWT"))).unwrap_err();
    assert_eq!(err.kind(), "unsupported_algorithm", "{err:?}");

    // The inner alg must be in the validation's allow-list.
    let es = Jwk::generate(Algorithm::ES256).unwrap();
    let es_signer = SigningKey::from_jwk(&es, Algorithm::ES256).unwrap();
    let inner = jwt::encode(&jws::Header::jwt(&es_signer), &claims(), &es_signer).unwrap();
    let err = open(&seal_raw(inner.as_bytes(), Some("JWT"))).unwrap_err();
    assert_eq!(err.kind(), "algorithm_not_allowed", "{err:?}");
}

#[test]
fn inner_claims_are_validated() {
    let expired = claims().with_expiration(NumericDate::from_secs(1_000));
    let err = open(&seal_raw(signed(&expired).as_bytes(), Some("JWT"))).unwrap_err();
    assert_eq!(err, Error::Expired, "{err:?}");

    let wrong_issuer = claims().with_issuer("https://evil.example");
    let err = open(&seal_raw(signed(&wrong_issuer).as_bytes(), Some("JWT"))).unwrap_err();
    assert_eq!(err.kind(), "issuer");
}

#[test]
fn nesting_is_one_level() {
    // A JWE inside the JWE is not decrypted again: the inner verify wants
    // exactly three segments.
    let twice = seal_raw(nested_token().as_bytes(), Some("JWT"));
    let err = open(&twice).unwrap_err();
    assert_eq!(err, Error::Malformed(Malformed::SegmentCount));
}

#[test]
fn plaintext_must_be_utf8_jws() {
    let err = open(&seal_raw(b"\xff\xfe.a.b", Some("JWT"))).unwrap_err();
    assert_eq!(err, Error::Malformed(Malformed::Utf8(Part::Payload)));
    let err = open(&seal_raw(br#"{"sub":"alice"}"#, Some("JWT"))).unwrap_err();
    assert_eq!(err.kind(), "malformed");
}

#[test]
fn outer_layer_is_checked_first() {
    let token = nested_token();
    // Wrong JWE key: the tag fails before any JWS work.
    let wrong = DecryptionKey::dir(Enc::A256GCM, &[1; 32]).unwrap();
    let err = jwt::decrypt_and_verify::<Claims<Value>>(
        &token,
        &wrong,
        &[KeyAlg::Dir],
        &[Enc::A256GCM],
        &verifier(),
        &validation(),
    )
    .unwrap_err();
    assert_eq!(err, Error::DecryptionFailed);
    // The JWE allow-lists are the caller's.
    let err = jwt::decrypt_and_verify::<Claims<Value>>(
        &token,
        &opener(),
        &[KeyAlg::Dir],
        &[Enc::A128GCM],
        &verifier(),
        &validation(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "algorithm_not_allowed", "{err:?}");
    // The validation's size limit applies to the outer token.
    let err = jwt::decrypt_and_verify::<Claims<Value>>(
        &token,
        &opener(),
        &[KeyAlg::Dir],
        &[Enc::A256GCM],
        &verifier(),
        &validation().max_token_len(token.len() - 1),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Malformed(Malformed::TooLarge { .. })),
        "{err:?}"
    );
}

#[test]
fn verifiers_never_decrypt() {
    // SECURITY.md row 20: a JWE given to the JWS or JWT verifier is refused,
    // even when the caller holds keys that would open it.
    let token = nested_token();
    let err = jws::verify(&token, &verifier(), &[Algorithm::HS256]).unwrap_err();
    assert_eq!(err, Error::Malformed(Malformed::SegmentCount));
    let err = jwt::verify::<Claims<Value>>(&token, &verifier(), &validation()).unwrap_err();
    assert_eq!(err, Error::Malformed(Malformed::SegmentCount));
    assert!(jwt::decode_unverified(&token).is_err());
}
