//! The sessions shown in `README.md` and `cli/README.md`, run: the docs cannot
//! drift from what `jot` prints.
//!
//! Every ```` ```text ```` block of the two files is either a session, run
//! here, or marked on the line before its fence (blank lines between are
//! allowed) with a reason a reader can see in the source:
//!
//! ```text
//! <!-- session: not run: needs two terminals -->
//! ```
//!
//! A block that is neither fails the test: nothing is skipped quietly.
//!
//! # What a session is
//!
//! Lines starting with `$ ` are commands (a line ending in `\` continues on
//! the next); the lines after a command, up to the next command, are its
//! output (stdout and stderr, as a terminal shows them). Each block runs as
//! one `sh` script in a temporary directory shared by all blocks of the same
//! file, in order (so files made by one block are there for the next; shell
//! variables are not), with stdin empty, stderr merged into stdout, and the
//! directory of the built `jot` first on `PATH`. `cargo run [--release] -p
//! jot-jose-cli -- ARGS` runs that same `jot ARGS`. Every command must exit 0:
//! a session that shows a failure shows it with `; echo "exit $?"`.
//!
//! A block whose first command is `jot serve` (the demo server) is run with
//! `--addr 127.0.0.1:0`: the address shown in the doc's banner is replaced by
//! the real one in the commands, and the values a reader copies from the
//! banner (the password) are carried over the same way. The server is killed
//! when the block ends, even on failure, and its output is compared last.
//!
//! # Normalisation (applied to the shown and the actual output alike)
//!
//! 1. A run of 16 or more base64url characters (`A-Z a-z 0-9 - _`) holding
//!    an upper-case letter or a digit becomes `<b64>`: keys, signatures,
//!    token segments, thumbprints, passwords, hex dumps. All-lower-case runs
//!    (`unsupported_algorithm`) stay as they are.
//! 2. `YYYY-MM-DD HH:MM:SS UTC` becomes `<date>`, and on such a line a
//!    trailing "now", "in 1 h" or "3 s ago" after `<date>, WORD ` becomes
//!    `<relative>` (the clock moves between `sign` and `explain`).
//! 3. A 10-digit number (unix seconds) becomes `<time>`.
//! 4. A `\r` at the end of a line is dropped (HTTP headers from `curl -i`),
//!    and so is the last newline of an output (`curl` prints none).
//!
//! In the shown output, a line that is just `...` matches any run of lines
//! (none included), and `...` inside a line matches any run of characters.
//! Everything else must match exactly.
//!
//! After merging a change to a message, run
//! `cargo test -p jot-jose-cli --test readme`: a failure prints the command,
//! its file and line, the shown and the actual output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::TempDir;

/// How long one block may run before it is killed and reported.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(120);

// ------------------------------------------------------------------ parsing

/// One ```` ```text ```` block of a Markdown file.
#[derive(Debug)]
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    kind: BlockKind,
}

#[derive(Debug)]
enum BlockKind {
    NotRun {
        reason: String,
    },
    Session(Vec<Step>),
    /// Neither a session nor marked: an error.
    Unmarked,
}

/// One command and the output shown after it.
#[derive(Debug, Clone)]
struct Step {
    /// 1-based line of the command in the Markdown file.
    line: usize,
    command: String,
    expected: Vec<String>,
}

const NOT_RUN: &str = "<!-- session: not run:";

fn parse_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_end();
        if !fence.starts_with("```") {
            i += 1;
            continue;
        }
        let is_text = fence == "```text";
        let start = i;
        i += 1;
        let mut body = Vec::new();
        while i < lines.len() && lines[i].trim_end() != "```" {
            body.push(lines[i]);
            i += 1;
        }
        i += 1; // the closing fence
        if !is_text {
            continue;
        }
        // The marker, if any, is the last non-blank line before the fence.
        let marker = lines[..start]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim());
        let kind = match marker {
            Some(m) if m.starts_with(NOT_RUN) => {
                let reason = m[NOT_RUN.len()..].trim_end_matches("-->").trim();
                BlockKind::NotRun {
                    reason: reason.to_owned(),
                }
            }
            _ => parse_session(&body, start + 2),
        };
        blocks.push(Block {
            line: start + 1,
            kind,
        });
    }
    blocks
}

