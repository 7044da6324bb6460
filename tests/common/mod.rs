//! Shared pieces of the conformance runners: the vector loader, the
//! [`Tally`] every runner reports through, and the generic compact-JWS
//! check (verify, re-sign, bit flips) used by the RFC runners.
//!
//! Each runner is one `tests/<source>.rs`; each compiles its own copy of
//! this module and uses only part of it.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use jot::jws;
use jot::{Algorithm, Error, Jwk, KeySource, SigningKey, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// The crate root (where `test-vectors/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of `test-vectors/<rel>`.
pub fn read(rel: &str) -> String {
    let path = root().join("test-vectors").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Reads and deserializes `test-vectors/<rel>`. With `deny_unknown_fields`
/// on `T`, an attribute the runner does not know fails the load (ring's
/// "every attribute consumed").
pub fn load<T: DeserializeOwned>(rel: &str) -> T {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("parsing test-vectors/{rel}: {e}"))
}

/// How one case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// jot did what the vector expects.
    Pass,
    /// jot did what the vector expects, with a note worth printing
    /// (e.g. "rejected as expected: unsupported extension").
    PassNote(String),
    /// jot did something else. Says what.
    Fail(String),
    /// Outside what jot implements, and jot refused it the right way.
    Unsupported(String),
    /// The vector itself is disputed (upstream data problem); jot's answer is
    /// printed but counts neither way.
    Disputed(String),
}

/// Counts of a runner's cases. Every case must be recorded exactly once.
#[derive(Debug, Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub unsupported: usize,
    pub disputed: usize,
    failures: Vec<String>,
}

impl Tally {
    pub fn new() -> Tally {
        Tally::default()
    }

    /// Records one case and prints anything that is not a plain pass.
    pub fn record(&mut self, id: &str, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::PassNote(note) => {
                println!("  pass {id}: {note}");
                self.passed += 1;
            }
            Outcome::Fail(why) => {
                println!("  FAIL {id}: {why}");
                self.failures.push(format!("{id}: {why}"));
                self.failed += 1;
            }
            Outcome::Unsupported(why) => {
                println!("  unsupported {id}: {why}");
                self.unsupported += 1;
            }
            Outcome::Disputed(what) => {
                println!("  disputed {id}: {what}");
                self.disputed += 1;
            }
        }
    }

    /// Every case seen.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.unsupported + self.disputed
    }

    /// The one summary line.
    pub fn summary(&self, name: &str) -> String {
        let mut line = format!(
            "{name}: {} passed, {} failed, {} unsupported",
            self.passed, self.failed, self.unsupported
        );
        if self.disputed > 0 {
            let _ = write!(line, ", {} disputed", self.disputed);
        }
        line
    }

    /// Prints the summary line and writes it to `target/conformance/<name>.txt`
    /// (captured output is not always shown, the file always exists).
    pub fn print(&self, name: &str) {
        let line = self.summary(name);
        println!("{line}");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"));
        let dir = target.join("conformance");
        std::fs::create_dir_all(&dir).expect("creating target/conformance");
        std::fs::write(dir.join(format!("{name}.txt")), format!("{line}\n"))
            .expect("writing the conformance summary");
    }

    /// Panics if any case failed, or if the number of cases seen is not
    /// `expected_total` (a silently dropped case fails the run).
    pub fn assert_clean(&self, expected_total: usize) {
        assert!(
            self.failed == 0,
            "{} case(s) failed:\n  {}",
            self.failed,
            self.failures.join("\n  ")
        );
        assert_eq!(
            self.total(),
            expected_total,
            "saw {} cases, expected {expected_total}",
            self.total()
        );
    }
}

/// Collects the problems of one case; a case with none passes.
#[derive(Debug, Default)]
pub struct Case {
    problems: Vec<String>,
}

impl Case {
    pub fn new() -> Case {
        Case::default()
    }

    /// Notes a problem unless `ok`.
    pub fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.problems.push(what());
        }
    }

    pub fn fail(&mut self, what: impl Into<String>) {
        self.problems.push(what.into());
    }

    /// Unwraps a step's result, or notes the error and returns `None`.
    pub fn step<T>(&mut self, what: &str, r: Result<T, Error>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(format!("{what}: {e:?}"));
                None
            }
        }
    }

    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn outcome(self) -> Outcome {
        self.outcome_or(Outcome::Pass)
    }

    /// `ok` if no problem was noted, else a failure listing them.
    pub fn outcome_or(self, ok: Outcome) -> Outcome {
        if self.problems.is_empty() {
            ok
        } else {
            Outcome::Fail(self.problems.join("; "))
        }
    }
}

