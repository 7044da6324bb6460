//! "Migrating from jsonwebtoken" (`jot::guide::migrating`), tested: the
//! side-by-side mapping, and each default that differs, shown on the same
//! token with `jsonwebtoken` 9's behaviour and jot's.
//!
//! Every test names the guide's entry it backs. Times are relative to the
//! real clock (jsonwebtoken 9 has no clock injection), with margins of
//! 30 seconds or more, so a slow machine cannot change an answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{SystemTime, UNIX_EPOCH};

use jot::jwt::{self, Validation};
use jot::{Algorithm, Error, SigningKey, VerifyingKey};
use jsonwebtoken as jwt9;
use jwt9::errors::ErrorKind;
use serde_json::{json, Value};

/// A 32-byte HS256 secret: long enough for both libraries.
const SECRET: &[u8] = b"an-hs256-secret-of-32-bytes-okay";

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

/// One HS256 token over `claims`, signed by jsonwebtoken (so the token is
/// theirs, and jot reads it as is).
fn their_token(claims: &Value) -> String {
    jwt9::encode(
        &jwt9::Header::new(jwt9::Algorithm::HS256),
        claims,
        &jwt9::EncodingKey::from_secret(SECRET),
    )
    .unwrap()
}

fn their_decode(token: &str, validation: &jwt9::Validation) -> Result<Value, ErrorKind> {
    jwt9::decode::<Value>(token, &jwt9::DecodingKey::from_secret(SECRET), validation)
        .map(|t| t.claims)
        .map_err(|e| e.into_kind())
}

fn our_verify(token: &str, validation: &Validation) -> Result<Value, Error> {
    let key = VerifyingKey::hmac(Algorithm::HS256, SECRET)?;
    jwt::verify::<Value>(token, &key, validation).map(|t| t.claims)
}

fn theirs() -> jwt9::Validation {
    jwt9::Validation::new(jwt9::Algorithm::HS256)
}

fn ours() -> Validation {
    Validation::new(&[Algorithm::HS256])
}

// ------------------------------------------------------------ the mapping

#[test]
fn mapping_encode_decode_and_keys() {
    // Any `Serialize`/`DeserializeOwned` type works on both sides (an
    // application's own struct as well as a `serde_json::Value`).
    let claims = json!({"sub": "b@b.com", "company": "ACME", "exp": now() + 600});
    // jsonwebtoken: encode(&Header, &claims, &EncodingKey)
    let theirs_token = jwt9::encode(
        &jwt9::Header::new(jwt9::Algorithm::HS256),
        &claims,
        &jwt9::EncodingKey::from_secret(SECRET),
    )
    .unwrap();
    // jot: jwt::encode(&Header, &claims, &SigningKey)
    let signer = SigningKey::hmac(Algorithm::HS256, SECRET).unwrap();
    let our_token = jwt::encode(&jot::jws::Header::jwt(&signer), &claims, &signer).unwrap();

    // jsonwebtoken: decode::<C>(token, &DecodingKey, &Validation) -> TokenData { header, claims }
    let data = jwt9::decode::<Value>(
        &our_token,
        &jwt9::DecodingKey::from_secret(SECRET),
        &theirs(),
    )
    .unwrap();
    assert_eq!(data.claims, claims);
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    // jot: jwt::verify::<C>(token, &VerifyingKey, &Validation) -> Token { header, claims }
    let key = VerifyingKey::hmac(Algorithm::HS256, SECRET).unwrap();
    let token = jwt::verify::<Value>(&theirs_token, &key, &ours()).unwrap();
    assert_eq!(token.claims, claims);
    assert_eq!(token.header.alg, Algorithm::HS256);

    // decode_header -> jwt::decode_unverified(..).header (nothing verified).
    assert_eq!(
        jwt9::decode_header(&our_token).unwrap().alg,
        jwt9::Algorithm::HS256
    );
    assert_eq!(
        jwt::decode_unverified(&theirs_token).unwrap().header["alg"],
        "HS256"
    );
}

