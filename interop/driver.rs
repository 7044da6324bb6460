//! Shared driver of jot's interoperability tests.
//!
//! Included with `#[path]` by `tests/interop_python.rs`, `tests/interop_node.rs`
//! and `tests/interop_jsonwebtoken.rs`. It holds jot's side of every check:
//! fresh keys, jot signing and verifying, jot encrypting and decrypting (JWE
//! `dir` and ECDH-ES, nested JWTs), the strictness probes (tokens that are
//! correctly signed, or well encrypted, but that jot rejects on purpose), the
//! report table, and [`run_peer`], which drives one library of an external
//! peer script (`interop/python/peer.py`, `interop/node/peer.mjs`) through
//! two batches of JSON jobs on stdin, so process start-up is paid twice per
//! library, JWE included.

#![allow(dead_code)] // each test crate uses its own part of this file

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use jot::jwe::{self, Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
use jot::jwt::{self, Validation};
use jot::{b64, jws, Algorithm, Jwk, SigningKey, VerifyingKey};
use serde_json::{json, Value};

/// The issuer and audience every interop token carries; jot is configured with both.
pub const ISS: &str = "https://issuer.example";
pub const AUD: &str = "jot-interop";

/// The JWK members that carry key material (RFC 7518 §6, RFC 8037 §2).
/// Metadata members (`alg`, `use`, `kid`, `key_ops`) may be dropped by a
/// peer's export and are not compared.
const MATERIAL: [&str; 13] = [
    "kty", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi", "k",
];

pub fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("time fits i64")
}

/// A path relative to the repository root (this crate lives in `interop/`).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The claims every interop token carries: registered claims jot checks by
/// default (exp, nbf, iat) or when configured (iss, aud), and custom ones
/// with non-ASCII text, nesting and every JSON type but floats.
pub fn claims(now: i64) -> Value {
    json!({
        "iss": ISS,
        "sub": "alice",
        "aud": AUD,
        "exp": now + 600,
        "nbf": now - 5,
        "iat": now,
        "jti": "interop-1",
        "name": "Zoë ✓ \"quoted\" </script>",
        "admin": true,
        "roles": ["reader", "writer"],
        "limits": {"n": 42, "neg": -7, "none": null},
    })
}

/// A private JWK and its public part, as JSON (the wire form peers exchange).
#[derive(Clone, Debug)]
pub struct KeyPair {
    pub private: Value,
    pub public: Value,
}

fn to_value(jwk: &Jwk) -> Value {
    serde_json::from_str(&jwk.to_json()).expect("jot's JWK JSON parses")
}

pub fn parse_jwk(value: &Value) -> Result<Jwk, String> {
    Jwk::from_json(&value.to_string()).map_err(|e| format!("jot rejects the JWK: {e}"))
}

/// A fresh 2048-bit RSA key from `openssl genrsa` (ring cannot generate RSA).
pub fn openssl_rsa() -> Jwk {
    let out = Command::new("openssl")
        .args(["genrsa", "2048"])
        .stderr(Stdio::null())
        .output()
        .expect("openssl must be installed to generate RSA keys for the interop tests");
    assert!(out.status.success(), "openssl genrsa failed");
    let pem = String::from_utf8(out.stdout).expect("PEM is ASCII");
    Jwk::from_pem(&pem).expect("jot imports the key openssl generated")
}

/// Fresh jot keys for every algorithm: `Jwk::generate`, and one OpenSSL RSA
/// key shared by RS*/PS* (a JWK without `alg` may serve each of them).
pub fn jot_keys() -> BTreeMap<Algorithm, KeyPair> {
    let rsa = openssl_rsa();
    Algorithm::ALL
        .iter()
        .map(|&alg| {
            let private = if alg.key_type() == "RSA" {
                rsa.clone()
            } else {
                Jwk::generate(alg).expect("jot generates keys for every non-RSA algorithm")
            };
            // An HMAC secret has no public part: the verifier gets the same `oct` JWK.
            let public = if private.is_symmetric() {
                private.clone()
            } else {
                private.to_public().expect("public part")
            };
            let pair = KeyPair {
                private: to_value(&private),
                public: to_value(&public),
            };
            (alg, pair)
        })
        .collect()
}

pub fn jot_sign(alg: Algorithm, private: &Value, claims: &Value) -> Result<String, String> {
    let jwk = parse_jwk(private)?;
    let key = SigningKey::from_jwk(&jwk, alg).map_err(|e| format!("jot signing key: {e}"))?;
    jwt::encode(&jws::Header::jwt(&key), claims, &key).map_err(|e| format!("jot sign: {e}"))
}

/// jot's `Validation` for interop tokens: the defaults, plus iss and aud.
pub fn validation(alg: Algorithm) -> Validation {
    Validation::new(&[alg]).issuer(ISS).audience(AUD)
}

pub fn jot_verify(alg: Algorithm, public: &Value, token: &str) -> Result<Value, String> {
    let jwk = parse_jwk(public)?;
    let key = VerifyingKey::from_jwk(&jwk, alg).map_err(|e| format!("jot verifying key: {e}"))?;
    jwt::verify::<Value>(token, &key, &validation(alg))
        .map(|t| t.claims)
        .map_err(|e| format!("jot verify: {e}"))
}

/// Checks that two JWKs carry the same key material; `Err` names the first difference.
pub fn same_material(want: &Value, got: &Value) -> Result<(), String> {
    for member in MATERIAL {
        if want.get(member) != got.get(member) {
            return Err(format!(
                "member {member:?} differs: {} vs {}",
                present(want.get(member)),
                present(got.get(member))
            ));
        }
    }
    Ok(())
}

fn present(v: Option<&Value>) -> &'static str {
    if v.is_some() {
        "present"
    } else {
        "absent"
    }
}

// ------------------------------------------------------------- report

/// What one run established, per direction and algorithm, printed and
/// written to `target/conformance/interop-<peer>.txt`.
pub struct Report {
    peer: String,
    version: String,
    rows: Vec<Row>,
    notes: Vec<String>,
    probes: Vec<String>,
    jwe_probes: Vec<String>,
}

/// One direction of a report: what passed, what failed (with the reason),
/// and what the peer library cannot do (documented, never counted as passed).
struct Row {
    direction: &'static str,
    passed: Vec<String>,
    failed: Vec<String>,
    unsupported: Vec<String>,
}

impl Report {
    pub fn new(peer: &str, version: &str) -> Report {
        Report {
            peer: peer.to_owned(),
            version: version.to_owned(),
            rows: Vec::new(),
            notes: Vec::new(),
            probes: Vec::new(),
            jwe_probes: Vec::new(),
        }
    }

    fn row(&mut self, direction: &'static str) -> &mut Row {
        if let Some(i) = self.rows.iter().position(|r| r.direction == direction) {
            return &mut self.rows[i];
        }
        self.rows.push(Row {
            direction,
            passed: Vec::new(),
            failed: Vec::new(),
            unsupported: Vec::new(),
        });
        self.rows.last_mut().expect("just pushed")
    }

