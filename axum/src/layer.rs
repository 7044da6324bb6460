//! The tower [`Layer`] and its [`Service`]: extract, verify, then call the
//! inner service with the claims in the request extensions, or answer the
//! refusal without calling it.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use bytes::Bytes;
use http::request::Parts;
use http::{Request, Response};
use jot::jwt::{self, Validation};
use serde::de::DeserializeOwned;
use tower_layer::Layer;
use tower_service::Service;

use crate::claims::JwtClaims;
use crate::error::{AuthError, Refusals};
use crate::extract::{extract, TokenSource};
use crate::keys::{Keys, KeysInner};
use crate::revoke::{Revocation, RevocationCheck};

type Skipper = Arc<dyn Fn(&Parts) -> bool + Send + Sync>;
type ErrorHandler = Arc<dyn Fn(&AuthError) -> Response<Body> + Send + Sync>;

/// The JWT middleware, configured like echo-jwt's `Config`: keys,
/// [`Validation`], token sources, realm, skipper, optional mode, error
/// handler, and the claims type `C` handed to handlers.
///
/// Defaults that echo-jwt lacks: the algorithm allow-list is required (it
/// comes with [`Validation::new`]), `exp` is required, and issuer and
/// audience are checked when the `Validation` names them. Tokens are read
/// from `Authorization: Bearer` unless [`JwtLayer::sources`] says otherwise.
///
/// # Examples
///
/// ```
/// use jot::{jwt::{Claims, Validation}, Algorithm, VerifyingKey};
/// use jot_axum::{JwtLayer, TokenSource};
///
/// let key = VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let layer = JwtLayer::<Claims>::new(key, Validation::new(&[Algorithm::HS256]).issuer("me"))
///     .sources([TokenSource::Bearer, TokenSource::cookie("jwt")])
///     .realm("api")
///     .skip(|parts| parts.uri.path() == "/health");
/// # let _ = layer;
/// # Ok::<(), jot::Error>(())
/// ```
pub struct JwtLayer<C> {
    config: Arc<Config>,
    revocation: Option<Arc<dyn RevocationCheck<C>>>,
    _claims: PhantomData<fn() -> C>,
}

#[derive(Clone)]
struct Config {
    keys: Keys,
    validation: Validation,
    sources: Vec<TokenSource>,
    realm: Option<String>,
    skipper: Option<Skipper>,
    optional: bool,
    on_error: Option<ErrorHandler>,
    /// The default refusals for `realm`, built once.
    refusals: Refusals,
}

impl<C> Clone for JwtLayer<C> {
    fn clone(&self) -> Self {
        JwtLayer {
            config: Arc::clone(&self.config),
            revocation: self.revocation.clone(),
            _claims: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for JwtLayer<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtLayer")
            .field("keys", &self.config.keys)
            .field("validation", &self.config.validation)
            .field("sources", &self.config.sources)
            .field("realm", &self.config.realm)
            .field("optional", &self.config.optional)
            .field("revocation", &self.revocation.is_some())
            .finish_non_exhaustive()
    }
}

impl<C> JwtLayer<C> {
    /// A layer verifying with `keys` and `validation`, reading
    /// `Authorization: Bearer`.
    pub fn new(keys: impl Into<Keys>, validation: Validation) -> Self {
        JwtLayer {
            config: Arc::new(Config {
                keys: keys.into(),
                validation,
                sources: vec![TokenSource::Bearer],
                realm: None,
                skipper: None,
                optional: false,
                on_error: None,
                refusals: Refusals::new(None),
            }),
            revocation: None,
            _claims: PhantomData,
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut Config)) -> Self {
        f(Arc::make_mut(&mut self.config));
        self
    }

    /// Where to look for the token, tried in order (the first found wins).
    #[must_use]
    pub fn sources(self, sources: impl IntoIterator<Item = TokenSource>) -> Self {
        let sources = sources.into_iter().collect();
        self.edit(|c| c.sources = sources)
    }

    /// The `realm` of the `WWW-Authenticate` challenge (RFC 6750 §3).
    #[must_use]
    pub fn realm(self, realm: impl Into<String>) -> Self {
        let realm = realm.into();
        self.edit(|c| {
            c.refusals = Refusals::new(Some(&realm));
            c.realm = Some(realm);
        })
    }

    /// Requests for which `skip` returns true pass through unchecked, with
    /// no claims (echo-jwt's `Skipper`).
    #[must_use]
    pub fn skip(self, skip: impl Fn(&Parts) -> bool + Send + Sync + 'static) -> Self {
        self.edit(|c| c.skipper = Some(Arc::new(skip)))
    }

    /// Public routes richer for signed-in users (echo-jwt's
    /// `ContinueOnIgnoredError`, made safe): a request with no token passes
    /// through with no claims; a token that does not verify is still refused.
    /// Read the claims with [`crate::OptionalJwtClaims`].
    #[must_use]
    pub fn optional(self) -> Self {
        self.edit(|c| c.optional = true)
    }

