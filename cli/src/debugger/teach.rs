//! What the page says about a token, beside the library's verdict: each
//! registered claim and header member with its RFC section, the times in
//! words, the algorithm, and the warnings a reader should see before
//! trusting anything (each with the rule it comes from).

use jot::jwa::Family;
use jot::Algorithm;
use serde_json::{json, Map, Value};

use crate::{explain, time};

/// Registered claims (RFC 7519 §4.1): name, long name, section, meaning.
const CLAIMS: &[(&str, &str, &str, &str)] = &[
    ("iss", "Issuer", "RFC 7519 §4.1.1", "who issued the token; a verifier configured with an issuer requires an exact match (RFC 8725 §3.8)"),
    ("sub", "Subject", "RFC 7519 §4.1.2", "whom the token is about, unique within the issuer"),
    ("aud", "Audience", "RFC 7519 §4.1.3", "who the token is for; a recipient not named in it must refuse it (RFC 8725 §3.9)"),
    ("exp", "Expiration Time", "RFC 7519 §4.1.4", "the token is refused on or after this time"),
    ("nbf", "Not Before", "RFC 7519 §4.1.5", "the token is refused before this time"),
    ("iat", "Issued At", "RFC 7519 §4.1.6", "when the token was issued; lets a verifier bound its age"),
    ("jti", "JWT ID", "RFC 7519 §4.1.7", "a unique identifier, for revocation and replay detection"),
];

/// Registered header members (RFC 7515 §4.1, RFC 7516 §4.1): name, long
/// name, section, meaning.
const HEADER: &[(&str, &str, &str, &str)] = &[
    ("alg", "Algorithm", "RFC 7515 §4.1.1", "how the token is signed (or, in a JWE, how the key is agreed); a verifier fixes its accepted algorithms itself and never takes them from the token (RFC 8725 §3.1)"),
    ("jku", "JWK Set URL", "RFC 7515 §4.1.2", "a URL the token says its key is at: untrusted, never fetched here"),
    ("jwk", "JSON Web Key", "RFC 7515 §4.1.3", "a key the token brings itself: untrusted, never used"),
    ("kid", "Key ID", "RFC 7515 §4.1.4", "picks a key, by exact match, among keys the verifier already has; never a path or a query"),
    ("x5u", "X.509 URL", "RFC 7515 §4.1.5", "a URL of a certificate chain: untrusted, never fetched here"),
    ("x5c", "X.509 Certificate Chain", "RFC 7515 §4.1.6", "certificates the token brings itself: untrusted, never used"),
    ("x5t", "X.509 Certificate SHA-1 Thumbprint", "RFC 7515 §4.1.7", "a hint naming a certificate the verifier may already have"),
    ("x5t#S256", "X.509 Certificate SHA-256 Thumbprint", "RFC 7515 §4.1.8", "a hint naming a certificate the verifier may already have"),
    ("typ", "Type", "RFC 7515 §4.1.9", "the kind of token (JWT, at+jwt...); checking it keeps one kind from being used as another (RFC 8725 §3.11)"),
    ("cty", "Content Type", "RFC 7515 §4.1.10", "the payload's type; \"JWT\" marks a nested JWT (RFC 7519 §5.2)"),
    ("crit", "Critical", "RFC 7515 §4.1.11", "extensions the verifier must understand or refuse the token; jot understands none"),
    ("enc", "Encryption Algorithm", "RFC 7516 §4.1.2", "the content encryption of a JWE"),
    ("zip", "Compression Algorithm", "RFC 7516 §4.1.3", "compression before encryption; jot refuses it (RFC 8725 §3.6)"),
    ("epk", "Ephemeral Public Key", "RFC 7518 §4.6.1.1", "the sender's one-time ECDH-ES public key"),
    ("apu", "Agreement PartyUInfo", "RFC 7518 §4.6.1.2", "information about the sender, mixed into the ECDH-ES key derivation"),
    ("apv", "Agreement PartyVInfo", "RFC 7518 §4.6.1.3", "information about the recipient, mixed into the ECDH-ES key derivation"),
];

fn explained(table: &[(&str, &str, &str, &str)], members: &Map<String, Value>) -> Vec<Value> {
    members
        .iter()
        .map(|(name, value)| {
            match table.iter().find(|(n, ..)| n == name) {
                Some((_, title, section, meaning)) => json!({
                    "name": name, "value": value, "title": title,
                    "section": section, "meaning": meaning,
                }),
                None => json!({
                    "name": name, "value": value, "title": null, "section": null,
                    "meaning": "not a registered name: its meaning is up to the issuer and the recipient",
                }),
            }
        })
        .collect()
}

/// Each claim with its RFC 7519 section and meaning; `exp`, `nbf` and `iat`
/// also as a UTC date and in words relative to `now`.
pub fn claims(claims: &Map<String, Value>, now: i64) -> Vec<Value> {
    let mut rows = explained(CLAIMS, claims);
    for row in &mut rows {
        let Some(name) = row.get("name").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        if !matches!(name.as_str(), "exp" | "nbf" | "iat") {
            continue;
        }
        let time = match claims.get(&name) {
            Some(Value::Number(n)) => match n.as_f64().filter(|f| f.is_finite()) {
                // Saturating float-to-int: only for display, as in `jot explain`.
                Some(f) => {
                    #[allow(clippy::cast_possible_truncation)]
                    let t = f.floor() as i64;
                    json!({"utc": time::utc(t), "relative": explain::when(&name, t, now)})
                }
                None => json!({"utc": null, "relative": "out of range"}),
            },
            _ => {
                json!({"utc": null, "relative": "not a number, which a NumericDate must be (RFC 7519 §2): a verifier refuses it"})
            }
        };
        if let Some(obj) = row.as_object_mut() {
            obj.insert("time".into(), time);
        }
    }
    rows
}

