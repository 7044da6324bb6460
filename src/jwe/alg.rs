//! The JWE algorithm names jot implements: key management (`alg`, RFC 7518
//! §4.1) and content encryption (`enc`, RFC 7518 §5.1).
//!
//! Only what `ring` can do is here: `dir` and direct `ECDH-ES` key
//! agreement, and AES-GCM with 128- and 256-bit keys. Every other
//! registered name (RSA1_5, RSA-OAEP*, A*KW, ECDH-ES+A*KW, A*GCMKW, PBES2-*,
//! A*CBC-HS*, A192GCM) parses to [`Error::UnsupportedAlgorithm`].

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// A key management algorithm (`alg`, RFC 7518 §4.1).
///
/// # Examples
///
/// ```
/// use jot::jwe::KeyAlg;
/// assert_eq!("ECDH-ES".parse::<KeyAlg>()?, KeyAlg::EcdhEs);
/// assert!(matches!("RSA-OAEP".parse::<KeyAlg>(), Err(jot::Error::UnsupportedAlgorithm(_))));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlg {
    /// `dir`: the shared symmetric key is the content encryption key (RFC 7518 §4.5).
    Dir,
    /// `ECDH-ES`: direct key agreement with an ephemeral key; the Concat KDF
    /// output is the content encryption key (RFC 7518 §4.6, RFC 8037 §3.2).
    EcdhEs,
}

impl KeyAlg {
    /// Every key management algorithm jot implements.
    pub const ALL: [KeyAlg; 2] = [KeyAlg::Dir, KeyAlg::EcdhEs];

    /// The registered name (RFC 7518 §4.1).
    pub fn name(self) -> &'static str {
        match self {
            KeyAlg::Dir => "dir",
            KeyAlg::EcdhEs => "ECDH-ES",
        }
    }
}

impl FromStr for KeyAlg {
    type Err = Error;

    /// Case-sensitive, like every JOSE name.
    fn from_str(name: &str) -> Result<KeyAlg> {
        KeyAlg::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| Error::UnsupportedAlgorithm(crate::error::clip(name)))
    }
}

impl fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A content encryption algorithm (`enc`, RFC 7518 §5.1): AES-GCM with a
/// 96-bit IV and a 128-bit tag (§5.3).
///
/// # Examples
///
/// ```
/// use jot::jwe::Enc;
/// assert_eq!("A256GCM".parse::<Enc>()?.key_len(), 32);
/// assert!(matches!("A128CBC-HS256".parse::<Enc>(), Err(jot::Error::UnsupportedAlgorithm(_))));
/// # Ok::<(), jot::Error>(())
/// ```
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Enc {
    /// AES-GCM with a 128-bit key (RFC 7518 §5.3).
    A128GCM,
    /// AES-GCM with a 256-bit key (RFC 7518 §5.3).
    A256GCM,
}

impl Enc {
    /// Every content encryption algorithm jot implements.
    pub const ALL: [Enc; 2] = [Enc::A128GCM, Enc::A256GCM];

    /// The registered name (RFC 7518 §5.1).
    pub fn name(self) -> &'static str {
        match self {
            Enc::A128GCM => "A128GCM",
            Enc::A256GCM => "A256GCM",
        }
    }

    /// The length of the content encryption key in bytes (RFC 7518 §5.3).
    pub fn key_len(self) -> usize {
        match self {
            Enc::A128GCM => 16,
            Enc::A256GCM => 32,
        }
    }

    /// The ring algorithm: the one place the `enc` names meet ring's statics.
    pub(crate) fn ring(self) -> &'static ring::aead::Algorithm {
        match self {
            Enc::A128GCM => &ring::aead::AES_128_GCM,
            Enc::A256GCM => &ring::aead::AES_256_GCM,
        }
    }
}

impl FromStr for Enc {
    type Err = Error;

    fn from_str(name: &str) -> Result<Enc> {
        Enc::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or_else(|| Error::UnsupportedAlgorithm(crate::error::clip(name)))
    }
}

impl fmt::Display for Enc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in KeyAlg::ALL {
            assert_eq!(a.name().parse::<KeyAlg>().ok(), Some(a));
        }
        for e in Enc::ALL {
            assert_eq!(e.name().parse::<Enc>().ok(), Some(e));
        }
    }

    #[test]
    fn names_are_case_sensitive_and_unsupported_ones_say_so() {
        for bad in [
            "DIR",
            "ecdh-es",
            "RSA1_5",
            "RSA-OAEP",
            "RSA-OAEP-256",
            "A128KW",
            "A256KW",
            "ECDH-ES+A128KW",
            "A128GCMKW",
            "PBES2-HS256+A128KW",
            "none",
        ] {
            assert_eq!(
                bad.parse::<KeyAlg>().err(),
                Some(Error::UnsupportedAlgorithm(bad.into())),
                "{bad}"
            );
        }
        for bad in ["a128gcm", "A192GCM", "A128CBC-HS256", "A256CBC-HS512"] {
            assert_eq!(
                bad.parse::<Enc>().err(),
                Some(Error::UnsupportedAlgorithm(bad.into())),
                "{bad}"
            );
        }
    }
}