    /// Builds the refusal yourself. [`AuthError::to_response`] is the
    /// default and [`AuthError::challenge`] gives the RFC 6750 header.
    #[must_use]
    pub fn on_error(
        self,
        handler: impl Fn(&AuthError) -> Response<Body> + Send + Sync + 'static,
    ) -> Self {
        self.edit(|c| c.on_error = Some(Arc::new(handler)))
    }

    /// Awaits `check` after each token verifies, before the inner service
    /// runs: [`Revocation::Revoked`] is refused as [`AuthError::Revoked`]
    /// (401), [`Revocation::Unavailable`] as [`AuthError::Unavailable`]
    /// (503 with `Retry-After`): a check that cannot be made lets nothing
    /// through (fail closed). Requests without claims (skipped, or optional
    /// with no token) are not checked.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::{jwt::{Claims, Validation}, Algorithm, VerifyingKey};
    /// use jot_axum::{JwtLayer, Revocation};
    ///
    /// let key = VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?;
    /// let layer = JwtLayer::<Claims>::new(key, Validation::new(&[Algorithm::HS256]))
    ///     .revocation(|claims: &Claims| {
    ///         let banned = claims.sub.as_deref() == Some("mallory");
    ///         async move { if banned { Err(Revocation::Revoked) } else { Ok(()) } }
    ///     });
    /// # let _ = layer;
    /// # Ok::<(), jot::Error>(())
    /// ```
    #[must_use]
    pub fn revocation(mut self, check: impl RevocationCheck<C>) -> Self {
        self.revocation = Some(Arc::new(check));
        self
    }
}

impl Config {
    fn refuse(&self, e: &AuthError) -> Response<Body> {
        match &self.on_error {
            Some(handler) => handler(e),
            None => self.refusals.response(e),
        }
    }

    /// Verifies the request's token and stores the claims; `Ok` without
    /// claims for a skipped request or a missing token in optional mode.
    async fn authenticate<C>(&self, parts: &mut Parts) -> Result<(), AuthError>
    where
        C: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        if self.skipper.as_ref().is_some_and(|skip| skip(parts)) {
            return Ok(());
        }
        let token = match extract(parts, &self.sources) {
            Ok(Some(token)) => token,
            Ok(None) if self.optional => return Ok(()),
            Ok(None) => return Err(AuthError::Missing),
            Err(e) => return Err(AuthError::InvalidRequest(e)),
        };
        let verified = match &self.keys.0 {
            KeysInner::Remote(remote) => {
                remote.prepare().await;
                let seen = remote.generation();
                let first = jwt::verify_claims::<C>(token, &remote.snapshot(), &self.validation);
                match first {
                    Err(jot::Error::NoMatchingKey) if remote.refresh_limited(seen).await => {
                        jwt::verify_claims::<C>(token, &remote.snapshot(), &self.validation)
                    }
                    other => other,
                }
            }
            // Only the claims go on: the owned header is never built.
            _ => jwt::verify_claims::<C>(token, &self.keys.snapshot(), &self.validation),
        };
        let claims = verified.map_err(AuthError::InvalidToken)?;
        parts.extensions.insert(JwtClaims(claims));
        Ok(())
    }
}

impl<S, C> Layer<S> for JwtLayer<C> {
    type Service = JwtService<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        JwtService {
            inner,
            config: Arc::clone(&self.config),
            revocation: self.revocation.clone(),
            _claims: PhantomData,
        }
    }
}

/// The service [`JwtLayer`] wraps around an inner service.
pub struct JwtService<S, C> {
    inner: S,
    config: Arc<Config>,
    revocation: Option<Arc<dyn RevocationCheck<C>>>,
    _claims: PhantomData<fn() -> C>,
}

impl<S: Clone, C> Clone for JwtService<S, C> {
    fn clone(&self) -> Self {
        JwtService {
            inner: self.inner.clone(),
            config: Arc::clone(&self.config),
            revocation: self.revocation.clone(),
            _claims: PhantomData,
        }
    }
}

impl<S: std::fmt::Debug, C> std::fmt::Debug for JwtService<S, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtService")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S, C, ReqBody, ResBody> Service<Request<ReqBody>> for JwtService<S, C>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
    C: DeserializeOwned + Clone + Send + Sync + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        // The clone that was driven to readiness serves this request (tower's rule).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let config = Arc::clone(&self.config);
        let revocation = self.revocation.clone();
        Box::pin(async move {
            let (mut parts, body) = req.into_parts();
            let mut outcome = config.authenticate::<C>(&mut parts).await;
            if let (Ok(()), Some(check)) = (&outcome, &revocation) {
                if let Some(JwtClaims(claims)) = parts.extensions.get::<JwtClaims<C>>() {
                    outcome = check.check(claims).await.map_err(|r| match r {
                        Revocation::Revoked => AuthError::Revoked,
                        Revocation::Unavailable { retry_after } => {
                            AuthError::Unavailable { retry_after }
                        }
                    });
                }
            }
            match outcome {
                Ok(()) => {
                    let res = inner.call(Request::from_parts(parts, body)).await?;
                    Ok(res.map(Body::new))
                }
                Err(e) => Ok(config.refuse(&e)),
            }
        })
    }
}
