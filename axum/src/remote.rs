//! A remote JWK Set, for services that verify tokens issued elsewhere.
//!
//! The set is fetched through a [`JwksFetcher`] (this crate has one over
//! HTTP, [`crate::HttpJwksFetcher`]; the cache does not depend on it), kept as
//! an immutable snapshot, and refreshed:
//!
//! - on an interval ([`RemoteOptions::refresh_interval`]), in the background,
//!   while requests go on with the current set;
//! - on a token whose `kid` no key matches, at most once per
//!   [`RemoteOptions::min_refresh_interval`], so a flood of unknown `kid`s
//!   cannot become a flood of fetches.
//!
//! A failed fetch, or a set that does not parse, is too large, has too many
//! keys, repeats a `kid`, or holds a secret or private key, keeps the last
//! good set in force (stale-if-error) and is reported by [`RemoteJwks::status`].

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jot::JwkSet;

/// The future a [`JwksFetcher`] returns: the body of the JWK Set document.
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;

/// Fetches a JWK Set document. Implement it to use your own HTTP client.
///
/// # Examples
///
/// ```
/// use jot_axum::{FetchError, FetchFuture, JwksFetcher};
/// struct Fixed(&'static str);
/// impl JwksFetcher for Fixed {
///     fn fetch(&self, max_bytes: usize) -> FetchFuture<'_> {
///         let body = self.0.as_bytes().to_vec();
///         Box::pin(async move {
///             if body.len() > max_bytes { return Err(FetchError::TooLarge); }
///             Ok(body)
///         })
///     }
/// }
/// let remote = jot_axum::RemoteJwks::new(Fixed(r#"{"keys":[]}"#), Default::default());
/// # let _ = remote;
/// ```
pub trait JwksFetcher: Send + Sync + 'static {
    /// The document's bytes; a body longer than `max_bytes` must be refused
    /// with [`FetchError::TooLarge`] without reading it all.
    fn fetch(&self, max_bytes: usize) -> FetchFuture<'_>;
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchError {
    /// The server answered with a status other than 200.
    Status(u16),
    /// The body is larger than allowed.
    TooLarge,
    /// No answer within [`RemoteOptions::fetch_timeout`].
    Timeout,
    /// Connection or protocol failure (the message names no secret).
    Transport(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Status(s) => write!(f, "jwks server answered status {s}"),
            FetchError::TooLarge => f.write_str("jwks document is too large"),
            FetchError::Timeout => f.write_str("jwks fetch timed out"),
            FetchError::Transport(m) => write!(f, "jwks fetch failed: {m}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Why a refresh left the previous set in force.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefreshError {
    /// The fetch failed.
    Fetch(FetchError),
    /// The document is not a valid JWK Set (bad JSON, duplicate `kid`, a
    /// private key, a weak key...): jot's reason.
    Invalid(jot::Error),
    /// The document is not UTF-8.
    NotUtf8,
    /// The set has no keys.
    Empty,
    /// The set has more keys than [`RemoteOptions::max_keys`].
    TooManyKeys(usize),
    /// The set holds a symmetric (`oct`) key: a shared secret has no place
    /// in a published set.
    SymmetricKey,
}

impl std::fmt::Display for RefreshError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefreshError::Fetch(e) => e.fmt(f),
            RefreshError::Invalid(e) => write!(f, "jwks document rejected: {e}"),
            RefreshError::NotUtf8 => f.write_str("jwks document is not utf-8"),
            RefreshError::Empty => f.write_str("jwks document has no keys"),
            RefreshError::TooManyKeys(n) => write!(f, "jwks document has too many keys ({n})"),
            RefreshError::SymmetricKey => f.write_str("jwks document holds a symmetric key"),
        }
    }
}

impl std::error::Error for RefreshError {}

/// Limits and timings of a [`RemoteJwks`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// let o = jot_axum::RemoteOptions::default()
///     .refresh_interval(Duration::from_secs(600))
///     .min_refresh_interval(Duration::from_secs(30))
///     .max_keys(10)
///     .max_bytes(32 * 1024);
/// assert_eq!(o.get_max_keys(), 10);
/// ```
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    refresh_interval: Duration,
    min_refresh_interval: Duration,
    max_keys: usize,
    max_bytes: usize,
    fetch_timeout: Duration,
}

