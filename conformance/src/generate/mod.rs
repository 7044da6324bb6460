//! The case generator: fresh keys, then every case of every category.
//!
//! Each case is named `category/what/variant`; names are the same on every
//! run, the keys and tokens never are. Helpers here build tokens byte by byte
//! (header text, payload bytes, signature bytes), so a hostile feature is in
//! the token exactly as the name says, and `tests/generator.rs` checks it.
//!
//! This file holds the shared builder (`Spec`, `Ctx` and its helpers); each
//! category's cases are in the child module of the same name.

// The generator indexes only JSON and byte strings it has just built itself
// (objects it made, signatures of known length): no untrusted input here.
#![allow(clippy::indexing_slicing, clippy::type_complexity)]

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::case::{Case, ErrorClass as E, Expect, Group, Level, Suite};
use crate::keys::{Drbg, Gen, Key};

mod algorithm;
mod claims;
mod headers;
mod json;
mod keys;
mod positive;
mod signature;
mod structure;

/// The issuer every case's tokens name, and verifiers expect by default.
pub const ISS: &str = "https://issuer.example";
/// The audience every case's tokens name, and verifiers are by default.
pub const AUD: &str = "jot-conformance";
/// The generator's version, written into every suite.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The twelve JWS algorithms every case category draws from (RFC 7518 §3.1, RFC 8037 §3.1).
pub const ALGS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA",
];

const FLAGS: &[(&str, &str)] = &[
    ("AlgNone", "alg is none, in some spelling"),
    (
        "AlgConfusion",
        "an HMAC token keyed with the bytes of an asymmetric public key",
    ),
    (
        "AlgKeyMismatch",
        "the header alg does not fit the key type, curve or signature",
    ),
    (
        "AlgNotAllowed",
        "a valid token whose alg is not in the allow-list",
    ),
    (
        "AlgUnknown",
        "alg is not a registered name (case, spaces, type)",
    ),
    ("DerSignature", "the ECDSA signature is ASN.1 DER, not r||s"),
    ("ZeroR", "ECDSA r is zero"),
    ("ZeroS", "ECDSA s is zero"),
    ("ROutOfRange", "ECDSA r is at or above the group order"),
    (
        "SOutOfRange",
        "ECDSA s (or Ed25519 S) is at or above the group order",
    ),
    ("HighS", "ECDSA s replaced by n - s (valid, malleable)"),
    ("Truncated", "signature bytes removed"),
    ("Extended", "signature bytes added"),
    ("SignatureStripped", "the signature is empty"),
    ("BitFlip", "one bit of the signature flipped"),
    ("ShortHmacKey", "HMAC key shorter than the hash output"),
    ("SmallRsaKey", "RSA modulus under 2048 bits"),
    (
        "KeyUseForbids",
        "JWK use, key_ops or alg forbids this verification",
    ),
    ("PrivateJwk", "the verifier is given a private JWK"),
    (
        "InvalidPoint",
        "the EC point is not on the curve, or badly encoded",
    ),
    (
        "WrongCurve",
        "the JWK crv does not match the key or the alg",
    ),
    ("SmallOrderKey", "Ed25519 public key of small order"),
    (
        "KidMismatch",
        "kid missing, duplicated, unknown or naming another key",
    ),
    ("Crit", "crit header"),
    ("B64False", "b64: false (RFC 7797)"),
    (
        "EmbeddedKey",
        "jwk, jku, x5u or x5c in the header, attacker's key",
    ),
    ("HostileKid", "kid is a path, SQL, NUL or not a string"),
    ("SegmentCount", "not three segments"),
    ("Whitespace", "whitespace in or around the token"),
    (
        "NonCanonicalBase64",
        "padding, trailing bits, or the standard alphabet",
    ),
    ("InvalidBase64", "a character outside base64url"),
    ("Oversized", "a very large token or header"),
    (
        "JsonSerialization",
        "JWS JSON serialization where compact is expected",
    ),
    ("DuplicateMember", "a JSON member name repeated"),
    ("DeepNesting", "JSON nested thousands deep"),
    ("InvalidUtf8", "bytes that are not UTF-8"),
    ("LoneSurrogate", "a \\ud800 escape"),
    ("Bom", "a UTF-8 byte order mark"),
    ("HugeNumber", "a number beyond 64 bits or f64"),
    ("NotObject", "header or claims not a JSON object"),
    ("InvalidJson", "trailing garbage, comma, comment or NaN"),
    ("TimeBoundary", "exp, nbf or iat at or near the clock"),
    ("ClaimType", "a registered claim of the wrong JSON type"),
    ("AudienceMismatch", "aud does not name the verifier"),
    ("IssuerMismatch", "iss is not the expected issuer"),
    ("MissingClaim", "a required claim is absent"),
    ("Typ", "the typ header"),
];

