//! The demo server behind `jot serve`: a tiny token issuer and a protected
//! API, on one port.
//!
//! | route | what |
//! |---|---|
//! | `POST /login` | form or JSON `username`, `password` → `{"access_token", "token_type":"Bearer", "expires_in", "refresh_token"}` |
//! | `POST /refresh` | form or JSON `refresh_token` → a new pair; the old refresh token is spent, and spending it again revokes the whole login |
//! | `POST /logout` | form or JSON `refresh_token` (and optionally `Authorization: Bearer` access token) → 204, both revoked |
//! | `GET /api/greet` | behind [`crate::JwtLayer`]: `hi <sub>!` |
//! | `GET /api/me` | the verified claims as JSON |
//! | `GET /.well-known/jwks.json` | the public key(s) |
//!
//! Access tokens are short-lived JWTs with `typ: at+jwt` (RFC 9068) and
//! `iss`, `aud`, `sub`, `iat`, `exp`, `jti`. Refresh tokens are opaque random
//! strings kept server side (hashed). Bad input is a 4xx with a JSON body
//! `{"error", "error_description"}`, never a 500.

mod password;
mod session;

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jot::jwt::{self, Claims, NumericDate, Validation};
use jot::{jws::Header, Algorithm, Jwk, JwkSet, SigningKey, VerifyingKey};
use serde::Deserialize;

use crate::{AuthError, JwtClaims, JwtLayer};
use password::PasswordHash;
use session::{random_token, Sessions};

pub use password::ITERATIONS;

/// The largest request body the demo reads.
const MAX_BODY: usize = 4 * 1024;
/// Longest user name or password accepted at login.
const MAX_FIELD: usize = 256;
/// Iterations for the generated demo user: its password is 128 random bits,
/// so stretching adds nothing.
const DEMO_ITERATIONS: u32 = 1_000;

/// How to run the demo server. `Default` gives 127.0.0.1:4242, a fresh
/// ES256 key and a demo user with a random password.
///
/// # Examples
///
/// ```
/// let opts = jot_axum::demo::ServeOptions { addr: "127.0.0.1:0".parse().expect("addr"), ..Default::default() };
/// assert!(opts.key_pem.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (default `127.0.0.1:4242`).
    pub addr: SocketAddr,
    /// A private key in PEM (PKCS#8, PKCS#1, SEC1); `None` generates one.
    pub key_pem: Option<String>,
    /// The signing algorithm; `None` picks the key's usual one (ES256 for a
    /// generated key, RS256 for RSA, ES384 by curve, EdDSA).
    pub alg: Option<Algorithm>,
    /// The text of a users file (lines from [`hash_password_line`]); `None`
    /// creates the user `demo` with a random password, printed at start.
    pub users: Option<String>,
    /// `iss` of issued tokens (default `jot-demo`).
    pub issuer: String,
    /// `aud` of issued tokens (default `jot-demo-api`).
    pub audience: String,
    /// Access token lifetime in seconds (default 300).
    pub access_ttl: u64,
    /// Refresh token lifetime in seconds (default 86400).
    pub refresh_ttl: u64,
    /// More routes served beside the demo's (`jot serve` adds its web
    /// debugger here); `None` serves the demo alone.
    pub extra_routes: Option<Router>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 4242)),
            key_pem: None,
            alg: None,
            users: None,
            issuer: "jot-demo".into(),
            audience: "jot-demo-api".into(),
            access_ttl: 300,
            refresh_ttl: 86_400,
            extra_routes: None,
        }
    }
}

/// The generated demo user, when no users file was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// Always `demo`.
    pub username: String,
    /// Random, base64url.
    pub password: String,
}

/// One users-file line for `username` with a PBKDF2-HMAC-SHA256 hash of
/// `password` ([`ITERATIONS`] iterations, 16-byte random salt):
/// `name:pbkdf2-sha256:600000:SALT:HASH`, base64url without padding.
///
/// # Errors
///
/// `InvalidInput` if the user name is empty, longer than 64 bytes, or holds
/// `:` or a control character; `Other` if the random source fails.
///
/// # Examples
///
/// ```no_run
/// let line = jot_axum::demo::hash_password_line("alice", "correct horse")?;
/// assert!(line.starts_with("alice:pbkdf2-sha256:600000:"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn hash_password_line(username: &str, password: &str) -> io::Result<String> {
    password::hash_line(username, password, ITERATIONS)
}

