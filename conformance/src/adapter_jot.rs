//! The jot adapter (`jot-conformance adapter-jot`): jot's recommended API,
//! `jwt::verify` with a [`jot::JwkSet`] and a [`jot::jwt::Validation`] built
//! from the request: the allow-list, the clock, leeway, issuer, audience and
//! required claims. `exp` is required by jot unless the request leaves it out
//! of `required` (then `allow_missing_exp`).

use std::io::{BufRead, Write};

use jot::jwt::{self, Validation};
use jot::{Algorithm, JwkSet};
use serde_json::Value;

use crate::protocol::{Request, Response};

/// Answers one request with jot.
pub fn answer(req: &Request) -> Response {
    match verify(req) {
        Ok(claims) => Response::accept(req.id, claims),
        Err(e) => Response::reject(req.id, format!("{}: {e}", e.kind())),
    }
}

fn verify(req: &Request) -> jot::Result<Value> {
    let keys = JwkSet::from_json(&req.keys.to_string())?;
    // A name jot does not know cannot be allowed; the rest of the list stands.
    let algs: Vec<Algorithm> = req
        .algorithms
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect();
    let now = req.now;
    let mut v = Validation::new(&algs).now(now).leeway(req.leeway);
    if let Some(iss) = &req.issuer {
        v = v.issuer(iss);
    }
    if let Some(aud) = &req.audience {
        v = v.audience(aud);
    }
    if !req.required.iter().any(|c| c == "exp") {
        v = v.allow_missing_exp();
    }
    for claim in &req.required {
        v = v.require(claim);
    }
    Ok(jwt::verify::<Value>(&req.token, &keys, &v)?.claims)
}

/// The adapter loop: a request per stdin line, an answer per stdout line.
///
/// # Errors
///
/// I/O errors on stdin or stdout.
pub fn serve(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let resp = match serde_json::from_str::<Request>(&line) {
            Ok(req) => answer(&req),
            Err(e) => Response {
                id: Value::Null,
                result: "unsupported".into(),
                claims: None,
                error: Some(format!("request is not protocol JSON: {e}")),
            },
        };
        let text = serde_json::to_string(&resp).unwrap_or_default();
        writeln!(output, "{text}")?;
        output.flush()?;
    }
    Ok(())
}