/// A case under construction.
struct Spec(Case);

impl Spec {
    fn token(mut self, t: String) -> Spec {
        self.0.token = t;
        self
    }
    fn flags(mut self, f: &[&str]) -> Spec {
        self.0.flags = f.iter().map(|s| (*s).to_owned()).collect();
        self
    }
    fn leeway(mut self, l: u64) -> Spec {
        self.0.leeway = l;
        self
    }
    fn issuer(mut self, i: Option<&str>) -> Spec {
        self.0.issuer = i.map(str::to_owned);
        self
    }
    fn audience(mut self, a: Option<&str>) -> Spec {
        self.0.audience = a.map(str::to_owned);
        self
    }
    fn required(mut self, r: &[&str]) -> Spec {
        self.0.required = r.iter().map(|s| (*s).to_owned()).collect();
        self
    }
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The keys of a run: fresh ECDSA and RSA, seeded HMAC and Ed25519.
struct Keys {
    hs: BTreeMap<&'static str, Key>,
    rsa: Key,
    small_rsa: Key,
    ec256: Key,
    ec384: Key,
    ed: Key,
    ec256_attacker: Key,
    ed_attacker: Key,
    hs_attacker: Key,
}

struct Ctx {
    now: i64,
    rng: Drbg,
    keys: Keys,
    groups: Vec<Group>,
    index: BTreeMap<String, usize>,
    next_id: u32,
}

/// Generates a suite with the clock at `now` and this seed.
///
/// # Errors
///
/// When a key cannot be made (`openssl` missing: RSA keys come from it).
pub fn generate(seed: u64, now: i64) -> Gen<Suite> {
    let mut rng = Drbg::new(seed);
    let mut hs = BTreeMap::new();
    hs.insert("HS256", Key::hmac(rng.bytes(32)));
    hs.insert("HS384", Key::hmac(rng.bytes(48)));
    hs.insert("HS512", Key::hmac(rng.bytes(64)));
    let ed = Key::ed25519(&rng.bytes(32))?;
    let ed_attacker = Key::ed25519(&rng.bytes(32))?;
    let hs_attacker = Key::hmac(rng.bytes(32));
    let keys = Keys {
        hs,
        rsa: Key::rsa(2048)?,
        small_rsa: Key::rsa(1024)?,
        ec256: Key::ec("P-256")?,
        ec384: Key::ec("P-384")?,
        ed,
        ec256_attacker: Key::ec("P-256")?,
        ed_attacker,
        hs_attacker,
    };
    let mut ctx = Ctx {
        now,
        rng,
        keys,
        groups: Vec::new(),
        index: BTreeMap::new(),
        next_id: 1,
    };
    ctx.positive()?;
    ctx.algorithm()?;
    ctx.signature()?;
    ctx.keys()?;
    ctx.headers()?;
    ctx.structure()?;
    ctx.json()?;
    ctx.claim_cases()?;
    let number_of_tests = ctx.groups.iter().map(|g| g.tests.len()).sum();
    Ok(Suite {
        algorithm: "JWT-VERIFY".into(),
        generator_version: VERSION.into(),
        seed,
        now,
        number_of_tests,
        header: vec![
            "Hostile and valid JWTs for a verifier configured with the group's JWK Set and allow-list".into(),
            "and the case's clock, leeway, issuer, audience and required claims (conformance/PROTOCOL.md).".into(),
            "Generated by jot-conformance; keys are fresh on every run.".into(),
        ],
        notes: FLAGS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        test_groups: ctx.groups,
    })
}

fn b64u(b: &[u8]) -> String {
    jot::b64::encode(b)
}

/// A JSON value's compact text.
fn text(v: &Value) -> String {
    v.to_string()
}

impl Ctx {
    fn key(&self, alg: &str) -> &Key {
        match alg {
            "HS256" | "HS384" | "HS512" => &self.keys.hs[alg],
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => &self.keys.rsa,
            "ES256" => &self.keys.ec256,
            "ES384" => &self.keys.ec384,
            _ => &self.keys.ed,
        }
    }

    fn kid(alg: &str) -> String {
        format!("k-{alg}")
    }

    /// The group with these keys and algorithms (made on first use).
    fn group(&mut self, keys: Vec<Value>, algs: &[&str]) -> usize {
        let set = json!({ "keys": keys });
        let id = format!("{set}|{algs:?}");
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        self.groups.push(Group {
            kind: "JwtVerify".into(),
            keys: set,
            algorithms: strs(algs),
            tests: Vec::new(),
        });
        let i = self.groups.len() - 1;
        self.index.insert(id, i);
        i
    }

