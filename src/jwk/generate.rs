//! Key generation with ring: HMAC secrets, P-256, P-384 and Ed25519 keys.
//!
//! ring cannot generate RSA keys. Make one with OpenSSL and import the PEM:
//!
//! ```text
//! openssl genrsa -out private.pem 2048
//! openssl rsa -in private.pem -pubout -out public.pem
//! ```
//!
//! then `Jwk::from_pem(&std::fs::read_to_string("private.pem")?)`.

use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{EcdsaKeyPair, Ed25519KeyPair};

use crate::b64;
use crate::error::{KeyRejected, Result};
use crate::jwa::{self, Algorithm, Family};

use super::Jwk;

impl Jwk {
    /// Generates a new private key for `alg`, with `alg` and `use: "sig"` set.
    ///
    /// HMAC secrets are as long as the hash output (RFC 7518 §3.2). No `kid`
    /// is set; the thumbprint ([`Jwk::thumbprint`]) is a good one.
    ///
    /// # Errors
    ///
    /// [`crate::Error::KeyRejected`] with `UnsupportedKeyType` for RSA (see
    /// the module docs for OpenSSL), or if ring's random source fails.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = jot::Jwk::generate(jot::Algorithm::HS256)?;
    /// assert_eq!(jwk.kty, "oct");
    /// assert!(jot::Jwk::generate(jot::Algorithm::RS256).is_err());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn generate(alg: Algorithm) -> Result<Jwk> {
        let rng = SystemRandom::new();
        let failed = |_| KeyRejected::InvalidEncoding("random source failed");
        let mut jwk = match alg.family() {
            Family::Hmac => {
                let mut k = vec![0u8; alg.hash_len().unwrap_or(64)];
                rng.fill(&mut k).map_err(failed)?;
                Jwk {
                    kty: "oct".into(),
                    k: Some(b64::encode(&k)),
                    ..Jwk::default()
                }
            }
            Family::Ecdsa(_) => {
                let ring_alg = jwa::ecdsa::signing(alg).ok_or(KeyRejected::WrongAlgorithm)?;
                let pkcs8 = EcdsaKeyPair::generate_pkcs8(ring_alg, &rng).map_err(failed)?;
                Jwk::from_der(pkcs8.as_ref())?
            }
            Family::EdDSA => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).map_err(failed)?;
                Jwk::from_der(pkcs8.as_ref())?
            }
            Family::Rsa | Family::RsaPss => return Err(KeyRejected::UnsupportedKeyType.into()),
        };
        jwk.alg = Some(alg.name().into());
        jwk.use_ = Some("sig".into());
        Ok(jwk)
    }
}
