//! Fixtures shared by the targets: keys for every algorithm (loaded once),
//! the validation they are checked with, and comparison helpers.

use super::*;

pub const NOW: i64 = 1_700_000_000;
/// The issuer the fixed validation accepts.
pub const ISSUER: &str = "https://issuer.example";
/// The audience the fixed validation requires.
pub const AUDIENCE: &str = "jot-fuzz";

/// The HMAC secret of the HS* fixtures: 64 bytes, enough for HS512 (RFC 7518 §3.2).
const SECRET: &[u8; 64] = b"jot fuzz fixture secret: 64 bytes long, never used anywhere else";

const RSA_PEM: &str = include_str!("../../tests/data/keys/rsa2048.pkcs8.pem");
const P256_PEM: &str = include_str!("../../tests/data/keys/p256.pkcs8.pem");
const P384_PEM: &str = include_str!("../../tests/data/keys/p384.pkcs8.pem");
const ED25519_PEM: &str = include_str!("../../tests/data/keys/ed25519.pkcs8.pem");

/// Keys chosen by algorithm only: one verifying key per algorithm.
pub struct ByAlg(Vec<VerifyingKey>);

impl KeySource for ByAlg {
    fn select(&self, _kid: Option<&str>, alg: Algorithm) -> jot::Result<&VerifyingKey> {
        self.0
            .iter()
            .find(|k| k.alg() == alg)
            .ok_or(Error::NoMatchingKey)
    }
}

/// A valid JWT of the fixtures: its algorithm, text and payload bytes.
pub struct Sample {
    pub alg: Algorithm,
    pub token: String,
    pub payload: Vec<u8>,
}

/// Keys and tokens built once per process (the fuzzer calls a target
/// millions of times; RSA key parsing alone would dominate otherwise).
pub struct Fixtures {
    /// One signing key per [`Algorithm::ALL`] entry, in that order, `kid` = alg name.
    pub signing: Vec<SigningKey>,
    /// The matching verifying keys.
    pub by_alg: ByAlg,
    /// The asymmetric public keys as a JWK Set with kids `rsa`, `p256`, `p384`, `ed25519`.
    pub set: JwkSet,
    /// Private JWKs: the four PEM keys, the HMAC secret, and keys from `Jwk::generate`.
    pub jwks: Vec<Jwk>,
    /// One valid JWT per algorithm, accepted by [`validation`].
    pub samples: Vec<Sample>,
}

/// The fixtures; built on first use. Failing to build them is a harness bug.
pub fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| build_fixtures().expect("fuzz fixtures must build"))
}

fn pem_for(alg: Algorithm) -> Option<&'static str> {
    match alg.key_type() {
        "RSA" => Some(RSA_PEM),
        "OKP" => Some(ED25519_PEM),
        "EC" if alg == Algorithm::ES384 => Some(P384_PEM),
        "EC" => Some(P256_PEM),
        _ => None,
    }
}

fn build_fixtures() -> jot::Result<Fixtures> {
    let mut signing = Vec::new();
    let mut verifying = Vec::new();
    for alg in Algorithm::ALL {
        let (s, v) = match pem_for(alg) {
            Some(pem) => (
                SigningKey::from_pem(pem, alg)?,
                VerifyingKey::from_jwk(&Jwk::from_pem(pem)?.to_public()?, alg)?,
            ),
            None => (
                SigningKey::hmac(alg, SECRET)?,
                VerifyingKey::hmac(alg, SECRET)?,
            ),
        };
        signing.push(s.with_kid(alg.name()));
        verifying.push(v.with_kid(alg.name()));
    }
    let mut jwks = Vec::new();
    let mut public = Vec::new();
    for (kid, pem) in [
        ("rsa", RSA_PEM),
        ("p256", P256_PEM),
        ("p384", P384_PEM),
        ("ed25519", ED25519_PEM),
    ] {
        let mut jwk = Jwk::from_pem(pem)?;
        jwk.kid = Some(kid.to_owned());
        public.push(jwk.to_public()?);
        jwks.push(jwk);
    }
    jwks.push(Jwk {
        kty: "oct".into(),
        k: Some(b64::encode(SECRET)),
        ..Jwk::default()
    });
    for alg in [
        Algorithm::HS256,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ] {
        jwks.push(Jwk::generate(alg)?);
    }
    let mut samples = Vec::new();
    for (alg, key) in Algorithm::ALL.into_iter().zip(&signing) {
        let claims = Claims::new(serde_json::json!({ "alg_under_test": alg.name() }))
            .with_issuer(ISSUER)
            .with_audience(AUDIENCE)
            .with_subject("fuzz")
            .with_issued_at(jwt::NumericDate::from_secs(NOW - 60))
            .with_not_before(jwt::NumericDate::from_secs(NOW - 60))
            .with_expiration(jwt::NumericDate::from_secs(NOW + 3600));
        let token = jwt::encode(&jws::Header::jwt(key), &claims, key)?;
        let payload = jwt::decode_unverified(&token)?.payload;
        samples.push(Sample {
            alg,
            token,
            payload,
        });
    }
    Ok(Fixtures {
        signing,
        by_alg: ByAlg(verifying),
        set: JwkSet::new(public)?,
        jwks,
        samples,
    })
}

/// The fixed validation: every algorithm, a fixed clock, issuer and audience.
pub fn validation() -> Validation {
    Validation::new(&Algorithm::ALL)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .now(NOW)
}

/// Header equality, with numbers compared to within a few ulps: serde_json
/// without its `float_roundtrip` feature (jot does not enable it) may read
/// back a printed `f64` one ulp off, which is serde_json's, not jot's.
pub(super) fn same_header(a: &jws::Header, b: &jws::Header) -> bool {
    a.alg == b.alg
        && a.typ == b.typ
        && a.cty == b.cty
        && a.kid == b.kid
        && a.crit == b.crit
        && same_json(
            &Value::Object(a.extra.clone()),
            &Value::Object(b.extra.clone()),
        )
}

pub(super) fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

pub(super) fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
