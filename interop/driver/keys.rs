//! Keys and claims on jot's side: fresh key pairs per algorithm, jot signing
//! and verifying, and the comparison of JWK key material.

use super::*;

/// The issuer and audience every interop token carries; jot is configured with both.
pub const ISS: &str = "https://issuer.example";
pub const AUD: &str = "jot-interop";

/// The JWK members that carry key material (RFC 7518 §6, RFC 8037 §2).
/// Metadata members (`alg`, `use`, `kid`, `key_ops`) may be dropped by a
/// peer's export and are not compared.
const MATERIAL: [&str; 13] = [
    "kty", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi", "k",
];

pub fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("time fits i64")
}

/// A path relative to the repository root (this crate lives in `interop/`).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The claims every interop token carries: registered claims jot checks by
/// default (exp, nbf, iat) or when configured (iss, aud), and custom ones
/// with non-ASCII text, nesting and every JSON type but floats.
pub fn claims(now: i64) -> Value {
    json!({
        "iss": ISS,
        "sub": "alice",
        "aud": AUD,
        "exp": now + 600,
        "nbf": now - 5,
        "iat": now,
        "jti": "interop-1",
        "name": "Zoë ✓ \"quoted\" </script>",
        "admin": true,
        "roles": ["reader", "writer"],
        "limits": {"n": 42, "neg": -7, "none": null},
    })
}

/// A private JWK and its public part, as JSON (the wire form peers exchange).
#[derive(Clone, Debug)]
pub struct KeyPair {
    pub private: Value,
    pub public: Value,
}

pub(super) fn to_value(jwk: &Jwk) -> Value {
    serde_json::from_str(&jwk.to_json()).expect("jot's JWK JSON parses")
}

pub fn parse_jwk(value: &Value) -> Result<Jwk, String> {
    Jwk::from_json(&value.to_string()).map_err(|e| format!("jot rejects the JWK: {e}"))
}

/// A fresh 2048-bit RSA key from `openssl genrsa` (ring cannot generate RSA).
pub fn openssl_rsa() -> Jwk {
    let out = Command::new("openssl")
        .args(["genrsa", "2048"])
        .stderr(Stdio::null())
        .output()
        .expect("openssl must be installed to generate RSA keys for the interop tests");
    assert!(out.status.success(), "openssl genrsa failed");
    let pem = String::from_utf8(out.stdout).expect("PEM is ASCII");
    Jwk::from_pem(&pem).expect("jot imports the key openssl generated")
}

/// Fresh jot keys for every algorithm: `Jwk::generate`, and one OpenSSL RSA
/// key shared by RS*/PS* (a JWK without `alg` may serve each of them).
pub fn jot_keys() -> BTreeMap<Algorithm, KeyPair> {
    let rsa = openssl_rsa();
    Algorithm::ALL
        .iter()
        .map(|&alg| {
            let private = if alg.key_type() == "RSA" {
                rsa.clone()
            } else {
                Jwk::generate(alg).expect("jot generates keys for every non-RSA algorithm")
            };
            // An HMAC secret has no public part: the verifier gets the same `oct` JWK.
            let public = if private.is_symmetric() {
                private.clone()
            } else {
                private.to_public().expect("public part")
            };
            let pair = KeyPair {
                private: to_value(&private),
                public: to_value(&public),
            };
            (alg, pair)
        })
        .collect()
}

pub fn jot_sign(alg: Algorithm, private: &Value, claims: &Value) -> Result<String, String> {
    let jwk = parse_jwk(private)?;
    let key = SigningKey::from_jwk(&jwk, alg).map_err(|e| format!("jot signing key: {e}"))?;
    jwt::encode(&jws::Header::jwt(&key), claims, &key).map_err(|e| format!("jot sign: {e}"))
}

/// jot's `Validation` for interop tokens: the defaults, plus iss and aud.
pub fn validation(alg: Algorithm) -> Validation {
    Validation::new(&[alg]).issuer(ISS).audience(AUD)
}

pub fn jot_verify(alg: Algorithm, public: &Value, token: &str) -> Result<Value, String> {
    let jwk = parse_jwk(public)?;
    let key = VerifyingKey::from_jwk(&jwk, alg).map_err(|e| format!("jot verifying key: {e}"))?;
    jwt::verify::<Value>(token, &key, &validation(alg))
        .map(|t| t.claims)
        .map_err(|e| format!("jot verify: {e}"))
}

/// Checks that two JWKs carry the same key material; `Err` names the first difference.
pub fn same_material(want: &Value, got: &Value) -> Result<(), String> {
    for member in MATERIAL {
        if want.get(member) != got.get(member) {
            return Err(format!(
                "member {member:?} differs: {} vs {}",
                present(want.get(member)),
                present(got.get(member))
            ));
        }
    }
    Ok(())
}

fn present(v: Option<&Value>) -> &'static str {
    if v.is_some() {
        "present"
    } else {
        "absent"
    }
}
