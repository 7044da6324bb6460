//! Parser targets: never panic; what parses round-trips.

use super::*;

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
pub(super) fn check_jwk(jwk: &Jwk) {
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
