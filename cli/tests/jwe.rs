//! `jot encrypt`, `jot decrypt` and the JWE side of `jot keygen`, run as a
//! user runs them: the built binary, files in a temp dir, bytes on stdin.
//! Kept whole: the JWE half of the CLI contract in one file.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jot::jwe::{Curve, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
use jot::Jwk;
use serde_json::Value;

mod common;

use common::{data, TempDir};

// ---------------------------------------------------------------- helpers

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    /// Asserts success and returns stdout, as bytes.
    fn bytes(&self) -> &[u8] {
        assert_eq!(self.code, 0, "expected success, stderr: {}", self.stderr);
        &self.stdout
    }

    /// Asserts success and returns stdout, trimmed (a token, a JWK).
    fn text(&self) -> String {
        String::from_utf8(self.bytes().to_vec())
            .expect("utf-8 stdout")
            .trim()
            .to_owned()
    }

    /// Asserts the failure contract (exit 1, empty stdout, one
    /// `error: KIND: detail` line) and returns KIND.
    fn kind(&self) -> String {
        assert_eq!(self.code, 1, "expected exit 1, stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "nothing on stdout on failure");
        assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
        let rest = self
            .stderr
            .trim_end()
            .strip_prefix("error: ")
            .expect("error: prefix");
        let (kind, detail) = rest.split_once(": ").expect("KIND: detail");
        assert!(!detail.is_empty());
        kind.to_owned()
    }

    /// Asserts exit 2 with a first stderr line `error: PREFIX: ...`.
    fn exit2(&self, prefix: &str) {
        assert_eq!(self.code, 2, "expected exit 2, stderr: {}", self.stderr);
        assert!(self.stdout.is_empty());
        let first = self.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("error: {prefix}: ")),
            "first stderr line: {first}"
        );
    }
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jot"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn finish(child: Child) -> Out {
    let out = child.wait_with_output().expect("run jot");
    Out {
        code: out.status.code().expect("exit code"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn run(args: &[&str], stdin: &[u8]) -> Out {
    let mut child = command(args).spawn().expect("spawn jot");
    let mut pipe = child.stdin.take().expect("stdin");
    // jot may refuse (a bad key) before it reads its input: a closed pipe
    // is then expected, and the exit code says what happened.
    if let Err(e) = pipe.write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    drop(pipe);
    finish(child)
}

fn jot(args: &[&str]) -> Out {
    run(args, b"")
}

/// `jot keygen ARGS`, written to DIR/NAME; returns the path and the JWK.
fn keygen(dir: &TempDir, name: &str, args: &[&str]) -> (String, Jwk) {
    let mut all = vec!["keygen"];
    all.extend_from_slice(args);
    let text = jot(&all).text();
    let jwk: Jwk = serde_json::from_str(&text).expect("keygen output is a JWK");
    (dir.write(name, &text), jwk)
}

/// The protected header of a compact JWE, as JSON.
fn header(token: &str) -> Value {
    let first = token.split('.').next().expect("a segment");
    let bytes = jot::b64::decode(first, jot::Part::Header).expect("base64url header");
    serde_json::from_slice(&bytes).expect("JSON header")
}

/// The token with segment `i` replaced.
fn with_segment(token: &str, i: usize, segment: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 5, "a compact JWE");
    parts[i] = segment;
    parts.join(".")
}

/// The token with one character of segment `i` changed (still base64url).
fn flip(token: &str, i: usize) -> String {
    let segment = token.split('.').nth(i).expect("segment");
    let mut chars: Vec<char> = segment.chars().collect();
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    with_segment(token, i, &chars.into_iter().collect::<String>())
}

/// Every byte value, a NUL, invalid UTF-8, and no final newline.
fn binary_plaintext() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255u8).rev().collect();
    bytes.extend_from_slice(b"\r\n\0\xff\xfe tail");
    bytes
}

// ---------------------------------------------------------------- dir

