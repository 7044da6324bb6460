//! The runner: starts the adapter once, feeds it every case, classifies the
//! answers and keeps the score.
//!
//! The adapter is a child process (`sh -c COMMAND`). A writer thread feeds its
//! stdin and a reader thread collects its stdout lines, so a hung adapter
//! never blocks the runner: a case without an answer within the timeout is a
//! failure, the adapter is restarted, and after [`MAX_RESTARTS`] consecutive
//! deaths the remaining cases fail without another try.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::case::{Expect, Level, Suite, CATEGORIES};
use crate::classify::Table;
use crate::protocol::{Request, Response};

/// Consecutive timeouts or crashes after which the adapter is given up.
pub const MAX_RESTARTS: usize = 5;

/// What happened to one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Outcome {
    /// The library did what the case expects.
    Pass,
    /// The library accepted what it must reject, or rejected what it must accept.
    Fail(String),
    /// The library rejected, as expected, but for another reason than the case's.
    WrongReason(String),
    /// No usable answer: timeout, crash, or a malformed line.
    Error(String),
    /// The adapter said its library cannot express the request.
    Unsupported(String),
}

impl Outcome {
    fn key(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail(_) => "fail",
            Outcome::WrongReason(_) => "wrong_reason",
            Outcome::Error(_) => "error",
            Outcome::Unsupported(_) => "unsupported",
        }
    }

    /// A failure (wrong answer or no answer): what a `must` case may never have.
    pub fn failed(&self) -> bool {
        matches!(self, Outcome::Fail(_) | Outcome::Error(_))
    }
}

/// One case's line of the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// `tcId`.
    pub tc_id: u32,
    /// The case's stable name.
    pub name: String,
    /// Its category.
    pub category: String,
    /// `must` or `should`.
    pub level: Level,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The case's rationale.
    pub comment: String,
    /// The case's references.
    pub references: Vec<String>,
}

/// Counts for one category and level.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    /// Cases run.
    pub total: usize,
    /// Passed.
    pub pass: usize,
    /// Failed (wrong answer).
    pub fail: usize,
    /// Rejected for another reason.
    pub wrong_reason: usize,
    /// No usable answer.
    pub error: usize,
    /// Unsupported by the library.
    pub unsupported: usize,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// The adapter's label (`--name`, or the command).
    pub adapter: String,
    /// The suite's seed.
    pub seed: u64,
    /// The suite's clock.
    pub now: i64,
    /// `category -> level -> counts`.
    pub totals: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Every case, in order.
    pub cases: Vec<CaseResult>,
}

impl Scorecard {
    /// The `must` cases that failed (wrong answer or no answer).
    pub fn must_failures(&self) -> Vec<&CaseResult> {
        self.cases
            .iter()
            .filter(|c| c.level == Level::Must && c.outcome.failed())
            .collect()
    }

    /// The `should` cases that failed.
    pub fn should_failures(&self) -> Vec<&CaseResult> {
        self.cases
            .iter()
            .filter(|c| c.level == Level::Should && c.outcome.failed())
            .collect()
    }

    /// Cases with this outcome kind (`pass`, `fail`, `wrong_reason`, `error`, `unsupported`).
    pub fn with(&self, kind: &str) -> Vec<&CaseResult> {
        self.cases
            .iter()
            .filter(|c| c.outcome.key() == kind)
            .collect()
    }

    /// Totals over every category of one level.
    pub fn level_total(&self, level: Level) -> Tally {
        let mut t = Tally::default();
        for by_level in self.totals.values() {
            if let Some(x) = by_level.get(&level.to_string()) {
                t.total += x.total;
                t.pass += x.pass;
                t.fail += x.fail;
                t.wrong_reason += x.wrong_reason;
                t.error += x.error;
                t.unsupported += x.unsupported;
            }
        }
        t
    }

