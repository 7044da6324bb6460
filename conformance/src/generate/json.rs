//! JSON cases: duplicate members, invalid JSON and UTF-8, non-object header
//! or payload, deep nesting, odd numbers and Unicode escapes in the header and
//! claims (SECURITY.md rows 18, 21-24, 31; RFC 8259, RFC 7515 §5.2, §10.12,
//! RFC 7519 §7.2, RFC 8725 §2.6, §3.7).

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::Gen;

use super::{Ctx, AUD, ISS};

impl Ctx {
    pub(super) fn json(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let hk = r#""kid":"k-HS256""#;
        let now = self.now;
        let good = |s: &mut Ctx| -> String {
            format!(
                r#""iss":"{ISS}","aud":"{AUD}","exp":{},"jti":"{}""#,
                now + 600,
                s.rng.hex(8)
            )
        };
        let h_ok = format!(r#"{{"alg":"HS256",{hk}}}"#);
        type Row = (
            String,
            String,
            String,
            Level,
            Vec<E>,
            &'static str,
            &'static str,
            Vec<&'static str>,
        );
        let mut rows: Vec<Row> = Vec::new();
        let dup_refs = vec![
            "RFC 7515 §5.2",
            "RFC 7519 §4",
            "RFC 8725 §3.7",
            "CVE-2022-39227",
        ];
        let c = good(self);
        rows.push((
            "duplicate/header-alg".into(),
            r#"{"alg":"HS384","alg":"HS256","kid":"k-HS256"}"#.into(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Algorithm],
            "DuplicateMember",
            "duplicate members let two parsers read two different headers",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/header-kid".into(),
            r#"{"alg":"HS256","kid":"other","kid":"k-HS256"}"#.into(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Key],
            "DuplicateMember",
            "duplicate members let two parsers read two different headers",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-sub".into(),
            h_ok.clone(),
            format!(r#"{{"sub":"alice","sub":"admin",{c}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "two parsers may read two different subjects from one token",
            dup_refs.clone(),
        ));
        let c = good(self).replace(
            &format!(r#""exp":{}"#, now + 600),
            &format!(r#""exp":{},"exp":{}"#, now + 600, now - 3600),
        );
        rows.push((
            "duplicate/claims-exp-last-expired".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Malformed, E::Expired],
            "DuplicateMember",
            "RFC 7515 §5.2 allows only reject or last-wins; the last exp has passed",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-iss-last-evil".into(),
            h_ok.clone(),
            format!(r#"{{{c},"iss":"https://evil.example"}}"#),
            Level::Must,
            vec![E::Malformed, E::Issuer],
            "DuplicateMember",
            "reject or last-wins; the last iss is not the expected issuer",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-aud-last-other".into(),
            h_ok.clone(),
            format!(r#"{{{c},"aud":"someone-else"}}"#),
            Level::Must,
            vec![E::Malformed, E::Audience],
            "DuplicateMember",
            "reject or last-wins; the last aud is another audience",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-nested".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":{{"role":"user","role":"admin"}}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "duplicates inside custom claims are as ambiguous",
            dup_refs.clone(),
        ));
        let c = good(self);
        rows.push((
            "duplicate/claims-depth-3".into(),
            h_ok.clone(),
            format!(r#"{{{c},"a":{{"b":{{"c":1,"c":2}}}}}}"#),
            Level::Should,
            vec![E::Malformed],
            "DuplicateMember",
            "duplicates at every level are ambiguous",
            dup_refs.clone(),
        ));
        // Nesting bombs.
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let c = good(self);
        rows.push((
            "nesting/header-10000".into(),
            format!(r#"{{"alg":"HS256",{hk},"x":{}}}"#, deep(10_000)),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        let c = good(self);
        rows.push((
            "nesting/claims-10000".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":{}}}"#, deep(10_000)),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        let c = good(self);
        rows.push((
            "nesting/claims-100000-objects".into(),
            h_ok.clone(),
            format!(
                r#"{{{c},"x":{}1{}}}"#,
                r#"{"a":"#.repeat(100_000),
                "}".repeat(100_000)
            ),
            Level::Should,
            vec![E::Malformed],
            "DeepNesting",
            "deep nesting exhausts recursive parsers; bound the depth",
            vec!["RFC 8725 §2.6", "RFC 8259 §9"],
        ));
        // Surrogates, BOM, numbers.
        let c = good(self);
        rows.push((
            "unicode/lone-surrogate".into(),
            h_ok.clone(),
            format!(r#"{{{c},"sub":"\ud800"}}"#),
            Level::Should,
            vec![E::Malformed],
            "LoneSurrogate",
            "a lone surrogate is no Unicode text; parsers disagree on it",
            vec!["RFC 8259 §8.2", "RFC 8725 §3.7"],
        ));
        let c = good(self);
        rows.push((
            "unicode/bom-claims".into(),
            h_ok.clone(),
            format!("\u{feff}{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "Bom",
            "a BOM may be refused or ignored",
            vec!["RFC 8259 §8.1"],
        ));
        let c = good(self);
        rows.push((
            "unicode/bom-header".into(),
            format!("\u{feff}{h_ok}"),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed],
            "Bom",
            "a BOM may be refused or ignored",
            vec!["RFC 8259 §8.1"],
        ));
        let c = good(self);
        rows.push((
            "number/nbf-1e400".into(),
            h_ok.clone(),
            format!(r#"{{{c},"nbf":1e400}}"#),
            Level::Must,
            vec![E::NotYetValid, E::Malformed, E::Claim],
            "HugeNumber",
            "an nbf beyond f64 is in the future, or malformed; never absent or wrapped",
            vec!["RFC 7519 §4.1.5", "RFC 8259 §6", "CVE-2026-25537"],
        ));
        let c = good(self);
        rows.push((
            "number/nbf-2-pow-70".into(),
            h_ok.clone(),
            format!(r#"{{{c},"nbf":1180591620717411303424}}"#),
            Level::Must,
            vec![E::NotYetValid, E::Malformed, E::Claim],
            "HugeNumber",
            "an nbf beyond 64 bits is in the future, or malformed; never wrapped",
            vec!["RFC 7519 §4.1.5", "RFC 8259 §6"],
        ));
        let c = good(self).replace(&format!(r#""exp":{}"#, now + 600), r#""exp":-1"#);
        rows.push((
            "number/exp-negative".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Expired, E::Malformed, E::Claim],
            "HugeNumber",
            "a negative exp is long past",
            vec!["RFC 7519 §4.1.4"],
        ));
        let c = good(self).replace(&format!(r#""exp":{}"#, now + 600), r#""exp":0"#);
        rows.push((
            "number/exp-zero".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Expired, E::Malformed, E::Claim],
            "TimeBoundary",
            "exp 0 is 1970, not \"no expiry\"",
            vec!["RFC 7519 §4.1.4"],
        ));
        let c = good(self).replace(
            &format!(r#""exp":{}"#, now + 600),
            &format!(r#""exp":1{}"#, "0".repeat(5000)),
        );
        rows.push((
            "number/exp-5001-digits".into(),
            h_ok.clone(),
            format!("{{{c}}}"),
            Level::Should,
            vec![E::Malformed, E::Claim],
            "HugeNumber",
            "a 5001-digit exp is far future or refused; never a crash",
            vec!["RFC 8725 §2.6", "RFC 8259 §6"],
        ));
        // Not an object.
        for (name, p) in [
            ("array", "[]".to_owned()),
            ("string", "\"claims\"".into()),
            ("number", "1".into()),
            ("null", "null".into()),
            ("true", "true".into()),
        ] {
            rows.push((
                format!("not-object/claims-{name}"),
                h_ok.clone(),
                p,
                Level::Must,
                vec![E::Malformed, E::Claim],
                "NotObject",
                "the claims set is a JSON object",
                vec!["RFC 7519 §7.2"],
            ));
        }
        for (name, h) in [
            ("array", r#"["HS256"]"#),
            ("string", r#""HS256""#),
            ("null", "null"),
        ] {
            let c = good(self);
            rows.push((
                format!("not-object/header-{name}"),
                h.into(),
                format!("{{{c}}}"),
                Level::Must,
                vec![E::Malformed, E::Algorithm],
                "NotObject",
                "the JOSE header is a JSON object",
                vec!["RFC 7515 §5.2"],
            ));
        }
        // Not JSON at all.
        let c = good(self);
        rows.push((
            "invalid/claims-trailing-garbage".into(),
            h_ok.clone(),
            format!("{{{c}}}x"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "input followed by extra characters must be invalid",
            vec!["RFC 7515 §10.12", "RFC 8259 §2"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-trailing-comma".into(),
            h_ok.clone(),
            format!("{{{c},}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "strict JSON has no trailing comma",
            vec!["RFC 8259 §4"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-comment".into(),
            h_ok.clone(),
            format!("{{{c} /* admin */}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "strict JSON has no comments",
            vec!["RFC 8259 §2"],
        ));
        let c = good(self);
        rows.push((
            "invalid/claims-nan".into(),
            h_ok.clone(),
            format!(r#"{{{c},"x":NaN}}"#),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "NaN is not JSON",
            vec!["RFC 8259 §6"],
        ));
        let c = good(self);
        rows.push((
            "invalid/header-trailing-garbage".into(),
            format!("{h_ok} x"),
            format!("{{{c}}}"),
            Level::Must,
            vec![E::Malformed],
            "InvalidJson",
            "input followed by extra characters must be invalid",
            vec!["RFC 7515 §10.12"],
        ));
        for (name, header, payload, level, errors, flag, why, refs) in rows {
            let t = self.raw(
                header.as_bytes(),
                payload.as_bytes(),
                self.key("HS256"),
                "HS256",
            )?;
            let spec = self
                .spec(
                    &format!("json/{name}"),
                    level,
                    Expect::Invalid,
                    &errors,
                    why,
                    &refs,
                )
                .token(t)
                .flags(&[flag]);
            let spec = if name.starts_with("unicode/bom") || name == "number/exp-5001-digits" {
                let mut spec = spec;
                spec.0.result = Expect::Acceptable;
                spec
            } else {
                spec
            };
            self.push(g, spec);
        }
        // Invalid UTF-8, as raw bytes.
        let c = good(self);
        let utf8: [(&str, Vec<u8>, bool); 5] = [
            (
                "claims-ff",
                [format!(r#"{{{c},"sub":"al"#).as_bytes(), &[0xff], b"ice\"}"].concat(),
                false,
            ),
            (
                "claims-overlong-slash",
                [
                    format!(r#"{{{c},"sub":"a"#).as_bytes(),
                    &[0xc0, 0xaf],
                    b"\"}",
                ]
                .concat(),
                false,
            ),
            (
                "claims-lone-continuation",
                [format!(r#"{{{c},"sub":"a"#).as_bytes(), &[0x80], b"\"}"].concat(),
                false,
            ),
            (
                "claims-truncated-sequence",
                [
                    format!(r#"{{{c},"sub":"a"#).as_bytes(),
                    &[0xe2, 0x82],
                    b"\"}",
                ]
                .concat(),
                false,
            ),
            (
                "header-ff",
                [
                    br#"{"alg":"HS256","kid":"k-HS256","x":""#.as_slice(),
                    &[0xff],
                    b"\"}",
                ]
                .concat(),
                true,
            ),
        ];
        for (name, bytes, is_header) in utf8 {
            let (h, p) = if is_header {
                (bytes, format!("{{{}}}", good(self)).into_bytes())
            } else {
                (h_ok.clone().into_bytes(), bytes)
            };
            let t = self.raw(&h, &p, self.key("HS256"), "HS256")?;
            let spec = self
                .spec(
                    &format!("json/utf8/{name}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Malformed],
                    "header and claims are UTF-8; lossy decoding makes signed bytes and read claims differ",
                    &["RFC 7519 §7.2", "RFC 8725 §3.7", "RFC 8259 §8.1"],
                )
                .token(t)
                .flags(&["InvalidUtf8"]);
            self.push(g, spec);
        }
        Ok(())
    }
}
