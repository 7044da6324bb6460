//! One test (or more) per row of SECURITY.md that concerns JWS, JWK and JWA.
//! The JWT rows (23-29) are in `tests/jwt.rs`. One file on purpose: one
//! test per row, in row order, so the catalogue and its tests read side by side.
//!
//! Tokens are forged by hand here, the way an attacker would: arbitrary
//! header text, arbitrary payload text, and a MAC or signature from a key
//! the attacker holds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jot::{
    b64, jws, Algorithm, Error, Jwk, JwkSet, KeyRejected, Malformed, Part, SigningKey, VerifyingKey,
};

const SECRET: [u8; 32] = *b"0123456789abcdef0123456789abcdef";
const EC_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const EC_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const ED_PRIVATE: &str = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const RSA_PRIVATE: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB","d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ","p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc","q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc","dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0","dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU","qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"}"#;

fn hs_signer() -> SigningKey {
    SigningKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn hs_key() -> VerifyingKey {
    VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn public(json: &str) -> Jwk {
    Jwk::from_json(json).unwrap().to_public().unwrap()
}

/// Builds `b64(header).b64(payload).b64(sig)` with `signer` over the exact text given.
fn forge(header: &str, payload: &[u8], signer: &SigningKey) -> String {
    let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
    let sig = signer.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64::encode(sig))
}

/// A forged HS256 token with a raw (not base64url-encoded) payload segment.
fn forge_raw_payload(header: &str, payload_segment: &str, signer: &SigningKey) -> String {
    let input = format!("{}.{payload_segment}", b64::encode(header));
    let sig = signer.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64::encode(sig))
}

fn verify_hs(token: &str) -> Result<jws::Verified, Error> {
    jws::verify(token, &hs_key(), &[Algorithm::HS256])
}

fn good() -> String {
    forge(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        br#"{"sub":"a"}"#,
        &hs_signer(),
    )
}