/// RFC 7520 §5.6: dir with A128GCM, decrypted by the binary.
const RFC7520_5_6_KEY: &str = r#"{"kty":"oct","kid":"77c7e2b8-6e13-45cf-8672-617b5b45243a","use":"enc","alg":"A128GCM","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#;
const RFC7520_5_6_TOKEN: &str = "eyJhbGciOiJkaXIiLCJraWQiOiI3N2M3ZTJiOC02ZTEzLTQ1Y2YtODY3Mi02MTdiNWI0NTI0M2EiLCJlbmMiOiJBMTI4R0NNIn0..refa467QzzKx6QAB.JW_i_f52hww_ELQPGaYyeAB6HYGcR559l9TYnSovc23XJoBcW29rHP8yZOZG7YhLpT1bjFuvZPjQS-m0IFtVcXkZXdH_lr_FrdYt9HRUYkshtrMmIUAyGmUnd9zMDB2n0cRDIHAzFVeJUDxkUwVAE7_YGRPdcqMyiBoCO-FBdE-Nceb4h3-FtBP-c_BIwCPTjb9o0SbdcdREEMJMyZBH8ySWMVi1gPD9yxi-aQpGbSv_F9N4IZAxscj5g-NJsUPbjk29-s7LJAGb15wEBtXphVCgyy53CoIKLHHeJHXex45Uz9aKZSRSInZI-wjsY0yu3cT4_aQ3i1o-tiE-F8Ios61EKgyIQ4CWao8PFMj8TTnp.vbb32Xvllea2OtmHAdccRQ";

const RFC7520_5_PLAINTEXT: &str = "You can trust us to stick with you through thick and thin\u{2013}to the bitter end. And you can trust us to keep any secret of yours\u{2013}closer than you keep it yourself. But you cannot trust us to let you face trouble alone, and go off without a word. We are your friends, Frodo.";

#[test]
fn rfc7520_5_6_dir_a128gcm() {
    let dir = TempDir::new("rfc7520");
    let key = dir.write("key.jwk", RFC7520_5_6_KEY);
    let plaintext = jot(&["decrypt", "--key", &key, RFC7520_5_6_TOKEN]);
    let text = String::from_utf8(plaintext.bytes().to_vec()).expect("utf-8");
    // RFC 7520 §5 Figure 72, exactly: en dashes, and no newline added.
    assert_eq!(text, RFC7520_5_PLAINTEXT);
    assert_eq!(text.len(), 273);
    // The same from standard input, with the default and with "-".
    let stdin = format!("{RFC7520_5_6_TOKEN}\n");
    assert_eq!(
        run(&["decrypt", "--key", &key], stdin.as_bytes()).bytes(),
        text.as_bytes()
    );
    assert_eq!(
        run(&["decrypt", "--key", &key, "-"], stdin.as_bytes()).bytes(),
        text.as_bytes()
    );
}

#[test]
fn keygen_dir_then_encrypt_then_decrypt() {
    let dir = TempDir::new("roundtrip");
    let plaintext = binary_plaintext();
    let pt_file = dir.write("plaintext.bin", &plaintext);
    for (enc, len) in [("A128GCM", 16), ("A256GCM", 32)] {
        let (key, jwk) = keygen(&dir, &format!("{enc}.jwk"), &["--alg", enc]);
        assert_eq!(jwk.kty, "oct");
        assert_eq!(jwk.use_.as_deref(), Some("enc"));
        assert_eq!(jwk.alg.as_deref(), Some(enc));
        assert_eq!(jwk.kid, Some(jwk.thumbprint().expect("thumbprint")));
        let k = jot::b64::decode(jwk.k.as_deref().expect("k"), jot::Part::Key).expect("k");
        assert_eq!(k.len(), len);
        // The library takes the generated key as it is, for both directions.
        let enc_value: Enc = enc.parse().expect("enc");
        assert!(EncryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc_value).is_ok());
        assert!(jot::jwe::DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc_value).is_ok());

        // From a file and from standard input.
        let from_file = jot(&["encrypt", "--key", &key, &pt_file]).text();
        let from_stdin = run(&["encrypt", "--key", &key], &plaintext).text();
        for token in [&from_file, &from_stdin] {
            assert_eq!(token.split('.').count(), 5);
            assert_eq!(
                token.split('.').nth(1),
                Some(""),
                "no encrypted key for dir"
            );
            let h = header(token);
            assert_eq!(h["alg"], "dir");
            assert_eq!(h["enc"], enc);
            assert_eq!(h["kid"].as_str(), jwk.kid.as_deref());
            assert!(h.get("zip").is_none());
            let out = jot(&["decrypt", "--key", &key, token]);
            assert_eq!(out.bytes(), plaintext.as_slice(), "binary plaintext kept");
        }
        // A fresh IV each time.
        assert_ne!(from_file, from_stdin);

        // Explicit allow-lists that include the token's.
        let out = jot(&[
            "decrypt", "--key", &key, "--alg", "dir", "--enc", "A128GCM", "--enc", "A256GCM",
            &from_file,
        ]);
        assert_eq!(out.bytes(), plaintext.as_slice());
    }

    // --alg dir --enc ENC makes the same kind of key; --enc must agree.
    let (_, jwk) = keygen(&dir, "d.jwk", &["--alg", "dir", "--enc", "A128GCM"]);
    assert_eq!(jwk.alg.as_deref(), Some("A128GCM"));
    let (_, jwk) = keygen(&dir, "e.jwk", &["--alg", "A256GCM", "--enc", "A256GCM"]);
    assert_eq!(jwk.alg.as_deref(), Some("A256GCM"));
    let (_, jwk) = keygen(&dir, "f.jwk", &["--alg", "A128GCM", "--kid", "mine"]);
    assert_eq!(jwk.kid.as_deref(), Some("mine"));
    jot(&["keygen", "--alg", "dir"]).exit2("usage");
    jot(&["keygen", "--alg", "A128GCM", "--enc", "A256GCM"]).exit2("usage");
    jot(&["keygen", "--alg", "HS256", "--enc", "A256GCM"]).exit2("usage");
    jot(&["keygen", "--alg", "A192GCM"]).exit2("usage");
    jot(&["keygen", "--alg", "dir", "--enc", "A128CBC-HS256"]).exit2("usage");
}

