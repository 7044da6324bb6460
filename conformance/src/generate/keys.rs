//! Key cases: weak or inconsistent JWKs in the group's set (short HMAC and
//! small RSA keys, private members, off-curve or mislabelled EC and OKP keys,
//! `use`/`key_ops` that forbid verification, kid selection) (SECURITY.md rows
//! 9, 12, 30; RFC 7517 §4.5, RFC 7518 §3.2-3.3, §6.2, RFC 8037, RFC 8725 §3.4-3.5).

use serde_json::{json, Value};

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::{Gen, Key};

use super::{b64u, text, Ctx};

impl Ctx {
    pub(super) fn keys(&mut self) -> Gen<()> {
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
            let t = self.signed_with(alg, Some("k"), &claims, &key, alg)?;
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
        let t = self.signed_with("RS256", Some("k"), &claims, &self.keys.small_rsa, "RS256")?;
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
        let t = self.signed_with(
            "ES256",
            Some("k-ES256"),
            &claims,
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
        let t = self.signed_with(
            "ES256",
            Some("a"),
            &claims,
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
        let t = self.signed_with("ES256", None, &claims, &self.keys.ec256_attacker, "ES256")?;
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
        let t = self.signed_with(
            "ES256",
            Some("a"),
            &claims,
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
}
