//! JWK Sets (RFC 7517 §5) and choosing a key for a token by `kid`.
//!
//! A token never brings its own key (RFC 8725 §3.10): the header's `kid`
//! only *selects*, by exact match, a key the caller already trusts. The
//! [`KeySource`] trait is that selection; a single [`VerifyingKey`] and a
//! [`JwkSet`] both implement it, and so can a cache of a remote set.

use serde::{Deserialize, Serialize};

use crate::error::{Error, KeyRejected, Part, Result};
use crate::jwa::Algorithm;

use super::{Jwk, Material, VerifyingKey};

/// Where a verifier finds the key for a token: the caller's keys, never the token's.
pub trait KeySource {
    /// The key for a token whose header has this `kid` and `alg`.
    ///
    /// # Errors
    ///
    /// [`Error::NoMatchingKey`] when no key fits, or [`Error::KeyRejected`]
    /// with `WrongAlgorithm` when the only key is bound to another algorithm.
    fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey>;
}

impl KeySource for VerifyingKey {
    /// One configured key: the `kid` is not consulted, the algorithm must be
    /// the key's own (this is what stops HS/RS key confusion).
    fn select(&self, _kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey> {
        if self.alg() == alg {
            Ok(self)
        } else {
            Err(KeyRejected::WrongAlgorithm.into())
        }
    }
}

impl<T: KeySource + ?Sized> KeySource for &T {
    fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey> {
        (**self).select(kid, alg)
    }
}

impl<T: KeySource + ?Sized> KeySource for std::sync::Arc<T> {
    fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey> {
        (**self).select(kid, alg)
    }
}

/// The most keys a [`JwkSet`] holds (RFC 8725 §2.6: bound the work).
pub const MAX_KEYS: usize = 100;

/// A JWK Set (RFC 7517 §5): public keys (or shared secrets) for verification,
/// each prepared for every algorithm it fits.
///
/// A set is refused whole if it repeats a `kid`, mixes symmetric and
/// asymmetric keys, holds more than [`MAX_KEYS`] keys, or holds a key that is
/// malformed, weak, or private (asymmetric). Keys that are well formed but
/// not for signatures (`use: "enc"`, an encryption `alg`, an X25519 key) are
/// kept as data and never selected.
///
/// # Examples
///
/// ```
/// let set = jot::JwkSet::from_json(r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)?;
/// use jot::jwk::KeySource;
/// assert!(set.select(Some("a"), jot::Algorithm::EdDSA).is_ok());
/// assert_eq!(set.select(Some("b"), jot::Algorithm::EdDSA).err(), Some(jot::Error::NoMatchingKey));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct JwkSet {
    keys: Vec<Jwk>,
    prepared: Vec<VerifyingKey>,
}

/// The wire form of a JWK Set (RFC 7517 §5.1): other members are ignored.
#[derive(Serialize, Deserialize)]
struct Document {
    keys: Vec<Jwk>,
}

impl JwkSet {
    /// Parses and checks a JWK Set document (RFC 7517 §5).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for bad JSON (duplicates included);
    /// [`Error::KeyRejected`] with `DuplicateKid`, `MixedKeySet`,
    /// `TooManyKeys`, `PrivateKeyNotAllowed`, or a key's own rejection.
    pub fn from_json(json: &str) -> Result<JwkSet> {
        let doc: Document =
            crate::json::from_object(json.as_bytes(), Part::Key, super::MAX_JWK_JSON)?;
        JwkSet::new(doc.keys)
    }