#[test]
fn empty_plaintext_and_header_options() {
    let dir = TempDir::new("options");
    let (key, jwk) = keygen(&dir, "k.jwk", &["--alg", "A256GCM"]);
    // Empty input is refused: it is almost always a pipeline whose first
    // command failed (`jot sign ... | jot encrypt ...`).
    let out = jot(&["encrypt", "--key", &key]);
    out.exit2("usage");
    assert_eq!(
        out.stderr.lines().next(),
        Some(
            "error: usage: the plaintext on standard input is empty: if it was piped from \
             another command, that command failed or printed nothing; jot encrypts no empty \
             plaintext"
        )
    );
    let empty = dir.write("empty.txt", "");
    let out = jot(&["encrypt", "--key", &key, &empty]);
    out.exit2("usage");
    assert!(
        out.stderr
            .contains(&format!("the plaintext file {empty} is empty")),
        "{}",
        out.stderr
    );
    // A JWE of an empty plaintext made elsewhere still decrypts (RFC 7516
    // allows it): only encrypt refuses to make one.
    let enc_key = EncryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A256GCM).expect("dir key");
    let token =
        jot::jwe::encrypt(&jot::jwe::Header::for_key(&enc_key), b"", &enc_key).expect("encrypt");
    assert_eq!(jot(&["decrypt", "--key", &key, &token]).bytes(), b"");
    // A file name where the token goes: said as such, with the way to pass it.
    let file = dir.write("msg.jwe", &token);
    let out = jot(&["decrypt", "--key", &key, &file]);
    out.exit2("usage");
    assert!(
        out.stderr.contains("is a file name, not a token"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("`- < {file}`")),
        "{}",
        out.stderr
    );
    let from_stdin = run(&["decrypt", "--key", &key, "-"], token.as_bytes());
    assert_eq!(from_stdin.bytes(), b"");

    let token = run(
        &[
            "encrypt", "--key", &key, "--kid", "other", "--cty", "JWT", "--typ", "JOSE", "-",
        ],
        b"x",
    )
    .text();
    let h = header(&token);
    assert_eq!(h["kid"], "other");
    assert_eq!(h["cty"], "JWT");
    assert_eq!(h["typ"], "JOSE");
    assert_eq!(jot(&["decrypt", "--key", &key, &token]).bytes(), b"x");
}

