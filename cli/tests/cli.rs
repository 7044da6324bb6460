//! The `jot` binary, run as a user runs it: every command, every exit status
//! and every error KIND of the contract in `cli/README.md`. Kept whole: one
//! test file for one contract, in the README's order.

use std::io::Write;
use std::process::{Command, Stdio};

use jot::{Algorithm, Jwk, JwkSet};
use serde_json::Value;

mod common;

use common::{data, TempDir};

// ---------------------------------------------------------------- helpers

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    /// Asserts success and returns stdout.
    fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, stderr: {}", self.stderr);
        &self.stdout
    }

    /// Asserts success with exactly one line of JSON on stdout, and parses it.
    fn json(&self) -> Value {
        let out = self.ok();
        assert_eq!(out.lines().count(), 1, "one line expected: {out}");
        serde_json::from_str(out).expect("stdout is JSON")
    }

    /// Asserts the failure contract (exit 1, empty stdout, one
    /// `error: KIND: detail` line) and returns KIND.
    fn kind(&self) -> String {
        assert_eq!(self.code, 1, "expected exit 1, stderr: {}", self.stderr);
        assert_eq!(self.stdout, "", "nothing on stdout on failure");
        assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
        let line = self.stderr.trim_end();
        let rest = line.strip_prefix("error: ").expect("error: prefix");
        let (kind, detail) = rest.split_once(": ").expect("KIND: detail");
        assert!(!detail.is_empty());
        kind.to_owned()
    }

    /// Asserts exit 2 with a first stderr line `error: PREFIX: ...`.
    fn exit2(&self, prefix: &str) {
        assert_eq!(self.code, 2, "expected exit 2, stderr: {}", self.stderr);
        assert_eq!(self.stdout, "");
        let first = self.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("error: {prefix}: ")),
            "first stderr line: {first}"
        );
    }
}

