//! The routes: login (throttled), refresh (rotation with reuse detection),
//! logout (revokes the session), the protected API, the JWK Set, and the
//! revocation check the middleware awaits.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jot::jwt::{self, Claims, NumericDate, Validation};
use jot::{jws::Header, JwkSet, SigningKey};
use serde::Deserialize;
use tokio::sync::Semaphore;

use super::config::LoginLimits;
use super::http::{now_secs, read_body, required, ApiError};
use super::password::PasswordHash;
use crate::store::{
    open_successor, random_token, seal_successor, NewSession, Rotation, SessionState, SessionStore,
    StoreError, TokenHash,
};
use crate::{JwtClaims, Revocation, RevocationFuture};

/// The issuer's state, shared by the handlers.
pub(crate) struct Demo {
    pub(crate) signer: SigningKey,
    pub(crate) jwks: String,
    pub(crate) issuer: String,
    pub(crate) audience: String,
    pub(crate) access_ttl: u64,
    pub(crate) users: HashMap<String, PasswordHash>,
    /// Hashed against for unknown users, so timing does not tell which
    /// user names exist.
    pub(crate) decoy: PasswordHash,
    pub(crate) store: Arc<dyn SessionStore>,
    /// For the access token logout may bring: the API's own keys and rules.
    pub(crate) verify: JwkSet,
    pub(crate) validation: Validation,
    pub(crate) limits: LoginLimits,
    /// One permit per password hash computed at once.
    pub(crate) hashing: Arc<Semaphore>,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct RefreshForm {
    refresh_token: Option<String>,
}

impl Demo {
    /// A new access token for `sub` in session `sid`, paired with `refresh`.
    fn issue(&self, sub: &str, sid: &str, refresh: String) -> Result<Response, ApiError> {
        let now = now_secs();
        let mut custom = serde_json::Map::new();
        custom.insert("sid".into(), sid.into());
        let claims = Claims::new(custom)
            .with_issuer(self.issuer.as_str())
            .with_audience(self.audience.as_str())
            .with_subject(sub)
            .with_issued_at(NumericDate::from_secs(now))
            .with_expiration(NumericDate::from_secs(
                now.saturating_add(i64::try_from(self.access_ttl).unwrap_or(i64::MAX)),
            ))
            .with_jwt_id(random_token(16).map_err(|_| ApiError::internal())?);
        let jose = Header::jwt(&self.signer).with_typ("at+jwt");
        let access = jwt::encode(&jose, &claims, &self.signer).map_err(|_| ApiError::internal())?;
        let body = serde_json::json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.access_ttl,
            "refresh_token": refresh,
        });
        // RFC 6749 §5.1: token responses are not cached.
        Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
    }
}

/// The failed-login counters a login attempt touches: its user name and its
/// client address (hashed, so keys stay short and names stay out of the store).
fn failure_keys(username: &str, peer: Option<SocketAddr>) -> (String, Option<String>) {
    let user = format!("user:{}", TokenHash::of(username).as_str());
    let addr = peer.map(|p| format!("addr:{}", p.ip()));
    (user, addr)
}

pub(crate) async fn login(State(d): State<Arc<Demo>>, req: Request) -> Result<Response, ApiError> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let (parts, body) = req.into_parts();
    let form: LoginForm = read_body(&parts.headers, body, "username and password").await?;
    let username = required(form.username, "username")?;
    let password = required(form.password, "password")?;
    let (user_key, addr_key) = failure_keys(&username, peer);
    let now = now_secs();

    // 1. Backoff, before any hashing: counted in the store, so every
    //    instance refuses alike.
    let mut keys = vec![user_key.clone()];
    keys.extend(addr_key.clone());
    if let Some(wait) = d.store.login_retry_after(keys, now).await? {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!(
                "too many failed logins for this user name or address: retry after {wait} s \
                 (the wait doubles with each further failure)"
            ),
        )
        .retry_after(wait));
    }
    // 2. At most `max_hashing` PBKDF2 runs at once; a login waits at most
    //    `hash_wait` for a slot, then is turned away: the queue stays
    //    bounded and the API keeps its threads.
    let slot =
        tokio::time::timeout(d.limits.hash_wait, Arc::clone(&d.hashing).acquire_owned()).await;
    let Ok(Ok(permit)) = slot else {
        return Err(ApiError::unavailable(
            1,
            format!(
                "too many logins being checked at once (at most {}, none free within {} ms): \
                 retry after 1 s",
                d.limits.max_hashing,
                d.limits.hash_wait.as_millis()
            ),
        ));
    };
    let check = Arc::clone(&d);
    let user = username.clone();
    // PBKDF2 is deliberately slow: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        match check.users.get(&user) {
            Some(hash) => hash.verify(&password),
            None => {
                let _ = check.decoy.verify(&password);
                false
            }
        }
    })
    .await
    .unwrap_or(false);
    if !ok {
        d.store
            .count_failure(user_key, d.limits.user_free, now)
            .await?;
        if let Some(addr_key) = addr_key {
            d.store
                .count_failure(addr_key, d.limits.addr_free, now)
                .await?;
        }
        return Err(ApiError::grant("wrong username or password"));
    }
    d.store.clear_failures(user_key).await?;
    let sid = random_token(16).map_err(|_| ApiError::internal())?;
    let refresh = random_token(32).map_err(|_| ApiError::internal())?;
    d.store
        .open(
            NewSession {
                sid: sid.clone(),
                sub: username.clone(),
                token: TokenHash::of(&refresh),
            },
            now,
        )
        .await?;
    d.issue(&username, &sid, refresh)
}