#[test]
fn a_plain_oct_key_gets_its_enc_from_its_length() {
    let dir = TempDir::new("oct");
    let k16 = dir.write("k16.jwk", r#"{"kty":"oct","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
    let k32 = dir.write(
        "k32.jwk",
        r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#,
    );
    let k24 = dir.write(
        "k24.jwk",
        r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}"#,
    );
    for (key, enc) in [(&k16, "A128GCM"), (&k32, "A256GCM")] {
        let token = run(&["encrypt", "--key", key], b"hi").text();
        assert_eq!(header(&token)["enc"], enc);
        assert_eq!(header(&token)["alg"], "dir");
        assert_eq!(jot(&["decrypt", "--key", key, &token]).bytes(), b"hi");
    }
    // No enc has 24-byte keys, and --enc cannot make one fit.
    assert_eq!(run(&["encrypt", "--key", &k24], b"hi").kind(), "key");
    assert_eq!(
        run(&["encrypt", "--key", &k16, "--enc", "A256GCM"], b"hi").kind(),
        "key"
    );
    let token = run(&["encrypt", "--key", &k32], b"hi").text();
    assert_eq!(jot(&["decrypt", "--key", &k24, &token]).kind(), "key");
}

// ---------------------------------------------------------------- refusals

#[test]
fn wrong_key_and_tampering_are_decryption_failures() {
    let dir = TempDir::new("tamper");
    let (key, _) = keygen(&dir, "k.jwk", &["--alg", "A256GCM"]);
    let (other, other_jwk) = keygen(&dir, "o.jwk", &["--alg", "A256GCM"]);
    let token = run(&["encrypt", "--key", &key], b"attack at dawn").text();

    let out = jot(&["decrypt", "--key", &other, &token]);
    assert_eq!(out.kind(), "decryption");
    assert!(out.stderr.contains("RFC 7516 §5.2"));
    assert!(!out.stderr.contains(other_jwk.k.as_deref().expect("k")));

    for i in [2, 3, 4] {
        let changed = flip(&token, i);
        assert_eq!(
            jot(&["decrypt", "--key", &key, &changed]).kind(),
            "decryption",
            "segment {i}"
        );
    }
    // A changed header that still parses: it is the AAD, so the tag fails.
    let mut h = header(&token);
    h["typ"] = Value::from("JWT");
    let changed = with_segment(
        &token,
        0,
        &jot::b64::encode(serde_json::to_string(&h).expect("json").as_bytes()),
    );
    assert_eq!(
        jot(&["decrypt", "--key", &key, &changed]).kind(),
        "decryption"
    );
    // Not a JWE at all, or a JWS.
    assert_eq!(
        jot(&["decrypt", "--key", &key, "a.b.c"]).kind(),
        "malformed"
    );
    // An encrypted key where dir has none.
    let with_ek = with_segment(&token, 1, "AAAA");
    assert_eq!(
        jot(&["decrypt", "--key", &key, &with_ek]).kind(),
        "malformed"
    );
}

#[test]
fn allow_lists_come_from_the_key_or_the_command_line_never_the_token() {
    let dir = TempDir::new("allow");
    let (k128, _) = keygen(&dir, "k128.jwk", &["--alg", "A128GCM"]);
    let (k256, _) = keygen(&dir, "k256.jwk", &["--alg", "A256GCM"]);
    let t256 = run(&["encrypt", "--key", &k256], b"x").text();

    // The 128-bit key's default allow-list is [A128GCM]: an A256GCM token
    // is refused before any decryption.
    let out = jot(&["decrypt", "--key", &k128, &t256]);
    assert_eq!(out.kind(), "algorithm_not_allowed");
    assert!(out.stderr.contains("A256GCM"));
    // An explicit list without the token's enc or alg.
    let out = jot(&["decrypt", "--key", &k256, "--enc", "A128GCM", &t256]);
    assert_eq!(out.kind(), "algorithm_not_allowed");
    let out = jot(&["decrypt", "--key", &k256, "--alg", "ECDH-ES", &t256]);
    assert_eq!(out.kind(), "algorithm_not_allowed");
    // Allowed, but the key is bound to another enc.
    let out = jot(&[
        "decrypt", "--key", &k128, "--enc", "A128GCM", "--enc", "A256GCM", &t256,
    ]);
    assert_eq!(out.kind(), "key");

    // Names jot does not implement are usage errors, as for verify --alg.
    jot(&["decrypt", "--key", &k256, "--alg", "RSA-OAEP", &t256]).exit2("usage");
    jot(&["decrypt", "--key", &k256, "--enc", "A128CBC-HS256", &t256]).exit2("usage");
    jot(&["encrypt", "--key", &k256, "--alg", "A128KW"]).exit2("usage");
    jot(&["encrypt", "--key", &k256, "--enc", "A192GCM"]).exit2("usage");
}

