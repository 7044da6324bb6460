//! RFC 7517 Appendix A.1-A.3 and B (example keys and key sets), from
//! `test-vectors/rfc/`. One case per key, plus one per set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{read, rfc, round_trips, Case, Outcome, RfcVector, Tally};
use jot::{jws, Algorithm, Error, Jwk, JwkSet, KeyRejected, SigningKey, VerifyingKey};
use serde_json::Value;

fn keys(v: &RfcVector) -> Vec<Value> {
    v.jwk_set.as_ref().expect("jwk_set")["keys"]
        .as_array()
        .expect("keys")
        .clone()
}

fn kid(key: &Value) -> String {
    key["kid"].as_str().unwrap_or("-").to_owned()
}

/// Parses one key and checks it survives `to_json`/`from_json`.
fn parse(case: &mut Case, key: &Value) -> Option<Jwk> {
    let jwk = case.step("Jwk::from_json", Jwk::from_json(&key.to_string()))?;
    round_trips(case, &jwk);
    Some(jwk)
}

/// A.1: the public keys parse; the EC key is `use:"enc"` so it must not bind
/// for verifying; the RSA key binds to its RS256; thumbprints as computed.
fn a1_key(v: &RfcVector, key: &Value) -> Outcome {
    let mut case = Case::new();
    let Some(jwk) = parse(&mut case, key) else {
        return case.outcome();
    };
    case.check(!jwk.is_private(), || "is_private() is true".into());
    let want = &v.computed_thumbprints_sha256.as_ref().expect("thumbprints")[&kid(key)];
    match jwk.thumbprint() {
        Ok(got) => case.check(&got == want, || {
            format!("thumbprint {got}, expected {want}")
        }),
        Err(e) => case.fail(format!("thumbprint: {e:?}")),
    }
    match jwk.kty.as_str() {
        "EC" => match VerifyingKey::from_jwk(&jwk, Algorithm::ES256) {
            Err(Error::KeyRejected(KeyRejected::WrongUse)) => {}
            Ok(_) => case.fail("use:enc EC key was bound for verifying ES256"),
            Err(e) => case.fail(format!("use:enc EC key: got {e:?}, expected WrongUse")),
        },
        _ => {
            case.step(
                "VerifyingKey::from_jwk(RS256)",
                VerifyingKey::from_jwk(&jwk, Algorithm::RS256),
            );
            case.check(
                VerifyingKey::from_jwk(&jwk, Algorithm::PS256).is_err(),
                || "alg:RS256 key was bound to PS256".into(),
            );
        }
    }
    case.outcome()
}

/// A.2: the private keys parse, and their public part is the A.1 key with the same `kid`.
fn a2_key(public: &[Value], key: &Value) -> Outcome {
    let mut case = Case::new();
    let Some(jwk) = parse(&mut case, key) else {
        return case.outcome();
    };
    case.check(jwk.is_private(), || "is_private() is false".into());
    let same_kid = public
        .iter()
        .find(|k| kid(k) == kid(key))
        .expect("A.1 key of the same kid");
    let want = Jwk::from_json(&same_kid.to_string()).expect("A.1 key");
    match jwk.to_public() {
        Ok(p) => case.check(p == want, || format!("to_public() is {}", p.to_json())),
        Err(e) => case.fail(format!("to_public: {e:?}")),
    }
    if jwk.kty == "RSA" {
        case.step(
            "SigningKey::from_jwk(RS256)",
            SigningKey::from_jwk(&jwk, Algorithm::RS256),
        );
    }
    case.outcome()
}

/// A.3 key 0: a 16-byte A128KW key. A fine JWK, but never an HS256 key:
/// its own `alg` forbids it, and without that it is too small (RFC 7518 §3.2).
fn a3_kw(key: &Value) -> Outcome {
    let mut case = Case::new();
    let Some(jwk) = parse(&mut case, key) else {
        return case.outcome();
    };
    case.check(jwk.is_symmetric(), || "is_symmetric() is false".into());
    match VerifyingKey::from_jwk(&jwk, Algorithm::HS256) {
        Err(Error::KeyRejected(_)) => {}
        other => case.fail(format!(
            "A128KW key bound to HS256: {:?}",
            other.map(|k| k.alg())
        )),
    }
    let mut bare = jwk.clone();
    bare.alg = None;
    for (what, r) in [
        (
            "verify",
            VerifyingKey::from_jwk(&bare, Algorithm::HS256).map(|k| k.alg()),
        ),
        (
            "sign",
            SigningKey::from_jwk(&bare, Algorithm::HS256).map(|k| k.alg()),
        ),
    ] {
        match r {
            Err(Error::KeyRejected(KeyRejected::TooSmall {
                alg: Some(Algorithm::HS256),
                min: 32,
                actual: 16,
            })) => {}
            other => case.fail(format!(
                "16-byte key without alg bound for {what} to HS256: got {other:?}, expected TooSmall"
            )),
        }
    }
    case.outcome()
}

