//! Project Wycheproof JWS, JWK and JWE vectors, from `test-vectors/wycheproof/`:
//! `json_web_signature_test.json`, `json_web_key_test.json`,
//! `json_web_crypto_test.json` (JWS tcIds 1-49, JWE 50-83) and
//! `json_web_encryption_test.json` (see that folder's README). One runner
//! for one source, kept whole (STYLE.md A.5).
//!
//! Each case goes through jot the way a caller would. For a group key that
//! is a single JWK: `Jwk::from_json`, then `VerifyingKey::from_jwk` bound to
//! the JWK's own `alg` if it has one (the caller knows its key), else to the
//! algorithm the caller expects, which here is the header's `alg` (read
//! leniently by the test); when neither names an algorithm jot implements,
//! every algorithm of `Algorithm::ALL` is tried and any acceptance counts.
//! For a JWK Set: `JwkSet::from_json`, then `jws::verify` with all of
//! `Algorithm::ALL` allowed. An error at any step is a rejection.
//!
//! A JWE case is decided only where jot's answer means something (see
//! [`run_jwe_case`]): `dir` with an `enc` jot implements, decrypted with
//! the group's `oct` key, and cases that have no `alg` to manage a key
//! with (JSON serialization, a missing or unreadable header, no `alg`
//! member), which must be refused as malformed before any key is used.
//! Every other `alg` is unsupported, even where jot refuses the token: that
//! refusal says nothing about the attack the case targets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::{b64d, b64e, hex, load, unsupported_alg, NoKeys, Outcome, Tally};
use jot::jwe::{self, Curve, DecryptionKey, Enc, EphemeralDecryptionKey, KeyAlg};
use jot::{jws, Algorithm, Error, Jwk, JwkSet, Malformed, VerifyingKey};
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
    /// JWE cases of the crypto and encryption files (crypto tcId 66 is a
    /// JSON object).
    jwe: Option<Value>,
    /// Encryption file: the content encryption algorithm.
    enc: Option<String>,
    /// Encryption file: the expected plaintext, hex.
    pt: Option<String>,
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