pub(crate) async fn refresh(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let form: RefreshForm = read_body(&headers, body, "refresh_token").await?;
    let token = required(form.refresh_token, "refresh_token")?;
    let next = random_token(32).map_err(|_| ApiError::internal())?;
    let sealed = seal_successor(&token, &next);
    let rotation = d
        .store
        .rotate(
            TokenHash::of(&token),
            TokenHash::of(&next),
            sealed,
            now_secs(),
        )
        .await?;
    match rotation {
        Rotation::Rotated { sid, sub } => d.issue(&sub, &sid, next),
        Rotation::Retried { sid, sub, sealed } => {
            d.issue(&sub, &sid, open_successor(&token, &sealed))
        }
        Rotation::Refused(refused) => Err(ApiError::grant(refused.description())),
    }
}

pub(crate) async fn logout(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let now = now_secs();
    let mut revoked = false;
    if headers.contains_key(header::CONTENT_TYPE) {
        let form: RefreshForm = read_body(&headers, body, "refresh_token").await?;
        if let Some(token) = form.refresh_token.filter(|t| !t.is_empty()) {
            // Unknown tokens are no error (RFC 7009 §2.2).
            d.store.revoke_token(TokenHash::of(&token), now).await?;
            revoked = true;
        }
    }
    let (parts, ()) = {
        let mut req = http::Request::new(());
        *req.headers_mut() = headers;
        req.into_parts()
    };
    if let Ok(Some(token)) = crate::extract(&parts, &[crate::TokenSource::Bearer]) {
        if let Ok(t) = jwt::verify::<Claims>(token, &d.verify, &d.validation) {
            if let Some(sid) = t.claims.custom.get("sid").and_then(|v| v.as_str()) {
                d.store.revoke_session(sid.to_owned(), now).await?;
                revoked = true;
            }
        }
    }
    if revoked {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::request(
            "nothing to revoke: send refresh_token, or the access token as Bearer",
        ))
    }
}

/// The revocation hook for [`crate::JwtLayer::revocation`]: an access
/// token is good while its session (`sid`) is active in the store. A store
/// that cannot answer refuses (fail closed).
pub(crate) fn session_check(
    store: Arc<dyn SessionStore>,
) -> impl Fn(&Claims) -> RevocationFuture + Send + Sync + 'static {
    move |claims: &Claims| {
        let sid = claims
            .custom
            .get("sid")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let store = Arc::clone(&store);
        Box::pin(async move {
            let Some(sid) = sid else {
                return Err(Revocation::Revoked);
            };
            match store.session_state(sid, now_secs()).await {
                Ok(SessionState::Active) => Ok(()),
                Ok(SessionState::Revoked | SessionState::Unknown) => Err(Revocation::Revoked),
                Err(StoreError::Unavailable { retry_after, .. }) => {
                    Err(Revocation::Unavailable { retry_after })
                }
                Err(_) => Err(Revocation::Unavailable { retry_after: 1 }),
            }
        })
    }
}

pub(crate) async fn greet(JwtClaims(c): JwtClaims<Claims>) -> String {
    format!("hi {}!", c.sub.unwrap_or_default())
}

pub(crate) async fn me(JwtClaims(c): JwtClaims<Claims>) -> Json<Claims> {
    Json(c)
}

pub(crate) async fn jwks_route(State(d): State<Arc<Demo>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/jwk-set+json")],
        d.jwks.clone(),
    )
        .into_response()
}