/// A key source with no keys: lets a test drive `jws::verify` up to key
/// selection (steps 1-6), to see how jot judges the header alone.
pub struct NoKeys;

impl KeySource for NoKeys {
    fn select(&self, _kid: Option<&str>, _alg: Algorithm) -> jot::Result<&VerifyingKey> {
        Err(Error::NoMatchingKey)
    }
}

/// The outcome for a case whose algorithm jot does not implement: unsupported
/// only if jot refused it with `UnsupportedAlgorithm`, a failure otherwise.
pub fn unsupported_alg<T>(reason: &str, r: &Result<T, Error>) -> Outcome {
    match r {
        Err(e @ Error::UnsupportedAlgorithm(_)) => Outcome::Unsupported(format!("{reason} ({e})")),
        Ok(_) => Outcome::Fail(format!("{reason}: jot ACCEPTED an unsupported algorithm")),
        Err(e) => Outcome::Fail(format!(
            "{reason}: rejected with {e:?}, expected UnsupportedAlgorithm"
        )),
    }
}

/// Base64url without padding, lenient enough for tests to take vectors
/// apart (jot's own decoder is the strict one under test).
pub fn b64d(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
}

pub fn b64e(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The token with one bit of segment `seg` (0 header, 1 payload, 2
/// signature) flipped in its decoded bytes, re-encoded canonically.
pub fn flip_bit(token: &str, seg: usize) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut bytes = b64d(&parts[seg]).expect("vector segment is base64url");
    assert!(!bytes.is_empty(), "cannot flip a bit of an empty segment");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    parts[seg] = b64e(&bytes);
    parts.join(".")
}

/// A compact JWS example, whatever file it came from.
#[derive(Debug, Clone)]
pub struct JwsCase {
    pub id: String,
    pub alg: String,
    /// The signing key (private, or the `oct` key), as JSON text.
    pub key: String,
    /// The verification key as JSON text; `None` means use `key` (`oct`).
    pub public_key: Option<String>,
    pub protected_b64u: String,
    pub payload: Vec<u8>,
    pub compact: String,
    pub deterministic: bool,
}

/// The generic compact-JWS check (STYLE.md A.5): verify with the public key
/// bound to the vector's alg and compare the payload; re-sign and byte-compare
/// if deterministic, else sign and verify; then flip one bit of the signature
/// (expect `InvalidSignature`), of the payload and of the header (expect an
/// error). Algorithms jot does not implement must be refused with
/// `UnsupportedAlgorithm`.
pub fn run_jws_case(c: &JwsCase) -> Outcome {
    let alg = match c.alg.parse::<Algorithm>() {
        Ok(alg) => alg,
        Err(e @ Error::UnsupportedAlgorithm(_)) => return unsupported_jws(c, &e),
        Err(e) => return Outcome::Fail(format!("alg {:?} did not parse: {e:?}", c.alg)),
    };
    let mut case = Case::new();
    let public_text = c.public_key.as_deref().unwrap_or(&c.key);
    let Some(public) = case.step("public Jwk::from_json", Jwk::from_json(public_text)) else {
        return case.outcome();
    };
    let Some(vk) = case.step(
        "VerifyingKey::from_jwk",
        VerifyingKey::from_jwk(&public, alg),
    ) else {
        return case.outcome();
    };

    // Always verify.
    if let Some(v) = case.step("verify", jws::verify(&c.compact, &vk, &[alg])) {
        case.check(v.payload == c.payload, || {
            format!(
                "verify returned payload {:?}",
                String::from_utf8_lossy(&v.payload)
            )
        });
        case.check(v.header.alg == alg, || {
            format!("verify returned header alg {}", v.header.alg)
        });
    }

    // Sign: byte-compare when deterministic, else sign and verify.
    let sk = Jwk::from_json(&c.key).and_then(|jwk| SigningKey::from_jwk(&jwk, alg));
    if let Some(sk) = case.step("SigningKey::from_jwk", sk) {
        if let Some(token) = case.step(
            "sign_encoded",
            jws::sign_encoded(&c.protected_b64u, &c.payload, &sk),
        ) {
            if c.deterministic {
                case.check(token == c.compact, || {
                    format!(
                        "re-signed token differs: got {token}, expected {}",
                        c.compact
                    )
                });
            } else {
                match jws::verify(&token, &vk, &[alg]) {
                    Ok(v) => case.check(v.payload == c.payload, || {
                        "sign-then-verify returned another payload".into()
                    }),
                    Err(e) => case.fail(format!("sign-then-verify: {e:?}")),
                }
            }
        }
    }

    // Bit flips.
    match jws::verify(&flip_bit(&c.compact, 2), &vk, &[alg]) {
        Err(Error::InvalidSignature) => {}
        other => case.fail(format!(
            "signature bit flip: got {:?}, expected InvalidSignature",
            other.map(|v| v.payload.len())
        )),
    }
    for (seg, name) in [(1, "payload"), (0, "header")] {
        if let Ok(v) = jws::verify(&flip_bit(&c.compact, seg), &vk, &[alg]) {
            case.fail(format!(
                "{name} bit flip was ACCEPTED (payload {:?})",
                String::from_utf8_lossy(&v.payload)
            ));
        }
    }
    case.outcome()
}

/// A vector whose alg jot does not implement: the header alone must be
/// refused with `UnsupportedAlgorithm`, and the key must bind to no
/// algorithm jot does implement.
fn unsupported_jws(c: &JwsCase, parse_err: &Error) -> Outcome {
    let verdict = jws::verify(&c.compact, &NoKeys, &Algorithm::ALL);
    let public_text = c.public_key.as_deref().unwrap_or(&c.key);
    if let Ok(jwk) = Jwk::from_json(public_text) {
        if let Some(alg) = Algorithm::ALL
            .iter()
            .find(|&&a| VerifyingKey::from_jwk(&jwk, a).is_ok())
        {
            return Outcome::Fail(format!(
                "the {} key of an unsupported example bound to {alg}",
                c.alg
            ));
        }
    }
    unsupported_alg(
        &format!(
            "{} not implemented; \"{}\".parse() gave {parse_err:?}",
            c.alg, c.alg
        ),
        &verdict,
    )
}

/// One RFC example file of `test-vectors/rfc/` (see its README). Every
/// member any file has is listed, so a new member fails the load.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RfcVector {
    pub id: String,
    pub source: Source,
    pub transcribed_from: Vec<String>,
    pub kind: String,
    pub expected: String,
    pub verified: Vec<String>,
    pub notes: Vec<String>,
    pub alg: Option<String>,
    pub supported: Option<bool>,
    pub key: Option<Value>,
    pub key_source: Option<String>,
    pub public_key: Option<Value>,
    pub protected_header: Option<String>,
    pub protected_b64u: Option<String>,
    pub payload: Option<String>,
    pub payload_b64u: Option<String>,
    pub payload_octets: Option<Vec<u8>>,
    pub signing_input: Option<String>,
    pub signature_b64u: Option<String>,
    pub signature_hex: Option<String>,
    pub compact: Option<String>,
    pub compact_detached: Option<String>,
    pub json_flattened: Option<Value>,
    pub deterministic_signature: Option<bool>,
    pub header: Option<String>,
    pub header_b64u: Option<String>,
    pub claims: Option<String>,
    pub claims_b64u: Option<String>,
    pub claims_parsed: Option<Value>,
    pub jwt: Option<String>,
    pub validation: Option<Value>,
    pub jwk: Option<Value>,
    pub jwk_set: Option<Value>,
    pub key_notes: Option<Value>,
    pub computed_thumbprints_sha256: Option<std::collections::BTreeMap<String, String>>,
    pub computed_thumbprints_note: Option<String>,
    pub certificate: Option<Value>,
    pub d_hex: Option<String>,
    pub x_hex: Option<String>,
    pub hash: Option<String>,
    pub canonical_json: Option<String>,
    pub thumbprint_b64u: Option<String>,
    pub thumbprint_octets: Option<Vec<u8>>,
    pub thumbprint_hex: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub document: String,
    pub section: String,
    pub title: String,
    pub url: String,
}

