//! JSON Web Algorithms (RFC 7518 §3, RFC 8037, RFC 9864): the signature and
//! MAC algorithms jot implements, and the facts each one fixes.
//!
//! An [`Algorithm`] fixes everything: the hash, the padding, the curve and the
//! key type (RFC 8725 §3.1: no algorithm agility inside one name). The
//! per-family files map each variant to its `ring` primitive in one private
//! `match`, so a reader sees the whole mapping on one screen:
//!
//! | family | file | RFC |
//! |---|---|---|
//! | HS256, HS384, HS512 | `jwa/hmac.rs` | RFC 7518 §3.2 |
//! | RS256, RS384, RS512, PS256, PS384, PS512 | `jwa/rsa.rs` | RFC 7518 §3.3, §3.5 |
//! | ES256, ES384 | `jwa/ecdsa.rs` | RFC 7518 §3.4 |
//! | EdDSA, Ed25519 | `jwa/eddsa.rs` | RFC 8037 §3.1, RFC 9864 |

pub(crate) mod ecdsa;
pub(crate) mod eddsa;
pub(crate) mod hmac;
pub(crate) mod rsa;

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// A JWS algorithm jot implements (RFC 7518 §3.1 "alg" values).
///
/// Variants are spelled as the registry spells them, so code reads like the
/// RFC. There is no `none` variant: parsing `"none"` gives
/// [`Error::UnsecuredJwsRejected`], so no allow-list can contain it.
///
/// # Examples
///
/// ```
/// use jot::Algorithm;
/// let alg: Algorithm = "ES256".parse()?;
/// assert_eq!(alg, Algorithm::ES256);
/// assert_eq!(alg.name(), "ES256");
/// assert!("es256".parse::<Algorithm>().is_err()); // case-sensitive
/// assert_eq!("none".parse::<Algorithm>(), Err(jot::Error::UnsecuredJwsRejected));
/// # Ok::<(), jot::Error>(())
/// ```
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC using SHA-256 (RFC 7518 §3.2). Required.
    HS256,
    /// HMAC using SHA-384 (RFC 7518 §3.2). Optional.
    HS384,
    /// HMAC using SHA-512 (RFC 7518 §3.2). Optional.
    HS512,
    /// RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3). Recommended.
    RS256,
    /// RSASSA-PKCS1-v1_5 using SHA-384 (RFC 7518 §3.3). Optional.
    RS384,
    /// RSASSA-PKCS1-v1_5 using SHA-512 (RFC 7518 §3.3). Optional.
    RS512,
    /// RSASSA-PSS using SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5). Optional.
    PS256,
    /// RSASSA-PSS using SHA-384 and MGF1 with SHA-384 (RFC 7518 §3.5). Optional.
    PS384,
    /// RSASSA-PSS using SHA-512 and MGF1 with SHA-512 (RFC 7518 §3.5). Optional.
    PS512,
    /// ECDSA using P-256 and SHA-256 (RFC 7518 §3.4). Recommended+.
    ES256,
    /// ECDSA using P-384 and SHA-384 (RFC 7518 §3.4). Optional.
    ES384,
    /// EdDSA (RFC 8037 §3.1); jot supports the Ed25519 curve only.
    EdDSA,
    /// Ed25519, the fully-specified name for EdDSA on Ed25519 (RFC 9864).
    Ed25519,
}

/// The key family an algorithm needs; this is what binds a key to an algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Family {
    /// A symmetric `oct` key (RFC 7518 §6.4).
    Hmac,
    /// An `RSA` key (RFC 7518 §6.3), used with PKCS#1 v1.5 padding.
    Rsa,
    /// An `RSA` key (RFC 7518 §6.3), used with PSS padding.
    RsaPss,
    /// An `EC` key (RFC 7518 §6.2) on the given curve.
    Ecdsa(Curve),
    /// An `OKP` key (RFC 8037 §2) on Ed25519.
    EdDSA,
}

/// The elliptic curves jot supports, by their JWK `crv` names.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (`crv: "P-256"`, RFC 7518 §6.2.1.1).
    P256,
    /// NIST P-384 (`crv: "P-384"`, RFC 7518 §6.2.1.1).
    P384,
    /// Ed25519 (`crv: "Ed25519"`, RFC 8037 §2).
    Ed25519,
}

impl Curve {
    /// The JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::Ed25519 => "Ed25519",
        }
    }

    /// The byte length of one coordinate (or of the Ed25519 public key).
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Ed25519 => 32,
            Curve::P384 => 48,
        }
    }

    /// Parses a JWK `crv` name.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] with `UnsupportedCurve` for any other name.
    pub fn from_name(name: &str) -> Result<Curve> {
        match name {
            "P-256" => Ok(Curve::P256),
            "P-384" => Ok(Curve::P384),
            "Ed25519" => Ok(Curve::Ed25519),
            _ => Err(crate::error::KeyRejected::UnsupportedCurve.into()),
        }
    }
}

/// Registered names jot knows but does not implement (RFC 7518 §3.1, §4.1,
/// §5.1; RFC 8037; RFC 8812). They give [`Error::UnsupportedAlgorithm`].
const KNOWN_UNSUPPORTED: &[&str] = &[
    "ES512",
    "ES256K",
    "Ed448",
    "RSA1_5",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
];

