//! The keys the middleware verifies with: fixed, replaceable at run time, or
//! a remote JWK Set.
//!
//! Every request takes a *snapshot* (one `Arc` clone) and verifies against
//! it, so a rotation never changes keys under a verification in progress,
//! and keys are prepared once, when a set is installed, never per request.

use std::sync::{Arc, RwLock};

use jot::{JwkSet, KeySource, VerifyingKey};

use crate::remote::RemoteJwks;

/// A snapshot of keys, as handed to [`jot::jwt::verify`].
pub(crate) type Snapshot = Arc<dyn KeySource + Send + Sync>;

/// A JWK Set that can be swapped for another while the server runs (key
/// rotation without a restart).
///
/// Clones share the same set: keep one clone in your rotation code and give
/// another to [`Keys::from`].
///
/// # Examples
///
/// ```
/// use jot::{Algorithm, Jwk, JwkSet};
/// let old = Jwk::generate(Algorithm::ES256)?.to_public()?;
/// let keys = jot_axum::ReplaceableKeys::new(JwkSet::new(vec![old])?);
/// let layer_keys = jot_axum::Keys::from(keys.clone());
/// # let _ = layer_keys;
/// let new = Jwk::generate(Algorithm::ES256)?.to_public()?;
/// keys.replace(JwkSet::new(vec![new])?);
/// assert_eq!(keys.snapshot().keys().len(), 1);
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ReplaceableKeys {
    current: Arc<RwLock<Arc<JwkSet>>>,
}

impl ReplaceableKeys {
    /// Starts with `set`.
    pub fn new(set: JwkSet) -> ReplaceableKeys {
        ReplaceableKeys {
            current: Arc::new(RwLock::new(Arc::new(set))),
        }
    }

    /// Installs `set`; requests that already took a snapshot finish with the
    /// old one.
    pub fn replace(&self, set: JwkSet) {
        let set = Arc::new(set);
        // A poisoned lock still holds a whole `Arc`: take it over.
        let mut guard = self.current.write().unwrap_or_else(|e| e.into_inner());
        *guard = set;
    }

    /// The set in force now.
    pub fn snapshot(&self) -> Arc<JwkSet> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Where the middleware finds its keys.
///
/// Build it from a [`VerifyingKey`] (one key, `kid` ignored), a [`JwkSet`]
/// (chosen by `kid`), a [`ReplaceableKeys`], a [`RemoteJwks`], or any
/// [`KeySource`] with [`Keys::source`].
///
/// # Examples
///
/// ```
/// use jot::{Algorithm, VerifyingKey};
/// let keys = jot_axum::Keys::from(VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?);
/// # let _ = keys;
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Clone)]
pub struct Keys(pub(crate) KeysInner);

#[derive(Clone)]
pub(crate) enum KeysInner {
    Fixed(Snapshot),
    Replaceable(ReplaceableKeys),
    Remote(RemoteJwks),
}

impl Keys {
    /// Any key source that does not change.
    ///
    /// # Examples
    ///
    /// ```
    /// let set = jot::JwkSet::new(vec![])?;
    /// let keys = jot_axum::Keys::source(set);
    /// # let _ = keys;
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn source(source: impl KeySource + Send + Sync + 'static) -> Keys {
        Keys(KeysInner::Fixed(Arc::new(source)))
    }

    /// The keys in force now, for one verification.
    pub(crate) fn snapshot(&self) -> Snapshot {
        match &self.0 {
            KeysInner::Fixed(s) => Arc::clone(s),
            KeysInner::Replaceable(r) => r.snapshot(),
            KeysInner::Remote(r) => r.snapshot(),
        }
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.0 {
            KeysInner::Fixed(_) => "fixed",
            KeysInner::Replaceable(_) => "replaceable",
            KeysInner::Remote(_) => "remote",
        };
        f.debug_tuple("Keys").field(&kind).finish()
    }
}

impl From<VerifyingKey> for Keys {
    fn from(key: VerifyingKey) -> Keys {
        Keys::source(key)
    }
}

impl From<JwkSet> for Keys {
    fn from(set: JwkSet) -> Keys {
        Keys::source(set)
    }
}

impl From<ReplaceableKeys> for Keys {
    fn from(keys: ReplaceableKeys) -> Keys {
        Keys(KeysInner::Replaceable(keys))
    }
}

impl From<RemoteJwks> for Keys {
    fn from(remote: RemoteJwks) -> Keys {
        Keys(KeysInner::Remote(remote))
    }
}