    /// The scorecard as text: totals, then every failed case with its rationale.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(out, "jot-conformance scorecard: {}", self.adapter);
        let _ = writeln!(
            out,
            "seed {}  now {}  cases {}",
            self.seed,
            self.now,
            self.cases.len()
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<10} {:>12} {:>12} {:>13} {:>12}",
            "category", "must", "should", "wrong reason", "unsupported"
        );
        let cell = |t: Option<&Tally>| match t {
            Some(t) => format!("{}/{}", t.pass, t.total - t.unsupported),
            None => "-".into(),
        };
        for cat in CATEGORIES {
            let Some(by) = self.totals.get(cat) else {
                continue;
            };
            let wr: usize = by.values().map(|t| t.wrong_reason).sum();
            let un: usize = by.values().map(|t| t.unsupported).sum();
            let _ = writeln!(
                out,
                "{:<10} {:>12} {:>12} {:>13} {:>12}",
                cat,
                cell(by.get("must")),
                cell(by.get("should")),
                wr,
                un
            );
        }
        let m = self.level_total(Level::Must);
        let s = self.level_total(Level::Should);
        let _ = writeln!(
            out,
            "{:<10} {:>12} {:>12} {:>13} {:>12}",
            "total",
            format!("{}/{}", m.pass, m.total - m.unsupported),
            format!("{}/{}", s.pass, s.total - s.unsupported),
            m.wrong_reason + s.wrong_reason,
            m.unsupported + s.unsupported
        );
        let _ = writeln!(
            out,
            "(pass/run; a rejection for another reason counts as a pass and is listed below)"
        );
        let section = |out: &mut String, title: &str, list: Vec<&CaseResult>| {
            if list.is_empty() {
                return;
            }
            let _ = writeln!(out, "\n{title} ({}):", list.len());
            for c in list {
                let detail = match &c.outcome {
                    Outcome::Fail(d)
                    | Outcome::WrongReason(d)
                    | Outcome::Error(d)
                    | Outcome::Unsupported(d) => d.as_str(),
                    Outcome::Pass => "",
                };
                let _ = writeln!(out, "  [{}] {} #{}: {}", c.level, c.name, c.tc_id, detail);
                let _ = writeln!(out, "      why: {}", c.comment);
                let _ = writeln!(out, "      see: {}", c.references.join(", "));
            }
        };
        section(&mut out, "FAILED must cases", self.must_failures());
        section(&mut out, "failed should cases", self.should_failures());
        section(
            &mut out,
            "rejected for another reason",
            self.with("wrong_reason"),
        );
        section(&mut out, "unsupported", self.with("unsupported"));
        let _ = writeln!(
            out,
            "\n{}\n",
            if self.must_failures().is_empty() {
                "RESULT: every must case passes".to_owned()
            } else {
                format!("RESULT: {} must case(s) FAILED", self.must_failures().len())
            }
        );
        out
    }
}

/// How to run an adapter.
pub struct Options {
    /// The shell command line of the adapter.
    pub command: String,
    /// The label for the scorecard.
    pub name: String,
    /// How its error texts map to classes.
    pub table: Table,
    /// Per case.
    pub timeout: Duration,
}

struct Adapter {
    child: Child,
    to_stdin: Sender<String>,
    lines: Receiver<String>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Adapter {
    fn start(command: &str) -> Result<Adapter, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start adapter `{command}`: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("adapter stdin")?;
        let stdout = child.stdout.take().ok_or("adapter stdout")?;
        let mut stderr = child.stderr.take().ok_or("adapter stderr")?;
        let (to_stdin, from_runner) = mpsc::channel::<String>();
        thread::spawn(move || {
            for line in from_runner {
                if stdin.write_all(line.as_bytes()).is_err() || stdin.flush().is_err() {
                    break;
                }
            }
        });
        let (to_runner, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if to_runner.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => {
                        // Not UTF-8: still an answer, and a malformed one.
                        if to_runner.send(String::from("\u{fffd}")).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let buf = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&buf);
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let (Ok(mut b), Some(bytes)) = (keep.lock(), chunk.get(..n)) {
                    b.extend_from_slice(bytes);
                    let len = b.len();
                    if len > 4096 {
                        b.drain(..len - 4096);
                    }
                }
            }
        });
        Ok(Adapter {
            child,
            to_stdin,
            lines,
            stderr: buf,
        })
    }

    fn stderr_tail(&self) -> String {
        let text = self
            .stderr
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let text = text.trim();
        let tail: String = text
            .chars()
            .rev()
            .take(300)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if tail.is_empty() {
            String::new()
        } else {
            format!("; stderr: {}", tail.replace('\n', " | "))
        }
    }

    fn stop(mut self) {
        drop(self.to_stdin);
        // Give a well-behaved adapter a moment to exit on EOF, then kill it.
        for _ in 0..20 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(25));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs every case of `suite` through the adapter.
