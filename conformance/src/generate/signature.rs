//! Signature cases: ECDSA r/s out of range and non-fixed encodings, EdDSA
//! S + L and truncation, signatures of the wrong length, flipped bits
//! (SECURITY.md rows 5-8, 11; RFC 7518 §3.4, RFC 8032 §5.1.7, RFC 7515 §5.2).

use crate::case::{ErrorClass as E, Expect, Level};
use crate::keys::{self, Gen};

use super::{b64u, text, Ctx, ALGS};

impl Ctx {
    pub(super) fn signature(&mut self) -> Gen<()> {
        // ECDSA encodings and values.
        for (alg, n) in [("ES256", &keys::P256_N[..]), ("ES384", &keys::P384_N[..])] {
            let len = n.len();
            let g = self.main(alg);
            let claims = self.claims();
            let h = Self::header(alg, Some(&Self::kid(alg)));
            let input = format!(
                "{}.{}",
                b64u(text(&h).as_bytes()),
                b64u(text(&claims).as_bytes())
            );
            let key = self.key(alg);
            let sig = key.sign(alg, input.as_bytes())?;
            let der = key.sign("DER", input.as_bytes())?;
            let (r, s) = sig.split_at(len);
            let zero = vec![0u8; len];
            let n_plus_1 = keys::add_be(n, &keys::small_be(1, len)).ok_or("n + 1")?;
            // The larger of s and n - s (both verify): s above n / 2.
            let other_s = keys::sub_be(n, s).ok_or("n - s")?;
            let high_s = if other_s.as_slice() > s {
                other_s
            } else {
                s.to_vec()
            };
            let variants: Vec<(&str, Vec<u8>, &str, Level, Expect, &[&str])> = vec![
                (
                    "der",
                    der,
                    "DerSignature",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-zero",
                    [&zero[..], s].concat(),
                    "ZeroR",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "s-zero",
                    [r, &zero[..]].concat(),
                    "ZeroS",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-and-s-zero",
                    [&zero[..], &zero[..]].concat(),
                    "ZeroR",
                    Level::Must,
                    Expect::Invalid,
                    &["RFC 7518 §3.4", "CVE-2022-21449"],
                ),
                (
                    "r-equals-n",
                    [n, s].concat(),
                    "ROutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4", "RFC 7518 §3.4"],
                ),
                (
                    "s-equals-n",
                    [r, n].concat(),
                    "SOutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4", "RFC 7518 §3.4"],
                ),
                (
                    "r-n-plus-1",
                    [&n_plus_1[..], s].concat(),
                    "ROutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4"],
                ),
                (
                    "s-all-ones",
                    [r, &vec![0xff; len][..]].concat(),
                    "SOutOfRange",
                    Level::Must,
                    Expect::Invalid,
                    &["SEC 1 §4.1.4"],
                ),
                (
                    "high-s",
                    [r, &high_s[..]].concat(),
                    "HighS",
                    Level::Should,
                    Expect::Acceptable,
                    &["RFC 7518 §3.4", "SEC 1 §4.1.4"],
                ),
            ];
            for (name, bytes, flag, level, expect, refs) in variants {
                let t = format!("{input}.{}", b64u(&bytes));
                let spec = self
                    .spec(
                        &format!("signature/ecdsa/{alg}/{name}"),
                        level,
                        expect,
                        &[E::Signature, E::Malformed],
                        "JWS ECDSA is fixed-width r||s with 0 < r, s < n; anything else must not verify",
                        refs,
                    )
                    .token(t)
                    .flags(&[flag]);
                self.push(g, spec);
            }
        }
        // Truncated and extended signatures.
        for alg in ["HS256", "RS256", "ES256", "EdDSA"] {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
            let sig = jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
            let half = sig.len() / 2;
            let variants: Vec<(&str, Vec<u8>, &str)> = vec![
                ("empty", Vec::new(), "SignatureStripped"),
                (
                    "last-byte-removed",
                    sig[..sig.len() - 1].to_vec(),
                    "Truncated",
                ),
                ("half", sig[..half].to_vec(), "Truncated"),
                ("byte-appended", [&sig[..], &[0u8]].concat(), "Extended"),
                (
                    "zero-prepended",
                    [&[0u8][..], &sig[..]].concat(),
                    "Extended",
                ),
            ];
            for (name, bytes, flag) in variants {
                let spec = self
                    .spec(
                        &format!("signature/length/{alg}/{name}"),
                        Level::Must,
                        Expect::Invalid,
                        &[E::Signature, E::Malformed],
                        "the signature has exactly the algorithm's length; a prefix or extension must not verify",
                        &["RFC 7515 §5.2", "RFC 7518 §3", "CVE-2020-28042"],
                    )
                    .token(format!("{input}.{}", b64u(&bytes)))
                    .flags(&[flag]);
                self.push(g, spec);
            }
        }
        // One bit flipped, every algorithm.
        for alg in ALGS {
            let g = self.main(alg);
            let t = self.usual(alg)?;
            let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
            let mut sig =
                jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
            let mid = sig.len() / 2;
            if let Some(b) = sig.get_mut(mid) {
                *b ^= 0x01;
            }
            let spec = self
                .spec(
                    &format!("signature/bit-flip/{alg}"),
                    Level::Must,
                    Expect::Invalid,
                    &[E::Signature],
                    "a signature with one bit changed must not verify",
                    &["RFC 7515 §5.2"],
                )
                .token(format!("{input}.{}", b64u(&sig)))
                .flags(&["BitFlip"]);
            self.push(g, spec);
        }
        // Ed25519 S + L (RFC 8032 §5.1.7: S must be below L).
        let g = self.main("EdDSA");
        let t = self.usual("EdDSA")?;
        let (input, sig64) = t.rsplit_once('.').ok_or("token")?;
        let sig = jot::b64::decode(sig64, jot::Part::Signature).map_err(|e| e.to_string())?;
        let (r, s) = sig.split_at(32);
        let mut s_le: Vec<u8> = s.to_vec();
        s_le.reverse();
        let mut l_be = keys::ED25519_L.to_vec();
        l_be.reverse();
        let mut sum = keys::add_be(&s_le, &l_be).ok_or("S + L")?;
        sum.reverse();
        let spec = self
            .spec(
                "signature/eddsa/s-plus-l",
                Level::Must,
                Expect::Invalid,
                &[E::Signature, E::Malformed],
                "an Ed25519 signature with S >= L is malleable and must be rejected",
                &["RFC 8032 §5.1.7", "RFC 8037 §3.1"],
            )
            .token(format!("{input}.{}", b64u(&[r, &sum[..]].concat())))
            .flags(&["SOutOfRange"]);
        self.push(g, spec);
        Ok(())
    }
}