/// One case; an unsupported one also adds its reason to `unsupported`
/// (reason -> count), printed per file.
fn run_case(
    file: &str,
    group: &Group,
    test: &Test,
    unsupported: &mut BTreeMap<String, usize>,
) -> Outcome {
    if test.jwe.is_some() {
        let (outcome, reason) = run_jwe_case(group, test);
        if let (Outcome::Unsupported(_), Some(reason)) = (&outcome, reason) {
            *unsupported.entry(reason).or_default() += 1;
        }
        return outcome;
    }
    if let Some((_, _, _, why)) = UNSUPPORTED
        .iter()
        .find(|(f, lo, hi, _)| *f == file && (*lo..=*hi).contains(&test.tc_id))
    {
        if let Verdict::Accepted(_) = judge(group, test) {
            return Outcome::Fail(format!("{why}: jot ACCEPTED it"));
        }
        *unsupported.entry((*why).to_owned()).or_default() += 1;
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

// ---------------------------------------------------------------------------
// JWE
// ---------------------------------------------------------------------------

/// Why the `ECDH-ES` cases cannot be decided: their recipient key is a
/// stored private JWK, and ring 0.17 agrees only with an ephemeral private
/// key it generated itself (`DecryptionKey::from_jwk` says so).
const ECDH_ES_STORED: &str = "ECDH-ES with a stored private key: ring has no static agreement";

/// The compact JWE of a case (crypto tcId 66 is a JSON object: its text).
fn jwe_of(test: &Test) -> String {
    match test.jwe.as_ref().expect("jwe") {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a lenient reading (test only) finds in a JWE's protected header.
enum JweHeader {
    /// A string `alg`; `enc` if it is a string; the decoded header.
    Alg {
        alg: String,
        enc: Option<String>,
        json: Vec<u8>,
    },
    /// No `alg` to manage a key with: why, and the error jot must give.
    NoAlg {
        why: &'static str,
        expect: fn(&Error) -> bool,
    },
}

fn read_jwe_header(token: &str) -> JweHeader {
    if token.starts_with('{') {
        // Flag `JsonSerialization`: a compact-only API must refuse it.
        return JweHeader::NoAlg {
            why: "JSON serialization where compact is expected",
            expect: |e| *e == Error::Malformed(Malformed::NotCompactJws),
        };
    }
    let json = token.split('.').next().and_then(b64d);
    let value: Option<Value> = json.as_deref().and_then(|j| serde_json::from_slice(j).ok());
    let member = |name: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match (member("alg"), json) {
        (Some(alg), Some(json)) => JweHeader::Alg {
            alg,
            enc: member("enc"),
            json,
        },
        _ if token.split('.').count() != 5 => JweHeader::NoAlg {
            why: "no protected header, and not five segments",
            expect: |e| *e == Error::Malformed(Malformed::SegmentCount),
        },
        _ if value.as_ref().is_some_and(Value::is_object) => JweHeader::NoAlg {
            why: "protected header without an alg member",
            expect: |e| matches!(e, Error::Malformed(Malformed::Member { name: "alg", .. })),
        },
        _ => JweHeader::NoAlg {
            why: "protected header missing or not a JSON object",
            expect: |e| e.kind() == "malformed",
        },
    }
}

/// A JWE case. Returns the outcome and, for an unsupported case, the reason
/// it is counted under.
///
/// - No `alg` in a readable compact header: jot must refuse the token as
///   malformed before any key is used, identically on the `dir` and the
///   ECDH-ES path (any key will do, so a fixed one).
/// - `alg: dir` with an `enc` jot implements: the group's `oct` key through
///   `DecryptionKey::from_jwk`; a valid case decrypts to `pt`, byte for byte,
///   and a changed IV, ciphertext, tag or header fails; an invalid one fails.
/// - `alg: ECDH-ES`: unsupported ([`ECDH_ES_STORED`]); jot must refuse the
///   stored key with `UnsupportedAlgorithm`, and a fresh
///   `EphemeralDecryptionKey` must not open the token.
/// - Any other `alg`, or an `enc` jot lacks: unsupported; the header alone
///   must be refused with `UnsupportedAlgorithm`, the group key must bind
///   to no `dir` key, and nothing may decrypt.
///
/// Whatever the case, `jws::verify` must refuse it.
fn run_jwe_case(group: &Group, test: &Test) -> (Outcome, Option<String>) {
    let token = jwe_of(test);
    let flags = if test.flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", test.flags.join(","))
    };
    let label = format!("{}{flags}", test.comment);
    if jws::verify(&token, &NoKeys, &Algorithm::ALL).is_ok() {
        return (
            Outcome::Fail(format!("{label}: jws::verify ACCEPTED a JWE")),
            None,
        );
    }
    // A JWE group has one key, its private half in `private`.
    let key = group.private.as_ref().expect("group key");
    let jwk = Jwk::from_json(&key.to_string());
    match read_jwe_header(&token) {
        JweHeader::NoAlg { why, expect } => (jwe_no_alg(test, &label, &token, why, expect), None),
        JweHeader::Alg { alg, enc, json } => {
            if let (Some(declared), Some(enc)) = (&test.enc, &enc) {
                assert_eq!(
                    declared, enc,
                    "tcId {}: the case's enc is the header's",
                    test.tc_id
                );
            }
            let enc_name = enc.clone().unwrap_or_else(|| "(none)".into());
            let parsed_enc = enc.as_deref().and_then(|e| e.parse::<Enc>().ok());
            match (alg.parse::<KeyAlg>(), parsed_enc) {
                (Ok(KeyAlg::Dir), Some(enc)) => (jwe_dir(test, &label, &token, &jwk, enc), None),
                (Ok(KeyAlg::EcdhEs), Some(enc)) => jwe_ecdh_es(&label, &token, &jwk, enc),
                // Counted under ECDH-ES: that alone rules the case out.
                (Ok(KeyAlg::EcdhEs), None) => {
                    let (outcome, _) = jwe_ecdh_es(&label, &token, &jwk, Enc::A128GCM);
                    let (unsupported, _) = jwe_unsupported(
                        &label,
                        &token,
                        &json,
                        &jwk,
                        format!("{ECDH_ES_STORED}; enc {enc_name} not implemented either"),
                    );
                    match (outcome, unsupported) {
                        (Outcome::Unsupported(_), u @ Outcome::Unsupported(_)) => {
                            (u, Some(ECDH_ES_STORED.to_owned()))
                        }
                        (Outcome::Unsupported(_), other) | (other, _) => (other, None),
                    }
                }
                (Ok(KeyAlg::Dir), None) => jwe_unsupported(
                    &label,
                    &token,
                    &json,
                    &jwk,
                    format!("dir with enc {enc_name}: enc not implemented"),
                ),
                (Ok(other), _) => (
                    Outcome::Fail(format!("{label}: KeyAlg {other} is new to this runner")),
                    None,
                ),
                (Err(_), _) => jwe_unsupported(
                    &label,
                    &token,
                    &json,
                    &jwk,
                    format!("alg {alg} not implemented"),
                ),
            }
        }
    }
}

/// A fixed `dir` key: for cases refused before any key is used.
fn any_dir_key() -> DecryptionKey {
    DecryptionKey::dir(Enc::A256GCM, &[0x5a; 32]).expect("dir key")
}

/// The curve of an EC/OKP JWK, P-256 if it names none jot implements.
fn curve_of(jwk: &jot::Result<Jwk>) -> Curve {
    let crv = jwk.as_ref().ok().and_then(|k| k.crv.clone());
    [Curve::P256, Curve::P384, Curve::X25519]
        .into_iter()
        .find(|c| Some(c.name()) == crv.as_deref())
        .unwrap_or(Curve::P256)
}

fn fresh_recipient(curve: Curve, enc: Enc) -> EphemeralDecryptionKey {
    EphemeralDecryptionKey::generate(curve, enc).expect("ephemeral key")
}

fn jwe_no_alg(
    test: &Test,
    label: &str,
    token: &str,
    why: &str,
    expect: fn(&Error) -> bool,
) -> Outcome {
    let by_dir = jwe::decrypt(token, &any_dir_key(), &KeyAlg::ALL, &Enc::ALL);
    let by_ecdh = jwe::decrypt_ephemeral(
        token,
        fresh_recipient(Curve::P256, Enc::A256GCM),
        &KeyAlg::ALL,
        &Enc::ALL,
    );
    match (test.result.as_str(), by_dir) {
        ("invalid", Err(e)) if expect(&e) && by_ecdh.as_ref().err() == Some(&e) => {
            Outcome::PassNote(format!("{why}: refused before key management ({e})"))
        }
        ("invalid", Err(e)) => Outcome::Fail(format!(
            "{label}: {why}: dir path refused with {e:?}, ECDH-ES path with {:?}; \
             expected the same malformed error on both",
            by_ecdh.err()
        )),
        (result, r) => Outcome::Fail(format!(
            "{label}: {why}: expected {result}, jot gave {:?}",
            r.map(|d| d.plaintext.len())
        )),
    }
}

fn jwe_dir(test: &Test, label: &str, token: &str, jwk: &jot::Result<Jwk>, enc: Enc) -> Outcome {
    let key = match jwk {
        Ok(jwk) => DecryptionKey::from_jwk(jwk, KeyAlg::Dir, enc),
        Err(e) => Err(e.clone()),
    };
    let result = key
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|k| jwe::decrypt(token, k, &[KeyAlg::Dir], &[enc]));
    match (test.result.as_str(), result) {
        ("valid", Ok(d)) => {
            let want = hex(test.pt.as_deref().expect("a valid JWE case has pt"));
            if d.plaintext != want {
                return Outcome::Fail(format!(
                    "{label}: decrypted {} bytes, not the expected {}",
                    d.plaintext.len(),
                    want.len()
                ));
            }
            if (d.header.alg, d.header.enc) != (KeyAlg::Dir, enc) {
                return Outcome::Fail(format!("{label}: header is {:?}", d.header));
            }
            let key = key.expect("decrypted, so the key bound");
            let mut problems = Vec::new();
            for (seg, name) in [(2, "iv"), (3, "ciphertext"), (4, "tag")] {
                match jwe::decrypt(&flip_jwe_bit(token, seg), &key, &[KeyAlg::Dir], &[enc]) {
                    Err(Error::DecryptionFailed) => {}
                    other => problems.push(format!(
                        "{name} bit flip: {:?}, expected DecryptionFailed",
                        other.map(|d| d.plaintext.len())
                    )),
                }
            }
            if let Ok(d) = jwe::decrypt(&flip_jwe_bit(token, 0), &key, &[KeyAlg::Dir], &[enc]) {
                problems.push(format!("header bit flip decrypted to {:?}", d.header));
            }
            if problems.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("{label}: {}", problems.join("; ")))
            }
        }
        ("invalid", Err(e)) => Outcome::PassNote(format!("dir {enc}: rejected ({e})")),
        (result, r) => Outcome::Fail(format!(
            "{label}: dir {enc}: expected {result}, jot gave {:?}",
            r.map(|d| d.plaintext.len())
        )),
    }
}

