//! JSON Web Keys (RFC 7517; key types of RFC 7518 §6 and RFC 8037 §2).
//!
//! A [`Jwk`] is the key as JSON: every RFC member is a field, with the
//! base64url members kept as text so a key round-trips byte for byte. It is
//! only data. To use a key, bind it to one algorithm with
//! [`VerifyingKey::from_jwk`] or [`SigningKey::from_jwk`]: that is where
//! every rule is checked and the `ring` key object is built, once.

mod curve;
mod der;
mod export;
mod generate;
mod import;
mod material;
mod pem;
mod prepared;
mod roca;
mod set;
mod thumbprint;

use core::fmt;

use serde::{Deserialize, Serialize};

pub use prepared::{SigningKey, VerifyingKey};
pub use set::{JwkSet, KeySource, MAX_KEYS};

pub(crate) use curve::uncompressed_point;
pub(crate) use material::Material;

use crate::error::{Error, KeyRejected, Part, Result};

/// A JSON Web Key (RFC 7517 §4), with the members of RFC 7518 §6 and RFC 8037 §2.
///
/// Members keep their RFC names. Base64url members (`n`, `x`, `k`, ...) hold
/// the encoded text. Unknown members are ignored (RFC 7517 §4); `oth`
/// (multi-prime RSA) is recognised only to be refused.
///
/// `Debug` never prints private members.
///
/// # Examples
///
/// ```
/// let jwk = jot::Jwk::from_json(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#)?;
/// assert_eq!(jwk.kty, "oct");
/// assert!(!format!("{jwk:?}").contains("AyM1"));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Jwk {
    /// "kty" (Key Type), RFC 7517 §4.1. Required: `oct`, `RSA`, `EC` or `OKP`.
    pub kty: String,
    /// "use" (Public Key Use), RFC 7517 §4.2: `sig` or `enc`.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// "key_ops" (Key Operations), RFC 7517 §4.3, e.g. `["verify"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ops: Option<Vec<String>>,
    /// "alg" (Algorithm), RFC 7517 §4.4: the one algorithm this key is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// "kid" (Key ID), RFC 7517 §4.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// "x5u" (X.509 URL), RFC 7517 §4.6. Never fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5u: Option<String>,
    /// "x5c" (X.509 Certificate Chain), RFC 7517 §4.7. Kept, never trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5c: Option<Vec<String>>,
    /// "x5t" (X.509 SHA-1 Thumbprint), RFC 7517 §4.8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5t: Option<String>,
    /// "x5t#S256" (X.509 SHA-256 Thumbprint), RFC 7517 §4.9.
    #[serde(rename = "x5t#S256", default, skip_serializing_if = "Option::is_none")]
    pub x5t_s256: Option<String>,
    /// "crv" (Curve), RFC 7518 §6.2.1.1 and RFC 8037 §2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// "x" (X Coordinate, or the Ed25519 public key), RFC 7518 §6.2.1.2, RFC 8037 §2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// "y" (Y Coordinate), RFC 7518 §6.2.1.3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// "d" (ECC Private Key, RFC 7518 §6.2.2.1, or RSA Private Exponent, §6.3.2.1). Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// "n" (Modulus), RFC 7518 §6.3.1.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// "e" (Exponent), RFC 7518 §6.3.1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// "p" (First Prime Factor), RFC 7518 §6.3.2.2. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    /// "q" (Second Prime Factor), RFC 7518 §6.3.2.3. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// "dp" (First Factor CRT Exponent), RFC 7518 §6.3.2.4. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dp: Option<String>,
    /// "dq" (Second Factor CRT Exponent), RFC 7518 §6.3.2.5. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dq: Option<String>,
    /// "qi" (First CRT Coefficient), RFC 7518 §6.3.2.6. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qi: Option<String>,
    /// "oth" (Other Primes Info), RFC 7518 §6.3.2.7. Multi-prime RSA is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oth: Option<serde_json::Value>,
    /// "k" (Key Value) of a symmetric key, RFC 7518 §6.4.1. Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<String>,
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Public members only; a secret never reaches a log through Debug.
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("use", &self.use_)
            .field("key_ops", &self.key_ops)
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("crv", &self.crv)
            .field("private", &self.is_private())
            .finish_non_exhaustive()
    }
}

