//! Positive cases: one honest token per algorithm (and the RFC 9864 `Ed25519`
//! name), with the usual key, kid and claims, that every verifier must accept
//! (RFC 7515 §4, RFC 7518 §3.1, RFC 7519 §7.2).

use serde_json::json;

use crate::case::{Expect, Level};
use crate::keys::Gen;

use super::{Ctx, ALGS};

impl Ctx {
    pub(super) fn positive(&mut self) -> Gen<()> {
        let r7519 = "RFC 7519 §7.2";
        for alg in ALGS {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let s = self
                .spec(
                    &format!("positive/{alg}/with-kid"),
                    Level::Must,
                    Expect::Valid,
                    &[],
                    "a correctly signed token with valid claims must verify",
                    &[r7519, "RFC 7518 §3.1"],
                )
                .token(t);
            self.push(g, s);
            let claims = self.claims();
            let t = self.honest(alg, &Self::header(alg, None), &claims)?;
            let s = self
                .spec(
                    &format!("positive/{alg}/no-kid-single-key"),
                    Level::Should,
                    Expect::Valid,
                    &[],
                    "with one key in the set, a token without kid has exactly one candidate key",
                    &["RFC 7515 §4.1.4", "RFC 7517 §4.5"],
                )
                .token(t);
            self.push(g, s);
        }
        // RFC 9864's fully-specified name for EdDSA on Ed25519.
        let jwk = self.keys.ed.jwk_kid("k-Ed25519");
        let g = self.group(vec![jwk], &["Ed25519"]);
        let claims = self.claims();
        let t = self.signed_with(
            "Ed25519",
            Some("k-Ed25519"),
            &claims,
            &self.keys.ed,
            "EdDSA",
        )?;
        let s = self
            .spec(
                "positive/Ed25519/fully-specified-name",
                Level::Should,
                Expect::Valid,
                &[],
                "RFC 9864 names EdDSA on Ed25519 `Ed25519`; a current verifier accepts it",
                &["RFC 9864 §2.2"],
            )
            .token(t);
        self.push(g, s);
        // Every JSON type in the claims, non-ASCII text.
        let g = self.main("HS256");
        let mut claims = self.claims();
        claims["name"] = json!("Zoë ✓ \"quoted\" </script> \u{1F600}");
        claims["roles"] = json!(["reader", "writer"]);
        claims["limits"] = json!({"n": 42, "neg": -7, "f": 1.5, "none": null, "yes": true});
        let t = self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)?;
        let s = self
            .spec(
                "positive/HS256/all-json-types",
                Level::Must,
                Expect::Valid,
                &[],
                "custom claims of every JSON type and non-ASCII text are plain data",
                &["RFC 7519 §4.3", "RFC 8259"],
            )
            .token(t);
        self.push(g, s);
        let mut h = Self::header("ES256", Some("k-ES256"));
        h["x-custom"] = json!({"nested": [1, 2]});
        let claims = self.claims();
        let g = self.main("ES256");
        let t = self.honest("ES256", &h, &claims)?;
        let s = self
            .spec(
                "positive/ES256/unknown-header-member",
                Level::Must,
                Expect::Valid,
                &[],
                "header parameters that are not understood must be ignored unless listed in crit",
                &["RFC 7515 §4"],
            )
            .token(t);
        self.push(g, s);
        Ok(())
    }
}
