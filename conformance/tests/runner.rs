//! The runner against deliberately bad adapters: each must score as failing,
//! and the CLI's selection and replay flags do what they say.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use common::{bin, out_dir, run, Run};

/// One generated case file shared by the tests (generation makes RSA keys).
fn cases() -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        let file = out_dir().join("runner-cases.json");
        let g = Command::new(bin())
            .args(["generate", "--seed", "5", "--out"])
            .arg(&file)
            .output()
            .expect("generate");
        assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
        file.display().to_string()
    })
}

/// Writes a shell adapter and returns its command line.
fn script(name: &str, body: &str) -> String {
    let dir = out_dir().join("bad-adapters");
    std::fs::create_dir_all(&dir).expect("dir");
    let path: PathBuf = dir.join(format!("{name}.sh"));
    std::fs::write(&path, body).expect("write adapter");
    format!("sh {}", path.display())
}

/// Reads requests and answers each with `answer`, where `$id` is the request's id.
fn answering(name: &str, answer: &str) -> String {
    script(
        name,
        &format!(
            "while IFS= read -r l; do\n  id=$(printf '%s' \"$l\" | sed -n 's/^{{\"id\":\\([0-9]*\\).*/\\1/p')\n  printf '%s\\n' \"{answer}\"\ndone\n"
        ),
    )
}

fn assert_fails(r: &Run, what: &str) {
    println!("{}", r.text);
    assert_eq!(r.code, Some(1), "{what}: the run must fail\n{}", r.stderr);
    assert!(r.text.contains("must case(s) FAILED"), "{what}");
}

#[test]
fn accept_everything_fails() {
    let cmd = answering(
        "accept",
        r#"{\"id\":$id,\"result\":\"accept\",\"claims\":{}}"#,
    );
    let r = run("bad-accept", &["--adapter", &cmd, "--cases", cases()]);
    assert_fails(&r, "accept everything");
    assert!(
        r.must_failures().len() >= 150,
        "{}",
        r.must_failures().len()
    );
    assert!(r
        .names("fail", Some("must"))
        .iter()
        .any(|n| n.starts_with("algorithm/none/")));
    // Valid cases still pass: the runner does not fail everything blindly.
    assert!(r
        .names("pass", Some("must"))
        .iter()
        .any(|n| n == "positive/ES256/with-kid"));
}

#[test]
fn reject_everything_fails_and_reasons_are_reported() {
    let cmd = answering(
        "reject",
        r#"{\"id\":$id,\"result\":\"reject\",\"error\":\"signature: nope\"}"#,
    );
    let r = run(
        "bad-reject",
        &["--adapter", &cmd, "--errors", "jot", "--cases", cases()],
    );
    assert_fails(&r, "reject everything");
    for alg in jot_conformance::generate::ALGS {
        assert!(
            r.must_failures()
                .contains(&format!("positive/{alg}/with-kid")),
            "{alg}"
        );
    }
    // A rejection for the wrong reason is reported as such...
    let wrong = r.names("wrong_reason", None);
    assert!(
        wrong.iter().any(|n| n == "claims/time/exp-equals-now"),
        "{wrong:?}"
    );
    assert!(r.text.contains("rejected as signature, expected expired"));
    // ...and one for the right reason passes.
    assert!(r
        .names("pass", Some("must"))
        .iter()
        .any(|n| n == "signature/bit-flip/ES256"));
}

#[test]
fn a_crashing_adapter_fails() {
    let cmd = script("crash", "read l\necho 'about to crash' >&2\nexit 3\n");
    let r = run("bad-crash", &["--adapter", &cmd, "--cases", cases()]);
    assert_fails(&r, "crash");
    assert_eq!(r.count("pass"), 0);
    assert!(r.text.contains("exited without answering (crash)"));
    assert!(r.text.contains("about to crash"), "stderr is shown");
    assert!(r.text.contains("adapter given up"));
}