    /// The usual group of `alg`: its key with kid `k-ALG` and `alg` (as a
    /// published JWK Set names them, RFC 7517 §4.4), allow-list `[alg]`.
    fn main(&mut self, alg: &str) -> usize {
        let mut jwk = self.key(alg).jwk_kid(&Self::kid(alg));
        jwk["alg"] = json!(alg);
        self.group(vec![jwk], &[alg])
    }

    fn spec(
        &self,
        name: &str,
        level: Level,
        result: Expect,
        errors: &[E],
        comment: &str,
        refs: &[&str],
    ) -> Spec {
        let category = name.split('/').next().unwrap_or("").to_owned();
        Spec(Case {
            tc_id: 0,
            name: name.to_owned(),
            category,
            level,
            comment: comment.to_owned(),
            flags: Vec::new(),
            references: strs(refs),
            token: String::new(),
            now: self.now,
            leeway: 0,
            issuer: Some(ISS.into()),
            audience: Some(AUD.into()),
            required: vec!["exp".into()],
            result,
            errors: errors.to_vec(),
        })
    }

    fn push(&mut self, group: usize, spec: Spec) {
        let mut case = spec.0;
        case.tc_id = self.next_id;
        self.next_id += 1;
        if let Some(g) = self.groups.get_mut(group) {
            g.tests.push(case);
        }
    }

    fn claims(&mut self) -> Value {
        json!({
            "iss": ISS,
            "sub": "alice",
            "aud": AUD,
            "exp": self.now + 600,
            "nbf": self.now - 10,
            "iat": self.now - 10,
            "jti": self.rng.hex(8),
        })
    }

    fn header(alg: &str, kid: Option<&str>) -> Value {
        match kid {
            Some(kid) => json!({"alg": alg, "typ": "JWT", "kid": kid}),
            None => json!({"alg": alg, "typ": "JWT"}),
        }
    }

    /// `b64(header).b64(payload).b64(sig)`, signed by `key` as `sign_alg`
    /// over exactly the first two segments.
    fn raw(&self, header: &[u8], payload: &[u8], key: &Key, sign_alg: &str) -> Gen<String> {
        let input = format!("{}.{}", b64u(header), b64u(payload));
        let sig = key.sign(sign_alg, input.as_bytes())?;
        Ok(format!("{input}.{}", b64u(&sig)))
    }

    /// The usual header of `header_alg` with `kid` over `claims`, signed by
    /// `key` as `sign_alg` (which may differ from the header's alg).
    fn signed_with(
        &self,
        header_alg: &str,
        kid: Option<&str>,
        claims: &Value,
        key: &Key,
        sign_alg: &str,
    ) -> Gen<String> {
        self.raw(
            text(&Self::header(header_alg, kid)).as_bytes(),
            text(claims).as_bytes(),
            key,
            sign_alg,
        )
    }

    /// An honest token of `alg` with the usual key and kid.
    fn honest(&self, alg: &str, header: &Value, claims: &Value) -> Gen<String> {
        self.raw(
            text(header).as_bytes(),
            text(claims).as_bytes(),
            self.key(alg),
            alg,
        )
    }

    /// The usual token of `alg`: kid, default claims.
    fn usual(&mut self, alg: &str) -> Gen<String> {
        let claims = self.claims();
        self.honest(alg, &Self::header(alg, Some(&Self::kid(alg))), &claims)
    }

    /// Signs `h.p` where both are given as segment text (for non-canonical segments).
    fn segments(&self, h: &str, p: &str, key: &Key, alg: &str) -> Gen<String> {
        let sig = key.sign(alg, format!("{h}.{p}").as_bytes())?;
        Ok(format!("{h}.{p}.{}", b64u(&sig)))
    }
}

/// base64url text with `=` padding added.
fn pad(s: &str) -> String {
    let rem = s.len() % 4;
    if rem == 0 {
        s.to_owned()
    } else {
        format!("{s}{}", "=".repeat(4 - rem))
    }
}

/// The same base64url text with the last character's unused bits set.
fn trailing_bits(s: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let unused = match s.len() % 4 {
        2 => 4,
        3 => 2,
        _ => return s.to_owned(),
    };
    let mut out = s.as_bytes().to_vec();
    if let Some(last) = out.last_mut() {
        if let Some(i) = ALPHABET.iter().position(|c| c == last) {
            let v = i | ((1 << unused) - 1);
            if let Some(&c) = ALPHABET.get(v) {
                *last = c;
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}