#[test]
fn zip_and_unimplemented_headers_are_refused() {
    let dir = TempDir::new("zip");
    let (key, _) = keygen(&dir, "k.jwk", &["--alg", "A256GCM"]);
    let token = run(&["encrypt", "--key", &key], b"x").text();
    let zip = jot::b64::encode(br#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#);
    let out = jot(&["decrypt", "--key", &key, &with_segment(&token, 0, &zip)]);
    assert_eq!(out.kind(), "unsupported_algorithm");
    assert!(out.stderr.contains("zip"));
    let cbc = jot::b64::encode(br#"{"alg":"dir","enc":"A256CBC-HS512"}"#);
    let out = jot(&["decrypt", "--key", &key, &with_segment(&token, 0, &cbc)]);
    assert_eq!(out.kind(), "unsupported_algorithm");
}

#[test]
fn keys_that_cannot_do_the_job() {
    let dir = TempDir::new("keys");
    // A signing key is no encryption key: its "use" and "alg" say so.
    let (hs, hs_jwk) = keygen(&dir, "hs.jwk", &["--alg", "HS256"]);
    let out = run(&["encrypt", "--key", &hs, "--enc", "A256GCM"], b"x");
    assert_eq!(out.kind(), "key");
    assert!(!out.stderr.contains(hs_jwk.k.as_deref().expect("k")));
    let sig_use = dir.write(
        "sig.jwk",
        r#"{"kty":"oct","use":"sig","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#,
    );
    assert_eq!(run(&["encrypt", "--key", &sig_use], b"x").kind(), "key");
    assert_eq!(
        jot(&["decrypt", "--key", &sig_use, "a.b.c.d.e"]).kind(),
        "key"
    );
    // RSA: ring has no RSA encryption.
    let out = run(
        &["encrypt", "--key", &data("rfc7515-a.2.public.jwk.json")],
        b"x",
    );
    assert_eq!(out.kind(), "unsupported_algorithm");
    assert!(out.stderr.contains("RSA-OAEP"));
    // An ES256 signing key: its alg is not ECDH-ES.
    let (es, es_jwk) = keygen(&dir, "es.jwk", &["--alg", "ES256"]);
    let out = run(&["encrypt", "--key", &es, "--enc", "A128GCM"], b"x");
    assert_eq!(out.kind(), "key");
    assert!(!out.stderr.contains(es_jwk.d.as_deref().expect("d")));
    // A JWK Set is not one key; a key file that is no key.
    let set = dir.write("set.json", format!(r#"{{"keys":[{RFC7520_5_6_KEY}]}}"#));
    run(&["encrypt", "--key", &set], b"x").exit2("usage");
    jot(&["decrypt", "--key", &set, RFC7520_5_6_TOKEN]).exit2("usage");
    let dup = dir.write("dup.jwk", r#"{"kty":"oct","k":"AAAA","k":"BBBB"}"#);
    assert_eq!(run(&["encrypt", "--key", &dup], b"x").kind(), "key");
    let no_kty = dir.write("nokty.jwk", r#"{"k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
    let out = run(&["encrypt", "--key", &no_kty], b"x");
    assert_eq!(out.kind(), "key");
    assert!(!out.stderr.contains("XctOhJAkA"));
    // Unreadable files.
    run(&["encrypt", "--key", "/nonexistent/k.jwk"], b"x").exit2("io");
    let good = dir.write("good.jwk", RFC7520_5_6_KEY);
    run(&["encrypt", "--key", &good, "/nonexistent/plaintext"], b"x").exit2("io");
    jot(&["decrypt", "--key", "/nonexistent/k.jwk", "a.b.c.d.e"]).exit2("io");
    // Usage.
    jot(&["encrypt"]).exit2("usage");
    jot(&["decrypt", "a.b.c.d.e"]).exit2("usage");
}

/// RFC 7748 §6.1, Alice's X25519 key pair.
const X25519_PRIVATE: &str = r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo"}"#;
const X25519_D: &str = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo";

#[test]
fn stored_ecdh_private_keys_are_unsupported_and_say_why() {
    let dir = TempDir::new("stored");
    let x25519 = dir.write("x25519.jwk", X25519_PRIVATE);
    let ec = data("rfc7515-a.3.private.jwk.json");
    let ec_d = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
    for (key, d) in [(&x25519, X25519_D), (&ec, ec_d)] {
        for extra in [&[][..], &["--alg", "ECDH-ES", "--enc", "A256GCM"][..]] {
            let mut args = vec!["decrypt", "--key", key.as_str()];
            args.extend_from_slice(extra);
            args.push(RFC7520_5_6_TOKEN);
            let out = jot(&args);
            assert_eq!(out.kind(), "unsupported_algorithm", "{key}");
            for words in ["ECDH-ES (stored private key)", "ring 0.17", "--ephemeral"] {
                assert!(out.stderr.contains(words), "{words:?} in {}", out.stderr);
            }
            assert!(!out.stderr.contains(d), "no private key in {}", out.stderr);
        }
    }

    // Encrypting to the same files uses only their public part.
    let token = run(&["encrypt", "--key", &x25519, "--enc", "A128GCM"], b"x").text();
    let h = header(&token);
    assert_eq!(h["alg"], "ECDH-ES");
    assert_eq!(h["enc"], "A128GCM");
    assert_eq!(h["epk"]["crv"], "X25519");
    assert!(h["epk"].get("d").is_none());
    assert!(!h.to_string().contains(X25519_D));
    assert_eq!(token.split('.').nth(1), Some(""));
    // ECDH-ES has no default enc: the recipient chose it.
    run(&["encrypt", "--key", &x25519], b"x").exit2("usage");
}

#[test]
fn keygen_x25519_and_ecdh_es_are_unsupported() {
    for alg in ["X25519", "ECDH-ES"] {
        let out = jot(&["keygen", "--alg", alg]);
        assert_eq!(out.kind(), "unsupported_algorithm");
        for words in ["ring 0.17 cannot export", "jot decrypt --ephemeral X25519"] {
            assert!(out.stderr.contains(words), "{words:?} in {}", out.stderr);
        }
    }
}

#[test]
fn help_mentions_the_ring_limitation() {
    let help = jot(&["decrypt", "--help"]).text();
    for words in [
        "ring 0.17",
        "--ephemeral",
        "--public-out",
        "RFC 8725 §3.1",
        "no newline",
    ] {
        assert!(help.contains(words), "decrypt --help lacks {words:?}");
    }
    let help = jot(&["keygen", "--help"]).text();
    for words in ["ring 0.17", "jot decrypt --ephemeral X25519", "A256GCM"] {
        assert!(help.contains(words), "keygen --help lacks {words:?}");
    }
    let help = jot(&["encrypt", "--help"]).text();
    for words in ["dir", "ECDH-ES", "jot decrypt --ephemeral", "RFC 7520 §5.6"] {
        assert!(help.contains(words), "encrypt --help lacks {words:?}");
    }
    let help = jot(&["--help"]).text();
    for words in ["encrypt", "decrypt", "decryption"] {
        assert!(help.contains(words), "jot --help lacks {words:?}");
    }
}

// ---------------------------------------------------------------- ephemeral

/// A running `jot decrypt --ephemeral`, killed if the test fails early.
struct Recipient(Option<Child>);

impl Recipient {
    fn start(curve: &str, enc: &str, public_out: &Path) -> Recipient {
        let child = command(&[
            "decrypt",
            "--ephemeral",
            curve,
            "--enc",
            enc,
            "--public-out",
            public_out.to_str().expect("utf-8"),
        ])
        .spawn()
        .expect("spawn jot decrypt --ephemeral");
        Recipient(Some(child))
    }

    /// Sends one token on stdin as one line, leaving the stream open (one
    /// line is enough), and collects the outcome; a recipient still running
    /// after 30 s fails the test.
    fn send(mut self, token: &str) -> Out {
        let child = self.0.as_mut().expect("running");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(format!("{token}\n").as_bytes())
            .expect("write the token");
        stdin.flush().expect("flush");
        let start = Instant::now();
        while child.try_wait().expect("try_wait").is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the recipient did not finish within 30 s of the token"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // Exited: its small outputs are waiting in the pipes.
        let out = finish(self.0.take().expect("running"));
        drop(stdin);
        out
    }
}

impl Drop for Recipient {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Waits for the recipient's public key file; a recipient that never writes
/// it fails the test.
fn wait_for(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            // The file appears whole (written, then renamed), or not at all.
            assert!(text.ends_with('\n'), "half a file: {text:?}");
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{} did not appear within 30 s",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ephemeral_recipient_on_every_curve() {
    let plaintext = binary_plaintext();
    for (curve, enc) in [
        ("P-256", "A256GCM"),
        ("P-384", "A128GCM"),
        ("X25519", "A256GCM"),
    ] {
        let dir = TempDir::new("ephemeral");
        let public_path = dir.path("recipient.jwk");
        let recipient = Recipient::start(curve, enc, &public_path);
        let text = wait_for(&public_path);
        let public: Jwk = serde_json::from_str(text.trim()).expect("a JWK");
        assert!(
            !public.is_private(),
            "{curve}: only the public key is written"
        );
        assert_eq!(public.crv.as_deref(), Some(curve));
        assert_eq!(public.alg.as_deref(), Some("ECDH-ES"));
        assert_eq!(public.use_.as_deref(), Some("enc"));
        assert_eq!(public.kid, Some(public.thumbprint().expect("thumbprint")));
        assert_eq!(dir.names(), ["recipient.jwk"], "no temp file left behind");

        let pt = dir.write("plaintext.bin", &plaintext);
        let key = public_path.to_str().expect("utf-8");
        let token = jot(&["encrypt", "--key", key, "--enc", enc, &pt]).text();
        let h = header(&token);
        assert_eq!(h["alg"], "ECDH-ES");
        assert_eq!(h["enc"], enc);
        assert_eq!(h["kid"].as_str(), public.kid.as_deref());
        assert_eq!(h["epk"]["crv"], curve);

        let out = recipient.send(&token);
        assert_eq!(out.bytes(), plaintext.as_slice(), "{curve}");
        assert_eq!(out.stderr, "");
    }
}

#[test]
fn ephemeral_recipient_with_a_pem_sender_key() {
    // The sender may hold the recipient's P-256 key as PEM.
    let dir = TempDir::new("ephemeral-pem");
    let public_path = dir.path("recipient.jwk");
    let recipient = Recipient::start("P-256", "A128GCM", &public_path);
    let public: Jwk = serde_json::from_str(wait_for(&public_path).trim()).expect("jwk");
    let pem = dir.write("recipient.pem", public.to_public_pem().expect("pem"));
    let token = run(&["encrypt", "--key", &pem, "--enc", "A128GCM"], b"via pem").text();
    assert_eq!(header(&token)["alg"], "ECDH-ES");
    assert_eq!(recipient.send(&token).bytes(), b"via pem");
}

#[test]
fn ephemeral_recipient_refusals() {
    let dir = TempDir::new("ephemeral-refuse");

    // The sender used another enc than the recipient's.
    let public_path = dir.path("a.jwk");
    let recipient = Recipient::start("X25519", "A256GCM", &public_path);
    wait_for(&public_path);
    let key = public_path.to_str().expect("utf-8");
    let token = run(&["encrypt", "--key", key, "--enc", "A128GCM"], b"x").text();
    let out = recipient.send(&token);
    assert_eq!(out.kind(), "algorithm_not_allowed");

    // A token for another X25519 key: the agreement gives another key.
    let public_path = dir.path("b.jwk");
    let recipient = Recipient::start("X25519", "A256GCM", &public_path);
    wait_for(&public_path);
    let stranger = EphemeralDecryptionKey::generate(Curve::X25519, Enc::A256GCM).expect("generate");
    let stranger_path = dir.write("stranger.jwk", stranger.public_jwk().to_json());
    let token = run(
        &["encrypt", "--key", &stranger_path, "--enc", "A256GCM"],
        b"x",
    )
    .text();
    assert_eq!(recipient.send(&token).kind(), "decryption");

    // A token for another curve.
    let public_path = dir.path("c.jwk");
    let recipient = Recipient::start("P-384", "A256GCM", &public_path);
    wait_for(&public_path);
    let p256 = EphemeralDecryptionKey::generate(Curve::P256, Enc::A256GCM).expect("generate");
    let p256_path = dir.write("p256.jwk", p256.public_jwk().to_json());
    let token = run(&["encrypt", "--key", &p256_path, "--enc", "A256GCM"], b"x").text();
    assert_eq!(recipient.send(&token).kind(), "key");

    // A dir token: ECDH-ES only, by default.
    let public_path = dir.path("d.jwk");
    let recipient = Recipient::start("P-256", "A128GCM", &public_path);
    wait_for(&public_path);
    assert_eq!(
        recipient.send(RFC7520_5_6_TOKEN).kind(),
        "algorithm_not_allowed"
    );

    // Nothing on stdin.
    let public_path = dir.path("e.jwk");
    let recipient = Recipient::start("P-256", "A128GCM", &public_path);
    wait_for(&public_path);
    assert_eq!(recipient.send("").kind(), "malformed");

    // Usage: the shape of the command.
    let out = dir.path("u.jwk");
    let out = out.to_str().expect("utf-8");
    jot(&["decrypt", "--ephemeral", "X25519", "--enc", "A256GCM"]).exit2("usage");
    jot(&["decrypt", "--ephemeral", "X25519", "--public-out", out]).exit2("usage");
    jot(&[
        "decrypt",
        "--ephemeral",
        "X25519",
        "--enc",
        "A256GCM",
        "--enc",
        "A128GCM",
        "--public-out",
        out,
    ])
    .exit2("usage");
    jot(&[
        "decrypt",
        "--ephemeral",
        "Ed25519",
        "--enc",
        "A256GCM",
        "--public-out",
        out,
    ])
    .exit2("usage");
    jot(&[
        "decrypt",
        "--ephemeral",
        "X25519",
        "--enc",
        "A256GCM",
        "--public-out",
        out,
        "a.b.c.d.e",
    ])
    .exit2("usage");
    jot(&[
        "decrypt",
        "--ephemeral",
        "X25519",
        "--key",
        &data("rfc7515-a.1.jwk.json"),
        "--enc",
        "A256GCM",
        "--public-out",
        out,
    ])
    .exit2("usage");
    jot(&["decrypt", "--public-out", out, "a.b.c.d.e"]).exit2("usage");
    assert!(!Path::new(out).exists(), "no key written on a usage error");
    // An unwritable place for the public key: io, exit 2.
    jot(&[
        "decrypt",
        "--ephemeral",
        "X25519",
        "--enc",
        "A256GCM",
        "--public-out",
        "/nonexistent/dir/pub.jwk",
    ])
    .exit2("io");
}

/// A nested JWT (RFC 7519 §5.2) on the command line: sign, encrypt with
/// `cty: JWT`, then decrypt and verify; the library's
/// `jwt::decrypt_and_verify` opens the same token.
#[test]
fn nested_jwt_pipeline() {
    let dir = TempDir::new("nested");
    let (hs, hs_jwk) = keygen(&dir, "hs.jwk", &["--alg", "HS256"]);
    let (shared, shared_jwk) = keygen(&dir, "shared.jwk", &["--alg", "A256GCM"]);
    let signed = jot(&[
        "sign",
        "--alg",
        "HS256",
        "--key",
        &hs,
        "--exp",
        "600",
        r#"{"sub":"alice"}"#,
    ]);
    let signed = signed.text().trim().to_owned();
    let nested = run(
        &["encrypt", "--key", &shared, "--cty", "JWT"],
        signed.as_bytes(),
    );
    let nested = nested.text();
    assert_eq!(nested.split('.').count(), 5);

    let inner = run(&["decrypt", "--key", &shared, "-"], nested.as_bytes());
    let verified = run(
        &["verify", "--alg", "HS256", "--key", &hs, "-"],
        inner.bytes(),
    );
    assert!(verified.text().contains(r#""sub":"alice""#));

    let opener = jot::jwe::DecryptionKey::from_jwk(
        &shared_jwk,
        jot::jwe::KeyAlg::Dir,
        jot::jwe::Enc::A256GCM,
    )
    .expect("dir key");
    let verifier = jot::VerifyingKey::from_jwk(&hs_jwk, jot::Algorithm::HS256).expect("hs key");
    let token: jot::jwt::Nested<jot::jwt::Claims<serde_json::Value>> =
        jot::jwt::decrypt_and_verify(
            &nested,
            &opener,
            &[jot::jwe::KeyAlg::Dir],
            &[jot::jwe::Enc::A256GCM],
            &verifier,
            &jot::jwt::Validation::new(&[jot::Algorithm::HS256]),
        )
        .expect("the library opens the CLI's nested JWT");
    assert_eq!(token.token.claims.sub.as_deref(), Some("alice"));
}
