//! The generator: enough cases, well formed, each hostile case carrying the
//! feature its flags name (checked from the token's bytes, independently of
//! jot), each positive control verifying in jot and in jsonwebtoken, and the
//! seed replaying every seeded byte while ECDSA and RSA keys stay fresh.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use base64::Engine as _;
use jot_conformance::adapter_jot;
use jot_conformance::case::{Case, Expect, Group, Suite, CATEGORIES};
use jot_conformance::generate::{generate, ALGS};
use jot_conformance::keys::{ED25519_L, P256_N, P384_N};
use jot_conformance::protocol::Request;
use ring::signature;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

const NOW: i64 = 1_796_000_000;

fn suite(seed: u64) -> Suite {
    generate(seed, NOW).expect("generator runs (needs openssl for RSA keys)")
}

fn b64d(s: &str) -> Option<Vec<u8>> {
    jot::b64::decode(s, jot::Part::Token).ok()
}

/// Lenient base64url: padding and non-zero trailing bits allowed, either alphabet.
fn lenient(s: &str) -> Option<Vec<u8>> {
    let cfg = base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let engine = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, cfg);
    engine
        .decode(s.replace('+', "-").replace('/', "_").trim())
        .ok()
}

struct Parts {
    header: Vec<u8>,
    payload: Vec<u8>,
    sig: Vec<u8>,
    input: String,
}

fn parts(token: &str) -> Option<Parts> {
    let mut it = token.split('.');
    let (h, p, s) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Some(Parts {
        header: lenient(h)?,
        payload: lenient(p).unwrap_or_else(|| p.as_bytes().to_vec()),
        sig: lenient(s)?,
        input: format!("{h}.{p}"),
    })
}

