//! Interoperability with the `jsonwebtoken` crate (9.x, on ring), in both
//! directions, plus a proptest differential test.
//!
//! jsonwebtoken cannot generate keys, so both sides use fresh keys from
//! `Jwk::generate` and `openssl genrsa`: jsonwebtoken reads them as PKCS#8
//! PEM (its `EncodingKey`) and as JWKs (its `DecodingKey::from_jwk`).
//! `interop/README.md` documents where jot is deliberately stricter; the
//! probe expectations below are the README's claims, tested.

#[path = "../driver/mod.rs"]
mod driver;

use std::collections::BTreeMap;

use driver::{KeyPair, Report, AUD, ISS};
use jot::Algorithm;
use jsonwebtoken as jwt_crate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// jot's algorithms jsonwebtoken 9 implements: all but RFC 9864's "Ed25519" name.
const SHARED: [Algorithm; 12] = [
    Algorithm::HS256,
    Algorithm::HS384,
    Algorithm::HS512,
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

fn their_alg(alg: Algorithm) -> Result<jwt_crate::Algorithm, String> {
    alg.name()
        .parse()
        .map_err(|e| format!("jsonwebtoken has no alg {}: {e}", alg.name()))
}

fn their_encoding_key(alg: Algorithm, private: &Value) -> Result<jwt_crate::EncodingKey, String> {
    let jwk = driver::parse_jwk(private)?;
    if jwk.is_symmetric() {
        // Not `from_base64_secret`: that takes standard base64, a JWK holds base64url.
        let k = jwk.k.as_deref().ok_or("oct JWK without k")?;
        let secret = jot::b64::decode(k, jot::Part::Signature).map_err(|e| e.to_string())?;
        return Ok(jwt_crate::EncodingKey::from_secret(&secret));
    }
    let pem = jwk.to_pkcs8_pem().map_err(|e| e.to_string())?;
    let key = match alg.key_type() {
        "RSA" => jwt_crate::EncodingKey::from_rsa_pem(pem.as_bytes()),
        "EC" => jwt_crate::EncodingKey::from_ec_pem(pem.as_bytes()),
        _ => jwt_crate::EncodingKey::from_ed_pem(pem.as_bytes()),
    };
    key.map_err(|e| format!("jsonwebtoken reads jot's PKCS#8 PEM: {e}"))
}

/// jsonwebtoken's JWK import: its `Jwk` type, then `DecodingKey::from_jwk`.
fn their_decoding_key(public: &Value) -> Result<jwt_crate::DecodingKey, String> {
    let jwk: jwt_crate::jwk::Jwk =
        serde_json::from_value(public.clone()).map_err(|e| format!("jsonwebtoken JWK: {e}"))?;
    jwt_crate::DecodingKey::from_jwk(&jwk).map_err(|e| format!("jsonwebtoken key: {e}"))
}

fn their_sign(alg: Algorithm, private: &Value, claims: &Value) -> Result<String, String> {
    let key = their_encoding_key(alg, private)?;
    jwt_crate::encode(&jwt_crate::Header::new(their_alg(alg)?), claims, &key)
        .map_err(|e| format!("jsonwebtoken sign: {e}"))
}

/// jsonwebtoken's defaults (exp required, leeway 60 s, nbf not checked),
/// plus iss and aud when `configure` is set.
fn their_verify(
    alg: Algorithm,
    public: &Value,
    token: &str,
    configure: bool,
) -> Result<Value, String> {
    let key = their_decoding_key(public)?;
    let mut v = jwt_crate::Validation::new(their_alg(alg)?);
    if configure {
        v.set_issuer(&[ISS]);
        v.set_audience(&[AUD]);
    }
    jwt_crate::decode::<Value>(token, &key, &v)
        .map(|t| t.claims)
        .map_err(|e| format!("jsonwebtoken verify: {e:?}"))
}

fn same_claims(want: &Value, got: Result<Value, String>) -> Result<(), String> {
    let got = got?;
    if &got == want {
        Ok(())
    } else {
        Err(format!("claims differ: sent {want}, got {got}"))
    }
}

/// The keys of both sides: jot's, and a second set standing for
/// jsonwebtoken's own (it cannot generate keys, so these come from the same
/// generators, and reach jot only through jsonwebtoken's JWK type).
fn keys() -> (BTreeMap<Algorithm, KeyPair>, BTreeMap<Algorithm, KeyPair>) {
    (driver::jot_keys(), driver::jot_keys())
}

/// jsonwebtoken's JWK export: jot's public JWK read into jsonwebtoken's `Jwk`
/// and serialized back by it. jot must import that and find the same key.
fn their_jwk_export(public: &Value) -> Result<Value, String> {
    let jwk: jwt_crate::jwk::Jwk =
        serde_json::from_value(public.clone()).map_err(|e| format!("jsonwebtoken JWK: {e}"))?;
    serde_json::to_value(&jwk).map_err(|e| e.to_string())
}

#[test]
fn jsonwebtoken_both_directions() {
    let mut report = Report::new("jsonwebtoken", "9.3 (ring)");
    let now = driver::now();
    let claims = driver::claims(now);
    let (jot, theirs) = keys();

    for alg in SHARED {
        let name = alg.name();
        let (ours, peer) = (&jot[&alg], &theirs[&alg]);

        let token = their_sign(alg, &peer.private, &claims);
        let outcome = token.and_then(|t| {
            same_claims(
                &claims,
                driver::jot_verify(alg, &their_jwk_export(&peer.public)?, &t),
            )
        });
        report.check("peer signs, jot verifies", name, outcome);

        let token = driver::jot_sign(alg, &ours.private, &claims);
        let outcome =
            token.and_then(|t| same_claims(&claims, their_verify(alg, &ours.public, &t, true)));
        report.check("jot signs, peer verifies", name, outcome);

        // jot's JWK -> jsonwebtoken: covered by `their_verify` above, which
        // builds its key from jot's exported public JWK; here the members too.
        let outcome = their_jwk_export(&ours.public)
            .and_then(|exported| driver::same_material(&ours.public, &exported));
        report.check("jot JWK -> peer import/export", name, outcome);

        let outcome = their_jwk_export(&peer.public).and_then(|exported| {
            let jwk = driver::parse_jwk(&exported)?;
            let back: Value = serde_json::from_str(&jwk.to_json()).map_err(|e| e.to_string())?;
            driver::same_material(&exported, &back)
        });
        report.check("peer JWK -> jot import/export", name, outcome);
        // No thumbprint row: jsonwebtoken 9 has no RFC 7638 thumbprint API,
        // so that one check of the issue is skipped for this peer only.
    }
    report.note(
        "not shared: Ed25519 (jsonwebtoken 9 knows \"EdDSA\" only, not RFC 9864's name)".into(),
    );
    report.note("jsonwebtoken has no RFC 7638 thumbprint API: thumbprints not compared".into());
    report.note(
        "jsonwebtoken has no private JWK import or JWK export of its keys: \
         its JWK side is its `jwk::Jwk` type (serde) and `DecodingKey::from_jwk`"
            .into(),
    );

    // What jsonwebtoken does with each probe, as interop/README.md documents it.
    let documented = [
        ("duplicate_registered_claim", false),
        ("duplicate_custom_claim", true),
        ("padded_base64url", false),
        ("signature_trailing_bits", false),
        ("signature_with_junk_character", false),
        ("ecdsa_der_signature", false),
        ("aud_present_but_not_configured", false),
        ("private_key_for_verification", true),
        ("crit_unknown_extension", true),
        ("missing_exp", false),
        ("nbf_in_future", true),
        ("expired_30s_ago", true),
        ("short_hmac_key", true),
    ];
    for p in driver::probes(&jot, now) {
        let peer = their_verify(p.alg, &p.key, &p.token, p.configure_aud);
        let want = documented
            .iter()
            .find(|(n, _)| *n == p.name)
            .map(|(_, accepts)| *accepts)
            .unwrap_or_else(|| panic!("no documented expectation for probe {}", p.name));
        let detail = peer.as_ref().err().cloned().unwrap_or_default();
        driver::record_probe(&mut report, &p, peer.is_ok(), want, &detail);
    }
    report.finish("interop-jsonwebtoken.txt");
}

// ------------------------------------------------------------- differential

/// Custom claim names never collide with registered ones (they carry a prefix).
fn custom_claims() -> impl Strategy<Value = BTreeMap<String, Value>> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,24}".prop_map(Value::from),
        Just(Value::Null),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map("x_[a-zA-Z0-9_]{0,10}", value, 0..6)
}

