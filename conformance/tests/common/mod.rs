//! Shared by the kit's tests: the binary, running an adapter, reading its scorecard.
#![allow(dead_code)] // each test crate uses its own part of this file

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The `jot-conformance` binary cargo built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jot-conformance"))
}

/// A path relative to the kit's directory (`conformance/`).
pub fn kit(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `target/conformance/`, where the scorecards are written for the README.
pub fn out_dir() -> PathBuf {
    let dir = bin()
        .parent()
        .and_then(Path::parent)
        .map(|t| t.join("conformance"))
        .expect("target dir");
    std::fs::create_dir_all(&dir).expect("create target/conformance");
    dir
}

/// A scorecard run: exit code, printed text, and the `--json` document.
pub struct Run {
    pub code: Option<i32>,
    pub text: String,
    pub card: Value,
    pub stderr: String,
}

impl Run {
    /// Names of the cases with this outcome (and level, if given).
    pub fn names(&self, outcome: &str, level: Option<&str>) -> Vec<String> {
        self.card["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .filter(|c| c["outcome"] == outcome && level.is_none_or(|l| c["level"] == l))
            .map(|c| c["name"].as_str().expect("name").to_owned())
            .collect()
    }

    /// Names of the `must` cases that failed (wrong answer or no answer).
    pub fn must_failures(&self) -> Vec<String> {
        let mut v = self.names("fail", Some("must"));
        v.extend(self.names("error", Some("must")));
        v.sort();
        v
    }

    /// How many cases had this outcome.
    pub fn count(&self, outcome: &str) -> usize {
        self.names(outcome, None).len()
    }
}

/// Runs `jot-conformance run` with these arguments plus `--json`, under `label`.
pub fn run(label: &str, args: &[&str]) -> Run {
    let json = out_dir().join(format!("{label}.json"));
    let out: Output = Command::new(bin())
        .arg("run")
        .args(args)
        .arg("--json")
        .arg(&json)
        .output()
        .expect("run jot-conformance");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let card: Value = serde_json::from_str(
        &std::fs::read_to_string(&json)
            .unwrap_or_else(|e| panic!("no scorecard {}: {e}\n{text}\n{stderr}", json.display())),
    )
    .expect("scorecard JSON");
    std::fs::write(out_dir().join(format!("{label}.txt")), &text).expect("write scorecard text");
    Run {
        code: out.status.code(),
        text,
        card,
        stderr,
    }
}

/// Asserts the run's failing `must` cases are exactly `expected` (the
/// documented facts of conformance/README.md), printing the scorecard.
pub fn assert_must_failures(run: &Run, expected: &[&str]) {
    println!("{}", run.text);
    let got = run.must_failures();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    let new: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    let gone: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "must failures changed; update the list in this test and in conformance/README.md.\n\
         newly failing: {new:?}\nno longer failing: {gone:?}"
    );
    let code = if want.is_empty() { Some(0) } else { Some(1) };
    assert_eq!(
        run.code, code,
        "exit status follows the must failures\n{}",
        run.stderr
    );
}