#[test]
fn mapping_errors() {
    let token = their_token(&json!({"sub": "a", "exp": now() + 600}));
    // A changed signature: InvalidSignature on both sides.
    let mut bad = token.clone();
    let last = bad.pop().unwrap();
    // 'A' and 'E' both leave the last character's two unused bits zero, so
    // the changed signature is still canonical base64url.
    bad.push(if last == 'A' { 'E' } else { 'A' });
    assert_eq!(
        their_decode(&bad, &theirs()).unwrap_err(),
        ErrorKind::InvalidSignature
    );
    assert_eq!(
        our_verify(&bad, &ours()).unwrap_err(),
        Error::InvalidSignature
    );

    // An algorithm the validation does not allow: InvalidAlgorithm there,
    // AlgorithmNotAllowed (naming the token's alg) here.
    let mut v = theirs();
    v.algorithms = vec![jwt9::Algorithm::HS384];
    assert_eq!(
        their_decode(&token, &v).unwrap_err(),
        ErrorKind::InvalidAlgorithm
    );
    let key = VerifyingKey::hmac(Algorithm::HS384, &[7u8; 48]).unwrap();
    assert_eq!(
        jwt::verify::<Value>(&token, &key, &Validation::new(&[Algorithm::HS384])).unwrap_err(),
        Error::AlgorithmNotAllowed(Algorithm::HS256)
    );

    // Not a token: InvalidToken there, Malformed here.
    assert_eq!(
        their_decode("not-a-token", &theirs()).unwrap_err(),
        ErrorKind::InvalidToken
    );
    assert!(matches!(
        our_verify("not-a-token", &ours()),
        Err(Error::Malformed(_))
    ));

    // A wrong issuer: InvalidIssuer on both sides; jot's kind() is the
    // stable string the CLI prints.
    let token = their_token(&json!({"iss": "https://evil.example", "exp": now() + 600}));
    let mut v = theirs();
    v.set_issuer(&["https://issuer.example"]);
    assert_eq!(
        their_decode(&token, &v).unwrap_err(),
        ErrorKind::InvalidIssuer
    );
    let err = our_verify(&token, &ours().issuer("https://issuer.example")).unwrap_err();
    assert_eq!(err, Error::InvalidIssuer);
    assert_eq!(err.kind(), "issuer");
}

// ---------------------------------------------- behaviours that differ

/// Leeway: 60 s by default there, 0 here (at most 300, `MAX_LEEWAY`).
#[test]
fn differs_leeway_default() {
    let token = their_token(&json!({"sub": "a", "exp": now() - 30}));
    // jsonwebtoken accepts a token that expired 30 seconds ago...
    assert!(their_decode(&token, &theirs()).is_ok());
    // ...and refuses it with its leeway set to 0.
    let mut strict = theirs();
    strict.leeway = 0;
    assert_eq!(
        their_decode(&token, &strict).unwrap_err(),
        ErrorKind::ExpiredSignature
    );
    // jot refuses it by default, and accepts it with a leeway opted into.
    assert_eq!(our_verify(&token, &ours()).unwrap_err(), Error::Expired);
    assert!(our_verify(&token, &ours().leeway(60)).is_ok());
    // A leeway beyond 5 minutes is clamped: skew, not a longer lifetime.
    let old = their_token(&json!({"sub": "a", "exp": now() - 600}));
    assert_eq!(
        our_verify(&old, &ours().leeway(3600)).unwrap_err(),
        Error::Expired
    );
    let mut lax = theirs();
    lax.leeway = 3600;
    assert!(their_decode(&old, &lax).is_ok());
}

/// `nbf`: ignored by default there (`validate_nbf: false`), always checked here.
#[test]
fn differs_nbf() {
    let token = their_token(&json!({"sub": "a", "nbf": now() + 3600, "exp": now() + 7200}));
    assert!(their_decode(&token, &theirs()).is_ok());
    let mut checked = theirs();
    checked.validate_nbf = true;
    assert_eq!(
        their_decode(&token, &checked).unwrap_err(),
        ErrorKind::ImmatureSignature
    );
    assert_eq!(our_verify(&token, &ours()).unwrap_err(), Error::NotYetValid);
}

