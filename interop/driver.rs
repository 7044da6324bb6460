//! Shared driver of jot's interoperability tests.
//!
//! Included with `#[path]` by `tests/interop_python.rs`, `tests/interop_node.rs`
//! and `tests/interop_jsonwebtoken.rs`. It holds jot's side of every check:
//! fresh keys, jot signing and verifying, the strictness probes (tokens that
//! are correctly signed but that jot rejects on purpose), the report table,
//! and [`run_peer`], which drives one library of an external peer script
//! (`interop/python/peer.py`, `interop/node/peer.mjs`) through two batches
//! of JSON jobs on stdin, so process start-up is paid twice per library.

#![allow(dead_code)] // each test crate uses its own part of this file

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

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

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
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
    rows: Vec<(&'static str, Vec<String>, Vec<String>)>,
    notes: Vec<String>,
    probes: Vec<String>,
}

impl Report {
    pub fn new(peer: &str, version: &str) -> Report {
        Report {
            peer: peer.to_owned(),
            version: version.to_owned(),
            rows: Vec::new(),
            notes: Vec::new(),
            probes: Vec::new(),
        }
    }

    fn row(&mut self, direction: &'static str) -> &mut (&'static str, Vec<String>, Vec<String>) {
        if let Some(i) = self.rows.iter().position(|r| r.0 == direction) {
            return &mut self.rows[i];
        }
        self.rows.push((direction, Vec::new(), Vec::new()));
        self.rows.last_mut().expect("just pushed")
    }

    /// Records one check; a failure is kept with its reason and fails [`Report::finish`].
    pub fn check(&mut self, direction: &'static str, alg: &str, outcome: Result<(), String>) {
        let row = self.row(direction);
        match outcome {
            Ok(()) => row.1.push(alg.to_owned()),
            Err(why) => row.2.push(format!("{alg}: {why}")),
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn probe(&mut self, line: String) {
        self.probes.push(line);
    }

    pub fn failures(&self) -> usize {
        self.rows.iter().map(|r| r.2.len()).sum()
    }

    pub fn passed(&self) -> usize {
        self.rows.iter().map(|r| r.1.len()).sum()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "interop: jot <-> {} ({})", self.peer, self.version);
        let _ = writeln!(out, "{:<44} {:>4}  algorithms passed", "direction", "pass");
        for (direction, passed, failed) in &self.rows {
            let _ = writeln!(
                out,
                "{:<44} {:>4}  {}",
                direction,
                passed.len(),
                passed.join(" ")
            );
            for f in failed {
                let _ = writeln!(out, "{:<44} FAIL  {f}", "");
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
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        let _ = writeln!(
            out,
            "total: {} passed, {} failed",
            self.passed(),
            self.failures()
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
    let results = peer.jobs(&jobs);
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
    let results = peer.jobs(&jobs);
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

    report.finish(&format!("interop-{lib}.txt"));
}
