//! Keys bound to one algorithm and prepared once: [`SigningKey`] and
//! [`VerifyingKey`].
//!
//! This is where RFC 8725 §3.1 ("Perform Algorithm Verification": "each key
//! MUST be used with exactly one algorithm") becomes code. A key is bound to
//! exactly one [`Algorithm`] when it is built, and the
//! binding checks everything the key can say about itself: its `kty` and
//! `crv` must be the algorithm's, its size must meet the algorithm's floor,
//! and its own `alg`, `use` and `key_ops` members (RFC 7517 §4.2-4.4) must
//! allow the operation. The ring key object is built here, once, so
//! verifying a thousand tokens never parses the key a thousand times.

use core::fmt;

use ring::rand::SystemRandom;
use ring::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, RsaEncoding, RsaKeyPair, RsaPublicKeyComponents,
};

use crate::error::{Error, KeyRejected, Result};
use crate::jwa::{self, Algorithm, Family};

use super::curve::uncompressed_point;
use super::material::Material;
use super::Jwk;

/// The operation a key is being bound for, as RFC 7517 §4.3 names it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Sign,
    Verify,
}

impl Op {
    fn key_op(self) -> &'static str {
        match self {
            Op::Sign => "sign",
            Op::Verify => "verify",
        }
    }
}

/// Checks that `jwk` may be used for `alg` and `op`, and decodes it.
fn bind(jwk: &Jwk, alg: Algorithm, op: Op) -> Result<Material> {
    let material = Material::from_jwk(jwk)?;
    check_binding(jwk, &material, alg, op)?;
    Ok(material)
}

/// Checks that a key, already decoded into `material`, may be used for `alg`
/// and `op`. A JWK Set decodes each key once and asks this for every algorithm.
///
/// The order is the order of the questions a reader would ask: is it the
/// right kind of key, does it say it is for this algorithm, does it say it is
/// for this operation, is it public or private as the operation needs.
fn check_binding(jwk: &Jwk, material: &Material, alg: Algorithm, op: Op) -> Result<()> {
    if jwk.kty != alg.key_type() {
        return Err(KeyRejected::WrongAlgorithm.into());
    }
    // RFC 7517 §4.4: a key that names its algorithm is used for that one only.
    // EdDSA and Ed25519 name the same primitive (RFC 9864 §2.2).
    if let Some(own) = jwk.alg.as_deref() {
        let same = own == alg.name()
            || (matches!(alg, Algorithm::EdDSA | Algorithm::Ed25519)
                && (own == "EdDSA" || own == "Ed25519"));
        if !same {
            return Err(KeyRejected::WrongAlgorithm.into());
        }
    }
    // RFC 7517 §4.2: "sig" is the only use for a signature key.
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return Err(KeyRejected::WrongUse.into());
    }
    // RFC 7517 §4.3: when key_ops is present it must list the operation.
    if jwk
        .key_ops
        .as_ref()
        .is_some_and(|ops| !ops.iter().any(|o| o == op.key_op()))
    {
        return Err(KeyRejected::WrongUse.into());
    }
    if let (Family::Ecdsa(want), Material::Ec { curve, .. }) = (alg.family(), material) {
        // SECURITY.md row 4: the curve comes from the algorithm, not the key.
        if want != *curve {
            return Err(KeyRejected::WrongAlgorithm.into());
        }
    }
    let symmetric = matches!(material, Material::Oct { .. });
    match op {
        // jot's policy, not an RFC rule (SECURITY.md rule 4; panva/jose does
        // the same): a verifier is given public keys only, since a private
        // key in a verifier's hands is a deployment mistake.
        Op::Verify if !symmetric && material.is_private() => {
            Err(KeyRejected::PrivateKeyNotAllowed.into())
        }
        Op::Sign if !material.is_private() => Err(KeyRejected::PublicKeyCannotSign.into()),
        _ => Ok(()),
    }
}

/// A key that verifies signatures of exactly one algorithm.
///
/// Built once from a public JWK (or an HMAC secret); cheap to use many times.
/// `Debug` shows only the algorithm and `kid`.
///
/// # Examples
///
/// ```
/// use jot::{Algorithm, Jwk, VerifyingKey};
/// let jwk = Jwk::from_json(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
/// let key = VerifyingKey::from_jwk(&jwk, Algorithm::EdDSA)?;
/// assert_eq!(key.alg(), Algorithm::EdDSA);
/// assert!(VerifyingKey::from_jwk(&jwk, Algorithm::ES256).is_err()); // wrong family
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Clone)]
pub struct VerifyingKey {
    alg: Algorithm,
    kid: Option<String>,
    verifier: Verifier,
}

