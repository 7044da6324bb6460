//! Header cases: embedded `jwk`/`x5c`/`jku`/`x5u` keys, `kid` injection,
//! `crit` and `b64: false` (SECURITY.md rows 13-17; RFC 7515 §4.1.3-4.1.11,
//! RFC 7797 §6, RFC 8725 §3.10).

use serde_json::{json, Value};

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::{Gen, Key};

use super::{b64u, strs, text, Ctx};

impl Ctx {
    pub(super) fn headers(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let crit: Vec<(&str, Value, Level)> = vec![
            (
                "unknown-extension",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["x-jot-unknown"], "x-jot-unknown": true}),
                Level::Must,
            ),
            (
                "names-absent-header",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["x-absent"]}),
                Level::Must,
            ),
            (
                "empty-list",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": []}),
                Level::Should,
            ),
            (
                "not-an-array",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": "x-jot-unknown", "x-jot-unknown": 1}),
                Level::Should,
            ),
            (
                "lists-alg",
                json!({"alg": "HS256", "kid": "k-HS256", "crit": ["alg"]}),
                Level::Should,
            ),
            ("b64-unencoded-claims", Value::Null, Level::Must),
        ];
        for (name, h, level) in crit {
            let t = if h.is_null() {
                // RFC 7797: signed over the raw payload, which then travels as is.
                let h = json!({"alg": "HS256", "kid": "k-HS256", "b64": false, "crit": ["b64"]});
                let claims = json!({"sub": "alice", "exp": self.now + 600});
                let h64 = b64u(text(&h).as_bytes());
                let p = text(&claims);
                let sig = self
                    .key("HS256")
                    .sign("HS256", format!("{h64}.{p}").as_bytes())?;
                format!("{h64}.{p}.{}", b64u(&sig))
            } else {
                let claims = self.claims();
                self.honest("HS256", &h, &claims)?
            };
            let flags: &[&str] = if name.starts_with("b64") {
                &["Crit", "B64False"]
            } else {
                &["Crit"]
            };
            let s = self
                .spec(
                    &format!("header/crit/{name}"),
                    level,
                    Expect::Invalid,
                    &[E::Crit, E::Malformed, E::Signature],
                    "crit lists extensions the verifier must understand; one it does not makes the JWS invalid",
                    &["RFC 7515 §4.1.11", "CVE-2026-32597"],
                )
                .token(t)
                .flags(flags);
            let s = if name.starts_with("b64") {
                // Understanding RFC 7797 is no excuse here: a JWT's payload is
                // base64url JSON, never an unencoded payload.
                let mut s = s.issuer(None).audience(None);
                s.0.comment =
                    "a JWT payload is base64url JSON; an unencoded (b64: false) payload is no JWT"
                        .into();
                s.0.references = strs(&["RFC 7519 §7.2", "RFC 7797 §6", "RFC 7515 §4.1.11"]);
                s
            } else {
                s
            };
            self.push(g, s);
        }
        // b64: false without crit.
        let h = json!({"alg": "HS256", "kid": "k-HS256", "b64": false});
        let claims = json!({"sub": "alice", "exp": self.now + 600});
        let h64 = b64u(text(&h).as_bytes());
        let p = text(&claims);
        let sig = self
            .key("HS256")
            .sign("HS256", format!("{h64}.{p}").as_bytes())?;
        let s = self
            .spec(
                "header/b64/false-without-crit-raw-payload",
                Level::Must,
                Expect::Invalid,
                &[E::Malformed, E::Signature, E::Crit],
                "b64 outside crit is not honoured: the raw JSON payload is not base64url and must not verify",
                &["RFC 7797 §6", "RFC 7515 §2"],
            )
            .token(format!("{h64}.{p}.{}", b64u(&sig)))
            .flags(&["B64False"])
            .issuer(None)
            .audience(None);
        self.push(g, s);
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let s = self
            .spec(
                "header/b64/false-without-crit-encoded-payload",
                Level::Should,
                Expect::Acceptable,
                &[E::Malformed, E::Crit],
                "a lone b64 may be ignored (the payload is base64url as usual) or refused",
                &["RFC 7797 §6"],
            )
            .token(t)
            .flags(&["B64False"]);
        self.push(g, s);
        // Embedded keys: the attacker's key travels in the header.
        let embedded: Vec<(&str, &str, Value, &str)> = vec![
            (
                "jwk/ES256",
                "ES256",
                json!({"alg": "ES256", "jwk": self.keys.ec256_attacker.jwk}),
                "ec",
            ),
            (
                "jwk/ES256-with-victim-kid",
                "ES256",
                json!({"alg": "ES256", "kid": "k-ES256", "jwk": self.keys.ec256_attacker.jwk}),
                "ec",
            ),
            (
                "jwk/EdDSA",
                "EdDSA",
                json!({"alg": "EdDSA", "jwk": self.keys.ed_attacker.jwk}),
                "ed",
            ),
            (
                "jwk/HS256-oct",
                "HS256",
                json!({"alg": "HS256", "jwk": self.keys.hs_attacker.jwk}),
                "hs",
            ),
            (
                "jku",
                "ES256",
                json!({"alg": "ES256", "kid": "attacker", "jku": "http://127.0.0.1:9/jwks.json"}),
                "ec",
            ),
            (
                "x5u",
                "ES256",
                json!({"alg": "ES256", "kid": "attacker", "x5u": "http://127.0.0.1:9/cert.pem"}),
                "ec",
            ),
            (
                "x5c",
                "ES256",
                json!({"alg": "ES256", "x5c": [base64::Engine::encode(&base64::engine::general_purpose::STANDARD, self.keys.ec256_attacker.spki())]}),
                "ec",
            ),
        ];
        for (name, alg, h, which) in embedded {
            let claims = self.claims();
            let key = match which {
                "ec" => &self.keys.ec256_attacker,
                "ed" => &self.keys.ed_attacker,
                _ => &self.keys.hs_attacker,
            };
            let t = self.raw(text(&h).as_bytes(), text(&claims).as_bytes(), key, alg)?;
            let g = self.main(alg);
            let s = self
                .spec(
                    &format!("header/embedded-key/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Signature, E::Key],
                    "keys and key URLs in the header are the attacker's; only configured keys verify",
                    &["RFC 8725 §3.10", "CVE-2018-0114", "RFC 7515 §4.1.3"],
                )
                .token(t)
                .flags(&["EmbeddedKey"]);
            self.push(g, s);
        }
        // Hostile kid strings: selectors, not paths or queries.
        let g = self.main("HS256");
        let hostile = [
            ("path-traversal", "../../../../../../dev/null"),
            ("sql", "' OR '1'='1"),
            ("nul-suffix", "k-HS256\u{0}"),
            ("trailing-space", "k-HS256 "),
            ("case", "K-HS256"),
            ("wildcard", "*"),
            ("empty", ""),
            ("command", "k-HS256; rm -rf /"),
        ];
        for (name, kid) in hostile {
            let claims = self.claims();
            let t = self.honest("HS256", &Self::header("HS256", Some(kid)), &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/no-such-key"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Key],
                    "kid is an exact-match selector; no key has this kid, so no key is selected",
                    &["RFC 7515 §4.1.4", "RFC 8725 §3.10"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        // The attacks themselves: a kid read as a path or a query yields a
        // key the attacker knows (the empty file, the attacker's string).
        let injected = [
            ("path-traversal", "../../../../../../dev/null", Vec::new()),
            (
                "sql-union",
                "x' UNION SELECT 'attacker-key' --",
                b"attacker-key".to_vec(),
            ),
        ];
        for (name, kid, secret) in injected {
            let claims = self.claims();
            let t = self.signed_with("HS256", Some(kid), &claims, &Key::hmac(secret), "HS256")?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/attacker-key"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Key, E::Signature],
                    "kid is never a path or a query: the token is signed with the key such a lookup would return",
                    &["RFC 8725 §3.10", "RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        for (name, kid) in [
            ("path-traversal", "../../../../../../dev/null"),
            ("sql", "' OR '1'='1"),
            ("nul-inside", "a\u{0}b"),
        ] {
            let jwk = self.key("HS256").jwk_kid(kid);
            let g = self.group(vec![jwk], &["HS256"]);
            let claims = self.claims();
            let t = self.honest("HS256", &Self::header("HS256", Some(kid)), &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/{name}/exact-match"),
                    Level::Should,
                    Expect::Valid,
                    &[],
                    "a hostile-looking kid that exactly names a configured key is plain data",
                    &["RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        let g = self.main("HS256");
        for (name, kid) in [
            ("number", json!(1)),
            ("null", Value::Null),
            ("array", json!(["k-HS256"])),
            ("object", json!({"kid": "k-HS256"})),
        ] {
            let h = json!({"alg": "HS256", "kid": kid});
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("header/kid/not-a-string/{name}"),
                    Level::Should,
                    Expect::Invalid,
                    &[E::Malformed, E::Key],
                    "kid is a string; another type is a malformed header",
                    &["RFC 7515 §4.1.4"],
                )
                .token(t)
                .flags(&["HostileKid"]);
            self.push(g, s);
        }
        Ok(())
    }
}
