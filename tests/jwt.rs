//! The JWT layer end to end (RFC 7519, RFC 8725), through `jwt::verify`:
//! SECURITY.md rows 23-29, the fixed order of checks, and RFC 7519 §3.1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jot::jwt::{self, Claims, Validation};
use jot::{b64, jws, Algorithm, Error, Jwk, Malformed, Part, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;
const SECRET: [u8; 32] = [0x5a; 32];

fn signer() -> SigningKey {
    SigningKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn key() -> VerifyingKey {
    VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn v() -> Validation {
    Validation::new(&[Algorithm::HS256]).now(NOW)
}

/// Signs the exact payload text under an exact header text.
fn forge(header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
    format!(
        "{input}.{}",
        b64::encode(signer().sign(input.as_bytes()).unwrap())
    )
}

fn check(payload: &str, validation: &Validation) -> Result<Value, Error> {
    jwt::verify::<Value>(
        &forge(r#"{"alg":"HS256","typ":"JWT"}"#, payload),
        &key(),
        validation,
    )
    .map(|t| t.claims)
}

fn malformed(r: Result<Value, Error>) -> bool {
    matches!(r, Err(Error::Malformed(_)))
}

#[test]
fn issue_and_verify_typed_claims() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Custom {
        roles: Vec<String>,
    }
    let claims = Claims::new(Custom {
        roles: vec!["admin".into()],
    })
    .with_issuer("https://issuer.example")
    .with_subject("alice")
    .with_audience("api")
    .expires_in(600);
    let token = jwt::encode(&jws::Header::jwt(&signer()), &claims, &signer()).unwrap();
    let validation = Validation::new(&[Algorithm::HS256])
        .issuer("https://issuer.example")
        .audience("api")
        .subject("alice");
    let verified: jwt::Token<Claims<Custom>> = jwt::verify(&token, &key(), &validation).unwrap();
    assert_eq!(verified.claims, claims);
    assert_eq!(verified.header.typ.as_deref(), Some("JWT"));
    // The same token into an untyped map.
    let map: jwt::Token<serde_json::Map<String, Value>> =
        jwt::verify(&token, &key(), &validation).unwrap();
    assert_eq!(map.claims["roles"], json!(["admin"]));
}

// Row 23: the payload must be a JSON object.
#[test]
fn row23_payload_must_be_an_object() {
    for payload in [r#"[{"exp":1800000000}]"#, r#""exp""#, "1", "null", "true"] {
        assert_eq!(
            check(payload, &v()).err(),
            Some(Malformed::NotObject(Part::Payload).into()),
            "{payload}"
        );
    }
    assert!(jwt::encode(&jws::Header::jwt(&signer()), &json!([1]), &signer()).is_err());
}

// Row 24: NumericDate types and ranges, whether or not the claim is required.
#[test]
fn row24_numeric_dates_are_typed() {
    for exp in [
        r#""1800000000""#,
        "null",
        "true",
        "[1800000000]",
        "{}",
        "1e400",
        &"9".repeat(5001),
    ] {
        let r = check(&format!(r#"{{"exp":{exp}}}"#), &v());
        assert!(malformed(r.clone()), "exp {exp}: {r:?}");
    }
    // Mistyped but optional: still malformed (CVE-2026-25537).
    for claim in ["nbf", "iat"] {
        let r = check(
            &format!(r#"{{"exp":1800000000,"{claim}":"1"}}"#),
            &v().allow_missing_exp(),
        );
        assert!(malformed(r), "{claim}");
    }
    let r = check(r#"{"exp":"1800000000"}"#, &v().allow_missing_exp());
    assert!(malformed(r));
    // Fractional is valid; 2^70 is valid and far future; negative is long expired.
    assert!(check(r#"{"exp":1700000000.5}"#, &v()).is_ok());
    assert!(check(r#"{"exp":1180591620717411303424}"#, &v()).is_ok());
    assert_eq!(check(r#"{"exp":-1}"#, &v()).err(), Some(Error::Expired));
    assert_eq!(
        check(r#"{"exp":1800000000,"nbf":1180591620717411303424}"#, &v()).err(),
        Some(Error::NotYetValid)
    );
}

// Row 25: boundaries and leeway.
#[test]
fn row25_time_boundaries() {
    let exp = |t: i64| format!(r#"{{"exp":{t}}}"#);
    assert_eq!(check(&exp(NOW - 1), &v()).err(), Some(Error::Expired));
    assert_eq!(check(&exp(NOW), &v()).err(), Some(Error::Expired));
    assert!(check(&exp(NOW + 1), &v()).is_ok());
    assert!(check(&exp(NOW), &v().leeway(5)).is_ok());
    assert!(check(&exp(NOW - 4), &v().leeway(5)).is_ok());
    assert_eq!(
        check(&exp(NOW - 5), &v().leeway(5)).err(),
        Some(Error::Expired)
    );
    let nbf = |t: i64| format!(r#"{{"exp":{},"nbf":{t}}}"#, NOW + 100);
    assert!(check(&nbf(NOW), &v()).is_ok());
    assert_eq!(check(&nbf(NOW + 1), &v()).err(), Some(Error::NotYetValid));
    assert!(check(&nbf(NOW + 5), &v().leeway(5)).is_ok());
    assert_eq!(
        check(&nbf(NOW + 6), &v().leeway(5)).err(),
        Some(Error::NotYetValid)
    );
    let iat = |t: i64| format!(r#"{{"exp":{},"iat":{t}}}"#, NOW + 100);
    assert!(check(&iat(NOW), &v()).is_ok());
    assert_eq!(
        check(&iat(NOW + 1), &v()).err(),
        Some(Error::IssuedInFuture)
    );
    assert_eq!(
        check(&iat(NOW - 61), &v().max_age(60)).err(),
        Some(Error::TooOld)
    );
    assert!(check(&iat(NOW - 60), &v().max_age(60)).is_ok());
    // Leeway is capped, whatever the caller asks.
    assert_eq!(
        check(&exp(NOW - 301), &v().leeway(1_000_000)).err(),
        Some(Error::Expired)
    );
}

// Row 26: exp is required by default; claim names are case-sensitive.
#[test]
fn row26_exp_required() {
    assert_eq!(
        check(r#"{"sub":"a"}"#, &v()).err(),
        Some(Error::MissingClaim("exp".into()))
    );
    assert_eq!(
        check(r#"{"EXP":1800000000}"#, &v()).err(),
        Some(Error::MissingClaim("exp".into()))
    );
    assert!(check(r#"{"sub":"a"}"#, &v().allow_missing_exp()).is_ok());
    assert_eq!(
        check(r#"{"exp":1800000000}"#, &v().require("jti")).err(),
        Some(Error::MissingClaim("jti".into()))
    );
}

// Row 27: aud.
#[test]
fn row27_audience() {
    let with = |aud: &str| format!(r#"{{"exp":1800000000,"aud":{aud}}}"#);
    let api = v().audience("api");
    assert!(check(&with(r#""api""#), &api).is_ok());
    assert!(check(&with(r#"["x","api"]"#), &api).is_ok());
    for aud in [r#""apix""#, r#""xapi""#, r#""API""#, r#"[]"#, r#"["ap"]"#] {
        assert_eq!(
            check(&with(aud), &api).err(),
            Some(Error::InvalidAudience),
            "{aud}"
        );
    }
    for aud in [
        r#"[["api"]]"#,
        "1",
        "null",
        r#"["api",null]"#,
        r#"{"a":"api"}"#,
    ] {
        assert!(malformed(check(&with(aud), &api)), "{aud}");
    }
    assert_eq!(
        check(r#"{"exp":1800000000}"#, &api).err(),
        Some(Error::MissingClaim("aud".into()))
    );
    // An aud present when none is expected is rejected (RFC 7519 §4.1.3).
    assert_eq!(
        check(&with(r#""api""#), &v()).err(),
        Some(Error::InvalidAudience)
    );
}

// Row 28: iss.
#[test]
fn row28_issuer() {
    let iss = v().issuer("https://a.example");
    let with = |i: &str| format!(r#"{{"exp":1800000000,"iss":{i}}}"#);
    assert!(check(&with(r#""https://a.example""#), &iss).is_ok());
    for bad in [
        r#""https://a.example/""#,
        r#""HTTPS://A.EXAMPLE""#,
        r#""https://a.example.evil""#,
    ] {
        assert_eq!(
            check(&with(bad), &iss).err(),
            Some(Error::InvalidIssuer),
            "{bad}"
        );
    }
    for bad in ["null", "1", r#"["https://a.example"]"#] {
        assert!(malformed(check(&with(bad), &iss)), "{bad}");
    }
    assert_eq!(
        check(r#"{"exp":1800000000}"#, &iss).err(),
        Some(Error::MissingClaim("iss".into()))
    );
    let sub = v().subject("alice");
    assert_eq!(
        check(r#"{"exp":1800000000,"sub":"bob"}"#, &sub).err(),
        Some(Error::InvalidSubject)
    );
}

// Row 29: typ.
#[test]
fn row29_token_type() {
    let at = Validation::new(&[Algorithm::HS256]).now(NOW).typ("at+jwt");
    let claims = r#"{"exp":1800000000}"#;
    for typ in [
        "at+jwt",
        "AT+JWT",
        "application/at+jwt",
        "Application/At+Jwt",
    ] {
        let t = forge(&format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#), claims);
        assert!(jwt::verify::<Value>(&t, &key(), &at).is_ok(), "{typ}");
    }
    for typ in [Some("JWT"), Some("at+jwt2"), Some("application/jwt"), None] {
        let header = match typ {
            Some(t) => format!(r#"{{"alg":"HS256","typ":"{t}"}}"#),
            None => r#"{"alg":"HS256"}"#.to_string(),
        };
        assert_eq!(
            jwt::verify::<Value>(&forge(&header, claims), &key(), &at).err(),
            Some(Error::InvalidType),
            "{typ:?}"
        );
    }
}

// Rows 17 and 18 for claims: duplicates anywhere, and no unencoded payloads.
#[test]
fn duplicate_claims_and_b64_false() {
    for payload in [
        r#"{"exp":1800000000,"exp":1}"#,
        r#"{"exp":1800000000,"sub":"a","sub":"b"}"#,
        r#"{"exp":1800000000,"x":{"a":1,"a":2}}"#,
    ] {
        assert_eq!(
            check(payload, &v()).err(),
            Some(Malformed::DuplicateMember(Part::Payload).into()),
            "{payload}"
        );
    }
    let t = forge(
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        r#"{"exp":1800000000}"#,
    );
    assert_eq!(
        jwt::verify::<Value>(&t, &key(), &v()).err(),
        Some(Error::CritNotUnderstood("b64".into()))
    );
}

#[test]
fn invalid_utf8_and_trailing_data_in_claims() {
    for payload in [
        &b"{\"exp\":1800000000,\"x\":\"\xff\"}"[..],
        b"{\"exp\":1800000000} x",
        b"{\"exp\":1800000000,}",
    ] {
        let input = format!(
            "{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(payload)
        );
        let token = format!(
            "{input}.{}",
            b64::encode(signer().sign(input.as_bytes()).unwrap())
        );
        assert!(matches!(
            jwt::verify::<Value>(&token, &key(), &v()),
            Err(Error::Malformed(_))
        ));
    }
}

// Rule 7: the signature is checked before any claim is looked at.
#[test]
fn signature_before_claims() {
    let expired = forge(r#"{"alg":"HS256"}"#, r#"{"exp":1,"aud":"x","iss":"evil"}"#);
    let (input, _) = expired.rsplit_once('.').unwrap();
    let bad = format!("{input}.{}", b64::encode([0u8; 32]));
    let strict = v().issuer("good").audience("api");
    assert_eq!(
        jwt::verify::<Value>(&bad, &key(), &strict).err(),
        Some(Error::InvalidSignature)
    );
    let garbage = format!(
        "{}.{}.{}",
        b64::encode(r#"{"alg":"HS256"}"#),
        b64::encode("not json"),
        b64::encode([0u8; 32])
    );
    assert_eq!(
        jwt::verify::<Value>(&garbage, &key(), &strict).err(),
        Some(Error::InvalidSignature)
    );
}

#[test]
fn fixed_order_of_claim_checks() {
    // Expired, not yet valid, wrong issuer and audience all at once: exp wins.
    let payload = format!(
        r#"{{"exp":{},"nbf":{},"iss":"x","aud":"y"}}"#,
        NOW - 10,
        NOW + 10
    );
    assert_eq!(
        check(&payload, &v().issuer("i").audience("a")).err(),
        Some(Error::Expired)
    );
    let payload = format!(r#"{{"exp":{},"iss":"x","aud":"y"}}"#, NOW + 10);
    assert_eq!(
        check(&payload, &v().issuer("i").audience("a")).err(),
        Some(Error::InvalidIssuer)
    );
}

#[test]
fn trace_matches_verify() {
    let token = forge(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &format!(r#"{{"exp":{}}}"#, NOW + 60),
    );
    let (result, steps) = jwt::verify_traced::<Value>(&token, &key(), &v());
    assert!(result.is_ok());
    let names: Vec<&str> = steps.iter().map(|s| s.name).collect();
    for expected in [
        "size",
        "segments",
        "header",
        "crit",
        "alg",
        "key",
        "signature",
        "payload",
        "typ",
        "claims",
        "exp",
        "decode",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(steps
        .iter()
        .all(|s| s.outcome != jwt::Outcome::Fail(Error::Expired)));
    // A failure ends the trace at the failing step, with the same error verify gives.
    let expired = forge(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{NOW}}}"#));
    let (result, steps) = jwt::verify_traced::<Value>(&expired, &key(), &v());
    assert_eq!(result.as_ref().err(), Some(&Error::Expired));
    assert_eq!(
        steps.last().map(|s| (s.name, s.outcome.clone())),
        Some(("exp", jwt::Outcome::Fail(Error::Expired)))
    );
    assert_eq!(
        jwt::verify::<Value>(&expired, &key(), &v()).err(),
        Some(Error::Expired)
    );
}

#[test]
fn decode_unverified_reads_without_checking() {
    let t = jwt::decode_unverified("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.").unwrap();
    assert_eq!(t.header["alg"], "none");
    assert!(t.signature.is_empty());
    assert!(jwt::decode_unverified("a.b").is_err());
}

/// RFC 7519 §3.1, with the key of RFC 7515 Appendix A.1.
#[test]
fn rfc7519_3_1_example() {
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let jwk = Jwk::from_json(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#).unwrap();
    let key = VerifyingKey::from_jwk(&jwk, Algorithm::HS256).unwrap();
    let validation = Validation::new(&[Algorithm::HS256]).issuer("joe");
    assert_eq!(
        jwt::verify::<Value>(token, &key, &validation).err(),
        Some(Error::Expired)
    );
    let before = validation.now(1_300_819_379);
    let claims: Claims = jwt::verify(token, &key, &before).unwrap().claims;
    assert_eq!(claims.iss.as_deref(), Some("joe"));
    assert_eq!(claims.custom["http://example.com/is_root"], json!(true));
    assert_eq!(
        jwt::verify::<Value>(token, &key, &before.clone().now(1_300_819_380)).err(),
        Some(Error::Expired)
    );
}

#[test]
fn token_size_limit_is_configurable() {
    let big = forge(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":1800000000,"pad":"{}"}}"#, "a".repeat(70_000)),
    );
    assert!(matches!(
        check_token(&big, &v()),
        Err(Error::Malformed(Malformed::TooLarge { .. }))
    ));
    assert!(check_token(&big, &v().max_token_len(1 << 20)).is_ok());
}

fn check_token(token: &str, validation: &Validation) -> Result<Value, Error> {
    jwt::verify::<Value>(token, &key(), validation).map(|t| t.claims)
}