/// `aud` (and `iss`, `sub`): configured there, the claim is checked only
/// when present; configured here, it is required. With none configured,
/// both refuse a token that has an `aud` (RFC 7519 §4.1.3).
#[test]
fn differs_aud_and_iss_required_when_configured() {
    let no_aud = their_token(&json!({"sub": "a", "exp": now() + 600}));
    let mut v = theirs();
    v.set_audience(&["api"]);
    assert!(their_decode(&no_aud, &v).is_ok());
    let err = our_verify(&no_aud, &ours().audience("api")).unwrap_err();
    assert_eq!(err.kind(), "missing_claim", "{err}");
    assert!(err.to_string().contains("aud"), "{err}");
    // jsonwebtoken's way to require it: required_spec_claims.
    v.set_required_spec_claims(&["exp", "aud"]);
    assert_eq!(
        their_decode(&no_aud, &v).unwrap_err(),
        ErrorKind::MissingRequiredClaim("aud".into())
    );

    let mut v = theirs();
    v.set_issuer(&["https://issuer.example"]);
    assert!(their_decode(&no_aud, &v).is_ok());
    let err = our_verify(&no_aud, &ours().issuer("https://issuer.example")).unwrap_err();
    assert_eq!(err.kind(), "missing_claim", "{err}");

    // The same on both sides: an aud for someone else, or an aud when the
    // verifier names none.
    let other = their_token(&json!({"sub": "a", "aud": "other", "exp": now() + 600}));
    let mut v = theirs();
    v.set_audience(&["api"]);
    assert_eq!(
        their_decode(&other, &v).unwrap_err(),
        ErrorKind::InvalidAudience
    );
    assert_eq!(
        our_verify(&other, &ours().audience("api")).unwrap_err(),
        Error::InvalidAudience
    );
    assert_eq!(
        their_decode(&other, &theirs()).unwrap_err(),
        ErrorKind::InvalidAudience
    );
    assert_eq!(
        our_verify(&other, &ours()).unwrap_err(),
        Error::InvalidAudience
    );
    // Turning the check off: `validate_aud = false` there, `ignore_audience()` here.
    let mut off = theirs();
    off.validate_aud = false;
    assert!(their_decode(&other, &off).is_ok());
    assert!(our_verify(&other, &ours().ignore_audience()).is_ok());
}

/// `exp`: required by both by default; turned off with
/// `required_spec_claims` there, `allow_missing_exp()` here. A mistyped
/// `exp` reads as "missing" there (and passes once not required); here it
/// is malformed whatever is required.
#[test]
fn differs_required_exp() {
    let no_exp = their_token(&json!({"sub": "a"}));
    assert_eq!(
        their_decode(&no_exp, &theirs()).unwrap_err(),
        ErrorKind::MissingRequiredClaim("exp".into())
    );
    let err = our_verify(&no_exp, &ours()).unwrap_err();
    assert_eq!(err.kind(), "missing_claim", "{err}");
    assert!(err.to_string().contains("exp"), "{err}");

    let mut optional = theirs();
    optional.required_spec_claims.clear();
    assert!(their_decode(&no_exp, &optional).is_ok());
    assert!(our_verify(&no_exp, &ours().allow_missing_exp()).is_ok());

    // An expiry written as a string (long past, too).
    let mistyped = their_token(&json!({"sub": "a", "exp": "1000000000"}));
    assert_eq!(
        their_decode(&mistyped, &theirs()).unwrap_err(),
        ErrorKind::MissingRequiredClaim("exp".into())
    );
    assert!(their_decode(&mistyped, &optional).is_ok());
    for v in [ours(), ours().allow_missing_exp()] {
        let err = our_verify(&mistyped, &v).unwrap_err();
        assert!(matches!(err, Error::Malformed(_)), "{err:?}");
    }
}

/// Short HMAC keys: jsonwebtoken signs and verifies with any secret, such as
/// jwt.io's 19-byte `your-256-bit-secret`; jot refuses a key shorter than
/// the hash (RFC 7518 §3.2), when signing and when verifying.
#[test]
fn differs_short_keys() {
    let short = b"your-256-bit-secret";
    assert_eq!(short.len(), 19);
    let token = jwt9::encode(
        &jwt9::Header::new(jwt9::Algorithm::HS256),
        &json!({"sub": "1234567890", "exp": now() + 600}),
        &jwt9::EncodingKey::from_secret(short),
    )
    .unwrap();
    assert!(
        jwt9::decode::<Value>(&token, &jwt9::DecodingKey::from_secret(short), &theirs()).is_ok()
    );
    // Even an empty secret.
    assert!(jwt9::encode(
        &jwt9::Header::new(jwt9::Algorithm::HS256),
        &json!({}),
        &jwt9::EncodingKey::from_secret(b"")
    )
    .is_ok());

    for err in [
        SigningKey::hmac(Algorithm::HS256, short).unwrap_err(),
        VerifyingKey::hmac(Algorithm::HS256, short).unwrap_err(),
        VerifyingKey::hmac(Algorithm::HS256, b"").unwrap_err(),
    ] {
        assert!(matches!(err, Error::KeyRejected(_)), "{err:?}");
        assert_eq!(err.kind(), "key");
    }
    // 32 bytes for HS256, 48 for HS384, 64 for HS512.
    assert!(VerifyingKey::hmac(Algorithm::HS256, &[1u8; 32]).is_ok());
    assert!(VerifyingKey::hmac(Algorithm::HS384, &[1u8; 32]).is_err());
    assert!(VerifyingKey::hmac(Algorithm::HS384, &[1u8; 48]).is_ok());
    assert!(VerifyingKey::hmac(Algorithm::HS512, &[1u8; 63]).is_err());
}