#[derive(Clone)]
enum Verifier {
    Hmac(ring::hmac::Key),
    Rsa(
        &'static signature::RsaParameters,
        RsaPublicKeyComponents<Vec<u8>>,
    ),
    /// ECDSA (SEC 1 uncompressed point) and Ed25519 (the 32-byte key).
    Point(signature::UnparsedPublicKey<Vec<u8>>),
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .finish()
    }
}

impl VerifyingKey {
    /// Binds a public JWK (or an `oct` JWK) to `alg` and prepares it.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`]: `WrongAlgorithm` (kty, crv or the JWK's own
    /// `alg` do not fit), `WrongUse` (`use` is not `sig`, or `key_ops` lacks
    /// `verify`), `PrivateKeyNotAllowed` (an asymmetric JWK with private
    /// members: use [`Jwk::to_public`]), `TooSmall`, `Weak`, `InvalidEncoding`.
    pub fn from_jwk(jwk: &Jwk, alg: Algorithm) -> Result<VerifyingKey> {
        let material = Material::from_jwk(jwk)?;
        VerifyingKey::from_material(jwk, &material, alg)
    }

    /// A verifying key from a PEM public key (SPKI, PKCS#1 or an X.509
    /// certificate), or from a PEM private key, of which only the public part
    /// is used.
    ///
    /// # Errors
    ///
    /// As [`Jwk::from_pem`] and [`VerifyingKey::from_jwk`].
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<VerifyingKey> {
        let jwk = Jwk::from_pem(pem)?;
        let public = if jwk.is_private() {
            jwk.to_public()?
        } else {
            jwk
        };
        VerifyingKey::from_jwk(&public, alg)
    }

    /// [`VerifyingKey::from_jwk`] for a key already decoded into `material`.
    pub(crate) fn from_material(
        jwk: &Jwk,
        material: &Material,
        alg: Algorithm,
    ) -> Result<VerifyingKey> {
        check_binding(jwk, material, alg, Op::Verify)?;
        let verifier = Verifier::new(alg, material)?;
        Ok(VerifyingKey {
            alg,
            kid: jwk.kid.clone(),
            verifier,
        })
    }

    /// An HMAC key from raw secret bytes (RFC 7518 §3.2).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] with `TooSmall` for a secret shorter than the
    /// hash output, `WrongAlgorithm` if `alg` is not an HMAC algorithm.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::{Algorithm, VerifyingKey};
    /// assert!(VerifyingKey::hmac(Algorithm::HS256, b"secret").is_err()); // RFC 7518 §3.2
    /// assert!(VerifyingKey::hmac(Algorithm::HS256, &[7u8; 32]).is_ok());
    /// ```
    pub fn hmac(alg: Algorithm, secret: &[u8]) -> Result<VerifyingKey> {
        Ok(VerifyingKey {
            alg,
            kid: None,
            verifier: Verifier::Hmac(jwa::hmac::key(alg, secret)?),
        })
    }

    /// The one algorithm this key verifies.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Sets the `kid` used to select this key in a set.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> VerifyingKey {
        self.kid = Some(kid.into());
        self
    }

    /// Verifies `signature` over `message` (for JWS, the ASCII signing input).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSignature`], with no detail, for any failure, including
    /// a signature of the wrong length.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        // Fixed-size families must have the exact length (SECURITY.md rule 3);
        // ring checks this too, and the explicit check documents it.
        if self
            .alg
            .signature_len()
            .is_some_and(|len| len != signature.len())
        {
            return Err(Error::InvalidSignature);
        }
        let ok = match &self.verifier {
            Verifier::Hmac(key) => return jwa::hmac::verify(key, message, signature),
            Verifier::Rsa(params, public) => {
                if public.n.len() != signature.len() {
                    return Err(Error::InvalidSignature);
                }
                public.verify(params, message, signature)
            }
            Verifier::Point(public) => public.verify(message, signature),
        };
        ok.map_err(|_| Error::InvalidSignature)
    }
}

impl Verifier {
    fn new(alg: Algorithm, material: &Material) -> Result<Verifier> {
        match material {
            Material::Oct { k } => Ok(Verifier::Hmac(jwa::hmac::key(alg, k)?)),
            Material::Rsa { n, e, .. } => {
                let params = jwa::rsa::verification(alg).ok_or(KeyRejected::WrongAlgorithm)?;
                let public = RsaPublicKeyComponents {
                    n: n.clone(),
                    e: e.clone(),
                };
                Ok(Verifier::Rsa(params, public))
            }
            Material::Ec { x, y, .. } => {
                let ring_alg = jwa::ecdsa::verification(alg).ok_or(KeyRejected::WrongAlgorithm)?;
                let point = uncompressed_point(x, y);
                Ok(Verifier::Point(signature::UnparsedPublicKey::new(
                    ring_alg, point,
                )))
            }
            Material::Okp { x, .. } => {
                let ring_alg = jwa::eddsa::verification(alg).ok_or(KeyRejected::WrongAlgorithm)?;
                Ok(Verifier::Point(signature::UnparsedPublicKey::new(
                    ring_alg,
                    x.clone(),
                )))
            }
        }
    }
}

