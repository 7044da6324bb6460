//! All six adapters, each run over a fresh suite, each scorecard asserted:
//! jot passes every `must` case; a peer's `must` failures are the documented
//! facts of conformance/README.md, so any change in a library (or in the
//! kit) is noticed. A missing peer fails with its install command.
//!
//! The scorecards are written to `target/conformance/<adapter>.{txt,json}`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{assert_must_failures, bin, kit, out_dir, run};

fn python_has(module: &str, version: &str) {
    let out = Command::new("python3")
        .args([
            "-c",
            &format!("import {module}; print({module}.__version__)"),
        ])
        .output();
    let found = out
        .as_ref()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    assert_eq!(
        found.as_deref(),
        Some(version),
        "{module} {version} is needed: python3 -m pip install -r conformance/adapters/python/requirements.txt"
    );
}

fn python_adapter(name: &str) -> String {
    format!(
        "python3 {}",
        kit(&format!("adapters/python/{name}_adapter.py")).display()
    )
}

#[test]
fn jot_passes_every_must_case() {
    let cmd = format!("{} adapter-jot", bin().display());
    let r = run(
        "jot",
        &["--adapter", &cmd, "--errors", "jot", "--name", "jot 0.1.0"],
    );
    assert_must_failures(&r, &[]);
    // And every should case: jot is what the cases describe.
    assert!(
        r.names("fail", None).is_empty() && r.names("error", None).is_empty(),
        "{}",
        r.text
    );
    assert_eq!(
        r.count("wrong_reason"),
        0,
        "jot rejects for the reason each case names"
    );
}

const SHORT_HMAC: [&str; 6] = [
    "keys/short-hmac/HS256/16-bytes",
    "keys/short-hmac/HS256/31-bytes",
    "keys/short-hmac/HS256/secret",
    "keys/short-hmac/HS256/1-byte",
    "keys/short-hmac/HS384/32-bytes",
    "keys/short-hmac/HS512/48-bytes",
];

fn with_short_hmac(more: &[&'static str]) -> Vec<&'static str> {
    SHORT_HMAC.iter().chain(more).copied().collect()
}

#[test]
fn pyjwt() {
    python_has("jwt", "2.15.1");
    let r = run(
        "pyjwt",
        &[
            "--adapter",
            &python_adapter("pyjwt"),
            "--errors",
            "pyjwt",
            "--name",
            "PyJWT 2.15.1",
        ],
    );
    assert_must_failures(&r, &with_short_hmac(&PYJWT));
}

/// Besides the short HMAC keys.
const PYJWT: [&str; 2] = ["json/invalid/claims-nan", "keys/small-rsa/RS256/1024-bits"];

#[test]
fn joserfc() {
    python_has("joserfc", "1.6.5");
    let r = run(
        "joserfc",
        &[
            "--adapter",
            &python_adapter("joserfc"),
            "--errors",
            "joserfc",
            "--name",
            "joserfc 1.6.5",
        ],
    );
    assert_must_failures(&r, &with_short_hmac(&JOSERFC));
}

/// Besides the short HMAC keys.
const JOSERFC: [&str; 9] = [
    "algorithm/not-allowed/empty-allow-list",
    "claims/aud/present-not-configured",
    "claims/time/exp-equals-now",
    "claims/type/iss-array-evil-first",
    "header/crit/b64-unencoded-claims",
    "json/invalid/claims-nan",
    "keys/short-hmac/HS256/empty",
    "keys/small-rsa/RS256/1024-bits",
    "positive/ES256/unknown-header-member",
];

#[test]
fn npm_jose() {
    let module = kit("adapters/node/node_modules/jose/package.json");
    assert!(
        module.exists(),
        "npm jose is needed: npm ci --prefix conformance/adapters/node"
    );
    let cmd = format!("node {}", kit("adapters/node/adapter.mjs").display());
    let r = run(
        "jose",
        &[
            "--adapter",
            &cmd,
            "--errors",
            "jose",
            "--name",
            "jose 6.2.17 (npm)",
        ],
    );
    assert_must_failures(&r, &with_short_hmac(&JOSE));
}

/// Besides the short HMAC keys.
const JOSE: [&str; 1] = ["claims/aud/present-not-configured"];

#[test]
fn jsonwebtoken() {
    // `cargo test` builds examples with the other targets; when a single test
    // target was asked for, the example is built here.
    let exe = bin()
        .parent()
        .expect("target dir")
        .join("examples")
        .join("adapter-jsonwebtoken");
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let source = kit("examples/adapter-jsonwebtoken.rs");
    if modified(&exe).is_none() || modified(&exe) < modified(&source) {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "jot-conformance",
                "--example",
                "adapter-jsonwebtoken",
            ])
            .status()
            .expect("cargo");
        assert!(
            status.success(),
            "cargo build -p jot-conformance --example adapter-jsonwebtoken"
        );
    }
    assert!(
        exe.exists(),
        "cargo build -p jot-conformance --example adapter-jsonwebtoken"
    );
    let cmd = exe.display().to_string();
    let r = run(
        "jsonwebtoken",
        &[
            "--adapter",
            &cmd,
            "--errors",
            "jsonwebtoken",
            "--name",
            "jsonwebtoken 9.3 (ring)",
        ],
    );
    assert_must_failures(&r, &with_short_hmac(&JSONWEBTOKEN));
}

