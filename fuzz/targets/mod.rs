//! The body of every jot fuzz target, as plain functions over bytes.
//!
//! Each `fuzz/fuzz_targets/<name>.rs` calls the function of the same name,
//! and `tests/fuzz_replay.rs` includes this very file to replay the committed
//! corpus and every past crash on the stable toolchain: the replay test runs
//! exactly the code the fuzzers run. This file depends only on `jot`, `serde`,
//! `serde_json` and `arbitrary`.
//!
//! A target never panics on its own; it panics (through `assert!`) only when
//! jot breaks a property, and that panic is the finding. The parser targets
//! also check the round trip of what they accept; the structured targets
//! (`roundtrip_*`, `mutation_never_verifies`) build their inputs with
//! `arbitrary` and check a property each. The next section covers the JWS
//! JSON Serialization, detached content and unencoded payloads; the last
//! one JWE (RFC 7516 compact): its header parser and decryption.
#![forbid(unsafe_code)]

use std::sync::OnceLock;

use arbitrary::Unstructured;
use jot::jwe::{self, Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
use jot::jwt::{self, Claims, RegisteredClaims, Validation};
use jot::{b64, jws, Algorithm, Error, Jwk, JwkSet, KeySource, Part, SigningKey, VerifyingKey};
use serde_json::Value;

// The differential target of `jwt::verify`'s one-pass read, in its own file.
mod one_pass;
pub use one_pass::jwt_verify_one_pass;

/// The body of a fuzz target: arbitrary bytes in, a panic only on a finding.
pub type Target = fn(&[u8]);

/// Every target, by name: what the replay test and the seed generator walk.
pub const TARGETS: &[(&str, Target)] = &[
    ("b64_decode", b64_decode),
    ("jws_header_parse", jws_header_parse),
    ("jws_verify", jws_verify),
    ("jwt_verify", jwt_verify),
    ("jwt_decode_unverified", jwt_decode_unverified),
    ("jwk_from_json", jwk_from_json),
    ("jwk_set_from_json", jwk_set_from_json),
    ("pem_decode", pem_decode),
    ("der_import", der_import),
    ("claims_parse", claims_parse),
    ("roundtrip_sign_verify", roundtrip_sign_verify),
    ("roundtrip_jwk", roundtrip_jwk),
    ("mutation_never_verifies", mutation_never_verifies),
    ("jws_json_verify", jws_json_verify),
    ("jws_detached_verify", jws_detached_verify),
    ("roundtrip_json", roundtrip_json),
    ("jwe_header_parse", jwe_header_parse),
    ("jwe_decrypt", jwe_decrypt),
    ("jwt_verify_one_pass", jwt_verify_one_pass),
];

/// The fixed clock of every validation here (2023-11-14T22:13:20Z).
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
fn same_header(a: &jws::Header, b: &jws::Header) -> bool {
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

fn same_json(a: &Value, b: &Value) -> bool {
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

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

// ---------------------------------------------------------------------------
// Parser targets: never panic; what parses round-trips.
// ---------------------------------------------------------------------------

/// `jot::b64::decode`: strict base64url accepts only the canonical encoding,
/// so whatever decodes encodes back to the same text; and every byte string
/// survives encode then decode.
pub fn b64_decode(data: &[u8]) {
    if let Some(text) = text(data) {
        if let Ok(bytes) = b64::decode(text, Part::Payload) {
            assert_eq!(
                b64::encode(&bytes),
                text,
                "decode accepted a non-canonical text"
            );
        }
    }
    let encoded = b64::encode(data);
    assert_eq!(
        b64::decode(&encoded, Part::Payload).as_deref(),
        Ok(data),
        "encode then decode lost bytes"
    );
}

/// `jws::Header::from_json`: a parsed header serializes, and parses again
/// to the same header.
pub fn jws_header_parse(data: &[u8]) {
    let Ok(header) = jws::Header::from_json(data) else {
        return;
    };
    let json = header.to_json();
    assert!(json.is_ok(), "a parsed header does not serialize: {json:?}");
    if let Ok(json) = json {
        // Re-serializing can lengthen numbers (1e15 -> 1000000000000000.0).
        if json.len() <= jws::MAX_HEADER_LEN {
            let again = jws::Header::from_json(json.as_bytes());
            assert!(
                again.as_ref().is_ok_and(|h| same_header(h, &header)),
                "header round trip changed it: {header:?} became {again:?}"
            );
        }
    }
}

/// Compact JWS verification with fixed keys of every algorithm: no panic;
/// `verify` and `verify_traced` agree; a verified token's payload is its
/// second segment; only its own algorithm lets it through; a limit one byte
/// short rejects it before anything else.
pub fn jws_verify(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let f = fixtures();
    let result = jws::verify(token, &f.by_alg, &Algorithm::ALL);
    let (traced, steps) = jws::verify_traced(token, &f.by_alg, &Algorithm::ALL);
    assert_eq!(result, traced, "verify and verify_traced disagree");
    assert!(!steps.is_empty(), "verify_traced recorded no step");
    let by_kid = jws::verify(token, &f.set, &Algorithm::ALL);
    if let Ok(verified) = &by_kid {
        assert!(
            result.as_ref().is_ok_and(|v| v == verified),
            "JwkSet verified a token the same keys by algorithm did not"
        );
    }
    if let Ok(verified) = &result {
        let payload = token.split('.').nth(1).unwrap_or_default();
        assert_eq!(b64::encode(&verified.payload), payload);
        let alg = verified.header.alg;
        let others: Vec<Algorithm> = Algorithm::ALL.into_iter().filter(|a| *a != alg).collect();
        assert_eq!(
            jws::verify(token, &f.by_alg, &others).err(),
            Some(Error::AlgorithmNotAllowed(alg)),
            "a token passed an allow-list without its algorithm"
        );
        let short = jws::verify_with_limit(token, &f.by_alg, &Algorithm::ALL, token.len() - 1);
        assert!(
            matches!(
                short,
                Err(Error::Malformed(jot::Malformed::TooLarge { .. }))
            ),
            "the size limit is not checked first: {short:?}"
        );
    }
}

/// JWT verification with a fixed validation, into `jwt::Claims` and into
/// `serde_json::Value`: both agree, agree with `verify_traced`, and what
/// verifies meets the validation.
pub fn jwt_verify(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let f = fixtures();
    let v = validation();
    let typed = jwt::verify::<Claims>(token, &f.by_alg, &v);
    let value = jwt::verify::<Value>(token, &f.by_alg, &v);
    let (traced, _) = jwt::verify_traced::<Value>(token, &f.by_alg, &v);
    assert_eq!(value, traced, "verify and verify_traced disagree");
    match (&typed, &value) {
        (Ok(t), Ok(val)) => {
            assert_eq!(t.header, val.header);
            let c = &t.claims;
            assert_eq!(c.iss.as_deref(), Some(ISSUER), "issuer not enforced");
            assert!(
                c.aud.as_ref().is_some_and(|a| a.contains(AUDIENCE)),
                "audience not enforced"
            );
            assert!(
                c.exp.is_some_and(|e| e.as_secs_f64() > NOW as f64),
                "expiry not enforced"
            );
            assert!(
                c.nbf.is_none_or(|n| n.as_secs_f64() <= NOW as f64),
                "nbf not enforced"
            );
            assert_eq!(val.claims.get("iss").and_then(Value::as_str), Some(ISSUER));
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "typed and untyped decoding fail differently"),
        _ => panic!(
            "claims typing changes the outcome: Claims {:?} vs Value {:?}",
            typed.as_ref().err(),
            value.as_ref().err()
        ),
    }
}

/// `jwt::decode_unverified`: what it returns re-encodes to the token's own segments.
pub fn jwt_decode_unverified(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let Ok(u) = jwt::decode_unverified(token) else {
        return;
    };
    let (input, signature) = token.rsplit_once('.').unwrap_or_default();
    assert_eq!(u.signing_input, input);
    assert_eq!(b64::encode(&u.signature), signature);
    let payload = input.split_once('.').map(|(_, p)| p).unwrap_or_default();
    assert_eq!(b64::encode(&u.payload), payload);
    if let Some(claims) = &u.claims {
        assert_eq!(
            serde_json::from_slice::<Value>(&u.payload).ok(),
            Some(Value::Object(claims.clone()))
        );
    }
}

/// Checks shared by every way a JWK comes in: JSON round trip, thumbprint
/// stable across JSON and the public part, PEM export re-imports to the
/// same key, and binding to every algorithm never panics.
fn check_jwk(jwk: &Jwk) {
    let json = jwk.to_json();
    assert_eq!(
        Jwk::from_json(&json).as_ref(),
        Ok(jwk),
        "JWK JSON round trip"
    );
    let thumbprint = jwk.thumbprint();
    if let Ok(public) = jwk.to_public() {
        assert!(!public.is_private(), "to_public kept private members");
        if let Ok(t) = &thumbprint {
            assert_eq!(
                public.thumbprint().as_ref(),
                Ok(t),
                "public thumbprint differs"
            );
        }
    }
    if let (Ok(t), Ok(pem)) = (&thumbprint, jwk.to_public_pem()) {
        let back = Jwk::from_pem(&pem).and_then(|k| k.thumbprint());
        assert_eq!(back.as_ref(), Ok(t), "public PEM round trip");
    }
    if let (Ok(t), Ok(pem)) = (&thumbprint, jwk.to_pkcs8_pem()) {
        let back = Jwk::from_pem(&pem).and_then(|k| k.thumbprint());
        assert_eq!(back.as_ref(), Ok(t), "PKCS#8 PEM round trip");
    }
    for alg in Algorithm::ALL {
        let _ = VerifyingKey::from_jwk(jwk, alg);
        let _ = SigningKey::from_jwk(jwk, alg);
    }
}

/// `Jwk::from_json` on arbitrary text.
pub fn jwk_from_json(data: &[u8]) {
    let Some(json) = text(data) else { return };
    if let Ok(jwk) = Jwk::from_json(json) {
        check_jwk(&jwk);
    }
}

/// `JwkSet::from_json`: a parsed set serializes and parses to the same keys,
/// and key selection by any of its kids never panics.
pub fn jwk_set_from_json(data: &[u8]) {
    let Some(json) = text(data) else { return };
    let Ok(set) = JwkSet::from_json(json) else {
        return;
    };
    let again = JwkSet::from_json(&set.to_json());
    assert_eq!(
        again.as_ref().map(JwkSet::keys).ok(),
        Some(set.keys()),
        "JWK Set round trip: {:?}",
        again.as_ref().err()
    );
    for alg in Algorithm::ALL {
        let _ = set.select(None, alg);
        for key in set.keys() {
            let _ = set.select(key.kid.as_deref(), alg);
        }
    }
}

/// `Jwk::from_pem` on arbitrary text.
pub fn pem_decode(data: &[u8]) {
    let Some(pem) = text(data) else { return };
    if let Ok(jwk) = Jwk::from_pem(pem) {
        check_jwk(&jwk);
    }
}

/// `Jwk::from_der` on arbitrary bytes.
pub fn der_import(data: &[u8]) {
    if let Ok(jwk) = Jwk::from_der(data) {
        check_jwk(&jwk);
    }
}

/// `jwt::RegisteredClaims::from_json` and `Validation::validate_json`: they
/// agree with each other and with `validate`, and with serde's decoding of
/// the same text into `jwt::Claims`.
pub fn claims_parse(data: &[u8]) {
    let Some(json) = text(data) else { return };
    let v = validation();
    let parsed = RegisteredClaims::from_json(json);
    let validated = v.validate_json(json);
    let mut trace = Vec::new();
    assert_eq!(validated, v.validate_json_traced(json, &mut trace));
    match &parsed {
        Err(e) => assert_eq!(validated.as_ref().err(), Some(e), "parse error not kept"),
        Ok(claims) => {
            assert_eq!(
                validated.as_ref().map(|_| ()),
                v.validate(claims).as_ref().map(|_| ()),
                "validate_json and validate disagree"
            );
            let typed = serde_json::from_str::<Claims>(json);
            assert!(
                typed.is_ok(),
                "RegisteredClaims accepted what Claims refuses: {:?}",
                typed.err()
            );
            if let Ok(typed) = typed {
                assert_eq!(typed.iss.as_deref(), claims.iss());
                assert_eq!(typed.sub.as_deref(), claims.sub());
                assert_eq!(typed.aud.as_ref(), claims.aud());
                assert_eq!(typed.exp, claims.exp());
                assert_eq!(typed.nbf, claims.nbf());
                assert_eq!(typed.iat, claims.iat());
                assert_eq!(typed.jti.as_deref(), claims.jti());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Structured targets: inputs built with `arbitrary`, one property each.
// ---------------------------------------------------------------------------

/// A small JSON value from the fuzzer's bytes.
fn arbitrary_json(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let kinds = if depth == 0 { 5 } else { 7 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => Value::from(u.arbitrary::<f64>()?),
        4 => Value::String(u.arbitrary()?),
        5 => {
            let n = u.int_in_range(0..=3)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(arbitrary_json(u, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let n = u.int_in_range(0..=3)?;
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                map.insert(u.arbitrary()?, arbitrary_json(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

fn pick_alg(u: &mut Unstructured<'_>) -> arbitrary::Result<(usize, Algorithm)> {
    let i = u.choose_index(Algorithm::ALL.len())?;
    Ok((
        i,
        Algorithm::ALL.get(i).copied().unwrap_or(Algorithm::HS256),
    ))
}

/// Any algorithm, payload and header extras: if `sign` accepts the header,
/// `verify` accepts the token and returns the same header and payload.
/// `sign` may refuse only an extra member that shadows a typed one.
pub fn roundtrip_sign_verify(data: &[u8]) {
    let _ = sign_verify(&mut Unstructured::new(data));
}

fn sign_verify(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let (i, alg) = pick_alg(u)?;
    let Some(key) = f.signing.get(i) else {
        return Ok(());
    };
    let mut header = jws::Header::new(alg);
    if u.arbitrary()? {
        header = header.with_typ(u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        header = header.with_cty(u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        header = header.with_kid(u.arbitrary::<String>()?);
    }
    for _ in 0..u.int_in_range(0..=4)? {
        let name: String = u.arbitrary()?;
        let value = arbitrary_json(u, 2)?;
        header = header.with(name, value);
    }
    let payload: Vec<u8> = u.arbitrary()?;
    match jws::sign(&header, &payload, key) {
        Ok(token) => {
            let verified = jws::verify(&token, &f.by_alg, &[alg]);
            assert!(
                verified.is_ok(),
                "a token jot signed does not verify: {:?}",
                verified.err()
            );
            if let Ok(verified) = verified {
                assert_eq!(verified.payload, payload, "payload changed");
                assert!(
                    same_header(&verified.header, &header),
                    "header changed: {header:?} became {:?}",
                    verified.header
                );
            }
        }
        Err(e) => {
            let shadows = ["alg", "typ", "cty", "kid", "crit"]
                .iter()
                .any(|m| header.extra.contains_key(*m));
            assert!(shadows, "sign refused a header without shadowing: {e:?}");
        }
    }
    Ok(())
}

/// A generated or arbitrary-built JWK with arbitrary metadata: serialized
/// and parsed again it is the same key, its thumbprint ignores the metadata
/// (RFC 7638 §3.2: required members only) and survives every export.
pub fn roundtrip_jwk(data: &[u8]) {
    let _ = jwk_roundtrip(&mut Unstructured::new(data));
}

fn jwk_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let choice = u.choose_index(f.jwks.len() + 1)?;
    let mut jwk = match f.jwks.get(choice) {
        Some(jwk) => jwk.clone(),
        None => {
            let len = u.int_in_range(1..=128)?;
            Jwk {
                kty: "oct".into(),
                k: Some(b64::encode(u.bytes(len)?)),
                ..Jwk::default()
            }
        }
    };
    if u.arbitrary()? {
        jwk = jwk.to_public().unwrap_or(jwk);
    }
    let bare = Jwk {
        kid: None,
        ..jwk.clone()
    };
    let expected = bare.thumbprint();
    assert!(expected.is_ok(), "fixture thumbprint: {expected:?}");
    jwk.kid = u.arbitrary()?;
    if u.arbitrary()? {
        jwk.use_ = Some(u.choose(&["sig", "enc"])?.to_string());
    }
    if u.arbitrary()? {
        let (_, alg) = pick_alg(u)?;
        jwk.alg = Some(alg.name().to_owned());
    }
    if u.arbitrary()? {
        let ops = [
            "sign",
            "verify",
            "encrypt",
            "decrypt",
            "wrapKey",
            "unwrapKey",
        ];
        let mut chosen = Vec::new();
        for op in ops {
            if u.arbitrary()? {
                chosen.push(op.to_owned());
            }
        }
        jwk.key_ops = Some(chosen);
    }
    let json = jwk.to_json();
    match Jwk::from_json(&json) {
        Ok(back) => {
            assert_eq!(back, jwk, "JSON round trip changed the key");
            assert_eq!(
                back.thumbprint(),
                expected,
                "thumbprint depends on metadata"
            );
            check_jwk(&back);
        }
        // Metadata may contradict the key (an `alg` of another family);
        // then parsing refuses it, and so must `check`.
        Err(e) => assert_eq!(jwk.check(), Err(e), "from_json refused what check accepts"),
    }
    Ok(())
}

/// A valid token changed anywhere never verifies with another payload: it
/// fails, or (when the change is a no-op for the signature, as ECDSA's
/// `s -> n - s`) verifies with the very same payload and claims.
pub fn mutation_never_verifies(data: &[u8]) {
    let _ = mutate(&mut Unstructured::new(data));
}

fn mutate(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let Some(sample) = f.samples.get(u.choose_index(f.samples.len())?) else {
        return Ok(());
    };
    let mut bytes = sample.token.clone().into_bytes();
    for _ in 0..u.int_in_range(1..=8)? {
        let at = u.choose_index(bytes.len() + 1)?;
        match u.int_in_range(0..=3)? {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = u.arbitrary()?;
                }
            }
            1 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << u.int_in_range(0..=7)?;
                }
            }
            2 => bytes.insert(at, u.arbitrary()?),
            _ => {
                if at < bytes.len() {
                    bytes.remove(at);
                }
            }
        }
    }
    let Ok(token) = String::from_utf8(bytes) else {
        return Ok(());
    };
    if let Ok(v) = jws::verify(&token, &f.by_alg, &Algorithm::ALL) {
        assert_eq!(
            v.payload, sample.payload,
            "a changed token verified with another payload"
        );
        assert_eq!(
            v.header.alg, sample.alg,
            "a changed token verified under another alg"
        );
    }
    if let Ok(t) = jwt::verify::<Value>(&token, &f.by_alg, &validation()) {
        let original: Value = serde_json::from_slice(&sample.payload).unwrap_or_default();
        assert_eq!(
            t.claims, original,
            "a changed token verified with other claims"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// JWS JSON Serialization (RFC 7515 §7.2), detached content (Appendix F) and
// unencoded payloads (RFC 7797): the explicit APIs that understand `b64`.
// ---------------------------------------------------------------------------

/// `VerifiedJson` without the borrow of the keys, for the checks below.
type JsonResult = jot::Result<jws::json::VerifiedJson>;

/// The signature entries of a JSON document as `serde_json` reads them:
/// the `signatures` array (general) or the top object (flattened).
fn signature_entries(top: &serde_json::Map<String, Value>) -> Vec<&serde_json::Map<String, Value>> {
    match top.get("signatures") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => vec![top],
    }
}

/// Whether a verified signature's protected header says `b64: false`.
fn unencoded(protected: &serde_json::Map<String, Value>) -> bool {
    protected.get("b64") == Some(&Value::Bool(false))
}

/// Whether a header's `crit` lists `b64`.
fn crit_lists_b64(header: &jws::Header) -> bool {
    header
        .crit
        .as_deref()
        .is_some_and(|names| names.iter().any(|n| n == "b64"))
}

/// `jws::json::verify` on arbitrary text, with keys by algorithm and a JWK
/// Set by kid, and the full allow-list. What verifies names a signature
/// that exists and whose headers are the ones returned; its payload
/// re-encodes to the `payload` member (as is for `b64: false`); the same
/// document without `payload` verifies detached with that payload; an
/// allow-list without the verified `alg` never verifies that signature (only
/// a later one: signatures are tried in order); what the JWK Set verifies,
/// the same keys by algorithm verify at that index or earlier.
pub fn jws_json_verify(data: &[u8]) {
    let Some(doc) = text(data) else { return };
    let f = fixtures();
    let by_alg = jws::json::verify(doc, &f.by_alg, &Algorithm::ALL);
    let by_kid = jws::json::verify(doc, &f.set, &Algorithm::ALL);
    check_json_verified(doc, &by_alg, &f.by_alg);
    check_json_verified(doc, &by_kid, &f.set);
    if let Ok(v) = &by_kid {
        assert!(
            by_alg
                .as_ref()
                .is_ok_and(|w| w.signature_index <= v.signature_index),
            "the JWK Set verified signature {} but the same keys by algorithm give {:?}",
            v.signature_index,
            by_alg.as_ref().map(|w| w.signature_index)
        );
    }
}

fn check_json_verified(doc: &str, result: &JsonResult, keys: &impl KeySource) {
    let Ok(v) = result else { return };
    let top: Value = match serde_json::from_str(doc) {
        Ok(top) => top,
        Err(e) => panic!("json::verify accepted a document serde_json refuses: {e}"),
    };
    let Some(top) = top.as_object() else {
        panic!("json::verify accepted a document that is not an object")
    };
    let entries = signature_entries(top);
    let entry = entries.get(v.signature_index);
    assert!(
        entry.is_some(),
        "signature_index {} out of range ({} signatures)",
        v.signature_index,
        entries.len()
    );
    if let Some(entry) = entry {
        let header = entry
            .get("header")
            .cloned()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
        assert_eq!(
            header,
            Value::Object(v.unprotected.clone()),
            "the unprotected header returned is not that of signature {}",
            v.signature_index
        );
        let protected = match entry.get("protected").and_then(Value::as_str) {
            Some(p) => b64::decode(p, Part::Header)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok()),
            None => Some(Value::Object(serde_json::Map::new())),
        };
        assert_eq!(
            protected,
            Some(Value::Object(v.protected.clone())),
            "the protected header returned is not that of signature {}",
            v.signature_index
        );
    }
    assert!(
        v.unprotected.keys().all(|k| !v.protected.contains_key(k)),
        "protected and unprotected headers overlap"
    );
    assert!(
        !v.unprotected.contains_key("crit") && !v.unprotected.contains_key("b64"),
        "crit or b64 accepted unprotected"
    );
    let member = top.get("payload").and_then(Value::as_str);
    assert!(member.is_some(), "verified without a payload member");
    if let Some(member) = member {
        if unencoded(&v.protected) {
            assert_eq!(v.payload, member.as_bytes(), "b64:false payload changed");
        } else {
            assert_eq!(
                b64::encode(&v.payload),
                member,
                "payload does not re-encode to the payload member"
            );
        }
    }
    // The same document, detached: the same signature verifies.
    let mut detached = top.clone();
    detached.remove("payload");
    let detached = Value::Object(detached).to_string();
    if detached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
        let d = jws::json::verify_detached(&detached, &v.payload, keys, &Algorithm::ALL);
        assert_eq!(
            d.as_ref().map(|d| (d.signature_index, &d.payload)),
            Ok((v.signature_index, &v.payload)),
            "the detached form does not verify the same signature"
        );
    }
    let alg = v.header.alg;
    let others: Vec<Algorithm> = Algorithm::ALL.into_iter().filter(|a| *a != alg).collect();
    if let Ok(w) = jws::json::verify(doc, keys, &others) {
        assert!(
            w.signature_index > v.signature_index,
            "signature {} verified with {alg:?} off the allow-list (got index {})",
            v.signature_index,
            w.signature_index
        );
        assert_ne!(
            w.header.alg, alg,
            "verified under an alg off the allow-list"
        );
    }
}

/// The token and payload parts of a detached-target input: split at the
/// first 0x00 byte (no 0x00: the whole input is the token, the payload empty).
fn token_and_payload(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 1..).unwrap_or_default(),
        ),
        None => (data, &[]),
    }
}

/// `jws::verify_detached`, `jws::verify_unencoded` and
/// `jws::json::verify_detached` on a token and a payload (input split at the
/// first 0x00), with keys by algorithm and by kid. The compact `jws::verify`
/// and `jwt::verify` never accept a header whose `crit` lists `b64`. What
/// verifies detached also verifies attached: base64url-encoded through the
/// compact `jws::verify` (unless `crit` lists `b64`), unencoded through
/// `verify_unencoded`, and as a flattened JSON document; what verifies
/// unencoded verifies detached with its payload segment.
pub fn jws_detached_verify(data: &[u8]) {
    let (token, payload) = token_and_payload(data);
    let Some(token) = text(token) else { return };
    let f = fixtures();
    detached_checks(token, payload, &f.by_alg);
    detached_checks(token, payload, &f.set);
    if let Ok(t) = jwt::verify::<Value>(token, &f.by_alg, &validation()) {
        assert!(!crit_lists_b64(&t.header), "jwt::verify accepted crit b64");
    }
}

fn detached_checks(token: &str, payload: &[u8], keys: &impl KeySource) {
    let all = &Algorithm::ALL;
    if let Ok(v) = jws::verify(token, keys, all) {
        assert!(
            !crit_lists_b64(&v.header),
            "compact jws::verify accepted crit b64"
        );
    }
    if let Ok(v) = jws::json::verify_detached(token, payload, keys, all) {
        assert_eq!(v.payload, payload, "json detached payload changed");
        let count = serde_json::from_str::<Value>(token)
            .ok()
            .and_then(|top| top.as_object().map(|o| signature_entries(o).len()));
        assert!(
            count.is_some_and(|n| v.signature_index < n),
            "signature_index {} out of range ({count:?})",
            v.signature_index
        );
    }
    let (header, signature) = match token.split_once('.') {
        Some((h, rest)) => (h, rest.rsplit_once('.').map_or("", |(_, s)| s)),
        None => ("", ""),
    };
    if let Ok(v) = jws::verify_detached(token, payload, keys, all) {
        assert_eq!(v.payload, payload, "detached payload changed");
        let encoded = v.header.extra.get("b64") != Some(&Value::Bool(false));
        if encoded {
            let attached = format!("{header}.{}.{signature}", b64::encode(payload));
            if attached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
                let c = jws::verify(&attached, keys, all);
                if crit_lists_b64(&v.header) {
                    assert!(c.is_err(), "compact jws::verify accepted crit b64");
                } else {
                    assert_eq!(
                        c.as_ref().map(|c| &c.payload),
                        Ok(&v.payload),
                        "detached verifies but attached does not"
                    );
                }
            }
        } else if let Some(inline) = text(payload).filter(|p| !p.contains('.')) {
            let attached = format!("{header}.{inline}.{signature}");
            if attached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
                let u = jws::verify_unencoded(&attached, keys, all);
                assert_eq!(
                    u.as_ref().map(|u| &u.payload),
                    Ok(&v.payload),
                    "detached b64:false verifies but attached unencoded does not"
                );
            }
        }
        let flattened = serde_json::json!({ "protected": header, "signature": signature });
        let j = jws::json::verify_detached(&flattened.to_string(), payload, keys, all);
        assert_eq!(
            j.as_ref().map(|j| (&j.payload, &j.header)),
            Ok((&v.payload, &v.header)),
            "compact detached verifies but flattened detached does not"
        );
    }
    if let Ok(v) = jws::verify_unencoded(token, keys, all) {
        let segment = jws::split(token, jws::DEFAULT_MAX_TOKEN_LEN)
            .map(|p| p.payload)
            .unwrap_or_default();
        assert_eq!(v.payload, segment.as_bytes(), "unencoded payload changed");
        assert!(
            crit_lists_b64(&v.header) && v.header.extra.get("b64") == Some(&Value::Bool(false)),
            "verify_unencoded accepted a header without b64:false in crit"
        );
        assert!(
            jws::verify(token, keys, all).is_err(),
            "compact jws::verify accepted an unencoded token"
        );
        let detached = format!("{header}..{signature}");
        let d = jws::verify_detached(&detached, &v.payload, keys, all);
        assert_eq!(
            d.as_ref().map(|d| &d.header),
            Ok(&v.header),
            "unencoded verifies but its detached form does not"
        );
        let flattened =
            serde_json::json!({ "payload": segment, "protected": header, "signature": signature });
        let j = jws::json::verify(&flattened.to_string(), keys, all);
        assert_eq!(
            j.as_ref().map(|j| &j.payload),
            Ok(&v.payload),
            "compact unencoded verifies but flattened JSON does not"
        );
    }
}

/// JSON serialization round trip: 1-3 signers of any algorithm, `alg`
/// protected or not, `kid` and arbitrary extra members unprotected, `b64`
/// true or false for all. `json::sign` refuses only a header over
/// `MAX_HEADER_LEN`; otherwise the general syntax (and the flattened one
/// for one signer, and the detached form) verifies with the same payload,
/// and an allow-list of one signer's `alg` names the first signer with it.
pub fn roundtrip_json(data: &[u8]) {
    let _ = json_roundtrip(&mut Unstructured::new(data));
}

fn json_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    use jws::json::Signer;
    let f = fixtures();
    let raw_payload: bool = u.arbitrary()?;
    let mut signers = Vec::new();
    let mut algs = Vec::new();
    let mut unions = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let (i, alg) = pick_alg(u)?;
        let Some(key) = f.signing.get(i) else {
            return Ok(());
        };
        let mut unprotected = serde_json::Map::new();
        let protected = if !raw_payload && u.arbitrary()? {
            // Nothing protected but the payload (RFC 7520 §4.7).
            unprotected.insert("alg".into(), alg.name().into());
            None
        } else {
            let mut h = jws::Header::new(alg);
            if u.arbitrary()? {
                h = h.with_typ(u.arbitrary::<String>()?);
            }
            if raw_payload {
                h = h.with("b64", false);
                h.crit = Some(vec!["b64".into()]);
            }
            Some(h)
        };
        if u.arbitrary()? {
            unprotected.insert("kid".into(), Value::String(u.arbitrary()?));
        }
        for _ in 0..u.int_in_range(0..=3)? {
            let name: String = u.arbitrary()?;
            let value = arbitrary_json(u, 2)?;
            let taken = jws::REGISTERED.contains(&name.as_str())
                || name == "b64"
                || protected
                    .as_ref()
                    .is_some_and(|h| h.extra.contains_key(&name));
            if !taken {
                unprotected.insert(name, value);
            }
        }
        let mut union = match &protected {
            Some(h) => h
                .to_json()
                .ok()
                .and_then(|j| serde_json::from_str::<serde_json::Map<String, Value>>(&j).ok())
                .unwrap_or_default(),
            None => serde_json::Map::new(),
        };
        union.extend(unprotected.clone());
        unions.push(Value::Object(union).to_string().len());
        algs.push(alg);
        signers.push(match protected {
            Some(h) => {
                let mut s = Signer::new(key, h);
                s.unprotected = unprotected;
                s
            }
            None => Signer::unprotected_only(key, unprotected),
        });
    }
    let payload: Vec<u8> = if raw_payload {
        u.arbitrary::<String>()?.into_bytes()
    } else {
        u.arbitrary()?
    };
    let signed = match jws::json::sign(&payload, &signers) {
        Ok(signed) => signed,
        Err(e) => {
            let too_large = unions.iter().any(|n| *n > jws::MAX_HEADER_LEN);
            assert!(
                too_large && matches!(e, Error::Malformed(jot::Malformed::TooLarge { .. })),
                "json::sign refused signers it should accept: {e:?}"
            );
            return Ok(());
        }
    };
    let general = signed.general();
    if general.len() > jws::DEFAULT_MAX_TOKEN_LEN {
        assert!(
            jws::json::verify(&general, &f.by_alg, &Algorithm::ALL).is_err(),
            "a document over the size limit verified"
        );
        return Ok(());
    }
    let v = jws::json::verify(&general, &f.by_alg, &Algorithm::ALL);
    assert_eq!(
        v.as_ref().map(|v| (&v.payload, v.signature_index)),
        Ok((&payload, 0)),
        "a general document jot signed does not verify"
    );
    for (j, alg) in algs.iter().enumerate() {
        let first = algs.iter().position(|a| a == alg).unwrap_or(j);
        let w = jws::json::verify(&general, &f.by_alg, &[*alg]);
        assert_eq!(
            w.as_ref()
                .map(|w| (&w.payload, w.signature_index, w.header.alg)),
            Ok((&payload, first, *alg)),
            "allow-list [{alg:?}] does not name the first signer with it"
        );
        if let (Ok(w), Some(s)) = (&w, signers.get(first)) {
            assert!(
                same_json(
                    &Value::Object(w.unprotected.clone()),
                    &Value::Object(s.unprotected.clone())
                ),
                "unprotected header changed"
            );
        }
    }
    let flattened = signed.flattened();
    if signers.len() == 1 {
        let doc = flattened.unwrap_or_default();
        let v = jws::json::verify(&doc, &f.by_alg, &Algorithm::ALL);
        assert_eq!(
            v.as_ref().map(|v| (&v.payload, v.signature_index)),
            Ok((&payload, 0)),
            "a flattened document jot signed does not verify"
        );
    } else {
        assert!(
            flattened.is_err(),
            "flattened syntax with several signatures"
        );
    }
    let detached = signed.detached().general();
    let d = jws::json::verify_detached(&detached, &payload, &f.by_alg, &Algorithm::ALL);
    assert_eq!(
        d.as_ref().map(|d| (&d.payload, d.signature_index)),
        Ok((&payload, 0)),
        "a detached document jot signed does not verify"
    );
    assert!(
        jws::json::verify(&detached, &f.by_alg, &Algorithm::ALL).is_err(),
        "a detached document verified without its payload"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// JWE (RFC 7516 compact): the header parser, and decryption with fixed `dir`
// keys and with an ECDH-ES recipient key generated for each input.
// ---------------------------------------------------------------------------

/// The `dir` secret of the A128GCM fixture key (16 bytes).
pub const JWE_DIR_128: &[u8; 16] = b"jot fuzz jwe 128";
/// The `dir` secret of the A256GCM fixture key (32 bytes).
pub const JWE_DIR_256: &[u8; 32] = b"jot fuzz jwe dir key of 256 bits";

/// The fixed `dir` secret for `enc`.
pub fn jwe_dir_secret(enc: Enc) -> &'static [u8] {
    match enc {
        Enc::A256GCM => JWE_DIR_256,
        _ => JWE_DIR_128,
    }
}

/// The fixed `dir` decryption key for `enc`. Failing to build it is a harness bug.
pub fn jwe_dir_key(enc: Enc) -> DecryptionKey {
    DecryptionKey::dir(enc, jwe_dir_secret(enc)).expect("fixed dir key")
}

/// JWE header equality, numbers in `extra` compared as in [`same_header`].
fn same_jwe_header(a: &jwe::Header, b: &jwe::Header) -> bool {
    a.alg == b.alg
        && a.enc == b.enc
        && a.kid == b.kid
        && a.typ == b.typ
        && a.cty == b.cty
        && a.crit == b.crit
        && a.epk == b.epk
        && a.apu == b.apu
        && a.apv == b.apv
        && same_json(
            &Value::Object(a.extra.clone()),
            &Value::Object(b.extra.clone()),
        )
}

/// A compact JWE whose protected header is `header_json`, with an empty
/// encrypted key, a 96-bit IV, one byte of ciphertext and a 128-bit tag,
/// all zero: it gets through every step of `jwe::decrypt` up to AES-GCM.
fn jwe_with_header(header_json: &[u8]) -> String {
    format!(
        "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64::encode(header_json)
    )
}

/// `jwe::Header::from_json`: a parsed header serializes and parses back to
/// the same header; and `jwe::decrypt` (whose step 3 is this parser) fails
/// with the very same error when these bytes are a token's header.
pub fn jwe_header_parse(data: &[u8]) {
    let parsed = jwe::Header::from_json(data);
    let token = jwe_with_header(data);
    if token.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
        let opened = jwe::decrypt(&token, &jwe_dir_key(Enc::A128GCM), &KeyAlg::ALL, &Enc::ALL);
        match &parsed {
            Err(e) => assert_eq!(
                opened.as_ref().err(),
                Some(e),
                "decrypt does not fail as Header::from_json does"
            ),
            // An all-zero tag: opening would be a forgery.
            Ok(_) => assert!(opened.is_err(), "a zero tag opened: {opened:?}"),
        }
    }
    let Ok(header) = parsed else { return };
    let json = header.to_json();
    assert!(json.is_ok(), "a parsed header does not serialize: {json:?}");
    if let Ok(json) = json {
        // Re-serializing can lengthen numbers (1e15 -> 1000000000000000.0).
        if json.len() <= jws::MAX_HEADER_LEN {
            let again = jwe::Header::from_json(json.as_bytes());
            assert!(
                again.as_ref().is_ok_and(|h| same_jwe_header(h, &header)),
                "header round trip changed it: {header:?} became {again:?}"
            );
        }
    }
}

/// The error `jwe::decrypt` must give whatever the key, if the token fails
/// before a key is used (RFC 7516 §5.2 steps 1-4 and 7, in jot's order:
/// size, segments, header, `crit`; every `alg`/`enc` is allowed here), with
/// the parsed header otherwise.
enum Early {
    /// Fails before key use with this error; `None` for a `crit` failure,
    /// whose exact error is `check_crit`'s (only its kind is known here).
    Fails(Option<Error>),
    /// Gets to key use, with this header.
    Header(Box<jwe::Header>),
}

fn early(token: &str) -> Early {
    if token.len() > jws::DEFAULT_MAX_TOKEN_LEN {
        let limit = jws::DEFAULT_MAX_TOKEN_LEN;
        return Early::Fails(Some(jot::Malformed::TooLarge { limit }.into()));
    }
    if token.starts_with('{') {
        return Early::Fails(Some(jot::Malformed::NotCompactJws.into()));
    }
    let segments: Vec<&str> = token.split('.').collect();
    let [header, encrypted_key, ..] = segments[..] else {
        return Early::Fails(Some(jot::Malformed::SegmentCount.into()));
    };
    if segments.len() != 5 {
        return Early::Fails(Some(jot::Malformed::SegmentCount.into()));
    }
    let parsed = b64::decode(header, Part::Header).and_then(|h| jwe::Header::from_json(&h));
    match parsed {
        Err(e) => Early::Fails(Some(e)),
        Ok(h) if h.crit.is_some() => Early::Fails(None),
        Ok(_) if !encrypted_key.is_empty() => Early::Fails(Some(
            jot::Malformed::Member {
                part: Part::Token,
                name: "encrypted_key",
                rule: "must be empty for dir and ECDH-ES (RFC 7518 §4.5, §4.6)",
            }
            .into(),
        )),
        Ok(h) => Early::Header(Box::new(h)),
    }
}

/// `jwe::decrypt` with the fixed A128GCM and A256GCM `dir` keys, and
/// `jwe::decrypt_ephemeral` with a recipient key generated for this input
/// (on the curve of the header's `epk`, X25519 if none):
/// - nothing panics, and the ephemeral key never opens anything: the token
///   was made before the key existed, so an `Ok` would mean a tag that does
///   not bind the agreed key;
/// - a token that fails before key use fails identically on all three
///   paths; one that gets further fails on a key whose `alg`/`enc` is not
///   the header's with `KeyRejected(WrongAlgorithm)` (§5.2 step 6);
/// - what decrypts has a `dir` header of the key's `enc`; re-encrypting its
///   plaintext with the same header (and key) decrypts to the same plaintext
///   and header, and so does encrypting it to a fresh ECDH-ES recipient;
///   one bit changed in its tag gives `DecryptionFailed`; an allow-list
///   without its `alg` or `enc`, or a size limit one byte short, refuses it.
pub fn jwe_decrypt(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let early = early(token);
    let header = match &early {
        Early::Header(h) => Some(&**h),
        Early::Fails(_) => None,
    };
    let enc = header.map_or(Enc::A128GCM, |h| h.enc);
    let curve = header
        .and_then(|h| h.epk.as_ref())
        .and_then(|epk| {
            [Curve::P256, Curve::P384, Curve::X25519]
                .into_iter()
                .find(|c| epk.crv.as_deref() == Some(c.name()))
        })
        .unwrap_or(Curve::X25519);
    let recipient = EphemeralDecryptionKey::generate(curve, enc).expect("ephemeral key");
    let by_ecdh = jwe::decrypt_ephemeral(token, recipient, &KeyAlg::ALL, &Enc::ALL);
    assert!(
        by_ecdh.is_err(),
        "a freshly generated ECDH-ES key opened the token: {by_ecdh:?}"
    );
    let mut by_dir = Vec::new();
    for key_enc in Enc::ALL {
        let key = jwe_dir_key(key_enc);
        let opened = jwe::decrypt(token, &key, &KeyAlg::ALL, &Enc::ALL);
        match (&early, &opened) {
            (Early::Fails(Some(e)), _) => {
                assert_eq!(opened.as_ref().err(), Some(e), "dir {key_enc}: first step");
                assert_eq!(by_ecdh.as_ref().err(), Some(e), "ECDH-ES: first step");
            }
            (Early::Fails(None), Err(e)) => {
                assert_eq!(e.kind(), "crit", "crit listed, {e:?}");
                assert_eq!(by_ecdh.as_ref().err(), Some(e), "ECDH-ES: crit step");
            }
            (Early::Fails(None), Ok(_)) => panic!("a token with crit decrypted"),
            (Early::Header(h), _) if (h.alg, h.enc) != (KeyAlg::Dir, key_enc) => assert_eq!(
                opened.as_ref().err(),
                Some(&jot::KeyRejected::WrongAlgorithm.into()),
                "dir {key_enc} key, {} {} header",
                h.alg,
                h.enc
            ),
            (Early::Header(h), Ok(d)) => check_jwe_opened(token, h, &key, d),
            (Early::Header(_), Err(_)) => {}
        }
        by_dir.push(opened);
    }
    if let Early::Header(h) = &early {
        if (h.alg, h.enc) != (KeyAlg::EcdhEs, enc) {
            assert_eq!(
                by_ecdh.as_ref().err(),
                Some(&jot::KeyRejected::WrongAlgorithm.into()),
                "ECDH-ES {enc} key, {} {} header",
                h.alg,
                h.enc
            );
        }
    }
}

/// The properties of a token the fixed `dir` key decrypted.
fn check_jwe_opened(token: &str, header: &jwe::Header, key: &DecryptionKey, d: &jwe::Decrypted) {
    let enc = key.enc();
    assert_eq!(&d.header, header, "the returned header is not the token's");
    assert_eq!((d.header.alg, d.header.enc), (KeyAlg::Dir, enc));
    let all = (&KeyAlg::ALL[..], &Enc::ALL[..]);
    assert_eq!(
        jwe::decrypt(token, key, &[KeyAlg::EcdhEs], all.1).err(),
        Some(Error::JweAlgorithmNotAllowed("dir")),
        "decrypted without dir in the allow-list"
    );
    let other: Vec<Enc> = Enc::ALL.into_iter().filter(|e| *e != enc).collect();
    assert_eq!(
        jwe::decrypt(token, key, all.0, &other).err(),
        Some(Error::JweAlgorithmNotAllowed(enc.name())),
        "decrypted without {enc} in the allow-list"
    );
    let short = jwe::decrypt_with_limit(token, key, all.0, all.1, token.len() - 1);
    assert!(
        matches!(
            short,
            Err(Error::Malformed(jot::Malformed::TooLarge { .. }))
        ),
        "the size limit is not checked first: {short:?}"
    );
    let flipped = flip_last_segment(token);
    assert_eq!(
        jwe::decrypt(&flipped, key, all.0, all.1).err(),
        Some(Error::DecryptionFailed),
        "a changed tag did not fail"
    );

    // Re-encrypt with the same header (jwe::encrypt makes `epk`, never takes it).
    let mut again = d.header.clone();
    again.epk = None;
    let ek = EncryptionKey::dir(enc, jwe_dir_secret(enc)).expect("fixed dir key");
    // Within jot's limits (re-serializing can lengthen numbers, and the
    // ECDH-ES header gains an `epk`), or decryption rightly refuses it.
    let fits = |t: &str| {
        let header = t.split('.').next().unwrap_or_default();
        b64::decode(header, Part::Header).is_ok_and(|j| j.len() <= jws::MAX_HEADER_LEN)
            && t.len() <= jws::DEFAULT_MAX_TOKEN_LEN
    };
    let token2 = jwe::encrypt(&again, &d.plaintext, &ek);
    assert!(token2.is_ok(), "re-encryption failed: {:?}", token2.err());
    let token2 = token2.unwrap_or_default();
    if fits(&token2) {
        let d2 = jwe::decrypt(&token2, key, all.0, all.1);
        assert!(
            d2.as_ref()
                .is_ok_and(|d2| d2.plaintext == d.plaintext && same_jwe_header(&d2.header, &again)),
            "re-encrypted plaintext did not come back: {:?}",
            d2.err()
        );
    }
    // The same plaintext and header members, to an ECDH-ES recipient.
    let recipient = EphemeralDecryptionKey::generate(Curve::X25519, enc).expect("ephemeral key");
    let sender = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, enc)
        .expect("the recipient's public JWK");
    let mut to_ecdh = again;
    to_ecdh.alg = KeyAlg::EcdhEs;
    let token3 = jwe::encrypt(&to_ecdh, &d.plaintext, &sender);
    assert!(
        token3.is_ok(),
        "ECDH-ES encryption failed: {:?}",
        token3.err()
    );
    let token3 = token3.unwrap_or_default();
    if fits(&token3) {
        let d3 = jwe::decrypt_ephemeral(&token3, recipient, all.0, all.1);
        assert!(
            d3.as_ref().is_ok_and(|d3| d3.plaintext == d.plaintext
                && d3.header.apu == to_ecdh.apu
                && d3.header.apv == to_ecdh.apv),
            "ECDH-ES round trip lost the plaintext: {:?}",
            d3.err()
        );
    }
}

/// The token with one bit of its last segment (the tag) flipped, re-encoded
/// canonically.
fn flip_last_segment(token: &str) -> String {
    let (rest, tag) = token.rsplit_once('.').unwrap_or_default();
    let mut bytes = b64::decode(tag, Part::Signature).unwrap_or_default();
    match bytes.first_mut() {
        Some(b) => *b ^= 0x80,
        None => bytes.push(0),
    }
    format!("{rest}.{}", b64::encode(&bytes))
}
