//! RFC 7520 ("JOSE Cookbook") Section 3 keys and Section 4 JWS examples,
//! from `test-vectors/rfc7520/`.
//!
//! 4.1-4.4 have a compact form and run through the generic compact check;
//! their JSON forms are verified with `jws::json::verify` too.
//! 4.5-4.8 need detached content or the JWS JSON Serialization: every form
//! is verified through `jws::verify_detached` / `jws::json::verify{,_detached}`
//! (naming the signature that verified), re-signed byte-for-byte where the
//! algorithm is deterministic, bit-flipped, and also fed to the compact
//! `jws::verify`, which must refuse every one. The ES512 signature of 4.8 is
//! outside jot: it must be refused with `UnsupportedAlgorithm`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{
    b64d, b64e, load, read, round_trips, run_jws_case, unsupported_alg, Case, JwsCase, NoKeys,
    Outcome, Tally,
};
use jot::jws::json::{self as jws_json, Signer};
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

/// Every JSON or detached form of the example must be refused by the compact `jws::verify`
/// with every key of the example jot can use.
fn compact_api_refuses(ex: &Example, case: &mut Case) -> usize {
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
    // An attached compact form (4.1-4.4) is the one compact verify must accept.
    let detached = ex.output.json.get("payload").is_none();
    if let (Some(compact), true) = (&ex.output.compact, detached) {
        forms.push(("output.compact".into(), compact.clone()));
    }
    forms.push(("output.json".into(), ex.output.json.to_string()));
    if let Some(flat) = &ex.output.json_flat {
        forms.push(("output.json_flat".into(), flat.to_string()));
    }
    for (i, s) in signings(ex).iter().enumerate() {
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
    for (what, token) in &forms {
        for (alg, key) in &verifiers {
            if let Ok(v) = jws::verify(token, key, &[*alg]) {
                case.fail(format!(
                    "compact jws::verify: {what} VERIFIED with the {alg} key (payload {:?})",
                    String::from_utf8_lossy(&v.payload)
                ));
            }
        }
    }
    forms.len()
}

fn signings(ex: &Example) -> Vec<Value> {
    match &ex.signing {
        Value::Array(s) => s.clone(),
        s => vec![s.clone()],
    }
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    }
}

/// One signature of an example, with jot's keys when jot implements its alg.
struct Part {
    alg: Result<Algorithm, Error>,
    signing: Value,
    keys: Option<(SigningKey, VerifyingKey)>,
}

fn parts(ex: &Example) -> Vec<Part> {
    let algs = as_list(&ex.input.alg);
    let keys = as_list(&ex.input.key);
    let signings = signings(ex);
    assert_eq!(algs.len(), signings.len());
    assert_eq!(keys.len(), signings.len());
    signings
        .into_iter()
        .zip(algs.iter().zip(&keys))
        .map(|(signing, (alg, key))| {
            let alg = alg.as_str().expect("alg").parse::<Algorithm>();
            let keys = alg.as_ref().ok().map(|&alg| {
                let private = Jwk::from_json(&key.to_string()).expect("example key");
                let public_text = public_for(key).unwrap_or_else(|| key.to_string());
                let public = Jwk::from_json(&public_text).expect("example public key");
                (
                    SigningKey::from_jwk(&private, alg).expect("signing key binds"),
                    VerifyingKey::from_jwk(&public, alg).expect("verifying key binds"),
                )
            });
            Part { alg, signing, keys }
        })
        .collect()
}

/// The signer of an example signature, built from its `protected` and
/// `unprotected` members; the protected header must serialize to the
/// exact `protected_b64u` of the file.
fn signer<'k>(part: &Part, key: &'k SigningKey, case: &mut Case) -> Signer<'k> {
    let unprotected = part.signing["unprotected"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    match part.signing.get("protected_b64u").and_then(Value::as_str) {
        None => Signer::unprotected_only(key, unprotected),
        Some(b64u) => {
            let header =
                jws::Header::from_json(&b64d(b64u).expect("protected_b64u")).expect("header");
            case.check(
                header.to_json().map(|j| b64e(j.as_bytes())).as_deref() == Ok(b64u),
                || format!("Header::to_json does not give back {b64u}"),
            );
            let mut s = Signer::new(key, header);
            for (k, v) in unprotected {
                s = s.with_unprotected(k, v);
            }
            s
        }
    }
}