    /// Records one check; a failure is kept with its reason and fails [`Report::finish`].
    pub fn check(&mut self, direction: &'static str, alg: &str, outcome: Result<(), String>) {
        let row = self.row(direction);
        match outcome {
            Ok(()) => row.passed.push(alg.to_owned()),
            Err(why) => row.failed.push(format!("{alg}: {why}")),
        }
    }

    /// Records a combination the peer library cannot do, as documented:
    /// printed as "unsupported by peer", counted neither as passed nor failed.
    pub fn unsupported(&mut self, direction: &'static str, what: &str, why: &str) {
        self.row(direction)
            .unsupported
            .push(format!("{what} ({why})"));
    }

    pub fn jwe_probe(&mut self, line: String) {
        self.jwe_probes.push(line);
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn probe(&mut self, line: String) {
        self.probes.push(line);
    }

    pub fn failures(&self) -> usize {
        self.rows.iter().map(|r| r.failed.len()).sum()
    }

    pub fn passed(&self) -> usize {
        self.rows.iter().map(|r| r.passed.len()).sum()
    }

    pub fn unsupported_count(&self) -> usize {
        self.rows.iter().map(|r| r.unsupported.len()).sum()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "interop: jot <-> {} ({})", self.peer, self.version);
        let _ = writeln!(out, "{:<44} {:>4}  algorithms passed", "direction", "pass");
        for row in &self.rows {
            let _ = writeln!(
                out,
                "{:<44} {:>4}  {}",
                row.direction,
                row.passed.len(),
                row.passed.join(" ")
            );
            for f in &row.failed {
                let _ = writeln!(out, "{:<44} FAIL  {f}", "");
            }
            for u in &row.unsupported {
                let _ = writeln!(out, "{:<44} unsupported by peer: {u}", "");
            }
        }
        if !self.probes.is_empty() {
            let _ = writeln!(
                out,
                "strictness probes (correctly signed tokens jot rejects on purpose):"
            );
            for p in &self.probes {
                let _ = writeln!(out, "  {p}");
            }
        }
        if !self.jwe_probes.is_empty() {
            let _ = writeln!(
                out,
                "JWE strictness probes (tokens the peer made that jot refuses on purpose):"
            );
            for p in &self.jwe_probes {
                let _ = writeln!(out, "  {p}");
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        let _ = writeln!(
            out,
            "total: {} passed, {} failed, {} unsupported by peer",
            self.passed(),
            self.failures(),
            self.unsupported_count()
        );
        out
    }

    /// Prints the table, writes it under target/conformance/, and asserts no check failed.
    pub fn finish(&self, file: &str) {
        let text = self.render();
        println!("{text}");
        let dir = repo_path("target/conformance");
        std::fs::create_dir_all(&dir).expect("create target/conformance");
        std::fs::write(dir.join(file), &text).expect("write the interop report");
        assert_eq!(self.failures(), 0, "interop checks failed:\n{text}");
        assert!(self.passed() > 0, "no interop check ran");
    }
}

// ------------------------------------------------------------- probes

/// A token that is correctly signed (or a key that is well formed) but that
/// jot rejects on purpose, to be shown to a peer too.
pub struct Probe {
    pub name: &'static str,
    pub alg: Algorithm,
    pub token: String,
    /// The JWK the verifier is given.
    pub key: Value,
    /// Whether the verifier is configured with `aud` (and `iss`).
    pub configure_aud: bool,
    /// The `jot::Error::kind()` jot must reject it with.
    pub jot_kind: &'static str,
}

fn compact(header: &str, payload: &str, key: &SigningKey) -> String {
    let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
    let sig = key.sign(input.as_bytes()).expect("jot signs");
    format!("{input}.{}", b64::encode(sig))
}

fn with_padding(s: String) -> String {
    let pad = (4 - s.len() % 4) % 4;
    s + &"=".repeat(pad)
}

/// RFC 7518 §3.4 signature (R || S, fixed width) as the ASN.1 DER the RFC forbids.
pub fn fixed_to_der(sig: &[u8]) -> Vec<u8> {
    let (r, s) = sig.split_at(sig.len() / 2);
    let int = |x: &[u8]| {
        let mut x: Vec<u8> = x.iter().copied().skip_while(|&b| b == 0).collect();
        if x.first().is_none_or(|&b| b >= 0x80) {
            x.insert(0, 0);
        }
        let mut out = vec![0x02, u8::try_from(x.len()).expect("short integer")];
        out.extend(x);
        out
    };
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(u8::try_from(body.len()).expect("short sequence"));
    out.extend(body);
    out
}

/// Changes the unused low bits of the last base64url character: the same
/// bytes for a lenient decoder, non-canonical for RFC 7515 §2 / RFC 4648 §3.5.
pub fn flip_trailing_bits(token: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (head, last) = token.split_at(token.len() - 1);
    let sig_len = token.rsplit('.').next().expect("segment").len();
    // Unused bits in the last character: 2 if len % 4 == 3, 4 if len % 4 == 2.
    let unused = match sig_len % 4 {
        3 => 2,
        2 => 4,
        _ => panic!("signature length {sig_len} has no unused bits"),
    };
    let i = ALPHABET
        .iter()
        .position(|&c| c == last.as_bytes()[0])
        .expect("base64url character");
    let j = i ^ ((1 << unused) - 1);
    format!("{head}{}", ALPHABET[j] as char)
}

/// Every strictness probe, with jot's keys for ES256 (and a short HMAC key).
pub fn probes(keys: &BTreeMap<Algorithm, KeyPair>, now: i64) -> Vec<Probe> {
    let es = &keys[&Algorithm::ES256];
    let signer = SigningKey::from_jwk(&parse_jwk(&es.private).expect("jwk"), Algorithm::ES256)
        .expect("ES256 key");
    let header = r#"{"alg":"ES256","typ":"JWT"}"#;
    let base = |extra: &str| format!(r#"{{"sub":"alice","exp":{}{extra}}}"#, now + 600);
    let probe = |name, token: String, jot_kind| Probe {
        name,
        alg: Algorithm::ES256,
        token,
        key: es.public.clone(),
        configure_aud: false,
        jot_kind,
    };
    let mut out = Vec::new();

    out.push(probe(
        "duplicate_registered_claim",
        compact(header, &base(r#","sub":"mallory""#), &signer),
        "malformed",
    ));

    out.push(probe(
        "duplicate_custom_claim",
        compact(header, &base(r#","x":1,"x":2"#), &signer),
        "malformed",
    ));

    // Padded segments, and the signature made over the padded signing input.
    let input = format!(
        "{}.{}",
        with_padding(b64::encode(header)),
        with_padding(b64::encode(base(r#","x":"ab""#)))
    );
    assert!(input.contains('='), "the probe needs padding to be present");
    let sig = signer.sign(input.as_bytes()).expect("sign");
    out.push(probe(
        "padded_base64url",
        format!("{input}.{}", with_padding(b64::encode(sig))),
        "malformed",
    ));

    let good = compact(header, &base(""), &signer);
    out.push(probe(
        "signature_trailing_bits",
        flip_trailing_bits(&good),
        "malformed",
    ));

    let (before, sig) = good.rsplit_once('.').expect("three segments");
    let (a, b) = sig.split_at(sig.len() / 2);
    out.push(probe(
        "signature_with_junk_character",
        format!("{before}.{a}!{b}"),
        "malformed",
    ));

    let raw = b64::decode(sig, jot::Part::Signature).expect("signature");
    out.push(probe(
        "ecdsa_der_signature",
        format!("{before}.{}", b64::encode(fixed_to_der(&raw))),
        "signature",
    ));

    out.push(probe(
        "aud_present_but_not_configured",
        compact(header, &base(r#","aud":"someone-else""#), &signer),
        "audience",
    ));

    let mut private = probe("private_key_for_verification", good.clone(), "key");
    private.key = es.private.clone();
    out.push(private);

    out.push(probe(
        "crit_unknown_extension",
        compact(
            r#"{"alg":"ES256","crit":["x-jot-unknown"],"x-jot-unknown":true}"#,
            &base(""),
            &signer,
        ),
        "crit",
    ));

    out.push(probe(
        "missing_exp",
        compact(header, r#"{"sub":"alice"}"#, &signer),
        "missing_claim",
    ));

    out.push(probe(
        "nbf_in_future",
        compact(header, &base(&format!(r#","nbf":{}"#, now + 3600)), &signer),
        "not_yet_valid",
    ));

    out.push(probe(
        "expired_30s_ago",
        compact(
            header,
            &format!(r#"{{"sub":"alice","exp":{}}}"#, now - 30),
            &signer,
        ),
        "expired",
    ));

    // RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
    let short = [7u8; 16];
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &short),
        format!(
            "{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(base(""))
        )
        .as_bytes(),
    );
    out.push(Probe {
        name: "short_hmac_key",
        alg: Algorithm::HS256,
        token: format!(
            "{}.{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(base("")),
            b64::encode(tag.as_ref())
        ),
        key: json!({"kty": "oct", "k": b64::encode(short)}),
        configure_aud: false,
        jot_kind: "key",
    });
    out
}

/// jot's verdict on a probe: `Ok(())` if jot rejected it with the expected kind.
pub fn jot_rejects(p: &Probe) -> Result<(), String> {
    let jwk = parse_jwk(&p.key)?;
    let mut v = Validation::new(&[p.alg]);
    if p.configure_aud {
        v = v.issuer(ISS).audience(AUD);
    }
    let result = VerifyingKey::from_jwk(&jwk, p.alg)
        .and_then(|key| jwt::verify::<Value>(&p.token, &key, &v).map(|_| ()));
    match result {
        Err(e) if e.kind() == p.jot_kind => Ok(()),
        Err(e) => Err(format!(
            "jot rejected {} as {} ({e}), expected {}",
            p.name,
            e.kind(),
            p.jot_kind
        )),
        Ok(()) => Err(format!("jot ACCEPTED probe {}", p.name)),
    }
}

/// Records a probe in the report: jot must reject it as expected, and the
/// peer must behave as `interop/README.md` says (`peer_accepts`).
pub fn record_probe(
    report: &mut Report,
    p: &Probe,
    peer_accepts: bool,
    documented_accepts: bool,
    peer_detail: &str,
) {
    report.check("probes: jot rejects", p.name, jot_rejects(p));
    let verdict = if peer_accepts { "ACCEPTS" } else { "rejects" };
    let why: String = if peer_accepts {
        "  <- jot stricter".into()
    } else {
        format!(" ({})", peer_detail.chars().take(70).collect::<String>())
    };
    report.probe(format!(
        "{:<31} jot rejects ({}), peer {verdict}{why}",
        p.name, p.jot_kind
    ));
    let doc = if peer_accepts == documented_accepts {
        Ok(())
    } else {
        Err(format!(
            "peer now {} this probe ({peer_detail}); update interop/README.md and the expectation",
            verdict.to_lowercase()
        ))
    };
    report.check("probes: peer as documented", p.name, doc);
}

// ------------------------------------------------------------- peers

/// An external peer: a script run by `program`, answering JSON jobs.
pub struct Peer {
    pub program: &'static str,
    pub script: PathBuf,
    /// How to install what the script needs, for the failure message.
    pub install: &'static str,
}

impl Peer {
    fn command(&self, arg: &str) -> Command {
        let mut c = Command::new(self.program);
        c.arg(&self.script).arg(arg);
        c
    }

    /// Fails (never skips) when the peer or its packages are missing.
    pub fn check(&self) {
        let out = self.command("check").output().unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): install it, then: {}",
                self.program, self.install
            )
        });
        assert!(
            out.status.success(),
            "the interop peer is not installed: {}\ninstall it with: {}",
            String::from_utf8_lossy(&out.stderr).trim(),
            self.install
        );
    }

    pub fn versions(&self) -> String {
        let out = self.command("versions").output().expect("run peer");
        assert!(out.status.success(), "peer versions failed");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Runs a batch of jobs in one process; one result per job, in order.
    pub fn jobs(&self, jobs: &[Value]) -> Vec<Value> {
        let mut child = self
            .command("jobs")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the peer");
        let input = Value::Array(jobs.to_vec()).to_string();
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write jobs");
        let out = child.wait_with_output().expect("peer output");
        assert!(
            out.status.success(),
            "peer failed: {}\n(install: {})",
            String::from_utf8_lossy(&out.stderr),
            self.install
        );
        let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("peer prints JSON");
        assert_eq!(results.len(), jobs.len(), "one result per job");
        results
    }
}

fn ok(result: &Value) -> Result<&Value, String> {
    if result["ok"] == json!(true) {
        Ok(result)
    } else {
        Err(format!("peer: {}", result["error"].as_str().unwrap_or("?")))
    }
}

fn claims_match(want: &Value, got: &Value) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!("claims differ: sent {want}, got {got}"))
    }
}

/// What a peer library is expected to lack or to do, as the README documents it.
pub struct Expectations<'a> {
    /// Algorithms of jot's the library does not implement.
    pub not_shared: &'a [Algorithm],
    /// Whether the library computes RFC 7638 thumbprints.
    pub thumbprints: bool,
    /// Probe name -> whether the library accepts it.
    pub probes: &'a [(&'a str, bool)],
    /// JWE: `None` for a library without JWE.
    pub jwe: Option<JweExpectations<'a>>,
}

/// Every check with one peer library, in both directions.
pub fn run_peer(peer: &Peer, lib: &str, expect: &Expectations<'_>) {
    peer.check();
    let versions: Value = serde_json::from_str(&peer.versions()).expect("versions JSON");
    let version = versions[lib]
        .as_str()
        .unwrap_or("unknown version")
        .to_owned();
    let mut report = Report::new(lib, &version);
    let now = now();
    let claims = claims(now);
    let jot = jot_keys();
    let algs: Vec<Algorithm> = Algorithm::ALL.to_vec();

    // Batch 1: the peer generates a key per algorithm, and imports and
    // re-exports each of jot's JWKs (private and public).
    let mut jobs = Vec::new();
    for alg in &algs {
        jobs.push(json!({"op": "genkey", "lib": lib, "alg": alg.name()}));
    }
    for alg in &algs {
        jobs.push(json!({"op": "import", "lib": lib, "jwk": jot[alg].private}));
        jobs.push(json!({"op": "import", "lib": lib, "jwk": jot[alg].public}));
    }
    let mut jwe_run = expect.jwe.as_ref().map(|e| JweRun::new(lib, e));
    let jws_jobs = jobs.len();
    if let Some(run) = &jwe_run {
        jobs.extend(run.batch1());
    }
    let results = peer.jobs(&jobs);
    let (results, jwe_results) = results.split_at(jws_jobs);
    let (generated, imported) = results.split_at(algs.len());

    let mut shared = Vec::new();
    let mut theirs: BTreeMap<Algorithm, KeyPair> = BTreeMap::new();
    let mut not_shared = Vec::new();
    for (alg, r) in algs.iter().zip(generated) {
        match ok(r) {
            Ok(r) => {
                shared.push(*alg);
                theirs.insert(
                    *alg,
                    KeyPair {
                        private: r["jwk"].clone(),
                        public: r["public"].clone(),
                    },
                );
            }
            Err(e) => not_shared.push((*alg, e)),
        }
    }
    let not_shared_algs: Vec<Algorithm> = not_shared.iter().map(|(a, _)| *a).collect();
    report.check(
        "algorithms not shared as documented",
        "-",
        if not_shared_algs == expect.not_shared {
            Ok(())
        } else {
            Err(format!(
                "{lib} lacks {not_shared_algs:?}, README says {:?}",
                expect.not_shared
            ))
        },
    );
    for (alg, e) in &not_shared {
        report.note(format!(
            "not shared: {} ({lib} does not implement it: {e})",
            alg.name()
        ));
    }

    // jot's JWKs, imported and re-exported by the peer.
    for (i, alg) in algs.iter().enumerate() {
        if !shared.contains(alg) {
            continue;
        }
        let (private, public) = (&imported[2 * i], &imported[2 * i + 1]);
        let outcome = ok(private)
            .and_then(|r| same_material(&jot[alg].private, &r["jwk"]))
            .and_then(|()| ok(public))
            .and_then(|r| same_material(&jot[alg].public, &r["jwk"]));
        report.check("jot JWK -> peer import/export", alg.name(), outcome);
        if expect.thumbprints {
            let want =
                parse_jwk(&jot[alg].public).and_then(|j| j.thumbprint().map_err(|e| e.to_string()));
            let outcome = want.and_then(|want| {
                for r in [private, public] {
                    let got = r["thumbprint"].as_str().unwrap_or("");
                    if got != want {
                        return Err(format!("thumbprint {got} != jot's {want}"));
                    }
                }
                Ok(())
            });
            report.check("RFC 7638 thumbprint (jot keys)", alg.name(), outcome);
        }
    }
    if !expect.thumbprints {
        report.note(format!(
            "{lib} has no RFC 7638 thumbprint API: thumbprints not compared"
        ));
    }

    // The peer's JWKs, imported and re-exported by jot.
    for alg in &shared {
        let pair = &theirs[alg];
        let outcome = [&pair.private, &pair.public].iter().try_for_each(|v| {
            let jwk = parse_jwk(v)?;
            same_material(v, &to_value(&jwk))
        });
        report.check("peer JWK -> jot import/export", alg.name(), outcome);
    }

    // Batch 2: the peer signs with its keys and with jot's private JWKs,
    // verifies what jot signed with jot's keys and with the peer's keys,
    // imports its own keys (thumbprints), and is shown every probe.
    let mut jobs = Vec::new();
    let mut jot_tokens = BTreeMap::new();
    for alg in &shared {
        let name = alg.name();
        jobs.push(json!({"op": "sign", "lib": lib, "alg": name, "jwk": theirs[alg].private, "claims": claims}));
        jobs.push(json!({"op": "sign", "lib": lib, "alg": name, "jwk": jot[alg].private, "claims": claims}));
        let own = jot_sign(*alg, &jot[alg].private, &claims);
        let with_theirs = jot_sign(*alg, &theirs[alg].private, &claims);
        for (token, key) in [
            (&own, &jot[alg].public),
            (&with_theirs, &theirs[alg].public),
        ] {
            let token = token.clone().unwrap_or_default();
            jobs.push(json!({"op": "verify", "lib": lib, "alg": name, "jwk": key, "token": token, "iss": ISS, "aud": AUD}));
        }
        jobs.push(json!({"op": "import", "lib": lib, "jwk": theirs[alg].public}));
        jot_tokens.insert(*alg, (own, with_theirs));
    }
    let probes = probes(&jot, now);
    for p in &probes {
        let mut job = json!({"op": "verify", "lib": lib, "alg": p.alg.name(), "jwk": p.key, "token": p.token});
        if p.configure_aud {
            job["iss"] = json!(ISS);
            job["aud"] = json!(AUD);
        }
        jobs.push(job);
    }
    let jws_jobs = jobs.len();
    if let Some(run) = &mut jwe_run {
        run.after_batch1(jwe_results);
        jobs.extend(run.batch2(&jot, &theirs, &claims));
    }
    let results = peer.jobs(&jobs);
    let (results, jwe_results) = results.split_at(jws_jobs);
    let (per_alg, probe_results) = results.split_at(shared.len() * 5);

    for (alg, r) in shared.iter().zip(per_alg.chunks(5)) {
        let name = alg.name();
        let (own, with_theirs) = &jot_tokens[alg];
        let peer_signed = ok(&r[0]).and_then(|r| {
            let token = r["token"].as_str().unwrap_or_default();
            jot_verify(*alg, &theirs[alg].public, token).and_then(|got| claims_match(&claims, &got))
        });
        report.check("peer signs, jot verifies", name, peer_signed);
        let with_jot_key = ok(&r[1]).and_then(|r| {
            let token = r["token"].as_str().unwrap_or_default();
            jot_verify(*alg, &jot[alg].public, token).and_then(|got| claims_match(&claims, &got))
        });
        report.check(
            "peer signs with jot's JWK, jot verifies",
            name,
            with_jot_key,
        );
        let jot_signed = own
            .clone()
            .and_then(|_| ok(&r[2]))
            .and_then(|r| claims_match(&claims, &r["claims"]));
        report.check("jot signs, peer verifies", name, jot_signed);
        let with_peer_key = with_theirs
            .clone()
            .and_then(|_| ok(&r[3]))
            .and_then(|r| claims_match(&claims, &r["claims"]));
        report.check(
            "jot signs with peer's JWK, peer verifies",
            name,
            with_peer_key,
        );
        if expect.thumbprints {
            let outcome = ok(&r[4]).and_then(|r| {
                let want = parse_jwk(&theirs[alg].public)?
                    .thumbprint()
                    .map_err(|e| e.to_string())?;
                let got = r["thumbprint"].as_str().unwrap_or("");
                if got == want {
                    Ok(())
                } else {
                    Err(format!("peer thumbprint {got} != jot's {want}"))
                }
            });
            report.check("RFC 7638 thumbprint (peer keys)", name, outcome);
        }
    }

    for (p, r) in probes.iter().zip(probe_results) {
        let documented = expect
            .probes
            .iter()
            .find(|(name, _)| *name == p.name)
            .map(|(_, accepts)| *accepts)
            .unwrap_or_else(|| panic!("no documented expectation for probe {}", p.name));
        let accepts = r["ok"] == json!(true);
        let detail = r["error"].as_str().unwrap_or("accepted");
        record_probe(&mut report, p, accepts, documented, detail);
    }

    match jwe_run {
        Some(run) => run.after_batch2(jwe_results, &mut report, &theirs, &claims),
        None => report.note(format!("{lib} has no JWE: JWE not tested")),
    }

    report.finish(&format!("interop-{lib}.txt"));
}

// ------------------------------------------------------------- JWE

/// The content encryptions jot implements, all tested.
pub const JWE_ENCS: [Enc; 2] = [Enc::A128GCM, Enc::A256GCM];
/// The ECDH-ES curves jot implements, all tested.
pub const JWE_CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::X25519];
/// The JWS algorithms of the nested JWTs (RFC 7519 §5.2), inside `dir` + [`NESTED_ENC`].
pub const NESTED_ALGS: [Algorithm; 2] = [Algorithm::HS256, Algorithm::ES256];
pub const NESTED_ENC: Enc = Enc::A256GCM;

pub const DIR_PEER_TO_JOT: &str = "JWE dir: peer encrypts, jot decrypts";
pub const DIR_JOT_TO_PEER: &str = "JWE dir: jot encrypts, peer decrypts";
pub const ECDH_PEER_TO_JOT: &str = "JWE ECDH-ES: peer encrypts, jot decrypts";
pub const ECDH_JOT_TO_PEER: &str = "JWE ECDH-ES: jot encrypts, peer decrypts";
pub const NESTED_PEER_TO_JOT: &str = "nested JWT: peer signs+encrypts, jot opens";
pub const NESTED_JOT_TO_PEER: &str = "nested JWT: jot signs+encrypts, peer opens";
pub const TAMPERED_TO_PEER: &str = "JWE jot token, tag flipped: peer rejects";
pub const JWE_PROBES_JOT: &str = "JWE probes: jot rejects";
pub const JWE_PROBES_PEER: &str = "JWE probes: peer as documented";

/// What a peer library is expected to do with JWE, as the README documents it.
pub struct JweExpectations<'a> {
    /// (direction, combination) the library cannot do, e.g.
    /// `(ECDH_JOT_TO_PEER, "X25519 A128GCM")`: a peer error there is
    /// reported as "unsupported by peer", never as passed; if the peer starts
    /// doing one, the test fails. The tampered copy of a token jot sent
    /// follows its intact token's entry.
    pub unsupported: &'a [(&'a str, &'a str)],
    /// JWE probe name -> whether the library, shown the probe, returns the plaintext.
    pub probes: &'a [(&'a str, bool)],
}

/// The plaintext of every JWE check: non-ASCII, quotes, markup and JSON.
pub fn jwe_plaintext(label: &str) -> String {
    format!("jwe interop {label}: Zoë ✓ \"quoted\" </script> {{\"n\":[1,-7,null]}}")
}

pub fn random_secret(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut out)
        .expect("system random generator");
    out
}

pub fn oct_jwk(secret: &[u8]) -> Value {
    json!({"kty": "oct", "k": b64::encode(secret)})
}

/// jot encrypts `plaintext` to a JWK (an `oct` secret for `dir`, a public key for ECDH-ES).
pub fn jot_encrypt(
    alg: KeyAlg,
    enc: Enc,
    jwk: &Value,
    plaintext: &str,
    cty: Option<&str>,
) -> Result<String, String> {
    let jwk = encryption_jwk(jwk)?;
    let key =
        EncryptionKey::from_jwk(&jwk, alg, enc).map_err(|e| format!("jot encryption key: {e}"))?;
    let mut header = jwe::Header::for_key(&key);
    if let Some(cty) = cty {
        header = header.with_cty(cty);
    }
    jwe::encrypt(&header, plaintext.as_bytes(), &key).map_err(|e| format!("jot encrypt: {e}"))
}

/// Reads a recipient's JWK as a user would, with `Jwk::from_json` (which
/// reads X25519 keys too, RFC 8037 §2); `EncryptionKey::from_jwk` then binds it.
pub fn encryption_jwk(jwk: &Value) -> Result<Jwk, String> {
    parse_jwk(jwk)
}

/// jot decrypts a `dir` token with an `oct` JWK, allowing exactly `dir` and `enc`.
pub fn jot_decrypt_dir(enc: Enc, jwk: &Value, token: &str) -> Result<jwe::Decrypted, String> {
    let jwk = parse_jwk(jwk)?;
    let key = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc)
        .map_err(|e| format!("jot decryption key: {e}"))?;
    jwe::decrypt(token, &key, &[KeyAlg::Dir], &[enc]).map_err(|e| format!("jot decrypt: {e}"))
}

