//! JWK parsing and key preparation: from JSON text to a key ready to verify.
//!
//! Groups `jwk_verifying_key/<alg>` time one public JWK from text to a
//! prepared verifier: jot's `Jwk::from_json` + `VerifyingKey::from_jwk`
//! (which also checks curve points, RSA size, `use`/`key_ops`), jsonwebtoken's
//! `serde_json` into its `jwk::Jwk` + `DecodingKey::from_jwk` (9 and 10), and
//! the `ideal` layer: `serde_json` into a plain struct, base64url decode, the
//! ring object. `jwk_set/3` parses a set of three public keys (jot's
//! `JwkSet::from_json` prepares each). `jwk_signing_key/es256` prepares a
//! private P-256 JWK: jot against ring's `from_private_key_and_public_key`.

mod common;

use std::hint::black_box;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use jot::{Algorithm, Jwk, JwkSet, SigningKey, VerifyingKey};
use ring::signature as rsig;
use serde::Deserialize;

use common::KeyPair;

/// The members the ideal layer reads.
#[derive(Deserialize)]
struct IdealJwk {
    kty: String,
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

/// The prepared key; the bench hands it to `black_box` and never reads it.
#[allow(dead_code)]
enum IdealKey {
    Rsa(rsig::RsaPublicKeyComponents<Vec<u8>>),
    Point(rsig::UnparsedPublicKey<Vec<u8>>),
}

fn b64(member: Option<String>) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(member?).ok()
}

fn ideal_verifying_key(json: &str, alg: Algorithm) -> Option<IdealKey> {
    let jwk: IdealJwk = serde_json::from_str(json).ok()?;
    match (jwk.kty.as_str(), alg) {
        ("RSA", _) => Some(IdealKey::Rsa(rsig::RsaPublicKeyComponents {
            n: b64(jwk.n)?,
            e: b64(jwk.e)?,
        })),
        ("EC", _) => {
            let mut point = vec![4];
            point.extend(b64(jwk.x)?);
            point.extend(b64(jwk.y)?);
            Some(IdealKey::Point(rsig::UnparsedPublicKey::new(
                &rsig::ECDSA_P256_SHA256_FIXED,
                point,
            )))
        }
        ("OKP", _) => Some(IdealKey::Point(rsig::UnparsedPublicKey::new(
            &rsig::ED25519,
            b64(jwk.x)?,
        ))),
        _ => None,
    }
}

fn verifying_keys(c: &mut Criterion) {
    for (alg, name) in [
        (Algorithm::RS256, "rs256"),
        (Algorithm::ES256, "es256"),
        (Algorithm::EdDSA, "eddsa"),
    ] {
        let json = KeyPair::for_alg(alg).public.to_json();
        // Setup: every contender takes this JWK.
        assert!(VerifyingKey::from_jwk(&Jwk::from_json(&json).expect("jot"), alg).is_ok());
        assert!(ideal_verifying_key(&json, alg).is_some());
        let j9: jsonwebtoken::jwk::Jwk = serde_json::from_str(&json).expect("jsonwebtoken9 jwk");
        assert!(jsonwebtoken::DecodingKey::from_jwk(&j9).is_ok());
        let j10: jsonwebtoken10::jwk::Jwk = serde_json::from_str(&json).expect("jsonwebtoken jwk");
        assert!(jsonwebtoken10::DecodingKey::from_jwk(&j10).is_ok());

        let mut group = c.benchmark_group(format!("jwk_verifying_key/{name}"));
        group.bench_function("jot", |b| {
            b.iter(|| {
                Jwk::from_json(black_box(&json)).and_then(|jwk| VerifyingKey::from_jwk(&jwk, alg))
            })
        });
        group.bench_function("jsonwebtoken9", |b| {
            b.iter(|| {
                serde_json::from_str::<jsonwebtoken::jwk::Jwk>(black_box(&json))
                    .map(|jwk| jsonwebtoken::DecodingKey::from_jwk(&jwk))
            })
        });
        group.bench_function("jsonwebtoken10", |b| {
            b.iter(|| {
                serde_json::from_str::<jsonwebtoken10::jwk::Jwk>(black_box(&json))
                    .map(|jwk| jsonwebtoken10::DecodingKey::from_jwk(&jwk))
            })
        });
        group.bench_function("ideal", |b| {
            b.iter(|| ideal_verifying_key(black_box(&json), alg))
        });
        group.finish();
    }
}

fn jwk_set(c: &mut Criterion) {
    let keys: Vec<Jwk> = [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA]
        .iter()
        .enumerate()
        .map(|(i, &alg)| Jwk {
            kid: Some(format!("key-{i}")),
            ..KeyPair::for_alg(alg).public
        })
        .collect();
    let json = JwkSet::new(keys).expect("a valid set").to_json();
    assert!(JwkSet::from_json(&json).is_ok());
    let set9: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&json).expect("jsonwebtoken9 set");
    assert_eq!(set9.keys.len(), 3);

    let mut group = c.benchmark_group("jwk_set/3");
    group.bench_function("jot", |b| b.iter(|| JwkSet::from_json(black_box(&json))));
    group.bench_function("jsonwebtoken9", |b| {
        b.iter(|| {
            serde_json::from_str::<jsonwebtoken::jwk::JwkSet>(black_box(&json)).map(|set| {
                set.keys
                    .iter()
                    .filter(|k| jsonwebtoken::DecodingKey::from_jwk(k).is_ok())
                    .count()
            })
        })
    });
    group.bench_function("jsonwebtoken10", |b| {
        b.iter(|| {
            serde_json::from_str::<jsonwebtoken10::jwk::JwkSet>(black_box(&json)).map(|set| {
                set.keys
                    .iter()
                    .filter(|k| jsonwebtoken10::DecodingKey::from_jwk(k).is_ok())
                    .count()
            })
        })
    });
    group.finish();
}

fn signing_key(c: &mut Criterion) {
    let json = KeyPair::for_alg(Algorithm::ES256).private.to_json();
    assert!(SigningKey::from_jwk(&Jwk::from_json(&json).expect("jot"), Algorithm::ES256).is_ok());
    let ideal = |json: &str| -> Option<rsig::EcdsaKeyPair> {
        let jwk: IdealJwk = serde_json::from_str(json).ok()?;
        let mut point = vec![4];
        point.extend(b64(jwk.x)?);
        point.extend(b64(jwk.y)?);
        rsig::EcdsaKeyPair::from_private_key_and_public_key(
            &rsig::ECDSA_P256_SHA256_FIXED_SIGNING,
            &b64(jwk.d)?,
            &point,
            &ring::rand::SystemRandom::new(),
        )
        .ok()
    };
    assert!(ideal(&json).is_some());

    let mut group = c.benchmark_group("jwk_signing_key/es256");
    group.bench_function("jot", |b| {
        b.iter(|| {
            Jwk::from_json(black_box(&json))
                .and_then(|jwk| SigningKey::from_jwk(&jwk, Algorithm::ES256))
        })
    });
    group.bench_function("ideal", |b| b.iter(|| ideal(black_box(&json))));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = verifying_keys, jwk_set, signing_key
}
criterion_main!(benches);