/// [`hash_password_line`] with another iteration count (1,000 to
/// 10,000,000), for tests and slow machines.
///
/// # Errors
///
/// As [`hash_password_line`], and `InvalidInput` for a count out of range.
///
/// # Examples
///
/// ```
/// let line = jot_axum::demo::hash_password_line_with("bob", "pw", 1_000)?;
/// assert!(line.starts_with("bob:pbkdf2-sha256:1000:"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn hash_password_line_with(
    username: &str,
    password: &str,
    iterations: u32,
) -> io::Result<String> {
    password::hash_line(username, password, iterations)
}

/// The issuer's state, shared by the handlers.
struct Demo {
    signer: SigningKey,
    jwks: String,
    issuer: String,
    audience: String,
    access_ttl: u64,
    refresh_ttl: u64,
    users: HashMap<String, PasswordHash>,
    /// Hashed against for unknown users, so timing does not tell which
    /// user names exist.
    decoy: PasswordHash,
    sessions: Sessions,
    /// `jti` of logged-out access tokens, until their `exp`.
    revoked: Mutex<HashMap<String, i64>>,
    /// For the access token logout may bring: the API's own rules.
    verifier: VerifyingKey,
    validation: Validation,
}

/// A demo app ready to serve: its router and what to print.
pub struct App {
    /// All routes, with state.
    pub router: Router,
    /// The generated user, if no users file was given.
    pub demo_user: Option<DemoUser>,
    /// The signing algorithm.
    pub alg: Algorithm,
    /// The signing key's `kid` (its RFC 7638 thumbprint).
    pub kid: String,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

fn bad_input(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.into())
}

/// The algorithm a key is usually used with.
fn default_alg(jwk: &Jwk) -> io::Result<Algorithm> {
    Ok(match (jwk.kty.as_str(), jwk.crv.as_deref()) {
        ("RSA", _) => Algorithm::RS256,
        ("EC", Some("P-256")) => Algorithm::ES256,
        ("EC", Some("P-384")) => Algorithm::ES384,
        ("OKP", Some("Ed25519")) => Algorithm::EdDSA,
        _ => {
            return Err(bad_input(
                "cannot tell the algorithm for this key: pass one",
            ))
        }
    })
}

