//! The debugger's JSON endpoints. Each reads one small JSON body, calls the
//! jot library, and answers with what the page shows. Nothing is logged or
//! kept, and no URL is ever fetched.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use jot::jwa::Family;
use jot::jwe::{self, DecryptionKey, Enc, KeyAlg};
use jot::jwt::{self, Validation};
use jot::{b64, jws, Algorithm, Jwk, KeyRejected, Part};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{read_json, teach, ApiError, DemoInfo, MAX_BODY};
use crate::keys::{self, KeyFile, KeyInput};
use crate::{explain, Failure};

type Answer = Result<Json<Value>, ApiError>;

/// `GET /debugger/api/info`: the limits, the algorithms, and under
/// `jot serve` where the demo's login and keys are.
pub async fn info(State(demo): State<Arc<Option<DemoInfo>>>) -> Json<Value> {
    let algorithms: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
    let demo = match demo.as_ref() {
        Some(d) => json!({
            "issuer": d.issuer,
            "audience": d.audience,
            "typ": "at+jwt",
            "jwks_uri": "/.well-known/jwks.json",
            "login": "/login",
            "refresh": "/refresh",
        }),
        None => Value::Null,
    };
    Json(json!({
        "demo": demo,
        "algorithms": algorithms,
        "max_body": MAX_BODY,
        "max_token_len": jws::DEFAULT_MAX_TOKEN_LEN,
        "max_leeway": jwt::MAX_LEEWAY,
        "fetches_urls": false,
    }))
}

/// The form a pasted token is in, told apart by its first character and
/// its dots (bounded: the body is at most [`MAX_BODY`]).
enum Form {
    JwsCompact,
    JwsJson,
    JweCompact,
}

fn form(token: &str) -> Result<Form, ApiError> {
    if token.starts_with('{') {
        return Ok(Form::JwsJson);
    }
    match token.bytes().filter(|&b| b == b'.').count() {
        2 => Ok(Form::JwsCompact),
        4 => Ok(Form::JweCompact),
        _ => Err(ApiError::jot(&jot::Error::Malformed(
            jot::Malformed::SegmentCount,
        ))),
    }
}

/// Strict JSON object from base64url, for display.
fn object_b64(segment: &str, part: Part) -> Result<Map<String, Value>, ApiError> {
    let bytes = b64::decode(segment, part).map_err(|e| ApiError::jot(&e))?;
    jot::json::from_object(&bytes, part, MAX_BODY).map_err(|e| ApiError::jot(&e))
}

fn none_if_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeRequest {
    token: String,
    /// The audience the verifier is configured with, for the `aud` warning.
    #[serde(default)]
    aud: Option<String>,
    /// Unix seconds for the relative times (default: the clock).
    #[serde(default)]
    now: Option<i64>,
}