///
/// # Errors
///
/// When the adapter cannot be started at all.
pub fn run(suite: &Suite, opts: &Options) -> Result<Scorecard, String> {
    let mut adapter = Some(Adapter::start(&opts.command)?);
    let mut deaths = 0usize;
    let mut cases = Vec::new();
    for (group, case) in suite.cases() {
        let outcome = if deaths >= MAX_RESTARTS {
            Outcome::Error(format!(
                "adapter given up after {MAX_RESTARTS} consecutive timeouts or crashes"
            ))
        } else {
            let a = match adapter.take() {
                Some(a) => a,
                None => Adapter::start(&opts.command)?,
            };
            let req = Request::new(group, case);
            let line = serde_json::to_string(&req).map_err(|e| e.to_string())? + "\n";
            let _ = a.to_stdin.send(line);
            match await_answer(&a, case.tc_id, opts.timeout) {
                Ok(resp) => {
                    deaths = 0;
                    adapter = Some(a);
                    judge(case, &resp, &opts.table)
                }
                Err((why, dead)) => {
                    if dead {
                        deaths += 1;
                        let why = format!("{why}{}", a.stderr_tail());
                        a.stop();
                        Outcome::Error(why)
                    } else {
                        deaths = 0;
                        adapter = Some(a);
                        Outcome::Error(why)
                    }
                }
            }
        };
        cases.push(CaseResult {
            tc_id: case.tc_id,
            name: case.name.clone(),
            category: case.category.clone(),
            level: case.level,
            outcome,
            comment: case.comment.clone(),
            references: case.references.clone(),
        });
    }
    if let Some(a) = adapter {
        a.stop();
    }
    let mut totals: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
    for c in &cases {
        let t = totals
            .entry(c.category.clone())
            .or_default()
            .entry(c.level.to_string())
            .or_default();
        t.total += 1;
        match c.outcome {
            Outcome::Pass => t.pass += 1,
            Outcome::Fail(_) => t.fail += 1,
            Outcome::WrongReason(_) => {
                t.pass += 1;
                t.wrong_reason += 1;
            }
            Outcome::Error(_) => t.error += 1,
            Outcome::Unsupported(_) => t.unsupported += 1,
        }
    }
    Ok(Scorecard {
        adapter: opts.name.clone(),
        seed: suite.seed,
        now: suite.now,
        totals,
        cases,
    })
}

/// Waits for the answer to `id`. `Err((why, dead))`: `dead` when the adapter
/// must be restarted (crash or timeout), not when it answered badly.
fn await_answer(a: &Adapter, id: u32, timeout: Duration) -> Result<Response, (String, bool)> {
    let line = match a.lines.recv_timeout(timeout) {
        Ok(line) => line,
        Err(RecvTimeoutError::Timeout) => {
            return Err((
                format!("no answer within {} s (timeout)", timeout.as_secs_f32()),
                true,
            ))
        }
        Err(RecvTimeoutError::Disconnected) => {
            return Err(("the adapter exited without answering (crash)".into(), true))
        }
    };
    let shown: String = line.chars().take(120).collect();
    let resp: Response = serde_json::from_str(&readable(&line))
        .map_err(|e| (format!("malformed answer ({e}): {shown:?}"), false))?;
    if resp.id != id {
        return Err((
            format!("answer for id {} to request {id}: {shown:?}", resp.id),
            false,
        ));
    }
    match resp.result.as_str() {
        "accept" if !resp.claims.as_ref().is_some_and(Value::is_object) => Err((
            "malformed answer: accept without a claims object".into(),
            false,
        )),
        "reject" if resp.error.as_deref().is_none_or(str::is_empty) => {
            Err(("malformed answer: reject without error text".into(), false))
        }
        "accept" | "reject" | "unsupported" => Ok(resp),
        other => Err((format!("malformed answer: result {other:?}"), false)),
    }
}

