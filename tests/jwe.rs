//! JWE (RFC 7516) with dir and ECDH-ES: the RFC 7520 §5.6 and RFC 7518
//! Appendix C vectors, round trips for every supported combination, and one
//! test per rejection rule. Kept whole: the vectors, round trips and
//! rejections of one RFC, in its order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use jot::jwe::{
    self, Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, Header, KeyAlg,
};
use jot::{b64, jws, Algorithm, Error, Jwk, KeyRejected, Malformed, Part, VerifyingKey};
use serde_json::Value;

const ALL_ALGS: [KeyAlg; 2] = [KeyAlg::Dir, KeyAlg::EcdhEs];
const ALL_ENCS: [Enc; 2] = [Enc::A128GCM, Enc::A256GCM];

fn vector(rel: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test-vectors")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn dir_pair(enc: Enc) -> (EncryptionKey, DecryptionKey) {
    let secret: Vec<u8> = (0..enc.key_len()).map(|i| i as u8 * 7 + 1).collect();
    (
        EncryptionKey::dir(enc, &secret).unwrap(),
        DecryptionKey::dir(enc, &secret).unwrap(),
    )
}

fn dir_token(enc: Enc) -> (String, DecryptionKey) {
    let (ek, dk) = dir_pair(enc);
    (
        jwe::encrypt(&Header::for_key(&ek), b"hello jwe", &ek).unwrap(),
        dk,
    )
}

fn ecdh_token(curve: Curve, enc: Enc) -> (String, EphemeralDecryptionKey) {
    let recipient = EphemeralDecryptionKey::generate(curve, enc).unwrap();
    let sender = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, enc).unwrap();
    let token = jwe::encrypt(&Header::for_key(&sender), b"hello ecdh", &sender).unwrap();
    (token, recipient)
}

/// The token with its first segment replaced by `header_json`.
fn with_header(token: &str, header_json: &str) -> String {
    let (_, rest) = token.split_once('.').unwrap();
    format!("{}.{rest}", b64::encode(header_json))
}

fn header_json(token: &str) -> Value {
    let h = b64::decode(token.split('.').next().unwrap(), Part::Header).unwrap();
    serde_json::from_slice(&h).unwrap()
}

/// The token with segment `i` (0-4) replaced.
fn with_segment(token: &str, i: usize, new: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[i] = new;
    parts.join(".")
}

/// Flips one bit of the decoded segment `i`.
fn flip(token: &str, i: usize) -> String {
    let seg = token.split('.').nth(i).unwrap();
    let mut bytes = b64::decode(seg, Part::Token).unwrap();
    bytes[0] ^= 1;
    with_segment(token, i, &b64::encode(bytes))
}

mod rfc7520 {
    use super::*;

    #[test]
    fn s5_6_direct_encryption_using_aes_gcm() {
        let v = vector("rfc7520/jwe/5_6.direct_encryption_using_aes-gcm.json");
        let jwk = Jwk::from_json(&v["input"]["key"].to_string()).unwrap();
        let key = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A128GCM).unwrap();
        let token = v["output"]["compact"].as_str().unwrap();
        let opened = jwe::decrypt(token, &key, &[KeyAlg::Dir], &[Enc::A128GCM]).unwrap();
        assert_eq!(
            opened.plaintext,
            v["input"]["plaintext"].as_str().unwrap().as_bytes()
        );
        assert_eq!(
            opened.header.kid.as_deref(),
            v["encrypting_content"]["protected"]["kid"].as_str()
        );
        assert_eq!(
            (opened.header.alg, opened.header.enc),
            (KeyAlg::Dir, Enc::A128GCM)
        );
        // The published pieces are the ones jot split and used.
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts[2], v["generated"]["iv"].as_str().unwrap());
        assert_eq!(parts[4], v["encrypting_content"]["tag"].as_str().unwrap());
    }
}

mod rfc7518 {
    use super::*;

