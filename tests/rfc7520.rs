//! RFC 7520 ("JOSE Cookbook") Section 3 keys and Section 4 JWS examples,
//! from `test-vectors/rfc7520/`.
//!
//! 4.1-4.4 have a compact form and run through the generic compact check.
//! 4.5-4.8 need detached content or the JWS JSON Serialization, which jot does
//! not implement: they count as unsupported, but only after every compact or
//! JSON form they contain has been fed to `jws::verify` and refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{load, read, round_trips, run_jws_case, Case, JwsCase, Outcome, Tally};
use jot::{jws, Algorithm, Error, Jwk, KeyRejected, SigningKey, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;

/// A `4_*.json` example file (see `test-vectors/rfc7520/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    title: String,
    reproducible: Option<bool>,
    input: Input,
    /// An object, or an array of them for multiple signatures (4.8).
    signing: Value,
    output: Output,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    payload: String,
    /// A JWK, or an array of JWKs (4.8).
    key: Value,
    /// A name, or an array of names (4.8).
    alg: Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    compact: Option<String>,
    json: Value,
    json_flat: Option<Value>,
}

fn key_file(name: &str) -> String {
    read(&format!("rfc7520/{name}"))
}

/// The Section 3 public key for a private key of the examples (looked up by
/// `kty`, so the verifying key never comes from jot's own `to_public`).
fn public_for(key: &Value) -> Option<String> {
    match key["kty"].as_str() {
        Some("RSA") => Some(key_file("3_3.rsa_public_key.json")),
        Some("EC") => Some(key_file("3_1.ec_public_key.json")),
        _ => None,
    }
}

/// Section 3: one case per key file.
fn key_case(file: &str) -> Outcome {
    let text = key_file(file);
    let mut case = Case::new();
    let jwk = match Jwk::from_json(&text) {
        Ok(jwk) => jwk,
        // P-521 (3.1, 3.2) is outside jot's curves: refused at import.
        Err(e @ Error::KeyRejected(KeyRejected::UnsupportedCurve)) if text.contains("P-521") => {
            return Outcome::Unsupported(format!("P-521 key (ES512) not implemented ({e})"));
        }
        Err(e) => return Outcome::Fail(format!("Jwk::from_json: {e:?}")),
    };
    round_trips(&mut case, &jwk);
    match file {
        "3_3.rsa_public_key.json" => {
            for alg in [Algorithm::RS256, Algorithm::PS384] {
                case.step(
                    &format!("VerifyingKey::from_jwk({alg})"),
                    VerifyingKey::from_jwk(&jwk, alg),
                );
            }
        }
        "3_4.rsa_private_key.json" => {
            case.step(
                "SigningKey::from_jwk(RS256)",
                SigningKey::from_jwk(&jwk, Algorithm::RS256),
            );
            let public = Jwk::from_json(&key_file("3_3.rsa_public_key.json")).expect("3.3");
            match jwk.to_public() {
                Ok(p) => case.check(p == public, || format!("to_public() is {}", p.to_json())),
                Err(e) => case.fail(format!("to_public: {e:?}")),
            }
        }
        "3_5.symmetric_key_mac_computation.json" => {
            case.step(
                "VerifyingKey::from_jwk(HS256)",
                VerifyingKey::from_jwk(&jwk, Algorithm::HS256),
            );
            case.check(
                VerifyingKey::from_jwk(&jwk, Algorithm::HS384).is_err(),
                || "alg:HS256 key was bound to HS384".into(),
            );
        }
        "3_6.symmetric_key_encryption.json" => {
            // An A256GCM encryption key: a JWK, but never a signature key.
            case.check(
                VerifyingKey::from_jwk(&jwk, Algorithm::HS256).is_err(),
                || "A256GCM use:enc key was bound to HS256".into(),
            );
        }
        _ => {}
    }
    case.outcome()
}

/// 4.1-4.4 as generic compact cases.
fn compact_case(id: &str, ex: &Example) -> Outcome {
    let signing = &ex.signing;
    let protected = signing["protected_b64u"]
        .as_str()
        .expect("protected_b64u")
        .to_owned();
    let compact = ex.output.compact.clone().expect("compact");
    let payload = ex.input.payload.as_bytes().to_vec();
    assert_eq!(
        compact,
        format!(
            "{}.{}",
            signing["sig-input"].as_str().expect("sig-input"),
            signing["sig"].as_str().expect("sig")
        ),
        "{id}"
    );
    run_jws_case(&JwsCase {
        id: id.to_owned(),
        alg: ex.input.alg.as_str().expect("alg").to_owned(),
        key: ex.input.key.to_string(),
        public_key: public_for(&ex.input.key),
        protected_b64u: protected,
        payload,
        compact,
        deterministic: ex.reproducible == Some(true),
    })
}