/// Builds the demo app from `opts` (keys, users, routes); nothing is bound.
///
/// # Errors
///
/// `InvalidInput` for a key that does not parse or does not fit `alg`, an
/// algorithm that cannot be generated (RSA: make a key with
/// `openssl genrsa 2048` and pass it as PEM); `InvalidData` for a bad users
/// file (the message names the line).
///
/// # Examples
///
/// ```
/// let app = jot_axum::demo::app(&Default::default())?;
/// assert_eq!(app.alg, jot::Algorithm::ES256);
/// assert_eq!(app.demo_user.as_ref().map(|u| u.username.as_str()), Some("demo"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn app(opts: &ServeOptions) -> io::Result<App> {
    let jot_err = |what: &str, e: jot::Error| bad_input(format!("{what}: {e}"));
    let private = match &opts.key_pem {
        Some(pem) => Jwk::from_pem(pem).map_err(|e| jot_err("key", e))?,
        None => {
            let alg = opts.alg.unwrap_or(Algorithm::ES256);
            Jwk::generate(alg).map_err(|e| {
                jot_err(
                    &format!("cannot generate a {alg} key (for RSA, pass a PEM from `openssl genrsa 2048`)"),
                    e,
                )
            })?
        }
    };
    if !private.is_private() {
        return Err(bad_input("the key must be a private key"));
    }
    let alg = match opts.alg {
        Some(alg) => alg,
        None => default_alg(&private)?,
    };
    let kid = private.thumbprint().map_err(|e| jot_err("key", e))?;
    let signer = SigningKey::from_jwk(&private, alg)
        .map_err(|e| jot_err("key", e))?
        .with_kid(kid.clone());
    let (verifier, jwks) = if private.is_symmetric() {
        // A shared secret is never published: the JWK Set stays empty.
        let v = VerifyingKey::from_jwk(&private, alg).map_err(|e| jot_err("key", e))?;
        (v, JwkSet::default().to_json())
    } else {
        let mut public = private.to_public().map_err(|e| jot_err("key", e))?;
        public.kid = Some(kid.clone());
        public.alg = Some(alg.name().into());
        public.use_ = Some("sig".into());
        let v = VerifyingKey::from_jwk(&public, alg).map_err(|e| jot_err("key", e))?;
        let set = JwkSet::new(vec![public]).map_err(|e| jot_err("key", e))?;
        (v, set.to_json())
    };

    let (users, demo_user) = match &opts.users {
        Some(text) => (password::parse_users(text)?, None),
        None => {
            let password = random_token(16)?;
            let mut users = HashMap::new();
            users.insert(
                "demo".to_owned(),
                PasswordHash::new(&password, DEMO_ITERATIONS)?,
            );
            let user = DemoUser {
                username: "demo".into(),
                password,
            };
            (users, Some(user))
        }
    };
    let decoy_iterations = users
        .values()
        .map(PasswordHash::iterations)
        .max()
        .unwrap_or(DEMO_ITERATIONS);
    let decoy = PasswordHash::new(&random_token(16)?, decoy_iterations)?;
    let validation = Validation::new(&[alg])
        .issuer(&opts.issuer)
        .audience(&opts.audience)
        .typ("at+jwt")
        .require("jti");
    let demo = Arc::new(Demo {
        signer,
        jwks,
        issuer: opts.issuer.clone(),
        audience: opts.audience.clone(),
        access_ttl: opts.access_ttl,
        refresh_ttl: opts.refresh_ttl,
        users,
        decoy,
        sessions: Sessions::default(),
        revoked: Mutex::new(HashMap::new()),
        verifier: verifier.clone(),
        validation: validation.clone(),
    });

    let api = Router::new()
        .route("/api/greet", get(greet))
        .route("/api/me", get(me))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&demo),
            not_revoked,
        ))
        .route_layer(
            JwtLayer::<Claims>::new(verifier.clone(), validation.clone()).realm("jot-demo"),
        );
    let mut router = Router::new()
        .route("/login", post(login))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/.well-known/jwks.json", get(jwks_route))
        .merge(api)
        .with_state(Arc::clone(&demo));
    if let Some(extra) = &opts.extra_routes {
        router = router.merge(extra.clone());
    }
    Ok(App {
        router,
        demo_user,
        alg,
        kid,
    })
}

/// A refusal from the demo's own routes: status and
/// `{"error", "error_description"}`.
struct ApiError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl ApiError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error,
            description: description.into(),
        }
    }

    fn request(description: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    fn grant(description: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_grant", description)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.error, "error_description": self.description});
        (
            self.status,
            [(header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response()
    }
}

/// Reads a small form or JSON body into `T` (RFC 6749 uses forms; JSON is
/// the friendlier twin).
async fn read_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    expected: &str,
) -> Result<T, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json = match mime.as_str() {
        "application/json" => true,
        "application/x-www-form-urlencoded" => false,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_request",
                "send application/json or application/x-www-form-urlencoded",
            ))
        }
    };
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            format!("body too large (at most {MAX_BODY} bytes)"),
        )
    })?;
    // Fixed messages: a parser's message could echo a password.
    if json {
        serde_json::from_slice(&bytes).map_err(|_| {
            ApiError::request(format!(
                "body must be a JSON object with string fields {expected}"
            ))
        })
    } else {
        serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| ApiError::request(format!("form must have the fields {expected}")))
    }
}

