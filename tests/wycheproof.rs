//! Project Wycheproof JWS and JWK vectors, from `test-vectors/wycheproof/`:
//! `json_web_signature_test.json`, `json_web_key_test.json` and the JWS half
//! of `json_web_crypto_test.json` (see that folder's README).
//!
//! Each case goes through jot the way a caller would. For a group key that
//! is a single JWK: `Jwk::from_json`, then `VerifyingKey::from_jwk` bound to
//! the JWK's own `alg` if it has one (the caller knows its key), else to the
//! algorithm the caller expects, which here is the header's `alg` (read
//! leniently by the test); when neither names an algorithm jot implements,
//! every algorithm of `Algorithm::ALL` is tried and any acceptance counts.
//! For a JWK Set: `JwkSet::from_json`, then `jws::verify` with all of
//! `Algorithm::ALL` allowed. An error at any step is a rejection.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::{b64d, load, unsupported_alg, NoKeys, Outcome, Tally};
use jot::{jws, Algorithm, Jwk, JwkSet, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct File {
    header: Vec<String>,
    notes: BTreeMap<String, Note>,
    number_of_tests: usize,
    schema: String,
    test_groups: Vec<Group>,
    /// Deprecated by the schema; absent in these files.
    generator_version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Note {
    bug_type: String,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    #[serde(rename = "type")]
    kind: String,
    source: Source,
    comment: Option<String>,
    /// A JWK or a JWK Set.
    private: Option<Value>,
    /// A JWK or a JWK Set; verify with this one when present.
    public: Option<Value>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    name: String,
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Test {
    tc_id: u32,
    comment: String,
    /// A string, except crypto tcId 17 (a JSON object).
    jws: Option<Value>,
    /// JWE cases of the crypto file.
    jwe: Option<Value>,
    result: String,
    flags: Vec<String>,
}

/// Upstream data problems (README "Known problems"): run, print jot's
/// answer, count as disputed. (file, tcId, why)
const DISPUTED: &[(&str, u32, &str)] = &[
    ("json_web_signature_test.json", 346, "RFC 7520 Fig. 20: header alg PS384, key alg PS256, labelled valid; contradicts 331-340 (alg must match the key's)"),
    ("json_web_signature_test.json", 350, "RFC 7520 Fig. 20 (key_ops variant): header alg PS384, key alg PS256, labelled valid; contradicts 331-340"),
    ("json_web_signature_test.json", 367, "invalidBase64Padding: jws is byte-identical to the valid tcId 357 (padded variant lost upstream), labelled invalid"),
    ("json_web_signature_test.json", 370, "invalidBase64PaddingInPayload: jws is byte-identical to the valid tcId 357, labelled invalid"),
    ("json_web_signature_test.json", 372, "'?' inside the header base64url, labelled valid; a strict RFC 7515 decoder rejects it"),
    ("json_web_signature_test.json", 373, "'?' inside the payload base64url, labelled valid; a strict RFC 7515 decoder rejects it"),
];

/// Algorithms jot does not implement. (file, tcIds, why)
const UNSUPPORTED: &[(&str, u32, u32, &str)] = &[
    (
        "json_web_signature_test.json",
        347,
        347,
        "ES512 (RFC 7520 Fig. 27, key alg ES521)",
    ),
    (
        "json_web_signature_test.json",
        351,
        351,
        "ES512 (RFC 7520 Fig. 27, key alg ES521)",
    ),
    ("json_web_crypto_test.json", 50, 83, "JWE not implemented"),
];

/// What jot made of a case.
enum Verdict {
    Accepted(Vec<u8>),
    Rejected(String),
}

impl Verdict {
    fn describe(&self) -> String {
        match self {
            Verdict::Accepted(p) => format!("ACCEPTED (payload {:?})", String::from_utf8_lossy(p)),
            Verdict::Rejected(why) => format!("rejected ({why})"),
        }
    }
}

/// The header's `alg`, read leniently (test only): `None` if the header
/// does not decode or has no string `alg`.
fn header_alg(token: &str) -> Option<String> {
    let header = b64d(token.split('.').next()?)?;
    let v: Value = serde_json::from_slice(&header).ok()?;
    v.get("alg")?.as_str().map(str::to_owned)
}

fn judge_single(key: &Value, token: &str) -> Verdict {
    let jwk = match Jwk::from_json(&key.to_string()) {
        Ok(jwk) => jwk,
        Err(e) => return Verdict::Rejected(format!("Jwk::from_json: {e:?}")),
    };
    let algs: Vec<Algorithm> = match &jwk.alg {
        Some(own) => match own.parse() {
            Ok(alg) => vec![alg],
            Err(e) => return Verdict::Rejected(format!("key alg {own:?}: {e:?}")),
        },
        None => match header_alg(token).and_then(|a| a.parse().ok()) {
            Some(alg) => vec![alg],
            None => Algorithm::ALL.to_vec(),
        },
    };
    let mut errors = Vec::new();
    for alg in algs {
        match VerifyingKey::from_jwk(&jwk, alg) {
            Err(e) => errors.push(format!("{alg}: from_jwk {e:?}")),
            Ok(vk) => match jws::verify(token, &vk, &[alg]) {
                Ok(v) => return Verdict::Accepted(v.payload),
                Err(e) => errors.push(format!("{alg}: verify {e:?}")),
            },
        }
    }
    Verdict::Rejected(errors.join(", "))
}

fn judge_set(set: &Value, token: &str) -> Verdict {
    let set = match JwkSet::from_json(&set.to_string()) {
        Ok(set) => set,
        Err(e) => return Verdict::Rejected(format!("JwkSet::from_json: {e:?}")),
    };
    match jws::verify(token, &set, &Algorithm::ALL) {
        Ok(v) => Verdict::Accepted(v.payload),
        Err(e) => Verdict::Rejected(format!("verify: {e:?}")),
    }
}

fn token_of(test: &Test) -> String {
    match test.jws.as_ref().expect("jws") {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn judge(group: &Group, test: &Test) -> Verdict {
    let key = group
        .public
        .as_ref()
        .or(group.private.as_ref())
        .expect("group key");
    let token = token_of(test);
    if key.get("keys").is_some() {
        judge_set(key, &token)
    } else {
        judge_single(key, &token)
    }
}

fn run_case(file: &str, group: &Group, test: &Test) -> Outcome {
    if let Some((_, _, _, why)) = UNSUPPORTED
        .iter()
        .find(|(f, lo, hi, _)| *f == file && (*lo..=*hi).contains(&test.tc_id))
    {
        if let Some(jwe) = &test.jwe {
            // A JWE handed to the JWS verifier must still be refused.
            let token = jwe.as_str().map_or_else(|| jwe.to_string(), str::to_owned);
            return match jws::verify(&token, &NoKeys, &Algorithm::ALL) {
                Ok(_) => Outcome::Fail(format!("{why}: jws::verify ACCEPTED a JWE")),
                Err(e) => Outcome::Unsupported(format!("{why}; jws::verify refused it ({e})")),
            };
        }
        if let Verdict::Accepted(_) = judge(group, test) {
            return Outcome::Fail(format!("{why}: jot ACCEPTED it"));
        }
        return unsupported_alg(why, &jws::verify(&token_of(test), &NoKeys, &Algorithm::ALL));
    }
    let verdict = judge(group, test);
    if let Some((_, _, why)) = DISPUTED
        .iter()
        .find(|(f, id, _)| *f == file && *id == test.tc_id)
    {
        return Outcome::Disputed(format!(
            "upstream says {}; jot {}. Why disputed: {why}",
            test.result,
            verdict.describe()
        ));
    }
    let flags = if test.flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", test.flags.join(","))
    };
    match (test.result.as_str(), &verdict) {
        ("valid", Verdict::Accepted(payload)) => {
            let want = token_of(test).split('.').nth(1).and_then(b64d);
            if want.as_deref() == Some(&payload[..]) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "{}{flags}: valid, accepted but payload differs",
                    test.comment
                ))
            }
        }
        ("invalid", Verdict::Rejected(_)) => Outcome::Pass,
        (result, _) => Outcome::Fail(format!(
            "{}{flags}: expected {result}, jot {}",
            test.comment,
            verdict.describe()
        )),
    }
}

fn run_file(file: &str, name: &str) {
    let data: File = load(&format!("wycheproof/{file}"));
    assert!(data.schema.ends_with("_schema_v1.json") && !data.header.is_empty());
    assert!(data
        .notes
        .values()
        .all(|n| !n.bug_type.is_empty() && !n.description.is_empty()));
    assert!(data.generator_version.is_none());
    let mut tally = Tally::new();
    for group in &data.test_groups {
        assert_eq!(
            group.source.name, "google-wycheproof",
            "{:?}",
            group.comment
        );
        assert!(!group.source.version.is_empty() && !group.kind.is_empty());
        for test in &group.tests {
            tally.record(
                &format!("{file} tcId {}", test.tc_id),
                run_case(file, group, test),
            );
        }
    }
    tally.print(name);
    tally.assert_clean(data.number_of_tests);
}

#[test]
fn wycheproof_json_web_signature() {
    run_file(
        "json_web_signature_test.json",
        "wycheproof-json_web_signature",
    );
}

#[test]
fn wycheproof_json_web_key() {
    run_file("json_web_key_test.json", "wycheproof-json_web_key");
}

#[test]
fn wycheproof_json_web_crypto() {
    run_file("json_web_crypto_test.json", "wycheproof-json_web_crypto");
}