/// Besides the short HMAC keys.
const JSONWEBTOKEN: [&str; 15] = [
    "claims/aud/missing",
    "claims/iss/missing",
    "claims/type/aud-null",
    "claims/type/aud-number",
    "claims/type/aud-object",
    "claims/type/iss-array-evil-first",
    "claims/type/iss-null",
    "claims/type/iss-number",
    "claims/type/nbf-string-future",
    "header/crit/names-absent-header",
    "header/crit/unknown-extension",
    "json/number/nbf-2-pow-70",
    "json/utf8/header-ff",
    "keys/ec/crv-P-384-label",
    "keys/short-hmac/HS256/empty",
];

#[test]
fn golang_jwt() {
    let src = PathBuf::from("/usr/share/gocode/src/github.com/golang-jwt/jwt");
    let go = Command::new("go").arg("version").output();
    assert!(
        go.is_ok_and(|o| o.status.success()) && src.exists(),
        "Go and golang-jwt are needed: apt-get install -y golang-go golang-github-golang-jwt-jwt-dev"
    );
    // Offline, from Debian's source tree (GOPATH mode, no module download).
    let exe = out_dir().join("adapter-golang-jwt");
    let build = Command::new("go")
        .args(["build", "-o"])
        .arg(&exe)
        .arg("main.go")
        .current_dir(kit("adapters/go"))
        .env("GO111MODULE", "off")
        .env("GOPATH", "/usr/share/gocode")
        .env("GOCACHE", out_dir().join("go-cache"))
        .env("GOFLAGS", "")
        .output()
        .expect("go build");
    assert!(
        build.status.success(),
        "go build: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let cmd = exe.display().to_string();
    let r = run(
        "golang-jwt",
        &[
            "--adapter",
            &cmd,
            "--errors",
            "golang-jwt",
            "--name",
            "golang-jwt 4.4.3 (Debian)",
        ],
    );
    assert_must_failures(&r, &with_short_hmac(&GOLANG_JWT));
}

/// Besides the short HMAC keys.
const GOLANG_JWT: [&str; 12] = [
    "claims/aud/present-not-configured",
    "header/crit/names-absent-header",
    "header/crit/unknown-extension",
    "json/invalid/claims-trailing-garbage",
    "json/number/nbf-2-pow-70",
    "json/utf8/claims-ff",
    "json/utf8/claims-lone-continuation",
    "json/utf8/claims-overlong-slash",
    "json/utf8/claims-truncated-sequence",
    "json/utf8/header-ff",
    "keys/short-hmac/HS256/empty",
    "keys/small-rsa/RS256/1024-bits",
];