    #[test]
    fn appendix_c_concat_kdf() {
        let v = vector("rfc/rfc7518-c-ecdh-es.json");
        let bytes = |x: &Value| -> Vec<u8> {
            x.as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_u64().unwrap() as u8)
                .collect()
        };
        let z = bytes(&v["z"]);
        let apu = b64::decode(v["header"]["apu"].as_str().unwrap(), Part::Header).unwrap();
        let apv = b64::decode(v["header"]["apv"].as_str().unwrap(), Part::Header).unwrap();
        assert_eq!(apu, v["apu_decoded"].as_str().unwrap().as_bytes());
        assert_eq!(apv, v["apv_decoded"].as_str().unwrap().as_bytes());
        let bits = v["key_data_len_bits"].as_u64().unwrap() as usize;
        let derived = jwe::concat_kdf(
            &z,
            v["algorithm_id"].as_str().unwrap(),
            &apu,
            &apv,
            bits / 8,
        )
        .unwrap();
        assert_eq!(derived, bytes(&v["derived_key"]));
        assert_eq!(
            b64::encode(&derived),
            v["derived_key_b64u"].as_str().unwrap()
        );
    }

    #[test]
    fn appendix_c_header_parses_and_its_epk_is_usable() {
        let v = vector("rfc/rfc7518-c-ecdh-es.json");
        let h = Header::from_json(v["header"].to_string().as_bytes()).unwrap();
        assert_eq!((h.alg, h.enc), (KeyAlg::EcdhEs, Enc::A128GCM));
        assert_eq!(h.apu.as_deref(), Some(&b"Alice"[..]));
        // Bob's public key is a valid ECDH-ES recipient.
        let mut bob: Jwk = serde_json::from_value(v["bob_jwk"].clone()).unwrap();
        bob.d = None;
        assert!(EncryptionKey::from_jwk(&bob, KeyAlg::EcdhEs, Enc::A128GCM).is_ok());
    }
}

mod round_trips {
    use super::*;

    #[test]
    fn dir_every_enc() {
        for enc in ALL_ENCS {
            let (ek, dk) = dir_pair(enc);
            let header = Header::for_key(&ek).with_kid("k1").with_cty("text/plain");
            let token = jwe::encrypt(&header, b"dir plaintext", &ek).unwrap();
            assert_eq!(token.split('.').nth(1), Some(""), "empty encrypted key");
            let opened = jwe::decrypt(&token, &dk, &ALL_ALGS, &ALL_ENCS).unwrap();
            assert_eq!(opened.plaintext, b"dir plaintext");
            assert_eq!(opened.header, header);
        }
    }

    #[test]
    fn ecdh_es_every_curve_and_enc() {
        for curve in [Curve::P256, Curve::P384, Curve::X25519] {
            for enc in ALL_ENCS {
                let recipient = EphemeralDecryptionKey::generate(curve, enc).unwrap();
                let public = recipient.public_jwk().clone();
                assert_eq!(public.crv.as_deref(), Some(curve.name()));
                assert!(!public.is_private());
                let sender = EncryptionKey::from_jwk(&public, KeyAlg::EcdhEs, enc).unwrap();
                let header = Header::for_key(&sender).with_parties(*b"Alice", *b"Bob");
                let plaintext = format!("to {curve:?} with {enc}");
                let token = jwe::encrypt(&header, plaintext.as_bytes(), &sender).unwrap();
                let h = header_json(&token);
                assert_eq!(h["epk"]["crv"], curve.name());
                assert!(h["epk"].get("d").is_none());
                assert_eq!(h["apu"], "QWxpY2U");
                let opened =
                    jwe::decrypt_ephemeral(&token, recipient, &ALL_ALGS, &ALL_ENCS).unwrap();
                assert_eq!(opened.plaintext, plaintext.as_bytes(), "{curve:?} {enc}");
                assert_eq!(
                    opened.header.epk.as_ref().map(|e| e.kty.as_str()),
                    Some(curve.kty())
                );
            }
        }
    }

