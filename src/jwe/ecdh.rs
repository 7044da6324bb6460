//! ECDH-ES direct key agreement (RFC 7518 §4.6; X25519 from RFC 8037 §3.2)
//! and the Concat KDF that turns the shared secret into the content
//! encryption key (RFC 7518 §4.6.2, NIST SP 800-56A §5.8.1).
//!
//! ring does the agreement, and validates the peer's point as it does: an
//! EC point must be on its curve and not the identity, and an X25519 point
//! of small order (all-zero shared secret, RFC 7748 §6.1) is refused. ring
//! only agrees with an *ephemeral* private key, used once and never built
//! from bytes; that is the sender's side of ECDH-ES exactly, and the reason
//! a recipient key here is single use (see [`super::EphemeralDecryptionKey`]).

use ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey};
use ring::digest;
use ring::rand::SystemRandom;

use crate::b64;
use crate::error::{Error, KeyRejected, Part, Result};
use crate::jwk::Jwk;

/// A key agreement curve for ECDH-ES.
///
/// # Examples
///
/// ```
/// assert_eq!(jot::jwe::Curve::X25519.name(), "X25519");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (`kty: EC`, RFC 7518 §6.2.1.1).
    P256,
    /// NIST P-384 (`kty: EC`, RFC 7518 §6.2.1.1).
    P384,
    /// X25519 (`kty: OKP`, RFC 8037 §2).
    X25519,
}

impl Curve {
    /// Every curve jot agrees on, in a fixed order.
    pub const ALL: [Curve; 3] = [Curve::P256, Curve::P384, Curve::X25519];

    /// The `crv` name (RFC 7518 §6.2.1.1, RFC 8037 §2).
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::X25519 => "X25519",
        }
    }

    /// The `kty` of keys on this curve.
    pub fn kty(self) -> &'static str {
        match self {
            Curve::P256 | Curve::P384 => "EC",
            Curve::X25519 => "OKP",
        }
    }

    /// Length of a coordinate (or of the X25519 public key) in bytes.
    fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 | Curve::X25519 => 32,
            Curve::P384 => 48,
        }
    }

    fn ring(self) -> &'static agreement::Algorithm {
        match self {
            Curve::P256 => &agreement::ECDH_P256,
            Curve::P384 => &agreement::ECDH_P384,
            Curve::X25519 => &agreement::X25519,
        }
    }

    /// The curve of a JWK, from its `kty` and `crv`.
    pub(crate) fn of(jwk: &Jwk) -> Result<Curve> {
        let crv = jwk.crv.as_deref();
        match (jwk.kty.as_str(), crv) {
            ("EC", Some("P-256")) => Ok(Curve::P256),
            ("EC", Some("P-384")) => Ok(Curve::P384),
            ("OKP", Some("X25519")) => Ok(Curve::X25519),
            ("EC" | "OKP", _) => Err(KeyRejected::UnsupportedCurve.into()),
            _ => Err(KeyRejected::UnsupportedKeyType.into()),
        }
    }

    /// The public point of a JWK on this curve, as ring reads it: SEC 1
    /// uncompressed `0x04 || x || y` for EC, the 32 bytes of `x` for X25519.
    /// Coordinates must be exactly their full size (RFC 7518 §6.2.1.2).
    pub(crate) fn point(self, jwk: &Jwk) -> Result<Vec<u8>> {
        if Curve::of(jwk)? != self {
            return Err(KeyRejected::WrongAlgorithm.into());
        }
        let coord = |m: &Option<String>, missing: &'static str| -> Result<Vec<u8>> {
            let text = m.as_deref().ok_or(KeyRejected::InvalidEncoding(missing))?;
            let bytes = b64::decode(text, Part::Key)
                .map_err(|_| KeyRejected::InvalidEncoding("key member is not base64url"))?;
            if bytes.len() == self.coordinate_len() {
                Ok(bytes)
            } else {
                Err(
                    KeyRejected::InvalidEncoding("key member has the wrong length for its curve")
                        .into(),
                )
            }
        };
        let x = coord(&jwk.x, "key needs x")?;
        match self {
            Curve::X25519 => {
                if jwk.y.is_some() {
                    return Err(
                        KeyRejected::InvalidEncoding("okp key has no y (RFC 8037 §2)").into(),
                    );
                }
                Ok(x)
            }
            Curve::P256 | Curve::P384 => {
                let y = coord(&jwk.y, "ec key needs y")?;
                Ok(crate::jwk::uncompressed_point(&x, &y))
            }
        }
    }

    /// The public JWK of a point in ring's encoding (the inverse of [`Curve::point`]).
    pub(crate) fn public_jwk(self, point: &[u8]) -> Result<Jwk> {
        let len = self.coordinate_len();
        let (x, y) = match self {
            Curve::X25519 => (point, None),
            Curve::P256 | Curve::P384 => {
                let body = point.get(1..).filter(|b| b.len() == 2 * len);
                let body = body.ok_or(KeyRejected::InvalidEncoding("unexpected public point"))?;
                let (x, y) = body.split_at(len);
                (x, Some(y))
            }
        };
        Ok(Jwk {
            kty: self.kty().into(),
            crv: Some(self.name().into()),
            x: Some(b64::encode(x)),
            y: y.map(b64::encode),
            ..Jwk::default()
        })
    }

    /// A fresh ephemeral key pair on this curve (RFC 7518 §4.6: a new one
    /// for every message).
    pub(crate) fn generate(self) -> Result<(EphemeralPrivateKey, Vec<u8>)> {
        let failed = |_| Error::from(KeyRejected::InvalidEncoding("key generation failed"));
        let private =
            EphemeralPrivateKey::generate(self.ring(), &SystemRandom::new()).map_err(failed)?;
        let public = private.compute_public_key().map_err(failed)?;
        Ok((private, public.as_ref().to_vec()))
    }

    /// Checks a public point by agreeing with a throwaway key: ring validates
    /// the point first, and the shared secret is dropped.
    pub(crate) fn check_point(self, point: &[u8]) -> Result<()> {
        let (ours, _) = self.generate()?;
        agree(self, ours, point, |_| ())
    }
}