fn differential_claims(custom: BTreeMap<String, Value>, now: i64, sub: Option<String>) -> Value {
    let mut claims = json!({"iss": ISS, "aud": AUD, "exp": now + 600, "iat": now});
    if let Some(sub) = sub {
        claims["sub"] = json!(sub);
    }
    for (k, v) in custom {
        claims[k] = v;
    }
    claims
}

#[derive(Default)]
struct Tally {
    cases: usize,
    mutations: usize,
    both_reject: usize,
    jot_stricter: Vec<String>,
}

/// Random claims signed by either side verify on the other with the same
/// claims; random byte mutations of those tokens are rejected by both. jot
/// is never more lenient than jsonwebtoken; where it is stricter the case is
/// printed and must be a documented kind (see interop/README.md).
#[test]
fn differential_random_claims_and_mutations() {
    let now = driver::now();
    let (jot, theirs) = keys();
    let tally = std::cell::RefCell::new(Tally::default());
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        0..SHARED.len(),
        custom_claims(),
        proptest::option::of(".{0,16}"),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0x21u8..0x7f), 1..4),
    );
    let result = runner.run(&strategy, |(i, custom, sub, jot_signs, edits)| {
        let alg = SHARED[i];
        let claims = differential_claims(custom, now, sub);
        let (signer, verifier) = if jot_signs {
            (&jot[&alg], &jot[&alg])
        } else {
            (&theirs[&alg], &theirs[&alg])
        };
        let token = if jot_signs {
            driver::jot_sign(alg, &signer.private, &claims)
        } else {
            their_sign(alg, &signer.private, &claims)
        };
        let token = token.map_err(TestCaseError::fail)?;
        let by_jot = driver::jot_verify(alg, &verifier.public, &token);
        let by_them = their_verify(alg, &verifier.public, &token, true);
        prop_assert_eq!(
            by_jot.as_ref(),
            Ok(&claims),
            "jot, on a {} token",
            alg.name()
        );
        prop_assert_eq!(
            by_them.as_ref(),
            Ok(&claims),
            "jsonwebtoken, on a {} token",
            alg.name()
        );

        let mut bytes = token.clone().into_bytes();
        for (at, byte) in &edits {
            let at = at.index(bytes.len());
            bytes[at] = if bytes[at] == *byte { b'.' } else { *byte };
        }
        let mutated = String::from_utf8(bytes).expect("ASCII edits keep UTF-8");
        let mut t = tally.borrow_mut();
        t.cases += 1;
        if mutated == token {
            return Ok(());
        }
        t.mutations += 1;
        let jot_result = driver::jot_verify(alg, &verifier.public, &mutated);
        let their_result = their_verify(alg, &verifier.public, &mutated, true);
        match (&jot_result, &their_result) {
            (Err(_), Err(_)) => t.both_reject += 1,
            (Ok(_), _) => {
                println!(
                    "DISAGREEMENT {}: jot accepts a mutated token: {mutated}",
                    alg.name()
                );
                prop_assert!(false, "jot accepted a mutated token");
            }
            (Err(e), Ok(_)) => {
                println!(
                    "DISAGREEMENT {}: jot rejects ({e}), jsonwebtoken accepts: {mutated}",
                    alg.name()
                );
                // Documented in interop/README.md: where jot alone rejects a
                // token, it is for strict JSON or canonical base64url.
                let key = jot::VerifyingKey::from_jwk(
                    &driver::parse_jwk(&verifier.public).map_err(TestCaseError::fail)?,
                    alg,
                )
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let kind = jot::jwt::verify::<Value>(&mutated, &key, &driver::validation(alg))
                    .err()
                    .map(|e| e.kind());
                prop_assert_eq!(
                    kind,
                    Some("malformed"),
                    "jot stricter for an undocumented reason: {}",
                    e
                );
                t.jot_stricter.push(e.clone());
            }
        }
        Ok(())
    });
    let t = tally.into_inner();
    println!(
        "differential jot <-> jsonwebtoken: {} cases (sign on one side, verify on both), \
         {} mutated tokens, {} rejected by both, {} where jot alone rejects",
        t.cases,
        t.mutations,
        t.both_reject,
        t.jot_stricter.len()
    );
    for e in &t.jot_stricter {
        println!("  jot stricter: {e}");
    }
    if let Err(e) = result {
        panic!("differential test failed: {e}");
    }
    assert_eq!(t.cases, 96, "every case ran");
    assert!(t.mutations > 80, "mutations were exercised");
    assert_eq!(t.both_reject + t.jot_stricter.len(), t.mutations);
}
