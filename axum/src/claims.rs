//! Extractors that hand verified claims to axum handlers, typed.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use http::request::Parts;

use crate::error::AuthError;

/// The verified claims of the request, as the `C` of the [`crate::JwtLayer`].
///
/// Rejects with a 401 ([`AuthError::Missing`]) when the request carries no
/// verified claims of type `T`: no layer on the route, a skipped request, a
/// missing token in optional mode, or a `T` other than the layer's `C`.
///
/// The extractor takes the claims out of the request extensions rather than
/// cloning them: middleware running before the handler still finds them
/// there, but extract them once per handler (a second `JwtClaims<T>` of the
/// same request finds none).
///
/// # Examples
///
/// ```
/// use jot_axum::JwtClaims;
/// async fn greet(JwtClaims(claims): JwtClaims<jot::jwt::Claims>) -> String {
///     format!("hi {}!", claims.sub.as_deref().unwrap_or("anonymous"))
/// }
/// let app: axum::Router = axum::Router::new().route("/greet", axum::routing::get(greet));
/// # let _ = app;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JwtClaims<T>(pub T);

/// The verified claims if the request had a token, for routes behind a
/// [`crate::JwtLayer::optional`] layer. Never rejects. Like [`JwtClaims`],
/// it takes the claims out of the request extensions.
///
/// # Examples
///
/// ```
/// use jot_axum::OptionalJwtClaims;
/// async fn home(OptionalJwtClaims(claims): OptionalJwtClaims<jot::jwt::Claims>) -> String {
///     match claims.and_then(|c| c.sub) {
///         Some(sub) => format!("welcome back, {sub}"),
///         None => "welcome, guest".to_owned(),
///     }
/// }
/// # let _ = axum::Router::<()>::new().route("/", axum::routing::get(home));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OptionalJwtClaims<T>(pub Option<T>);

impl<S, T> FromRequestParts<S> for JwtClaims<T>
where
    S: Send + Sync,
    T: Clone + Send + Sync + 'static,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AuthError> {
        parts
            .extensions
            .remove::<JwtClaims<T>>()
            .ok_or(AuthError::Missing)
    }
}

impl<S, T> OptionalFromRequestParts<S> for JwtClaims<T>
where
    S: Send + Sync,
    T: Clone + Send + Sync + 'static,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Infallible> {
        Ok(parts.extensions.remove::<JwtClaims<T>>())
    }
}

impl<S, T> FromRequestParts<S> for OptionalJwtClaims<T>
where
    S: Send + Sync,
    T: Clone + Send + Sync + 'static,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(OptionalJwtClaims(
            parts.extensions.remove::<JwtClaims<T>>().map(|c| c.0),
        ))
    }
}
