//! `jot explain`: a token taken apart for a learner, and, given a key, each
//! verification step the library ran, from its own trace.

use std::io::IsTerminal;

use jot::jwt::{self, Outcome, Step};
use jot::{jws, Algorithm};
use serde_json::{Map, Value};

use crate::keys::{self, KeyArgs};
use crate::sign::parse_alg;
use crate::time;
use crate::verify::Checks;
use crate::Failure;

/// Explain a token step by step, for learning (and debugging).
///
/// Shows the segments, the decoded header and payload, the signing input, the
/// signature bytes, the algorithm, the times, and, with a key, every
/// verification check the library runs, in order, with its outcome.
///
/// Exit 0 if the token verified, or if no key was given and it decoded;
/// exit 1 if it could not be decoded or verification failed. Without --alg,
/// the token's own alg is used as the allow-list, and the output says so:
/// a real verifier must never do that (RFC 8725 §3.1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The token, or - to read it from standard input.
    #[arg(value_name = "TOKEN")]
    pub token: String,
    #[command(flatten)]
    pub key: KeyArgs,
    /// An accepted algorithm; repeat for several (default: the token's own alg, for
    /// explaining only).
    #[arg(long = "alg", value_name = "ALG", value_parser = parse_alg)]
    pub algs: Vec<Algorithm>,
    #[command(flatten)]
    pub checks: Checks,
}

/// Text styling: ANSI colours only when stdout is a terminal and `NO_COLOR`
/// is unset.
struct Style {
    color: bool,
}

