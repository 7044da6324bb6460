//! Claim cases: `exp`/`nbf`/`iat` boundaries, leeway and types, required
//! claims, `iss`, `aud` and `typ` checks (SECURITY.md rows 24-29; RFC 7519
//! §4.1, RFC 8725 §3, §3.8-3.11).

use serde_json::{json, Value};

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::Gen;

use super::{Ctx, AUD, ISS};

impl Ctx {
    fn claims_token(
        &mut self,
        edit: impl FnOnce(&mut serde_json::Map<String, Value>),
    ) -> Gen<String> {
        let mut claims = self.claims();
        if let Some(map) = claims.as_object_mut() {
            edit(map);
        }
        self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)
    }

    pub(super) fn claim_cases(&mut self) -> Gen<()> {
        let now = self.now;
        let g = self.main("HS256");
        let x = E::Expired;
        let n = E::NotYetValid;
        // exp, nbf, iat around the clock.
        type Time = (
            &'static str,
            Value,
            Value,
            u64,
            Level,
            Expect,
            Vec<E>,
            &'static str,
        );
        let times: Vec<Time> = vec![
            (
                "exp-equals-now",
                json!(now),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "the current time must be before exp; exp == now has expired",
            ),
            (
                "exp-1s-ago",
                json!(now - 1),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "exp has passed",
            ),
            (
                "exp-30s-ago-leeway-60",
                json!(now - 30),
                json!(now - 100),
                60,
                Level::Should,
                Expect::Valid,
                vec![],
                "within the configured leeway, a just-expired token is accepted",
            ),
            (
                "exp-61s-ago-leeway-60",
                json!(now - 61),
                json!(now - 100),
                60,
                Level::Must,
                Expect::Invalid,
                vec![x],
                "beyond the leeway, exp has passed",
            ),
            (
                "exp-fraction-future",
                json!(now as f64 + 600.5),
                json!(now - 10),
                0,
                Level::Should,
                Expect::Valid,
                vec![],
                "NumericDate may be non-integer",
            ),
            (
                "exp-fraction-past",
                json!(now as f64 - 0.5),
                json!(now - 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![x, E::Malformed, E::Claim],
                "a fractional exp half a second ago has passed",
            ),
            (
                "nbf-equals-now",
                json!(now + 600),
                json!(now),
                0,
                Level::Should,
                Expect::Valid,
                vec![],
                "nbf == now: the token may be accepted from nbf on",
            ),
            (
                "nbf-in-10s",
                json!(now + 600),
                json!(now + 10),
                0,
                Level::Must,
                Expect::Invalid,
                vec![n],
                "the token must not be accepted before nbf",
            ),
            (
                "nbf-in-30s-leeway-60",
                json!(now + 600),
                json!(now + 30),
                60,
                Level::Should,
                Expect::Valid,
                vec![],
                "within the leeway, nbf slightly ahead is accepted",
            ),
            (
                "nbf-in-90s-leeway-60",
                json!(now + 600),
                json!(now + 90),
                60,
                Level::Must,
                Expect::Invalid,
                vec![n],
                "beyond the leeway, nbf is in the future",
            ),
        ];
        for (name, exp, nbf, leeway, level, expect, errors, why) in times {
            let t = self.claims_token(|m| {
                m.insert("exp".into(), exp);
                m.insert("nbf".into(), nbf);
                m.insert("iat".into(), json!(now - 100));
            })?;
            let s = self
                .spec(
                    &format!("claims/time/{name}"),
                    level,
                    expect,
                    &errors,
                    why,
                    &["RFC 7519 §4.1.4", "RFC 7519 §4.1.5"],
                )
                .token(t)
                .leeway(leeway)
                .flags(&["TimeBoundary"]);
            self.push(g, s);
        }
        let t = self.claims_token(|m| {
            m.insert("iat".into(), json!(now + 3600));
        })?;
        let s = self
            .spec(
                "claims/time/iat-in-future",
                Level::Should,
                Expect::Acceptable,
                &[n, E::Claim],
                "RFC 7519 does not forbid a future iat; refusing it is common hardening",
                &["RFC 7519 §4.1.6"],
            )
            .token(t)
            .flags(&["TimeBoundary"]);
        self.push(g, s);
        // Type confusion (the CVE-2026-25537 class: a mistyped claim read as absent).
        let tc = [E::Malformed, E::Claim];
        let conf: Vec<(&str, &str, Value, Level, Vec<E>)> = vec![
            (
                "exp-string-past",
                "exp",
                json!((now - 3600).to_string()),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-string-future",
                "exp",
                json!((now + 600).to_string()),
                Level::Should,
                tc.to_vec(),
            ),
            (
                "exp-null",
                "exp",
                Value::Null,
                Level::Must,
                [&tc[..], &[x, E::MissingClaim]].concat(),
            ),
            (
                "exp-true",
                "exp",
                json!(true),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-array",
                "exp",
                json!([now - 3600]),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "exp-object",
                "exp",
                json!({"t": now - 3600}),
                Level::Must,
                [&tc[..], &[x]].concat(),
            ),
            (
                "nbf-string-future",
                "nbf",
                json!((now + 3600).to_string()),
                Level::Must,
                [&tc[..], &[n]].concat(),
            ),
            (
                "nbf-array-future",
                "nbf",
                json!([now + 3600]),
                Level::Must,
                [&tc[..], &[n]].concat(),
            ),
            (
                "iss-array-evil-first",
                "iss",
                json!(["https://evil.example", ISS]),
                Level::Must,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-array-single",
                "iss",
                json!([ISS]),
                Level::Should,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-number",
                "iss",
                json!(42),
                Level::Must,
                [&tc[..], &[E::Issuer]].concat(),
            ),
            (
                "iss-null",
                "iss",
                Value::Null,
                Level::Must,
                [&tc[..], &[E::Issuer, E::MissingClaim]].concat(),
            ),
            (
                "aud-number",
                "aud",
                json!(42),
                Level::Must,
                [&tc[..], &[E::Audience]].concat(),
            ),
            (
                "aud-object",
                "aud",
                json!({"aud": AUD}),
                Level::Must,
                [&tc[..], &[E::Audience]].concat(),
            ),
            (
                "aud-null",
                "aud",
                Value::Null,
                Level::Must,
                [&tc[..], &[E::Audience, E::MissingClaim]].concat(),
            ),
            (
                "aud-array-with-number",
                "aud",
                json!([AUD, 42]),
                Level::Should,
                [&tc[..], &[E::Audience]].concat(),
            ),
            ("sub-number", "sub", json!(42), Level::Should, tc.to_vec()),
            (
                "sub-array",
                "sub",
                json!(["alice"]),
                Level::Should,
                tc.to_vec(),
            ),
        ];
        for (name, claim, value, level, errors) in conf {
            let t = self.claims_token(|m| {
                m.insert(claim.into(), value);
            })?;
            let s = self
                .spec(
                    &format!("claims/type/{name}"),
                    level,
                    Expect::Invalid,
                    &errors,
                    "a registered claim of the wrong JSON type is malformed, never absent and never coerced",
                    &["RFC 7519 §4.1", "RFC 7519 §2", "CVE-2026-25537", "GHSA-h395-gr6q-cpjc"],
                )
                .token(t)
                .flags(&["ClaimType"]);
            self.push(g, s);
        }
        // Audience.
        let a = E::Audience;
        let aud: Vec<(
            &str,
            Option<Value>,
            Option<&str>,
            Expect,
            Level,
            Vec<E>,
            &str,
        )> = vec![
            (
                "array-contains",
                Some(json!(["someone-else", AUD])),
                Some(AUD),
                Expect::Valid,
                Level::Must,
                vec![],
                "aud may be an array; one element naming the verifier suffices",
            ),
            (
                "array-without",
                Some(json!(["someone-else"])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "no element names the verifier",
            ),
            (
                "array-empty",
                Some(json!([])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a, E::MissingClaim, E::Claim],
                "an empty audience names nobody",
            ),
            (
                "empty-string",
                Some(json!("")),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "an empty string is not the verifier",
            ),
            (
                "prefix",
                Some(json!(format!("{AUD}-admin"))),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is exact, not by prefix",
            ),
            (
                "substring",
                Some(json!(&AUD[..AUD.len() - 3])),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is exact, not by substring",
            ),
            (
                "case",
                Some(json!(AUD.to_uppercase())),
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a],
                "audience match is case-sensitive",
            ),
            (
                "missing",
                None,
                Some(AUD),
                Expect::Invalid,
                Level::Must,
                vec![a, E::MissingClaim],
                "a verifier with an audience requires aud",
            ),
            (
                "present-not-configured",
                Some(json!(AUD)),
                None,
                Expect::Invalid,
                Level::Must,
                vec![a],
                "a principal that does not identify with aud must reject the token",
            ),
        ];
        for (name, value, configured, expect, level, errors, why) in aud {
            let t = self.claims_token(|m| match value {
                Some(v) => {
                    m.insert("aud".into(), v);
                }
                None => {
                    m.remove("aud");
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/aud/{name}"),
                    level,
                    expect,
                    &errors,
                    why,
                    &["RFC 7519 §4.1.3", "RFC 8725 §3.9", "CVE-2020-26160"],
                )
                .token(t)
                .audience(configured)
                .flags(&["AudienceMismatch"]);
            self.push(g, s);
        }
        // Issuer.
        let iss: Vec<(&str, Option<Value>, &str)> = vec![
            (
                "other",
                Some(json!("https://evil.example")),
                "iss is compared exactly with the expected issuer",
            ),
            (
                "trailing-slash",
                Some(json!(format!("{ISS}/"))),
                "no normalisation: a trailing slash is another issuer",
            ),
            (
                "case",
                Some(json!(ISS.to_uppercase())),
                "iss comparison is case-sensitive",
            ),
            (
                "prefix",
                Some(json!(format!("{ISS}.evil"))),
                "iss comparison is not by prefix",
            ),
            (
                "missing",
                None,
                "a verifier with an expected issuer requires iss",
            ),
        ];
        for (name, value, why) in iss {
            let t = self.claims_token(|m| match value {
                Some(v) => {
                    m.insert("iss".into(), v);
                }
                None => {
                    m.remove("iss");
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/iss/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Issuer, E::MissingClaim],
                    why,
                    &["RFC 7519 §4.1.1", "RFC 8725 §3.8"],
                )
                .token(t)
                .flags(&["IssuerMismatch"]);
            self.push(g, s);
        }
        // Required claims.
        let req: Vec<(&str, &str, &[&str])> = vec![
            ("exp-missing", "exp", &["exp"]),
            ("sub-missing", "sub", &["exp", "sub"]),
            ("jti-missing", "jti", &["exp", "jti"]),
            ("exp-missing-EXP-present", "exp", &["exp"]),
        ];
        for (name, remove, required) in req {
            let t = self.claims_token(|m| {
                m.remove(remove);
                if name.ends_with("EXP-present") {
                    m.insert("EXP".into(), json!(now + 600));
                }
            })?;
            let s = self
                .spec(
                    &format!("claims/required/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::MissingClaim, x],
                    "a claim the verifier requires must be present; names are case-sensitive",
                    &["RFC 7519 §4", "RFC 8725 §3"],
                )
                .token(t)
                .required(required)
                .flags(&["MissingClaim"]);
            self.push(g, s);
        }
        // typ, with no typ expected.
        for (name, typ, level) in [
            ("missing", None, Level::Must),
            ("lowercase-jwt", Some("jwt"), Level::Should),
            ("at+jwt", Some("at+jwt"), Level::Should),
        ] {
            let mut h = json!({"alg": "HS256", "kid": "k-HS256"});
            if let Some(typ) = typ {
                h["typ"] = json!(typ);
            }
            let claims = self.claims();
            let t = self.honest("HS256", &h, &claims)?;
            let s = self
                .spec(
                    &format!("claims/typ/{name}"),
                    level,
                    Expect::Valid,
                    &[],
                    "typ is optional and, when no type is expected, informational",
                    &["RFC 7519 §5.1", "RFC 8725 §3.11"],
                )
                .token(t)
                .flags(&["Typ"]);
            self.push(g, s);
        }
        Ok(())
    }
}