/// The largest JWK or JWK Set document jot parses, in bytes.
pub const MAX_JWK_JSON: usize = 1 << 20;

impl Jwk {
    /// Parses and checks one JWK from JSON text (RFC 7517 §4).
    ///
    /// The JSON must be one object with no duplicate members, and the key
    /// must be well formed for its `kty`: members present, base64url
    /// canonical, lengths exact, RSA modulus of 2048 bits or more with an odd
    /// exponent of at least 3 and no ROCA fingerprint, EC points on their curve,
    /// Ed25519 and X25519 keys not of small order, `oct` keys not empty.
    /// (An X25519 key, RFC 8037 §2, is for JWE `ECDH-ES` only: it parses, and
    /// [`crate::VerifyingKey::from_jwk`] refuses it as `UnsupportedCurve`.)
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for bad JSON, [`Error::KeyRejected`] for a bad key.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = jot::Jwk::from_json(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
    /// assert_eq!(jwk.crv.as_deref(), Some("Ed25519"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Jwk> {
        let jwk: Jwk = crate::json::from_object(json.as_bytes(), Part::Key, MAX_JWK_JSON)?;
        jwk.check()?;
        Ok(jwk)
    }

    /// Serializes the key as compact JSON, private members included if present.
    pub fn to_json(&self) -> String {
        // A struct of strings always serializes; the fallback is unreachable.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks that the key is well formed for its `kty` (see [`Jwk::from_json`]).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] naming the rule that failed.
    pub fn check(&self) -> Result<()> {
        // An X25519 key agrees (JWE ECDH-ES) and never signs: it is checked
        // here but is no signature material, so binding it to an algorithm
        // still fails with `UnsupportedCurve`.
        if self.kty == "OKP" && self.crv.as_deref() == Some("X25519") {
            return material::check_x25519(self);
        }
        Material::from_jwk(self).map(|_| ())
    }

    /// Whether the key holds private or secret material (`d` or `k`).
    pub fn is_private(&self) -> bool {
        self.d.is_some() || self.k.is_some()
    }

    /// Whether the key is symmetric (`kty: "oct"`).
    pub fn is_symmetric(&self) -> bool {
        self.kty == "oct"
    }

    /// The public part of an asymmetric key: the same JWK without `d`, `p`,
    /// `q`, `dp`, `dq`, `qi` and `oth` (RFC 7517 §4; RFC 7518 §6.2.1, §6.3.1).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] with `UnsupportedKeyType` for an `oct` key,
    /// which has no public part.
    ///
    /// # Examples
    ///
    /// ```
    /// let private = jot::Jwk::generate(jot::Algorithm::ES256)?;
    /// let public = private.to_public()?;
    /// assert!(private.is_private() && !public.is_private());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn to_public(&self) -> Result<Jwk> {
        if self.is_symmetric() {
            return Err(KeyRejected::UnsupportedKeyType.into());
        }
        let mut public = self.clone();
        public.d = None;
        public.p = None;
        public.q = None;
        public.dp = None;
        public.dq = None;
        public.qi = None;
        public.oth = None;
        public.k = None;
        if let Some(ops) = &mut public.key_ops {
            // A public key can only verify: drop the private operations.
            ops.retain(|op| op == "verify" || op == "encrypt" || op == "wrapKey");
        }
        Ok(public)
    }
}

impl core::str::FromStr for Jwk {
    type Err = Error;

    fn from_str(s: &str) -> Result<Jwk> {
        Jwk::from_json(s)
    }
}