fn required(field: Option<String>, name: &str) -> Result<String, ApiError> {
    match field {
        Some(v) if v.len() > MAX_FIELD => Err(ApiError::request(format!("{name} is too long"))),
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::request(format!("missing field {name}"))),
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn secs(ttl: u64) -> i64 {
    i64::try_from(ttl).unwrap_or(i64::MAX)
}

#[derive(Deserialize)]
struct LoginForm {
    username: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct RefreshForm {
    refresh_token: Option<String>,
}

impl Demo {
    /// A new access token for `sub`, paired with `refresh`.
    fn issue(&self, sub: &str, refresh: String) -> Result<Response, ApiError> {
        let now = now_secs();
        let internal = || {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "could not issue a token",
            )
        };
        let claims = Claims::new(serde_json::Map::new())
            .with_issuer(self.issuer.as_str())
            .with_audience(self.audience.as_str())
            .with_subject(sub)
            .with_issued_at(NumericDate::from_secs(now))
            .with_expiration(NumericDate::from_secs(
                now.saturating_add(secs(self.access_ttl)),
            ))
            .with_jwt_id(random_token(16).map_err(|_| internal())?);
        let jose = Header::jwt(&self.signer).with_typ("at+jwt");
        let access = jwt::encode(&jose, &claims, &self.signer).map_err(|_| internal())?;
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

async fn login(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let form: LoginForm = read_body(&headers, body, "username and password").await?;
    let username = required(form.username, "username")?;
    let password = required(form.password, "password")?;
    let check = Arc::clone(&d);
    let user = username.clone();
    // PBKDF2 is deliberately slow: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || match check.users.get(&user) {
        Some(hash) => hash.verify(&password),
        None => {
            let _ = check.decoy.verify(&password);
            false
        }
    })
    .await
    .unwrap_or(false);
    if !ok {
        return Err(ApiError::grant("wrong username or password"));
    }
    let now = now_secs();
    let refresh = d
        .sessions
        .start(&username, now.saturating_add(secs(d.refresh_ttl)), now)
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "could not issue a token",
            )
        })?;
    d.issue(&username, refresh)
}

async fn refresh(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let form: RefreshForm = read_body(&headers, body, "refresh_token").await?;
    let token = required(form.refresh_token, "refresh_token")?;
    let now = now_secs();
    match d
        .sessions
        .rotate(&token, now.saturating_add(secs(d.refresh_ttl)), now)
    {
        Ok((sub, next)) => d.issue(&sub, next),
        Err(refused) => Err(ApiError::grant(refused.description())),
    }
}

async fn logout(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let now = now_secs();
    let mut revoked = false;
    if headers.contains_key(header::CONTENT_TYPE) {
        let form: RefreshForm = read_body(&headers, body, "refresh_token").await?;
        if let Some(token) = form.refresh_token.filter(|t| !t.is_empty()) {
            d.sessions.revoke(&token, now);
            revoked = true;
        }
    }
    let (parts, ()) = {
        let mut req = http::Request::new(());
        *req.headers_mut() = headers;
        req.into_parts()
    };
    if let Ok(Some(token)) = crate::extract(&parts, &[crate::TokenSource::Bearer]) {
        if let Ok(t) = jwt::verify::<Claims>(token, &d.verifier, &d.validation) {
            if let (Some(jti), Some(exp)) = (t.claims.jti, t.claims.exp) {
                // Saturating float-to-int: this server wrote whole seconds.
                let until = exp.as_secs_f64() as i64;
                let mut list = d.revoked.lock().unwrap_or_else(|e| e.into_inner());
                list.retain(|_, until| *until > now);
                list.insert(jti, until);
                revoked = true;
            }
        }
    }
    if revoked {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::request(
            "nothing to revoke: send refresh_token (and the access token as Bearer)",
        ))
    }
}

/// Refuses access tokens revoked by logout.
async fn not_revoked(State(d): State<Arc<Demo>>, req: Request, next: Next) -> Response {
    let jti = req
        .extensions()
        .get::<JwtClaims<Claims>>()
        .and_then(|c| c.0.jti.as_deref());
    let revoked = jti.is_some_and(|jti| {
        d.revoked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(jti)
    });
    if revoked {
        let mut res = AuthError::Missing.to_response(None);
        let challenge =
            r#"Bearer realm="jot-demo", error="invalid_token", error_description="token revoked""#;
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            http::HeaderValue::from_static(challenge),
        );
        *res.body_mut() =
            Body::from(r#"{"error":"invalid_token","error_description":"token revoked"}"#);
        return res;
    }
    next.run(req).await
}

