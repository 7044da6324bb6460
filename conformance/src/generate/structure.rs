//! Structure cases: wrong segment counts, JWE and JWS JSON serialization,
//! non-canonical base64url, whitespace and oversized tokens (SECURITY.md rows
//! 19, 20, 31; RFC 7515 §2, §7.1-7.2, RFC 4648 §3.5, §5, RFC 8725 §2.6).

use serde_json::json;

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::Gen;

use super::{b64u, pad, text, trailing_bits, Ctx};

impl Ctx {
    pub(super) fn structure(&mut self) -> Gen<()> {
        let g = self.main("HS256");
        let t = self.usual("HS256")?;
        let (input, sig) = t.rsplit_once('.').ok_or("token")?;
        let (h, p) = input.split_once('.').ok_or("token")?;
        let m = E::Malformed;
        let s = E::Signature;
        let seg: Vec<(&str, String, Level, &str)> = vec![
            (
                "segments/two",
                format!("{h}.{p}"),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/trailing-dot",
                format!("{t}."),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/four",
                format!("{t}.{sig}"),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/five-jwe-like",
                format!("{h}.{p}.{sig}.{p}.{sig}"),
                Level::Must,
                "SegmentCount",
            ),
            ("segments/one", h.to_owned(), Level::Must, "SegmentCount"),
            (
                "segments/empty-string",
                String::new(),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/two-dots",
                "..".to_owned(),
                Level::Must,
                "SegmentCount",
            ),
            (
                "segments/100000-dots",
                ".".repeat(100_000),
                Level::Must,
                "SegmentCount",
            ),
            (
                "whitespace/leading-space",
                format!(" {t}"),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/trailing-newline",
                format!("{t}\n"),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/space-in-signature",
                format!("{input}.{} {}", &sig[..10], &sig[10..]),
                Level::Should,
                "Whitespace",
            ),
            (
                "whitespace/crlf-in-payload",
                format!("{h}.{}\r\n{}.{sig}", &p[..20], &p[20..]),
                Level::Should,
                "Whitespace",
            ),
            (
                "base64/invalid-character",
                format!("{input}.{}!{}", &sig[..10], &sig[11..]),
                Level::Must,
                "InvalidBase64",
            ),
            (
                "base64/padded-signature",
                format!("{t}="),
                Level::Should,
                "NonCanonicalBase64",
            ),
        ];
        for (name, tok, level, flag) in seg {
            let spec = self
                .spec(
                    &format!("structure/{name}"),
                    level,
                    Expect::Invalid,
                    &[m, s],
                    "a compact JWS is exactly three base64url segments, no padding, no whitespace (RFC 7515 §7.1, §2)",
                    &["RFC 7515 §7.1", "RFC 7515 §2", "CVE-2025-30204"],
                )
                .token(tok)
                .flags(&[flag]);
            self.push(g, spec);
        }
        // Empty payload segment, signed over `h.`.
        let sig = self
            .key("HS256")
            .sign("HS256", format!("{h}.").as_bytes())?;
        let spec = self
            .spec(
                "structure/segments/empty-payload-signed",
                Level::Must,
                Expect::Invalid,
                &[m],
                "an empty payload is not a JWT claims set",
                &["RFC 7519 §7.2"],
            )
            .token(format!("{h}..{}", b64u(&sig)))
            .flags(&["SegmentCount"]);
        self.push(g, spec);
        // Padding on every segment, signed as sent.
        let claims = self.claims();
        let hp = pad(&b64u(
            text(&Self::header("HS256", Some("k-HS256"))).as_bytes(),
        ));
        let pp = pad(&b64u(text(&claims).as_bytes()));
        let t2 = self.segments(&hp, &pp, self.key("HS256"), "HS256")?;
        let spec = self
            .spec(
                "structure/base64/padded-segments-signed-as-sent",
                Level::Should,
                Expect::Invalid,
                &[m, s],
                "base64url in JWS has no padding; one token, one spelling",
                &["RFC 7515 §2", "RFC 7515 Appendix C"],
            )
            .token(format!("{t2}="))
            .flags(&["NonCanonicalBase64"]);
        self.push(g, spec);
        // Non-zero trailing bits in the last character of the signature.
        for alg in ["HS256", "ES256"] {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig) = t.rsplit_once('.').ok_or("token")?;
            let spec = self
                .spec(
                    &format!("structure/base64/trailing-bits/{alg}"),
                    Level::Should,
                    Expect::Invalid,
                    &[m, s],
                    "the unused bits of the last base64url character must be zero (canonical encoding)",
                    &["RFC 4648 §3.5", "RFC 7515 §2"],
                )
                .token(format!("{input}.{}", trailing_bits(sig)))
                .flags(&["NonCanonicalBase64"]);
            self.push(g, spec);
        }
        // The standard alphabet: an ES256 signature with '-' or '_' respelled.
        let g = self.main("ES256");
        let mut found = None;
        for _ in 0..64 {
            let t = self.usual("ES256")?;
            if t.rsplit_once('.')
                .is_some_and(|(_, s)| s.contains(['-', '_']))
            {
                found = Some(t);
                break;
            }
        }
        let t = found.ok_or("no ES256 signature with - or _ in 64 tries")?;
        let (input, sig) = t.rsplit_once('.').ok_or("token")?;
        let std_sig = sig.replace('-', "+").replace('_', "/");
        let spec = self
            .spec(
                "structure/base64/standard-alphabet",
                Level::Should,
                Expect::Invalid,
                &[m, s],
                "JWS uses the URL-safe alphabet only; + and / are not base64url",
                &["RFC 7515 §2", "RFC 4648 §5"],
            )
            .token(format!("{input}.{std_sig}"))
            .flags(&["NonCanonicalBase64"]);
        self.push(g, spec);
        // Oversized token and header, correctly signed.
        let g = self.main("HS256");
        let mut claims = self.claims();
        claims["pad"] = json!("x".repeat(1 << 20));
        let t = self.honest("HS256", &Self::header("HS256", Some("k-HS256")), &claims)?;
        let spec = self
            .spec(
                "structure/oversized/1-mib-token",
                Level::Should,
                Expect::Invalid,
                &[m],
                "a verifier bounds the work before decoding; a 1 MiB token is refused",
                &["RFC 8725 §2.6", "CVE-2025-30204"],
            )
            .token(t)
            .flags(&["Oversized"]);
        self.push(g, spec);
        let h = json!({"alg": "HS256", "kid": "k-HS256", "x-pad": "k".repeat(256 * 1024)});
        let claims = self.claims();
        let t = self.honest("HS256", &h, &claims)?;
        let spec = self
            .spec(
                "structure/oversized/256-kib-header",
                Level::Should,
                Expect::Invalid,
                &[m, E::Key],
                "a 256 KiB header is refused before it is decoded",
                &["RFC 8725 §2.6"],
            )
            .token(t)
            .flags(&["Oversized"]);
        self.push(g, spec);
        // JWS JSON serialization.
        let t = self.usual("HS256")?;
        let mut parts = t.split('.');
        let json_form = json!({
            "protected": parts.next(),
            "payload": parts.next(),
            "signature": parts.next(),
        });
        let spec = self
            .spec(
                "structure/json-serialization/flattened",
                Level::Must,
                Expect::Invalid,
                &[m],
                "a JWT uses the compact serialization only",
                &["RFC 7519 §1", "RFC 7515 §7.2", "CVE-2022-39227"],
            )
            .token(text(&json_form))
            .flags(&["JsonSerialization"]);
        self.push(g, spec);
        Ok(())
    }
}