    /// Checks `keys` as a set and prepares each for the algorithms it fits.
    ///
    /// # Errors
    ///
    /// As [`JwkSet::from_json`].
    pub fn new(keys: Vec<Jwk>) -> Result<JwkSet> {
        if keys.len() > MAX_KEYS {
            return Err(KeyRejected::TooManyKeys.into());
        }
        let symmetric = keys.iter().filter(|k| k.is_symmetric()).count();
        if symmetric != 0 && symmetric != keys.len() {
            return Err(KeyRejected::MixedKeySet.into());
        }
        let mut kids: Vec<&str> = keys.iter().filter_map(|k| k.kid.as_deref()).collect();
        kids.sort_unstable();
        if kids.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(KeyRejected::DuplicateKid.into());
        }
        let mut prepared = Vec::new();
        for jwk in &keys {
            // Each key is decoded and checked once; binding it to each
            // algorithm below reuses what was decoded.
            let material = match Material::from_jwk(jwk) {
                Ok(material) => material,
                // Well formed but of a kind jot does not sign with: keep as data.
                Err(Error::KeyRejected(
                    KeyRejected::UnsupportedKeyType | KeyRejected::UnsupportedCurve,
                )) => continue,
                Err(e) => return Err(e),
            };
            if !jwk.is_symmetric() && material.is_private() {
                return Err(KeyRejected::PrivateKeyNotAllowed.into());
            }
            let bind = |alg| VerifyingKey::from_material(jwk, &material, alg);
            // A key that names its algorithm must be fit for it: a 31-byte
            // "HS256" secret is a weak key, not a key for no algorithm.
            if let Some(Ok(own)) = jwk.alg.as_deref().map(str::parse::<Algorithm>) {
                if let Err(e @ Error::KeyRejected(KeyRejected::TooSmall { .. })) = bind(own) {
                    return Err(e);
                }
            }
            // Every algorithm the key fits; a failed binding is simply not a fit.
            let fits: Vec<VerifyingKey> = Algorithm::ALL
                .iter()
                .filter_map(|&alg| bind(alg).ok())
                .collect();
            // An HMAC secret too short for every HMAC algorithm is no usable key.
            if jwk.is_symmetric() && fits.is_empty() && jwk.use_.is_none() && jwk.alg.is_none() {
                if let Material::Oct { k } = &material {
                    // Below HS256's floor, the smallest of the family.
                    let alg = Algorithm::HS256;
                    return Err(KeyRejected::TooSmall {
                        alg: Some(alg),
                        min: alg.hash_len().unwrap_or_default(),
                        actual: k.len(),
                    }
                    .into());
                }
            }
            prepared.extend(fits);
        }
        Ok(JwkSet { keys, prepared })
    }

    /// The keys, as given.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// The set as JSON (RFC 7517 §5).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Document {
            keys: self.keys.clone(),
        })
        .unwrap_or_default()
    }

    /// A set of the public parts of `keys`, for publishing (e.g. at
    /// `/.well-known/jwks.json`).
    ///
    /// # Errors
    ///
    /// As [`Jwk::to_public`] (an `oct` key has no public part) and [`JwkSet::new`].
    pub fn public_of(keys: &[Jwk]) -> Result<JwkSet> {
        JwkSet::new(
            keys.iter()
                .map(Jwk::to_public)
                .collect::<Result<Vec<_>>>()?,
        )
    }
}