    #[test]
    fn each_message_gets_a_fresh_iv_and_epk() {
        let recipient = EphemeralDecryptionKey::generate(Curve::P256, Enc::A128GCM).unwrap();
        let sender =
            EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, Enc::A128GCM).unwrap();
        let a = jwe::encrypt(&Header::for_key(&sender), b"same", &sender).unwrap();
        let b = jwe::encrypt(&Header::for_key(&sender), b"same", &sender).unwrap();
        assert_ne!(header_json(&a)["epk"], header_json(&b)["epk"]);
        assert_ne!(a.split('.').nth(2), b.split('.').nth(2));
    }

    #[test]
    fn apu_apv_must_match_to_decrypt() {
        // apu/apv are in the AAD and in the KDF: changing them breaks both.
        let (token, recipient) = ecdh_token(Curve::X25519, Enc::A128GCM);
        let mut h = header_json(&token);
        h["apv"] = "Qm9i".into();
        let forged = with_header(&token, &h.to_string());
        assert_eq!(
            jwe::decrypt_ephemeral(&forged, recipient, &ALL_ALGS, &ALL_ENCS).err(),
            Some(Error::DecryptionFailed)
        );
    }
}

mod rejections {
    use super::*;

    fn dir_err(token: &str, key: &DecryptionKey) -> Error {
        jwe::decrypt(token, key, &ALL_ALGS, &ALL_ENCS).unwrap_err()
    }

    #[test]
    fn wrong_segment_count() {
        let (token, key) = dir_token(Enc::A128GCM);
        let (four, _) = token.rsplit_once('.').unwrap();
        let six = format!("{token}.AAAA");
        for bad in [four.to_string(), six] {
            assert_eq!(
                dir_err(&bad, &key),
                Error::Malformed(Malformed::SegmentCount)
            );
        }
    }

    #[test]
    fn size_limit_before_decoding() {
        let (_, key) = dir_token(Enc::A128GCM);
        let huge = "A".repeat(70_000) + "....";
        assert_eq!(
            dir_err(&huge, &key),
            Error::Malformed(Malformed::TooLarge { limit: 64 * 1024 })
        );
    }

    #[test]
    fn bad_base64_in_every_segment() {
        let (token, key) = dir_token(Enc::A128GCM);
        let header = token.split('.').next().unwrap();
        assert_eq!(
            dir_err(&with_segment(&token, 0, &format!("{header}=")), &key),
            Error::Malformed(Malformed::Base64(Part::Header))
        );
        for i in [2, 3, 4] {
            let seg = token.split('.').nth(i).unwrap().to_string();
            let bad = with_segment(&token, i, &format!("+{}", &seg[1..]));
            assert!(
                matches!(dir_err(&bad, &key), Error::Malformed(Malformed::Base64(_))),
                "segment {i}"
            );
        }
    }