fn parse(doc: &str) -> Value {
    serde_json::from_str(doc).expect("jot writes JSON")
}

/// One bit of `signatures[index].signature` (or the flattened `signature`) flipped.
fn flip_signature(doc: &Value, index: usize) -> String {
    let mut doc = doc.clone();
    let slot = match doc.get_mut("signatures") {
        Some(list) => &mut list[index]["signature"],
        None => &mut doc["signature"],
    };
    let mut sig = b64d(slot.as_str().expect("signature")).expect("b64");
    sig[0] ^= 1;
    *slot = Value::from(b64e(&sig));
    doc.to_string()
}

/// The JSON (and detached compact) forms of an example through jot's
/// JSON-serialization and detached APIs.
fn json_case(ex: &Example) -> Outcome {
    let mut case = Case::new();
    let payload = ex.input.payload.as_bytes();
    let parts = parts(ex);
    let detached = ex.output.json.get("payload").is_none();
    let verify_doc = |doc: &str, key: &VerifyingKey, algs: &[Algorithm]| {
        if detached {
            jws_json::verify_detached(doc, payload, key, algs)
        } else {
            jws_json::verify(doc, key, algs)
        }
    };
    let mut forms = vec![("json", ex.output.json.clone())];
    if let Some(flat) = &ex.output.json_flat {
        forms.push(("json_flat", flat.clone()));
    }
    let mut unsupported = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let Some((_, vk)) = &part.keys else {
            // The general form with only this signature must be refused the right way.
            let alone = serde_json::json!({
                "payload": ex.output.json["payload"],
                "signatures": [ex.output.json["signatures"][i]],
            });
            let r = jws_json::verify(&alone.to_string(), &NoKeys, &Algorithm::ALL);
            match unsupported_alg(&format!("signature {i}"), &r) {
                Outcome::Unsupported(why) => unsupported.push(why),
                other => case.fail(format!("{other:?}")),
            }
            continue;
        };
        let alg = *part.alg.as_ref().expect("supported alg");
        for (what, doc) in &forms {
            if *what == "json_flat" && parts.len() > 1 {
                continue;
            }
            let text = doc.to_string();
            let index = if *what == "json" { i } else { 0 };
            match verify_doc(&text, vk, &[alg]) {
                Ok(v) => {
                    case.check(v.payload == payload, || format!("{what}: payload differs"));
                    case.check(v.signature_index == index, || {
                        format!(
                            "{what}: signature_index {}, expected {index}",
                            v.signature_index
                        )
                    });
                    case.check(v.header.alg == alg, || format!("{what}: header alg"));
                }
                Err(e) => case.fail(format!("{what} with the {alg} key: {e:?}")),
            }
            match verify_doc(&flip_signature(doc, index), vk, &[alg]) {
                Err(Error::InvalidSignature) => {}
                other => case.fail(format!(
                    "{what} signature bit flip: {:?}, expected InvalidSignature",
                    other.map(|v| v.signature_index)
                )),
            }
            // Another payload must not verify.
            let other = if detached {
                jws_json::verify_detached(&text, b"other", vk, &[alg])
            } else {
                let mut d = doc.clone();
                d["payload"] = Value::from(b64e(b"other"));
                jws_json::verify(&d.to_string(), vk, &[alg])
            };
            case.check(other.is_err(), || {
                format!("{what}: another payload VERIFIED")
            });
        }
        if let Some(compact) = &ex.output.compact {
            if detached {
                match jws::verify_detached(compact, payload, vk, &[alg]) {
                    Ok(v) => case.check(v.payload == payload, || "compact payload".into()),
                    Err(e) => case.fail(format!("verify_detached(compact): {e:?}")),
                }
            } else {
                match jws::verify(compact, vk, &[alg]) {
                    Ok(v) => case.check(v.payload == payload, || "compact payload".into()),
                    Err(e) => case.fail(format!("compact verify: {e:?}")),
                }
            }
        }
    }
    // Re-sign the deterministic signatures and compare with the file.
    let deterministic = |a: &Result<Algorithm, Error>| {
        matches!(
            a,
            Ok(Algorithm::HS256 | Algorithm::RS256 | Algorithm::HS384 | Algorithm::RS384)
        )
    };
    let resign: Vec<usize> = (0..parts.len())
        .filter(|&i| deterministic(&parts[i].alg))
        .collect();
    if !resign.is_empty() {
        let signers: Vec<Signer<'_>> = resign
            .iter()
            .map(|&i| {
                signer(
                    &parts[i],
                    &parts[i].keys.as_ref().expect("keys").0,
                    &mut case,
                )
            })
            .collect();
        if let Some(signed) = case.step("json::sign", jws_json::sign(payload, &signers)) {
            let signed = if detached { signed.detached() } else { signed };
            let general = parse(&signed.general());
            if resign.len() == parts.len() {
                case.check(general == ex.output.json, || {
                    format!("re-signed general form differs: {general}")
                });
                if let Some(flat) = &ex.output.json_flat {
                    match signed.flattened() {
                        Ok(f) => case.check(&parse(&f) == flat, || {
                            format!("re-signed flattened form differs: {f}")
                        }),
                        Err(e) => case.fail(format!("flattened: {e:?}")),
                    }
                }
            } else {
                for (k, &i) in resign.iter().enumerate() {
                    case.check(
                        general["signatures"][k] == ex.output.json["signatures"][i],
                        || format!("re-signed signature {i} differs"),
                    );
                }
            }
        }
        if let (Some(compact), true, [i]) = (&ex.output.compact, detached, resign.as_slice()) {
            let (sk, _) = parts[*i].keys.as_ref().expect("keys");
            let header = jws::Header::from_json(
                &b64d(parts[*i].signing["protected_b64u"].as_str().expect("b64u")).expect("b64"),
            )
            .expect("header");
            match jws::sign_detached(&header, payload, sk) {
                Ok(t) => case.check(&t == compact, || format!("sign_detached gave {t}")),
                Err(e) => case.fail(format!("sign_detached: {e:?}")),
            }
        }
    }
    let refused = compact_api_refuses(ex, &mut case);
    let note = format!(
        "{} form(s) verified, {} signature(s) re-signed byte-for-byte, {refused} form(s) refused by the compact jws::verify",
        forms.len() + usize::from(ex.output.compact.is_some()),
        resign.len()
    );
    if unsupported.is_empty() {
        case.outcome_or(Outcome::PassNote(note))
    } else {
        case.outcome_or(Outcome::PassNote(format!(
            "{note}; not implemented, refused as expected: {}",
            unsupported.join("; ")
        )))
    }
}