/// A.3 key 1: the RFC 7515 A.1 HMAC key; it verifies the RFC 7515 A.1 JWS.
fn a3_hmac(key: &Value) -> Outcome {
    let mut case = Case::new();
    let Some(jwk) = parse(&mut case, key) else {
        return case.outcome();
    };
    let a1 = rfc("rfc7515-a.1-hs256.json").compact.expect("compact");
    if let Some(vk) = case.step(
        "VerifyingKey::from_jwk(HS256)",
        VerifyingKey::from_jwk(&jwk, Algorithm::HS256),
    ) {
        case.step(
            "verify RFC 7515 A.1",
            jws::verify(&a1, &vk, &[Algorithm::HS256]),
        );
    }
    case.outcome()
}

/// B: an RSA key with an `x5c` chain parses, keeps the chain, binds for RS256.
fn b(v: &RfcVector) -> Outcome {
    let mut case = Case::new();
    let key = v.jwk.as_ref().expect("jwk");
    let Some(jwk) = parse(&mut case, key) else {
        return case.outcome();
    };
    let want: Vec<String> = serde_json::from_value(key["x5c"].clone()).expect("x5c");
    case.check(jwk.x5c.as_ref() == Some(&want), || {
        "x5c not kept as given".into()
    });
    case.step(
        "VerifyingKey::from_jwk(RS256)",
        VerifyingKey::from_jwk(&jwk, Algorithm::RS256),
    );
    case.outcome()
}

/// The whole document as a `JwkSet`: A.1 and A.3 are accepted; A.2 holds
/// private asymmetric keys, which a verifier's set must refuse.
fn set(file: &str, expect: Result<(), Error>) -> Outcome {
    let doc: Value = serde_json::from_str(&read(&format!("rfc/{file}"))).expect("json");
    let got = JwkSet::from_json(&doc["jwk_set"].to_string()).map(|_| ());
    if got == expect {
        Outcome::Pass
    } else {
        Outcome::Fail(format!(
            "JwkSet::from_json gave {got:?}, expected {expect:?}"
        ))
    }
}

#[test]
fn rfc7517_appendix_a_b() {
    let mut tally = Tally::new();
    let mut expected = 0;

    let a1 = rfc("rfc7517-a.1-public-keys.json");
    for key in keys(&a1) {
        tally.record(&format!("{} kid {}", a1.id, kid(&key)), a1_key(&a1, &key));
        expected += 1;
    }
    let a2 = rfc("rfc7517-a.2-private-keys.json");
    for key in keys(&a2) {
        tally.record(
            &format!("{} kid {}", a2.id, kid(&key)),
            a2_key(&keys(&a1), &key),
        );
        expected += 1;
    }
    let a3 = rfc("rfc7517-a.3-symmetric-keys.json");
    let a3_keys = keys(&a3);
    assert_eq!(a3_keys.len(), 2);
    tally.record("rfc7517-a.3 key 0 (A128KW)", a3_kw(&a3_keys[0]));
    tally.record("rfc7517-a.3 key 1 (HMAC)", a3_hmac(&a3_keys[1]));
    expected += 2;
    let bv = rfc("rfc7517-b-x5c.json");
    tally.record(&bv.id, b(&bv));
    expected += 1;

    tally.record(
        "rfc7517-a.1 set",
        set("rfc7517-a.1-public-keys.json", Ok(())),
    );
    tally.record(
        "rfc7517-a.2 set",
        set(
            "rfc7517-a.2-private-keys.json",
            Err(KeyRejected::PrivateKeyNotAllowed.into()),
        ),
    );
    tally.record(
        "rfc7517-a.3 set",
        set("rfc7517-a.3-symmetric-keys.json", Ok(())),
    );
    expected += 3;

    tally.print("rfc7517");
    tally.assert_clean(expected);
    assert_eq!(
        expected, 10,
        "RFC 7517 A.1 (2 keys), A.2 (2), A.3 (2), B (1), 3 sets"
    );
}