fn run(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jot"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn jot");
    let mut pipe = child.stdin.take().expect("stdin");
    // jot may exit (a usage error, a bad key) before it reads its input.
    if let Err(e) = pipe.write_all(stdin.unwrap_or_default().as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    drop(pipe);
    let out = child.wait_with_output().expect("run jot");
    Out {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn jot(args: &[&str]) -> Out {
    run(args, None, &[])
}

fn token(name: &str) -> String {
    std::fs::read_to_string(data(name))
        .expect("test data")
        .trim()
        .to_owned()
}

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl must be installed for these tests");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const SECRET: &str = "an HS256 secret of 32+ bytes, ok!";
const SECRET64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// An HS256 token for `claims`, signed by `jot sign --secret SECRET`.
fn hs256(claims: &str, extra: &[&str]) -> String {
    let mut args = vec!["sign", "--alg", "HS256", "--secret", SECRET];
    args.extend_from_slice(extra);
    args.push(claims);
    jot(&args).ok().trim().to_owned()
}

/// `jot verify --alg HS256 --secret SECRET EXTRA... TOKEN`.
fn verify_hs256(token: &str, extra: &[&str]) -> Out {
    let mut args = vec!["verify", "--alg", "HS256", "--secret", SECRET];
    args.extend_from_slice(extra);
    args.push(token);
    jot(&args)
}

// ---------------------------------------------------------------- RFC vectors

const NOW_2011: &str = "1300819000";

#[test]
fn rfc7515_a_1_hs256() {
    let t = token("rfc7515-a.1.jwt");
    let jwk = data("rfc7515-a.1.jwk.json");
    let out = jot(&[
        "verify", "--key", &jwk, "--alg", "HS256", "--now", NOW_2011, &t,
    ]);
    let v = out.json();
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["header"]["typ"], "JWT");
    assert_eq!(v["claims"]["iss"], "joe");
    assert_eq!(v["claims"]["exp"], 1_300_819_380);
    assert_eq!(v["claims"]["http://example.com/is_root"], true);
    // The header comes first on the line, as documented.
    assert!(out.stdout.starts_with(r#"{"header":{"#));
    // With the real clock, 2011 is long past.
    let out = jot(&["verify", "--key", &jwk, "--alg", "HS256", &t]);
    assert_eq!(out.kind(), "expired");
}

#[test]
fn rfc7515_a_2_rs256() {
    let t = token("rfc7515-a.2.jwt");
    let verify = |key: &str| {
        jot(&[
            "verify",
            "--key",
            &data(key),
            "--alg",
            "RS256",
            "--now",
            NOW_2011,
            &t,
        ])
    };
    let v = verify("rfc7515-a.2.public.jwk.json").json();
    assert_eq!(v["header"], serde_json::json!({"alg": "RS256"}));
    assert_eq!(v["claims"]["iss"], "joe");
    // The private key is refused, not quietly reduced to its public part.
    let out = verify("rfc7515-a.2.private.jwk.json");
    assert_eq!(out.kind(), "key");
    assert!(out.stderr.contains("must be public (RFC 8725 §3.4)"));
}

#[test]
fn rfc7515_a_3_es256() {
    let t = token("rfc7515-a.3.jwt");
    let key = data("rfc7515-a.3.public.jwk.json");
    let v = jot(&[
        "verify", "--key", &key, "--alg", "ES256", "--now", NOW_2011, &t,
    ])
    .json();
    assert_eq!(v["header"]["alg"], "ES256");
    assert_eq!(v["claims"]["exp"], 1_300_819_380);
    // Several --alg: the key is bound to those it fits (ES256 only).
    let v = jot(&[
        "verify", "--key", &key, "--alg", "HS256", "--alg", "RS256", "--alg", "ES256", "--now",
        NOW_2011, &t,
    ])
    .json();
    assert_eq!(v["claims"]["iss"], "joe");
}

#[test]
fn rfc8037_a_4_ed25519_with_jws() {
    let t = token("rfc8037-a.4.jwt");
    let key = data("rfc8037-a.4.public.jwk.json");
    let v = jot(&["verify", "--jws", "--key", &key, "--alg", "EdDSA", &t]).json();
    assert_eq!(v["header"]["alg"], "EdDSA");
    // "Example of Ed25519 signing", base64url.
    assert_eq!(v["payload"], "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
    // As a JWT, its payload is not a claims set.
    let out = jot(&["verify", "--key", &key, "--alg", "EdDSA", &t]);
    assert_eq!(out.kind(), "malformed");
}

#[test]
fn rfc7638_thumbprint() {
    let out = jot(&["thumbprint", &data("rfc7638-3.1.jwk.json")]);
    assert_eq!(out.ok(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n");
}

// ---------------------------------------------------------------- sign/verify, every algorithm

fn sign_and_verify(alg: &str, sign_key: &str, verify_key: &str) {
    let token = jot(&[
        "sign",
        "--alg",
        alg,
        "--key",
        sign_key,
        "--exp",
        "600",
        r#"{"sub":"alice"}"#,
    ]);
    let token = token.ok().trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "{alg}");
    let v = jot(&[
        "verify", "--alg", alg, "--key", verify_key, "--sub", "alice", &token,
    ])
    .json();
    assert_eq!(v["header"]["alg"], alg);
    assert_eq!(v["header"]["typ"], "JWT");
    assert_eq!(v["claims"]["sub"], "alice");
    assert!(v["claims"]["exp"].is_i64());
    // The same token, one signature bit flipped, is refused.
    let mut bytes = token.into_bytes();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(bytes).expect("ascii");
    let out = jot(&["verify", "--alg", alg, "--key", verify_key, &flipped]);
    assert_eq!(out.kind(), "signature", "{alg}");
}

#[test]
fn every_algorithm_signs_and_verifies() {
    let dir = TempDir::new("every-alg");
    let mut covered = Vec::new();

    for alg in [
        "HS256", "HS384", "HS512", "ES256", "ES384", "EdDSA", "Ed25519",
    ] {
        let private = dir.write(&format!("{alg}.jwk"), jot(&["keygen", "--alg", alg]).ok());
        let private = private.as_str();
        if alg.starts_with("HS") {
            sign_and_verify(alg, private, private);
        } else {
            let public = jot(&["jwk", private, "--public"]);
            let public = dir.write(&format!("{alg}.public.jwk"), public.ok());
            sign_and_verify(alg, private, &public);
            // A private key given to verify is refused (RFC 8725 §3.4), and
            // the error names the command that made `public` above.
            let t = jot(&["sign", "--alg", alg, "--key", private, "{}"]);
            let out = jot(&["verify", "--alg", alg, "--key", private, t.ok().trim()]);
            assert_eq!(out.kind(), "key", "{alg}");
            assert!(
                out.stderr
                    .contains(&format!("`jot jwk {private} --public > public.jwk`")),
                "{}",
                out.stderr
            );
        }
        covered.push(alg);
    }

    // RSA: a PKCS#1 and a PKCS#8 key made by OpenSSL, public halves as SPKI PEM.
    let pkcs1 = dir.s("rsa-pkcs1.pem");
    let pkcs8 = dir.s("rsa-pkcs8.pem");
    let pub1 = dir.s("rsa-pkcs1.pub.pem");
    let pub8 = dir.s("rsa-pkcs8.pub.pem");
    openssl(&["genrsa", "-traditional", "-out", &pkcs1, "2048"]);
    openssl(&["genrsa", "-out", &pkcs8, "2048"]);
    openssl(&["rsa", "-in", &pkcs1, "-pubout", "-out", &pub1]);
    openssl(&["rsa", "-in", &pkcs8, "-pubout", "-out", &pub8]);
    let text = |p: &str| std::fs::read_to_string(p).expect("pem");
    assert!(text(&pkcs1).contains("-----BEGIN RSA PRIVATE KEY-----"));
    assert!(text(&pkcs8).contains("-----BEGIN PRIVATE KEY-----"));
    for (i, alg) in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
        .into_iter()
        .enumerate()
    {
        let (private, public) = if i % 2 == 0 {
            (&pkcs1, &pub1)
        } else {
            (&pkcs8, &pub8)
        };
        sign_and_verify(alg, private, public);
        covered.push(alg);
    }

    // DER public key, and a SEC1 EC key with its EC PARAMETERS block.
    let der = dir.s("rsa.pub.der");
    openssl(&[
        "pkey", "-in", &pkcs8, "-pubout", "-outform", "DER", "-out", &der,
    ]);
    sign_and_verify("RS256", &pkcs8, &der);
    let sec1 = dir.s("ec.pem");
    let ec_pub = dir.s("ec.pub.pem");
    openssl(&["ecparam", "-genkey", "-name", "prime256v1", "-out", &sec1]);
    openssl(&["ec", "-in", &sec1, "-pubout", "-out", &ec_pub]);
    sign_and_verify("ES256", &sec1, &ec_pub);

    let mut all: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
    all.sort_unstable();
    covered.sort_unstable();
    assert_eq!(covered, all, "every algorithm jot implements");
}

#[test]
fn hmac_secret_from_string_file_and_env() {
    let dir = TempDir::new("secrets");
    let file = dir.write("secret.bin", SECRET64);
    let file = file.as_str();
    let claims = r#"{"exp":4000000000}"#;
    for alg in ["HS256", "HS384", "HS512"] {
        let t = jot(&["sign", "--alg", alg, "--secret", SECRET64, claims]);
        let t = t.ok().trim().to_owned();
        let v = jot(&["verify", "--alg", alg, "--secret-file", file, &t]).json();
        assert_eq!(v["header"]["alg"], alg);
        let out = run(
            &[
                "verify",
                "--alg",
                alg,
                "--secret-env",
                "JOT_TEST_SECRET",
                &t,
            ],
            None,
            &[("JOT_TEST_SECRET", SECRET64)],
        );
        assert_eq!(out.json()["claims"]["exp"], 4_000_000_000_i64);
    }
    // A secret shorter than the hash is refused (RFC 7518 §3.2).
    let out = jot(&["sign", "--alg", "HS256", "--secret", "short", "{}"]);
    assert_eq!(out.kind(), "key");
    // An unset variable is a usage error.
    let out = jot(&[
        "verify",
        "--alg",
        "HS256",
        "--secret-env",
        "JOT_TEST_UNSET_X",
        "a.b.c",
    ]);
    out.exit2("usage");
}

// ---------------------------------------------------------------- sign options

#[test]
fn sign_options_shape_the_token() {
    let t = hs256(
        r#"{"sub":"a"}"#,
        &["--exp", "3600", "--iat", "--now", "1000", "--kid", "k1"],
    );
    let v = jot(&["decode", &t]).json();
    assert_eq!(v["claims"]["exp"], 4600);
    assert_eq!(v["claims"]["iat"], 1000);
    assert_eq!(v["claims"]["sub"], "a");
    assert_eq!(v["header"]["kid"], "k1");
    assert_eq!(v["header"]["typ"], "JWT");

    // Default claims {}, typ omitted, extra header members.
    let t = jot(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        "--typ",
        "",
        "--header",
        r#"{"cty":"example","x-custom":[1,2]}"#,
    ]);
    let v = jot(&["decode", t.ok().trim()]).json();
    assert_eq!(v["claims"], serde_json::json!({}));
    assert!(v["header"].get("typ").is_none());
    assert_eq!(v["header"]["cty"], "example");
    assert_eq!(v["header"]["x-custom"], serde_json::json!([1, 2]));

    // --exp without --now uses the clock.
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let t = hs256("{}", &["--exp", "60"]);
    let exp = jot(&["decode", &t]).json()["claims"]["exp"]
        .as_u64()
        .expect("exp");
    assert!((before + 60..=before + 120).contains(&exp), "exp {exp}");

    // Claims from standard input.
    let out = run(
        &["sign", "--alg", "HS256", "--secret", SECRET, "-"],
        Some("  {\"sub\":\"stdin\"}\n"),
        &[],
    );
    let v = jot(&["decode", out.ok().trim()]).json();
    assert_eq!(v["claims"]["sub"], "stdin");

    // Claims must be one strict JSON object.
    for bad in ["[1]", "{", r#"{"a":1,"a":2}"#] {
        let out = jot(&["sign", "--alg", "HS256", "--secret", SECRET, bad]);
        assert_eq!(out.kind(), "malformed", "{bad}");
    }
    // alg only from --alg.
    jot(&[
        "sign",
        "--alg",
        "HS256",
        "--secret",
        SECRET,
        "--header",
        r#"{"alg":"HS384"}"#,
    ])
    .exit2("usage");
    // A public key cannot sign.
    let out = jot(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        &data("rfc7515-a.3.public.jwk.json"),
    ]);
    assert_eq!(out.kind(), "key");
}

// ---------------------------------------------------------------- verify: every error KIND

#[test]
fn time_boundaries_with_now() {
    let t = hs256(r#"{"exp":2000}"#, &[]);
    assert_eq!(verify_hs256(&t, &["--now", "2000"]).kind(), "expired");
    verify_hs256(&t, &["--now", "1999"]).json();
    // Leeway forgives skew.
    verify_hs256(&t, &["--now", "2000", "--leeway", "1"]).json();

    let t = hs256(r#"{"exp":5000,"nbf":2000}"#, &[]);
    assert_eq!(verify_hs256(&t, &["--now", "1999"]).kind(), "not_yet_valid");
    verify_hs256(&t, &["--now", "2000"]).json();

    let t = hs256(r#"{"exp":5000,"iat":2000}"#, &[]);
    assert_eq!(
        verify_hs256(&t, &["--now", "1999"]).kind(),
        "issued_in_future"
    );
    verify_hs256(&t, &["--now", "2000"]).json();

    let t = hs256(r#"{"exp":5000,"iat":1000}"#, &[]);
    let out = verify_hs256(&t, &["--now", "1200", "--max-age", "100"]);
    assert_eq!(out.kind(), "too_old");
    verify_hs256(&t, &["--now", "1050", "--max-age", "100"]).json();
}

#[test]
fn claim_checks() {
    let t = hs256(r#"{"exp":5000,"iss":"me","sub":"alice","aud":"api"}"#, &[]);
    let ok = ["--now", "1000", "--aud", "api"];
    let with = |extra: &[&str]| {
        let mut args = ok.to_vec();
        args.extend_from_slice(extra);
        verify_hs256(&t, &args)
    };
    with(&["--iss", "me", "--sub", "alice"]).json();
    with(&["--iss", "other", "--iss", "me"]).json();
    assert_eq!(with(&["--iss", "other"]).kind(), "issuer");
    assert_eq!(with(&["--sub", "bob"]).kind(), "subject");
    assert_eq!(with(&["--require", "jti"]).kind(), "missing_claim");
    assert_eq!(with(&["--typ", "at+jwt"]).kind(), "type");
    with(&["--typ", "JWT"]).json();
    with(&["--aud", "other"]).json(); // any one listed audience matches
    assert_eq!(
        verify_hs256(&t, &["--now", "1000", "--aud", "other"]).kind(),
        "audience"
    );
    // Without --aud, a token with an aud is refused (RFC 7519 §4.1.3).
    assert_eq!(verify_hs256(&t, &["--now", "1000"]).kind(), "audience");
}

#[test]
fn exp_is_required_unless_optional() {
    let t = hs256(r#"{"sub":"a"}"#, &[]);
    let out = verify_hs256(&t, &[]);
    assert_eq!(out.kind(), "missing_claim");
    assert!(out.stderr.contains("exp"));
    verify_hs256(&t, &["--optional-exp"]).json();
    // A present exp is still checked, and must be a number.
    let t = hs256(r#"{"exp":2000}"#, &[]);
    assert_eq!(
        verify_hs256(&t, &["--optional-exp", "--now", "3000"]).kind(),
        "expired"
    );
    let t = hs256(r#"{"exp":"soon"}"#, &[]);
    assert_eq!(verify_hs256(&t, &["--optional-exp"]).kind(), "malformed");
}

#[test]
fn header_and_signature_failures() {
    let claims = r#"{"exp":4000000000}"#;
    // crit: an extension jot does not understand.
    let t = hs256(claims, &["--header", r#"{"crit":["x"],"x":1}"#]);
    assert_eq!(verify_hs256(&t, &[]).kind(), "crit");
    // algorithm_not_allowed: HS256 token, HS384 allowed.
    let t = hs256(claims, &[]);
    let out = jot(&["verify", "--alg", "HS384", "--secret", SECRET64, &t]);
    assert_eq!(out.kind(), "algorithm_not_allowed");
    // unsupported_algorithm: an unsecured ("none") token.
    let none = "eyJhbGciOiJub25lIn0.eyJleHAiOjQwMDAwMDAwMDB9.";
    assert_eq!(verify_hs256(none, &[]).kind(), "unsupported_algorithm");
    // signature: the wrong secret.
    let out = jot(&["verify", "--alg", "HS256", "--secret", SECRET64, &t]);
    assert_eq!(out.kind(), "signature");
    // malformed: two segments, bad base64url.
    assert_eq!(verify_hs256("a.b", &[]).kind(), "malformed");
    assert_eq!(verify_hs256("e30.e30.+++", &[]).kind(), "malformed");
    // The token from standard input, whitespace trimmed.
    let out = run(
        &["verify", "--alg", "HS256", "--secret", SECRET, "-"],
        Some(&format!("\n{t}\n\n")),
        &[],
    );
    out.json();
}

#[test]
fn key_errors() {
    let es = token("rfc7515-a.3.jwt");
    // An HMAC secret cannot verify ES256.
    let out = jot(&[
        "verify", "--alg", "ES256", "--secret", SECRET, "--now", NOW_2011, &es,
    ]);
    assert_eq!(out.kind(), "key");
    // An EC key fits no listed algorithm.
    let ec = data("rfc7515-a.3.public.jwk.json");
    let out = jot(&[
        "verify", "--alg", "HS256", "--alg", "RS256", "--key", &ec, &es,
    ]);
    assert_eq!(out.kind(), "key");
    // The token's alg is allowed, but the key is bound to another one.
    let out = jot(&[
        "verify",
        "--alg",
        "ES256",
        "--alg",
        "RS256",
        "--key",
        &ec,
        "--now",
        NOW_2011,
        &token("rfc7515-a.2.jwt"),
    ]);
    assert_eq!(out.kind(), "key");
    // A key file that is no key: still a key error (exit 1).
    let dir = TempDir::new("bad-keys");
    for (name, content) in [
        ("garbage.der", "\u{1}\u{2}not a key"),
        (
            "bad.pem",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        ),
        ("bad.jwk", r#"{"kty":"EC","crv":"P-256"}"#),
        ("dup.jwk", r#"{"kty":"oct","k":"AAAA","k":"BBBB"}"#),
        ("bad-set.json", r#"{"keys":"nope"}"#),
    ] {
        let path = dir.write(name, content);
        let out = jot(&["verify", "--alg", "ES256", "--key", &path, &es]);
        assert_eq!(out.kind(), "key", "{name}");
        let out = jot(&["thumbprint", &path]);
        assert_eq!(out.kind(), "key", "{name}");
    }
}

#[test]
fn jwk_set_selects_by_kid() {
    let dir = TempDir::new("jwks");
    let mut privates = Vec::new();
    for kid in ["a", "b"] {
        let jwk = jot(&["keygen", "--alg", "ES256", "--kid", kid]);
        privates.push(dir.write(&format!("{kid}.jwk"), jwk.ok()));
    }
    let ed = dir.write(
        "c.jwk",
        jot(&["keygen", "--alg", "EdDSA", "--kid", "c"]).ok(),
    );
    let paths: Vec<&str> = privates.iter().chain([&ed]).map(String::as_str).collect();
    let set = jot(&["jwks", paths[0], paths[1], paths[2]]);
    let set_path = dir.write("set.json", set.ok());
    let set_path = set_path.as_str();
    let parsed = JwkSet::from_json(set.ok().trim()).expect("jwks output is a valid public set");
    let kids: Vec<_> = parsed.keys().iter().filter_map(|k| k.kid.clone()).collect();
    assert_eq!(kids, ["a", "b", "c"]);
    assert!(parsed.keys().iter().all(|k| !k.is_private()));

    let claims = r#"{"exp":4000000000}"#;
    for (i, kid) in ["a", "b"].iter().enumerate() {
        let t = jot(&["sign", "--alg", "ES256", "--key", paths[i], claims]);
        let t = t.ok().trim().to_owned();
        let v = jot(&[
            "verify", "--alg", "ES256", "--alg", "EdDSA", "--key", set_path, &t,
        ])
        .json();
        assert_eq!(v["header"]["kid"], *kid);
    }
    // Signed by a, but claiming to be b: b's key does not verify it.
    let forged = jot(&[
        "sign", "--alg", "ES256", "--key", paths[0], "--kid", "b", claims,
    ]);
    let out = jot(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        set_path,
        forged.ok().trim(),
    ]);
    assert_eq!(out.kind(), "signature");
    // An unknown kid selects nothing.
    let unknown = jot(&[
        "sign", "--alg", "ES256", "--key", paths[0], "--kid", "zz", claims,
    ]);
    let out = jot(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        set_path,
        unknown.ok().trim(),
    ]);
    assert_eq!(out.kind(), "key");

    // A set of private keys: sign picks by --kid; verify refuses the set and
    // names `jot jwks`, whose output then verifies.
    let private_set = format!(
        r#"{{"keys":[{},{}]}}"#,
        std::fs::read_to_string(paths[0]).expect("a").trim(),
        std::fs::read_to_string(paths[1]).expect("b").trim()
    );
    let private_set = dir.write("private-set.json", &private_set);
    let private_set = private_set.as_str();
    let t = jot(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        private_set,
        "--kid",
        "b",
        claims,
    ]);
    let out = jot(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        private_set,
        t.ok().trim(),
    ]);
    assert_eq!(out.kind(), "key");
    assert!(
        out.stderr.contains(&format!(
            "holds private keys: make the public part with `jot jwks {private_set} > \
             public-set.json`"
        )),
        "{}",
        out.stderr
    );
    let public_set = dir.write("public-set.json", jot(&["jwks", private_set]).ok());
    let v = jot(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        &public_set,
        t.ok().trim(),
    ])
    .json();
    assert_eq!(v["header"]["kid"], "b");
    // Without --kid, a set of several keys is ambiguous for signing.
    jot(&["sign", "--alg", "ES256", "--key", private_set, claims]).exit2("usage");
}

// ---------------------------------------------------------------- decode

#[test]
fn decode_without_verifying() {
    let out = jot(&["decode", &token("rfc7515-a.1.jwt")]);
    let v = out.json();
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["claims"]["iss"], "joe");
    assert!(out.stderr.contains("nothing was verified"));

    let out = run(&["decode", "-"], Some(&token("rfc8037-a.4.jwt")), &[]);
    let v = out.json();
    assert_eq!(v["payload"], "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
    assert!(v.get("claims").is_none());

    // Even a "none" token decodes: decoding checks nothing.
    let v = jot(&["decode", "eyJhbGciOiJub25lIn0.e30."]).json();
    assert_eq!(v["header"]["alg"], "none");

    assert_eq!(jot(&["decode", "not-a-token"]).kind(), "malformed");
}

// ---------------------------------------------------------------- explain

/// Step lines of `jot explain`: (mark, name).
fn steps(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let (mark, rest) = l.split_once(' ')?;
            let name = rest.split_whitespace().next()?;
            matches!(mark, "✓" | "✗" | "-").then(|| (mark.to_owned(), name.to_owned()))
        })
        .collect()
}

#[test]
fn explain_rfc7515_a_1() {
    let t = token("rfc7515-a.1.jwt");
    let key = data("rfc7515-a.1.jwk.json");
    let out = jot(&["explain", "--key", &key, "--now", NOW_2011, &t]);
    let text = out.ok();
    for expected in [
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9",
        "\"iss\": \"joe\"",
        "2011-03-22 18:43:00 UTC",
        "expires in 6 min",
        "32 bytes",
        "7418dfb49799e0254ffa607dd8adbbba16d4254d69d6bff05b58055853848d79",
        Algorithm::HS256.describe(),
        "TAKEN FROM THE TOKEN'S OWN HEADER",
        "result: VERIFIED",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains('\x1b'), "no colour when not a terminal");

    // The steps printed are the library's own trace, in its order.
    let jwk = Jwk::from_json(&std::fs::read_to_string(&key).expect("key")).expect("jwk");
    let vk = jot::VerifyingKey::from_jwk(&jwk, Algorithm::HS256).expect("key");
    let validation = jot::jwt::Validation::new(&[Algorithm::HS256]).now(1_300_819_000);
    let (result, trace) = jot::jwt::verify_traced::<Value>(&t, &vk, &validation);
    assert!(result.is_ok());
    let names: Vec<String> = steps(text).into_iter().map(|(_, n)| n).collect();
    let expected: Vec<String> = trace.iter().map(|s| s.name.to_owned()).collect();
    assert_eq!(names, expected);
    for name in [
        "size",
        "segments",
        "header",
        "crit",
        "alg",
        "key",
        "signature",
        "exp",
        "aud",
    ] {
        assert!(names.iter().any(|n| n == name), "step {name}");
    }
}

#[test]
fn explain_failures_and_no_key() {
    let t = token("rfc7515-a.1.jwt");
    // Expired with the real clock: exit 1, the failing step marked.
    let out = jot(&[
        "explain",
        "--key",
        &data("rfc7515-a.1.jwk.json"),
        "--alg",
        "HS256",
        &t,
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("HS256 (from --alg)"));
    assert!(steps(&out.stdout).contains(&("✗".into(), "exp".into())));
    assert!(out.stdout.contains("expired"));
    assert!(out.stderr.starts_with("error: expired: "));

    // Wrong secret: the signature step fails, no claim step runs.
    let out = jot(&["explain", "--secret", SECRET, "--now", NOW_2011, &t]);
    assert_eq!(out.code, 1);
    let s = steps(&out.stdout);
    assert_eq!(s.last(), Some(&("✗".into(), "signature".into())));
    assert!(out.stderr.starts_with("error: signature: "));

    // No key: decoded, nothing verified, exit 0.
    let out = jot(&["explain", "--now", NOW_2011, &t]);
    assert!(out.ok().contains("nothing above was verified"));
    assert!(steps(&out.stdout).is_empty());

    // Times relative to now, in both directions.
    let t = hs256(r#"{"exp":100000,"nbf":1000,"iat":1000}"#, &[]);
    let out = jot(&["explain", "--now", "1000", &t]);
    let text = out.ok();
    assert!(text.contains("expires in 1 day"), "{text}");
    assert!(text.contains("1970-01-02 03:46:40 UTC"), "{text}");
    let out = jot(&["explain", "--now", "400000", &t]);
    assert!(out.ok().contains("expired 3 days ago"));

    // A "none" token with a key: refused at the header step.
    let out = jot(&["explain", "--secret", SECRET, "eyJhbGciOiJub25lIn0.e30."]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error: unsupported_algorithm: "));

    // A token that does not decode.
    let out = jot(&["explain", "a.b"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("2 segment(s)"));
    assert!(out.stderr.starts_with("error: malformed: "));

    // A key that fits none of the algorithms.
    let out = jot(&["explain", "--secret", SECRET, "--alg", "ES256", &t]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error: key: "));
}

#[test]
fn explain_jws_payload() {
    let t = token("rfc8037-a.4.jwt");
    let key = data("rfc8037-a.4.public.jwk.json");
    let out = jot(&["explain", "--jws", "--key", &key, "--alg", "EdDSA", &t]);
    let text = out.ok();
    assert!(text.contains("\"Example of Ed25519 signing\""));
    assert!(text.contains("Ed25519 (RFC 8032)"));
    assert!(text.contains("64 bytes"));
    let names: Vec<String> = steps(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(
        names,
        [
            "size",
            "segments",
            "header",
            "crit",
            "alg",
            "key",
            "signature",
            "payload"
        ]
    );
}

// ---------------------------------------------------------------- keys

#[test]
fn keygen_outputs_parse_back() {
    for alg in [
        "HS256", "HS384", "HS512", "ES256", "ES384", "EdDSA", "Ed25519",
    ] {
        let out = jot(&["keygen", "--alg", alg]);
        let text = out.ok();
        assert_eq!(text.lines().count(), 1);
        let jwk = Jwk::from_json(text.trim()).expect("keygen output is a JWK");
        assert!(jwk.is_private());
        assert_eq!(jwk.alg.as_deref(), Some(alg));
        // The default kid is the RFC 7638 thumbprint.
        assert_eq!(jwk.kid, Some(jwk.thumbprint().expect("thumbprint")));
    }
    let jwk = jot(&["keygen", "--alg", "ES384", "--kid", "mine"]);
    let jwk = Jwk::from_json(jwk.ok().trim()).expect("jwk");
    assert_eq!(jwk.kid.as_deref(), Some("mine"));
    assert_eq!(jwk.crv.as_deref(), Some("P-384"));

    for alg in ["RS256", "PS512"] {
        let out = jot(&["keygen", "--alg", alg]);
        out.exit2("usage");
        assert!(out.stderr.contains("openssl genrsa -out private.pem 2048"));
        assert!(out.stderr.contains("--key private.pem"));
    }
}

#[test]
fn jwk_and_thumbprint_conversions() {
    let dir = TempDir::new("convert");
    let pem = dir.s("ec.pem");
    openssl(&["genpkey", "-algorithm", "ed25519", "-out", &pem]);
    let private = jot(&["jwk", &pem]);
    let private = Jwk::from_json(private.ok().trim()).expect("jwk");
    assert!(private.is_private());
    assert_eq!(private.crv.as_deref(), Some("Ed25519"));
    let public = jot(&["jwk", &pem, "--public"]);
    let public = Jwk::from_json(public.ok().trim()).expect("jwk");
    assert!(!public.is_private());
    assert_eq!(public.x, private.x);
    // The thumbprint is the same for the private and public halves.
    let tp = jot(&["thumbprint", &pem]);
    assert_eq!(tp.ok().trim(), public.thumbprint().expect("thumbprint"));

    // A JWK round-trips through jot jwk.
    let rfc = data("rfc7638-3.1.jwk.json");
    let again = jot(&["jwk", &rfc]);
    let again = Jwk::from_json(again.ok().trim()).expect("jwk");
    assert_eq!(
        again.thumbprint().expect("tp"),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );

    // jwks gives thumbprint kids to keys without one, and keeps given kids
    // (RFC 7638's example key has kid "2011-04-29").
    let set = jot(&["jwks", &pem, &rfc]);
    let set = JwkSet::from_json(set.ok().trim()).expect("set");
    let kids: Vec<_> = set.keys().iter().filter_map(|k| k.kid.clone()).collect();
    assert_eq!(
        kids,
        [public.thumbprint().expect("tp"), "2011-04-29".to_owned()]
    );

    // Symmetric keys have no public part; a set is not one key.
    let oct = data("rfc7515-a.1.jwk.json");
    jot(&["jwk", &oct, "--public"]).exit2("usage");
    jot(&["jwks", &oct]).exit2("usage");
    let set_file = dir.write("set.json", set.to_json());
    jot(&["thumbprint", &set_file]).exit2("usage");
}

// ---------------------------------------------------------------- usage and io

#[test]
fn usage_and_io_errors_exit_2() {
    let t = token("rfc7515-a.1.jwt");
    jot(&[]).exit2("usage");
    jot(&["frobnicate"]).exit2("usage");
    jot(&["verify", "--secret", SECRET, &t]).exit2("usage"); // no --alg
    jot(&["verify", "--alg", "HS256", &t]).exit2("usage"); // no key
    jot(&["verify", "--alg", "none", "--secret", SECRET, &t]).exit2("usage");
    jot(&["verify", "--alg", "hs256", "--secret", SECRET, &t]).exit2("usage");
    jot(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--bogus", &t,
    ])
    .exit2("usage");
    jot(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--leeway", "301", &t,
    ])
    .exit2("usage");
    jot(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--key", "x", &t,
    ])
    .exit2("usage");
    jot(&[
        "verify", "--alg", "HS256", "--secret", SECRET, "--jws", "--iss", "a", &t,
    ])
    .exit2("usage");
    jot(&["sign", "--secret", SECRET]).exit2("usage"); // no --alg

    jot(&[
        "verify",
        "--alg",
        "HS256",
        "--key",
        "/nonexistent/key.json",
        &t,
    ])
    .exit2("io");
    jot(&[
        "verify",
        "--alg",
        "HS256",
        "--secret-file",
        "/nonexistent/s",
        &t,
    ])
    .exit2("io");
    jot(&["thumbprint", "/nonexistent/key.pem"]).exit2("io");

    // Help and version succeed.
    assert!(jot(&["--help"]).ok().contains("verify"));
    assert!(jot(&["--version"]).ok().starts_with("jot "));
    for cmd in [
        "sign",
        "verify",
        "encrypt",
        "decrypt",
        "decode",
        "explain",
        "keygen",
        "jwk",
        "jwks",
        "thumbprint",
    ] {
        let help = jot(&[cmd, "--help"]);
        assert!(help.ok().contains("Usage: jot"), "{cmd}");
    }
    assert!(jot(&["verify", "--help"]).ok().contains("RFC 7519 §4.1.3"));
}

// ---------------------------------------------------------------- errors that say what to do

/// jwt.io's example token, and the secret it shows beside it (19 bytes).
const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const JWT_IO_SECRET: &str = "your-256-bit-secret";
const JWT_IO_REFUSAL: &str =
    "error: key: HS256 needs a key of at least 32 bytes, this one has 19 (RFC 7518 §3.2)\n";

#[test]
fn short_hmac_secret_verify_names_both_sizes() {
    let out = jot(&[
        "verify",
        "--alg",
        "HS256",
        "--secret",
        JWT_IO_SECRET,
        "--optional-exp",
        JWT_IO,
    ]);
    assert_eq!(out.kind(), "key");
    assert_eq!(out.stderr, JWT_IO_REFUSAL);
    // The same from a file and from an oct JWK holding the same 19 bytes.
    let dir = TempDir::new("jwt-io");
    let file = dir.write("secret.txt", JWT_IO_SECRET);
    let out = jot(&["verify", "--alg", "HS256", "--secret-file", &file, JWT_IO]);
    assert_eq!(out.stderr, JWT_IO_REFUSAL);
    let jwk = dir.write(
        "secret.jwk",
        format!(
            r#"{{"kty":"oct","k":"{}"}}"#,
            jot::b64::encode(JWT_IO_SECRET)
        ),
    );
    let out = jot(&["verify", "--alg", "HS256", "--key", &jwk, JWT_IO]);
    assert_eq!(out.stderr, JWT_IO_REFUSAL);
    // sign refuses the same secret with the same words.
    let out = jot(&["sign", "--alg", "HS256", "--secret", JWT_IO_SECRET, "{}"]);
    assert_eq!(out.stderr, JWT_IO_REFUSAL);
    // A secret long enough for one listed algorithm but not for the token's:
    // the sizes, not only "does not fit".
    let secret40 = &SECRET64[..40];
    let t = jot(&[
        "sign",
        "--alg",
        "HS384",
        "--secret",
        SECRET64,
        r#"{"exp":4000000000}"#,
    ]);
    let out = jot(&[
        "verify",
        "--alg",
        "HS256",
        "--alg",
        "HS384",
        "--secret",
        secret40,
        t.ok().trim(),
    ]);
    assert_eq!(out.kind(), "key");
    assert_eq!(
        out.stderr,
        "error: key: HS384 needs a key of at least 48 bytes, this one has 40 (RFC 7518 §3.2)\n"
    );
    // explain fails at its key step with the same words, and tells why.
    let out = jot(&[
        "explain",
        "--alg",
        "HS256",
        "--alg",
        "HS384",
        "--secret",
        secret40,
        t.ok().trim(),
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error: key: HS384 needs a key of at least 48 bytes, this one has 40 (RFC 7518 §3.2)\n"
    );
    assert_eq!(steps(&out.stdout).last(), Some(&("✗".into(), "key".into())));
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("The MAC does not match either: this 40-byte secret did not make the token"),
        "{}",
        out.stdout
    );
    assert!(
        flat.contains("at least the hash size (48 bytes)"),
        "{}",
        out.stdout
    );
}

#[test]
fn short_hmac_secret_explain_shows_the_mac_matches_and_still_refuses() {
    let out = jot(&[
        "explain",
        "--alg",
        "HS256",
        "--secret",
        JWT_IO_SECRET,
        JWT_IO,
    ]);
    // The verdict stays a refusal: exit 1, the same closing line as verify.
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, JWT_IO_REFUSAL);
    let text = &out.stdout;
    assert!(steps(text).contains(&("✗".into(), "key".into())), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "✗ key HS256 needs a key of at least 32 bytes, this one has 19 (RFC 7518 §3.2)",
        "The MAC does match: the HS256 MAC of the signing input under this 19-byte secret is \
         the token's signature",
        "A verifier must still refuse: RFC 7518 §3.2 requires a key of at least the hash size \
         (32 bytes)",
        "(RFC 8725 §2.2, §3.5)",
        "`jot keygen --alg HS256`",
        "result: NOT VERIFIED (key: HS256 needs a key of at least 32 bytes, this one has 19 \
         (RFC 7518 §3.2))",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Another 19-byte secret: the MAC does not match, and it is said.
    let out = jot(&[
        "explain",
        "--alg",
        "HS256",
        "--secret",
        "your-256-bit-secreT",
        JWT_IO,
    ]);
    assert_eq!(out.code, 1);
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("The MAC does not match either: this 19-byte secret did not make the token"),
        "{}",
        out.stdout
    );
    assert!(!flat.contains("The MAC does match"));
    // A long enough secret is no occasion for the lesson.
    let out = jot(&["explain", "--alg", "HS256", "--secret", SECRET, JWT_IO]);
    assert!(
        out.stderr.starts_with("error: signature: "),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("The MAC does"));
}

#[test]
fn missing_exp_and_unexpected_aud_name_the_flags() {
    let t = hs256(r#"{"sub":"a"}"#, &[]);
    let out = verify_hs256(&t, &[]);
    assert_eq!(out.kind(), "missing_claim");
    assert_eq!(
        out.stderr,
        "error: missing_claim: required claim \"exp\" is missing: jot requires an expiry by \
         default (RFC 7519 §4.1.4); give --optional-exp to accept a token without one\n"
    );
    // The library's API name is for programs, not for the command line.
    assert!(!out.stderr.contains("Validation::"));
    verify_hs256(&t, &["--optional-exp"]).json();

    let t = hs256(r#"{"exp":4000000000,"aud":"https://api.example"}"#, &[]);
    let out = verify_hs256(&t, &[]);
    assert_eq!(out.kind(), "audience");
    assert_eq!(
        out.stderr,
        "error: audience: aud names no audience this verifier expects (RFC 7519 §4.1.3): a \
         token with aud is refused unless --aud names one of its audiences\n"
    );
    verify_hs256(&t, &["--aud", "https://api.example"]).json();
    // explain closes with the same line.
    let out = jot(&["explain", "--alg", "HS256", "--secret", SECRET, &t]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("unless --aud names one"),
        "{}",
        out.stderr
    );
}

#[test]
fn token_without_kid_against_two_keys_is_ambiguous() {
    let dir = TempDir::new("ambiguous");
    // Two ES256 keys without a kid, and a set of their public parts.
    let mut publics = Vec::new();
    let mut privates = Vec::new();
    for name in ["one", "two"] {
        let mut jwk: Value = serde_json::from_str(jot(&["keygen", "--alg", "ES256"]).ok())
            .expect("keygen output is JSON");
        jwk.as_object_mut().expect("object").remove("kid");
        let private = dir.write(&format!("{name}.jwk"), jwk.to_string());
        let public = jot(&["jwk", &private, "--public"]);
        publics.push(serde_json::from_str::<Value>(public.ok()).expect("JSON"));
        privates.push(private);
    }
    let set = dir.write(
        "set.json",
        serde_json::json!({ "keys": publics }).to_string(),
    );
    let t = jot(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        &privates[0],
        r#"{"exp":4000000000}"#,
    ]);
    let t = t.ok().trim().to_owned();
    assert!(jot(&["decode", &t]).json()["header"].get("kid").is_none());
    let out = jot(&["verify", "--alg", "ES256", "--key", &set, &t]);
    assert_eq!(out.kind(), "key");
    assert_eq!(
        out.stderr,
        "error: key: the token has no kid and 2 keys of the set fit ES256, so the choice is \
         ambiguous: add a kid to the token's header (RFC 7515 §4.1.4), or leave one ES256 key \
         in the set\n"
    );
    // Leaving one key in the set, as the message says, verifies.
    let one = dir.write(
        "one-set.json",
        serde_json::json!({ "keys": [publics[0]] }).to_string(),
    );
    jot(&["verify", "--alg", "ES256", "--key", &one, &t]).json();
}

#[test]
fn text_key_file_lists_the_formats_read() {
    let dir = TempDir::new("text-key");
    let hello = dir.write("hello.txt", "hello\n");
    let t = hs256(r#"{"exp":4000000000}"#, &[]);
    for args in [
        vec!["verify", "--alg", "HS256", "--key", &hello, &t],
        vec!["sign", "--alg", "HS256", "--key", &hello],
        vec!["thumbprint", &hello],
        vec!["jwk", &hello],
    ] {
        let out = jot(&args);
        assert_eq!(out.kind(), "key", "{args:?}");
        assert_eq!(
            out.stderr,
            format!(
                "error: key: {hello} is text, but not a key jot reads: a JWK or a JWK Set (a \
                 JSON object, RFC 7517), or a PEM key (-----BEGIN ...); binary DER is read too. \
                 An HMAC secret kept in a file is --secret-file FILE\n"
            ),
            "{args:?}"
        );
        assert!(!out.stderr.contains("der is not"));
    }
    let out = jot(&["encrypt", "--key", &hello]);
    assert_eq!(out.kind(), "key");
    assert!(out.stderr.contains("a JWK or a JWK Set"), "{}", out.stderr);
    // An empty file is said to be empty.
    let empty = dir.write("empty.jwk", "");
    let out = jot(&["verify", "--alg", "HS256", "--key", &empty, &t]);
    assert_eq!(out.kind(), "key");
    assert!(
        out.stderr.starts_with(&format!(
            "error: key: {empty} is empty, so not a key jot reads: a JWK or a JWK Set"
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn file_name_as_token_says_how_to_pass_the_file() {
    let dir = TempDir::new("token-file");
    let t = hs256(r#"{"exp":4000000000}"#, &[]);
    let file = dir.write("token.jwt", format!("{t}\n"));
    for cmd in ["decode", "explain"] {
        let out = jot(&[cmd, &file]);
        out.exit2("usage");
        assert_eq!(
            out.stderr,
            format!(
                "error: usage: TOKEN {file} is a file name, not a token (a compact JWS is three \
                 base64url segments, RFC 7515 §7.1): give the token text itself, or read the \
                 file from standard input with `- < {file}`\n"
            )
        );
    }
    let out = verify_hs256(&file, &[]);
    out.exit2("usage");
    assert!(out.stderr.contains("is a file name"), "{}", out.stderr);
    // A name that only looks like a token file, and does not exist.
    let out = jot(&["decode", "token.jwt"]);
    out.exit2("usage");
    assert!(
        out.stderr
            .starts_with("error: usage: TOKEN token.jwt looks like a file name, not a token"),
        "{}",
        out.stderr
    );
    // What the message says to do works.
    let out = run(
        &["verify", "--alg", "HS256", "--secret", SECRET, "-"],
        Some(&std::fs::read_to_string(&file).expect("token file")),
        &[],
    );
    out.json();
    // Broken tokens are still malformed, not file names.
    assert_eq!(jot(&["decode", "a.b"]).kind(), "malformed");
    assert_eq!(jot(&["decode", "a.b.c.d"]).kind(), "malformed");
}

#[test]
fn jwe_given_where_a_signed_token_goes_points_to_decrypt() {
    let dir = TempDir::new("jwe-given");
    let key = dir.write("k.jwk", jot(&["keygen", "--alg", "A256GCM"]).ok());
    let jwe = run(&["encrypt", "--key", &key], Some("hello"), &[]);
    let jwe = jwe.ok().trim().to_owned();
    assert_eq!(jwe.split('.').count(), 5);
    let told = "error: malformed: this is a JWE, an encrypted token (five segments, RFC 7516 \
                §7.1), not a signed one (three segments, RFC 7515 §7.1): decrypt it with `jot \
                decrypt --key FILE`, then verify the signed JWT inside, if it holds one, with \
                `jot verify`\n";
    for args in [
        vec!["decode", &jwe],
        vec!["verify", "--alg", "HS256", "--secret", SECRET, &jwe],
    ] {
        let out = jot(&args);
        assert_eq!(out.kind(), "malformed", "{args:?}");
        assert_eq!(out.stderr, told, "{args:?}");
    }
    // explain says it in its report too, with and without a key.
    for args in [
        vec!["explain", &jwe],
        vec!["explain", "--secret", SECRET, &jwe],
    ] {
        let out = jot(&args);
        assert_eq!(out.code, 1, "{args:?}");
        assert_eq!(out.stderr, told, "{args:?}");
        assert!(
            out.stdout
                .contains("5 segments: a compact JWE (RFC 7516 §7.1"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("`jot decrypt --key FILE`"));
    }
    // And jot decrypt, as told, reads it.
    let out = jot(&["decrypt", "--key", &key, &jwe]);
    assert_eq!(out.ok(), "hello");
}

#[test]
fn explain_refuses_a_private_key_as_verify_does() {
    let dir = TempDir::new("explain-private");
    let private = dir.write("p.jwk", jot(&["keygen", "--alg", "EdDSA"]).ok());
    let t = jot(&["sign", "--alg", "EdDSA", "--key", &private, "--exp", "60"]);
    let t = t.ok().trim().to_owned();
    let verify = jot(&["verify", "--alg", "EdDSA", "--key", &private, &t]);
    assert_eq!(verify.kind(), "key");
    let explain = jot(&["explain", "--alg", "EdDSA", "--key", &private, &t]);
    assert_eq!(explain.code, 1);
    assert_eq!(explain.stderr, verify.stderr);
    assert!(steps(&explain.stdout).contains(&("✗".into(), "key".into())));
    assert!(explain
        .stdout
        .contains(&format!("`jot jwk {private} --public > public.jwk`")));
    // Its public part, made as the message says, verifies.
    let public = dir.write("pub.jwk", jot(&["jwk", &private, "--public"]).ok());
    jot(&["verify", "--alg", "EdDSA", "--key", &public, &t]).json();
    // An HMAC key is a shared secret: an oct JWK, "private" by nature, stays accepted.
    let oct = data("rfc7515-a.1.jwk.json");
    let t = token("rfc7515-a.1.jwt");
    jot(&[
        "verify", "--alg", "HS256", "--key", &oct, "--now", NOW_2011, &t,
    ])
    .json();
    assert!(jot(&["explain", "--key", &oct, "--now", NOW_2011, &t])
        .ok()
        .contains("result: VERIFIED"));
}

#[test]
fn each_command_describes_its_own_key_option() {
    let help_of = |cmd: &str| {
        let out = jot(&[cmd, "--help"]);
        let text = out.ok().to_owned();
        // The paragraph under the option line "--key <FILE>" (not the usage line).
        let after = text
            .split_once("--key <FILE>\n")
            .map(|(_, rest)| rest.trim_start().to_owned())
            .unwrap_or_else(|| panic!("{cmd} has no --key"));
        after.split("\n\n").next().unwrap_or_default().to_owned()
    };
    let sign = help_of("sign");
    let verify = help_of("verify");
    assert!(sign.starts_with("Private key file to sign with"), "{sign}");
    assert!(sign.contains("--kid chooses the key"), "{sign}");
    assert!(!sign.contains("the token's kid picks the key"), "{sign}");
    assert!(
        verify.starts_with("Public key file to verify with"),
        "{verify}"
    );
    assert!(
        verify.contains("A private key is refused (RFC 8725 §3.4)"),
        "{verify}"
    );
    assert!(verify.contains("`jot jwk FILE --public`"), "{verify}");
    assert!(help_of("explain").starts_with("Public key file to verify with"));
    assert!(help_of("encrypt").contains("ECDH-ES"));
    assert!(help_of("decrypt").contains("oct JWK"));
    // The secrets too: sign signs with them, verify verifies.
    let sign_all = jot(&["sign", "--help"]).ok().to_owned();
    assert!(sign_all.contains("HMAC secret to sign with: the raw bytes of FILE"));
    assert!(!sign_all.contains("to verify with"));
    let verify_all = jot(&["verify", "--help"]).ok().to_owned();
    assert!(verify_all.contains("HMAC secret to verify with: the raw bytes of FILE"));
    assert!(!verify_all.contains("to sign with"));
}
