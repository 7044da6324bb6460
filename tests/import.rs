//! Key import from PEM and DER (RFC 7468, RFC 5280 §4.1, RFC 5208, RFC 5958,
//! RFC 8017 App. A.1, RFC 5915, RFC 8410), against keys made by OpenSSL.
//!
//! The fixtures in `tests/data/keys/` and how they were made are listed in
//! its README. Expected members were read from `openssl ... -text` output.

use jot::{Error, Jwk, KeyRejected};

fn text(name: &str) -> String {
    let path = format!("{}/tests/data/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pem(name: &str) -> Jwk {
    Jwk::from_pem(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn der(name: &str) -> Jwk {
    Jwk::from_der(&bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn public(jwk: &Jwk) -> Jwk {
    jwk.to_public().unwrap_or_else(|e| panic!("to_public: {e}"))
}

/// `to_public_pem` then `from_pem` gives back the public key.
fn assert_export_round_trips(jwk: &Jwk) {
    let exported = jwk
        .to_public_pem()
        .unwrap_or_else(|e| panic!("to_public_pem: {e}"));
    assert_eq!(Jwk::from_pem(&exported), Ok(public(jwk)));
}

/// `to_pkcs8_pem` then `from_pem` gives back the private key.
fn assert_pkcs8_round_trips(jwk: &Jwk) {
    let exported = jwk
        .to_pkcs8_pem()
        .unwrap_or_else(|e| panic!("to_pkcs8_pem: {e}"));
    assert_eq!(Jwk::from_pem(&exported).as_ref(), Ok(jwk));
}

fn rejected(reason: KeyRejected) -> Result<Jwk, Error> {
    Err(Error::KeyRejected(reason))
}

mod rsa {
    use super::*;

    // `openssl rsa -in rsa2048.pkcs1.pem -modulus -noout`, as base64url.
    const N: &str = "2CNcZllCewSKx0N014L3lVW4gi6VpmurVw-v_HNDGwKaRADJs64OxYnX1xJJan7rY7w_aD2mA5TiqFCgHboVVn0hjZQH2MQJ2s05pWUW5ORfH2IdLJsIeAnUvnhnvaIo3yKahG1A__kcFta5e2JwpLiuFbAfGLH3-cNxhAnAQGyOSX6dCnl3rWA--UykSNRulj_bD4qPmokKguwATq8wsZUYHM71wkw4f_GZNSXEVqLY-ZWvOlcoU4Rirb8pPdXLK9qQqbtogNyppuH6TYO2hJaZe1rd2nZGc6g9W-fLpZSslIjOeQhBjhxGqBlaXr2D8SroVwQs-eRFEH_TPOawsw";
    // privateExponent from `openssl rsa -text`.
    const D: &str = "VWnr-vptPkY2PbbXts8n3lkI2FFmjGTiSj6F0qMOMt9dbWBOVXaEmeX2aSTt5GsRxNFA0YYDVEkDJXbvP7Ao_IvotZV5YF1gc5pEnKsNWBkzyigw1U7TEvT3oOnePV-W_U8kdw7h8AZW5mOm2y60yzO8gA-gylaSY56r_n0H_6zsxuLGmGri9fvCvIgl2AgVCF8ilGlZgnfWE18SdY2FzGq5t9g3--smLEN2gzNv5CQQdBDb2HowC4ARsd0KHsAXPG5bKBeKjZEitG9pRLSCaVmbqeyNv-sZK9WU9hCZ86JaoupdWP4bdU2WjulIPZNbnzsUsEeiFEaUo0DNI3NLWQ";

    #[test]
    fn rfc8017_a_1_2_private_key_matches_openssl() {
        let jwk = pem("rsa2048.pkcs1.pem");
        assert_eq!(jwk.kty, "RSA");
        assert_eq!(jwk.n.as_deref(), Some(N));
        assert_eq!(jwk.e.as_deref(), Some("AQAB"));
        assert_eq!(jwk.d.as_deref(), Some(D));
        assert!(
            jwk.p.is_some()
                && jwk.q.is_some()
                && jwk.dp.is_some()
                && jwk.dq.is_some()
                && jwk.qi.is_some()
        );
    }

    #[test]
    fn every_encoding_gives_the_same_key() {
        let private = pem("rsa2048.pkcs1.pem");
        assert_eq!(pem("rsa2048.pkcs8.pem"), private);
        assert_eq!(der("rsa2048.pkcs1.der"), private);
        assert_eq!(der("rsa2048.pkcs8.der"), private);
        let public = public(&private);
        assert_eq!(pem("rsa2048.spki.pem"), public);
        assert_eq!(pem("rsa2048.pkcs1-public.pem"), public);
        assert_eq!(der("rsa2048.spki.der"), public);
        assert_eq!(pem("rsa2048.cert.pem"), public);
        assert_eq!(der("rsa2048.cert.der"), public);
    }

    #[test]
    fn export_round_trips() {
        let private = pem("rsa2048.pkcs1.pem");
        assert_export_round_trips(&private);
        assert_export_round_trips(&pem("rsa2048.spki.pem"));
        assert_pkcs8_round_trips(&private);
    }

    #[test]
    fn spki_export_is_openssl_byte_for_byte() {
        assert_eq!(
            pem("rsa2048.pkcs1.pem").to_public_pem(),
            Ok(text("rsa2048.spki.pem"))
        );
    }

    #[test]
    fn pkcs8_export_is_openssl_byte_for_byte() {
        assert_eq!(
            pem("rsa2048.pkcs1.pem").to_pkcs8_pem(),
            Ok(text("rsa2048.pkcs8.pem"))
        );
    }

    #[test]
    fn rsa_1024_is_too_small() {
        assert_eq!(
            Jwk::from_pem(&text("rsa1024.pkcs1.pem")),
            rejected(KeyRejected::TooSmall {
                alg: None,
                min: 2048,
                actual: 1024
            })
        );
        assert_eq!(
            Jwk::from_pem(&text("rsa1024.spki.pem")),
            rejected(KeyRejected::TooSmall {
                alg: None,
                min: 2048,
                actual: 1024
            })
        );
    }

    #[test]
    fn multi_prime_is_refused() {
        let refused = rejected(KeyRejected::InvalidEncoding(
            "multi-prime rsa private keys are not supported",
        ));
        assert_eq!(Jwk::from_pem(&text("rsa2048-3prime.pkcs1.pem")), refused);
        assert_eq!(Jwk::from_pem(&text("rsa2048-3prime.pkcs8.pem")), refused);
    }

    #[test]
    fn public_key_cannot_export_pkcs8() {
        assert_eq!(
            pem("rsa2048.spki.pem").to_pkcs8_pem(),
            Err(Error::KeyRejected(KeyRejected::PublicKeyCannotSign))
        );
    }

    #[test]
    fn one_flipped_modulus_byte_is_caught_by_ring() {
        // Same structure, n no longer p·q: the JWK rules pass, ring's consistency check does not.
        let mut der = bytes("rsa2048.pkcs1.der");
        // Byte 20 lies inside n (header 4, version 3, n header 5 + sign byte).
        if let Some(b) = der.get_mut(20) {
            *b ^= 0x01;
        }
        assert!(matches!(
            Jwk::from_der(&der),
            Err(Error::KeyRejected(
                KeyRejected::InvalidEncoding(_) | KeyRejected::Weak(_)
            ))
        ));
    }
}

mod ec {
    use super::*;

    fn assert_members(jwk: &Jwk, crv: &str, x: &str, y: &str, d: Option<&str>) {
        assert_eq!(jwk.kty, "EC");
        assert_eq!(jwk.crv.as_deref(), Some(crv));
        assert_eq!(jwk.x.as_deref(), Some(x));
        assert_eq!(jwk.y.as_deref(), Some(y));
        assert_eq!(jwk.d.as_deref(), d);
    }

    // From `openssl ec -in p256.sec1.pem -text`.
    const P256_X: &str = "LHvkWnVQIgLLJ3bPSNIHzGS96wlKOSDosyIZinEZYQc";
    const P256_Y: &str = "kRm2Kp_-aUEq8XB6-qA_ctEpXLYvxpM7fX_iGqv8a8k";
    const P256_D: &str = "1ZV6P_GTQMIRsO9kB8ZcZYa85qcvaelBpk3UwlXR7AI";
    // From `openssl ec -in p384.sec1.pem -text`.
    const P384_X: &str = "wz1NKYe2om-5rTfqaUMCd01Eu4Yer4fVFh8YwEybbK-WzQUKjPP7yD9fRdwqaIS3";
    const P384_Y: &str = "YpqF5TuPyrTxRjdJIdTc0g4VQS4qosG67JRuKtbuXSIHK6i8cllScZ8Ay3aRstWb";
    const P384_D: &str = "6z0SlNMu32CmwF5rLNT377EUT68FI4A8ra-PInCtzWemwW6s_cxynQ6c-U5GATQD";

    #[test]
    fn rfc5915_p256_with_ec_parameters_block() {
        let private = pem("p256.sec1.pem");
        assert_members(&private, "P-256", P256_X, P256_Y, Some(P256_D));
        assert_eq!(pem("p256.pkcs8.pem"), private);
        assert_eq!(der("p256.sec1.der"), private);
        let public = public(&private);
        assert_members(&public, "P-256", P256_X, P256_Y, None);
        assert_eq!(pem("p256.spki.pem"), public);
        assert_eq!(der("p256.spki.der"), public);
        assert_eq!(pem("p256.cert.pem"), public);
    }

    #[test]
    fn rfc5915_p384() {
        let private = pem("p384.sec1.pem");
        assert_members(&private, "P-384", P384_X, P384_Y, Some(P384_D));
        assert_eq!(pem("p384.pkcs8.pem"), private);
        assert_eq!(der("p384.sec1.der"), private);
        let public = public(&private);
        assert_eq!(pem("p384.spki.pem"), public);
        assert_eq!(der("p384.spki.der"), public);
    }

    #[test]
    fn export_round_trips() {
        for name in ["p256.sec1.pem", "p384.sec1.pem", "p256.spki.pem"] {
            assert_export_round_trips(&pem(name));
        }
        assert_pkcs8_round_trips(&pem("p256.sec1.pem"));
        assert_pkcs8_round_trips(&pem("p384.sec1.pem"));
    }

    #[test]
    fn spki_export_is_openssl_byte_for_byte() {
        assert_eq!(
            pem("p256.sec1.pem").to_public_pem(),
            Ok(text("p256.spki.pem"))
        );
        assert_eq!(
            pem("p384.sec1.pem").to_public_pem(),
            Ok(text("p384.spki.pem"))
        );
    }

    #[test]
    fn pkcs8_export_is_openssl_byte_for_byte() {
        assert_eq!(
            pem("p256.sec1.pem").to_pkcs8_pem(),
            Ok(text("p256.pkcs8.pem"))
        );
        assert_eq!(
            pem("p384.sec1.pem").to_pkcs8_pem(),
            Ok(text("p384.pkcs8.pem"))
        );
    }

    #[test]
    fn other_curves_are_unsupported() {
        let unsupported = rejected(KeyRejected::UnsupportedCurve);
        assert_eq!(Jwk::from_pem(&text("secp256k1.sec1.pem")), unsupported);
        assert_eq!(Jwk::from_pem(&text("secp256k1.spki.pem")), unsupported);
        assert_eq!(Jwk::from_pem(&text("p521.sec1.pem")), unsupported);
        assert_eq!(Jwk::from_pem(&text("p521.pkcs8.pem")), unsupported);
    }

    #[test]
    fn private_key_without_public_key_is_refused() {
        let got = Jwk::from_pem(&text("p256-nopublic.sec1.pem"));
        assert_eq!(
            got,
            rejected(KeyRejected::InvalidEncoding(
                "ec private key without its public key is not supported (ring cannot derive it)"
            ))
        );
    }

    #[test]
    fn private_key_must_match_its_public_key() {
        // Graft the P-256 public key into... itself with one bit of d flipped.
        let mut der = bytes("p256.sec1.der");
        // SEQUENCE(2) + version(3) + OCTET STRING header(2): d starts at byte 7.
        if let Some(b) = der.get_mut(10) {
            *b ^= 0x01;
        }
        assert_eq!(
            Jwk::from_der(&der),
            rejected(KeyRejected::InvalidEncoding(
                "ec private key does not match its public key"
            ))
        );
    }
}

mod ed25519 {
    use super::*;

    // From `openssl pkey -in ed25519.pkcs8.pem -text`.
    const X: &str = "I0FfMU6_pmNd62pimJSUJY7qDchARE1FjpMizwY0dS0";
    const D: &str = "_G1odT6bYyOnPQrfUViwk2i4Z1bywcb5SH4VFqnlwQA";

    #[test]
    fn rfc8410_private_and_public() {
        let private = pem("ed25519.pkcs8.pem");
        assert_eq!(private.kty, "OKP");
        assert_eq!(private.crv.as_deref(), Some("Ed25519"));
        assert_eq!(private.x.as_deref(), Some(X));
        assert_eq!(private.d.as_deref(), Some(D));
        assert_eq!(der("ed25519.pkcs8.der"), private);
        let public = public(&private);
        assert_eq!(pem("ed25519.spki.pem"), public);
        assert_eq!(der("ed25519.spki.der"), public);
    }

    #[test]
    fn export_round_trips() {
        let private = pem("ed25519.pkcs8.pem");
        assert_export_round_trips(&private);
        assert_eq!(private.to_public_pem(), Ok(text("ed25519.spki.pem")));
        assert_eq!(private.to_pkcs8_pem(), Ok(text("ed25519.pkcs8.pem")));
    }

    #[test]
    fn x25519_ed448_and_dsa_are_unsupported() {
        let unsupported = rejected(KeyRejected::UnsupportedKeyType);
        for name in [
            "x25519.pkcs8.pem",
            "x25519.spki.pem",
            "ed448.pkcs8.pem",
            "dsa.spki.pem",
        ] {
            assert_eq!(Jwk::from_pem(&text(name)), unsupported, "{name}");
        }
    }
}

mod damaged {
    use super::*;

    #[test]
    fn every_truncation_is_an_error_never_a_panic() {
        for name in [
            "rsa2048.pkcs1.der",
            "rsa2048.cert.der",
            "p256.sec1.der",
            "ed25519.pkcs8.der",
        ] {
            let full = bytes(name);
            for len in 0..full.len() {
                let cut = full.get(..len).unwrap_or_default();
                assert!(Jwk::from_der(cut).is_err(), "{name} cut at {len}");
            }
        }
    }

    #[test]
    fn every_byte_flip_is_handled_without_panic() {
        // In a certificate most bytes (serial, dates, signature) do not touch
        // the key, so there only the absence of panics is checked; in a bare
        // key every flip must change the outcome.
        for name in [
            "rsa2048.cert.der",
            "p256.sec1.der",
            "p384.spki.der",
            "ed25519.pkcs8.der",
        ] {
            let full = bytes(name);
            let original = Jwk::from_der(&full);
            for i in 0..full.len() {
                let mut flipped = full.clone();
                if let Some(b) = flipped.get_mut(i) {
                    *b ^= 0xff;
                }
                let got = Jwk::from_der(&flipped);
                if name != "rsa2048.cert.der" {
                    assert_ne!(got, original, "{name} byte {i}");
                }
            }
        }
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut der = bytes("ed25519.spki.der");
        der.push(0);
        assert!(Jwk::from_der(&der).is_err());
    }

    #[test]
    fn pem_label_decides_the_shape() {
        // An SPKI under a PKCS#1 label is not quietly accepted.
        let spki = text("p256.spki.pem").replace("PUBLIC KEY", "RSA PUBLIC KEY");
        assert!(Jwk::from_pem(&spki).is_err());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(Jwk::from_der(&[]).is_err());
        assert!(Jwk::from_der(&[0x30, 0x00]).is_err());
        assert!(Jwk::from_pem("").is_err());
        assert!(
            Jwk::from_pem("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n").is_err()
        );
    }
}