    #[test]
    fn duplicate_header_member() {
        let (token, key) = dir_token(Enc::A128GCM);
        let bad = with_header(&token, r#"{"alg":"dir","enc":"A128GCM","enc":"A128GCM"}"#);
        assert_eq!(
            dir_err(&bad, &key),
            Error::Malformed(Malformed::DuplicateMember(Part::Header))
        );
        let nested = with_header(&token, r#"{"alg":"dir","enc":"A128GCM","x":{"a":1,"a":2}}"#);
        assert_eq!(
            dir_err(&nested, &key),
            Error::Malformed(Malformed::DuplicateMember(Part::Header))
        );
    }

    #[test]
    fn header_must_be_an_object_with_alg_and_enc() {
        let (token, key) = dir_token(Enc::A128GCM);
        assert_eq!(
            dir_err(&with_header(&token, r#"["dir"]"#), &key),
            Error::Malformed(Malformed::NotObject(Part::Header))
        );
        for (json, name) in [
            (r#"{"enc":"A128GCM"}"#, "alg"),
            (r#"{"alg":"dir"}"#, "enc"),
            (r#"{"alg":"dir","enc":null}"#, "enc"),
        ] {
            assert!(
                matches!(
                    dir_err(&with_header(&token, json), &key),
                    Error::Malformed(Malformed::Member { name: n, .. }) if n == name
                ),
                "{json}"
            );
        }
    }

    #[test]
    fn zip_is_refused() {
        let (token, key) = dir_token(Enc::A128GCM);
        let bad = with_header(&token, r#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#);
        let err = dir_err(&bad, &key);
        assert_eq!(err, Error::UnsupportedAlgorithm("zip".into()));
        assert!(err.to_string().contains("unsupported"));
    }

    #[test]
    fn crit_unknown_or_malformed() {
        let (token, key) = dir_token(Enc::A128GCM);
        let bad = with_header(
            &token,
            r#"{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}"#,
        );
        assert_eq!(dir_err(&bad, &key), Error::CritNotUnderstood("exp".into()));
        let empty = with_header(&token, r#"{"alg":"dir","enc":"A128GCM","crit":[]}"#);
        assert_eq!(
            dir_err(&empty, &key),
            Error::CritInvalid("must not be an empty list")
        );
    }

    #[test]
    fn alg_and_enc_must_be_allowed() {
        let (token, key) = dir_token(Enc::A128GCM);
        let err = jwe::decrypt(&token, &key, &[KeyAlg::EcdhEs], &ALL_ENCS).unwrap_err();
        assert_eq!(err, Error::JweAlgorithmNotAllowed("dir"));
        assert_eq!(err.kind(), "algorithm_not_allowed");
        let err = jwe::decrypt(&token, &key, &ALL_ALGS, &[Enc::A256GCM]).unwrap_err();
        assert_eq!(err, Error::JweAlgorithmNotAllowed("A128GCM"));
        // Empty allow-lists accept nothing.
        assert!(jwe::decrypt(&token, &key, &[], &ALL_ENCS).is_err());
        assert!(jwe::decrypt(&token, &key, &ALL_ALGS, &[]).is_err());
    }

    #[test]
    fn unsupported_algorithms_are_named() {
        let (token, key) = dir_token(Enc::A128GCM);
        for (json, name) in [
            (r#"{"alg":"RSA-OAEP","enc":"A128GCM"}"#, "RSA-OAEP"),
            (r#"{"alg":"RSA1_5","enc":"A128GCM"}"#, "RSA1_5"),
            (r#"{"alg":"A128KW","enc":"A128GCM"}"#, "A128KW"),
            (
                r#"{"alg":"ECDH-ES+A128KW","enc":"A128GCM"}"#,
                "ECDH-ES+A128KW",
            ),
            (
                r#"{"alg":"PBES2-HS256+A128KW","enc":"A128GCM"}"#,
                "PBES2-HS256+A128KW",
            ),
            (r#"{"alg":"dir","enc":"A128CBC-HS256"}"#, "A128CBC-HS256"),
            (r#"{"alg":"dir","enc":"A192GCM"}"#, "A192GCM"),
        ] {
            let err = dir_err(&with_header(&token, json), &key);
            assert_eq!(err, Error::UnsupportedAlgorithm(name.into()), "{json}");
            assert!(err.to_string().contains("unsupported"), "{err}");
        }
    }

    #[test]
    fn key_must_fit_the_token() {
        // A256GCM key, A128GCM token (both allowed): the key is bound to its enc.
        let (token, _) = dir_token(Enc::A128GCM);
        let (_, other) = dir_pair(Enc::A256GCM);
        assert_eq!(
            dir_err(&token, &other),
            Error::KeyRejected(KeyRejected::WrongAlgorithm)
        );
        // An ECDH-ES token given to a dir key.
        let (ecdh, _) = ecdh_token(Curve::P256, Enc::A128GCM);
        let (_, dir) = dir_pair(Enc::A128GCM);
        assert_eq!(
            dir_err(&ecdh, &dir),
            Error::KeyRejected(KeyRejected::WrongAlgorithm)
        );
        // An ephemeral key bound to A256GCM given an A128GCM token.
        let (token, _) = ecdh_token(Curve::P256, Enc::A128GCM);
        let wrong = EphemeralDecryptionKey::generate(Curve::P256, Enc::A256GCM).unwrap();
        assert_eq!(
            jwe::decrypt_ephemeral(&token, wrong, &ALL_ALGS, &ALL_ENCS).err(),
            Some(Error::KeyRejected(KeyRejected::WrongAlgorithm))
        );
    }

    #[test]
    fn wrong_key_length_for_dir() {
        for (enc, len) in [(Enc::A128GCM, 32), (Enc::A256GCM, 16), (Enc::A128GCM, 15)] {
            let secret = vec![1u8; len];
            assert_eq!(
                DecryptionKey::dir(enc, &secret).err(),
                Some(Error::KeyRejected(KeyRejected::WrongAlgorithm))
            );
            assert_eq!(
                EncryptionKey::dir(enc, &secret).err(),
                Some(Error::KeyRejected(KeyRejected::WrongAlgorithm))
            );
            let jwk = Jwk::from_json(&format!(
                r#"{{"kty":"oct","k":"{}"}}"#,
                b64::encode(&secret)
            ))
            .unwrap();
            assert_eq!(
                DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc).err(),
                Some(Error::KeyRejected(KeyRejected::WrongAlgorithm))
            );
        }
    }

    #[test]
    fn tampering_fails_authentication() {
        let (token, key) = dir_token(Enc::A256GCM);
        assert!(jwe::decrypt(&token, &key, &ALL_ALGS, &ALL_ENCS).is_ok());
        for i in [2, 3, 4] {
            assert_eq!(
                dir_err(&flip(&token, i), &key),
                Error::DecryptionFailed,
                "segment {i}"
            );
        }
        // The same header, spelled differently: the AAD is the received text.
        let respelled = with_header(&token, r#"{"enc":"A256GCM","alg":"dir"}"#);
        assert_eq!(dir_err(&respelled, &key), Error::DecryptionFailed);
        let added = with_header(&token, r#"{"alg":"dir","enc":"A256GCM","kid":"x"}"#);
        assert_eq!(dir_err(&added, &key), Error::DecryptionFailed);
        // Truncated ciphertext.
        let ct = token.split('.').nth(3).unwrap();
        assert_eq!(
            dir_err(&with_segment(&token, 3, &ct[..ct.len() - 4]), &key),
            Error::DecryptionFailed
        );
        // Another key of the right length.
        let other = DecryptionKey::dir(Enc::A256GCM, &[9; 32]).unwrap();
        assert_eq!(dir_err(&token, &other), Error::DecryptionFailed);
    }

    #[test]
    fn tampered_ecdh_es_ciphertext_fails() {
        for i in [2, 3, 4] {
            let (token, recipient) = ecdh_token(Curve::P384, Enc::A256GCM);
            assert_eq!(
                jwe::decrypt_ephemeral(&flip(&token, i), recipient, &ALL_ALGS, &ALL_ENCS).err(),
                Some(Error::DecryptionFailed),
                "segment {i}"
            );
        }
        // Encrypted to someone else.
        let (token, _) = ecdh_token(Curve::X25519, Enc::A128GCM);
        let stranger = EphemeralDecryptionKey::generate(Curve::X25519, Enc::A128GCM).unwrap();
        assert_eq!(
            jwe::decrypt_ephemeral(&token, stranger, &ALL_ALGS, &ALL_ENCS).err(),
            Some(Error::DecryptionFailed)
        );
    }

    #[test]
    fn iv_and_tag_lengths_and_empty_encrypted_key() {
        let (token, key) = dir_token(Enc::A128GCM);
        let short_iv = with_segment(&token, 2, &b64::encode([0u8; 8]));
        assert!(matches!(
            dir_err(&short_iv, &key),
            Error::Malformed(Malformed::Member { name: "iv", .. })
        ));
        let short_tag = with_segment(&token, 4, &b64::encode([0u8; 12]));
        assert!(matches!(
            dir_err(&short_tag, &key),
            Error::Malformed(Malformed::Member { name: "tag", .. })
        ));
        let long_iv = with_segment(&token, 2, &b64::encode([0u8; 16]));
        assert!(matches!(dir_err(&long_iv, &key), Error::Malformed(_)));
        let wrapped = with_segment(&token, 1, &b64::encode([0u8; 24]));
        assert!(matches!(
            dir_err(&wrapped, &key),
            Error::Malformed(Malformed::Member {
                name: "encrypted_key",
                ..
            })
        ));
    }

    /// The ECDH-ES token with its `epk` replaced by `epk`.
    fn with_epk(token: &str, epk: Value) -> String {
        let mut h = header_json(token);
        h["epk"] = epk;
        with_header(token, &h.to_string())
    }

    #[test]
    fn epk_on_another_curve() {
        let p384 = EphemeralDecryptionKey::generate(Curve::P384, Enc::A128GCM).unwrap();
        let x25519 = EphemeralDecryptionKey::generate(Curve::X25519, Enc::A128GCM).unwrap();
        for other in [p384.public_jwk(), x25519.public_jwk()] {
            let (token, recipient) = ecdh_token(Curve::P256, Enc::A128GCM);
            let bad = with_epk(&token, serde_json::to_value(other).unwrap());
            assert_eq!(
                jwe::decrypt_ephemeral(&bad, recipient, &ALL_ALGS, &ALL_ENCS).err(),
                Some(Error::KeyRejected(KeyRejected::WrongAlgorithm)),
                "{:?}",
                other.crv
            );
        }
        // An Ed25519 (signature) key as epk.
        let (token, recipient) = ecdh_token(Curve::X25519, Enc::A128GCM);
        let ed = serde_json::json!({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        assert_eq!(
            jwe::decrypt_ephemeral(&with_epk(&token, ed), recipient, &ALL_ALGS, &ALL_ENCS).err(),
            Some(Error::KeyRejected(KeyRejected::UnsupportedCurve))
        );
    }

    #[test]
    fn epk_point_off_the_curve() {
        let (token, recipient) = ecdh_token(Curve::P256, Enc::A128GCM);
        let mut epk = header_json(&token)["epk"].clone();
        // Bob's y from RFC 7518 Appendix C with this epk's x: not on P-256.
        epk["y"] = "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck".into();
        assert!(matches!(
            jwe::decrypt_ephemeral(&with_epk(&token, epk), recipient, &ALL_ALGS, &ALL_ENCS),
            Err(Error::KeyRejected(KeyRejected::Weak(_)))
        ));
        // X25519 small-order point (all zeros).
        let (token, recipient) = ecdh_token(Curve::X25519, Enc::A128GCM);
        let zero = serde_json::json!({"kty":"OKP","crv":"X25519","x": b64::encode([0u8; 32])});
        assert!(matches!(
            jwe::decrypt_ephemeral(&with_epk(&token, zero), recipient, &ALL_ALGS, &ALL_ENCS),
            Err(Error::KeyRejected(KeyRejected::Weak(_)))
        ));
        // A short coordinate.
        let (token, recipient) = ecdh_token(Curve::P384, Enc::A128GCM);
        let mut epk = header_json(&token)["epk"].clone();
        epk["x"] = b64::encode([1u8; 47]).into();
        assert!(matches!(
            jwe::decrypt_ephemeral(&with_epk(&token, epk), recipient, &ALL_ALGS, &ALL_ENCS),
            Err(Error::KeyRejected(KeyRejected::InvalidEncoding(_)))
        ));
    }

    #[test]
    fn epk_missing_private_or_mistyped() {
        let (token, recipient) = ecdh_token(Curve::P256, Enc::A128GCM);
        let mut h = header_json(&token);
        h.as_object_mut().unwrap().remove("epk");
        assert!(matches!(
            jwe::decrypt_ephemeral(
                &with_header(&token, &h.to_string()),
                recipient,
                &ALL_ALGS,
                &ALL_ENCS
            ),
            Err(Error::Malformed(Malformed::Member { name: "epk", .. }))
        ));
        let (token, recipient) = ecdh_token(Curve::P256, Enc::A128GCM);
        let mut epk = header_json(&token)["epk"].clone();
        epk["d"] = "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo".into();
        assert!(matches!(
            jwe::decrypt_ephemeral(&with_epk(&token, epk), recipient, &ALL_ALGS, &ALL_ENCS),
            Err(Error::Malformed(Malformed::Member { name: "epk", .. }))
        ));
        let (token, recipient) = ecdh_token(Curve::P256, Enc::A128GCM);
        assert!(matches!(
            jwe::decrypt_ephemeral(
                &with_epk(&token, "AAAA".into()),
                recipient,
                &ALL_ALGS,
                &ALL_ENCS
            ),
            Err(Error::Malformed(Malformed::Member { name: "epk", .. }))
        ));
    }

    #[test]
    fn a_jws_is_not_a_jwe_and_a_jwe_is_not_a_jws() {
        // RFC 7515 Appendix A.1 given to jwe::decrypt.
        let jws_token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let (_, key) = dir_pair(Enc::A128GCM);
        assert_eq!(
            dir_err(jws_token, &key),
            Error::Malformed(Malformed::SegmentCount)
        );
        // A JWE given to jws::verify, whatever the verifier key.
        let (token, _) = dir_token(Enc::A128GCM);
        let verifier = VerifyingKey::hmac(Algorithm::HS256, &[7; 32]).unwrap();
        assert_eq!(
            jws::verify(&token, &verifier, &[Algorithm::HS256]).err(),
            Some(Error::Malformed(Malformed::SegmentCount))
        );
        assert!(jot::jwt::decode_unverified(&token).is_err());
    }

    #[test]
    fn encrypt_refuses_a_header_that_does_not_fit() {
        let (ek, _) = dir_pair(Enc::A128GCM);
        assert_eq!(
            jwe::encrypt(&Header::new(KeyAlg::Dir, Enc::A256GCM), b"x", &ek).err(),
            Some(Error::KeyRejected(KeyRejected::WrongAlgorithm))
        );
        let epk: Jwk = serde_json::from_str(r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#).unwrap();
        let mut header = Header::for_key(&ek);
        header.epk = Some(epk);
        assert!(matches!(
            jwe::encrypt(&header, b"x", &ek),
            Err(Error::Malformed(Malformed::Member { name: "epk", .. }))
        ));
        assert!(jwe::encrypt(&Header::for_key(&ek).with("zip", "DEF"), b"x", &ek).is_err());
    }
}

/// A recipient's public JWK travels as JSON: `Jwk::from_json` reads every
/// ECDH-ES curve, X25519 included (RFC 8037 §2), and the sender binds it.
#[test]
fn recipient_jwk_round_trips_through_json() {
    for curve in [Curve::P256, Curve::P384, Curve::X25519] {
        let recipient = EphemeralDecryptionKey::generate(curve, Enc::A128GCM).unwrap();
        let parsed = Jwk::from_json(&recipient.public_jwk().to_json()).unwrap();
        assert_eq!(&parsed, recipient.public_jwk());
        let sender = EncryptionKey::from_jwk(&parsed, KeyAlg::EcdhEs, Enc::A128GCM).unwrap();
        let token = jwe::encrypt(&Header::for_key(&sender), b"over json", &sender).unwrap();
        let opened =
            jwe::decrypt_ephemeral(&token, recipient, &[KeyAlg::EcdhEs], &[Enc::A128GCM]).unwrap();
        assert_eq!(opened.plaintext, b"over json");
    }
    // RFC 8037 App. A.6 (Bob's X25519 key, RFC 7748 §6.1) with its private
    // half: it parses, but cannot decrypt (ring has no stored agreement key)
    // and is no signature key.
    let bob = Jwk::from_json(r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08","d":"XasIfmJKikt54X-Lg4AO5m87sSkmGLb9HC_LJ_-I4Os"}"#).unwrap();
    assert!(bob.is_private());
    assert_eq!(
        DecryptionKey::from_jwk(&bob, KeyAlg::EcdhEs, Enc::A128GCM).err(),
        Some(Error::UnsupportedAlgorithm(
            "ECDH-ES (stored private key)".into()
        ))
    );
    assert_eq!(
        VerifyingKey::from_jwk(&bob.to_public().unwrap(), Algorithm::EdDSA).err(),
        Some(KeyRejected::UnsupportedCurve.into())
    );
    // Wrong lengths and a y member are refused.
    for bad in [
        r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK0"}"#,
        r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08","d":"XasI"}"#,
        r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08","y":"XasIfmJKikt54X-Lg4AO5m87sSkmGLb9HC_LJ_-I4Os"}"#,
    ] {
        assert!(
            matches!(Jwk::from_json(bad), Err(Error::KeyRejected(_))),
            "{bad}"
        );
    }
}