impl KeySource for JwkSet {
    /// With a `kid`, the key with exactly that `kid` (and the token's
    /// algorithm). Without one, the only key that fits the algorithm; if
    /// several fit, the token must name one: [`Error::KeyRejected`] with
    /// `AmbiguousKey` says so. No key at all is [`Error::NoMatchingKey`].
    fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&VerifyingKey> {
        let mut fits = self
            .prepared
            .iter()
            .filter(|k| k.alg() == alg && (kid.is_none() || k.kid() == kid));
        match (fits.next(), fits.next()) {
            (Some(key), None) => Ok(key),
            (None, _) => Err(Error::NoMatchingKey),
            // Kids are unique in a set, so only a token without one gets here.
            (Some(_), Some(_)) => Err(KeyRejected::AmbiguousKey {
                alg,
                candidates: 2 + fits.count(),
            }
            .into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS: &str =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    const ED: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    fn oct(kid: &str) -> String {
        format!(r#"{{"kty":"oct","kid":"{kid}","k":"{HS}"}}"#)
    }

    #[test]
    fn selects_by_exact_kid() {
        let set = JwkSet::from_json(&format!(r#"{{"keys":[{},{}]}}"#, oct("a"), oct("b")));
        let set = set.as_ref().ok();
        assert!(set.is_some_and(|s| s.select(Some("a"), Algorithm::HS256).is_ok()));
        assert!(set.is_some_and(|s| s.select(Some("A"), Algorithm::HS256).is_err()));
        assert!(set.is_some_and(|s| s.select(Some("../../dev/null"), Algorithm::HS256).is_err()));
        // Two keys fit and the token names neither: ambiguous, not "no key".
        assert_eq!(
            set.map(|s| s.select(None, Algorithm::HS256).err()),
            Some(Some(
                KeyRejected::AmbiguousKey {
                    alg: Algorithm::HS256,
                    candidates: 2
                }
                .into()
            ))
        );
    }

    #[test]
    fn refuses_duplicate_kids() {
        let set = JwkSet::from_json(&format!(r#"{{"keys":[{},{}]}}"#, oct("a"), oct("a")));
        assert_eq!(set.err(), Some(KeyRejected::DuplicateKid.into()));
    }

    #[test]
    fn refuses_mixed_sets() {
        let ed = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{ED}"}}"#);
        let set = JwkSet::from_json(&format!(r#"{{"keys":[{},{ed}]}}"#, oct("a")));
        assert_eq!(set.err(), Some(KeyRejected::MixedKeySet.into()));
    }

    #[test]
    fn refuses_too_many_keys() {
        let keys: Vec<String> = (0..=MAX_KEYS).map(|i| oct(&i.to_string())).collect();
        let set = JwkSet::from_json(&format!(r#"{{"keys":[{}]}}"#, keys.join(",")));
        assert_eq!(set.err(), Some(KeyRejected::TooManyKeys.into()));
    }

    #[test]
    fn keeps_but_never_selects_encryption_keys() {
        let enc = format!(r#"{{"kty":"OKP","crv":"Ed25519","use":"enc","kid":"e","x":"{ED}"}}"#);
        let x25519 = r#"{"kty":"OKP","crv":"X25519","kid":"x","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#;
        let set = JwkSet::from_json(&format!(r#"{{"keys":[{enc},{x25519}]}}"#));
        assert_eq!(set.as_ref().map(|s| s.keys().len()).ok(), Some(2));
        assert_eq!(
            set.map(|s| s.select(Some("e"), Algorithm::EdDSA).err())
                .ok(),
            Some(Some(Error::NoMatchingKey))
        );
    }

    #[test]
    fn refuses_short_secrets() {
        let short = crate::b64::encode([1u8; 31]);
        for key in [
            format!(r#"{{"kty":"oct","alg":"HS256","k":"{short}"}}"#),
            format!(r#"{{"kty":"oct","k":"{short}"}}"#),
        ] {
            let set = JwkSet::from_json(&format!(r#"{{"keys":[{key}]}}"#));
            let too_small = KeyRejected::TooSmall {
                alg: Some(Algorithm::HS256),
                min: 32,
                actual: 31,
            };
            assert_eq!(set.err(), Some(too_small.into()), "{key}");
        }
        let k47 = crate::b64::encode([1u8; 47]);
        let set = JwkSet::from_json(&format!(
            r#"{{"keys":[{{"kty":"oct","alg":"HS384","k":"{k47}"}}]}}"#
        ));
        let too_small = KeyRejected::TooSmall {
            alg: Some(Algorithm::HS384),
            min: 48,
            actual: 47,
        };
        assert_eq!(set.err(), Some(too_small.into()));
    }

    #[test]
    fn single_key_checks_the_algorithm() {
        let key = VerifyingKey::hmac(Algorithm::HS256, &[1; 32]);
        assert!(key
            .as_ref()
            .is_ok_and(|k| k.select(None, Algorithm::HS256).is_ok()));
        assert_eq!(
            key.map(|k| k.select(None, Algorithm::HS384).err()).ok(),
            Some(Some(KeyRejected::WrongAlgorithm.into()))
        );
    }
}