impl Algorithm {
    /// Every algorithm jot implements, in registry order.
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
    ];

    /// The registered `alg` name (RFC 7518 §7.1).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    /// The key family this algorithm needs.
    pub fn family(self) -> Family {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Family::Hmac,
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => Family::Rsa,
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => Family::RsaPss,
            Algorithm::ES256 => Family::Ecdsa(Curve::P256),
            Algorithm::ES384 => Family::Ecdsa(Curve::P384),
            Algorithm::EdDSA | Algorithm::Ed25519 => Family::EdDSA,
        }
    }

    /// The JWK `kty` this algorithm needs (RFC 7518 §6.1, RFC 8037 §2).
    pub fn key_type(self) -> &'static str {
        match self.family() {
            Family::Hmac => "oct",
            Family::Rsa | Family::RsaPss => "RSA",
            Family::Ecdsa(_) => "EC",
            Family::EdDSA => "OKP",
        }
    }

    /// The hash output size in bytes, which is also the HMAC key floor
    /// (RFC 7518 §3.2); `None` for EdDSA, which has no separate hash choice.
    pub fn hash_len(self) -> Option<usize> {
        match self {
            Algorithm::HS256 | Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 => Some(32),
            Algorithm::HS384 | Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => Some(48),
            Algorithm::HS512 | Algorithm::RS512 | Algorithm::PS512 => Some(64),
            Algorithm::EdDSA | Algorithm::Ed25519 => None,
        }
    }

    /// The exact signature length in bytes for fixed-size families
    /// (HMAC, ECDSA r||s, Ed25519); `None` for RSA, where it is the modulus length.
    pub fn signature_len(self) -> Option<usize> {
        match self.family() {
            Family::Hmac => self.hash_len(),
            Family::Ecdsa(c) => Some(2 * c.coordinate_len()),
            Family::EdDSA => Some(64),
            Family::Rsa | Family::RsaPss => None,
        }
    }

    /// A one-line description for learners, used by `jot explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Algorithm::HS256 => {
                "HMAC with SHA-256: a shared 32+ byte secret MACs the signing input"
            }
            Algorithm::HS384 => {
                "HMAC with SHA-384: a shared 48+ byte secret MACs the signing input"
            }
            Algorithm::HS512 => {
                "HMAC with SHA-512: a shared 64+ byte secret MACs the signing input"
            }
            Algorithm::RS256 => "RSASSA-PKCS1-v1_5 with SHA-256 (RSA key of 2048+ bits)",
            Algorithm::RS384 => "RSASSA-PKCS1-v1_5 with SHA-384 (RSA key of 2048+ bits)",
            Algorithm::RS512 => "RSASSA-PKCS1-v1_5 with SHA-512 (RSA key of 2048+ bits)",
            Algorithm::PS256 => "RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt",
            Algorithm::PS384 => "RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt",
            Algorithm::PS512 => "RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt",
            Algorithm::ES256 => "ECDSA on P-256 with SHA-256; signature is r||s, 64 bytes",
            Algorithm::ES384 => "ECDSA on P-384 with SHA-384; signature is r||s, 96 bytes",
            Algorithm::EdDSA | Algorithm::Ed25519 => {
                "Ed25519 (RFC 8032); signature is R||S, 64 bytes"
            }
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses a registered `alg` name, case-sensitively (RFC 7515 §4.1.1).
    ///
    /// # Errors
    ///
    /// [`Error::UnsecuredJwsRejected`] for exactly `"none"`;
    /// [`Error::UnsupportedAlgorithm`] for every other name jot does not
    /// implement, known (`ES512`, `RSA1_5`) or not (`hs256`, `HS256 `).
    fn from_str(s: &str) -> Result<Algorithm> {
        if s == "none" {
            return Err(Error::UnsecuredJwsRejected);
        }
        Algorithm::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| Error::UnsupportedAlgorithm(crate::error::clip(s)))
    }
}

impl Algorithm {
    /// Whether `name` is a registered algorithm jot knows but does not implement.
    pub fn is_known_unsupported(name: &str) -> bool {
        KNOWN_UNSUPPORTED.contains(&name)
    }
}

impl serde::Serialize for Algorithm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Algorithm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in Algorithm::ALL {
            assert_eq!(alg.name().parse::<Algorithm>(), Ok(alg));
            let json = serde_json::to_string(&alg).ok();
            assert_eq!(json, Some(format!("\"{}\"", alg.name())));
        }
    }

    #[test]
    fn none_has_its_own_error() {
        assert_eq!(
            "none".parse::<Algorithm>(),
            Err(Error::UnsecuredJwsRejected)
        );
    }

    #[test]
    fn names_are_case_sensitive() {
        for s in [
            "hs256", "Hs256", "HS256 ", " HS256", "NONE", "None", "eddsa", "",
        ] {
            assert!(
                matches!(s.parse::<Algorithm>(), Err(Error::UnsupportedAlgorithm(_))),
                "{s:?}"
            );
        }
    }

    #[test]
    fn known_unsupported_names_are_unsupported() {
        for s in ["ES512", "ES256K", "RSA1_5", "HS224"] {
            assert_eq!(
                s.parse::<Algorithm>(),
                Err(Error::UnsupportedAlgorithm(s.into()))
            );
        }
        assert!(Algorithm::is_known_unsupported("ES512"));
        assert!(!Algorithm::is_known_unsupported("HS224"));
    }

    #[test]
    fn facts() {
        assert_eq!(Algorithm::ES384.family(), Family::Ecdsa(Curve::P384));
        assert_eq!(Algorithm::ES384.signature_len(), Some(96));
        assert_eq!(Algorithm::HS512.hash_len(), Some(64));
        assert_eq!(Algorithm::Ed25519.key_type(), "OKP");
        assert_eq!(Algorithm::PS256.signature_len(), None);
    }
}