impl Default for RemoteOptions {
    /// Refresh every 5 minutes, at most one fetch per 10 seconds, 32 keys,
    /// 64 KiB, 10 second timeout.
    fn default() -> Self {
        RemoteOptions {
            refresh_interval: Duration::from_secs(300),
            min_refresh_interval: Duration::from_secs(10),
            max_keys: 32,
            max_bytes: 64 * 1024,
            fetch_timeout: Duration::from_secs(10),
        }
    }
}

impl RemoteOptions {
    /// How old a set may get before a background refresh.
    #[must_use]
    pub fn refresh_interval(mut self, d: Duration) -> Self {
        self.refresh_interval = d;
        self
    }

    /// The least time between two fetch attempts (the rate limit).
    #[must_use]
    pub fn min_refresh_interval(mut self, d: Duration) -> Self {
        self.min_refresh_interval = d;
        self
    }

    /// The most keys a fetched set may hold (capped by [`jot::jwk::MAX_KEYS`] anyway).
    #[must_use]
    pub fn max_keys(mut self, n: usize) -> Self {
        self.max_keys = n;
        self
    }

    /// The largest document accepted, in bytes.
    #[must_use]
    pub fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }

    /// How long one fetch may take.
    #[must_use]
    pub fn fetch_timeout(mut self, d: Duration) -> Self {
        self.fetch_timeout = d;
        self
    }

    /// The configured key cap.
    pub fn get_max_keys(&self) -> usize {
        self.max_keys
    }
}

/// What a [`RemoteJwks`] has done, for health checks and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RemoteStatus {
    /// Fetch attempts so far.
    pub fetches: u64,
    /// Sets installed so far (0: none yet).
    pub generation: u64,
    /// The last refresh's failure, `None` after a success.
    pub last_error: Option<RefreshError>,
    /// Time since the set in force was fetched.
    pub age: Option<Duration>,
}

/// A cached remote JWK Set; clones share the cache.
///
/// Give it to the middleware with [`crate::Keys::from`]. A token with an
/// unknown `kid` triggers one rate-limited refresh and one retry.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), jot_axum::RefreshError> {
/// let remote = jot_axum::RemoteJwks::http(
///     "http://127.0.0.1:8080/.well-known/jwks.json".parse().expect("uri"),
///     jot_axum::RemoteOptions::default(),
/// );
/// remote.refresh().await?;
/// let keys = jot_axum::Keys::from(remote);
/// # let _ = keys;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RemoteJwks {
    inner: Arc<Inner>,
}

struct Inner {
    fetcher: Box<dyn JwksFetcher>,
    options: RemoteOptions,
    current: RwLock<Arc<JwkSet>>,
    generation: AtomicU64,
    /// Milliseconds since `base` at which the set in force goes stale; 0
    /// before the first set.
    stale_at: AtomicU64,
    base: Instant,
    /// Held for the whole of a fetch, so fetches never overlap and waiters
    /// see its outcome.
    gate: Arc<tokio::sync::Mutex<State>>,
}

#[derive(Default)]
struct State {
    attempted_at: Option<Instant>,
    fetched_at: Option<Instant>,
    fetches: u64,
    last_error: Option<RefreshError>,
}

impl std::fmt::Debug for RemoteJwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteJwks")
            .field("options", &self.inner.options)
            .field("generation", &self.generation())
            .finish()
    }
}

impl RemoteJwks {
    /// A cache over `fetcher`; nothing is fetched until [`RemoteJwks::refresh`]
    /// or the first request.
    pub fn new(fetcher: impl JwksFetcher, options: RemoteOptions) -> RemoteJwks {
        RemoteJwks {
            inner: Arc::new(Inner {
                fetcher: Box::new(fetcher),
                options,
                current: RwLock::new(Arc::new(JwkSet::default())),
                generation: AtomicU64::new(0),
                stale_at: AtomicU64::new(0),
                base: Instant::now(),
                gate: Arc::new(tokio::sync::Mutex::new(State::default())),
            }),
        }
    }