/// `first_line` is the 1-based line number of `body[0]`.
fn parse_session(body: &[&str], first_line: usize) -> BlockKind {
    if !body.first().is_some_and(|l| l.starts_with("$ ")) {
        return BlockKind::Unmarked;
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut j = 0;
    while j < body.len() {
        let line = body[j];
        if let Some(cmd) = line.strip_prefix("$ ") {
            let mut command = cmd.to_owned();
            let at = first_line + j;
            while command.ends_with('\\') && j + 1 < body.len() {
                command.pop();
                j += 1;
                command.push_str(body[j]);
            }
            steps.push(Step {
                line: at,
                command,
                expected: Vec::new(),
            });
        } else if let Some(step) = steps.last_mut() {
            step.expected.push(line.to_owned());
        }
        j += 1;
    }
    BlockKind::Session(steps)
}

/// `cargo run [--release] -p jot-jose-cli -- ARGS` is `jot ARGS`.
fn as_jot(command: &str) -> String {
    for prefix in [
        "cargo run --release -p jot-jose-cli -- ",
        "cargo run -p jot-jose-cli -- ",
    ] {
        if let Some(rest) = command.strip_prefix(prefix) {
            return format!("jot {rest}");
        }
    }
    command.to_owned()
}

// ------------------------------------------------------------ normalisation

fn is_b64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The runs of 20+ base64url characters that step 1 masks, in order.
fn random_runs(line: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (is_b64url(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let run = &line[s..i];
                if run.len() >= 16
                    && run
                        .chars()
                        .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                {
                    runs.push(run);
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Steps 1-4 of the module docs, on one line.
fn normalise(line: &str) -> String {
    let line = line.strip_suffix('\r').unwrap_or(line);
    // 1. random base64url and hex
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    for run in random_runs(line) {
        let at = rest.find(run).expect("run is in the line");
        out.push_str(&rest[..at]);
        out.push_str("<b64>");
        rest = &rest[at + run.len()..];
    }
    out.push_str(rest);
    // 2. dates, then a relative time after one
    let out = mask_dates(&out);
    let out = mask_relative(&out);
    // 3. unix seconds
    mask_unix_times(&out)
}

fn mask_dates(line: &str) -> String {
    // "2026-11-30 09:36:25 UTC": 23 bytes, digits at fixed places.
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd UTC";
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut copied = 0;
    while i + SHAPE.len() <= b.len() {
        let fits = SHAPE.iter().zip(&b[i..]).all(|(s, c)| match s {
            b'd' => c.is_ascii_digit(),
            s => s == c,
        });
        if fits {
            out.push_str(&line[copied..i]);
            out.push_str("<date>");
            i += SHAPE.len();
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&line[copied..]);
    out
}

fn mask_relative(line: &str) -> String {
    let Some(at) = line.rfind("<date>, ") else {
        return line.to_owned();
    };
    let (head, tail) = line.split_at(at + "<date>, ".len());
    let words: Vec<&str> = tail.split(' ').collect();
    let unit = |w: &str| matches!(w, "s" | "min" | "h" | "day" | "days");
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let n = words.len();
    let in_span = n >= 4 && words[n - 3] == "in" && number(words[n - 2]) && unit(words[n - 1]);
    let span_ago = n >= 4 && number(words[n - 3]) && unit(words[n - 2]) && words[n - 1] == "ago";
    let keep = if n >= 2 && words[n - 1] == "now" {
        n - 1
    } else if in_span || span_ago {
        n - 3
    } else {
        return line.to_owned();
    };
    format!("{head}{} <relative>", words[..keep].join(" "))
}

fn mask_unix_times(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut run = String::new();
    let mut prev_word = false; // the character before the run is alphanumeric
    let flush = |run: &mut String, out: &mut String, prev_word: bool, next_word: bool| {
        if run.len() == 10 && !prev_word && !next_word {
            out.push_str("<time>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    let mut last = None;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if run.is_empty() {
                prev_word = last.is_some_and(|p: char| p.is_ascii_alphanumeric());
            }
            run.push(c);
        } else {
            if !run.is_empty() {
                flush(&mut run, &mut out, prev_word, c.is_ascii_alphanumeric());
            }
            out.push(c);
        }
        last = Some(c);
    }
    if !run.is_empty() {
        flush(&mut run, &mut out, prev_word, false);
    }
    out
}

// ----------------------------------------------------------------- matching

/// One shown line against one actual line, both normalised; `...` in the
/// shown line matches any run of characters.
fn line_matches(shown: &str, actual: &str) -> bool {
    let pieces: Vec<&str> = shown.split("...").collect();
    if pieces.len() == 1 {
        return shown == actual;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    if !actual.ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Shown lines against actual lines; a shown line `...` matches any run of
/// lines.
fn lines_match(shown: &[String], actual: &[String]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty() && line_matches(first, &actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

fn output_lines(raw: &str) -> Vec<String> {
    let raw = raw.strip_suffix('\n').unwrap_or(raw);
    if raw.is_empty() {
        return Vec::new();
    }
    raw.split('\n').map(str::to_owned).collect()
}

// ------------------------------------------------------------------ running

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_jot"))
        .parent()
        .expect("the binary has a directory")
        .to_owned()
}

fn path_env() -> std::ffi::OsString {
    let mut dirs = vec![bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH")
}

/// The separator printed after each command: ASCII RS, then its status.
const RS: char = '\u{1e}';

/// Runs the commands as one script; returns each command's raw output and
/// exit status, or an error text.
fn run_script(dir: &Path, commands: &[String]) -> Result<Vec<(String, i32)>, String> {
    let mut script = String::from("exec 2>&1\n");
    for command in commands {
        script.push_str(command);
        script.push_str("\nprintf '\\036%s\\n' \"$?\"\n");
    }
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path_env())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + BLOCK_TIMEOUT;
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the block ran over {BLOCK_TIMEOUT:?} and was killed"
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let out = String::from_utf8_lossy(&reader.join().expect("reader")).into_owned();
    // "out0 RS status0 \n out1 RS status1 \n": each chunk after the first
    // starts with the status of the command before it.
    let chunks: Vec<&str> = out.split(RS).collect();
    let mut results: Vec<(String, i32)> = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let body = if i == 0 {
            *chunk
        } else {
            let (status, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
            if let Some(r) = results.last_mut() {
                r.1 = status.trim().parse().unwrap_or(-1);
            }
            body
        };
        if i + 1 < chunks.len() {
            results.push((body.to_owned(), -1));
        }
    }
    if results.len() != commands.len() {
        return Err(format!(
            "the script stopped after {} of {} commands (stderr: {err})\n{out}",
            results.len(),
            commands.len()
        ));
    }
    Ok(results)
}

/// A `jot serve` started for a block, killed on drop.
struct Server {
    child: Child,
    addr: String,
    output: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(args: &[&str]) -> Result<Server, String> {
        // The doc's own address (if any) gives way to an ephemeral port.
        let mut kept = Vec::new();
        let mut words = args.iter();
        while let Some(w) = words.next() {
            if *w == "--addr" {
                words.next();
            } else if !w.starts_with("--addr=") {
                kept.push(*w);
            }
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
            .args(&kept)
            .args(["--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start jot serve: {e}"))?;
        let output = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("piped")),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    output.lock().expect("lock").push(line);
                }
            });
        }
        let mut server = Server {
            child,
            addr: String::new(),
            output,
        };
        let first = server.wait_for_lines(1)?;
        server.addr = first[0]
            .split("http://")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .ok_or_else(|| format!("no http:// address in the banner {:?}", first[0]))?
            .to_owned();
        Ok(server)
    }

    fn wait_for_lines(&mut self, n: usize) -> Result<Vec<String>, String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let lines = self.output.lock().expect("lock").clone();
            if lines.len() >= n {
                return Ok(lines);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("jot serve exited ({status}): {lines:?}"));
            }
            if Instant::now() > deadline {
                return Err(format!("jot serve printed {lines:?}, waited for {n} lines"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn report(file: &str, step: &Step, shown: &[String], got: &[String], raw: &str) -> String {
    let indent = |lines: &[String]| {
        lines
            .iter()
            .map(|l| format!("    |{l}\n"))
            .collect::<String>()
    };
    format!(
        "{file}:{}: $ {}\n  shown (normalised):\n{}  printed (normalised):\n{}  printed (raw):\n{}",
        step.line,
        step.command,
        indent(shown),
        indent(got),
        indent(&output_lines(raw)),
    )
}

/// Compares one step; `subst` maps values in the raw output back to the doc's.
fn check_step(
    file: &str,
    step: &Step,
    raw: &str,
    status: i32,
    subst: &[(String, String)],
) -> Option<String> {
    let mut text = raw.to_owned();
    for (actual, shown) in subst {
        text = text.replace(actual.as_str(), shown);
    }
    let shown: Vec<String> = step.expected.iter().map(|l| normalise(l)).collect();
    let got: Vec<String> = output_lines(&text).iter().map(|l| normalise(l)).collect();
    if !lines_match(&shown, &got) {
        return Some(report(file, step, &shown, &got, raw));
    }
    if status != 0 {
        return Some(format!(
            "{file}:{}: $ {}\n  exited with status {status}: a session that shows a failure \
             shows it with `; echo \"exit $?\"`\n",
            step.line, step.command
        ));
    }
    None
}

/// Runs one session block; returns the failures.
fn run_session(file: &str, dir: &Path, steps: &[Step]) -> Vec<String> {
    let mut steps: Vec<Step> = steps
        .iter()
        .map(|s| Step {
            command: as_jot(&s.command),
            ..s.clone()
        })
        .collect();
    if let Some(s) = steps
        .iter()
        .skip(1)
        .find(|s| s.command.starts_with("jot serve"))
    {
        return vec![format!(
            "{file}:{}: `jot serve` must be the first command of its block",
            s.line
        )];
    }
    let mut server = None;
    let mut subst: Vec<(String, String)> = Vec::new(); // (actual, shown)
    if steps[0].command.starts_with("jot serve") {
        let first = steps.remove(0);
        let args: Vec<&str> = first.command.split_whitespace().skip(1).collect();
        let mut started = match Server::start(&args) {
            Ok(s) => s,
            Err(e) => return vec![format!("{file}:{}: {e}", first.line)],
        };
        let Some(shown_addr) = first
            .expected
            .first()
            .and_then(|l| l.split("http://").nth(1))
            .and_then(|s| s.split_whitespace().next())
        else {
            return vec![format!(
                "{file}:{}: the shown banner names no http:// address",
                first.line
            )];
        };
        subst.push((started.addr.clone(), shown_addr.to_owned()));
        // Values shown in the banner before any `...` that a reader copies
        // (the password) are the server's own.
        let shown_head: Vec<&String> = first
            .expected
            .iter()
            .take_while(|l| l.trim() != "...")
            .collect();
        let printed = match started.wait_for_lines(shown_head.len()) {
            Ok(lines) => lines,
            Err(e) => return vec![format!("{file}:{}: {e}", first.line)],
        };
        for (shown, printed) in shown_head.iter().zip(&printed) {
            let printed = printed.replace(&started.addr, shown_addr);
            for (s, p) in random_runs(shown).into_iter().zip(random_runs(&printed)) {
                if s != p {
                    subst.push((p.to_owned(), s.to_owned()));
                }
            }
        }
        server = Some((first, started));
    }
    // Commands use the real values: shown -> actual.
    let commands: Vec<String> = steps
        .iter()
        .map(|s| {
            subst.iter().fold(s.command.clone(), |c, (actual, shown)| {
                c.replace(shown.as_str(), actual)
            })
        })
        .collect();
    if commands.iter().any(|c| c.contains("curl ")) {
        let curl = Command::new("curl").arg("--version").output();
        if !curl.is_ok_and(|o| o.status.success()) {
            return vec![format!(
                "{file}:{}: this session needs curl, which is not installed: \
                 apt-get install -y curl",
                steps[0].line
            )];
        }
    }
    let mut failures = Vec::new();
    match run_script(dir, &commands) {
        Err(e) => failures.push(format!("{file}:{}: {e}", steps[0].line)),
        Ok(results) => {
            for (step, (raw, status)) in steps.iter().zip(&results) {
                failures.extend(check_step(file, step, raw, *status, &subst));
            }
        }
    }
    if let Some((first, started)) = server {
        let printed = started.output.lock().expect("lock").join("\n");
        drop(started);
        failures.extend(check_step(file, &first, &printed, 0, &subst));
    }
    failures
}

/// Runs every block of one Markdown file (`rel`, relative to the workspace
/// root) and panics with every failure; returns (sessions run, blocks not
/// run).
fn run_file(rel: &str) -> (usize, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): this test runs in a clone of the workspace, \
             not from the packaged crate",
            path.display()
        )
    });
    let dir = TempDir::new("readme");
    let work = dir.path("");
    let mut failures = Vec::new();
    let (mut run, mut not_run) = (0, 0);
    for block in parse_blocks(&text) {
        match block.kind {
            BlockKind::NotRun { reason } => {
                if reason.is_empty() {
                    failures.push(format!("{rel}:{}: `not run` needs a reason", block.line));
                }
                eprintln!("{rel}:{}: not run: {reason}", block.line);
                not_run += 1;
            }
            BlockKind::Unmarked => failures.push(format!(
                "{rel}:{}: a ```text block that is no session (its first line is not `$ ...`); \
                 mark it with `{NOT_RUN} REASON -->` on the line before",
                block.line
            )),
            BlockKind::Session(steps) => {
                run += 1;
                failures.extend(run_session(rel, &work, &steps));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the sessions in {rel} do not match what jot prints:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    (run, not_run)
}

#[test]
fn readme_sessions_match_what_jot_prints() {
    let (run, not_run) = run_file("README.md");
    // Run: the server, the command line, JWE, nested JWT. Not run, each with
    // its reason printed: the two terminals of ECDH-ES (cli/tests/jwe.rs) and
    // the two instances on one Redis (cli/tests/cluster.rs).
    assert!(run >= 4, "only {run} sessions found in README.md");
    assert!(not_run <= 2, "{not_run} blocks of README.md are not run");
}

#[test]
fn cli_readme_sessions_match_what_jot_prints() {
    let (run, not_run) = run_file("cli/README.md");
    assert!(run >= 3, "only {run} sessions found in cli/README.md");
    assert!(
        not_run <= 1,
        "{not_run} blocks of cli/README.md are not run"
    );
}

// ------------------------------------------- the checker itself, checked

#[test]
fn normalising_masks_random_values_and_keeps_words() {
    assert_eq!(
        normalise(r#"{"kid":"demo","x":"rnSyHexjOsEBUPgjp7wP2B2cD2vg-NZhnRQhaAa3_H8"}"#),
        r#"{"kid":"demo","x":"<b64>"}"#
    );
    assert_eq!(
        normalise("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.abc"),
        "<b64>.<b64>.abc"
    );
    // All-lower-case words are kept, however long.
    assert_eq!(
        normalise("error: unsupported_algorithm: x"),
        "error: unsupported_algorithm: x"
    );
    assert_eq!(
        normalise("  exp 1795421571 vs now 1795417971, leeway 0: not expired\r"),
        "  exp <time> vs now <time>, leeway 0: not expired"
    );
    // Numbers of other lengths are kept.
    assert_eq!(
        normalise("249 bytes, limit 65536 17954215710"),
        "249 bytes, limit 65536 17954215710"
    );
    assert_eq!(
        normalise("  exp (expiration time): 1795421571 = 2026-11-23 08:12:51 UTC, expires in 1 h"),
        "  exp (expiration time): <time> = <date>, expires <relative>"
    );
    assert_eq!(
        normalise("  iat (issued at): 1795417971 = 2026-11-23 07:12:51 UTC, issued now"),
        normalise("  iat (issued at): 1795417972 = 2026-11-23 07:12:52 UTC, issued 1 s ago"),
    );
    assert_ne!(normalise("issued now"), normalise("issued 1 s ago"));
}

#[test]
fn ellipses_match_runs_and_nothing_else() {
    let v = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(lines_match(
        &v(&["a", "...", "d"]),
        &v(&["a", "b", "c", "d"])
    ));
    assert!(lines_match(&v(&["a", "...", "d"]), &v(&["a", "d"])));
    assert!(!lines_match(&v(&["a", "...", "d"]), &v(&["a", "b", "e"])));
    assert!(!lines_match(&v(&["a", "b"]), &v(&["a", "b", "c"])));
    assert!(!lines_match(&v(&["a", "b", "c"]), &v(&["a", "b"])));
    assert!(line_matches(
        r#"{"t":"<b64>...","n":1}"#,
        r#"{"t":"<b64>.<b64>.<b64>","n":1}"#
    ));
    assert!(!line_matches(
        r#"{"t":"<b64>...","n":1}"#,
        r#"{"t":"<b64>","n":2}"#
    ));
    assert!(!line_matches("ab...ba", "aba"));
}

#[test]
fn blocks_are_sessions_or_marked() {
    let md = "text\n\n<!-- session: not run: two terminals -->\n```text\nrecipient$ x\n```\n\
              ```text\n$ jot a \\\n  --b\nout\n...\n$ jot c\n```\n```text\nplain\n```\n```sh\nx\n```\n";
    let blocks = parse_blocks(md);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    assert!(matches!(&blocks[0].kind, BlockKind::NotRun { reason } if reason == "two terminals"));
    let BlockKind::Session(steps) = &blocks[1].kind else {
        panic!("{blocks:?}")
    };
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].command, "jot a   --b");
    assert_eq!(steps[0].line, 8);
    assert_eq!(steps[0].expected, ["out", "..."]);
    assert!(steps[1].expected.is_empty());
    assert!(matches!(blocks[2].kind, BlockKind::Unmarked));
    assert_eq!(
        as_jot("cargo run --release -p jot-jose-cli -- serve"),
        "jot serve"
    );
}

#[test]
fn a_script_reports_each_output_and_status() {
    let dir = TempDir::new("readme-script");
    let results = run_script(
        &dir.path(""),
        &[
            "printf 'no newline'".to_owned(),
            "echo out; echo err >&2; false".to_owned(),
            "jot --version > /dev/null".to_owned(),
        ],
    )
    .unwrap();
    assert_eq!(results[0], ("no newline".to_owned(), 0));
    assert_eq!(results[1], ("out\nerr\n".to_owned(), 1));
    assert_eq!(results[2], (String::new(), 0), "jot is on PATH");
}