/// Loads `test-vectors/rfc/<file>`.
pub fn rfc(file: &str) -> RfcVector {
    load(&format!("rfc/{file}"))
}

impl RfcVector {
    /// The example as a [`JwsCase`] (for `kind: jws-compact`).
    pub fn jws_case(&self) -> JwsCase {
        assert_eq!(self.kind, "jws-compact", "{}", self.id);
        let payload = self
            .payload
            .as_deref()
            .expect("payload")
            .as_bytes()
            .to_vec();
        if let Some(octets) = &self.payload_octets {
            assert_eq!(octets, &payload, "{}: payload_octets", self.id);
        }
        let protected = self.protected_b64u.clone().expect("protected_b64u");
        let payload_b64u = self.payload_b64u.as_deref().expect("payload_b64u");
        // The file's own consistency, so a transcription slip is not blamed on jot.
        assert_eq!(
            b64d(&protected),
            self.protected_header
                .as_ref()
                .map(|h| h.as_bytes().to_vec())
        );
        assert_eq!(b64d(payload_b64u).as_deref(), Some(&payload[..]));
        let signing_input = format!("{protected}.{payload_b64u}");
        assert_eq!(
            self.signing_input.as_deref(),
            Some(&signing_input[..]),
            "{}",
            self.id
        );
        let compact = self.compact.clone().expect("compact");
        assert_eq!(
            compact,
            format!(
                "{signing_input}.{}",
                self.signature_b64u.as_deref().expect("signature_b64u")
            ),
            "{}",
            self.id
        );
        JwsCase {
            id: self.id.clone(),
            alg: self.alg.clone().expect("alg"),
            key: self.key.as_ref().map(Value::to_string).unwrap_or_default(),
            public_key: self
                .public_key
                .as_ref()
                .filter(|v| !v.is_null())
                .map(Value::to_string),
            protected_b64u: protected,
            payload,
            compact,
            deterministic: self.deterministic_signature == Some(true),
        }
    }
}