impl core::str::FromStr for Curve {
    type Err = Error;

    /// Parses a JWK `crv` name (`P-256`, `P-384`, `X25519`).
    fn from_str(name: &str) -> Result<Curve> {
        Curve::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| KeyRejected::UnsupportedCurve.into())
    }
}

impl core::fmt::Display for Curve {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// ECDH with ring, then `then` on the shared secret Z.
///
/// # Errors
///
/// [`Error::KeyRejected`] with `Weak` when ring refuses the peer's point
/// (not on the curve, the identity, the wrong length, or an X25519 point of
/// small order).
pub(crate) fn agree<R>(
    curve: Curve,
    ours: EphemeralPrivateKey,
    peer: &[u8],
    then: impl FnOnce(&[u8]) -> R,
) -> Result<R> {
    agreement::agree_ephemeral(ours, &UnparsedPublicKey::new(curve.ring(), peer), then)
        .map_err(|_| KeyRejected::Weak("public key is not a valid point on its curve").into())
}

/// The longest key the Concat KDF derives here, in bytes (A256CBC-HS512's
/// 64-byte key is the longest any JWE `enc` needs, RFC 7518 §5.2.5).
const MAX_KEY_LEN: usize = 64;

/// The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as RFC 7518
/// §4.6.2 profiles it:
///
/// ```text
/// K(i) = SHA-256( be32(i) || Z || OtherInfo ),  i = 1, 2, ...
/// OtherInfo = be32(len) AlgorithmID || be32(len) PartyUInfo
///          || be32(len) PartyVInfo  || be32(keydatalen in bits)
/// ```
///
/// truncated to `key_len` bytes. For direct ECDH-ES, `algorithm_id` is the
/// `enc` value; `apu` and `apv` are the decoded header members (empty when
/// absent); SuppPrivInfo is empty.
///
/// # Errors
///
/// [`Error::KeyRejected`] for a `key_len` of 0 or over 64 bytes, or an input
/// longer than `u32::MAX` bytes.
///
/// # Examples
///
/// RFC 7518 Appendix C:
///
/// ```
/// let z = [158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156,
///          251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196];
/// let key = jot::jwe::concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 16)?;
/// assert_eq!(jot::b64::encode(key), "VqqN6vgjbSBcIijNcacQGg");
/// # Ok::<(), jot::Error>(())
/// ```
pub fn concat_kdf(
    z: &[u8],
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
    key_len: usize,
) -> Result<Vec<u8>> {
    if key_len == 0 || key_len > MAX_KEY_LEN {
        return Err(KeyRejected::InvalidEncoding("concat kdf key length out of range").into());
    }
    let be32 = |n: usize| -> Result<[u8; 4]> {
        u32::try_from(n)
            .map(u32::to_be_bytes)
            .map_err(|_| KeyRejected::InvalidEncoding("concat kdf input too long").into())
    };
    let mut out = Vec::with_capacity(key_len.div_ceil(32) * 32);
    let mut round: usize = 1;
    while out.len() < key_len {
        let mut h = digest::Context::new(&digest::SHA256);
        h.update(&be32(round)?);
        h.update(z);
        for field in [algorithm_id.as_bytes(), apu, apv] {
            h.update(&be32(field.len())?);
            h.update(field);
        }
        // SuppPubInfo: keydatalen in bits.
        h.update(&be32(key_len * 8)?);
        out.extend_from_slice(h.finish().as_ref());
        round += 1;
    }
    out.truncate(key_len);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const Z: [u8; 32] = [
        158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110,
        163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
    ];

    #[test]
    fn rfc7518_appendix_c() {
        assert_eq!(
            concat_kdf(&Z, "A128GCM", b"Alice", b"Bob", 16).ok(),
            Some(vec![
                86, 170, 141, 234, 248, 35, 109, 32, 92, 34, 40, 205, 113, 167, 16, 26
            ])
        );
    }

    #[test]
    fn every_input_changes_the_key() {
        let base = concat_kdf(&Z, "A128GCM", b"Alice", b"Bob", 16).ok();
        assert_ne!(concat_kdf(&Z, "A256GCM", b"Alice", b"Bob", 16).ok(), base);
        assert_ne!(concat_kdf(&Z, "A128GCM", b"Alice", b"", 16).ok(), base);
        assert_ne!(concat_kdf(&Z, "A128GCM", b"", b"Bob", 16).ok(), base);
        // Length prefixes keep "Alic"+"eBob" apart from "Alice"+"Bob".
        assert_ne!(concat_kdf(&Z, "A128GCM", b"Alic", b"eBob", 16).ok(), base);
        let long = concat_kdf(&Z, "A128GCM", b"Alice", b"Bob", 32).ok();
        // keydatalen is hashed in, so the 32-byte key does not extend the 16-byte one.
        assert_ne!(long.as_ref().and_then(|k| k.get(..16)), base.as_deref());
    }

    #[test]
    fn two_rounds_for_64_bytes() {
        let k = concat_kdf(&Z, "A256CBC-HS512", b"", b"", 64).ok();
        assert_eq!(k.as_ref().map(Vec::len), Some(64));
        assert!(concat_kdf(&Z, "A128GCM", b"", b"", 0).is_err());
        assert!(concat_kdf(&Z, "A128GCM", b"", b"", 65).is_err());
    }

    #[test]
    fn points_round_trip_through_jwk() {
        for curve in [Curve::P256, Curve::P384, Curve::X25519] {
            let (_, point) = curve.generate().unwrap();
            let jwk = curve.public_jwk(&point).ok();
            let back = jwk.as_ref().and_then(|j| curve.point(j).ok());
            assert_eq!(back.as_deref(), Some(&point[..]), "{curve:?}");
        }
    }

    #[test]
    fn curve_names_parse() {
        for curve in Curve::ALL {
            assert_eq!(curve.name().parse::<Curve>().ok(), Some(curve));
            assert_eq!(curve.to_string(), curve.name());
        }
        assert_eq!(
            "P-521".parse::<Curve>().err(),
            Some(KeyRejected::UnsupportedCurve.into())
        );
        assert!("x25519".parse::<Curve>().is_err());
    }

    #[test]
    fn x25519_small_order_point_is_refused() {
        assert_eq!(
            Curve::X25519.check_point(&[0; 32]).err(),
            Some(KeyRejected::Weak("public key is not a valid point on its curve").into())
        );
        assert!(Curve::P256.check_point(&[4; 65]).is_err());
    }
}
