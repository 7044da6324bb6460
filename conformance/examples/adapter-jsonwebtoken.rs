//! jot-conformance adapter for the `jsonwebtoken` crate 9.x (ring backend).
//!
//! `cargo run -p jot-conformance --example adapter-jsonwebtoken`; a
//! dev-dependency, so a user of the kit never compiles it.
//!
//! Recommended safe use (docs.rs/jsonwebtoken/9, `decode` and `Validation`):
//! `decode::<Value>(token, &DecodingKey::from_jwk(jwk), &validation)`, the JWK
//! found by the header's kid in a `jwk::JwkSet` (the only key when there is no
//! kid), `validation.algorithms` the allow-list, `validate_nbf = true` (off by
//! default), issuer, audience, leeway and `required_spec_claims` from the
//! request. jsonwebtoken 9 reads the system clock and can require only
//! exp/nbf/aud/iss/sub, so a request it cannot express is `unsupported`.
use std::io::{BufRead, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, decode_header, jwk::JwkSet, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};

fn verify(req: &Value) -> Result<Value, (String, String)> {
    let err =
        |e: jsonwebtoken::errors::Error| ("reject".to_owned(), format!("{:?}: {e}", e.kind()));
    let unsupported = |why: String| ("unsupported".to_owned(), why);
    let system = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let now = req["now"].as_i64().unwrap_or(0);
    // The time cases keep 10 s of margin, so a clock within 9 s judges them right.
    if (now - system).abs() >= 10 {
        return Err(unsupported(format!(
            "jsonwebtoken reads the system clock, {} s from the request's",
            now - system
        )));
    }
    let required: Vec<&str> = req["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if let Some(c) = required
        .iter()
        .find(|c| !["exp", "nbf", "aud", "iss", "sub"].contains(c))
    {
        return Err(unsupported(format!("jsonwebtoken cannot require {c:?}")));
    }
    let token = req["token"].as_str().unwrap_or("");
    let set: JwkSet = serde_json::from_value(req["keys"].clone())
        .map_err(|e| ("reject".into(), format!("Json: {e}")))?;
    let header = decode_header(token).map_err(err)?;
    let jwk = match (&header.kid, set.keys.as_slice()) {
        (Some(kid), _) => set.find(kid),
        (None, [only]) => Some(only),
        (None, _) => None,
    };
    let jwk = jwk.ok_or_else(|| {
        (
            "reject".to_owned(),
            "NoMatchingKey: no JWK for the token's kid".to_owned(),
        )
    })?;
    let key = DecodingKey::from_jwk(jwk).map_err(err)?;
    let mut v = Validation::new(header.alg);
    v.algorithms = req["algorithms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str()?.parse::<Algorithm>().ok())
        .collect();
    v.leeway = req["leeway"].as_u64().unwrap_or(0);
    v.validate_nbf = true;
    v.set_required_spec_claims(&required);
    if let Some(iss) = req["issuer"].as_str() {
        v.set_issuer(&[iss]);
    }
    if let Some(aud) = req["audience"].as_str() {
        v.set_audience(&[aud]);
    }
    decode::<Value>(token, &key, &v)
        .map(|t| t.claims)
        .map_err(err)
}

fn main() {
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let req: Value = serde_json::from_str(&line).unwrap_or_default();
        let answer = match verify(&req) {
            Ok(claims) => json!({"id": req["id"], "result": "accept", "claims": claims}),
            Err((result, error)) => json!({"id": req["id"], "result": result, "error": error}),
        };
        let _ = writeln!(out, "{answer}").and_then(|()| out.flush());
    }
}