/// Hex to bytes (vectors only).
pub fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// `Jwk::from_json(jwk.to_json())` gives the same key back.
pub fn round_trips(case: &mut Case, jwk: &Jwk) {
    match Jwk::from_json(&jwk.to_json()) {
        Ok(again) => case.check(&again == jwk, || {
            format!("to_json/from_json changed the key: {}", jwk.to_json())
        }),
        Err(e) => case.fail(format!("to_json output does not parse: {e:?}")),
    }
}

/// RFC 7638 check of a `jwk-thumbprint` file: `thumbprint()` and
/// `thumbprint_input()` equal the published values, whatever optional
/// members the key carries.
pub fn thumbprint_case(v: &RfcVector) -> Outcome {
    assert_eq!(v.kind, "jwk-thumbprint", "{}", v.id);
    assert_eq!(v.hash.as_deref(), Some("SHA-256"), "{}", v.id);
    let want = v.thumbprint_b64u.as_deref().expect("thumbprint_b64u");
    if let Some(octets) = &v.thumbprint_octets {
        assert_eq!(
            b64d(want).as_ref(),
            Some(octets),
            "{}: thumbprint_octets",
            v.id
        );
    }
    if let Some(h) = &v.thumbprint_hex {
        assert_eq!(b64d(want), Some(hex(h)), "{}: thumbprint_hex", v.id);
    }
    let mut case = Case::new();
    let text = v.jwk.as_ref().expect("jwk").to_string();
    let Some(jwk) = case.step("Jwk::from_json", Jwk::from_json(&text)) else {
        return case.outcome();
    };
    if let Some(got) = case.step("thumbprint", jwk.thumbprint()) {
        case.check(got == want, || format!("thumbprint {got}, expected {want}"));
    }
    if let Some(canonical) = &v.canonical_json {
        if let Some(got) = case.step("thumbprint_input", jwk.thumbprint_input()) {
            case.check(&got == canonical, || {
                format!("thumbprint_input {got}, expected {canonical}")
            });
        }
    }
    // Optional members must not change the thumbprint (RFC 7638 §3.2).
    let mut bare = jwk.clone();
    bare.alg = None;
    bare.kid = None;
    bare.use_ = None;
    match bare.thumbprint() {
        Ok(got) => case.check(got == want, || {
            format!("thumbprint without alg/kid/use is {got}, expected {want}")
        }),
        Err(e) => case.fail(format!("thumbprint without alg/kid/use: {e:?}")),
    }
    case.outcome()
}
