//! `jot explain`: a token taken apart for a learner, and, given a key, each
//! verification step the library ran, from its own trace.

use std::io::IsTerminal;

use jot::jwt::{self, Outcome, Step};
use jot::{jws, Algorithm, KeyRejected};
use ring::hmac;
use serde_json::{Map, Value};

use crate::keys::{self, KeyArgs, KeyFile, KeyInput};
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
    /// The token to explain (a JWS or JWT): its text, or - to read it from standard input
    /// (`- < token.jwt`).
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
    let token = keys::read_token(&args.token)?;
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
            let (line, _) = told(e.clone(), &token).line();
            r.line(&format!("  {line}"));
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
    outcome.map_err(|failure| match failure {
        Failure::Explained(e) => told(e, &token),
        other => other,
    })
}

/// The closing error of a token that is a JWE: said as such, with the
/// command that decrypts it.
fn told(e: jot::Error, token: &str) -> Failure {
    match e {
        jot::Error::Malformed(jot::Malformed::SegmentCount) if crate::advice::is_jwe(token) => {
            Failure::Told(e, crate::advice::JWE_GIVEN.to_owned())
        }
        e => Failure::Explained(e),
    }
}

fn segments(r: &mut Report, token: &str) {
    r.section("1. Segments (RFC 7515 §7.1): BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)");
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() == 3 {
        for (label, part) in ["header", "payload", "signature"].iter().zip(&parts) {
            r.line(&format!("  {label:<10} {part}"));
        }
    } else if crate::advice::is_jwe(token) {
        r.line("  5 segments: a compact JWE (RFC 7516 §7.1: header . encrypted key . iv . ciphertext . tag),");
        r.line("  an encrypted token, not a signed one: decrypt it with `jot decrypt --key FILE`.");
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
    let secret = hmac_secret(&input);
    let keys = match keys::verifiers(input, &algs, args.key.key.as_deref()) {
        Ok(keys) => keys,
        Err(failure @ (Failure::Key(_) | Failure::Told(..))) => {
            let (line, _) = failure.line();
            let detail = line.strip_prefix("key: ").unwrap_or(&line);
            let mark = r.style.fail("✗");
            r.line(&format!("  {mark} {:<10} {detail}", "key"));
            if let (Failure::Key(e), Some(secret)) = (&failure, secret.as_deref()) {
                short_secret(r, e, token, header_alg, &algs, secret);
            }
            let failed = r.style.fail(&format!("result: NOT VERIFIED ({line})"));
            r.line(&format!("  {failed}"));
            return Err(failure);
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
            // A secret bound to one listed algorithm but too short for the
            // token's: the key step failed last, and the lesson goes under it.
            if let Some(secret) = secret.as_deref() {
                short_secret(r, &e, token, header_alg, &algs, secret);
            }
            let failure = told(e, token);
            let (line, _) = failure.line();
            let failed = r.style.fail(&format!("result: NOT VERIFIED ({line})"));
            r.line(&format!("  {failed}"));
            Err(failure)
        }
    }
}

/// The HMAC secret of a key input: `--secret*` bytes, or an `oct` JWK's `k`.
fn hmac_secret(input: &KeyInput) -> Option<Vec<u8>> {
    match input {
        KeyInput::Secret(secret) => Some(secret.clone()),
        KeyInput::File(KeyFile::One(jwk)) if jwk.is_symmetric() => {
            jot::b64::decode(jwk.k.as_deref()?, jot::Part::Key).ok()
        }
        KeyInput::File(_) => None,
    }
}

/// Whether `signature` is the `alg` MAC of `signing_input` under `secret`,
/// a secret jot's core refuses as too short (RFC 7518 §3.2) and so cannot
/// check: ring computes and compares it, in constant time. `None` when `alg`
/// is no HMAC or the signature is not base64url. `jot explain` and the web
/// debugger teach with it; neither ever accepts such a token.
pub fn short_mac_matches(
    alg: Algorithm,
    secret: &[u8],
    signing_input: &str,
    signature: &str,
) -> Option<bool> {
    let ring_alg = match alg {
        Algorithm::HS256 => hmac::HMAC_SHA256,
        Algorithm::HS384 => hmac::HMAC_SHA384,
        Algorithm::HS512 => hmac::HMAC_SHA512,
        _ => return None,
    };
    let mac = jot::b64::decode(signature, jot::Part::Signature).ok()?;
    let key = hmac::Key::new(ring_alg, secret);
    Some(hmac::verify(&key, signing_input.as_bytes(), &mac).is_ok())
}

/// For an HMAC secret refused as too short (RFC 7518 §3.2): whether the MAC
/// matches anyway, and why a verifier must still refuse. Only when the
/// token's own HMAC `alg` is in the allow-list; the MAC is compared by
/// `ring::hmac::verify`, in constant time, never here.
fn short_secret(
    r: &mut Report,
    e: &jot::Error,
    token: &str,
    header_alg: Option<&Value>,
    algs: &[Algorithm],
    secret: &[u8],
) {
    let jot::Error::KeyRejected(KeyRejected::TooSmall { min, actual, .. }) = e else {
        return;
    };
    let Some(alg) = header_alg
        .and_then(Value::as_str)
        .and_then(|name| name.parse::<Algorithm>().ok())
        .filter(|alg| algs.contains(alg))
    else {
        return;
    };
    let Ok(parts) = jws::split(token, jws::DEFAULT_MAX_TOKEN_LEN) else {
        return;
    };
    let Some(matches) = short_mac_matches(alg, secret, parts.signing_input, parts.signature) else {
        return;
    };
    let mut text = if matches {
        format!(
            "The MAC does match: the {alg} MAC of the signing input under this {actual}-byte \
             secret is the token's signature, so whoever made the token knows the secret. "
        )
    } else {
        format!("The MAC does not match either: this {actual}-byte secret did not make the token. ")
    };
    text.push_str(&format!(
        "A verifier must still refuse: RFC 7518 §3.2 requires a key of at least the hash size \
         ({min} bytes), because a short secret is most often a password, and one token is enough \
         to guess it offline, with no server to slow the guesses (RFC 8725 §2.2, §3.5); whoever \
         finds it can make tokens that verify. Sign with a random secret of {min} bytes or more, \
         such as `jot keygen --alg {alg}` makes."
    ));
    // Under the step's detail: two spaces, the mark, a space, the name in 10, a space.
    let pad = " ".repeat(15);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + word.chars().count() >= 80 {
            r.line(&format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    r.line(&format!("{pad}{line}"));
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
