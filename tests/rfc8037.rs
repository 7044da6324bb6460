//! RFC 8037 Appendix A.1-A.5 (Ed25519 keys, thumbprint, signing and
//! validation), from `test-vectors/rfc/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{b64d, hex, rfc, round_trips, run_jws_case, thumbprint_case, Case, Outcome, Tally};
use jot::{Algorithm, Jwk, SigningKey, VerifyingKey};

fn key_text(file: &str) -> String {
    rfc(file).jwk.expect("jwk").to_string()
}

/// A.1: the private key parses, its members are the RFC 8032 test key, it
/// signs, it may not verify (private), and its public part is A.2.
fn a1() -> Outcome {
    let v = rfc("rfc8037-a.1-ed25519-private-key.json");
    let jwk_json = v.jwk.as_ref().expect("jwk");
    assert_eq!(
        b64d(jwk_json["d"].as_str().expect("d")),
        Some(hex(v.d_hex.as_deref().expect("d_hex")))
    );
    assert_eq!(
        b64d(jwk_json["x"].as_str().expect("x")),
        Some(hex(v.x_hex.as_deref().expect("x_hex")))
    );
    let mut case = Case::new();
    let Some(jwk) = case.step("Jwk::from_json", Jwk::from_json(&jwk_json.to_string())) else {
        return case.outcome();
    };
    case.check(jwk.is_private(), || "is_private() is false".into());
    round_trips(&mut case, &jwk);
    case.step(
        "SigningKey::from_jwk(EdDSA)",
        SigningKey::from_jwk(&jwk, Algorithm::EdDSA),
    );
    case.check(
        VerifyingKey::from_jwk(&jwk, Algorithm::EdDSA).is_err(),
        || "a private OKP key was accepted as a verifying key".into(),
    );
    let public = Jwk::from_json(&key_text("rfc8037-a.2-ed25519-public-key.json")).expect("A.2");
    match jwk.to_public() {
        Ok(p) => case.check(p == public, || format!("to_public() is {}", p.to_json())),
        Err(e) => case.fail(format!("to_public: {e:?}")),
    }
    case.outcome()
}

/// A.2: the public key parses, binds to EdDSA for verifying, cannot sign.
fn a2() -> Outcome {
    let mut case = Case::new();
    let text = key_text("rfc8037-a.2-ed25519-public-key.json");
    let Some(jwk) = case.step("Jwk::from_json", Jwk::from_json(&text)) else {
        return case.outcome();
    };
    case.check(!jwk.is_private(), || "is_private() is true".into());
    round_trips(&mut case, &jwk);
    case.step(
        "VerifyingKey::from_jwk(EdDSA)",
        VerifyingKey::from_jwk(&jwk, Algorithm::EdDSA),
    );
    case.check(
        SigningKey::from_jwk(&jwk, Algorithm::EdDSA).is_err(),
        || "a public key was accepted as a signing key".into(),
    );
    case.outcome()
}

#[test]
fn rfc8037_appendix_a() {
    let mut tally = Tally::new();
    tally.record("rfc8037-a.1", a1());
    tally.record("rfc8037-a.2", a2());
    let v = rfc("rfc8037-a.3-thumbprint.json");
    tally.record(&v.id, thumbprint_case(&v));
    for file in [
        "rfc8037-a.4-ed25519-signing.json",
        "rfc8037-a.5-ed25519-validation.json",
    ] {
        let v = rfc(file);
        let c = v.jws_case();
        assert_eq!(
            b64d(v.signature_b64u.as_deref().expect("signature_b64u")),
            Some(hex(v.signature_hex.as_deref().expect("signature_hex"))),
            "{}",
            v.id
        );
        tally.record(&c.id, run_jws_case(&c));
    }
    tally.print("rfc8037");
    tally.assert_clean(5);
}