/// 4.5-4.8: feed every form the example contains to `jws::verify` with every
/// key of the example jot can use; none may verify. Then: unsupported.
fn json_only_case(ex: &Example, reason: &str) -> Outcome {
    let keys: Vec<Value> = match &ex.input.key {
        Value::Array(keys) => keys.clone(),
        key => vec![key.clone()],
    };
    let mut verifiers = Vec::new();
    for key in &keys {
        let (text, algs) = match key["kty"].as_str() {
            Some("oct") => (key.to_string(), vec![Algorithm::HS256]),
            Some("RSA") => (
                key_file("3_3.rsa_public_key.json"),
                vec![Algorithm::RS256, Algorithm::PS384],
            ),
            _ => continue, // P-521: no jot key.
        };
        let jwk = Jwk::from_json(&text).expect("example key parses");
        for alg in algs {
            verifiers.push((
                alg,
                VerifyingKey::from_jwk(&jwk, alg).expect("example key binds"),
            ));
        }
    }
    let mut forms: Vec<(String, String)> = Vec::new();
    if let Some(compact) = &ex.output.compact {
        forms.push(("output.compact".into(), compact.clone()));
    }
    forms.push(("output.json".into(), ex.output.json.to_string()));
    if let Some(flat) = &ex.output.json_flat {
        forms.push(("output.json_flat".into(), flat.to_string()));
    }
    let signings: Vec<Value> = match &ex.signing {
        Value::Array(s) => s.clone(),
        s => vec![s.clone()],
    };
    for (i, s) in signings.iter().enumerate() {
        // Without a protected header the signing input starts with "." (4.7).
        if s.get("protected_b64u").is_none() {
            let token = format!(
                "{}.{}",
                s["sig-input"].as_str().expect("sig-input"),
                s["sig"].as_str().expect("sig")
            );
            forms.push((format!("signing[{i}] sig-input.sig"), token));
        }
    }
    let mut case = Case::new();
    for (what, token) in &forms {
        for (alg, key) in &verifiers {
            if let Ok(v) = jws::verify(token, key, &[*alg]) {
                case.fail(format!(
                    "{what} VERIFIED with the {alg} key (payload {:?})",
                    String::from_utf8_lossy(&v.payload)
                ));
            }
        }
    }
    case.outcome_or(Outcome::Unsupported(format!(
        "{reason}; {} form(s) checked refused by jws::verify",
        forms.len()
    )))
}

const KEYS: &[&str] = &[
    "3_1.ec_public_key.json",
    "3_2.ec_private_key.json",
    "3_3.rsa_public_key.json",
    "3_4.rsa_private_key.json",
    "3_5.symmetric_key_mac_computation.json",
    "3_6.symmetric_key_encryption.json",
];

const EXAMPLES: &[(&str, &str, Option<&str>)] = &[
    ("rfc7520-4.1", "4_1.rsa_v15_signature.json", None),
    ("rfc7520-4.2", "4_2.rsa-pss_signature.json", None),
    ("rfc7520-4.3", "4_3.ecdsa_signature.json", None),
    (
        "rfc7520-4.4",
        "4_4.hmac-sha2_integrity_protection.json",
        None,
    ),
    (
        "rfc7520-4.5",
        "4_5.signature_with_detached_content.json",
        Some("detached payload not implemented"),
    ),
    (
        "rfc7520-4.6",
        "4_6.protecting_specific_header_fields.json",
        Some("JWS JSON serialization (unprotected header) not implemented"),
    ),
    (
        "rfc7520-4.7",
        "4_7.protecting_content_only.json",
        Some("JWS JSON serialization (no protected header) not implemented"),
    ),
    (
        "rfc7520-4.8",
        "4_8.multiple_signatures.json",
        Some("JWS JSON serialization (multiple signatures) not implemented"),
    ),
];

#[test]
fn rfc7520_sections_3_and_4() {
    let mut tally = Tally::new();
    for file in KEYS {
        let id = format!("rfc7520-3.{}", &file[2..3]);
        tally.record(&id, key_case(file));
    }
    for (id, file, json_only) in EXAMPLES {
        let ex: Example = load(&format!("rfc7520/{file}"));
        assert!(!ex.title.is_empty());
        let outcome = match json_only {
            None => compact_case(id, &ex),
            Some(reason) => json_only_case(&ex, reason),
        };
        tally.record(id, outcome);
    }
    tally.print("rfc7520");
    tally.assert_clean(KEYS.len() + EXAMPLES.len());
}