/// `POST /debugger/api/decode`: the token taken apart, NOTHING verified.
pub async fn decode(headers: HeaderMap, body: Body) -> Answer {
    let req: DecodeRequest = read_json(&headers, body, "\"token\" (and \"aud\", \"now\")").await?;
    let token = req.token.trim();
    let now = req.now.unwrap_or_else(crate::time::now);
    let audience = none_if_empty(req.aud).is_some();
    let (kind, segments, header, payload, extra) = match form(token)? {
        Form::JwsCompact => {
            let parts = jws::split(token, MAX_BODY).map_err(|e| ApiError::jot(&e))?;
            let header = object_b64(parts.header, Part::Header)?;
            let payload =
                b64::decode(parts.payload, Part::Payload).map_err(|e| ApiError::jot(&e))?;
            let signature =
                b64::decode(parts.signature, Part::Signature).map_err(|e| ApiError::jot(&e))?;
            let segments = json!([
                {"name": "header", "chars": parts.header.len()},
                {"name": "payload", "chars": parts.payload.len(), "bytes": payload.len()},
                {"name": "signature", "chars": parts.signature.len(), "bytes": signature.len()},
            ]);
            ("jws", segments, header, Some(payload), Value::Null)
        }
        Form::JwsJson => {
            let doc: Map<String, Value> =
                jot::json::from_object(token.as_bytes(), Part::Token, MAX_BODY)
                    .map_err(|e| ApiError::jot(&e))?;
            // General serialization: the first signature is shown.
            let entry = match doc.get("signatures") {
                Some(Value::Array(list)) => list.first().and_then(Value::as_object).cloned(),
                Some(_) => None,
                None => Some(doc.clone()),
            }
            .ok_or_else(|| {
                ApiError::bad_request(
                    "\"signatures\" must be a non-empty array of objects (RFC 7515 §7.2.1)",
                )
            })?;
            let protected = match entry.get("protected") {
                Some(Value::String(p)) => object_b64(p, Part::Header)?,
                Some(_) => {
                    return Err(ApiError::bad_request(
                        "\"protected\" must be a base64url string (RFC 7515 §7.2.1)",
                    ))
                }
                None => Map::new(),
            };
            let unprotected = entry.get("header").cloned().unwrap_or(Value::Null);
            let payload = match doc.get("payload") {
                Some(Value::String(p)) => {
                    Some(b64::decode(p, Part::Payload).map_err(|e| ApiError::jot(&e))?)
                }
                _ => None,
            };
            let count = doc
                .get("signatures")
                .and_then(Value::as_array)
                .map_or(1, Vec::len);
            let mut header = protected;
            if let Some(h) = unprotected.as_object() {
                for (k, v) in h {
                    header.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            let extra = json!({"signatures": count, "unprotected": unprotected});
            ("jws-json", json!([]), header, payload, extra)
        }
        Form::JweCompact => {
            let segs: Vec<&str> = token.split('.').collect();
            let header = object_b64(segs.first().copied().unwrap_or(""), Part::Header)?;
            let names = [
                "protected header",
                "encrypted key",
                "initialization vector",
                "ciphertext",
                "authentication tag",
            ];
            let mut segments = Vec::new();
            for (name, seg) in names.iter().zip(&segs) {
                let bytes = b64::decode(seg, Part::Token).map_err(|e| ApiError::jot(&e))?;
                segments.push(json!({"name": name, "chars": seg.len(), "bytes": bytes.len()}));
            }
            ("jwe", Value::Array(segments), header, None, Value::Null)
        }
    };
    let claims: Option<Map<String, Value>> = payload
        .as_deref()
        .and_then(|p| jot::json::from_object(p, Part::Payload, MAX_BODY).ok());
    let payload_text = payload.as_deref().and_then(|p| std::str::from_utf8(p).ok());
    let mut warnings = teach::warnings(&header, claims.as_ref(), audience, token.len());
    if kind == "jwe" {
        warnings.push(json!({
            "code": "encrypted",
            "message": "a JWE: the content is encrypted and is shown only after decryption with its dir key; a nested JWT inside (cty JWT) must still be verified, since encryption does not say who issued it",
            "rule": "RFC 7516 §5.2; RFC 7519 §7.2 step 8",
        }));
    }
    Ok(Json(json!({
        "kind": kind,
        "size": token.len(),
        "segments": segments,
        "header": header,
        "header_members": teach::header(&header),
        "alg": teach::alg(header.get("alg")),
        "payload": claims,
        "payload_text": payload_text,
        "payload_bytes": payload.as_ref().map(Vec::len),
        "claims": claims.as_ref().map(|c| teach::claims(c, now)),
        "warnings": warnings,
        "json": extra,
        "verified": false,
    })))
}

/// The key box: a JWK or JWK Set (a JSON object), a PEM, or else an HMAC
/// secret in the encoding the user chose.
fn key_input(text: &str, encoding: Option<&str>) -> Result<(KeyInput, String), ApiError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ApiError::bad_request(
            "a key is required: an HMAC secret, a PEM, a JWK or a JWK Set",
        ));
    }
    if trimmed.starts_with('{') || trimmed.contains("-----BEGIN") {
        let file = keys::parse_key_bytes(trimmed.as_bytes())
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "key", e.detail()))?;
        let what = match &file {
            KeyFile::One(jwk) => describe_jwk(jwk, trimmed.starts_with('{')),
            KeyFile::Set { keys, .. } => {
                format!("a JWK Set of {} key(s); the token's kid picks", keys.len())
            }
        };
        return Ok((KeyInput::File(file), what));
    }
    // A secret is taken exactly as typed, nothing trimmed.
    let (bytes, how) = match encoding.unwrap_or("utf8") {
        "utf8" => (text.as_bytes().to_vec(), "UTF-8 text"),
        "base64url" => (
            b64::decode(trimmed, Part::Key).map_err(|_| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "key",
                    "the secret is not canonical unpadded base64url (RFC 7515 §2); choose UTF-8 text if it is a passphrase",
                )
            })?,
            "base64url",
        ),
        _ => return Err(ApiError::bad_request("key_encoding must be \"utf8\" or \"base64url\"")),
    };
    let what = format!("an HMAC secret of {} bytes ({how})", bytes.len());
    Ok((KeyInput::Secret(bytes), what))
}