fn json(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

/// Fails on a repeated member name at any depth (serde_json keeps the last).
struct NoDup;
impl<'de> Deserialize<'de> for NoDup {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NoDup, D::Error> {
        d.deserialize_any(NoDupVisitor)
    }
}
struct NoDupVisitor;
impl<'de> Visitor<'de> for NoDupVisitor {
    type Value = NoDup;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<NoDup, A::Error> {
        let mut seen = HashSet::new();
        while let Some(k) = m.next_key::<String>()? {
            if !seen.insert(k.clone()) {
                return Err(de::Error::custom(format!("duplicate {k}")));
            }
            m.next_value::<NoDup>()?;
        }
        Ok(NoDup)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<NoDup, A::Error> {
        while s.next_element::<NoDup>()?.is_some() {}
        Ok(NoDup)
    }
    fn visit_bool<E>(self, _: bool) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_i64<E>(self, _: i64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_u64<E>(self, _: u64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_f64<E>(self, _: f64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_str<E>(self, _: &str) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_unit<E>(self) -> Result<NoDup, E> {
        Ok(NoDup)
    }
}

fn has_duplicate(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes).is_ok()
        && serde_json::from_slice::<NoDup>(bytes).is_err()
}

/// Verifies with ring directly (not jot): `alg` over `input` with a public JWK.
fn ring_verifies(alg: &str, jwk: &Value, input: &str, sig: &[u8]) -> bool {
    let d = |m: &str| jwk[m].as_str().and_then(b64d).unwrap_or_default();
    let msg = input.as_bytes();
    match alg {
        "HS256" | "HS384" | "HS512" => {
            let h = match alg {
                "HS256" => ring::hmac::HMAC_SHA256,
                "HS384" => ring::hmac::HMAC_SHA384,
                _ => ring::hmac::HMAC_SHA512,
            };
            ring::hmac::verify(&ring::hmac::Key::new(h, &d("k")), msg, sig).is_ok()
        }
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
            let params: &signature::RsaParameters = match alg {
                "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                "RS384" => &signature::RSA_PKCS1_2048_8192_SHA384,
                "RS512" => &signature::RSA_PKCS1_2048_8192_SHA512,
                "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
                "PS384" => &signature::RSA_PSS_2048_8192_SHA384,
                _ => &signature::RSA_PSS_2048_8192_SHA512,
            };
            signature::RsaPublicKeyComponents {
                n: d("n"),
                e: d("e"),
            }
            .verify(params, msg, sig)
            .is_ok()
        }
        "ES256" | "ES384" => {
            let a = if alg == "ES256" {
                &signature::ECDSA_P256_SHA256_FIXED
            } else {
                &signature::ECDSA_P384_SHA384_FIXED
            };
            let point = [&[4u8][..], &d("x"), &d("y")].concat();
            signature::UnparsedPublicKey::new(a, point)
                .verify(msg, sig)
                .is_ok()
        }
        _ => signature::UnparsedPublicKey::new(&signature::ED25519, d("x"))
            .verify(msg, sig)
            .is_ok(),
    }
}

fn ge_be(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a >= b
}

fn hash_len(alg: &str) -> usize {
    match alg {
        "HS384" => 48,
        "HS512" => 64,
        _ => 32,
    }
}

fn sig_len(alg: &str, group: &Group) -> Option<usize> {
    match alg {
        "HS256" => Some(32),
        "HS384" => Some(48),
        "HS512" => Some(64),
        "ES256" => Some(64),
        "ES384" => Some(96),
        "EdDSA" | "Ed25519" => Some(64),
        _ => group.keys["keys"][0]["n"]
            .as_str()
            .and_then(b64d)
            .map(|n| n.len()),
    }
}

/// Does the case carry the feature `flag` names? Checked from the bytes.
fn carries(flag: &str, group: &Group, case: &Case) -> Result<(), String> {
    let token = case.token.as_str();
    let p = parts(token);
    let header = p
        .as_ref()
        .and_then(|p| json(&p.header))
        .unwrap_or(Value::Null);
    let claims = p
        .as_ref()
        .and_then(|p| json(&p.payload))
        .unwrap_or(Value::Null);
    let alg = header["alg"].as_str().unwrap_or("");
    let keys = group.keys["keys"].as_array().cloned().unwrap_or_default();
    let key = keys.first().cloned().unwrap_or(Value::Null);
    let sig = p.as_ref().map(|p| p.sig.clone()).unwrap_or_default();
    let half = sig.len() / 2;
    let ok = match flag {
        "AlgNone" => alg.eq_ignore_ascii_case("none"),
        "AlgConfusion" => alg.starts_with("HS") && key["kty"] != "oct",
        "AlgKeyMismatch" => {
            let p = p.as_ref().ok_or("not three segments")?;
            !keys.iter().any(|k| ring_verifies(alg, k, &p.input, &p.sig))
        }
        "AlgNotAllowed" => !group.algorithms.iter().any(|a| a == alg),
        "AlgUnknown" => !ALGS.contains(&alg) && alg != "Ed25519",
        "DerSignature" => sig.first() == Some(&0x30) && sig.len() != 64 && sig.len() != 96,
        "ZeroR" => sig.get(..half).is_some_and(|r| r.iter().all(|&b| b == 0)),
        "ZeroS" => sig.get(half..).is_some_and(|s| s.iter().all(|&b| b == 0)),
        "ROutOfRange" => {
            let n: &[u8] = if half == 32 { &P256_N } else { &P384_N };
            sig.get(..half).is_some_and(|r| ge_be(r, n))
        }
        "SOutOfRange" if alg == "EdDSA" => {
            let mut s = sig.get(32..).unwrap_or_default().to_vec();
            s.reverse();
            let mut l = ED25519_L.to_vec();
            l.reverse();
            ge_be(&s, &l)
        }
        "SOutOfRange" => {
            let n: &[u8] = if half == 32 { &P256_N } else { &P384_N };
            sig.get(half..).is_some_and(|s| ge_be(s, n))
        }
        "HighS" => {
            let p = p.as_ref().ok_or("segments")?;
            // Still a valid signature, and s is now above n/2.
            let n: &[u8] = if half == 32 { &P256_N } else { &P384_N };
            let s = sig.get(half..).unwrap_or_default();
            // 2s > n, computed as s > n - s.
            let rest = jot_conformance::keys::sub_be(n, s).unwrap_or_default();
            ring_verifies(alg, &key, &p.input, &p.sig) && s > rest.as_slice()
        }
        "Truncated" => sig.len() < sig_len(alg, group).unwrap_or(0),
        "Extended" => sig.len() > sig_len(alg, group).unwrap_or(usize::MAX),
        "SignatureStripped" => token.ends_with('.') && sig.is_empty(),
        "BitFlip" => {
            let p = p.as_ref().ok_or("segments")?;
            Some(p.sig.len()) == sig_len(alg, group) && !ring_verifies(alg, &key, &p.input, &p.sig)
        }
        "ShortHmacKey" => {
            key["kty"] == "oct"
                && key["k"]
                    .as_str()
                    .and_then(b64d)
                    .is_some_and(|k| k.len() < hash_len(alg))
        }
        "SmallRsaKey" => key["n"]
            .as_str()
            .and_then(b64d)
            .is_some_and(|n| n.len() < 256),
        "KeyUseForbids" => {
            key.get("use").is_some_and(|u| u != "sig")
                || key
                    .get("key_ops")
                    .is_some_and(|o| !o.as_array().is_some_and(|a| a.contains(&"verify".into())))
                || key.get("alg").is_some_and(|a| a != alg)
        }
        "PrivateJwk" => key.get("d").is_some(),
        "InvalidPoint" => {
            let x = key["x"].as_str().and_then(b64d).unwrap_or_default();
            let y = key["y"].as_str().and_then(b64d).unwrap_or_default();
            if x.len() != 32 {
                true
            } else {
                // Off the curve: the point as given does not verify, the point
                // with the flipped bit restored does.
                let p = p.as_ref().ok_or("segments")?;
                let mut fixed = key.clone();
                let mut y2 = y.clone();
                if let Some(b) = y2.last_mut() {
                    *b ^= 1;
                }
                fixed["y"] = jot::b64::encode(&y2).into();
                !ring_verifies("ES256", &key, &p.input, &p.sig)
                    && ring_verifies("ES256", &fixed, &p.input, &p.sig)
            }
        }
        "WrongCurve" => {
            let want = match alg {
                "ES256" => "P-256",
                "ES384" => "P-384",
                _ => "Ed25519",
            };
            key["crv"] != want
        }
        "SmallOrderKey" => key["x"]
            .as_str()
            .and_then(b64d)
            .is_some_and(|x| x.first() == Some(&1) && x.iter().skip(1).all(|&b| b == 0)),
        "KidMismatch" => {
            let kid = header.get("kid");
            let same: Vec<&Value> = keys
                .iter()
                .filter(|k| kid.is_none() || k.get("kid") == kid)
                .collect();
            let p = p.as_ref().ok_or("segments")?;
            same.len() != 1
                || same
                    .first()
                    .is_some_and(|k| !ring_verifies(alg, k, &p.input, &p.sig))
        }
        "Crit" => header.get("crit").is_some(),
        "B64False" => header["b64"] == false,
        "EmbeddedKey" => ["jwk", "jku", "x5u", "x5c"]
            .iter()
            .any(|m| header.get(*m).is_some()),
        "HostileKid" => match header.get("kid") {
            Some(Value::String(kid)) => {
                kid.is_empty()
                    || kid.contains(['/', '\'', '\0', ' ', '*', ';'])
                    || !keys.iter().any(|k| k["kid"] == kid.as_str())
            }
            _ => true,
        },
        "SegmentCount" => token.split('.').count() != 3 || token.split('.').any(str::is_empty),
        "Whitespace" => token.chars().any(char::is_whitespace),
        "NonCanonicalBase64" => {
            token.split('.').any(|s| b64d(s).is_none())
                && token.split('.').all(|s| lenient(s).is_some())
        }
        "InvalidBase64" => token.split('.').any(|s| lenient(s).is_none()),
        "Oversized" => token.len() > 64 * 1024,
        "JsonSerialization" => {
            token.starts_with('{') && serde_json::from_str::<Value>(token).is_ok()
        }
        "DuplicateMember" => {
            let p = p.as_ref().ok_or("segments")?;
            has_duplicate(&p.header) || has_duplicate(&p.payload)
        }
        "DeepNesting" => {
            let p = p.as_ref().ok_or("segments")?;
            let text =
                String::from_utf8_lossy(&[&p.header[..], &p.payload[..]].concat()).into_owned();
            text.contains(&"[".repeat(5000)) || text.contains(&r#"{"a":"#.repeat(5000))
        }
        "InvalidUtf8" => {
            let p = p.as_ref().ok_or("segments")?;
            std::str::from_utf8(&p.header).is_err() || std::str::from_utf8(&p.payload).is_err()
        }
        "LoneSurrogate" => p
            .as_ref()
            .is_some_and(|p| String::from_utf8_lossy(&p.payload).contains("\\ud800")),
        "Bom" => p.as_ref().is_some_and(|p| {
            p.header.starts_with(b"\xef\xbb\xbf") || p.payload.starts_with(b"\xef\xbb\xbf")
        }),
        "HugeNumber" => {
            ["exp", "nbf", "iat"].iter().any(|c| {
                let v = &claims[*c];
                v.as_f64().is_some_and(|f| !(0.0..9.2e18).contains(&f))
                    || (v.is_number()
                        && v.as_i64().is_none()
                        && v.as_f64().is_none_or(f64::is_infinite))
            }) || p.as_ref().is_some_and(|p| {
                let text = String::from_utf8_lossy(&p.payload).into_owned();
                text.contains("1e400")
                    || text
                        .split(|c: char| !c.is_ascii_digit())
                        .any(|run| run.len() > 19)
            })
        }
        "NotObject" => {
            let p = p.as_ref().ok_or("segments")?;
            [&p.header, &p.payload]
                .iter()
                .any(|b| json(b).is_some_and(|v| !v.is_object()))
        }
        "InvalidJson" => {
            let p = p.as_ref().ok_or("segments")?;
            json(&p.header).is_none() || json(&p.payload).is_none()
        }
        "TimeBoundary" => ["exp", "nbf", "iat"].iter().any(|c| {
            claims[*c]
                .as_f64()
                .is_some_and(|t| (t - case.now as f64).abs() <= 120.0 || t <= 0.0)
        }),
        "ClaimType" => {
            let num = |c: &str| claims.get(c).is_some_and(|v| !v.is_number());
            let string = |c: &str| claims.get(c).is_some_and(|v| !v.is_string());
            let aud = claims.get("aud").is_some_and(|v| {
                !(v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string)))
            });
            num("exp") || num("nbf") || string("iss") || string("sub") || aud
        }
        "AudienceMismatch" => match (&case.audience, claims.get("aud")) {
            (Some(a), Some(Value::String(s))) => s != a,
            (Some(a), Some(Value::Array(v))) => {
                !v.iter().any(|x| x == a.as_str()) || case.result == Expect::Valid
            }
            (None, Some(_)) | (Some(_), None) => true,
            _ => false,
        },
        "IssuerMismatch" => claims.get("iss").and_then(Value::as_str) != case.issuer.as_deref(),
        "MissingClaim" => case.required.iter().any(|c| claims.get(c).is_none()),
        "Typ" => header.get("typ") != Some(&Value::from("JWT")),
        other => return Err(format!("no check for flag {other}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("does not carry {flag}"))
    }
}

#[test]
fn suite_is_large_complete_and_well_formed() {
    let s = suite(1);
    assert!(s.number_of_tests >= 200, "{} cases", s.number_of_tests);
    assert_eq!(s.number_of_tests, s.cases().count());
    let mut names = BTreeSet::new();
    let mut ids = BTreeSet::new();
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, c) in s.cases() {
        assert!(names.insert(c.name.clone()), "duplicate name {}", c.name);
        assert!(ids.insert(c.tc_id), "duplicate tcId {}", c.tc_id);
        assert!(CATEGORIES.contains(&c.category.as_str()), "{}", c.name);
        assert!(
            c.name.starts_with(&format!("{}/", c.category)),
            "{}",
            c.name
        );
        assert!(
            !c.comment.is_empty() && !c.references.is_empty(),
            "{}",
            c.name
        );
        match c.result {
            Expect::Invalid => assert!(
                !c.errors.is_empty(),
                "{}: a rejection names its classes",
                c.name
            ),
            Expect::Valid => assert!(c.errors.is_empty(), "{}", c.name),
            Expect::Acceptable => {}
        }
        for f in &c.flags {
            assert!(s.notes.contains_key(f), "{}: flag {f} has no note", c.name);
        }
        if c.category != "positive" && c.result != Expect::Valid {
            assert!(
                !c.flags.is_empty(),
                "{}: a hostile case names its feature",
                c.name
            );
        }
        *per_category.entry(c.category.as_str()).or_default() += 1;
    }
    for cat in CATEGORIES {
        assert!(
            per_category.get(cat).copied().unwrap_or(0) >= 10,
            "category {cat}: {per_category:?}"
        );
    }
    // Positive controls for every algorithm.
    for alg in ALGS {
        assert!(names.contains(&format!("positive/{alg}/with-kid")), "{alg}");
    }
    // Wycheproof's shape survives a round trip through the file format.
    let text = serde_json::to_string(&s).expect("serialize");
    let back: Suite = serde_json::from_str(&text).expect("the case file reads back");
    assert_eq!(back.number_of_tests, s.number_of_tests);
    let v: Value = serde_json::from_str(&text).expect("json");
    assert!(v["testGroups"][0]["tests"][0]["tcId"].is_u64());
}

#[test]
fn each_hostile_case_carries_its_feature() {
    let s = suite(2);
    let mut checked = 0;
    let mut failures = Vec::new();
    for (g, c) in s.cases() {
        for f in &c.flags {
            checked += 1;
            if let Err(e) = carries(f, g, c) {
                failures.push(format!("{}: {e}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked >= 200, "{checked} flags checked");
}

#[test]
fn positive_controls_verify_in_jot_and_in_jsonwebtoken() {
    let s = suite(3);
    let mut by_peer = 0;
    for (g, c) in s.cases().filter(|(_, c)| c.result == Expect::Valid) {
        let req = Request::new(g, c);
        let jot = adapter_jot::answer(&req);
        assert_eq!(jot.result, "accept", "{}: jot says {:?}", c.name, jot.error);
        if c.category != "positive" || c.name.contains("Ed25519") {
            continue;
        }
        // The same token, verified by the jsonwebtoken crate with the same key.
        let set: jsonwebtoken::jwk::JwkSet =
            serde_json::from_value(g.keys.clone()).expect("JWK set");
        let key = jsonwebtoken::DecodingKey::from_jwk(&set.keys[0]).expect("key");
        let header = jsonwebtoken::decode_header(&c.token).expect("header");
        let mut v = jsonwebtoken::Validation::new(header.alg);
        v.set_issuer(&[c.issuer.as_deref().expect("issuer")]);
        v.set_audience(&[c.audience.as_deref().expect("audience")]);
        // jsonwebtoken reads the system clock; the case's exp is NOW + 600.
        v.validate_exp = false;
        let claims = jsonwebtoken::decode::<Value>(&c.token, &key, &v)
            .unwrap_or_else(|e| panic!("{}: jsonwebtoken rejects: {e}", c.name))
            .claims;
        assert_eq!(claims["iss"], c.issuer.as_deref().expect("issuer"));
        by_peer += 1;
    }
    assert!(
        by_peer >= 2 * ALGS.len(),
        "{by_peer} controls checked by the peer"
    );
}

#[test]
fn seed_replays_seeded_bytes_and_keys_stay_fresh() {
    let a = suite(42);
    let b = suite(42);
    let c = suite(43);
    let names = |s: &Suite| s.cases().map(|(_, c)| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    assert_eq!(names(&a), names(&c), "names do not depend on the seed");
    let key = |s: &Suite, name: &str| {
        s.cases()
            .find(|(_, c)| c.name == name)
            .map(|(g, _)| g.keys["keys"][0].clone())
            .expect(name)
    };
    let hs = "positive/HS256/with-kid";
    let ed = "positive/EdDSA/with-kid";
    let es = "positive/ES256/with-kid";
    let rs = "positive/RS256/with-kid";
    assert_eq!(key(&a, hs), key(&b, hs), "HMAC secrets come from the seed");
    assert_eq!(key(&a, ed), key(&b, ed), "Ed25519 keys come from the seed");
    assert_ne!(key(&a, hs), key(&c, hs));
    assert_ne!(
        key(&a, es),
        key(&b, es),
        "ECDSA keys are fresh on every run"
    );
    assert_ne!(key(&a, rs), key(&b, rs), "RSA keys are fresh on every run");
    // HMAC and Ed25519 tokens are deterministic: the same seed, the same bytes.
    let token = |s: &Suite, name: &str| {
        s.cases()
            .find(|(_, c)| c.name == name)
            .map(|(_, c)| c.token.clone())
    };
    assert_eq!(
        token(&a, "signature/bit-flip/EdDSA"),
        token(&b, "signature/bit-flip/EdDSA")
    );
}
