//! Algorithm cases: `alg: none` in any spelling, algorithms outside the
//! allow-list or unregistered, HS/RS key confusion (HMAC keyed with the public
//! key) and alg/key family or curve mismatch (SECURITY.md rows 1-4; RFC 7515
//! §4.1.1, RFC 7518 §3.1, §3.4, §3.6, RFC 8725 §2.1, §3.1).

use serde_json::{json, Value};

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::{self, Gen, Key};

use super::{b64u, text, Ctx};

impl Ctx {
    pub(super) fn algorithm(&mut self) -> Gen<()> {
        let bcp = "RFC 8725 §3.1";
        // `none` in every spelling, with an empty signature and with the real key's signature.
        for spelling in ["none", "None", "NONE", "nOnE", "NoNe"] {
            for alg in ["HS256", "RS256", "ES256"] {
                let g = self.main(alg);
                let claims = self.claims();
                let h = json!({"alg": spelling, "typ": "JWT", "kid": Self::kid(alg)});
                let t = format!(
                    "{}.{}.",
                    b64u(text(&h).as_bytes()),
                    b64u(text(&claims).as_bytes())
                );
                let s = self
                    .spec(
                        &format!("algorithm/none/{spelling}/{alg}-key/empty-signature"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Algorithm, E::Signature, E::Malformed],
                        "an unsecured JWS is never accepted by a verifier configured with keys",
                        &[bcp, "RFC 7518 §3.6", "CVE-2015-9235"],
                    )
                    .token(t)
                    .flags(&["AlgNone"]);
                self.push(g, s);
            }
            let g = self.main("HS256");
            let claims = self.claims();
            let h = json!({"alg": spelling, "typ": "JWT", "kid": "k-HS256"});
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("algorithm/none/{spelling}/HS256-key/hs256-signature"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Signature, E::Malformed],
                    "alg none with a signature attached is still unsecured, and not in the allow-list",
                    &[bcp, "RFC 7518 §3.6"],
                )
                .token(t)
                .flags(&["AlgNone"]);
            self.push(g, s);
        }
        // HMAC keyed with the public key's bytes.
        let rsa_jwk = self.keys.rsa.jwk.clone();
        let forms: Vec<(&str, &str, Vec<u8>, Value)> = vec![
            (
                "RS256",
                "rsa-pem",
                keys::pem(&self.keys.rsa.spki()).into_bytes(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-pem-no-newline",
                keys::pem(&self.keys.rsa.spki())
                    .trim_end()
                    .as_bytes()
                    .to_vec(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-spki-der",
                self.keys.rsa.spki(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-pkcs1-der",
                self.keys.rsa.public_bytes(),
                rsa_jwk.clone(),
            ),
            (
                "RS256",
                "rsa-jwk-json",
                text(&rsa_jwk).into_bytes(),
                rsa_jwk,
            ),
            (
                "ES256",
                "ec-pem",
                keys::pem(&self.keys.ec256.spki()).into_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "ES256",
                "ec-point",
                self.keys.ec256.public_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "ES256",
                "ec-jwk-json",
                text(&self.keys.ec256.jwk).into_bytes(),
                self.keys.ec256.jwk.clone(),
            ),
            (
                "EdDSA",
                "ed25519-raw",
                self.keys.ed.public_bytes(),
                self.keys.ed.jwk.clone(),
            ),
            (
                "EdDSA",
                "ed25519-pem",
                keys::pem(&self.keys.ed.spki()).into_bytes(),
                self.keys.ed.jwk.clone(),
            ),
        ];
        for (alg, form, secret, jwk) in forms {
            for with_hs in [false, true] {
                let mut j = jwk.clone();
                j["kid"] = json!("k");
                let algs: &[&str] = if with_hs { &[alg, "HS256"] } else { &[alg] };
                let g = self.group(vec![j], algs);
                let claims = self.claims();
                let fake = Key::hmac(secret.clone());
                let t = self.signed_with("HS256", Some("k"), &claims, &fake, "HS256")?;
                let list = if with_hs {
                    "allow-list-has-HS256"
                } else {
                    "allow-list-asymmetric"
                };
                let s = self
                    .spec(
                        &format!("algorithm/hmac-confusion/{form}/{list}"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Algorithm, E::Key, E::Signature],
                        "an asymmetric public key must never become an HMAC secret, whatever the allow-list",
                        &[bcp, "RFC 8725 §2.1", "CVE-2016-10555", "CVE-2022-29217"],
                    )
                    .token(t)
                    .flags(&["AlgConfusion"]);
                self.push(g, s);
            }
        }
        // alg against key type, curve, padding and hash.
        let mism: Vec<(&str, Vec<Value>, Vec<&str>, &str, &str, &str)> = vec![
            (
                "es384-header-p256-key",
                vec![self.keys.ec256.jwk_kid("k")],
                vec!["ES256", "ES384"],
                "ES384",
                "ES256",
                "ec256",
            ),
            (
                "es256-header-p384-key",
                vec![self.keys.ec384.jwk_kid("k")],
                vec!["ES256", "ES384"],
                "ES256",
                "ES384",
                "ec384",
            ),
            (
                "eddsa-header-ec-key",
                vec![self.keys.ec256.jwk_kid("k")],
                vec!["ES256", "EdDSA"],
                "EdDSA",
                "EdDSA",
                "ed",
            ),
            (
                "rs256-header-pss-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "PS256"],
                "RS256",
                "PS256",
                "rsa",
            ),
            (
                "ps256-header-pkcs1-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "PS256"],
                "PS256",
                "RS256",
                "rsa",
            ),
            (
                "rs384-header-rs256-signature",
                vec![self.keys.rsa.jwk_kid("k")],
                vec!["RS256", "RS384"],
                "RS384",
                "RS256",
                "rsa",
            ),
            (
                "hs384-header-hs256-signature",
                vec![self.keys.hs["HS512"].jwk_kid("k")],
                vec!["HS256", "HS384"],
                "HS384",
                "HS256",
                "hs512",
            ),
        ];
        for (name, set, algs, header_alg, sign_alg, which) in mism {
            let claims = self.claims();
            let key = match which {
                "ec256" => &self.keys.ec256,
                "ec384" => &self.keys.ec384,
                "ed" => &self.keys.ed,
                "rsa" => &self.keys.rsa,
                _ => &self.keys.hs["HS512"],
            };
            let t = self.signed_with(header_alg, Some("k"), &claims, key, sign_alg)?;
            let g = self.group(set, &algs);
            let s = self
                .spec(
                    &format!("algorithm/key-mismatch/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Key, E::Signature],
                    "the alg fixes key type, curve, padding and hash; a signature made otherwise must fail",
                    &["RFC 7518 §3.1", "RFC 7518 §3.4", "RFC 8725 §3.1"],
                )
                .token(t)
                .flags(&["AlgKeyMismatch"]);
            self.push(g, s);
        }
        // Valid token, alg not in the allow-list.
        let other = [
            ("HS256", "HS384"),
            ("HS384", "HS512"),
            ("HS512", "HS256"),
            ("RS256", "PS256"),
            ("RS384", "RS256"),
            ("RS512", "RS256"),
            ("PS256", "RS256"),
            ("PS384", "PS256"),
            ("PS512", "PS256"),
            ("ES256", "ES384"),
            ("ES384", "ES256"),
            ("EdDSA", "ES256"),
        ];
        for (alg, allowed) in other {
            let jwk = self.key(alg).jwk_kid(&Self::kid(alg));
            let g = self.group(vec![jwk], &[allowed]);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("algorithm/not-allowed/{alg}-token-{allowed}-allowed"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Key],
                    "the caller's allow-list is binding, even for a correctly signed token",
                    &[bcp],
                )
                .token(t)
                .flags(&["AlgNotAllowed"]);
            self.push(g, s);
        }
        let jwk = self.key("HS256").jwk_kid("k-HS256");
        let g = self.group(vec![jwk], &[]);
        let t = self.usual("HS256")?;
        let s = self
            .spec(
                "algorithm/not-allowed/empty-allow-list",
                Level::Must,
                Expect::Invalid,
                &[E::Algorithm, E::Key],
                "an empty allow-list accepts no algorithm",
                &[bcp],
            )
            .token(t)
            .flags(&["AlgNotAllowed"]);
        self.push(g, s);
        // alg spellings that are not HS256.
        let spellings: Vec<(&str, Value)> = vec![
            ("lowercase", json!("hs256")),
            ("trailing-space", json!("HS256 ")),
            ("nul-suffix", json!("HS256\u{0}")),
            ("empty", json!("")),
            ("unregistered", json!("HS257")),
            ("number", json!(256)),
            ("array", json!(["HS256"])),
            ("null", Value::Null),
        ];
        let g = self.main("HS256");
        for (name, alg) in spellings {
            let h = json!({"alg": alg, "typ": "JWT", "kid": "k-HS256"});
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("algorithm/unknown/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Algorithm, E::Malformed],
                    "alg is a case-sensitive string naming exactly a registered algorithm",
                    &["RFC 7515 §4.1.1", "RFC 7518 §3.1"],
                )
                .token(t)
                .flags(&["AlgUnknown"]);
            self.push(g, s);
        }
        let h = json!({"typ": "JWT", "kid": "k-HS256"});
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let s = self
            .spec(
                "algorithm/unknown/missing",
                Level::Must,
                Expect::Invalid,
                &[E::Algorithm, E::Malformed],
                "alg is required in a JWS header",
                &["RFC 7515 §4.1.1"],
            )
            .token(t)
            .flags(&["AlgUnknown"]);
        self.push(g, s);
        Ok(())
    }
}
