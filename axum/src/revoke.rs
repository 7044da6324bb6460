//! The revocation hook: an async check [`crate::JwtLayer`] awaits after a
//! token verified, before the inner service runs (tower's `AsyncPredicate`
//! shape). The middleware knows no store: the hook asks whatever holds
//! revocations (a map, Redis, a database) and answers with a [`Revocation`].

use std::future::Future;
use std::pin::Pin;

/// Why the hook refused a verified token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Revocation {
    /// The token (or its session) is revoked: 401 `invalid_token`,
    /// "token revoked".
    Revoked,
    /// The check could not be made (store down or slow). The request is
    /// refused all the same (fail closed): 503 `temporarily_unavailable`
    /// with `Retry-After: retry_after`.
    Unavailable {
        /// Seconds to wait before retrying.
        retry_after: u64,
    },
}

/// The future a [`RevocationCheck`] returns.
pub type RevocationFuture = Pin<Box<dyn Future<Output = Result<(), Revocation>> + Send>>;

/// "Is this token revoked?", asked after verification with the verified
/// claims. Closures `Fn(&C) -> impl Future<Output = Result<(), Revocation>>`
/// implement it: copy what you need out of the claims, then move it into an
/// `async move` block.
///
/// # Examples
///
/// ```
/// use jot::jwt::Claims;
/// use jot_axum::Revocation;
/// use std::collections::HashSet;
/// use std::sync::{Arc, Mutex};
///
/// let revoked: Arc<Mutex<HashSet<String>>> = Default::default();
/// let check = move |claims: &Claims| {
///     let jti = claims.jti.clone().unwrap_or_default();
///     let revoked = Arc::clone(&revoked);
///     async move {
///         let hit = revoked.lock().map_or(true, |set| set.contains(&jti));
///         if hit { Err(Revocation::Revoked) } else { Ok(()) }
///     }
/// };
/// # fn takes<C>(_: impl jot_axum::RevocationCheck<C>) {}
/// takes::<Claims>(check);
/// ```
pub trait RevocationCheck<C>: Send + Sync + 'static {
    /// `Ok(())` lets the request through.
    fn check(&self, claims: &C) -> RevocationFuture;
}

impl<C, F, Fut> RevocationCheck<C> for F
where
    F: Fn(&C) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Revocation>> + Send + 'static,
{
    fn check(&self, claims: &C) -> RevocationFuture {
        Box::pin(self(claims))
    }
}
