//! Property tests: every algorithm round-trips any payload, and no single
//! bit flip anywhere in a token survives verification.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::OnceLock;

use jot::{b64, jws, Algorithm, Jwk, Part, SigningKey, VerifyingKey};
use proptest::prelude::*;

const RSA_PEM: &str = include_str!("data/keys/rsa2048.pkcs8.pem");

/// One prepared key pair per algorithm, made once.
fn keys() -> &'static Vec<(Algorithm, SigningKey, VerifyingKey)> {
    static KEYS: OnceLock<Vec<(Algorithm, SigningKey, VerifyingKey)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Algorithm::ALL
            .iter()
            .map(|&alg| {
                let private = if alg.key_type() == "RSA" {
                    Jwk::from_pem(RSA_PEM).unwrap()
                } else {
                    Jwk::generate(alg).unwrap()
                };
                let public = if private.is_symmetric() {
                    private.clone()
                } else {
                    private.to_public().unwrap()
                };
                (
                    alg,
                    SigningKey::from_jwk(&private, alg).unwrap(),
                    VerifyingKey::from_jwk(&public, alg).unwrap(),
                )
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sign_then_verify_round_trips(index in 0usize..13, payload in proptest::collection::vec(any::<u8>(), 0..512)) {
        let (alg, signer, verifier) = &keys()[index];
        let token = jws::sign(&jws::Header::new(*alg), &payload, signer).unwrap();
        let verified = jws::verify(&token, verifier, &[*alg]).unwrap();
        prop_assert_eq!(verified.payload, payload);
    }

    #[test]
    fn any_bit_flip_fails(index in 0usize..13, payload in proptest::collection::vec(any::<u8>(), 1..64), pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (alg, signer, verifier) = &keys()[index];
        let token = jws::sign(&jws::Header::new(*alg), &payload, signer).unwrap();
        let mut bytes = token.clone().into_bytes();
        let i = pos.index(bytes.len());
        bytes[i] ^= 1 << bit;
        // A flip may make the text invalid UTF-8; that token cannot even be offered.
        if let Ok(tampered) = String::from_utf8(bytes) {
            let result = jws::verify(&tampered, verifier, &[*alg]);
            prop_assert!(result.is_err(), "{} accepted a flip at {} of {}", alg, i, tampered);
        }
    }

    #[test]
    fn b64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let text = b64::encode(&bytes);
        prop_assert!(!text.contains('=') && !text.contains('+') && !text.contains('/'));
        prop_assert_eq!(b64::decode(&text, Part::Payload).unwrap(), bytes);
    }

    #[test]
    fn b64_accepts_only_canonical_text(text in "[A-Za-z0-9_=+/ -]{0,16}") {
        // Whatever decodes must re-encode to exactly the same text.
        if let Ok(bytes) = b64::decode(&text, Part::Payload) {
            prop_assert_eq!(b64::encode(bytes), text);
        }
    }
}
