//! HMAC with SHA-2 (RFC 7518 §3.2): HS256, HS384, HS512.
//!
//! # Algorithm Details
//!
//! The MAC is HMAC (RFC 2104) over the ASCII signing input
//! `BASE64URL(header) || '.' || BASE64URL(payload)`. RFC 7518 §3.2 says a key
//! of the same size as the hash output or larger MUST be used, so jot refuses
//! shorter keys when they are bound to an algorithm. Verification recomputes
//! the MAC and compares in constant time with `ring::hmac::verify` (RFC 7515
//! §10.9); jot never compares MAC bytes itself.

use ring::hmac;

use crate::error::{Error, KeyRejected, Result};
use crate::jwa::Algorithm;

/// The ring HMAC algorithm for each JWA name; `None` outside the family.
fn ring_alg(alg: Algorithm) -> Option<hmac::Algorithm> {
    match alg {
        Algorithm::HS256 => Some(hmac::HMAC_SHA256),
        Algorithm::HS384 => Some(hmac::HMAC_SHA384),
        Algorithm::HS512 => Some(hmac::HMAC_SHA512),
        _ => None,
    }
}

/// Builds the ring key, refusing secrets shorter than the hash (RFC 7518 §3.2).
pub(crate) fn key(alg: Algorithm, secret: &[u8]) -> Result<hmac::Key> {
    let ring_alg = ring_alg(alg).ok_or(KeyRejected::WrongAlgorithm)?;
    let floor = alg.hash_len().unwrap_or(usize::MAX);
    if secret.is_empty() || secret.len() < floor {
        return Err(KeyRejected::TooSmall {
            alg: Some(alg),
            min: floor,
            actual: secret.len(),
        }
        .into());
    }
    Ok(hmac::Key::new(ring_alg, secret))
}

/// Computes the MAC of `message`.
pub(crate) fn sign(key: &hmac::Key, message: &[u8]) -> Vec<u8> {
    hmac::sign(key, message).as_ref().to_vec()
}

/// Checks the MAC in constant time; a length mismatch is a failure.
pub(crate) fn verify(key: &hmac::Key, message: &[u8], mac: &[u8]) -> Result<()> {
    hmac::verify(key, message, mac).map_err(|_| Error::InvalidSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_floor_is_the_hash_length() {
        assert_eq!(
            key(Algorithm::HS256, &[7; 31]).err(),
            Some(
                KeyRejected::TooSmall {
                    alg: Some(Algorithm::HS256),
                    min: 32,
                    actual: 31
                }
                .into()
            )
        );
        assert!(key(Algorithm::HS256, &[7; 32]).is_ok());
        assert!(key(Algorithm::HS384, &[7; 47]).is_err());
        assert!(key(Algorithm::HS512, &[7; 63]).is_err());
        assert!(key(Algorithm::HS512, &[7; 64]).is_ok());
        assert!(key(Algorithm::HS256, &[]).is_err());
        assert!(key(Algorithm::ES256, &[7; 64]).is_err());
    }

    #[test]
    fn prefix_and_empty_macs_fail() {
        let k = key(Algorithm::HS256, &[1; 32]).ok();
        let k = k.as_ref();
        let mac = k.map(|k| sign(k, b"msg")).unwrap_or_default();
        assert_eq!(k.map(|k| verify(k, b"msg", &mac)), Some(Ok(())));
        assert_eq!(
            k.map(|k| verify(k, b"msg", &[])),
            Some(Err(Error::InvalidSignature))
        );
        assert_eq!(
            k.map(|k| verify(k, b"msg", mac.get(..16).unwrap_or(&[]))),
            Some(Err(Error::InvalidSignature))
        );
        let mut long = mac.clone();
        long.push(0);
        assert_eq!(
            k.map(|k| verify(k, b"msg", &long)),
            Some(Err(Error::InvalidSignature))
        );
    }
}