#[test]
fn baseline_forged_token_verifies() {
    assert_eq!(verify_hs(&good()).unwrap().payload, br#"{"sub":"a"}"#);
}

// Row 1: alg none in any case, with or without a signature.
#[test]
fn row01_alg_none_is_always_rejected() {
    let p = b64::encode(br#"{"sub":"a"}"#);
    for (alg, want) in [
        ("none", Error::UnsecuredJwsRejected),
        ("None", Error::UnsupportedAlgorithm("None".into())),
        ("NONE", Error::UnsupportedAlgorithm("NONE".into())),
        ("nOnE", Error::UnsupportedAlgorithm("nOnE".into())),
    ] {
        let h = b64::encode(format!(r#"{{"alg":"{alg}"}}"#));
        assert_eq!(
            verify_hs(&format!("{h}.{p}.")).err(),
            Some(want.clone()),
            "{alg}"
        );
        assert_eq!(
            verify_hs(&format!("{h}.{p}.{}", b64::encode([1u8; 32]))).err(),
            Some(want),
            "{alg}"
        );
    }
    // There is no Algorithm::None, so no allow-list can hold it.
    assert!(Algorithm::ALL.iter().all(|a| a.name() != "none"));
}

// Row 2: alg missing, empty, null, array, number, object, wrong case, padded, unregistered.
#[test]
fn row02_alg_must_be_an_exact_supported_string() {
    for header in [
        r#"{}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{"alg":256}"#,
        r#"{"alg":{}}"#,
    ] {
        let t = forge(header, b"{}", &hs_signer());
        assert!(
            matches!(
                verify_hs(&t),
                Err(Error::Malformed(Malformed::Member { name: "alg", .. }))
            ),
            "{header}"
        );
    }
    for alg in ["", "hs256", "HS256 ", " HS256", "HS224", "Hs256"] {
        let t = forge(&format!(r#"{{"alg":"{alg}"}}"#), b"{}", &hs_signer());
        assert!(
            matches!(verify_hs(&t), Err(Error::UnsupportedAlgorithm(_))),
            "{alg:?}"
        );
    }
}

// Row 3: HS/RS key confusion: HMAC keyed with the verifier's public key, in every spelling.
#[test]
fn row03_public_key_bytes_never_become_an_hmac_secret() {
    let ec = VerifyingKey::from_jwk(&public(EC_PUBLIC), Algorithm::ES256).unwrap();
    let rsa_public = public(RSA_PRIVATE);
    let rsa = VerifyingKey::from_jwk(&rsa_public, Algorithm::RS256).unwrap();
    let x = b64::decode("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", Part::Key).unwrap();
    let n = b64::decode(rsa_public.n.as_deref().unwrap(), Part::Key).unwrap();
    let spellings: Vec<Vec<u8>> = vec![
        EC_PUBLIC.as_bytes().to_vec(),
        rsa_public.to_json().into_bytes(),
        x,
        n,
    ];
    for secret in spellings {
        let Ok(attacker) = SigningKey::hmac(Algorithm::HS256, &secret) else {
            continue;
        };
        let t = forge(r#"{"alg":"HS256"}"#, b"{}", &attacker);
        let mixed = [Algorithm::ES256, Algorithm::RS256, Algorithm::HS256];
        assert_eq!(
            jws::verify(&t, &ec, &mixed).err(),
            Some(KeyRejected::WrongAlgorithm.into())
        );
        assert_eq!(
            jws::verify(&t, &rsa, &mixed).err(),
            Some(KeyRejected::WrongAlgorithm.into())
        );
    }
    // The same through a JWK Set: no oct key, so no HS256 key to select.
    let set = JwkSet::from_json(&format!(r#"{{"keys":[{EC_PUBLIC}]}}"#)).unwrap();
    let attacker = SigningKey::hmac(Algorithm::HS256, EC_PUBLIC.as_bytes()).unwrap();
    let t = forge(r#"{"alg":"HS256"}"#, b"{}", &attacker);
    assert_eq!(
        jws::verify(&t, &set, &Algorithm::ALL).err(),
        Some(Error::NoMatchingKey)
    );
}

// Row 4: alg or curve substitution within a family.
#[test]
fn row04_alg_fixes_hash_padding_and_curve() {
    let ec = public(EC_PUBLIC);
    assert_eq!(
        VerifyingKey::from_jwk(&ec, Algorithm::ES384).err(),
        Some(KeyRejected::WrongAlgorithm.into())
    );
    // A PKCS#1 v1.5 signature presented as PS256, and an RS256 signature as RS512.
    let signer =
        SigningKey::from_jwk(&Jwk::from_json(RSA_PRIVATE).unwrap(), Algorithm::RS256).unwrap();
    let rs256 = forge(r#"{"alg":"RS256"}"#, b"{}", &signer);
    let (_, rest) = rs256.split_once('.').unwrap();
    for (alg, want) in [(Algorithm::PS256, "PS256"), (Algorithm::RS512, "RS512")] {
        let key = VerifyingKey::from_jwk(&public(RSA_PRIVATE), alg).unwrap();
        let swapped = format!("{}.{rest}", b64::encode(format!(r#"{{"alg":"{want}"}}"#)));
        assert_eq!(
            jws::verify(&swapped, &key, &[alg]).err(),
            Some(Error::InvalidSignature)
        );
    }
}

fn es256_key() -> VerifyingKey {
    VerifyingKey::from_jwk(&public(EC_PUBLIC), Algorithm::ES256).unwrap()
}

fn with_signature(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64::encode(sig))
}

// Row 5: ECDSA psychic signatures and out-of-range scalars.
#[test]
fn row05_ecdsa_r_s_zero_and_out_of_range() {
    let n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let t = forge(
        r#"{"alg":"ES256"}"#,
        b"{}",
        &SigningKey::from_jwk(&Jwk::from_json(EC_PRIVATE).unwrap(), Algorithm::ES256).unwrap(),
    );
    let mut cases = vec![vec![0u8; 64]];
    cases.push([n.clone(), n.clone()].concat()); // r = s = n
    cases.push([vec![0u8; 32], n.clone()].concat());
    cases.push([vec![0xffu8; 32], vec![0xffu8; 32]].concat());
    for sig in cases {
        assert_eq!(
            jws::verify(&with_signature(&t, &sig), &es256_key(), &[Algorithm::ES256]).err(),
            Some(Error::InvalidSignature)
        );
    }
}

// Row 6: ECDSA signatures in DER or of the wrong length.
#[test]
fn row06_ecdsa_fixed_length_only() {
    let signer =
        SigningKey::from_jwk(&Jwk::from_json(EC_PRIVATE).unwrap(), Algorithm::ES256).unwrap();
    let t = forge(r#"{"alg":"ES256"}"#, b"{}", &signer);
    let sig = b64::decode(t.rsplit('.').next().unwrap(), Part::Signature).unwrap();
    assert!(jws::verify(&t, &es256_key(), &[Algorithm::ES256]).is_ok());
    let (r, s) = sig.split_at(32);
    // The same r and s in DER: SEQUENCE { INTEGER r, INTEGER s }.
    let int = |v: &[u8]| {
        let mut v = v.to_vec();
        if v[0] & 0x80 != 0 {
            v.insert(0, 0);
        }
        [vec![0x02, v.len() as u8], v].concat()
    };
    let body = [int(r), int(s)].concat();
    let der = [vec![0x30, body.len() as u8], body].concat();
    let mut short = sig.clone();
    short.pop();
    let mut long = sig.clone();
    long.push(0);
    let padded = [vec![0], sig.clone()].concat();
    for bad in [der, short, long, padded, sig[..63].to_vec()] {
        assert_eq!(
            jws::verify(&with_signature(&t, &bad), &es256_key(), &[Algorithm::ES256]).err(),
            Some(Error::InvalidSignature)
        );
    }
}

// Row 7: Ed25519 non-canonical S, truncation, and small-order public keys.
#[test]
fn row07_ed25519_malleability_and_small_order_keys() {
    let signer =
        SigningKey::from_jwk(&Jwk::from_json(ED_PRIVATE).unwrap(), Algorithm::EdDSA).unwrap();
    let key = VerifyingKey::from_jwk(&public(ED_PRIVATE), Algorithm::EdDSA).unwrap();
    let t = forge(r#"{"alg":"EdDSA"}"#, b"{}", &signer);
    let sig = b64::decode(t.rsplit('.').next().unwrap(), Part::Signature).unwrap();
    // S + L, little endian.
    let l = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut s_plus_l = sig.clone();
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(s_plus_l[32 + i]) + u16::from(l[i]) + carry;
        s_plus_l[32 + i] = v as u8;
        carry = v >> 8;
    }
    for bad in [s_plus_l, sig[..63].to_vec(), vec![0; 64]] {
        assert_eq!(
            jws::verify(&with_signature(&t, &bad), &key, &[Algorithm::EdDSA]).err(),
            Some(Error::InvalidSignature)
        );
    }
    // The identity key: R = identity, S = 0 would verify every message.
    let identity = format!(
        r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#,
        b64::encode(hex(
            "0100000000000000000000000000000000000000000000000000000000000000"
        ))
    );
    assert!(matches!(
        Jwk::from_json(&identity),
        Err(Error::KeyRejected(KeyRejected::Weak(_)))
    ));
}

// Row 8: RSA signatures must be exactly k bytes.
#[test]
fn row08_rsa_signature_length_is_the_modulus_length() {
    let signer =
        SigningKey::from_jwk(&Jwk::from_json(RSA_PRIVATE).unwrap(), Algorithm::RS256).unwrap();
    let key = VerifyingKey::from_jwk(&public(RSA_PRIVATE), Algorithm::RS256).unwrap();
    let t = forge(r#"{"alg":"RS256"}"#, b"{}", &signer);
    assert!(jws::verify(&t, &key, &[Algorithm::RS256]).is_ok());
    let sig = b64::decode(t.rsplit('.').next().unwrap(), Part::Signature).unwrap();
    assert_eq!(sig.len(), 256);
    let padded = [vec![0], sig.clone()].concat();
    for bad in [padded, sig[1..].to_vec(), sig[..255].to_vec()] {
        assert_eq!(
            jws::verify(&with_signature(&t, &bad), &key, &[Algorithm::RS256]).err(),
            Some(Error::InvalidSignature)
        );
    }
}

// Row 9: RSA keys under 2048 bits and weak exponents are refused at import.
#[test]
fn row09_weak_rsa_keys_refused() {
    let mut jwk = public(RSA_PRIVATE);
    let n = b64::decode(jwk.n.as_deref().unwrap(), Part::Key).unwrap();
    jwk.n = Some(b64::encode(&n[..128])); // 1024 bits, still odd
    let too_small = |bits| KeyRejected::TooSmall {
        alg: None,
        min: 2048,
        actual: bits,
    };
    assert_eq!(jwk.check().err(), Some(too_small(1024).into()));
    let mut n2040 = n.clone();
    n2040[0] = 0x7f; // 2047 bits
    jwk.n = Some(b64::encode(&n2040));
    assert_eq!(jwk.check().err(), Some(too_small(2047).into()));
    jwk.n = Some(b64::encode(&n));
    for e in [vec![1u8], vec![2], vec![0x01, 0x00, 0x00], vec![0, 1, 0, 1]] {
        jwk.e = Some(b64::encode(&e));
        assert!(jwk.check().is_err(), "e = {e:?}");
    }
}

// Row 10: PSS salt must be the hash length: ring only verifies salt = hLen,
// and the Wycheproof PS256/PS384/PS512 cases with other salts run in tests/wycheproof.rs.
#[test]
fn row10_pss_round_trips_and_rejects_pkcs1() {
    let signer =
        SigningKey::from_jwk(&Jwk::from_json(RSA_PRIVATE).unwrap(), Algorithm::PS256).unwrap();
    let key = VerifyingKey::from_jwk(&public(RSA_PRIVATE), Algorithm::PS256).unwrap();
    let t = forge(r#"{"alg":"PS256"}"#, b"{}", &signer);
    assert!(jws::verify(&t, &key, &[Algorithm::PS256]).is_ok());
}

// Row 11: signature stripping, truncation, extension, bit flips, wrong secret.
#[test]
fn row11_signature_stripping() {
    let t = good();
    let (input, sig) = t.rsplit_once('.').unwrap();
    let mac = b64::decode(sig, Part::Signature).unwrap();
    assert_eq!(
        verify_hs(&format!("{input}.")).err(),
        Some(Error::InvalidSignature)
    );
    assert_eq!(verify_hs(input).err(), Some(Malformed::SegmentCount.into()));
    for bad in [
        mac[..31].to_vec(),
        mac[..1].to_vec(),
        [mac.clone(), vec![0]].concat(),
    ] {
        assert_eq!(
            verify_hs(&with_signature(&t, &bad)).err(),
            Some(Error::InvalidSignature)
        );
    }
    for i in 0..mac.len() {
        let mut flipped = mac.clone();
        flipped[i] ^= 1;
        assert_eq!(
            verify_hs(&with_signature(&t, &flipped)).err(),
            Some(Error::InvalidSignature)
        );
    }
    let other = VerifyingKey::hmac(Algorithm::HS256, &[b'x'; 32]).unwrap();
    assert_eq!(
        jws::verify(&t, &other, &[Algorithm::HS256]).err(),
        Some(Error::InvalidSignature)
    );
}

// Row 12: short and empty HMAC keys.
#[test]
fn row12_short_hmac_keys_refused() {
    for (alg, len, min) in [
        (Algorithm::HS256, 31, 32),
        (Algorithm::HS384, 47, 48),
        (Algorithm::HS512, 63, 64),
        (Algorithm::HS256, 0, 32),
    ] {
        let too_small = KeyRejected::TooSmall {
            alg: Some(alg),
            min,
            actual: len,
        };
        assert_eq!(
            VerifyingKey::hmac(alg, &vec![7; len]).err(),
            Some(too_small.clone().into())
        );
        assert_eq!(
            SigningKey::hmac(alg, &vec![7; len]).err(),
            Some(too_small.into())
        );
    }
    assert!(SigningKey::hmac(Algorithm::HS256, b"secret").is_err());
    let empty = Jwk {
        kty: "oct".into(),
        k: Some(String::new()),
        ..Jwk::default()
    };
    assert!(empty.check().is_err());
}

// Rows 13 and 14: embedded jwk, jku, x5u, x5c are never used.
#[test]
fn row13_row14_header_keys_and_urls_are_ignored() {
    let attacker = SigningKey::hmac(Algorithm::HS256, &[b'a'; 32]).unwrap();
    let attacker_jwk = format!(r#"{{"kty":"oct","k":"{}"}}"#, b64::encode([b'a'; 32]));
    for header in [
        format!(r#"{{"alg":"HS256","jwk":{attacker_jwk}}}"#),
        r#"{"alg":"HS256","jku":"http://127.0.0.1:9/jwks.json"}"#.to_string(),
        r#"{"alg":"HS256","x5u":"http://127.0.0.1:9/cert.pem"}"#.to_string(),
        r#"{"alg":"HS256","x5c":["MIIB"]}"#.to_string(),
    ] {
        let t = forge(&header, b"{}", &attacker);
        assert_eq!(
            verify_hs(&t).err(),
            Some(Error::InvalidSignature),
            "{header}"
        );
    }
    // With the configured key the same header members are inert.
    let t = forge(
        &format!(r#"{{"alg":"HS256","jwk":{attacker_jwk}}}"#),
        b"{}",
        &hs_signer(),
    );
    assert!(verify_hs(&t).is_ok());
}

// Row 15: kid is only an exact-match selector; a non-string kid is malformed.
#[test]
fn row15_kid_injection() {
    let set = JwkSet::from_json(&format!(
        r#"{{"keys":[{{"kty":"oct","kid":"k1","k":"{}"}}]}}"#,
        b64::encode(SECRET)
    ))
    .unwrap();
    for kid in [
        "../../dev/null",
        "k1' OR '1'='1",
        "K1",
        "k1 ",
        "",
        "/etc/passwd",
    ] {
        let t = forge(
            &format!(
                r#"{{"alg":"HS256","kid":{}}}"#,
                serde_json::Value::from(kid)
            ),
            b"{}",
            &hs_signer(),
        );
        assert_eq!(
            jws::verify(&t, &set, &[Algorithm::HS256]).err(),
            Some(Error::NoMatchingKey),
            "{kid}"
        );
    }
    let t = forge(r#"{"alg":"HS256","kid":"k1"}"#, b"{}", &hs_signer());
    assert!(jws::verify(&t, &set, &[Algorithm::HS256]).is_ok());
    for kid in ["1", "null", "[\"k1\"]", "{}"] {
        let t = forge(
            &format!(r#"{{"alg":"HS256","kid":{kid}}}"#),
            b"{}",
            &hs_signer(),
        );
        assert!(matches!(
            jws::verify(&t, &set, &[Algorithm::HS256]),
            Err(Error::Malformed(Malformed::Member { name: "kid", .. }))
        ));
    }
}

// Row 16: crit.
#[test]
fn row16_crit() {
    let cases = [
        (
            r#"{"alg":"HS256","crit":["x"],"x":1}"#,
            Error::CritNotUnderstood("x".into()),
        ),
        (
            r#"{"alg":"HS256","crit":["x"]}"#,
            Error::CritInvalid("lists a header parameter that is absent"),
        ),
        (
            r#"{"alg":"HS256","crit":"x","x":1}"#,
            Error::CritInvalid("must be an array"),
        ),
        (
            r#"{"alg":"HS256","crit":[]}"#,
            Error::CritInvalid("must not be an empty list"),
        ),
        (
            r#"{"alg":"HS256","crit":["alg"]}"#,
            Error::CritInvalid("must not list registered header parameters"),
        ),
        (
            r#"{"alg":"HS256","crit":[1]}"#,
            Error::CritInvalid("entries must be strings"),
        ),
    ];
    for (header, want) in cases {
        assert_eq!(
            verify_hs(&forge(header, b"{}", &hs_signer())).err(),
            Some(want),
            "{header}"
        );
    }
}

// Row 17: b64 false, with and without crit.
#[test]
fn row17_unencoded_payload_is_not_honoured() {
    let with_crit = forge_raw_payload(
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        "$02",
        &hs_signer(),
    );
    assert_eq!(
        verify_hs(&with_crit).err(),
        Some(Error::CritNotUnderstood("b64".into()))
    );
    // Without crit, b64 is ignored, so the raw segment must be base64url and is not.
    let lone = forge_raw_payload(r#"{"alg":"HS256","b64":false}"#, "$.02", &hs_signer());
    assert_eq!(verify_hs(&lone).err(), Some(Malformed::SegmentCount.into()));
    let lone = forge_raw_payload(r#"{"alg":"HS256","b64":false}"#, "$02 pay", &hs_signer());
    assert_eq!(
        verify_hs(&lone).err(),
        Some(Malformed::Base64(Part::Payload).into())
    );
}

// Row 18: duplicate header members.
#[test]
fn row18_duplicate_header_members() {
    for header in [
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"HS256","kid":"a","kid":"b"}"#,
        r#"{"alg":"HS256","x":{"y":1,"y":2}}"#,
    ] {
        assert_eq!(
            verify_hs(&forge(header, b"{}", &hs_signer())).err(),
            Some(Malformed::DuplicateMember(Part::Header).into())
        );
    }
}

// Row 19: non-canonical base64url anywhere in the token.
#[test]
fn row19_non_canonical_base64url() {
    let t = good();
    let parts: Vec<&str> = t.split('.').collect();
    for (i, part) in [Part::Header, Part::Payload, Part::Signature]
        .into_iter()
        .enumerate()
    {
        for bad in [
            format!("{}=", parts[i]),
            format!("{} ", parts[i]),
            format!("{}\n", parts[i]),
            format!("{}\r\n", parts[i]),
            format!(" {}", parts[i]),
        ] {
            let mut p = parts.clone();
            p[i] = &bad;
            let token = p.join(".");
            let want: Error = Malformed::Base64(part).into();
            let got = verify_hs(&token).err();
            // A bad header or signature segment fails decoding; the signature
            // also covers header and payload, so a changed one may fail there first.
            assert!(
                got == Some(want.clone()) || got == Some(Error::InvalidSignature),
                "{part:?} {bad:?}: {got:?}"
            );
        }
    }
    // + and / of plain base64, and non-zero trailing bits, in a signed payload.
    for payload in ["e30+", "e30/", "AB", "QR"] {
        let t = forge_raw_payload(r#"{"alg":"HS256"}"#, payload, &hs_signer());
        assert_eq!(
            verify_hs(&t).err(),
            Some(Malformed::Base64(Part::Payload).into()),
            "{payload}"
        );
    }
    assert_eq!(
        verify_hs(&format!(" {t}")).err().map(|e| e.kind()),
        Some("malformed")
    );
    assert_eq!(
        verify_hs(&format!("{t}\n")).err().map(|e| e.kind()),
        Some("malformed")
    );
}

// Row 20: segment counts, JWE, JSON serialization, polyglots, dots.
#[test]
fn row20_segment_count() {
    let t = good();
    for bad in [
        String::new(),
        "..".into(),
        format!("{t}."),
        format!("{t}.x"),
        "a.b.c.d.e".into(),
        t.rsplit_once('.').unwrap().0.into(),
    ] {
        assert!(
            matches!(verify_hs(&bad), Err(Error::Malformed(_))),
            "{bad:?}"
        );
    }
    let json = r#"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"x"}"#;
    assert_eq!(verify_hs(json).err(), Some(Malformed::NotCompactJws.into()));
    let dots = ".".repeat(100_000);
    assert_eq!(
        verify_hs(&dots).err(),
        Some(
            Malformed::TooLarge {
                limit: jws::DEFAULT_MAX_TOKEN_LEN
            }
            .into()
        )
    );
    let dots = ".".repeat(60_000);
    assert_eq!(verify_hs(&dots).err(), Some(Malformed::SegmentCount.into()));
}

// Row 21: invalid JSON in the header.
#[test]
fn row21_strict_json_header() {
    for header in [
        r#"{"alg":"HS256"} x"#,
        r#"{"alg":"HS256",}"#,
        r#"{/*c*/"alg":"HS256"}"#,
        r#"{"alg":"HS256","n":NaN}"#,
        "\u{feff}{\"alg\":\"HS256\"}",
        r#"["alg","HS256"]"#,
        r#""HS256""#,
    ] {
        let got = verify_hs(&forge(header, b"{}", &hs_signer())).err();
        assert!(
            matches!(got, Some(Error::Malformed(_))),
            "{header:?}: {got:?}"
        );
    }
}

// Row 22: invalid UTF-8 in the header.
#[test]
fn row22_strict_utf8_header() {
    for bytes in [
        &b"{\"alg\":\"HS256\",\"x\":\"\xff\xfe\"}"[..],
        b"{\"alg\":\"HS256\",\"x\":\"\xc0\xaf\"}",
        b"{\"alg\":\"HS256\",\"x\":\"\x80\"}",
    ] {
        let input = format!("{}.{}", b64::encode(bytes), b64::encode(b"{}"));
        let sig = hs_signer().sign(input.as_bytes()).unwrap();
        let t = format!("{input}.{}", b64::encode(sig));
        assert_eq!(
            verify_hs(&t).err(),
            Some(Malformed::Utf8(Part::Header).into())
        );
    }
    let t = forge(r#"{"alg":"HS256","x":"\ud800"}"#, b"{}", &hs_signer());
    assert!(matches!(
        verify_hs(&t),
        Err(Error::Malformed(Malformed::Json { .. }))
    ));
}

// Row 30: weak or inconsistent JWKs.
#[test]
fn row30_weak_or_inconsistent_jwks() {
    let ec = public(EC_PUBLIC);
    let with = |f: &dyn Fn(&mut Jwk)| {
        let mut j = ec.clone();
        f(&mut j);
        j
    };
    // Private members in a verification key.
    assert_eq!(
        VerifyingKey::from_jwk(&Jwk::from_json(EC_PRIVATE).unwrap(), Algorithm::ES256).err(),
        Some(KeyRejected::PrivateKeyNotAllowed.into())
    );
    // d from another key.
    let mut other_d = Jwk::from_json(EC_PRIVATE).unwrap();
    other_d.d = Some(b64::encode([1u8; 32]));
    assert!(SigningKey::from_jwk(&other_d, Algorithm::ES256).is_err());
    // Private members that do not belong to the public key are refused at import.
    assert!(matches!(
        Jwk::from_json(&other_d.to_json()),
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
    ));
    let mut rsa = Jwk::from_json(RSA_PRIVATE).unwrap();
    std::mem::swap(&mut rsa.p, &mut rsa.dp);
    assert!(matches!(
        rsa.check(),
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
    ));
    let mut ed = Jwk::from_json(ED_PRIVATE).unwrap();
    ed.d = Some(b64::encode([9u8; 32]));
    assert!(matches!(
        ed.check(),
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
    ));
    let bind = |j: &Jwk| VerifyingKey::from_jwk(j, Algorithm::ES256).err();
    assert_eq!(
        bind(&with(&|j| j.alg = Some("ES384".into()))),
        Some(KeyRejected::WrongAlgorithm.into())
    );
    assert_eq!(
        bind(&with(&|j| j.alg = Some("RS256".into()))),
        Some(KeyRejected::WrongAlgorithm.into())
    );
    assert_eq!(
        bind(&with(&|j| j.use_ = Some("enc".into()))),
        Some(KeyRejected::WrongUse.into())
    );
    assert_eq!(
        bind(&with(&|j| j.key_ops = Some(vec!["sign".into()]))),
        Some(KeyRejected::WrongUse.into())
    );
    // Point not on the curve; 33-byte x; a P-256 point labelled P-384.
    let off = with(&|j| j.y = Some(b64::encode([7u8; 32])));
    assert!(matches!(
        off.check(),
        Err(Error::KeyRejected(KeyRejected::Weak(_)))
    ));
    let long_x = with(&|j| j.x = Some(b64::encode([7u8; 33])));
    assert!(matches!(
        long_x.check(),
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
    ));
    let relabelled = with(&|j| j.crv = Some("P-384".into()));
    assert!(relabelled.check().is_err());
    // secp256k1, X25519 for EdDSA, no kty, k in plain base64.
    assert_eq!(
        with(&|j| j.crv = Some("secp256k1".into())).check().err(),
        Some(KeyRejected::UnsupportedCurve.into())
    );
    let x25519 = Jwk::from_json(
        r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#,
    );
    // A well-formed X25519 key parses (it is a JWE ECDH-ES key) but is never
    // an EdDSA key, for verifying or signing.
    let x25519 = x25519.unwrap();
    assert_eq!(
        VerifyingKey::from_jwk(&x25519, Algorithm::EdDSA).err(),
        Some(KeyRejected::UnsupportedCurve.into())
    );
    assert_eq!(
        SigningKey::from_jwk(&x25519, Algorithm::EdDSA).err(),
        Some(KeyRejected::UnsupportedCurve.into())
    );
    // An X25519 point of small order is refused when parsed.
    assert!(matches!(
        Jwk::from_json(
            r#"{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#
        ),
        Err(Error::KeyRejected(_))
    ));
    assert!(Jwk::from_json(r#"{"crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#).is_err());
    let std_b64 = Jwk::from_json(
        r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ+EstJQLr/T+1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow=="}"#,
    );
    assert!(matches!(
        std_b64,
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
    ));
}

// Row 31: size limits and nesting, checked before decoding.
#[test]
fn row31_bounded_work() {
    let big = format!(
        "{}.{}.x",
        b64::encode(r#"{"alg":"HS256"}"#),
        "A".repeat(1 << 20)
    );
    assert_eq!(
        verify_hs(&big).err(),
        Some(
            Malformed::TooLarge {
                limit: jws::DEFAULT_MAX_TOKEN_LEN
            }
            .into()
        )
    );
    let kid = format!(r#"{{"alg":"HS256","kid":"{}"}}"#, "k".repeat(256 * 1024));
    assert!(matches!(
        verify_hs(&forge(&kid, b"{}", &hs_signer())),
        Err(Error::Malformed(Malformed::TooLarge { .. }))
    ));
    let deep = format!(
        r#"{{"alg":"HS256","x":{}1{}}}"#,
        "[".repeat(1000),
        "]".repeat(1000)
    );
    assert_eq!(
        verify_hs(&forge(&deep, b"{}", &hs_signer())).err(),
        Some(Malformed::TooDeep(Part::Header).into())
    );
    // A larger limit is the caller's choice.
    let t = forge(r#"{"alg":"HS256"}"#, &vec![b'a'; 100_000], &hs_signer());
    assert!(verify_hs(&t).is_err());
    assert!(jws::verify_with_limit(&t, &hs_key(), &[Algorithm::HS256], 1 << 20).is_ok());
    // zip is never inflated: the payload comes back exactly as signed.
    let t = forge(r#"{"alg":"HS256","zip":"DEF"}"#, b"\x78\x9c", &hs_signer());
    assert_eq!(
        verify_hs(&t).map(|v| v.payload).ok(),
        Some(b"\x78\x9c".to_vec())
    );
}

// Row 32: MAC comparison is ring's constant-time one (the timing test is tests/timing.rs).
#[test]
fn row32_mac_errors_leak_nothing() {
    let t = good();
    let (_, sig) = t.rsplit_once('.').unwrap();
    let mut flipped = b64::decode(sig, Part::Signature).unwrap();
    flipped[0] ^= 1;
    let err = verify_hs(&with_signature(&t, &flipped)).unwrap_err();
    assert_eq!(err.to_string(), "invalid signature");
}

// Row 33: the signature covers the received bytes, never a re-serialization.
#[test]
fn row33_signature_over_received_bytes() {
    let t = forge(
        "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
        b"{}",
        &hs_signer(),
    );
    assert!(verify_hs(&t).is_ok());
    let (_, rest) = t.split_once('.').unwrap();
    let reserialized = format!("{}.{rest}", b64::encode(r#"{"typ":"JWT","alg":"HS256"}"#));
    assert_eq!(
        verify_hs(&reserialized).err(),
        Some(Error::InvalidSignature)
    );
}

#[test]
fn allow_list_is_enforced_before_key_selection() {
    assert_eq!(
        jws::verify(&good(), &hs_key(), &[]).err(),
        Some(Error::AlgorithmNotAllowed(Algorithm::HS256))
    );
    assert_eq!(
        jws::verify(&good(), &hs_key(), &[Algorithm::HS384]).err(),
        Some(Error::AlgorithmNotAllowed(Algorithm::HS256))
    );
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