/// Each header member with its RFC section and meaning.
pub fn header(header: &Map<String, Value>) -> Vec<Value> {
    explained(HEADER, header)
}

/// The `alg` member explained: family, key type, hash, and what jot says
/// of it; or why it names no algorithm jot accepts.
pub fn alg(value: Option<&Value>) -> Value {
    let name = match value {
        Some(Value::String(name)) => name,
        Some(_) => return json!({"error": "alg is not a string (RFC 7515 §4.1.1)"}),
        None => return json!({"error": "no alg: a JWS header must have one (RFC 7515 §4.1.1)"}),
    };
    match name.parse::<Algorithm>() {
        Ok(a) => json!({
            "name": a.name(),
            "family": family(a),
            "key_type": a.key_type(),
            "hash": a.hash_len().map(|n| format!("SHA-{}", n * 8)),
            "describe": a.describe(),
        }),
        Err(e) => json!({"name": name, "error": format!("{}: {}", e.kind(), e.detail())}),
    }
}

fn family(a: Algorithm) -> String {
    match a.family() {
        Family::Hmac => "HMAC (a shared secret)".into(),
        Family::Rsa => "RSASSA-PKCS1-v1_5 (RSA)".into(),
        Family::RsaPss => "RSASSA-PSS (RSA)".into(),
        Family::Ecdsa(c) => format!("ECDSA on {}", c.name()),
        Family::EdDSA => "EdDSA on Ed25519".into(),
        _ => "other".into(),
    }
}

/// One warning: a stable code, the text, and the rule it comes from.
fn warning(code: &str, message: String, rule: &str) -> Value {
    json!({"code": code, "message": message, "rule": rule})
}

/// What a reader should know before trusting this token, from its header
/// and claims (neither verified). `audience_configured`: whether the
/// verifier has an audience; `len`: the token's size in bytes.
pub fn warnings(
    header: &Map<String, Value>,
    claims: Option<&Map<String, Value>>,
    audience_configured: bool,
    len: usize,
) -> Vec<Value> {
    let mut out = Vec::new();
    if header.get("alg").and_then(Value::as_str) == Some("none") {
        out.push(warning(
            "alg_none",
            "alg \"none\": an unsecured token, with no signature at all; anyone can write one, \
             and jot never accepts it"
                .into(),
            "RFC 7518 §3.6; RFC 8725 §2.1, §3.1",
        ));
    }
    for (member, what) in [
        ("jwk", "carries its own key (jwk)"),
        ("x5c", "carries its own certificate chain (x5c)"),
    ] {
        if header.contains_key(member) {
            out.push(warning(
                "embedded_key",
                format!(
                    "the token {what}: untrusted and never used; a verifier uses only keys it \
                     already has, or anyone could sign with a key of their own"
                ),
                "RFC 8725 §3.10; SECURITY.md row 13",
            ));
        }
    }
    for (member, what) in [
        ("jku", "a JWK Set URL (jku)"),
        ("x5u", "a certificate URL (x5u)"),
    ] {
        if header.contains_key(member) {
            out.push(warning(
                "key_url",
                format!(
                    "the token names {what}: untrusted, and this server never fetches it; a \
                     server that fetches URLs from tokens is a server-side request forgery tool"
                ),
                "RFC 8725 §2.9, §3.10; SECURITY.md row 14",
            ));
        }
    }
    if let Some(claims) = claims {
        if !claims.contains_key("exp") {
            out.push(warning(
                "no_exp",
                "no exp: this token never expires; jot requires exp unless the verifier \
                 explicitly accepts tokens without one (Validation::allow_missing_exp)"
                    .into(),
                "RFC 7519 §4.1.4; RFC 8725 §3",
            ));
        }
        if claims.contains_key("aud") && !audience_configured {
            out.push(warning(
                "aud_unchecked",
                "the token has an aud claim but no audience is configured: a verifier that \
                 does not know who it is refuses it; set the audience to one the token names"
                    .into(),
                "RFC 7519 §4.1.3; RFC 8725 §3.9",
            ));
        }
    }
    if len > jot::jws::DEFAULT_MAX_TOKEN_LEN {
        out.push(warning(
            "too_large",
            format!(
                "the token is {len} bytes, past jot's default limit of {} bytes: verifiers \
                 refuse it before decoding (Validation::max_token_len raises the limit)",
                jot::jws::DEFAULT_MAX_TOKEN_LEN
            ),
            "RFC 8725 §2.6; SECURITY.md row 31",
        ));
    }
    out
}

/// The teaching note for an HMAC secret below the RFC 7518 §3.2 floor.
pub fn short_secret(alg: Algorithm, key_len: usize, matches: bool) -> Value {
    let floor = alg.hash_len().unwrap_or(0);
    let verdict = if matches {
        format!(
            "the MAC matches: this {key_len}-byte secret made the token. A verifier must still \
             refuse it: RFC 7518 §3.2 requires a key at least as long as the hash output, \
             {floor} bytes for {alg}, and a short secret can be guessed offline from any one \
             token (RFC 8725 §3.5). Use a random {floor}-byte secret (jot keygen --alg {alg})"
        )
    } else {
        format!(
            "the MAC does not match either: this {key_len}-byte secret did not make the token. \
             Even if it had, RFC 7518 §3.2 requires at least {floor} bytes for {alg}"
        )
    };
    json!({
        "matches": matches,
        "key_bytes": key_len,
        "required_bytes": floor,
        "rule": "RFC 7518 §3.2",
        "message": verdict,
    })
}