/// A key that signs with exactly one algorithm.
///
/// Built once from a private JWK (or an HMAC secret). `Debug` shows only the
/// algorithm and `kid`, never key material. jot has no zeroize dependency, so
/// it makes no promise that memory is wiped on drop.
///
/// # Examples
///
/// ```
/// use jot::{Algorithm, Jwk, SigningKey};
/// let jwk = Jwk::generate(Algorithm::ES256)?;
/// let key = SigningKey::from_jwk(&jwk, Algorithm::ES256)?;
/// assert_eq!(key.sign(b"hello")?.len(), 64);
/// # Ok::<(), jot::Error>(())
/// ```
pub struct SigningKey {
    alg: Algorithm,
    kid: Option<String>,
    signer: Signer,
    rng: SystemRandom,
}

enum Signer {
    Hmac(ring::hmac::Key),
    /// The key pair and its padding, looked up once, as `Verifier::Rsa`.
    Rsa(&'static dyn RsaEncoding, RsaKeyPair),
    Ecdsa(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Binds a private JWK (or an `oct` JWK) to `alg` and prepares it.
    ///
    /// ring checks that the private and public members belong together (an
    /// EC `d` from another key is refused here).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`]: as [`VerifyingKey::from_jwk`], with
    /// `PublicKeyCannotSign` for a JWK without private members, and
    /// `InvalidEncoding` when ring refuses the private key.
    pub fn from_jwk(jwk: &Jwk, alg: Algorithm) -> Result<SigningKey> {
        let material = bind(jwk, alg, Op::Sign)?;
        // The key pairs were built, and so checked, when the JWK was decoded.
        let signer = match material {
            Material::Oct { k } => Signer::Hmac(jwa::hmac::key(alg, &k)?),
            Material::Rsa {
                private: Some(p), ..
            } => {
                let padding = jwa::rsa::signing(alg).ok_or(KeyRejected::WrongAlgorithm)?;
                Signer::Rsa(padding, p.pair)
            }
            Material::Ec {
                pair: Some(pair), ..
            } => Signer::Ecdsa(pair),
            Material::Okp {
                pair: Some(pair), ..
            } => Signer::Ed25519(pair),
            _ => return Err(KeyRejected::PublicKeyCannotSign.into()),
        };
        Ok(SigningKey {
            alg,
            kid: jwk.kid.clone(),
            signer,
            rng: SystemRandom::new(),
        })
    }

    /// A signing key from a PEM private key (PKCS#1, PKCS#8 or SEC1), for
    /// example one made by `openssl genrsa`.
    ///
    /// # Errors
    ///
    /// As [`Jwk::from_pem`] and [`SigningKey::from_jwk`].
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<SigningKey> {
        SigningKey::from_jwk(&Jwk::from_pem(pem)?, alg)
    }

    /// An HMAC key from raw secret bytes (RFC 7518 §3.2).
    ///
    /// # Errors
    ///
    /// As [`VerifyingKey::hmac`].
    pub fn hmac(alg: Algorithm, secret: &[u8]) -> Result<SigningKey> {
        let signer = Signer::Hmac(jwa::hmac::key(alg, secret)?);
        Ok(SigningKey {
            alg,
            kid: None,
            signer,
            rng: SystemRandom::new(),
        })
    }

    /// The one algorithm this key signs with.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The key's `kid`, if it has one; [`crate::jws::Header::for_key`] copies it.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Sets the `kid` written into headers made for this key.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> SigningKey {
        self.kid = Some(kid.into());
        self
    }

    /// Signs `message` (for JWS, the ASCII signing input).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] in the unlikely case ring fails to sign (for
    /// example, no system randomness for ECDSA or PSS).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| Error::from(KeyRejected::InvalidEncoding("ring could not sign"));
        match &self.signer {
            Signer::Hmac(key) => Ok(jwa::hmac::sign(key, message)),
            Signer::Rsa(padding, pair) => {
                let mut out = vec![0; pair.public().modulus_len()];
                pair.sign(*padding, &self.rng, message, &mut out)
                    .map_err(failed)?;
                Ok(out)
            }
            Signer::Ecdsa(pair) => Ok(pair
                .sign(&self.rng, message)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            Signer::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
        }
    }
}

#[cfg(test)]
mod tests;