async fn greet(JwtClaims(c): JwtClaims<Claims>) -> String {
    format!("hi {}!", c.sub.unwrap_or_default())
}

async fn me(JwtClaims(c): JwtClaims<Claims>) -> Json<Claims> {
    Json(c)
}

async fn jwks_route(State(d): State<Arc<Demo>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/jwk-set+json")],
        d.jwks.clone(),
    )
        .into_response()
}

/// A bound demo server, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    app: App,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .field("app", &self.app)
            .finish()
    }
}

/// Builds the app and binds `opts.addr` (use port 0 for an ephemeral port).
///
/// # Errors
///
/// Those of [`app`], and the bind's.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// use jot_axum::demo::{bind, ServeOptions};
/// let server = bind(ServeOptions { addr: "127.0.0.1:0".parse().expect("addr"), ..Default::default() }).await?;
/// assert_ne!(server.local_addr().port(), 0);
/// assert!(server.banner().contains("/api/greet"));
/// # Ok(()) }
/// ```
pub async fn bind(opts: ServeOptions) -> io::Result<Server> {
    let app = app(&opts)?;
    let listener = tokio::net::TcpListener::bind(opts.addr).await?;
    let addr = listener.local_addr()?;
    Ok(Server {
        listener,
        addr,
        app,
    })
}

impl Server {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app: generated user, algorithm, `kid`.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// What [`serve`] prints: the address, the demo user, and curl commands
    /// for each route.
    pub fn banner(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        let base = format!("http://{addr}");
        let (user, pass, who) = match &self.app.demo_user {
            Some(u) => (
                u.username.clone(),
                u.password.clone(),
                format!("demo user: {}\npassword:  {}", u.username, u.password),
            ),
            None => (
                "USER".into(),
                "PASSWORD".into(),
                "users: from the users file".into(),
            ),
        };
        let grab = |field: &str| format!(r#"sed 's/.*"{field}":"\([^"]*\)".*/\1/'"#);
        format!(
            "jot demo server on {base} ({alg}, kid {kid})\n{who}\n\ntry:\n\
             \x20 curl -s {base}/.well-known/jwks.json\n\
             \x20 curl -s -d username={user} -d password={pass} {base}/login\n\
             \x20 RESP=$(curl -s -d username={user} -d password={pass} {base}/login)\n\
             \x20 TOKEN=$(echo \"$RESP\" | {grab_a}); REFRESH=$(echo \"$RESP\" | {grab_r})\n\
             \x20 curl -s -H \"Authorization: Bearer $TOKEN\" {base}/api/greet\n\
             \x20 curl -s -H \"Authorization: Bearer $TOKEN\" {base}/api/me\n\
             \x20 curl -si {base}/api/greet\n\
             \x20 curl -s -d refresh_token=$REFRESH {base}/refresh\n\
             \x20 curl -si -H \"Authorization: Bearer $TOKEN\" -d refresh_token=$REFRESH {base}/logout\n",
            alg = self.app.alg,
            kid = self.app.kid,
            grab_a = grab("access_token"),
            grab_r = grab("refresh_token"),
        )
    }

    /// Serves until `shutdown` completes.
    ///
    /// # Errors
    ///
    /// The server's I/O error.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        axum::serve(self.listener, self.app.router)
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Serves until the process is interrupted (Ctrl-C) or killed.
    ///
    /// # Errors
    ///
    /// The server's I/O error.
    pub async fn run(self) -> io::Result<()> {
        self.run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }
}

/// Binds, prints the banner (user, password, curl commands) to stdout, and
/// serves until interrupted: the whole of `jot serve`.
///
/// # Errors
///
/// Those of [`bind`] and [`Server::run`].
///
/// # Examples
///
/// ```no_run
/// # #[tokio::main] async fn main() -> std::io::Result<()> {
/// jot_axum::demo::serve(Default::default()).await
/// # }
/// ```
pub async fn serve(opts: ServeOptions) -> io::Result<()> {
    let server = bind(opts).await?;
    println!("{}", server.banner());
    server.run().await
}