impl Style {
    fn detect() -> Style {
        Style {
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn pass(&self, text: &str) -> String {
        self.paint("32", text)
    }

    fn fail(&self, text: &str) -> String {
        self.paint("31", text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// The report, built as text and printed at once.
struct Report {
    text: String,
    style: Style,
}

impl Report {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    fn section(&mut self, title: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let title = self.style.heading(title);
        self.line(&title);
    }

    /// Each line of `block`, indented by two spaces.
    fn block(&mut self, block: &str) {
        for l in block.lines() {
            self.line(&format!("  {l}"));
        }
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let token = keys::read_arg(&args.token)?;
    let mut r = Report {
        text: String::new(),
        style: Style::detect(),
    };
    let (now, clock) = match args.checks.now {
        Some(now) => (now, "from --now"),
        None => (time::now(), "system clock"),
    };

    segments(&mut r, &token);
    let decoded = jwt::decode_unverified(&token);
    let header_alg = match &decoded {
        Ok(t) => {
            decoded_parts(&mut r, t);
            times(&mut r, t.claims.as_ref(), now, clock);
            t.header.get("alg").cloned()
        }
        Err(e) => {
            r.section("The token cannot be decoded");
            r.line(&format!("  {}: {}", e.kind(), e.detail()));
            None
        }
    };

    let outcome = if args.key.given() {
        verification(&mut r, args, &token, header_alg.as_ref(), now)
    } else {
        r.section("Verification");
        r.line("  No key given: nothing above was verified, the token may be forged.");
        r.line("  Give --key FILE, --secret, --secret-file or --secret-env to check it.");
        decoded.map(|_| ()).map_err(Failure::Explained)
    };
    crate::print_line(r.text.trim_end())?;
    outcome
}

fn segments(r: &mut Report, token: &str) {
    r.section("1. Segments (RFC 7515 §7.1): BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)");
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() == 3 {
        for (label, part) in ["header", "payload", "signature"].iter().zip(&parts) {
            r.line(&format!("  {label:<10} {part}"));
        }
    } else {
        r.line(&format!(
            "  {} segment(s): a compact JWS has exactly three, separated by '.'",
            parts.len()
        ));
    }
}

fn decoded_parts(r: &mut Report, t: &jwt::Unverified) {
    r.section("2. Header, decoded (JSON object; members shown sorted)");
    r.block(&pretty(&Value::Object(t.header.clone())));

    r.section("3. Payload, decoded");
    match (&t.claims, std::str::from_utf8(&t.payload)) {
        (Some(claims), _) => {
            r.line("  a JSON object: the JWT claims set (RFC 7519 §4; members shown sorted)");
            r.block(&pretty(&Value::Object(claims.clone())));
        }
        (None, Ok(text)) => {
            r.line(&format!(
                "  {} bytes of text, not a JSON object (so not a JWT claims set):",
                t.payload.len()
            ));
            r.line(&format!("  {text:?}"));
        }
        (None, Err(_)) => {
            r.line(&format!(
                "  {} bytes, not text (so not a JWT claims set)",
                t.payload.len()
            ));
        }
    }

    r.section("4. Signing input: the exact ASCII bytes the signature covers (RFC 7515 §5.1)");
    r.line(&format!("  {}", t.signing_input));

    r.section("5. Signature, decoded");
    r.line(&format!("  {} bytes:", t.signature.len()));
    for chunk in t.signature.chunks(32) {
        let hex: String = chunk.iter().map(|b| format!("{b:02x}")).collect();
        r.line(&format!("  {hex}"));
    }

    r.section("6. Algorithm (header \"alg\", RFC 7518 §3.1)");
    match t.header.get("alg") {
        Some(Value::String(name)) => match name.parse::<Algorithm>() {
            Ok(alg) => r.line(&format!("  {alg}: {}", alg.describe())),
            Err(e) => r.line(&format!("  {name:?}: {e}")),
        },
        Some(other) => r.line(&format!("  {other}: not a string, so no algorithm")),
        None => r.line("  absent: a JWS header must have \"alg\" (RFC 7515 §4.1.1)"),
    }
}

fn times(r: &mut Report, claims: Option<&Map<String, Value>>, now: i64, clock: &str) {
    r.section(&format!("7. Times (now is {}, {clock})", time::utc(now)));
    let Some(claims) = claims else {
        r.line("  no claims set, so no exp, nbf or iat");
        return;
    };
    let rows = [
        ("exp", "expiration time, RFC 7519 §4.1.4"),
        ("nbf", "not before, RFC 7519 §4.1.5"),
        ("iat", "issued at, RFC 7519 §4.1.6"),
    ];
    for (name, what) in rows {
        let text = match claims.get(name) {
            None => "absent".to_owned(),
            Some(Value::Number(n)) => match n.as_f64().filter(|f| f.is_finite()) {
                // Saturating float-to-int: only for display.
                Some(f) => {
                    #[allow(clippy::cast_possible_truncation)]
                    let t = f.floor() as i64;
                    format!("{n} = {}, {}", time::utc(t), when(name, t, now))
                }
                None => format!("{n}: out of range"),
            },
            Some(other) => {
                format!("{other}: not a number, which a NumericDate must be (RFC 7519 §2)")
            }
        };
        r.line(&format!("  {name} ({what}): {text}"));
    }
}

/// "expires in 59 min", "expired 3 days ago", and the like (also the web
/// debugger's times).
pub fn when(claim: &str, t: i64, now: i64) -> String {
    let rel = time::relative(t, now);
    match (claim, t.cmp(&now)) {
        ("exp", std::cmp::Ordering::Greater) => format!("expires {rel}"),
        ("exp", std::cmp::Ordering::Equal) => "expired now (exp == now is expired)".to_owned(),
        ("exp", _) => format!("expired {rel}"),
        ("nbf", std::cmp::Ordering::Greater) => format!("becomes valid {rel}"),
        ("nbf", _) => format!("valid since {rel}"),
        ("iat", std::cmp::Ordering::Greater) => format!("issued in the future ({rel})"),
        _ => format!("issued {rel}"),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn verification(
    r: &mut Report,
    args: &Args,
    token: &str,
    header_alg: Option<&Value>,
    now: i64,
) -> Result<(), Failure> {
    let what = if args.checks.jws {
        "JWS only, RFC 7515 §5.2"
    } else {
        "RFC 7515 §5.2, then RFC 7519 §7.2"
    };
    r.section(&format!("8. Verification, step by step ({what})"));
    let algs: Vec<Algorithm> = if args.algs.is_empty() {
        let from_header = header_alg
            .and_then(Value::as_str)
            .and_then(|name| name.parse::<Algorithm>().ok());
        match from_header {
            Some(alg) => {
                r.line(&format!(
                    "  allow-list: {alg}, TAKEN FROM THE TOKEN'S OWN HEADER because no --alg was given."
                ));
                r.line("  That is for explaining only: a verifier must fix its algorithms itself (RFC 8725 §3.1).");
                vec![alg]
            }
            None => {
                r.line(
                    "  allow-list: empty (no --alg given, and the header names no supported alg)",
                );
                Vec::new()
            }
        }
    } else {
        let names: Vec<&str> = args.algs.iter().map(|a| a.name()).collect();
        r.line(&format!("  allow-list: {} (from --alg)", names.join(", ")));
        args.algs.clone()
    };

    let input = args.key.require()?;
    let keys = match keys::verifiers(input, &algs) {
        Ok(keys) => keys,
        Err(Failure::Key(e)) => {
            let mark = r.style.fail("✗");
            r.line(&format!("  {mark} {:<10} {e}", "key"));
            let failed = r.style.fail(&format!("result: NOT VERIFIED (key: {e})"));
            r.line(&format!("  {failed}"));
            return Err(Failure::Key(e));
        }
        Err(other) => return Err(other),
    };

    let (result, steps) = if args.checks.jws {
        let (res, steps) = jws::verify_traced(token, &keys, &algs);
        (res.map(|_| ()), steps)
    } else {
        // The same instant as the times shown above.
        let validation = args.checks.validation(&algs).now(now);
        let (res, steps) = jwt::verify_traced::<Value>(token, &keys, &validation);
        (res.map(|_| ()), steps)
    };
    for step in &steps {
        let s = step_line(&r.style, step);
        r.line(&s);
    }
    let line = verdict(&result);
    match result {
        Ok(()) => {
            let done = r.style.pass(&format!("result: {line}"));
            r.line(&format!("  {done}"));
            Ok(())
        }
        Err(e) => {
            let failed = r.style.fail(&format!("result: NOT VERIFIED ({line})"));
            r.line(&format!("  {failed}"));
            Err(Failure::Explained(e))
        }
    }
}

fn step_line(style: &Style, step: &Step) -> String {
    let (mark, detail) = match &step.outcome {
        Outcome::Pass => (style.pass("✓"), step.detail.clone()),
        Outcome::Fail(_) => (style.fail("✗"), step.detail.clone()),
        Outcome::Skipped => (style.dim("-"), style.dim(&step.detail)),
    };
    format!("  {mark} {:<10} {detail}", step.name)
}

/// One step of the trace as data, for the web debugger: `name`, `ok`
/// (`"true"`, `"false"` or `"skip"`, the page's `data-ok`) and the same
/// `detail` this report prints, so the page and `jot explain` cannot differ.
pub fn step_json(step: &Step) -> Value {
    let ok = match &step.outcome {
        Outcome::Pass => "true",
        Outcome::Fail(_) => "false",
        Outcome::Skipped => "skip",
    };
    serde_json::json!({"name": step.name, "ok": ok, "detail": step.detail})
}

/// The result line's text after `result: `: `VERIFIED`, or `KIND: detail`
/// of the first failure (the page's verdict starts the same way).
pub fn verdict(result: &Result<(), jot::Error>) -> String {
    match result {
        Ok(()) => "VERIFIED".to_owned(),
        Err(e) => format!("{}: {}", e.kind(), e.detail()),
    }
}