/// `exp == now`: RFC 7519 §4.1.4 says "on or after", so jot calls it
/// expired; jsonwebtoken (`exp < now - leeway`) accepts it even with a
/// leeway of 0. Both check against the system clock within one second; if
/// the second changes during a try, the try is repeated.
#[test]
fn differs_exp_equal_to_now() {
    let mut strict = theirs();
    strict.leeway = 0;
    for _ in 0..20 {
        let t = now();
        let token = their_token(&json!({"sub": "a", "exp": t}));
        let theirs_result = their_decode(&token, &strict);
        let ours_result = our_verify(&token, &ours());
        if now() != t {
            continue; // the clock moved on: not `exp == now` any more
        }
        assert!(theirs_result.is_ok(), "{theirs_result:?}");
        assert_eq!(ours_result.unwrap_err(), Error::Expired);
        // One second earlier, jot accepts it too.
        assert!(our_verify(&token, &ours().now(t - 1)).is_ok());
        return;
    }
    panic!("the clock changed second during each of 20 tries");
}

/// An unknown `crit` extension: jsonwebtoken does not look at `crit`;
/// jot refuses what it does not understand (RFC 7515 §4.1.11).
#[test]
fn differs_crit() {
    // jsonwebtoken 9's Header has no `crit` field; build the header by hand.
    let header_json = json!({"alg": "HS256", "crit": ["exp-v2"], "exp-v2": 1});
    let payload = json!({"sub": "a", "exp": now() + 600});
    let signing_input = format!(
        "{}.{}",
        jot::b64::encode(header_json.to_string().as_bytes()),
        jot::b64::encode(payload.to_string().as_bytes())
    );
    let signer = SigningKey::hmac(Algorithm::HS256, SECRET).unwrap();
    let sig = signer.sign(signing_input.as_bytes()).unwrap();
    let token = format!("{signing_input}.{}", jot::b64::encode(&sig));

    assert!(their_decode(&token, &theirs()).is_ok());
    let err = our_verify(&token, &ours()).unwrap_err();
    assert_eq!(err, Error::CritNotUnderstood("exp-v2".into()));
}

/// A private key given to a verifier: jsonwebtoken's `DecodingKey::from_jwk`
/// drops `d` and verifies; jot refuses it, so a verifier configured with the
/// signing key is noticed (pass `Jwk::to_public`).
#[test]
fn differs_private_key_to_verifier() {
    let private = jot::Jwk::generate(Algorithm::ES256).unwrap();
    let signer = SigningKey::from_jwk(&private, Algorithm::ES256).unwrap();
    let token = jwt::encode(
        &jot::jws::Header::jwt(&signer),
        &json!({"sub": "a", "exp": now() + 600}),
        &signer,
    )
    .unwrap();

    let their_jwk: jwt9::jwk::Jwk = serde_json::from_str(&private.to_json()).unwrap();
    let their_key = jwt9::DecodingKey::from_jwk(&their_jwk).unwrap();
    assert!(jwt9::decode::<Value>(
        &token,
        &their_key,
        &jwt9::Validation::new(jwt9::Algorithm::ES256)
    )
    .is_ok());

    let err = VerifyingKey::from_jwk(&private, Algorithm::ES256).unwrap_err();
    assert_eq!(err.kind(), "key", "{err}");
    assert!(matches!(err, Error::KeyRejected(_)), "{err:?}");
    let public = VerifyingKey::from_jwk(&private.to_public().unwrap(), Algorithm::ES256).unwrap();
    let validation = Validation::new(&[Algorithm::ES256]);
    assert!(jwt::verify::<Value>(&token, &public, &validation).is_ok());
}