const KEYS: &[&str] = &[
    "3_1.ec_public_key.json",
    "3_2.ec_private_key.json",
    "3_3.rsa_public_key.json",
    "3_4.rsa_private_key.json",
    "3_5.symmetric_key_mac_computation.json",
    "3_6.symmetric_key_encryption.json",
];

/// The examples; `true` for those with an attached compact form (4.1-4.4).
const EXAMPLES: &[(&str, &str, bool)] = &[
    ("rfc7520-4.1", "4_1.rsa_v15_signature.json", true),
    ("rfc7520-4.2", "4_2.rsa-pss_signature.json", true),
    ("rfc7520-4.3", "4_3.ecdsa_signature.json", true),
    (
        "rfc7520-4.4",
        "4_4.hmac-sha2_integrity_protection.json",
        true,
    ),
    (
        "rfc7520-4.5",
        "4_5.signature_with_detached_content.json",
        false,
    ),
    (
        "rfc7520-4.6",
        "4_6.protecting_specific_header_fields.json",
        false,
    ),
    ("rfc7520-4.7", "4_7.protecting_content_only.json", false),
    ("rfc7520-4.8", "4_8.multiple_signatures.json", false),
];

#[test]
fn rfc7520_sections_3_and_4() {
    let mut tally = Tally::new();
    for file in KEYS {
        let id = format!("rfc7520-3.{}", &file[2..3]);
        tally.record(&id, key_case(file));
    }
    for (id, file, compact) in EXAMPLES {
        let ex: Example = load(&format!("rfc7520/{file}"));
        assert!(!ex.title.is_empty());
        let outcome = if *compact {
            // The compact check, then the JSON forms of a supported example.
            match compact_case(id, &ex) {
                Outcome::Pass => json_case(&ex),
                other => other,
            }
        } else {
            json_case(&ex)
        };
        tally.record(id, outcome);
    }
    tally.print("rfc7520");
    tally.assert_clean(KEYS.len() + EXAMPLES.len());
}
