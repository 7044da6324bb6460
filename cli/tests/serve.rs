//! `jot serve` and `jot hash-password`, run as a user would: the built
//! binary, real HTTP over loopback (ephemeral port), std only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "common/http.rs"]
mod http;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
    banner: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    // "jot demo server on http://127.0.0.1:PORT (...)"
    let addr = first
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let mut banner = vec![first];
    for line in lines.by_ref().take(4) {
        banner.push(line.unwrap());
    }
    // Keep draining stdout: a closed pipe would make the server's next print fail.
    std::thread::spawn(move || lines.for_each(drop));
    Server {
        child,
        addr,
        banner,
    }
}

fn login(addr: &str, user: &str, password: &str) -> (u16, serde_json::Value) {
    let form = format!("username={user}&password={password}");
    let http::Reply { status, body, .. } = http::http(
        addr,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form,
    );
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn serve_with_no_options_prints_a_user_and_issues_tokens() {
    let server = start(&[]);
    let password = server
        .banner
        .iter()
        .find_map(|l| l.strip_prefix("password:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(
        server
            .banner
            .iter()
            .any(|l| l.starts_with("demo user: demo")),
        "{:?}",
        server.banner
    );
    let (status, tokens) = login(&server.addr, "demo", &password);
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    let token = tokens["access_token"].as_str().unwrap();
    let bearer = format!("Bearer {token}");
    let http::Reply { status, body, .. } = http::http(
        &server.addr,
        "GET",
        "/api/greet",
        &[("Authorization", &bearer)],
        "",
    );
    assert_eq!((status, body.as_str()), (200, "hi demo!"));
    // The token verifies with the published JWK Set, through jot's own library.
    let http::Reply { body: jwks, .. } =
        http::http(&server.addr, "GET", "/.well-known/jwks.json", &[], "");
    let set = jot::JwkSet::from_json(&jwks).unwrap();
    let validation = jot::jwt::Validation::new(&[jot::Algorithm::ES256])
        .audience("jot-demo-api")
        .issuer("jot-demo")
        .typ("at+jwt");
    let verified: jot::jwt::Token<serde_json::Value> =
        jot::jwt::verify(token, &set, &validation).unwrap();
    assert_eq!(verified.claims["sub"], "demo");
    // Without a token: 401 with the RFC 6750 challenge.
    let http::Reply { status, head, .. } = http::http(&server.addr, "GET", "/api/greet", &[], "");
    assert_eq!(status, 401);
    assert!(
        head.to_ascii_lowercase()
            .contains("www-authenticate: bearer"),
        "{head}"
    );
    // A wrong password is refused.
    assert_eq!(login(&server.addr, "demo", "wrong").0, 401);
}

#[test]
fn hash_password_lines_make_a_users_file() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
        .args(["hash-password", "alice"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cret pass\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("alice:pbkdf2-sha256:"), "{line}");
    assert!(!line.contains("s3cret"));
    let path = std::env::temp_dir().join(format!("jot-users-{}.txt", std::process::id()));
    std::fs::write(&path, &line).unwrap();
    let server = start(&["--users", path.to_str().unwrap()]);
    assert!(!server.banner.iter().any(|l| l.starts_with("password:")));
    assert_eq!(login(&server.addr, "alice", "s3cret%20pass").0, 200);
    assert_eq!(login(&server.addr, "alice", "s3cret").0, 401);
    let _ = std::fs::remove_file(path);
}

#[test]
fn hash_password_refuses_an_empty_password_and_bad_names() {
    for (user, input) in [("alice", ""), ("al:ice", "pw")] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
            .args(["hash-password", user])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{user:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: usage:"));
    }
}

#[test]
fn serve_reads_a_jwk_from_keygen() {
    let keygen = Command::new(env!("CARGO_BIN_EXE_jot"))
        .args(["keygen", "--alg", "EdDSA"])
        .output()
        .unwrap();
    assert!(keygen.status.success());
    let jwk: serde_json::Value = serde_json::from_slice(&keygen.stdout).unwrap();
    let path = std::env::temp_dir().join(format!("jot-serve-key-{}.jwk", std::process::id()));
    std::fs::write(&path, &keygen.stdout).unwrap();
    let server = start(&["--key", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    // The banner names the key's own alg and kid.
    let kid = jwk["kid"].as_str().unwrap();
    assert!(
        server.banner[0].contains(&format!("(EdDSA, kid {kid})")),
        "{:?}",
        server.banner
    );
    let http::Reply { body: jwks, .. } =
        http::http(&server.addr, "GET", "/.well-known/jwks.json", &[], "");
    let set: serde_json::Value = serde_json::from_str(&jwks).unwrap();
    assert_eq!(set["keys"][0]["kid"], kid);
    assert_eq!(set["keys"][0]["x"], jwk["x"]);
    assert!(set["keys"][0].get("d").is_none());
}

#[test]
fn a_port_in_use_names_the_address_and_the_flag() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_jot"))
        .args(["serve", "--addr", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&addr), "{err}");
    assert!(err.contains("--addr"), "{err}");
    assert!(err.to_lowercase().contains("in use"), "{err}");
}
