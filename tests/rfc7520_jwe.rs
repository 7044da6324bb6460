//! RFC 7520 §5 and §6 (the JOSE cookbook's JWE and nesting examples), one
//! generic runner: every serialization of every example is one case.
//!
//! - A compact token whose `alg`/`enc` jot implements and whose key jot can
//!   use must decrypt to the published plaintext (only §5.6 qualifies).
//! - Any other compact token must be refused with `UnsupportedAlgorithm`
//!   before any key is touched, and is counted unsupported with the reason.
//! - The JSON serializations must be refused as `NotCompactJws` (jot has no
//!   JWE JSON serialization) and are counted unsupported.
//! - §6 nests a PS256 JWS in an RSA-OAEP JWE: the JWE is unsupported, the
//!   inner JWS must verify with the published key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{load, Outcome, Tally};
use jot::jwe::{self, DecryptionKey, Enc, KeyAlg};
use jot::{jws, Algorithm, Error, Jwk, Malformed, VerifyingKey};
use serde_json::Value;

const SECTION_5: [&str; 13] = [
    "5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2",
    "5_2.key_encryption_using_rsa-oaep_with_aes-gcm",
    "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2",
    "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
    "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2",
    "5_6.direct_encryption_using_aes-gcm",
    "5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2",
    "5_8.key_wrap_using_aes-keywrap_with_aes-gcm",
    "5_9.compressed_content",
    "5_10.including_additional_authentication_data",
    "5_11.protecting_specific_header_fields",
    "5_12.protecting_content_only",
    "5_13.encrypting_to_multiple_recipients",
];

/// Every serialization of §5 (34) and §6 (three JWE, one JWS).
const EXPECTED_CASES: usize = 38;

/// A `dir` key that fits nothing in the cookbook: only used to show that a
/// token is refused on its header, before any key is looked at.
fn probe_key() -> DecryptionKey {
    DecryptionKey::dir(Enc::A128GCM, &[0; 16]).unwrap()
}

/// Why jot cannot run an example with these `alg` and `enc`, if it cannot.
fn unsupported_reason(alg: &Value, enc: &str, key: &Value) -> Option<String> {
    let Some(alg) = alg.as_str() else {
        return Some("several recipients (JWE JSON serialization only)".into());
    };
    match (alg.parse::<KeyAlg>(), enc.parse::<Enc>()) {
        (Ok(KeyAlg::EcdhEs), _) if key.get("d").is_some() => Some(format!(
            "ECDH-ES with a stored private key (ring has no static agreement), enc {enc}"
        )),
        (Ok(_), Ok(_)) => None,
        _ => Some(format!("alg {alg} / enc {enc}")),
    }
}

/// One compact token of §5.
fn compact_case(v: &Value, token: &str) -> Outcome {
    let input = &v["input"];
    let enc = input["enc"].as_str().unwrap_or("");
    let plaintext = input["plaintext"].as_str().unwrap().as_bytes();
    if let Some(why) = unsupported_reason(&input["alg"], enc, &input["key"]) {
        return match jwe::decrypt(token, &probe_key(), &KeyAlg::ALL, &Enc::ALL) {
            Err(Error::UnsupportedAlgorithm(what)) => {
                Outcome::Unsupported(format!("{why}; jot says unsupported: {what}"))
            }
            other => Outcome::Fail(format!("{why}, but jot answered {other:?}")),
        };
    }
    let enc: Enc = enc.parse().unwrap();
    let jwk = match Jwk::from_json(&input["key"].to_string()) {
        Ok(jwk) => jwk,
        Err(e) => return Outcome::Fail(format!("key refused: {e}")),
    };
    let key = match DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc) {
        Ok(key) => key,
        Err(e) => return Outcome::Fail(format!("key not bound: {e}")),
    };
    match jwe::decrypt(token, &key, &[KeyAlg::Dir], &[enc]) {
        Ok(opened) if opened.plaintext == plaintext => Outcome::Pass,
        Ok(_) => Outcome::Fail("decrypted to another plaintext".into()),
        Err(e) => Outcome::Fail(format!("refused: {e}")),
    }
}

/// A JWE JSON serialization, which jot does not implement.
fn json_case(doc: &Value) -> Outcome {
    match jwe::decrypt(&doc.to_string(), &probe_key(), &KeyAlg::ALL, &Enc::ALL) {
        Err(Error::Malformed(Malformed::NotCompactJws)) => {
            Outcome::Unsupported("JWE JSON serialization".into())
        }
        other => Outcome::Fail(format!("JSON serialization answered {other:?}")),
    }
}

/// §6: the JWS inside, then the three JWE serializations around it.
fn section_6(tally: &mut Tally) {
    let v: Value = load("rfc7520/jwe/6.nesting_signatures_and_encryption.json");
    let sign = &v["sign"];
    let jwk = Jwk::from_json(&sign["input"]["key"].to_string()).unwrap();
    let outcome = match jwk
        .to_public()
        .and_then(|public| VerifyingKey::from_jwk(&public, Algorithm::PS256))
        .and_then(|key| {
            jws::verify(
                sign["output"]["compact"].as_str().unwrap(),
                &key,
                &[Algorithm::PS256],
            )
        }) {
        Ok(verified)
            if verified.payload == sign["input"]["payload"].as_str().unwrap().as_bytes() =>
        {
            Outcome::Pass
        }
        other => Outcome::Fail(format!("inner PS256 JWS: {other:?}")),
    };
    tally.record("6 sign compact", outcome);

    let encrypt = &v["encrypt"];
    assert_eq!(
        encrypt["input"]["plaintext"], sign["output"]["compact"],
        "the JWE carries the JWS"
    );
    for (form, out) in encrypt["output"].as_object().unwrap() {
        let outcome = if form == "compact" {
            let token = out.as_str().unwrap();
            match jwe::decrypt(token, &probe_key(), &KeyAlg::ALL, &Enc::ALL) {
                Err(Error::UnsupportedAlgorithm(what)) => {
                    Outcome::Unsupported(format!("the JWE is {what}"))
                }
                other => Outcome::Fail(format!("RSA-OAEP JWE answered {other:?}")),
            }
        } else {
            json_case(out)
        };
        tally.record(&format!("6 encrypt {form}"), outcome);
    }
}

#[test]
fn rfc7520_jwe_examples() {
    let mut tally = Tally::new();
    for name in SECTION_5 {
        let v: Value = load(&format!("rfc7520/jwe/{name}.json"));
        let section = name.split('.').next().unwrap().replace('_', ".");
        for (form, out) in v["output"].as_object().unwrap() {
            let outcome = match (form.as_str(), out.as_str()) {
                ("compact", Some(token)) => compact_case(&v, token),
                _ => json_case(out),
            };
            tally.record(&format!("{section} {form}"), outcome);
        }
    }
    section_6(&mut tally);
    tally.print("rfc7520_jwe");
    tally.assert_clean(EXPECTED_CASES);
    // Exactly §5.6's compact token decrypts, and §6's JWS verifies.
    assert_eq!(tally.passed, 2, "{}", tally.summary("rfc7520_jwe"));
}