/// The header jot read names what was sent, and the plaintext is the one sent.
fn opened(d: &jwe::Decrypted, alg: KeyAlg, enc: Enc, want: &str) -> Result<(), String> {
    if d.header.alg != alg || d.header.enc != enc {
        return Err(format!(
            "header says {} {}, the peer was asked for {} {}",
            d.header.alg, d.header.enc, alg, enc
        ));
    }
    if d.plaintext != want.as_bytes() {
        return Err(format!(
            "plaintext differs: got {:?}",
            String::from_utf8_lossy(&d.plaintext)
        ));
    }
    Ok(())
}

/// The peer returned the plaintext jot sent.
fn peer_opened(r: &Value, want: &str) -> Result<(), String> {
    let r = ok(r)?;
    let got = r["plaintext"].as_str().unwrap_or_default();
    if got == want {
        Ok(())
    } else {
        Err(format!("peer's plaintext differs: {got:?}"))
    }
}

fn token_of(r: &Value) -> Result<String, String> {
    ok(r).map(|r| r["token"].as_str().unwrap_or_default().to_owned())
}

/// Flips one bit of the first byte of a compact JWE's authentication tag,
/// keeping the encoding canonical: only the tag check can catch it.
pub fn flip_tag(token: &str) -> Result<String, String> {
    let (head, tag) = token.rsplit_once('.').ok_or("no tag segment")?;
    let mut raw = b64::decode(tag, jot::Part::Signature).map_err(|e| e.to_string())?;
    let first = raw.first_mut().ok_or("empty tag")?;
    *first ^= 0x01;
    Ok(format!("{head}.{}", b64::encode(raw)))
}