/// The token with one bit of segment `seg` (0-4) flipped in its decoded
/// bytes, re-encoded canonically; an empty segment gets one byte.
fn flip_jwe_bit(token: &str, seg: usize) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut bytes = b64d(&parts[seg]).expect("segment is base64url");
    let mid = bytes.len() / 2;
    match bytes.get_mut(mid) {
        Some(b) => *b ^= 0x01,
        None => bytes.push(0),
    }
    parts[seg] = b64e(&bytes);
    parts.join(".")
}

/// `ECDH-ES`: unsupported, for the reason jot itself gives when asked to
/// bind the stored key to `enc`.
fn jwe_ecdh_es(
    label: &str,
    token: &str,
    jwk: &jot::Result<Jwk>,
    enc: Enc,
) -> (Outcome, Option<String>) {
    let reason = ECDH_ES_STORED;
    let stored = match jwk {
        Ok(jwk) => DecryptionKey::from_jwk(jwk, KeyAlg::EcdhEs, enc).map(|_| ()),
        Err(e) => Err(e.clone()),
    };
    let fresh = jwe::decrypt_ephemeral(
        token,
        fresh_recipient(curve_of(jwk), enc),
        &[KeyAlg::EcdhEs],
        &[enc],
    );
    let outcome = match (stored, fresh) {
        (_, Ok(_)) => Outcome::Fail(format!(
            "{label}: a fresh EphemeralDecryptionKey opened a token made for another key"
        )),
        (Err(e @ Error::UnsupportedAlgorithm(_)), Err(fresh)) => Outcome::Unsupported(format!(
            "{reason} (enc {enc}; from_jwk: {e}; a fresh ephemeral key: {fresh})"
        )),
        (other, _) => Outcome::Fail(format!(
            "{label}: the stored ECDH-ES key gave {other:?}, expected UnsupportedAlgorithm"
        )),
    };
    (outcome, Some(reason.to_owned()))
}