#[test]
fn a_garbage_answering_adapter_fails() {
    let cmd = script(
        "garbage",
        "while IFS= read -r l; do echo 'not json at all'; done\n",
    );
    let r = run("bad-garbage", &["--adapter", &cmd, "--cases", cases()]);
    assert_fails(&r, "garbage");
    assert_eq!(r.count("pass"), 0);
    assert!(r.text.contains("malformed answer"));
    // Well-formed JSON that breaks the protocol is no better.
    for (name, answer) in [
        (
            "wrong-id",
            r#"{\"id\":0,\"result\":\"accept\",\"claims\":{}}"#,
        ),
        (
            "accept-without-claims",
            r#"{\"id\":$id,\"result\":\"accept\"}"#,
        ),
        (
            "reject-without-error",
            r#"{\"id\":$id,\"result\":\"reject\"}"#,
        ),
        ("unknown-result", r#"{\"id\":$id,\"result\":\"maybe\"}"#),
    ] {
        let cmd = answering(name, answer);
        let r = run(
            &format!("bad-{name}"),
            &[
                "--adapter",
                &cmd,
                "--filter",
                "positive/HS",
                "--cases",
                cases(),
            ],
        );
        assert_fails(&r, name);
        assert_eq!(
            r.count("error"),
            r.card["cases"].as_array().map_or(0, Vec::len),
            "{name}"
        );
    }
}

#[test]
fn a_silent_adapter_times_out_and_fails() {
    let cmd = script("silent", "while IFS= read -r l; do :; done\n");
    let r = run(
        "bad-silent",
        &[
            "--adapter",
            &cmd,
            "--filter",
            "positive/ES",
            "--timeout",
            "0.3",
            "--cases",
            cases(),
        ],
    );
    assert_fails(&r, "silent");
    assert!(r.text.contains("(timeout)"));
    assert_eq!(r.count("pass"), 0);
}

#[test]
fn unsupported_is_counted_apart_except_for_positive_controls() {
    let cmd = answering(
        "unsupported",
        r#"{\"id\":$id,\"result\":\"unsupported\",\"error\":\"no\"}"#,
    );
    let r = run(
        "bad-unsupported",
        &["--adapter", &cmd, "--filter", "claims/", "--cases", cases()],
    );
    assert_eq!(r.code, Some(0), "{}", r.text);
    assert_eq!(
        r.count("unsupported"),
        r.card["cases"].as_array().map_or(0, Vec::len)
    );
    let r = run(
        "bad-unsupported-positive",
        &[
            "--adapter",
            &cmd,
            "--filter",
            "positive/",
            "--cases",
            cases(),
        ],
    );
    assert_fails(&r, "unsupported positive controls");
}

#[test]
fn list_filter_and_replay() {
    let list = Command::new(bin())
        .args(["run", "--list", "--seed", "1"])
        .output()
        .expect("list");
    assert!(list.status.success());
    let lines = String::from_utf8_lossy(&list.stdout).lines().count();
    assert!(lines >= 200, "{lines} cases listed");
    let some = Command::new(bin())
        .args(["run", "--list", "--filter", "signature/ecdsa/ES256"])
        .output()
        .expect("list");
    let text = String::from_utf8_lossy(&some.stdout).into_owned();
    assert!(
        text.lines().count() >= 8 && text.lines().all(|l| l.contains("signature/ecdsa/ES256/")),
        "{text}"
    );

    // generate writes a file; run --cases replays exactly those tokens.
    let file = out_dir().join("replay-cases.json");
    let g = Command::new(bin())
        .args(["generate", "--seed", "9", "--out"])
        .arg(&file)
        .output()
        .expect("generate");
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let suite: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(suite["seed"], 9);
    let jot = format!("{} adapter-jot", bin().display());
    let r = run(
        "replay",
        &[
            "--adapter",
            &jot,
            "--errors",
            "jot",
            "--cases",
            file.to_str().expect("path"),
        ],
    );
    assert_eq!(r.card["seed"], 9);
    assert_eq!(r.card["now"], suite["now"]);
    assert_eq!(
        r.card["cases"].as_array().map(Vec::len),
        suite["numberOfTests"].as_u64().map(|n| n as usize)
    );

    let bad = Command::new(bin())
        .args(["run", "--no-such-flag"])
        .output()
        .expect("usage");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage:"));
}