fn judge(case: &crate::case::Case, resp: &Response, table: &Table) -> Outcome {
    let error = resp.error.clone().unwrap_or_default();
    let shown: String = error.chars().take(160).collect();
    match (resp.result.as_str(), case.result) {
        // A library that cannot verify an algorithm's positive control is not
        // scored on that algorithm by skipping: that is a failure (use --filter).
        ("unsupported", _) if case.category == "positive" && case.level == Level::Must => {
            Outcome::Fail(format!("unsupported positive control: {shown}"))
        }
        ("unsupported", _) => Outcome::Unsupported(shown),
        ("accept", Expect::Valid | Expect::Acceptable) => Outcome::Pass,
        ("accept", Expect::Invalid) => Outcome::Fail("accepted".into()),
        (_, Expect::Valid) => Outcome::Fail(format!("rejected a valid token: {shown}")),
        (_, Expect::Acceptable) => Outcome::Pass,
        (_, Expect::Invalid) => {
            let class = table.classify(&error);
            if case.errors.contains(&class) {
                Outcome::Pass
            } else {
                let want: Vec<&str> = case.errors.iter().map(|c| c.name()).collect();
                Outcome::WrongReason(format!(
                    "rejected as {class}, expected {}: {shown}",
                    want.join(" or ")
                ))
            }
        }
    }
}

/// The answer line with what some JSON encoders emit for values JSON cannot
/// carry made readable: bare `NaN` and `Infinity` become `null`, lone
/// surrogate escapes become U+FFFD (Python's `json.dumps` and JavaScript's
/// `JSON.stringify` write both for claims a lenient library accepted).
/// Anything else that is not JSON stays a malformed answer.
pub fn readable(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if let Some(after) = rest.strip_prefix("\\u") {
                let unit = after.get(..4).and_then(|h| u16::from_str_radix(h, 16).ok());
                match unit {
                    Some(0xd800..=0xdbff) => {
                        let lo = after
                            .get(4..10)
                            .and_then(|n| n.strip_prefix("\\u"))
                            .and_then(|h| u16::from_str_radix(h, 16).ok());
                        if lo.is_some_and(|lo| (0xdc00..=0xdfff).contains(&lo)) {
                            out.push_str(rest.get(..12).unwrap_or(""));
                            rest = rest.get(12..).unwrap_or("");
                        } else {
                            out.push_str("\\ufffd");
                            rest = rest.get(6..).unwrap_or("");
                        }
                        continue;
                    }
                    Some(0xdc00..=0xdfff) => {
                        out.push_str("\\ufffd");
                        rest = rest.get(6..).unwrap_or("");
                        continue;
                    }
                    _ => {}
                }
            }
            if let Some(after) = rest.strip_prefix('\\') {
                out.push('\\');
                if let Some(e) = after.chars().next() {
                    out.push(e);
                    rest = after.get(e.len_utf8()..).unwrap_or("");
                } else {
                    rest = after;
                }
                continue;
            }
            if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else {
            let mut replaced = false;
            for word in ["NaN", "-Infinity", "Infinity"] {
                if let Some(after) = rest.strip_prefix(word) {
                    out.push_str("null");
                    rest = after;
                    replaced = true;
                    break;
                }
            }
            if replaced {
                continue;
            }
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn readable_fixes_only_what_encoders_emit() {
        assert_eq!(
            readable(r#"{"a":NaN,"b":"NaN","c":-Infinity}"#),
            r#"{"a":null,"b":"NaN","c":null}"#
        );
        assert_eq!(readable(r#"{"s":"x\ud800y"}"#), r#"{"s":"x\ufffdy"}"#);
        assert_eq!(
            readable(r#"{"s":"\ud83d\ude00"}"#),
            r#"{"s":"\ud83d\ude00"}"#
        );
        assert_eq!(readable(r#"{"s":"\"NaN\\"}"#), r#"{"s":"\"NaN\\"}"#);
        assert_eq!(readable("garbage"), "garbage");
    }
}