/// An `alg` or `enc` jot does not implement.
fn jwe_unsupported(
    label: &str,
    token: &str,
    header: &[u8],
    jwk: &jot::Result<Jwk>,
    reason: String,
) -> (Outcome, Option<String>) {
    let mut problems = Vec::new();
    if let Ok(jwk) = jwk {
        for enc in Enc::ALL {
            if DecryptionKey::from_jwk(jwk, KeyAlg::Dir, enc).is_ok() {
                problems.push(format!("the group key bound to dir {enc}"));
            }
        }
    }
    if jwe::decrypt(token, &any_dir_key(), &KeyAlg::ALL, &Enc::ALL).is_ok() {
        problems.push("jwe::decrypt ACCEPTED it".into());
    }
    let header_alone = jwe::Header::from_json(header);
    let outcome = match header_alone {
        Err(e @ Error::UnsupportedAlgorithm(_)) if problems.is_empty() => {
            Outcome::Unsupported(format!("{reason} ({e})"))
        }
        Err(Error::UnsupportedAlgorithm(_)) => {
            Outcome::Fail(format!("{label}: {reason}: {}", problems.join("; ")))
        }
        other => Outcome::Fail(format!(
            "{label}: {reason}: Header::from_json gave {:?}, expected UnsupportedAlgorithm",
            other.map(|h| h.alg)
        )),
    };
    (outcome, Some(reason))
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
    let mut unsupported = BTreeMap::new();
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
                run_case(file, group, test, &mut unsupported),
            );
        }
    }
    for (reason, n) in &unsupported {
        println!("  unsupported x{n}: {reason}");
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

#[test]
fn wycheproof_json_web_encryption() {
    run_file(
        "json_web_encryption_test.json",
        "wycheproof-json_web_encryption",
    );
}
