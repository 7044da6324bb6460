//! The case generator: fresh keys, then every case of every category.
//!
//! Each case is named `category/what/variant`; names are the same on every
//! run, the keys and tokens never are. Helpers here build tokens byte by byte
//! (header text, payload bytes, signature bytes), so a hostile feature is in
//! the token exactly as the name says, and `tests/generator.rs` checks it.

// The generator indexes only JSON and byte strings it has just built itself
// (objects it made, signatures of known length): no untrusted input here.
#![allow(clippy::indexing_slicing, clippy::type_complexity)]

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::case::{Case, ErrorClass as E, Expect, Group, Level, Suite};
use crate::keys::{self, Drbg, Gen, Key};

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

    // ------------------------------------------------------------ positive

    fn positive(&mut self) -> Gen<()> {
        let r7519 = "RFC 7519 §7.2";
        for alg in ALGS {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("positive/{alg}/with-kid"),
                    Level::Must,
                    Expect::Valid,
                    &[],
                    "a correctly signed token with valid claims must verify",
                    &[r7519, "RFC 7518 §3.1"],
                )
                .token(t);
            self.push(g, s);
            let claims = self.claims();
            let t = self.honest(alg, &Self::header(alg, None), &claims)?;
            let s = self
                .spec(
                    &format!("positive/{alg}/no-kid-single-key"),
                    Level::Should,
                    Expect::Valid,
                    &[],
                    "with one key in the set, a token without kid has exactly one candidate key",
                    &["RFC 7515 §4.1.4", "RFC 7517 §4.5"],
                )
                .token(t);
            self.push(g, s);
        }
        // RFC 9864's fully-specified name for EdDSA on Ed25519.
        let jwk = self.keys.ed.jwk_kid("k-Ed25519");
        let g = self.group(vec![jwk], &["Ed25519"]);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("Ed25519", Some("k-Ed25519"))).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.ed,
            "EdDSA",
        )?;
        let s = self
            .spec(
                "positive/Ed25519/fully-specified-name",
                Level::Should,
                Expect::Valid,
                &[],
                "RFC 9864 names EdDSA on Ed25519 `Ed25519`; a current verifier accepts it",
                &["RFC 9864 §2.2"],
            )
            .token(t);
        self.push(g, s);
        // Every JSON type in the claims, non-ASCII text.
        let g = self.main("HS256");
        let mut claims = self.claims();
        claims["name"] = json!("Zoë ✓ \"quoted\" </script> \u{1F600}");
        claims["roles"] = json!(["reader", "writer"]);
        claims["limits"] = json!({"n": 42, "neg": -7, "f": 1.5, "none": null, "yes": true});
        let t = self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)?;
        let s = self
            .spec(
                "positive/HS256/all-json-types",
                Level::Must,
                Expect::Valid,
                &[],
                "custom claims of every JSON type and non-ASCII text are plain data",
                &["RFC 7519 §4.3", "RFC 8259"],
            )
            .token(t);
        self.push(g, s);
        let mut h = Self::header("ES256", Some("k-ES256"));
        h["x-custom"] = json!({"nested": [1, 2]});
        let claims = self.claims();
        let g = self.main("ES256");
        let t = self.honest("ES256", &h, &claims)?;
        let s = self
            .spec(
                "positive/ES256/unknown-header-member",
                Level::Must,
                Expect::Valid,
                &[],
                "header parameters that are not understood must be ignored unless listed in crit",
                &["RFC 7515 §4"],
            )
            .token(t);
        self.push(g, s);
        Ok(())
    }

    // ------------------------------------------------------------ algorithm

    fn algorithm(&mut self) -> Gen<()> {
        let bcp = "RFC 8725 §3.1";
        // `none` in every spelling, with an empty signature and with the real key's signature.
        for spelling in ["none", "None", "NONE", "nOnE", "NoNe"] {
            for alg in ["HS256", "RS256", "ES256"] {
                let g = self.main(alg);
                let claims = self.claims();
                let h = json!({"alg": spelling, "typ": "JWT", "kid": Self::kid(alg)});
                let t = format!(
                    "{}.{}.",
                    b64u(text(&h).as_bytes()),
                    b64u(text(&claims).as_bytes())
                );
                let s = self
                    .spec(
                        &format!("algorithm/none/{spelling}/{alg}-key/empty-signature"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Algorithm, E::Signature, E::Malformed],
                        "an unsecured JWS is never accepted by a verifier configured with keys",
                        &[bcp, "RFC 7518 §3.6", "CVE-2015-9235"],
                    )
                    .token(t)
                    .flags(&["AlgNone"]);
                self.push(g, s);
            }
            let g = self.main("HS256");
            let claims = self.claims();
            let h = json!({"alg": spelling, "typ": "JWT", "kid": "k-HS256"});
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("algorithm/none/{spelling}/HS256-key/hs256-signature"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Signature, E::Malformed],
                    "alg none with a signature attached is still unsecured, and not in the allow-list",
                    &[bcp, "RFC 7518 §3.6"],
                )
                .token(t)
                .flags(&["AlgNone"]);
            self.push(g, s);
        }
        // HMAC keyed with the public key's bytes.
        let rsa_jwk = self.keys.rsa.jwk.clone();
        let forms: Vec<(&str, &str, Vec<u8>, Value)> = vec![
            (
                "RS256",
                "rsa-pem",
                keys::pem(&self.keys.rsa.spki()).into_bytes(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-pem-no-newline",
                keys::pem(&self.keys.rsa.spki())
                    .trim_end()
                    .as_bytes()
                    .to_vec(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-spki-der",
                self.keys.rsa.spki(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-pkcs1-der",
                self.keys.rsa.public_bytes(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-jwk-json",
                text(&rsa_jwk).into_bytes(),
                rsa_jwk,
            ),
            (
                "ES256",
                "ec-pem",
                keys::pem(&self.keys.ec256.spki()).into_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "ES256",
                "ec-point",
                self.keys.ec256.public_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "ES256",
                "ec-jwk-json",
                text(&self.keys.ec256.jwk).into_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "EdDSA",
                "ed25519-raw",
                self.keys.ed.public_bytes(),
                self.keys.ed.jwk.clone(),
            ),
            (
                "EdDSA",
                "ed25519-pem",
                keys::pem(&self.keys.ed.spki()).into_bytes(),
                self.keys.ed.jwk.clone(),
            ),
        ];
        for (alg, form, secret, jwk) in forms {
            for with_hs in [false, true] {
                let mut j = jwk.clone();
                j["kid"] = json!("k");
                let algs: &[&str] = if with_hs { &[alg, "HS256"] } else { &[alg] };
                let g = self.group(vec![j], algs);
                let claims = self.claims();
                let fake = Key::hmac(secret.clone());
                let t = self.raw(
                    text(&Self::header("HS256", Some("k"))).as_bytes(),
                    text(&claims).as_bytes(),
                    &fake,
                    "HS256",
                )?;
                let list = if with_hs {
                    "allow-list-has-HS256"
                } else {
                    "allow-list-asymmetric"
                };
                let s = self
                    .spec(
                        &format!("algorithm/hmac-confusion/{form}/{list}"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Algorithm, E::Key, E::Signature],
                        "an asymmetric public key must never become an HMAC secret, whatever the allow-list",
                        &[bcp, "RFC 8725 §2.1", "CVE-2016-10555", "CVE-2022-29217"],
                    )
                    .token(t)
                    .flags(&["AlgConfusion"]);
                self.push(g, s);
            }
        }
        // alg against key type, curve, padding and hash.
        let mism: Vec<(&str, Vec<Value>, Vec<&str>, &str, &str, &str)> = vec![
            (
                "es384-header-p256-key",
                vec![self.keys.ec256.jwk_kid("k")],
                vec!["ES256", "ES384"],
                "ES384",
                "ES256",
                "ec256",
            ),
            (
                "es256-header-p384-key",
                vec![self.keys.ec384.jwk_kid("k")],
                vec!["ES256", "ES384"],
                "ES256",
                "ES384",
                "ec384",
            ),
            (
                "eddsa-header-ec-key",
                vec![self.keys.ec256.jwk_kid("k")],
                vec!["ES256", "EdDSA"],
                "EdDSA",
                "EdDSA",
                "ed",
            ),
            (
                "rs256-header-pss-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "PS256"],
                "RS256",
                "PS256",
                "rsa",
            ),
            (
                "ps256-header-pkcs1-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "PS256"],
                "PS256",
                "RS256",
                "rsa",
            ),
            (
                "rs384-header-rs256-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "RS384"],
                "RS384",
                "RS256",
                "rsa",
            ),
            (
                "hs384-header-hs256-signature",
                vec![self.keys.hs["HS512"].jwk_kid("k")],
                vec!["HS256", "HS384"],
                "HS384",
                "HS256",
                "hs512",
            ),
        ];
        for (name, set, algs, header_alg, sign_alg, which) in mism {
            let claims = self.claims();
            let key = match which {
                "ec256" => &self.keys.ec256,
                "ec384" => &self.keys.ec384,
                "ed" => &self.keys.ed,
                "rsa" => &self.keys.rsa,
                _ => &self.keys.hs["HS512"],
            };
            let t = self.raw(
                text(&Self::header(header_alg, Some("k"))).as_bytes(),
                text(&claims).as_bytes(),
                key,
                sign_alg,
            )?;
            let g = self.group(set, &algs);
            let s = self
                .spec(
                    &format!("algorithm/key-mismatch/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Key, E::Signature],
                    "the alg fixes key type, curve, padding and hash; a signature made otherwise must fail",
                    &["RFC 7518 §3.1", "RFC 7518 §3.4", "RFC 8725 §3.1"],
                )
                .token(t)
                .flags(&["AlgKeyMismatch"]);
            self.push(g, s);
        }
        // Valid token, alg not in the allow-list.
        let other = [
            ("HS256", "HS384"),
            ("HS384", "HS512"),
            ("HS512", "HS256"),
            ("RS256", "PS256"),
            ("RS384", "RS256"),
            ("RS512", "RS256"),
            ("PS256", "RS256"),
            ("PS384", "PS256"),
            ("PS512", "PS256"),
            ("ES256", "ES384"),
            ("ES384", "ES256"),
            ("EdDSA", "ES256"),
        ];
        for (alg, allowed) in other {
            let jwk = self.key(alg).jwk_kid(&Self::kid(alg));
            let g = self.group(vec![jwk], &[allowed]);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("algorithm/not-allowed/{alg}-token-{allowed}-allowed"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Key],
                    "the caller's allow-list is binding, even for a correctly signed token",
                    &[bcp],
                )
                .token(t)
                .flags(&["AlgNotAllowed"]);
            self.push(g, s);
        }
        let jwk = self.key("HS256").jwk_kid("k-HS256");
        let g = self.group(vec![jwk], &[]);
        let t = self.usual("HS256")?;
        let s = self
            .spec(
                "algorithm/not-allowed/empty-allow-list",
                Level::Must,
                Expect::Invalid,
                &[E::Algorithm, E::Key],
                "an empty allow-list accepts no algorithm",
                &[bcp],
            )
            .token(t)
            .flags(&["AlgNotAllowed"]);
        self.push(g, s);
        // alg spellings that are not HS256.
        let spellings: Vec<(&str, Value)> = vec![
            ("lowercase", json!("hs256")),
            ("trailing-space", json!("HS256 ")),
            ("nul-suffix", json!("HS256\u{0}")),
            ("empty", json!("")),
            ("unregistered", json!("HS257")),
            ("number", json!(256)),
            ("array", json!(["HS256"])),
            ("null", Value::Null),
        ];
        let g = self.main("HS256");
        for (name, alg) in spellings {
            let h = json!({"alg": alg, "typ": "JWT", "kid": "k-HS256"});
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("algorithm/unknown/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Malformed],
                    "alg is a case-sensitive string naming exactly a registered algorithm",
                    &["RFC 7515 §4.1.1", "RFC 7518 §3.1"],
                )
                .token(t)
                .flags(&["AlgUnknown"]);
            self.push(g, s);
        }
        let h = json!({"typ": "JWT", "kid": "k-HS256"});
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let s = self
            .spec(
                "algorithm/unknown/missing",
                Level::Must,
                Expect::Invalid,
                &[E::Algorithm, E::Malformed],
                "alg is required in a JWS header",
                &["RFC 7515 §4.1.1"],
            )
            .token(t)
            .flags(&["AlgUnknown"]);
        self.push(g, s);
        Ok(())
    }

    // ------------------------------------------------------------ signature

    fn signature(&mut self) -> Gen<()> {
        // ECDSA encodings and values.
        for (alg, n) in [("ES256", &keys::P256_N[..]), ("ES384", &keys::P384_N[..])] {
            let len = n.len();
            let g = self.main(alg);
            let claims = self.claims();
            let h = Self::header(alg, Some(&Self::kid(alg)));
            let input = format!(
                "{}.{}",
                b64u(text(&h).as_bytes()),
                b64u(text(&claims).as_bytes())
            );
            let key = self.key(alg);
            let sig = key.sign(alg, input.as_bytes())?;
            let der = key.sign("DER", input.as_bytes())?;
            let (r, s) = sig.split_at(len);
            let zero = vec![0u8; len];
            let n_plus_1 = keys::add_be(n, &keys::small_be(1, len)).ok_or("n + 1")?;
            // The larger of s and n - s (both verify): s above n / 2.
            let other_s = keys::sub_be(n, s).ok_or("n - s")?;
            let high_s = if other_s.as_slice() > s {
                other_s
            } else {
                s.to_vec()
            };
            let variants: Vec<(&str, Vec<u8>, &str, Level, Expect, &[&str])> = vec![
                (
                    "der",
                    der,
                    "DerSignature",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-zero",
                    [&zero[..], s].concat(),
                    "ZeroR",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "s-zero",
                    [r, &zero[..]].concat(),
                    "ZeroS",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-and-s-zero",
                    [&zero[..], &zero[..]].concat(),
                    "ZeroR",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-equals-n",
                    [n, s].concat(),
                    "ROutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4", "RFC 7518 §3.4"],
                ),
                (
                    "s-equals-n",
                    [r, n].concat(),
                    "SOutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4", "RFC 7518 §3.4"],
                ),
                (
                    "r-n-plus-1",
                    [&n_plus_1[..], s].concat(),
                    "ROutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4"],
                ),
                (
                    "s-all-ones",
                    [r, &vec![0xff; len][..]].concat(),
                    "SOutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4"],
                ),
                (
                    "high-s",
                    [r, &high_s[..]].concat(),
                    "HighS",
                    Level::Should,
                    Expect::Acceptable,
                    &["RFC 7518 §3.4", "SEC 1 §4.1.4"],
                ),
            ];
            for (name, bytes, flag, level, expect, refs) in variants {
                let t = format!("{input}.{}", b64u(&bytes));
                let spec = self
                    .spec(
                        &format!("signature/ecdsa/{alg}/{name}"),
                        level,
                        expect,
                        &[E::Signature, E::Malformed],
                        "JWS ECDSA is fixed-width r||s with 0 < r, s < n; anything else must not verify",
                        refs,
                    )
                    .token(t)
                    .flags(&[flag]);
                self.push(g, spec);
            }
        }
        // Truncated and extended signatures.
        for alg in ["HS256", "RS256", "ES256", "EdDSA"] {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
            let sig = jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
            let half = sig.len() / 2;
            let variants: Vec<(&str, Vec<u8>, &str)> = vec![
                ("empty", Vec::new(), "SignatureStripped"),
                (
                    "last-byte-removed",
                    sig[..sig.len() - 1].to_vec(),
                    "Truncated",
                ),
                ("half", sig[..half].to_vec(), "Truncated"),
                ("byte-appended", [&sig[..], &[0u8]].concat(), "Extended"),
                (
                    "zero-prepended",
                    [&[0u8][..], &sig[..]].concat(),
                    "Extended",
                ),
            ];
            for (name, bytes, flag) in variants {
                let spec = self
                    .spec(
                        &format!("signature/length/{alg}/{name}"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Signature, E::Malformed],
                        "the signature has exactly the algorithm's length; a prefix or extension must not verify",
                        &["RFC 7515 §5.2", "RFC 7518 §3", "CVE-2020-28042"],
                    )
                    .token(format!("{input}.{}", b64u(&bytes)))
                    .flags(&[flag]);
                self.push(g, spec);
            }
        }
        // One bit flipped, every algorithm.
        for alg in ALGS {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
            let mut sig =
                jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
            let mid = sig.len() / 2;
            if let Some(b) = sig.get_mut(mid) {
                *b ^= 0x01;
            }
            let spec = self
                .spec(
                    &format!("signature/bit-flip/{alg}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Signature],
                    "a signature with one bit changed must not verify",
                    &["RFC 7515 §5.2"],
                )
                .token(format!("{input}.{}", b64u(&sig)))
                .flags(&["BitFlip"]);
            self.push(g, spec);
        }
        // Ed25519 S + L (RFC 8032 §5.1.7: S must be below L).
        let g = self.main("EdDSA");
        let t = self.usual("EdDSA")?;
        let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
        let sig = jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
        let (r, s) = sig.split_at(32);
        let mut s_le: Vec<u8> = s.to_vec();
        s_le.reverse();
        let mut l_be = keys::ED25519_L.to_vec();
        l_be.reverse();
        let mut sum = keys::add_be(&s_le, &l_be).ok_or("S + L")?;
        sum.reverse();
        let spec = self
            .spec(
                "signature/eddsa/s-plus-l",
                Level::Must,
                Expect::Invalid,
                &[E::Signature, E::Malformed],
                "an Ed25519 signature with S >= L is malleable and must be rejected",
                &["RFC 8032 §5.1.7", "RFC 8037 §3.1"],
            )
            .token(format!("{input}.{}", b64u(&[r, &sum[..]].concat())))
            .flags(&["SOutOfRange"]);
        self.push(g, spec);
        Ok(())
    }

    // ------------------------------------------------------------ keys

    fn keys(&mut self) -> Gen<()> {
        // Short HMAC secrets.
        let short: [(&str, &str, Vec<u8>); 7] = [
            ("HS256", "16-bytes", self.rng.bytes(16)),
            ("HS256", "31-bytes", self.rng.bytes(31)),
            ("HS256", "secret", b"secret".to_vec()),
            ("HS256", "1-byte", self.rng.bytes(1)),
            ("HS256", "empty", Vec::new()),
            ("HS384", "32-bytes", self.rng.bytes(32)),
            ("HS512", "48-bytes", self.rng.bytes(48)),
        ];
        for (alg, name, secret) in short {
            let key = Key::hmac(secret);
            let mut jwk = key.jwk_kid("k");
            jwk["alg"] = json!(alg);
            let g = self.group(vec![jwk], &[alg]);
            let claims = self.claims();
            let t = self.raw(
                text(&Self::header(alg, Some("k"))).as_bytes(),
                text(&claims).as_bytes(),
                &key,
                alg,
            )?;
            let s = self
                .spec(
                    &format!("keys/short-hmac/{alg}/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Key],
                    "an HMAC key must be at least as long as the hash output",
                    &["RFC 7518 §3.2", "RFC 8725 §3.5"],
                )
                .token(t)
                .flags(&["ShortHmacKey"]);
            self.push(g, s);
        }
        // A 1024-bit RSA key, signed with correctly.
        let mut jwk = self.keys.small_rsa.jwk_kid("k");
        jwk["alg"] = json!("RS256");
        let g = self.group(vec![jwk], &["RS256"]);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("RS256", Some("k"))).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.small_rsa,
            "RS256",
        )?;
        let s = self
            .spec(
                "keys/small-rsa/RS256/1024-bits",
                Level::Must,
                Expect::Invalid,
                &[E::Key],
                "an RSA key must be 2048 bits or larger",
                &["RFC 7518 §3.3", "RFC 8725 §3.5"],
            )
            .token(t)
            .flags(&["SmallRsaKey"]);
        self.push(g, s);
        // use, key_ops and alg that forbid the operation.
        let forbid: Vec<(&str, &str, Value)> = vec![
            ("use-enc", "RS256", json!({"use": "enc"})),
            ("use-enc", "ES256", json!({"use": "enc"})),
            ("use-enc", "HS256", json!({"use": "enc"})),
            ("key-ops-sign-only", "RS256", json!({"key_ops": ["sign"]})),
            ("key-ops-encrypt", "ES256", json!({"key_ops": ["encrypt"]})),
            ("jwk-alg-RS384", "RS256", json!({"alg": "RS384"})),
            ("jwk-alg-PS256", "RS256", json!({"alg": "PS256"})),
            ("jwk-alg-ES384", "ES256", json!({"alg": "ES384"})),
        ];
        for (name, alg, extra) in forbid {
            let mut jwk = self.key(alg).jwk_kid(&Self::kid(alg));
            if let (Some(j), Some(e)) = (jwk.as_object_mut(), extra.as_object()) {
                j.extend(e.clone());
            }
            let g = self.group(vec![jwk], &[alg]);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("keys/use-forbids/{alg}/{name}"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Key, E::Algorithm],
                    "a JWK whose use, key_ops or alg excludes this verification must not be used for it",
                    &["RFC 7517 §4.2", "RFC 7517 §4.3", "RFC 7517 §4.4", "RFC 8725 §3.1"],
                )
                .token(t)
                .flags(&["KeyUseForbids"]);
            self.push(g, s);
        }
        // Private JWKs given to a verifier.
        for alg in ["ES256", "EdDSA"] {
            let mut jwk = self.key(alg).jwk_kid(&Self::kid(alg));
            let d = self.key(alg).d.clone().ok_or("private scalar")?;
            jwk["d"] = json!(b64u(&d));
            let g = self.group(vec![jwk], &[alg]);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("keys/private-jwk/{alg}"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Key],
                    "a verifier holding a private key is a signer by mistake; verification takes public keys",
                    &["RFC 8725 §3.4", "RFC 7517 §4"],
                )
                .token(t)
                .flags(&["PrivateJwk"]);
            self.push(g, s);
        }
        // The victim's public point with the attacker's d; the token signed by the attacker.
        let mut jwk = self.keys.ec256.jwk_kid("k-ES256");
        let d = self.keys.ec256_attacker.d.clone().ok_or("private scalar")?;
        jwk["d"] = json!(b64u(&d));
        let g = self.group(vec![jwk], &["ES256"]);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("ES256", Some("k-ES256"))).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.ec256_attacker,
            "ES256",
        )?;
        let s = self
            .spec(
                "keys/private-jwk/ES256/d-of-another-key",
                Level::Must,
                Expect::Invalid,
                &[E::Key, E::Signature],
                "the public key is x and y; a verifier that derives it from d verifies the attacker's token",
                &["RFC 8725 §3.4", "RFC 7518 §6.2.2.1"],
            )
            .token(t)
            .flags(&["PrivateJwk"]);
        self.push(g, s);
        // Points off the curve and mislabelled curves.
        let jwk = self.keys.ec256.jwk_kid("k-ES256");
        let y = jot::b64::decode(jwk["y"].as_str().unwrap_or(""), jot::Part::Key)
            .map_err(|e| e.to_string())?;
        let x = jot::b64::decode(jwk["x"].as_str().unwrap_or(""), jot::Part::Key)
            .map_err(|e| e.to_string())?;
        let mut y_off = y.clone();
        if let Some(b) = y_off.last_mut() {
            *b ^= 1;
        }
        let mut off = jwk.clone();
        off["y"] = json!(b64u(&y_off));
        let mut long_x = jwk.clone();
        long_x["x"] = json!(b64u(&[&[0u8][..], &x[..]].concat()));
        let mut p384 = jwk.clone();
        p384["crv"] = json!("P-384");
        let mut k1 = jwk.clone();
        k1["crv"] = json!("secp256k1");
        let curves: Vec<(&str, Value, Level, &[E], &str, &str)> = vec![
            (
                "point-off-curve",
                off,
                Level::Must,
                &[E::Key, E::Signature],
                "InvalidPoint",
                "a point not on the curve must be refused (invalid-curve attacks)",
            ),
            (
                "x-33-bytes",
                long_x,
                Level::Should,
                &[E::Key, E::Malformed],
                "InvalidPoint",
                "EC coordinates have exactly the curve's length",
            ),
            (
                "crv-P-384-label",
                p384,
                Level::Must,
                &[E::Key, E::Algorithm, E::Signature],
                "WrongCurve",
                "a P-256 key labelled P-384 is not a key for ES256",
            ),
            (
                "crv-secp256k1",
                k1,
                Level::Must,
                &[E::Key, E::Algorithm, E::Signature],
                "WrongCurve",
                "ES256 is P-256 only",
            ),
        ];
        for (name, jwk, level, errors, flag, why) in curves {
            let g = self.group(vec![jwk], &["ES256"]);
            let t = self.usual("ES256")?;
            let s = self
                .spec(
                    &format!("keys/ec/{name}"),
                    level,
                    Expect::Invalid,
                    errors,
                    why,
                    &["RFC 7518 §6.2.1", "CVE-2016-9121", "RFC 8725 §3.4"],
                )
                .token(t)
                .flags(&[flag]);
            self.push(g, s);
        }
        let mut x25519 = self.keys.ed.jwk_kid("k-EdDSA");
        x25519["crv"] = json!("X25519");
        let g = self.group(vec![x25519], &["EdDSA"]);
        let t = self.usual("EdDSA")?;
        let s = self
            .spec(
                "keys/okp/crv-X25519",
                Level::Must,
                Expect::Invalid,
                &[E::Key, E::Algorithm, E::Signature],
                "an X25519 key is not an EdDSA signature key",
                &["RFC 8037 §3.1", "RFC 8037 §2"],
            )
            .token(t)
            .flags(&["WrongCurve"]);
        self.push(g, s);
        // Ed25519 small-order key: the identity point, and a signature R = identity, S = 0.
        let mut identity = vec![0u8; 32];
        if let Some(b) = identity.first_mut() {
            *b = 1;
        }
        let small = json!({"kty": "OKP", "crv": "Ed25519", "x": b64u(&identity), "kid": "k"});
        let g = self.group(vec![small], &["EdDSA"]);
        let claims = self.claims();
        let input = format!(
            "{}.{}",
            b64u(text(&Self::header("EdDSA", Some("k"))).as_bytes()),
            b64u(text(&claims).as_bytes())
        );
        let sig = [&identity[..], &[0u8; 32][..]].concat();
        let s = self
            .spec(
                "keys/okp/small-order-public-key",
                Level::Should,
                Expect::Invalid,
                &[E::Key, E::Signature],
                "a small-order public key makes R = identity, S = 0 verify every message; refuse such keys (RFC 8032 leaves it open)",
                &["RFC 8032 §5.1.7", "RFC 8037 §3.1"],
            )
            .token(format!("{input}.{}", b64u(&sig)))
            .flags(&["SmallOrderKey"]);
        self.push(g, s);
        // kid in sets.
        let a = self.keys.ec256.jwk_kid("a");
        let b = self.keys.ec256_attacker.jwk_kid("b");
        let g = self.group(vec![a.clone(), b.clone()], &["ES256"]);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("ES256", Some("a"))).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.ec256_attacker,
            "ES256",
        )?;
        let s = self
            .spec(
                "keys/kid/names-another-key",
                Level::Must,
                Expect::Invalid,
                &[E::Signature, E::Key],
                "kid selects one key; a token signed by another key of the set must fail under the named one",
                &["RFC 7515 §4.1.4", "RFC 7517 §4.5"],
            )
            .token(t)
            .flags(&["KidMismatch"]);
        self.push(g, s);
        let claims = self.claims();
        let t = self.honest("ES256", &Self::header("ES256", Some("c")), &claims)?;
        let s = self
            .spec(
                "keys/kid/not-in-set",
                Level::Must,
                Expect::Invalid,
                &[E::Key, E::Signature],
                "a kid that no key in the set has selects no key",
                &["RFC 7515 §4.1.4", "RFC 7517 §4.5"],
            )
            .token(t)
            .flags(&["KidMismatch"]);
        self.push(g, s);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("ES256", None)).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.ec256_attacker,
            "ES256",
        )?;
        let s = self
            .spec(
                "keys/kid/missing-two-candidates",
                Level::Should,
                Expect::Acceptable,
                &[E::Key],
                "without kid two keys fit; trying both or refusing are both conforming",
                &["RFC 7515 §4.1.4", "RFC 7517 §4.5"],
            )
            .token(t)
            .flags(&["KidMismatch"]);
        self.push(g, s);
        let mut b_dup = b.clone();
        b_dup["kid"] = json!("a");
        let g = self.group(vec![a, b_dup], &["ES256"]);
        let claims = self.claims();
        let t = self.raw(
            text(&Self::header("ES256", Some("a"))).as_bytes(),
            text(&claims).as_bytes(),
            &self.keys.ec256_attacker,
            "ES256",
        )?;
        let s = self
            .spec(
                "keys/kid/duplicate-in-set",
                Level::Should,
                Expect::Acceptable,
                &[E::Key, E::Signature],
                "distinct keys should have distinct kids; with a duplicate, refusing the set or trying both conforms",
                &["RFC 7517 §4.5"],
            )
            .token(t)
            .flags(&["KidMismatch"]);
        self.push(g, s);
        let g = self.group(
            vec![self.keys.rsa.jwk_kid("r"), self.keys.ec256.jwk_kid("e")],
            &["ES256"],
        );
        let claims = self.claims();
        let t = self.honest("ES256", &Self::header("ES256", Some("r")), &claims)?;
        let s = self
            .spec(
                "keys/kid/names-key-of-other-type",
                Level::Must,
                Expect::Invalid,
                &[E::Key, E::Algorithm, E::Signature],
                "a kid naming an RSA key cannot select it for ES256",
                &["RFC 7515 §4.1.4", "RFC 8725 §3.1"],
            )
            .token(t)
            .flags(&["KidMismatch"]);
        self.push(g, s);
        Ok(())
    }

    // ------------------------------------------------------------ header

    fn headers(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let crit: Vec<(&str, Value, Level)> = vec![
            (
                "unknown-extension",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["x-jot-unknown"], "x-jot-unknown": true}),
                Level::Must,
            ),
            (
                "names-absent-header",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["x-absent"]}),
                Level::Must,
            ),
            (
                "empty-list",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": []}),
                Level::Should,
            ),
            (
                "not-an-array",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": "x-jot-unknown", "x-jot-unknown": 1}),
                Level::Should,
            ),
            (
                "lists-alg",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["alg"]}),
                Level::Should,
            ),
            ("b64-unencoded-claims", Value::Null, Level::Must),
        ];
        for (name, h, level) in crit {
            let t = if h.is_null() {
                // RFC 7797: signed over the raw payload, which then travels as is.
                let h = json!({"alg": "HS256", "kid": "k-HS256", "b64": false, "crit": ["b64"]});
                let claims = json!({"sub": "alice", "exp": self.now + 600});
                let h64 = b64u(text(&h).as_bytes());
                let p = text(&claims);
                let sig = self
                    .key("HS256")
                    .sign("HS256", format!("{h64}.{p}").as_bytes())?;
                format!("{h64}.{p}.{}", b64u(&sig))
            } else {
                let claims = self.claims();
                self.honest("HS256", &h, &claims)?
            };
            let flags: &[&str] = if name.starts_with("b64") {
                &["Crit", "B64False"]
            } else {
                &["Crit"]
            };
            let s = self
                .spec(
                    &format!("header/crit/{name}"),
                    level,
                    Expect::Invalid,
                    &[E::Crit, E::Malformed, E::Signature],
                    "crit lists extensions the verifier must understand; one it does not makes the JWS invalid",
                    &["RFC 7515 §4.1.11", "CVE-2026-32597"],
                )
                .token(t)
                .flags(flags);
            let s = if name.starts_with("b64") {
                // Understanding RFC 7797 is no excuse here: a JWT's payload is
                // base64url JSON, never an unencoded payload.
                let mut s = s.issuer(None).audience(None);
                s.0.comment =
                    "a JWT payload is base64url JSON; an unencoded (b64: false) payload is no JWT"
                        .into();
                s.0.references = strs(&["RFC 7519 §7.2", "RFC 7797 §6", "RFC 7515 §4.1.11"]);
                s
            } else {
                s
            };
            self.push(g, s);
        }
        // b64: false without crit.
        let h = json!({"alg": "HS256", "kid": "k-HS256", "b64": false});
        let claims = json!({"sub": "alice", "exp": self.now + 600});
        let h64 = b64u(text(&h).as_bytes());
        let p = text(&claims);
        let sig = self
            .key("HS256")
            .sign("HS256", format!("{h64}.{p}").as_bytes())?;
        let s = self
            .spec(
                "header/b64/false-without-crit-raw-payload",
                Level::Must,
                Expect::Invalid,
                &[E::Malformed, E::Signature, E::Crit],
                "b64 outside crit is not honoured: the raw JSON payload is not base64url and must not verify",
                &["RFC 7797 §6", "RFC 7515 §2"],
            )
            .token(format!("{h64}.{p}.{}", b64u(&sig)))
            .flags(&["B64False"])
            .issuer(None)
            .audience(None);
        self.push(g, s);
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let s = self
            .spec(
                "header/b64/false-without-crit-encoded-payload",
                Level::Should,
                Expect::Acceptable,
                &[E::Malformed, E::Crit],
                "a lone b64 may be ignored (the payload is base64url as usual) or refused",
                &["RFC 7797 §6"],
            )
            .token(t)
            .flags(&["B64False"]);
        self.push(g, s);
        // Embedded keys: the attacker's key travels in the header.
        let embedded: Vec<(&str, &str, Value, &str)> = vec![
            (
                "jwk/ES256",
                "ES256",
                json!({"alg": "ES256", "jwk": self.keys.ec256_attacker.jwk}),
                "ec",
            ),
            (
                "jwk/ES256-with-victim-kid",
                "ES256",
                json!({"alg": "ES256", "kid": "k-ES256", "jwk": self.keys.ec256_attacker.jwk}),
                "ec",
            ),
            (
                "jwk/EdDSA",
                "EdDSA",
                json!({"alg": "EdDSA", "jwk": self.keys.ed_attacker.jwk}),
                "ed",
            ),
            (
                "jwk/HS256-oct",
                "HS256",
                json!({"alg": "HS256", "jwk": self.keys.hs_attacker.jwk}),
                "hs",
            ),
            (
                "jku",
                "ES256",
                json!({"alg": "ES256", "kid": "attacker", "jku": "http://127.0.0.1:9/jwks.json"}),
                "ec",
            ),
            (
                "x5u",
                "ES256",
                json!({"alg": "ES256", "kid": "attacker", "x5u": "http://127.0.0.1:9/cert.pem"}),
                "ec",
            ),
            (
                "x5c",
                "ES256",
                json!({"alg": "ES256", "x5c": [base64::Engine::encode(&base64::engine::general_purpose::STANDARD, self.keys.ec256_attacker.spki())]}),
                "ec",
            ),
        ];
        for (name, alg, h, which) in embedded {
            let claims = self.claims();
            let key = match which {
                "ec" => &self.keys.ec256_attacker,
                "ed" => &self.keys.ed_attacker,
                _ => &self.keys.hs_attacker,
            };
            let t = self.raw(text(&h).as_bytes(), text(&claims).as_bytes(), key, alg)?;
            let g = self.main(alg);
            let s = self
                .spec(
                    &format!("header/embedded-key/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Signature, E::Key],
                    "keys and key URLs in the header are the attacker's; only configured keys verify",
                    &["RFC 8725 §3.10", "CVE-2018-0114", "RFC 7515 §4.1.3"],
                )
                .token(t)
                .flags(&["EmbeddedKey"]);
            self.push(g, s);
        }
        // Hostile kid strings: selectors, not paths or queries.
        let g = self.main("HS256");
        let hostile = [
            ("path-traversal", "../../../../../../dev/null"),
            ("sql", "' OR '1'='1"),
            ("nul-suffix", "k-HS256\u{0}"),
            ("trailing-space", "k-HS256 "),
            ("case", "K-HS256"),
            ("wildcard", "*"),
            ("empty", ""),
            ("command", "k-HS256; rm -rf /"),
        ];
        for (name, kid) in hostile {
            let claims = self.claims();
            let t = self.honest("HS256", &Self::header("HS256", Some(kid)), &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/no-such-key"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Key],
                    "kid is an exact-match selector; no key has this kid, so no key is selected",
                    &["RFC 7515 §4.1.4", "RFC 8725 §3.10"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        // The attacks themselves: a kid read as a path or a query yields a
        // key the attacker knows (the empty file, the attacker's string).
        let injected = [
            ("path-traversal", "../../../../../../dev/null", Vec::new()),
            (
                "sql-union",
                "x' UNION SELECT 'attacker-key' --",
                b"attacker-key".to_vec(),
            ),
        ];
        for (name, kid, secret) in injected {
            let claims = self.claims();
            let t = self.raw(
                text(&Self::header("HS256", Some(kid))).as_bytes(),
                text(&claims).as_bytes(),
                &Key::hmac(secret),
                "HS256",
            )?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/attacker-key"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Key, E::Signature],
                    "kid is never a path or a query: the token is signed with the key such a lookup would return",
                    &["RFC 8725 §3.10", "RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        for (name, kid) in [
            ("path-traversal", "../../../../../../dev/null"),
            ("sql", "' OR '1'='1"),
            ("nul-inside", "a\u{0}b"),
        ] {
            let jwk = self.key("HS256").jwk_kid(kid);
            let g = self.group(vec![jwk], &["HS256"]);
            let claims = self.claims();
            let t = self.honest("HS256", &Self::header("HS256", Some(kid)), &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/exact-match"),
                    Level::Should,
                    Expect::Valid,
                    &[],
                    "a hostile-looking kid that exactly names a configured key is plain data",
                    &["RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        let g = self.main("HS256");
        for (name, kid) in [
            ("number", json!(1)),
            ("null", Value::Null),
            ("array", json!(["k-HS256"])),
            ("object", json!({"kid": "k-HS256"})),
        ] {
            let h = json!({"alg": "HS256", "kid": kid});
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/not-a-string/{name}"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Malformed, E::Key],
                    "kid is a string; another type is a malformed header",
                    &["RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        Ok(())
    }

    // ------------------------------------------------------------ structure

    fn structure(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let t = self.usual("HS256")?;
        let (input, sig) = t.rsplit_once('.').ok_or("token")?;
        let (h, p) = input.split_once('.').ok_or("token")?;
        let m = E::Malformed;
        let s = E::Signature;
        let seg: Vec<(&str, String, Level, &str)> = vec![
            (
                "segments/two",
                format!("{h}.{p}"),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/trailing-dot",
                format!("{t}."),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/four",
                format!("{t}.{sig}"),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/five-jwe-like",
                format!("{h}.{p}.{sig}.{p}.{sig}"),
                Level::Must,
                "SegmentCount",
            ),
            ("segments/one", h.to_owned(), Level::Must, "SegmentCount"),
            (
                "segments/empty-string",
                String::new(),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/two-dots",
                "..".to_owned(),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/100000-dots",
                ".".repeat(100_000),
                Level::Must,
                "SegmentCount",
            ),
            (
                "whitespace/leading-space",
                format!(" {t}"),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/trailing-newline",
                format!("{t}\n"),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/space-in-signature",
                format!("{input}.{} {}", &sig[..10], &sig[10..]),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/crlf-in-payload",
                format!("{h}.{}\r\n{}.{sig}", &p[..20], &p[20..]),
                Level::Should,
                "Whitespace",
            ),
            (
                "base64/invalid-character",
                format!("{input}.{}!{}", &sig[..10], &sig[11..]),
                Level::Must,
                "InvalidBase64",
            ),
            (
                "base64/padded-signature",
                format!("{t}="),
                Level::Should,
                "NonCanonicalBase64",
            ),
        ];
        for (name, tok, level, flag) in seg {
            let spec = self
                .spec(
                    &format!("structure/{name}"),
                    level,
                    Expect::Invalid,
                    &[m, s],
                    "a compact JWS is exactly three base64url segments, no padding, no whitespace (RFC 7515 §7.1, §2)",
                    &["RFC 7515 §7.1", "RFC 7515 §2", "CVE-2025-30204"],
                )
                .token(tok)
                .flags(&[flag]);
            self.push(g, spec);
        }
        // Empty payload segment, signed over `h.`.
        let sig = self
            .key("HS256")
            .sign("HS256", format!("{h}.").as_bytes())?;
        let spec = self
            .spec(
                "structure/segments/empty-payload-signed",
                Level::Must,
                Expect::Invalid,
                &[m],
                "an empty payload is not a JWT claims set",
                &["RFC 7519 §7.2"],
            )
            .token(format!("{h}..{}", b64u(&sig)))
            .flags(&["SegmentCount"]);
        self.push(g, spec);
        // Padding on every segment, signed as sent.
        let claims = self.claims();
        let hp = pad(&b64u(
            text(&Self::header("HS256", Some("k-HS256"))).as_bytes(),
        ));
        let pp = pad(&b64u(text(&claims).as_bytes()));
        let t2 = self.segments(&hp, &pp, self.key("HS256"), "HS256")?;
        let spec = self
            .spec(
                "structure/base64/padded-segments-signed-as-sent",
                Level::Should,
                Expect::Invalid,
                &[m, s],
                "base64url in JWS has no padding; one token, one spelling",
                &["RFC 7515 §2", "RFC 7515 Appendix C"],
            )
            .token(format!("{t2}="))
            .flags(&["NonCanonicalBase64"]);
        self.push(g, spec);
        // Non-zero trailing bits in the last character of the signature.
        for alg in ["HS256", "ES256"] {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig) = t.rsplit_once('.').ok_or("token")?;
            let spec = self
                .spec(
                    &format!("structure/base64/trailing-bits/{alg}"),
                    Level::Should,
                    Expect::Invalid,
                    &[m, s],
                    "the unused bits of the last base64url character must be zero (canonical encoding)",
                    &["RFC 4648 §3.5", "RFC 7515 §2"],
                )
                .token(format!("{input}.{}", trailing_bits(sig)))
                .flags(&["NonCanonicalBase64"]);
            self.push(g, spec);
        }
        // The standard alphabet: an ES256 signature with '-' or '_' respelled.
        let g = self.main("ES256");
        let mut found = None;
        for _ in 0..64 {
            let t = self.usual("ES256")?;
            if t.rsplit_once('.')
                .is_some_and(|(_, s)| s.contains(['-', '_']))
            {
                found = Some(t);
                break;
            }
        }
        let t = found.ok_or("no ES256 signature with - or _ in 64 tries")?;
        let (input, sig) = t.rsplit_once('.').ok_or("token")?;
        let std_sig = sig.replace('-', "+").replace('_', "/");
        let spec = self
            .spec(
                "structure/base64/standard-alphabet",
                Level::Should,
                Expect::Invalid,
                &[m, s],
                "JWS uses the URL-safe alphabet only; + and / are not base64url",
                &["RFC 7515 §2", "RFC 4648 §5"],
            )
            .token(format!("{input}.{std_sig}"))
            .flags(&["NonCanonicalBase64"]);
        self.push(g, spec);
        // Oversized token and header, correctly signed.
        let g = self.main("HS256");
        let mut claims = self.claims();
        claims["pad"] = json!("x".repeat(1 << 20));
        let t = self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)?;
        let spec = self
            .spec(
                "structure/oversized/1-mib-token",
                Level::Should,
                Expect::Invalid,
                &[m],
                "a verifier bounds the work before decoding; a 1 MiB token is refused",
                &["RFC 8725 §2.6", "CVE-2025-30204"],
            )
            .token(t)
            .flags(&["Oversized"]);
        self.push(g, spec);
        let h = json!({"alg": "HS256", "kid": "k-HS256", "x-pad": "k".repeat(256 * 1024)});
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let spec = self
            .spec(
                "structure/oversized/256-kib-header",
                Level::Should,
                Expect::Invalid,
                &[m, E::Key],
                "a 256 KiB header is refused before it is decoded",
                &["RFC 8725 §2.6"],
            )
            .token(t)
            .flags(&["Oversized"]);
        self.push(g, spec);
        // JWS JSON serialization.
        let t = self.usual("HS256")?;
        let mut parts = t.split('.');
        let json_form = json!({
            "protected": parts.next(),
            "payload": parts.next(),
            "signature": parts.next(),
        });
        let spec = self
            .spec(
                "structure/json-serialization/flattened",
                Level::Must,
                Expect::Invalid,
                &[m],
                "a JWT uses the compact serialization only",
                &["RFC 7519 §1", "RFC 7515 §7.2", "CVE-2022-39227"],
            )
            .token(text(&json_form))
            .flags(&["JsonSerialization"]);
        self.push(g, spec);
        Ok(())
    }

    // ------------------------------------------------------------ json

    fn json(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let hk = r#""kid":"k-HS256""#;
        let now = self.now;
        let good = |s: &mut Ctx| -> String {
            format!(
                r#""iss":"{ISS}","aud":"{AUD}","exp":{},"jti":"{}""#,
                now + 600,
                s.rng.hex(8)
            )
        };
        let h_ok = format!(r#"{{"alg":"HS256",{hk}}}"#);
        type Row = (
            String,
            String,
            String,
            Level,
            Vec<E>,
            &'static str,
            &'static str,
            Vec<&'static str>,
        );
        let mut rows: Vec<Row> = Vec::new();
        let dup_refs = vec![
            "RFC 7515 §5.2",
            "RFC 7519 §4",
            "RFC 8725 §3.7",
            "CVE-2022-39227",
        ];
        let c = good(self);
        rows.push((
            "duplicate/header-alg".into(),
            r#"{"alg":"HS384","alg":"HS256","kid":"k-HS256"}"#.into(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Algorithm],
            "DuplicateMember",
            "duplicate members let two parsers read two different headers",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/header-kid".into(),
            r#"{"alg":"HS256","kid":"other","kid":"k-HS256"}"#.into(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Key],
            "DuplicateMember",
            "duplicate members let two parsers read two different headers",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-sub".into(),
            h_ok.clone(),
            format!(r#"{{"sub":"alice","sub":"admin",{c}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "two parsers may read two different subjects from one token",
            dup_refs.clone(),
        ));
        let c = good(self).replace(
            &format!(r#""exp":{}"#, now + 600),
            &format!(r#""exp":{},"exp":{}"#, now + 600, now - 3600),
        );
        rows.push((
            "duplicate/claims-exp-last-expired".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Malformed, E::Expired],
            "DuplicateMember",
            "RFC 7515 §5.2 allows only reject or last-wins; the last exp has passed",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-iss-last-evil".into(),
            h_ok.clone(),
            format!(r#"{{{c},"iss":"https://evil.example"}}"#),
            Level::Must,
            vec![E::Malformed, E::Issuer],
            "DuplicateMember",
            "reject or last-wins; the last iss is not the expected issuer",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-aud-last-other".into(),
            h_ok.clone(),
            format!(r#"{{{c},"aud":"someone-else"}}"#),
            Level::Must,
            vec![E::Malformed, E::Audience],
            "DuplicateMember",
            "reject or last-wins; the last aud is another audience",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-nested".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":{{"role":"user","role":"admin"}}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "duplicates inside custom claims are as ambiguous",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-depth-3".into(),
            h_ok.clone(),
            format!(r#"{{{c},"a":{{"b":{{"c":1,"c":2}}}}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "duplicates at every level are ambiguous",
            dup_refs.clone(),
        ));
        // Nesting bombs.
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let c = good(self);
        rows.push((
            "nesting/header-10000".into(),
            format!(r#"{{"alg":"HS256",{hk},"x":{}}}"#, deep(10_000)),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        let c = good(self);
        rows.push((
            "nesting/claims-10000".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":{}}}"#, deep(10_000)),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        let c = good(self);
        rows.push((
            "nesting/claims-100000-objects".into(),
            h_ok.clone(),
            format!(
                r#"{{{c},"x":{}1{}}}"#,
                r#"{"a":"#.repeat(100_000),
                "}".repeat(100_000)
            ),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        // Surrogates, BOM, numbers.
        let c = good(self);
        rows.push((
            "unicode/lone-surrogate".into(),
            h_ok.clone(),
            format!(r#"{{{c},"sub":"\ud800"}}"#),
            Level::Should,
            vec![E::Malformed],
            "LoneSurrogate",
            "a lone surrogate is no Unicode text; parsers disagree on it",
            vec!["RFC 8259 §8.2", "RFC 8725 §3.7"],
        ));
        let c = good(self);
        rows.push((
            "unicode/bom-claims".into(),
            h_ok.clone(),
            format!("\u{feff}{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "Bom",
            "a BOM may be refused or ignored",
            vec!["RFC 8259 §8.1"],
        ));
        let c = good(self);
        rows.push((
            "unicode/bom-header".into(),
            format!("\u{feff}{h_ok}"),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "Bom",
            "a BOM may be refused or ignored",
            vec!["RFC 8259 §8.1"],
        ));
        let c = good(self);
        rows.push((
            "number/nbf-1e400".into(),
            h_ok.clone(),
            format!(r#"{{{c},"nbf":1e400}}"#),
            Level::Must,
            vec![E::NotYetValid, E::Malformed, E::Claim],
            "HugeNumber",
            "an nbf beyond f64 is in the future, or malformed; never absent or wrapped",
            vec!["RFC 7519 §4.1.5", "RFC 8259 §6", "CVE-2026-25537"],
        ));
        let c = good(self);
        rows.push((
            "number/nbf-2-pow-70".into(),
            h_ok.clone(),
            format!(r#"{{{c},"nbf":1180591620717411303424}}"#),
            Level::Must,
            vec![E::NotYetValid, E::Malformed, E::Claim],
            "HugeNumber",
            "an nbf beyond 64 bits is in the future, or malformed; never wrapped",
            vec!["RFC 7519 §4.1.5", "RFC 8259 §6"],
        ));
        let c = good(self).replace(&format!(r#""exp":{}"#, now + 600), r#""exp":-1"#);
        rows.push((
            "number/exp-negative".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Expired, E::Malformed, E::Claim],
            "HugeNumber",
            "a negative exp is long past",
            vec!["RFC 7519 §4.1.4"],
        ));
        let c = good(self).replace(&format!(r#""exp":{}"#, now + 600), r#""exp":0"#);
        rows.push((
            "number/exp-zero".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Expired, E::Malformed, E::Claim],
            "TimeBoundary",
            "exp 0 is 1970, not \"no expiry\"",
            vec!["RFC 7519 §4.1.4"],
        ));
        let c = good(self).replace(
            &format!(r#""exp":{}"#, now + 600),
            &format!(r#""exp":1{}"#, "0".repeat(5000)),
        );
        rows.push((
            "number/exp-5001-digits".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Claim],
            "HugeNumber",
            "a 5001-digit exp is far future or refused; never a crash",
            vec!["RFC 8725 §2.6", "RFC 8259 §6"],
        ));
        // Not an object.
        for (name, p) in [
            ("array", "[]".to_owned()),
            ("string", "\"claims\"".into()),
            ("number", "1".into()),
            ("null", "null".into()),
            ("true", "true".into()),
        ] {
            rows.push((
                format!("not-object/claims-{name}"),
                h_ok.clone(),
                p,
                Level::Must,
                vec![E::Malformed, E::Claim],
                "NotObject",
                "the claims set is a JSON object",
                vec!["RFC 7519 §7.2"],
            ));
        }
        for (name, h) in [
            ("array", r#"["HS256"]"#),
            ("string", r#""HS256""#),
            ("null", "null"),
        ] {
            let c = good(self);
            rows.push((
                format!("not-object/header-{name}"),
                h.into(),
                format!("{{{c}}}"),
                Level::Must,
                vec![E::Malformed, E::Algorithm],
                "NotObject",
                "the JOSE header is a JSON object",
                vec!["RFC 7515 §5.2"],
            ));
        }
        // Not JSON at all.
        let c = good(self);
        rows.push((
            "invalid/claims-trailing-garbage".into(),
            h_ok.clone(),
            format!("{{{c}}}x"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "input followed by extra characters must be invalid",
            vec!["RFC 7515 §10.12", "RFC 8259 §2"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-trailing-comma".into(),
            h_ok.clone(),
            format!("{{{c},}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "strict JSON has no trailing comma",
            vec!["RFC 8259 §4"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-comment".into(),
            h_ok.clone(),
            format!("{{{c} /* admin */}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "strict JSON has no comments",
            vec!["RFC 8259 §2"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-nan".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":NaN}}"#),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "NaN is not JSON",
            vec!["RFC 8259 §6"],
        ));
        let c = good(self);
        rows.push((
            "invalid/header-trailing-garbage".into(),
            format!("{h_ok} x"),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "input followed by extra characters must be invalid",
            vec!["RFC 7515 §10.12"],
        ));
        for (name, header, payload, level, errors, flag, why, refs) in rows {
            let t = self.raw(
                header.as_bytes(),
                payload.as_bytes(),
                self.key("HS256"),
                "HS256",
            )?;
            let spec = self
                .spec(
                    &format!("json/{name}"),
                    level,
                    Expect::Invalid,
                    &errors,
                    why,
                    &refs,
                )
                .token(t)
                .flags(&[flag]);
            let spec = if name.starts_with("unicode/bom") || name == "number/exp-5001-digits" {
                let mut spec = spec;
                spec.0.result = Expect::Acceptable;
                spec
            } else {
                spec
            };
            self.push(g, spec);
        }
        // Invalid UTF-8, as raw bytes.
        let c = good(self);
        let utf8: [(&str, Vec<u8>, bool); 5] = [
            (
                "claims-ff",
                [format!(r#"{{{c},"sub":"al"#).as_bytes(), &[0xff], b"ice\"}"].concat(),
                false,
            ),
            (
                "claims-overlong-slash",
                [
                    format!(r#"{{{c},"sub":"a"#).as_bytes(),
                    &[0xc0, 0xaf],
                    b"\"}",
                ]
                .concat(),
                false,
            ),
            (
                "claims-lone-continuation",
                [format!(r#"{{{c},"sub":"a"#).as_bytes(), &[0x80], b"\"}"].concat(),
                false,
            ),
            (
                "claims-truncated-sequence",
                [
                    format!(r#"{{{c},"sub":"a"#).as_bytes(),
                    &[0xe2, 0x82],
                    b"\"}",
                ]
                .concat(),
                false,
            ),
            (
                "header-ff",
                [
                    br#"{"alg":"HS256","kid":"k-HS256","x":""#.as_slice(),
                    &[0xff],
                    b"\"}",
                ]
                .concat(),
                true,
            ),
        ];
        for (name, bytes, is_header) in utf8 {
            let (h, p) = if is_header {
                (bytes, format!("{{{}}}", good(self)).into_bytes())
            } else {
                (h_ok.clone().into_bytes(), bytes)
            };
            let t = self.raw(&h, &p, self.key("HS256"), "HS256")?;
            let spec = self
                .spec(
                    &format!("json/utf8/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Malformed],
                    "header and claims are UTF-8; lossy decoding makes signed bytes and read claims differ",
                    &["RFC 7519 §7.2", "RFC 8725 §3.7", "RFC 8259 §8.1"],
                )
                .token(t)
                .flags(&["InvalidUtf8"]);
            self.push(g, spec);
        }
        Ok(())
    }

    // ------------------------------------------------------------ claims

    fn claims_token(
        &mut self,
        edit: impl FnOnce(&mut serde_json::Map<String, Value>),
    ) -> Gen<String> {
        let mut claims = self.claims();
        if let Some(map) = claims.as_object_mut() {
            edit(map);
        }
        self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)
    }

    fn claim_cases(&mut self) -> Gen<()> {
        let now = self.now;
        let g = self.main("HS256");
        let x = E::Expired;
        let n = E::NotYetValid;
        // exp, nbf, iat around the clock.
        type Time = (
            &'static str,
            Value,
            Value,
            u64,
            Level,
            Expect,
            Vec<E>,
            &'static str,
        );
        let times: Vec<Time> = vec![
            (
                "exp-equals-now",
                json!(now),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "the current time must be before exp; exp == now has expired",
            ),
            (
                "exp-1s-ago",
                json!(now - 1),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "exp has passed",
            ),
            (
                "exp-30s-ago-leeway-60",
                json!(now - 30),
                json!(now - 100),
                60,
                Level::Should,
                Expect::Valid,
                vec![],
                "within the configured leeway, a just-expired token is accepted",
            ),
            (
                "exp-61s-ago-leeway-60",
                json!(now - 61),
                json!(now - 100),
                60,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "beyond the leeway, exp has passed",
            ),
            (
                "exp-fraction-future",
                json!(now as f64 + 600.5),
                json!(now - 10),
                0,
                Level::Should,
                Expect::Valid,
                vec![],
                "NumericDate may be non-integer",
            ),
            (
                "exp-fraction-past",
                json!(now as f64 - 0.5),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x, E::Malformed, E::Claim],
                "a fractional exp half a second ago has passed",
            ),
            (
                "nbf-equals-now",
                json!(now + 600),
                json!(now),
                0,
                Level::Should,
                Expect::Valid,
                vec![],
                "nbf == now: the token may be accepted from nbf on",
            ),
            (
                "nbf-in-10s",
                json!(now + 600),
                json!(now + 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![n],
                "the token must not be accepted before nbf",
            ),
            (
                "nbf-in-30s-leeway-60",
                json!(now + 600),
                json!(now + 30),
                60,
                Level::Should,
                Expect::Valid,
                vec![],
                "within the leeway, nbf slightly ahead is accepted",
            ),
            (
                "nbf-in-90s-leeway-60",
                json!(now + 600),
                json!(now + 90),
                60,
                Level::Must,
                Expect::Invalid,
                vec![n],
                "beyond the leeway, nbf is in the future",
            ),
        ];
        for (name, exp, nbf, leeway, level, expect, errors, why) in times {
            let t = self.claims_token(|m| {
                m.insert("exp".into(), exp);
                m.insert("nbf".into(), nbf);
                m.insert("iat".into(), json!(now - 100));
            })?;
            let s = self
                .spec(
                    &format!("claims/time/{name}"),
                    level,
                    expect,
                    &errors,
                    why,
                    &["RFC 7519 §4.1.4", "RFC 7519 §4.1.5"],
                )
                .token(t)
                .leeway(leeway)
                .flags(&["TimeBoundary"]);
            self.push(g, s);
        }
        let t = self.claims_token(|m| {
            m.insert("iat".into(), json!(now + 3600));
        })?;
        let s = self
            .spec(
                "claims/time/iat-in-future",
                Level::Should,
                Expect::Acceptable,
                &[n, E::Claim],
                "RFC 7519 does not forbid a future iat; refusing it is common hardening",
                &["RFC 7519 §4.1.6"],
            )
            .token(t)
            .flags(&["TimeBoundary"]);
        self.push(g, s);
        // Type confusion (the CVE-2026-25537 class: a mistyped claim read as absent).
        let tc = [E::Malformed, E::Claim];
        let conf: Vec<(&str, &str, Value, Level, Vec<E>)> = vec![
            (
                "exp-string-past",
                "exp",
                json!((now - 3600).to_string()),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-string-future",
                "exp",
                json!((now + 600).to_string()),
                Level::Should,
                tc.to_vec(),
            ),
            (
                "exp-null",
                "exp",
                Value::Null,
                Level::Must,
                [&tc[..], &[x, E::MissingClaim]].concat(),
            ),
            (
                "exp-true",
                "exp",
                json!(true),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-array",
                "exp",
                json!([now - 3600]),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-object",
                "exp",
                json!({"t": now - 3600}),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "nbf-string-future",
                "nbf",
                json!((now + 3600).to_string()),
                Level::Must,
                [&tc[..], &[n]].concat(),
            ),
            (
                "nbf-array-future",
                "nbf",
                json!([now + 3600]),
                Level::Must,
                [&tc[..], &[n]].concat(),
            ),
            (
                "iss-array-evil-first",
                "iss",
                json!(["https://evil.example", ISS]),
                Level::Must,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-array-single",
                "iss",
                json!([ISS]),
                Level::Should,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-number",
                "iss",
                json!(42),
                Level::Must,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-null",
                "iss",
                Value::Null,
                Level::Must,
                [&tc[..], &[E::Issuer, E::MissingClaim]].concat(),
            ),
            (
                "aud-number",
                "aud",
                json!(42),
                Level::Must,
                [&tc[..], &[E::Audience]].concat(),
            ),
            (
                "aud-object",
                "aud",
                json!({"aud": AUD}),
                Level::Must,
                [&tc[..], &[E::Audience]].concat(),
            ),
            (
                "aud-null",
                "aud",
                Value::Null,
                Level::Must,
                [&tc[..], &[E::Audience, E::MissingClaim]].concat(),
            ),
            (
                "aud-array-with-number",
                "aud",
                json!([AUD, 42]),
                Level::Should,
                [&tc[..], &[E::Audience]].concat(),
            ),
            ("sub-number", "sub", json!(42), Level::Should, tc.to_vec()),
            (
                "sub-array",
                "sub",
                json!(["alice"]),
                Level::Should,
                tc.to_vec(),
            ),
        ];
        for (name, claim, value, level, errors) in conf {
            let t = self.claims_token(|m| {
                m.insert(claim.into(), value);
            })?;
            let s = self
                .spec(
                    &format!("claims/type/{name}"),
                    level,
                    Expect::Invalid,
                    &errors,
                    "a registered claim of the wrong JSON type is malformed, never absent and never coerced",
                    &["RFC 7519 §4.1", "RFC 7519 §2", "CVE-2026-25537", "GHSA-h395-gr6q-cpjc"],
                )
                .token(t)
                .flags(&["ClaimType"]);
            self.push(g, s);
        }
        // Audience.
        let a = E::Audience;
        let aud: Vec<(
            &str,
            Option<Value>,
            Option<&str>,
            Expect,
            Level,
            Vec<E>,
            &str,
        )> = vec![
            (
                "array-contains",
                Some(json!(["someone-else", AUD])),
                Some(AUD),
                Expect::Valid,
                Level::Must,
                vec![],
                "aud may be an array; one element naming the verifier suffices",
            ),
            (
                "array-without",
                Some(json!(["someone-else"])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "no element names the verifier",
            ),
            (
                "array-empty",
                Some(json!([])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a, E::MissingClaim, E::Claim],
                "an empty audience names nobody",
            ),
            (
                "empty-string",
                Some(json!("")),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "an empty string is not the verifier",
            ),
            (
                "prefix",
                Some(json!(format!("{AUD}-admin"))),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is exact, not by prefix",
            ),
            (
                "substring",
                Some(json!(&AUD[..AUD.len() - 3])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is exact, not by substring",
            ),
            (
                "case",
                Some(json!(AUD.to_uppercase())),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is case-sensitive",
            ),
            (
                "missing",
                None,
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a, E::MissingClaim],
                "a verifier with an audience requires aud",
            ),
            (
                "present-not-configured",
                Some(json!(AUD)),
                None,
                Expect::Invalid,
                Level::Must,
                vec![a],
                "a principal that does not identify with aud must reject the token",
            ),
        ];
        for (name, value, configured, expect, level, errors, why) in aud {
            let t = self.claims_token(|m| match value {
                Some(v) => {
                    m.insert("aud".into(), v);
                }
                None => {
                    m.remove("aud");
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/aud/{name}"),
                    level,
                    expect,
                    &errors,
                    why,
                    &["RFC 7519 §4.1.3", "RFC 8725 §3.9", "CVE-2020-26160"],
                )
                .token(t)
                .audience(configured)
                .flags(&["AudienceMismatch"]);
            self.push(g, s);
        }
        // Issuer.
        let iss: Vec<(&str, Option<Value>, &str)> = vec![
            (
                "other",
                Some(json!("https://evil.example")),
                "iss is compared exactly with the expected issuer",
            ),
            (
                "trailing-slash",
                Some(json!(format!("{ISS}/"))),
                "no normalisation: a trailing slash is another issuer",
            ),
            (
                "case",
                Some(json!(ISS.to_uppercase())),
                "iss comparison is case-sensitive",
            ),
            (
                "prefix",
                Some(json!(format!("{ISS}.evil"))),
                "iss comparison is not by prefix",
            ),
            (
                "missing",
                None,
                "a verifier with an expected issuer requires iss",
            ),
        ];
        for (name, value, why) in iss {
            let t = self.claims_token(|m| match value {
                Some(v) => {
                    m.insert("iss".into(), v);
                }
                None => {
                    m.remove("iss");
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/iss/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Issuer, E::MissingClaim],
                    why,
                    &["RFC 7519 §4.1.1", "RFC 8725 §3.8"],
                )
                .token(t)
                .flags(&["IssuerMismatch"]);
            self.push(g, s);
        }
        // Required claims.
        let req: Vec<(&str, &str, &[&str])> = vec![
            ("exp-missing", "exp", &["exp"]),
            ("sub-missing", "sub", &["exp", "sub"]),
            ("jti-missing", "jti", &["exp", "jti"]),
            ("exp-missing-EXP-present", "exp", &["exp"]),
        ];
        for (name, remove, required) in req {
            let t = self.claims_token(|m| {
                m.remove(remove);
                if name.ends_with("EXP-present") {
                    m.insert("EXP".into(), json!(now + 600));
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/required/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::MissingClaim, x],
                    "a claim the verifier requires must be present; names are case-sensitive",
                    &["RFC 7519 §4", "RFC 8725 §3"],
                )
                .token(t)
                .required(required)
                .flags(&["MissingClaim"]);
            self.push(g, s);
        }
        // typ, with no typ expected.
        for (name, typ, level) in [
            ("missing", None, Level::Must),
            ("lowercase-jwt", Some("jwt"), Level::Should),
            ("at+jwt", Some("at+jwt"), Level::Should),
        ] {
            let mut h = json!({"alg": "HS256", "kid": "k-HS256"});
            if let Some(typ) = typ {
                h["typ"] = json!(typ);
            }
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("claims/typ/{name}"),
                    level,
                    Expect::Valid,
                    &[],
                    "typ is optional and, when no type is expected, informational",
                    &["RFC 7519 §5.1", "RFC 8725 §3.11"],
                )
                .token(t)
                .flags(&["Typ"]);
            self.push(g, s);
        }
        Ok(())
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