/// A JWE the peer makes (with its defaults) that jot refuses on purpose.
pub struct JweProbe {
    pub name: &'static str,
    /// The protected header the peer encrypts under.
    pub header: Value,
    /// The secret the peer encrypts with; both sides decrypt with it.
    pub secret: Vec<u8>,
    /// The `enc` jot's `dir` key is bound to, and jot's `enc` allow-list
    /// (jot's `alg` allow-list is `[dir]`).
    pub jot_key_enc: Enc,
    pub jot_encs: &'static [Enc],
    /// The allow-lists (alg, enc) the peer is given; `None`: its defaults.
    pub peer_allow: Option<(&'static [&'static str], &'static [&'static str])>,
    /// jot flips a tag bit of the peer's token before anyone decrypts it.
    pub flip_tag: bool,
    /// The `jot::Error::kind()` jot must reject it with.
    pub jot_kind: &'static str,
    /// What it means when the peer accepts it.
    pub if_peer_accepts: &'static str,
}

/// Every JWE strictness probe, with fresh secrets.
pub fn jwe_probes() -> Vec<JweProbe> {
    let probe = |name, header: Value, secret_len, jot_key_enc, jot_kind| JweProbe {
        name,
        header,
        secret: random_secret(secret_len),
        jot_key_enc,
        jot_encs: &[Enc::A256GCM],
        peer_allow: None,
        flip_tag: false,
        jot_kind,
        if_peer_accepts: "jot stricter",
    };
    let mut flipped = probe(
        "jwe_tag_flipped",
        json!({"alg": "dir", "enc": "A256GCM"}),
        32,
        Enc::A256GCM,
        "decryption",
    );
    flipped.flip_tag = true;
    let mut not_allowed = probe(
        "jwe_enc_not_in_allow_list",
        json!({"alg": "dir", "enc": "A128GCM"}),
        16,
        Enc::A128GCM,
        "algorithm_not_allowed",
    );
    not_allowed.peer_allow = Some((&["dir"], &["A256GCM"]));
    let mut zip = probe(
        "jwe_zip_deflate",
        json!({"alg": "dir", "enc": "A256GCM", "zip": "DEF"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    zip.if_peer_accepts = "jot stricter: never decompresses (RFC 8725 §3.6)";
    let mut cbc = probe(
        "jwe_enc_a128cbc_hs256",
        json!({"alg": "dir", "enc": "A128CBC-HS256"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    cbc.if_peer_accepts = "not implemented by jot (ring has no AES-CBC)";
    let mut kw = probe(
        "jwe_alg_a256kw",
        json!({"alg": "A256KW", "enc": "A256GCM"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    kw.if_peer_accepts = "not implemented by jot (ring has no AES key wrap)";
    vec![zip, flipped, cbc, kw, not_allowed]
}

/// jot's verdict on a JWE probe: `Ok(detail)` if jot refused it with the expected kind.
pub fn jot_refuses(p: &JweProbe, token: &str) -> Result<String, String> {
    let key = DecryptionKey::dir(p.jot_key_enc, &p.secret).map_err(|e| format!("jot key: {e}"))?;
    match jwe::decrypt(token, &key, &[KeyAlg::Dir], p.jot_encs) {
        Err(e) if e.kind() == p.jot_kind => Ok(e.detail()),
        Err(e) => Err(format!(
            "jot rejected {} as {} ({e}), expected {}",
            p.name,
            e.kind(),
            p.jot_kind
        )),
        Ok(_) => Err(format!("jot ACCEPTED JWE probe {}", p.name)),
    }
}

fn documented_unsupported(expect: &JweExpectations<'_>, direction: &str, label: &str) -> bool {
    expect
        .unsupported
        .iter()
        .any(|(d, l)| *d == direction && *l == label)
}

/// Records a JWE check, honouring the combinations documented as
/// unsupported by the peer (`documented`): a peer failure there is
/// "unsupported by peer", a pass there is a failure (the documentation is
/// stale), and anything else is an ordinary check.
fn jwe_check(
    report: &mut Report,
    documented: bool,
    direction: &'static str,
    label: &str,
    outcome: Result<(), String>,
) {
    match (outcome, documented) {
        (Ok(()), true) => report.check(
            direction,
            label,
            Err("the peer now does this: remove it from the documented unsupported list and interop/README.md".into()),
        ),
        (Err(e), true) if e.starts_with("peer: ") => report.unsupported(direction, label, &e),
        (outcome, _) => report.check(direction, label, outcome),
    }
}

/// A `dir` or ECDH-ES token jot made for the peer, and the job that decrypts it.
struct Sent {
    direction: &'static str,
    label: String,
    plaintext: String,
    token: Result<String, String>,
    job: Value,
}

/// The JWE part of [`run_peer`]. Its jobs ride on the two JWS batches, so
/// JWE costs no extra process start: batch 1 holds the peer's key
/// generation and what needs none of its keys, batch 2 what needs them.
struct JweRun<'a> {
    lib: &'a str,
    expect: &'a JweExpectations<'a>,
    /// jot's `dir` secrets, one per `enc` (in `JWE_ENCS` order), as `oct` JWKs.
    jot_dir: Vec<Value>,
    /// jot's single-use ECDH-ES recipient keys, per curve and enc (peer -> jot).
    ephemeral: Vec<(Curve, Enc, EphemeralDecryptionKey)>,
    probes: Vec<JweProbe>,
    /// From batch 1: the peer's `dir` secrets and ECDH-ES key pairs.
    peer_dir: Vec<Result<Value, String>>,
    peer_ecdh: Vec<Result<KeyPair, String>>,
    /// From batch 1: the probe tokens, as shown to jot and to the peer.
    probe_tokens: Vec<Result<String, String>>,
    /// jot's verdict on each probe, for the probe lines.
    jot_verdicts: Vec<String>,
    /// Batch-1 outcomes, recorded with the rest after batch 2 so the JWE
    /// rows come together after the JWS rows; and notes.
    checked_early: Vec<(&'static str, String, Result<(), String>)>,
    notes: Vec<String>,
    /// Batch 2: jot's `dir` and ECDH-ES tokens, and its nested JWTs.
    sent: Vec<Sent>,
    nested_sent: Vec<Result<String, String>>,
}

fn combos() -> impl Iterator<Item = (Curve, Enc)> {
    JWE_CURVES
        .iter()
        .flat_map(|&c| JWE_ENCS.iter().map(move |&e| (c, e)))
}

fn nested_index() -> usize {
    JWE_ENCS
        .iter()
        .position(|&e| e == NESTED_ENC)
        .expect("NESTED_ENC is one of JWE_ENCS")
}

impl<'a> JweRun<'a> {
    fn new(lib: &'a str, expect: &'a JweExpectations<'a>) -> JweRun<'a> {
        let ephemeral = combos()
            .map(|(c, e)| {
                let key =
                    EphemeralDecryptionKey::generate(c, e).expect("jot generates ECDH-ES keys");
                (c, e, key)
            })
            .collect();
        JweRun {
            lib,
            expect,
            jot_dir: JWE_ENCS
                .iter()
                .map(|e| oct_jwk(&random_secret(e.key_len())))
                .collect(),
            ephemeral,
            probes: jwe_probes(),
            peer_dir: Vec::new(),
            peer_ecdh: Vec::new(),
            probe_tokens: Vec::new(),
            jot_verdicts: Vec::new(),
            checked_early: Vec::new(),
            notes: Vec::new(),
            sent: Vec::new(),
            nested_sent: Vec::new(),
        }
    }

    fn batch1(&self) -> Vec<Value> {
        let lib = self.lib;
        let mut jobs = Vec::new();
        for enc in JWE_ENCS {
            jobs.push(json!({"op": "jwe_genkey", "lib": lib, "secret_for": enc.name()}));
        }
        for crv in JWE_CURVES {
            jobs.push(json!({"op": "jwe_genkey", "lib": lib, "crv": crv.name()}));
        }
        for (crv, enc, key) in &self.ephemeral {
            jobs.push(json!({
                "op": "jwe_encrypt", "lib": lib,
                "header": {"alg": "ECDH-ES", "enc": enc.name()},
                "jwk": to_value(key.public_jwk()),
                "plaintext": jwe_plaintext(&format!("{} {}", crv.name(), enc.name())),
            }));
        }
        for p in &self.probes {
            jobs.push(json!({
                "op": "jwe_encrypt", "lib": lib, "header": p.header,
                "jwk": oct_jwk(&p.secret), "plaintext": jwe_plaintext(p.name),
            }));
        }
        jobs
    }

    fn after_batch1(&mut self, results: &[Value]) {
        let (dir, rest) = results.split_at(JWE_ENCS.len());
        let (ecdh, rest) = rest.split_at(JWE_CURVES.len());
        let (to_jot, probes) = rest.split_at(self.ephemeral.len());
        self.peer_dir = dir
            .iter()
            .map(|r| ok(r).map(|r| r["jwk"].clone()))
            .collect();
        self.peer_ecdh = ecdh
            .iter()
            .map(|r| {
                ok(r).map(|r| KeyPair {
                    private: r["jwk"].clone(),
                    public: r["public"].clone(),
                })
            })
            .collect();

        // ECDH-ES, peer -> jot: one single-use key per token.
        for ((crv, enc, key), r) in std::mem::take(&mut self.ephemeral).into_iter().zip(to_jot) {
            let label = format!("{} {}", crv.name(), enc.name());
            let outcome = token_of(r).and_then(|token| {
                let d = jwe::decrypt_ephemeral(&token, key, &[KeyAlg::EcdhEs], &[enc])
                    .map_err(|e| format!("jot decrypt_ephemeral: {e}"))?;
                opened(&d, KeyAlg::EcdhEs, enc, &jwe_plaintext(&label))
            });
            self.checked_early.push((ECDH_PEER_TO_JOT, label, outcome));
        }

        // The probes the peer made, shown to jot.
        for (p, r) in self.probes.iter().zip(probes) {
            let token = token_of(r).and_then(|t| if p.flip_tag { flip_tag(&t) } else { Ok(t) });
            let verdict = token.clone().and_then(|t| jot_refuses(p, &t));
            self.jot_verdicts.push(match &verdict {
                Ok(detail) => format!("rejects ({}: {detail})", p.jot_kind),
                Err(e) => format!("FAILS ({e})"),
            });
            self.checked_early
                .push((JWE_PROBES_JOT, p.name.to_owned(), verdict.map(|_| ())));
            self.probe_tokens.push(token);
        }
    }

    fn batch2(
        &mut self,
        jot: &BTreeMap<Algorithm, KeyPair>,
        theirs: &BTreeMap<Algorithm, KeyPair>,
        claims: &Value,
    ) -> Vec<Value> {
        let lib = self.lib;
        let nested = nested_index();
        let mut jobs = Vec::new();

        // dir, peer -> jot, with the peer's secrets.
        for (enc, key) in JWE_ENCS.iter().zip(&self.peer_dir) {
            jobs.push(json!({
                "op": "jwe_encrypt", "lib": lib,
                "header": {"alg": "dir", "enc": enc.name()},
                "jwk": key.clone().unwrap_or_default(),
                "plaintext": jwe_plaintext(&format!("dir {}", enc.name())),
            }));
        }

        // dir, jot -> peer, with jot's secrets; ECDH-ES, jot -> peer, to the
        // peer's public keys. The peer is given exactly the alg and enc as allow-lists.
        for (enc, key) in JWE_ENCS.iter().zip(&self.jot_dir) {
            let label = format!("dir {}", enc.name());
            let plaintext = jwe_plaintext(&label);
            let token = jot_encrypt(KeyAlg::Dir, *enc, key, &plaintext, None);
            let job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": "dir", "jwk": key,
                "token": token.clone().unwrap_or_default(),
                "algs": ["dir"], "encs": [enc.name()],
            });
            self.sent.push(Sent {
                direction: DIR_JOT_TO_PEER,
                label,
                plaintext,
                token,
                job,
            });
        }
        for (crv, enc) in combos() {
            let i = JWE_CURVES
                .iter()
                .position(|&c| c == crv)
                .expect("a tested curve");
            let pair = &self.peer_ecdh[i];
            let label = format!("{} {}", crv.name(), enc.name());
            let plaintext = jwe_plaintext(&label);
            let token = pair
                .clone()
                .and_then(|p| jot_encrypt(KeyAlg::EcdhEs, enc, &p.public, &plaintext, None));
            let private = pair.as_ref().map(|p| p.private.clone()).unwrap_or_default();
            let job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": "ECDH-ES", "jwk": private,
                "token": token.clone().unwrap_or_default(),
                "algs": ["ECDH-ES"], "encs": [enc.name()],
            });
            self.sent.push(Sent {
                direction: ECDH_JOT_TO_PEER,
                label,
                plaintext,
                token,
                job,
            });
        }
        jobs.extend(self.sent.iter().map(|s| s.job.clone()));

        // Nested JWT, peer -> jot: the peer's signing key and dir secret.
        for alg in NESTED_ALGS {
            jobs.push(json!({
                "op": "nested_sign_encrypt", "lib": lib, "alg": alg.name(),
                "sign_jwk": theirs.get(&alg).map(|k| k.private.clone()).unwrap_or_default(),
                "enc_jwk": self.peer_dir[nested].clone().unwrap_or_default(),
                "enc": NESTED_ENC.name(), "claims": claims,
            }));
        }
        // Nested JWT, jot -> peer: jot's signing key and dir secret.
        for alg in NESTED_ALGS {
            let enc_jwk = &self.jot_dir[nested];
            let token = jot_sign(alg, &jot[&alg].private, claims).and_then(|signed| {
                jot_encrypt(KeyAlg::Dir, NESTED_ENC, enc_jwk, &signed, Some("JWT"))
            });
            jobs.push(json!({
                "op": "nested_decrypt_verify", "lib": lib, "alg": alg.name(),
                "verify_jwk": jot[&alg].public, "enc_jwk": enc_jwk, "enc": NESTED_ENC.name(),
                "token": token.clone().unwrap_or_default(), "iss": ISS, "aud": AUD,
            }));
            self.nested_sent.push(token);
        }

        // The probes, shown to the peer with the secret they were made with.
        for (p, token) in self.probes.iter().zip(&self.probe_tokens) {
            let mut job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": p.header["alg"],
                "jwk": oct_jwk(&p.secret), "token": token.clone().unwrap_or_default(),
            });
            if let Some((algs, encs)) = p.peer_allow {
                job["algs"] = json!(algs);
                job["encs"] = json!(encs);
            }
            jobs.push(job);
        }

        // Every dir and ECDH-ES token jot sent, again with a tag bit flipped.
        for s in &self.sent {
            let mut job = s.job.clone();
            let flipped = s.token.clone().and_then(|t| flip_tag(&t));
            job["token"] = json!(flipped.unwrap_or_default());
            jobs.push(job);
        }
        jobs
    }

    fn after_batch2(
        self,
        results: &[Value],
        report: &mut Report,
        theirs: &BTreeMap<Algorithm, KeyPair>,
        claims: &Value,
    ) {
        let expect = self.expect;
        let nested = nested_index();
        let (dir_from_peer, rest) = results.split_at(JWE_ENCS.len());
        let (sent_results, rest) = rest.split_at(self.sent.len());
        let (nested_from_peer, rest) = rest.split_at(NESTED_ALGS.len());
        let (nested_to_peer, rest) = rest.split_at(NESTED_ALGS.len());
        let (probes, tampered) = rest.split_at(self.probes.len());

        // The JWE rows, together and in this order, after the JWS rows.
        for direction in [
            DIR_PEER_TO_JOT,
            DIR_JOT_TO_PEER,
            ECDH_PEER_TO_JOT,
            ECDH_JOT_TO_PEER,
            NESTED_PEER_TO_JOT,
            NESTED_JOT_TO_PEER,
            TAMPERED_TO_PEER,
            JWE_PROBES_JOT,
            JWE_PROBES_PEER,
        ] {
            report.row(direction);
        }
        for (direction, label, outcome) in self.checked_early {
            let documented = documented_unsupported(expect, direction, &label);
            jwe_check(report, documented, direction, &label, outcome);
        }
        for note in self.notes {
            report.note(note);
        }

        for ((enc, key), r) in JWE_ENCS.iter().zip(&self.peer_dir).zip(dir_from_peer) {
            let label = format!("dir {}", enc.name());
            let outcome = key.clone().and_then(|key| {
                let token = token_of(r)?;
                let d = jot_decrypt_dir(*enc, &key, &token)?;
                opened(&d, KeyAlg::Dir, *enc, &jwe_plaintext(&label))
            });
            let documented = documented_unsupported(expect, DIR_PEER_TO_JOT, &label);
            jwe_check(report, documented, DIR_PEER_TO_JOT, &label, outcome);
        }

        let mut opened_by_peer = Vec::new();
        for (s, r) in self.sent.iter().zip(sent_results) {
            let outcome = s.token.clone().and_then(|_| peer_opened(r, &s.plaintext));
            let documented = documented_unsupported(expect, s.direction, &s.label);
            jwe_check(report, documented, s.direction, &s.label, outcome.clone());
            opened_by_peer.push((outcome, documented));
        }

        for (alg, r) in NESTED_ALGS.iter().zip(nested_from_peer) {
            let outcome = self.peer_dir[nested].clone().and_then(|key| {
                let token = token_of(r)?;
                let d = jot_decrypt_dir(NESTED_ENC, &key, &token)?;
                if d.header.cty.as_deref() != Some("JWT") {
                    return Err(format!("cty is {:?}, not \"JWT\"", d.header.cty));
                }
                let jwt = std::str::from_utf8(&d.plaintext)
                    .map_err(|_| "the nested JWT is not UTF-8".to_owned())?;
                let public = &theirs.get(alg).ok_or("the peer has no signing key")?.public;
                jot_verify(*alg, public, jwt).and_then(|got| claims_match(claims, &got))
            });
            let documented = documented_unsupported(expect, NESTED_PEER_TO_JOT, alg.name());
            jwe_check(report, documented, NESTED_PEER_TO_JOT, alg.name(), outcome);
        }
        for ((alg, token), r) in NESTED_ALGS
            .iter()
            .zip(&self.nested_sent)
            .zip(nested_to_peer)
        {
            let outcome = token.clone().and_then(|_| {
                let r = ok(r)?;
                if r["cty"] != json!("JWT") {
                    return Err(format!("peer read cty {}", r["cty"]));
                }
                claims_match(claims, &r["claims"])
            });
            let documented = documented_unsupported(expect, NESTED_JOT_TO_PEER, alg.name());
            jwe_check(report, documented, NESTED_JOT_TO_PEER, alg.name(), outcome);
        }

        let shown = self
            .probes
            .iter()
            .zip(&self.probe_tokens)
            .zip(&self.jot_verdicts);
        for (((p, token), jot_verdict), r) in shown.zip(probes) {
            let documented = expect
                .probes
                .iter()
                .find(|(name, _)| *name == p.name)
                .map(|(_, accepts)| *accepts)
                .unwrap_or_else(|| panic!("no documented expectation for JWE probe {}", p.name));
            let accepts = r["ok"] == json!(true);
            let detail: String = r["error"]
                .as_str()
                .unwrap_or("accepted")
                .chars()
                .take(70)
                .collect();
            let outcome = match (token, accepts == documented) {
                (Err(e), _) => Err(format!("the peer did not make the probe: {e}")),
                (Ok(_), true) => Ok(()),
                (Ok(_), false) => Err(format!(
                    "peer now {} this probe ({detail}); update interop/README.md and the expectation",
                    if accepts { "accepts" } else { "rejects" }
                )),
            };
            report.check(JWE_PROBES_PEER, p.name, outcome);
            report.jwe_probe(format!(
                "{:<26} jot {}\n  {:<26} peer {}",
                p.name,
                jot_verdict,
                "",
                if accepts {
                    format!("ACCEPTS  <- {}", p.if_peer_accepts)
                } else {
                    format!("rejects ({detail})")
                }
            ));
        }

        // A rejected tampered token proves something only if the peer opened the intact one.
        for ((s, (intact, documented)), r) in self.sent.iter().zip(opened_by_peer).zip(tampered) {
            let outcome = intact
                .map_err(|e| format!("the intact token did not open either: {e}"))
                .and_then(|()| {
                    if r["ok"] == json!(true) {
                        Err("peer ACCEPTED a token whose tag was changed".into())
                    } else {
                        Ok(())
                    }
                });
            if documented && outcome.is_err() {
                report.unsupported(TAMPERED_TO_PEER, &s.label, "as the intact token");
            } else {
                report.check(TAMPERED_TO_PEER, &s.label, outcome);
            }
        }
    }
}