fn describe_jwk(jwk: &Jwk, is_json: bool) -> String {
    let from = if is_json { "a JWK" } else { "a PEM key" };
    let curve = jwk
        .crv
        .as_deref()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    let private = if jwk.is_private() && !jwk.is_symmetric() {
        ", private: only its public part is used to verify"
    } else {
        ""
    };
    format!("{from} ({}{curve}{private})", jwk.kty)
}

/// The raw bytes of a secret key, for the short-secret lesson.
fn secret_bytes(input: &KeyInput) -> Option<Vec<u8>> {
    match input {
        KeyInput::Secret(bytes) => Some(bytes.clone()),
        KeyInput::File(KeyFile::One(jwk)) if jwk.kty == "oct" => jwk
            .k
            .as_deref()
            .and_then(|k| b64::decode(k, Part::Key).ok()),
        _ => None,
    }
}

fn parse_algs(names: &[String]) -> Result<Vec<Algorithm>, ApiError> {
    names
        .iter()
        .map(|n| {
            n.parse::<Algorithm>().map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "unsupported_algorithm",
                    format!(
                        "{}; the allow-list takes {}",
                        e.detail(),
                        Algorithm::ALL.map(Algorithm::name).join(", ")
                    ),
                )
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    token: String,
    key: String,
    #[serde(default)]
    key_encoding: Option<String>,
    algs: Vec<String>,
    #[serde(default)]
    iss: Option<String>,
    #[serde(default)]
    aud: Option<String>,
    #[serde(default)]
    leeway: Option<u64>,
    #[serde(default)]
    now: Option<i64>,
    #[serde(default)]
    exp_optional: bool,
    #[serde(default)]
    typ: Option<String>,
}

/// `POST /debugger/api/verify`: `jwt::verify_traced` (compact) or
/// `jws::json::verify` then the claim checks (JSON serialization), with the
/// user's key and allow-list; the verdict and every step.
pub async fn verify(headers: HeaderMap, body: Body) -> Answer {
    let req: VerifyRequest = read_json(
        &headers,
        body,
        "\"token\", \"key\", \"algs\" (and \"key_encoding\", \"iss\", \"aud\", \"leeway\", \"now\", \"exp_optional\", \"typ\")",
    )
    .await?;
    let algs = parse_algs(&req.algs)?;
    if req.leeway.is_some_and(|l| l > jwt::MAX_LEEWAY) {
        return Err(ApiError::bad_request(format!(
            "leeway is at most {} seconds (jot::jwt::MAX_LEEWAY): clock skew is small, a longer one hides expiry",
            jwt::MAX_LEEWAY
        )));
    }
    let token = req.token.trim();
    if token.is_empty() {
        return Err(ApiError::bad_request("paste a token to verify"));
    }
    let (input, key_what) = key_input(&req.key, req.key_encoding.as_deref())?;
    let secret = secret_bytes(&input);
    let keys = keys::bind_all(input, &algs, None).map_err(ApiError::from)?;

    let iss = none_if_empty(req.iss);
    let aud = none_if_empty(req.aud);
    let now = req.now.unwrap_or_else(crate::time::now);
    let mut validation = Validation::new(&algs).now(now);
    if let Some(iss) = &iss {
        validation = validation.issuer(iss);
    }
    if let Some(aud) = &aud {
        validation = validation.audience(aud);
    }
    if let Some(leeway) = req.leeway {
        validation = validation.leeway(leeway);
    }
    if let Some(typ) = none_if_empty(req.typ) {
        validation = validation.typ(&typ);
    }
    if req.exp_optional {
        validation = validation.allow_missing_exp();
    }

    let (result, steps, header, claims, how) = if token.starts_with('{') {
        let verified = jws::json::verify(token, &keys, &algs);
        let mut steps = vec![json!({
            "name": "json",
            "ok": if verified.is_ok() { "true" } else { "false" },
            "detail": match &verified {
                Ok(v) => format!("jws::json::verify: signature {} verified (RFC 7515 §7.2, §5.2)", v.signature_index),
                Err(e) => format!("jws::json::verify: {}", explain::verdict(&Err(e.clone()))),
            },
        })];
        let mut header = Map::new();
        let mut claims = None;
        let result = match verified {
            Ok(v) => {
                header = v.protected.clone();
                let mut trace = Vec::new();
                let text = jot::json::utf8_within(&v.payload, Part::Payload, MAX_BODY);
                let res = text.and_then(|t| {
                    claims = jot::json::from_object::<Map<String, Value>>(
                        t.as_bytes(),
                        Part::Payload,
                        MAX_BODY,
                    )
                    .ok();
                    // The JSON serialization has no library trace of its own:
                    // typ is checked as jwt::verify checks it, then the claims
                    // are traced.
                    validation.check_typ(v.header.typ.as_deref())?;
                    validation.validate_json_traced(t, &mut trace).map(|_| ())
                });
                steps.extend(trace.iter().map(explain::step_json));
                res
            }
            Err(e) => Err(e),
        };
        (
            result,
            steps,
            header,
            claims,
            "jws::json::verify, then Validation::validate_json_traced",
        )
    } else {
        let (result, trace) = jwt::verify_traced::<Value>(token, &keys, &validation);
        let steps: Vec<Value> = trace.iter().map(explain::step_json).collect();
        let decoded = jwt::decode_unverified(token).ok();
        let header = decoded
            .as_ref()
            .map(|d| d.header.clone())
            .unwrap_or_default();
        let claims = decoded.and_then(|d| d.claims);
        (
            result.map(|_| ()),
            steps,
            header,
            claims,
            "jwt::verify_traced",
        )
    };

    // The lesson jwt.io cannot give: the MAC may match and the key still be refused.
    let mut mac = Value::Null;
    if let (Err(jot::Error::KeyRejected(KeyRejected::TooSmall { .. })), Some(secret)) =
        (&result, &secret)
    {
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(|a| a.parse::<Algorithm>().ok());
        if let (Some(alg), Ok(parts)) = (alg, jws::split(token, MAX_BODY)) {
            if alg.family() == Family::Hmac {
                let matches =
                    explain::short_mac_matches(alg, secret, parts.signing_input, parts.signature)
                        .unwrap_or(false);
                mac = teach::short_secret(alg, secret.len(), matches);
            }
        }
    }

    let verdict = explain::verdict(&result);
    let error = result
        .as_ref()
        .err()
        .map(|e| json!({"kind": e.kind(), "message": e.detail()}));
    let warnings = teach::warnings(&header, claims.as_ref(), aud.is_some(), token.len());
    Ok(Json(json!({
        "verified": result.is_ok(),
        "verdict": verdict,
        "error": error,
        "steps": steps,
        "allow_list": algs.iter().map(|a| a.name()).collect::<Vec<_>>(),
        "key": key_what,
        "mac": mac,
        "warnings": warnings,
        "how": how,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    header: String,
    payload: String,
    alg: String,
    key: String,
    #[serde(default)]
    key_encoding: Option<String>,
}

/// `POST /debugger/api/sign`: the header and claims JSON, signed.
pub async fn sign(headers: HeaderMap, body: Body) -> Answer {
    let req: SignRequest = read_json(
        &headers,
        body,
        "\"header\", \"payload\" (JSON text), \"alg\", \"key\" (and \"key_encoding\")",
    )
    .await?;
    let alg = parse_algs(std::slice::from_ref(&req.alg))?
        .first()
        .copied()
        .ok_or_else(|| ApiError::bad_request("alg is required"))?;
    let header_text = if req.header.trim().is_empty() {
        "{}"
    } else {
        req.header.as_str()
    };
    let mut members =
        crate::sign::parse_object(header_text, Part::Header).map_err(ApiError::from)?;
    let claims = crate::sign::parse_object(&req.payload, Part::Payload).map_err(ApiError::from)?;
    let mut notes = Vec::new();
    if let Some(named) = members.remove("alg") {
        if named.as_str() != Some(alg.name()) {
            notes.push(format!(
                "the header's alg {named} was replaced by the algorithm chosen, {alg}"
            ));
        }
    }
    let kid = members
        .get("kid")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (input, _) = key_input(&req.key, req.key_encoding.as_deref())?;
    // What the verify pane gets: a verifier takes public keys only
    // (SECURITY.md rule 4), so an asymmetric key's public part.
    let public_jwk = match &input {
        KeyInput::File(KeyFile::One(jwk)) if !jwk.is_symmetric() => {
            jwk.to_public().ok().map(|p| p.to_json())
        }
        _ => None,
    };
    if let (Some(secret), Family::Hmac) = (secret_bytes(&input), alg.family()) {
        let floor = alg.hash_len().unwrap_or(0);
        if secret.len() < floor {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "key",
                format!(
                    "{alg} needs a secret of at least {floor} bytes (RFC 7518 §3.2); this one is {} bytes. \
                     Generate one (Generate key) or paste a longer one",
                    secret.len()
                ),
            ));
        }
    }
    let key = keys::signing_key(input, alg, kid.as_deref()).map_err(ApiError::from)?;
    let header = crate::sign::with_members(jws::Header::jwt(&key), members, "header")
        .map_err(ApiError::from)?;
    let token = jwt::encode(&header, &claims, &key).map_err(|e| ApiError::jot(&e))?;
    Ok(Json(
        json!({"token": token, "alg": alg.name(), "notes": notes, "public_jwk": public_jwk}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptRequest {
    token: String,
    key: String,
    #[serde(default)]
    key_encoding: Option<String>,
}

/// `POST /debugger/api/decrypt`: a compact JWE opened with a `dir` key; a
/// nested JWT inside is handed back for the verifier.
pub async fn decrypt(headers: HeaderMap, body: Body) -> Answer {
    let req: DecryptRequest =
        read_json(&headers, body, "\"token\", \"key\" (and \"key_encoding\")").await?;
    let token = req.token.trim();
    let encoding = req.key_encoding.as_deref().or(Some("base64url"));
    let (input, _) = key_input(&req.key, encoding)?;
    let key = match input {
        KeyInput::File(KeyFile::One(jwk)) => {
            if matches!(jwk.kty.as_str(), "EC" | "OKP") {
                return Err(Failure::Unsupported(crate::decrypt::STORED_ECDH_KEY.into()).into());
            }
            let enc = crate::encrypt::dir_enc(&jwk).map_err(ApiError::from)?;
            DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc)
        }
        KeyInput::File(KeyFile::Set { .. }) => {
            return Err(ApiError::bad_request("decrypt takes one dir key (an oct JWK), not a JWK Set"))
        }
        KeyInput::Secret(bytes) => {
            let enc = Enc::ALL.into_iter().find(|e| e.key_len() == bytes.len()).ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "key",
                    format!(
                        "a dir key is 16 bytes (A128GCM) or 32 bytes (A256GCM), RFC 7518 §5.3; this one is {} bytes",
                        bytes.len()
                    ),
                )
            })?;
            DecryptionKey::dir(enc, &bytes)
        }
    }
    .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "key", e.detail()))?;
    // The allow-lists are the key's own: dir, and its enc (RFC 8725 §3.1).
    let opened =
        jwe::decrypt(token, &key, &[KeyAlg::Dir], &[key.enc()]).map_err(|e| ApiError::jot(&e))?;
    let header: Value = opened
        .header
        .to_json()
        .ok()
        .and_then(|h| serde_json::from_str(&h).ok())
        .unwrap_or(Value::Null);
    let text = std::str::from_utf8(&opened.plaintext).ok();
    let is_jwt = opened
        .header
        .cty
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("JWT"));
    let nested = text
        .filter(|t| is_jwt && t.bytes().filter(|&b| b == b'.').count() == 2)
        .map(str::to_owned);
    Ok(Json(json!({
        "header": header,
        "plaintext": text,
        "plaintext_b64": b64::encode(&opened.plaintext),
        "bytes": opened.plaintext.len(),
        "nested": nested,
        "note": if nested.is_some() {
            "a nested JWT (cty JWT): decrypting says nothing about who issued it; verify the inner token (RFC 7519 §7.2 step 8, RFC 8725 §2.4)"
        } else {
            "decrypted: the authentication tag verified (RFC 7516 §5.2)"
        },
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeygenRequest {
    alg: String,
}

/// `POST /debugger/api/keygen`: `Jwk::generate` for a JWS algorithm, or a
/// JWE dir key for A128GCM / A256GCM.
pub async fn keygen(headers: HeaderMap, body: Body) -> Answer {
    let req: KeygenRequest = read_json(&headers, body, "\"alg\"").await?;
    if let Ok(enc) = req.alg.parse::<Enc>() {
        let jwk = jwe::generate_dir_key(enc).map_err(|e| ApiError::jot(&e))?;
        return Ok(Json(
            json!({"private_jwk": jwk.to_json(), "public_jwk": null, "public_pem": null, "private_pem": null}),
        ));
    }
    let alg = parse_algs(std::slice::from_ref(&req.alg))?
        .first()
        .copied()
        .ok_or_else(|| ApiError::bad_request("alg is required"))?;
    let mut jwk = crate::keygen::jws_key(alg).map_err(|f| match f {
        Failure::Usage(why) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_algorithm",
            why,
        ),
        other => ApiError::from(other),
    })?;
    let kid = jwk.thumbprint().map_err(|e| ApiError::jot(&e))?;
    jwk.kid = Some(kid);
    if jwk.is_symmetric() {
        return Ok(Json(json!({
            "private_jwk": jwk.to_json(),
            "secret_b64": jwk.k,
            "public_jwk": null, "public_pem": null, "private_pem": null,
        })));
    }
    let public = jwk.to_public().map_err(|e| ApiError::jot(&e))?;
    Ok(Json(json!({
        "private_jwk": jwk.to_json(),
        "public_jwk": public.to_json(),
        "public_pem": jwk.to_public_pem().ok(),
        "private_pem": jwk.to_pkcs8_pem().ok(),
    })))
}