    /// A cache over [`crate::HttpJwksFetcher`] for `uri` (plain `http`; see
    /// that type for `https`).
    pub fn http(uri: http::Uri, options: RemoteOptions) -> RemoteJwks {
        RemoteJwks::new(crate::HttpJwksFetcher::new(uri), options)
    }

    /// The set in force now (empty before the first successful fetch).
    pub fn snapshot(&self) -> Arc<JwkSet> {
        Arc::clone(&self.inner.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// How many sets have been installed.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Fetches now, whatever the rate limit, and installs the set if it is
    /// good; on failure the previous set stays.
    ///
    /// # Errors
    ///
    /// The [`RefreshError`] that kept the previous set.
    pub async fn refresh(&self) -> Result<(), RefreshError> {
        let mut state = self.inner.gate.lock().await;
        self.fetch_install(&mut state).await
    }

    /// What the cache has done.
    pub async fn status(&self) -> RemoteStatus {
        let state = self.inner.gate.lock().await;
        RemoteStatus {
            fetches: state.fetches,
            generation: self.generation(),
            last_error: state.last_error.clone(),
            age: state.fetched_at.map(|t| t.elapsed()),
        }
    }

    /// Before a verification: fetch the first set inline, or start a
    /// background refresh when the set in force is stale. Cheap (one atomic
    /// load) when the set is fresh.
    pub(crate) async fn prepare(&self) {
        let stale_at = self.inner.stale_at.load(Ordering::Acquire);
        if stale_at == 0 {
            self.refresh_limited(0).await;
        } else if self.now_ms() >= stale_at {
            let Ok(mut state) = Arc::clone(&self.inner.gate).try_lock_owned() else {
                return; // a fetch is under way
            };
            if self.rate_limited(&state) {
                return;
            }
            let this = self.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(handle) => {
                    handle.spawn(async move {
                        // The outcome lands in `status()`.
                        let _ = this.fetch_install(&mut state).await;
                    });
                }
                Err(_) => {
                    let _ = this.fetch_install(&mut state).await;
                }
            }
        }
    }

    /// After an unknown `kid`: refresh unless one ran within the rate limit.
    /// Returns whether a set newer than generation `seen` is in force.
    pub(crate) async fn refresh_limited(&self, seen: u64) -> bool {
        let mut state = self.inner.gate.lock().await;
        if self.generation() != seen {
            return true; // another request's fetch installed a set meanwhile
        }
        if self.rate_limited(&state) {
            return false;
        }
        self.fetch_install(&mut state).await.is_ok()
    }

    fn rate_limited(&self, state: &State) -> bool {
        state
            .attempted_at
            .is_some_and(|t| t.elapsed() < self.inner.options.min_refresh_interval)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.inner.base.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    async fn fetch_install(&self, state: &mut State) -> Result<(), RefreshError> {
        state.attempted_at = Some(Instant::now());
        state.fetches += 1;
        match self.fetch_checked().await {
            Ok(set) => {
                let set = Arc::new(set);
                *self
                    .inner
                    .current
                    .write()
                    .unwrap_or_else(|e| e.into_inner()) = set;
                self.inner.generation.fetch_add(1, Ordering::AcqRel);
                let interval = u64::try_from(self.inner.options.refresh_interval.as_millis())
                    .unwrap_or(u64::MAX);
                let stale_at = self.now_ms().saturating_add(interval).max(1);
                self.inner.stale_at.store(stale_at, Ordering::Release);
                state.fetched_at = Some(Instant::now());
                state.last_error = None;
                Ok(())
            }
            Err(e) => {
                state.last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    async fn fetch_checked(&self) -> Result<JwkSet, RefreshError> {
        let options = &self.inner.options;
        let fetch = self.inner.fetcher.fetch(options.max_bytes);
        let bytes = tokio::time::timeout(options.fetch_timeout, fetch)
            .await
            .map_err(|_| RefreshError::Fetch(FetchError::Timeout))?
            .map_err(RefreshError::Fetch)?;
        if bytes.len() > options.max_bytes {
            return Err(RefreshError::Fetch(FetchError::TooLarge));
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| RefreshError::NotUtf8)?;
        let set = JwkSet::from_json(text).map_err(RefreshError::Invalid)?;
        let keys = set.keys();
        if keys.is_empty() {
            return Err(RefreshError::Empty);
        }
        if keys.len() > options.max_keys {
            return Err(RefreshError::TooManyKeys(keys.len()));
        }
        if keys.iter().any(|k| k.is_symmetric()) {
            return Err(RefreshError::SymmetricKey);
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Serves the queued answers in order, then repeats the last one.
    struct Script(Mutex<Vec<Result<Vec<u8>, FetchError>>>);

    impl JwksFetcher for Script {
        fn fetch(&self, _max: usize) -> FetchFuture<'_> {
            let mut q = self.0.lock().unwrap();
            let next = if q.len() > 1 {
                q.remove(0)
            } else {
                q[0].clone()
            };
            Box::pin(async move { next })
        }
    }

    fn set_json(n: usize) -> Vec<u8> {
        let keys: Vec<jot::Jwk> = (0..n)
            .map(|i| {
                let mut k = jot::Jwk::generate(jot::Algorithm::EdDSA)
                    .unwrap()
                    .to_public()
                    .unwrap();
                k.kid = Some(format!("k{i}"));
                k
            })
            .collect();
        JwkSet::new(keys).unwrap().to_json().into_bytes()
    }

    fn remote(answers: Vec<Result<Vec<u8>, FetchError>>, min: Duration) -> RemoteJwks {
        RemoteJwks::new(
            Script(Mutex::new(answers)),
            RemoteOptions::default()
                .min_refresh_interval(min)
                .max_keys(3),
        )
    }

    #[tokio::test]
    async fn stale_if_error_keeps_last_good_set() {
        let r = remote(
            vec![
                Ok(set_json(1)),
                Err(FetchError::Status(500)),
                Ok(b"{not json".to_vec()),
                Ok(br#"{"keys":[]}"#.to_vec()),
                Ok(set_json(4)),
                Ok(br#"{"keys":[{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#.to_vec()),
                Ok(vec![0xff, 0xfe]),
            ],
            Duration::ZERO,
        );
        r.refresh().await.unwrap();
        let first = r.snapshot();
        assert_eq!(
            r.refresh().await,
            Err(RefreshError::Fetch(FetchError::Status(500)))
        );
        assert!(matches!(r.refresh().await, Err(RefreshError::Invalid(_))));
        assert_eq!(r.refresh().await, Err(RefreshError::Empty));
        assert_eq!(r.refresh().await, Err(RefreshError::TooManyKeys(4)));
        assert_eq!(r.refresh().await, Err(RefreshError::SymmetricKey));
        assert_eq!(r.refresh().await, Err(RefreshError::NotUtf8));
        assert!(Arc::ptr_eq(&first, &r.snapshot()));
        let st = r.status().await;
        assert_eq!((st.fetches, st.generation), (7, 1));
        assert_eq!(st.last_error, Some(RefreshError::NotUtf8));
    }

    #[tokio::test]
    async fn unknown_kid_refresh_is_rate_limited() {
        let r = remote(vec![Ok(set_json(1))], Duration::from_secs(3600));
        assert!(r.refresh_limited(0).await);
        for _ in 0..100 {
            assert!(!r.refresh_limited(1).await);
        }
        assert_eq!(r.status().await.fetches, 1);
    }

    #[tokio::test]
    async fn duplicate_kids_rejected() {
        let mut k = jot::Jwk::generate(jot::Algorithm::EdDSA)
            .unwrap()
            .to_public()
            .unwrap();
        k.kid = Some("same".into());
        let doc = format!(r#"{{"keys":[{0},{0}]}}"#, k.to_json());
        let r = remote(vec![Ok(doc.into_bytes())], Duration::ZERO);
        assert_eq!(
            r.refresh().await,
            Err(RefreshError::Invalid(jot::Error::KeyRejected(
                jot::KeyRejected::DuplicateKid
            )))
        );
    }
}
