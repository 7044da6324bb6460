use super::*;

const EC: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const ED: &str = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const OCT: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

fn jwk(json: &str) -> Jwk {
    Jwk::from_json(json).unwrap_or_default()
}

fn with(json: &str, f: impl FnOnce(&mut Jwk)) -> Jwk {
    let mut j = jwk(json);
    f(&mut j);
    j
}

fn rejected(r: Result<VerifyingKey>) -> Option<KeyRejected> {
    match r {
        Err(Error::KeyRejected(k)) => Some(k),
        _ => None,
    }
}

#[test]
fn sign_then_verify_each_family() {
    for (json, alg) in [
        (EC, Algorithm::ES256),
        (ED, Algorithm::EdDSA),
        (ED, Algorithm::Ed25519),
        (OCT, Algorithm::HS256),
        (OCT, Algorithm::HS512),
    ] {
        let private = jwk(json);
        let signer = SigningKey::from_jwk(&private, alg);
        assert!(signer.is_ok(), "{alg}");
        let public = if private.is_symmetric() {
            private.clone()
        } else {
            private.to_public().unwrap_or_default()
        };
        let verifier = VerifyingKey::from_jwk(&public, alg);
        let sig = signer.and_then(|s| s.sign(b"msg"));
        let sig = sig.unwrap_or_default();
        assert_eq!(
            verifier.as_ref().map(|v| v.verify(b"msg", &sig)).ok(),
            Some(Ok(())),
            "{alg}"
        );
        assert_eq!(
            verifier.as_ref().map(|v| v.verify(b"msh", &sig)).ok(),
            Some(Err(Error::InvalidSignature))
        );
    }
}

#[test]
fn key_type_binds_the_family() {
    let ec = jwk(EC).to_public().unwrap_or_default();
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&ec, Algorithm::HS256)),
        Some(KeyRejected::WrongAlgorithm)
    );
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&ec, Algorithm::ES384)),
        Some(KeyRejected::WrongAlgorithm)
    );
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&ec, Algorithm::RS256)),
        Some(KeyRejected::WrongAlgorithm)
    );
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&jwk(OCT), Algorithm::EdDSA)),
        Some(KeyRejected::WrongAlgorithm)
    );
}

#[test]
fn own_alg_use_and_key_ops_are_enforced() {
    let ec = jwk(EC).to_public().unwrap_or_default();
    let other_alg = Jwk {
        alg: Some("ES384".into()),
        ..ec.clone()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&other_alg, Algorithm::ES256)),
        Some(KeyRejected::WrongAlgorithm)
    );
    let enc = Jwk {
        use_: Some("enc".into()),
        ..ec.clone()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&enc, Algorithm::ES256)),
        Some(KeyRejected::WrongUse)
    );
    let sign_only = Jwk {
        key_ops: Some(vec!["sign".into()]),
        ..ec.clone()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&sign_only, Algorithm::ES256)),
        Some(KeyRejected::WrongUse)
    );
    let verify_ok = Jwk {
        key_ops: Some(vec!["verify".into()]),
        use_: Some("sig".into()),
        alg: Some("ES256".into()),
        ..ec
    };
    assert!(VerifyingKey::from_jwk(&verify_ok, Algorithm::ES256).is_ok());
}

#[test]
fn verifiers_take_public_keys_only() {
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&jwk(EC), Algorithm::ES256)),
        Some(KeyRejected::PrivateKeyNotAllowed)
    );
    let public = jwk(ED).to_public().unwrap_or_default();
    assert!(matches!(
        SigningKey::from_jwk(&public, Algorithm::EdDSA),
        Err(Error::KeyRejected(KeyRejected::PublicKeyCannotSign))
    ));
}

#[test]
fn private_part_must_match_public_part() {
    let other_d = with(EC, |j| {
        j.d = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE".into())
    });
    assert!(SigningKey::from_jwk(&other_d, Algorithm::ES256).is_err());
    let other_seed = with(ED, |j| {
        j.d = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into())
    });
    assert!(SigningKey::from_jwk(&other_seed, Algorithm::EdDSA).is_err());
}

#[test]
fn short_hmac_keys_are_refused() {
    let short = Jwk {
        kty: "oct".into(),
        k: Some(crate::b64::encode([1u8; 31])),
        ..Jwk::default()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&short, Algorithm::HS256)),
        Some(KeyRejected::TooSmall {
            alg: Some(Algorithm::HS256),
            min: 32,
            actual: 31
        })
    );
    let empty = Jwk {
        kty: "oct".into(),
        k: Some(String::new()),
        ..Jwk::default()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&empty, Algorithm::HS256)),
        Some(KeyRejected::TooSmall {
            alg: Some(Algorithm::HS256),
            min: 32,
            actual: 0
        })
    );
    // A 64-byte key is fine for HS256 but a 32-byte one is too short for HS512.
    let k32 = Jwk {
        kty: "oct".into(),
        k: Some(crate::b64::encode([1u8; 32])),
        ..Jwk::default()
    };
    assert_eq!(
        rejected(VerifyingKey::from_jwk(&k32, Algorithm::HS512)),
        Some(KeyRejected::TooSmall {
            alg: Some(Algorithm::HS512),
            min: 64,
            actual: 32
        })
    );
}

#[test]
fn wrong_length_signatures_fail() {
    let key = VerifyingKey::from_jwk(&jwk(EC).to_public().unwrap_or_default(), Algorithm::ES256);
    for len in [0, 63, 65, 70, 96] {
        assert_eq!(
            key.as_ref().map(|k| k.verify(b"m", &vec![1; len])).ok(),
            Some(Err(Error::InvalidSignature))
        );
    }
    // r = s = 0, the "psychic signature" (CVE-2022-21449).
    assert_eq!(
        key.as_ref().map(|k| k.verify(b"m", &[0; 64])).ok(),
        Some(Err(Error::InvalidSignature))
    );
}

#[test]
fn debug_shows_no_key_material() {
    let key = SigningKey::from_jwk(&jwk(OCT), Algorithm::HS256);
    let text = format!("{key:?}");
    assert!(text.contains("HS256") && !text.contains("AyM1"), "{text}");
}
