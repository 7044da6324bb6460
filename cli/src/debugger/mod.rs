//! `jot debugger`, and the page `jot serve` shows at `/`: a jwt.io-style
//! debugger in which every verdict comes from the jot library.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the page; `GET /debugger/page.css` and `/debugger/page.js` are its parts |
//! | `GET /debugger/api/info` | the limits, and under `jot serve` the demo's issuer, audience and JWKS path |
//! | `POST /debugger/api/decode` | a token taken apart, nothing verified: parts, claims explained, times, warnings |
//! | `POST /debugger/api/verify` | `jwt::verify_traced` with the user's key and allow-list: the verdict and every step |
//! | `POST /debugger/api/sign` | header and claims signed with a pasted key |
//! | `POST /debugger/api/decrypt` | a compact JWE opened with a `dir` key |
//! | `POST /debugger/api/keygen` | `Jwk::generate`: private JWK, public JWK and PEM |
//!
//! The page is a document, not an app: one HTML, one CSS and one JavaScript
//! file, embedded here with `include_str!`, no framework and no build step.
//! It decodes base64url locally only to show the parts as one types; the
//! verdicts, the steps and the explanations come from the API, whose step
//! list is the one `jot explain` prints ([`crate::explain::step_json`]).
//!
//! What it refuses to do: load anything from another origin (every response
//! carries a `Content-Security-Policy` of `'self'` only); read a body over
//! [`MAX_BODY`]; log or keep a token or a key; and fetch any URL a token
//! names (`jku`, `x5u`, an `iss` discovery document): a server that fetches
//! what a token points at is a server-side request forgery tool
//! (RFC 8725 §2.9, §3.10). Bad input is a 4xx with
//! `{"error": KIND, "message": ...}`, never a 500.

mod api;
mod teach;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use jot::KeyRejected;

use crate::Failure;

/// The largest request body the API reads: room for a token at four times
/// the library's 64 KiB default limit, so the page can show why a large one
/// is refused, and far below anything that could hurt the server.
pub const MAX_BODY: usize = 256 * 1024;

/// Everything the debugger's responses may load: this origin only.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_CSS: &str = include_str!("page.css");
const PAGE_JS: &str = include_str!("page.js");

/// Run the web debugger alone: a jwt.io-style page whose verdicts come from
/// the jot library, with every verification step.
///
/// Open the printed address in a browser. Tokens and keys are sent only to
/// this process, which keeps and logs nothing and never fetches a URL a
/// token names. `jot serve` shows the same page at its own address, with a
/// demo login.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (loopback by default: the page is for you alone).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4243")]
    pub addr: SocketAddr,
}

/// What the page may know about the demo server it runs in (`jot serve`).
#[derive(Debug, Clone)]
pub struct DemoInfo {
    /// `iss` of the demo's access tokens.
    pub issuer: String,
    /// `aud` of the demo's access tokens.
    pub audience: String,
}

/// The debugger's routes: the page at `/` and the API under
/// `/debugger/api/`. `demo` is set under `jot serve`.
pub fn router(demo: Option<DemoInfo>) -> Router {
    let api = Router::new()
        .route("/info", get(api::info))
        .route("/decode", post(api::decode))
        .route("/verify", post(api::verify))
        .route("/sign", post(api::sign))
        .route("/decrypt", post(api::decrypt))
        .route("/keygen", post(api::keygen))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint: use info, decode, verify, sign, decrypt or keygen",
            )
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "GET info; POST decode, verify, sign, decrypt and keygen",
            )
        })
        .with_state(Arc::new(demo));
    Router::new()
        .route(
            "/",
            get(|| async { asset(PAGE_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/debugger/page.css",
            get(|| async { asset(PAGE_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/debugger/page.js",
            get(|| async { asset(PAGE_JS, "text/javascript; charset=utf-8") }),
        )
        .nest("/debugger/api", api)
        .layer(axum::middleware::map_response(protect))
}

/// `jot debugger`: serve the page and its API until interrupted.
pub fn run(args: &Args) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| Failure::Io(format!("cannot listen on {}: {e}", args.addr)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Failure::Io(format!("cannot read the bound address: {e}")))?;
        crate::print_line(&format!(
            "jot web debugger on {}\n\
             tokens and keys go only to this process, which keeps and logs nothing \
             and never fetches a URL a token names; Ctrl-C stops it",
            page_url(addr)
        ))?;
        axum::serve(listener, router(None))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Failure::Io(format!("server error: {e}")))
    })
}

/// `http://ADDR/`, with an unspecified address shown as loopback.
pub fn page_url(mut addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    format!("http://{addr}/")
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// Headers on every debugger response: the page may load from its own
/// origin only, is never framed, sends no referrer (a `#token=` link stays
/// in the browser), and nothing is cached.
async fn protect(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A refusal: status and `{"error": KIND, "message": ...}`. Messages never
/// hold the token or key that was sent.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, error: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error,
            message: message.into(),
        }
    }

    /// 400: the request's shape is wrong.
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 422: the library refused the token or key; KIND is its `kind()`.
    fn jot(e: &jot::Error) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.kind(), e.detail())
    }
}

impl From<Failure> for ApiError {
    fn from(f: Failure) -> ApiError {
        match f {
            Failure::Jot(e) | Failure::Explained(e) => ApiError::jot(&e),
            // The command line's advice names files and flags; the page says
            // what to paste instead.
            Failure::Told(e @ jot::Error::KeyRejected(KeyRejected::PrivateKeyNotAllowed), _) => {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    e.kind(),
                    format!(
                        "{}: paste the public key (its public JWK or PEM; Generate key shows both)",
                        e.detail()
                    ),
                )
            }
            Failure::Told(e, detail) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.kind(), detail)
            }
            Failure::Key(e) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "key", e.detail()),
            Failure::Unsupported(why) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_algorithm",
                why,
            ),
            Failure::Usage(why) | Failure::Io(why) => ApiError::bad_request(why),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.error, "message": self.message});
        (self.status, Json(body)).into_response()
    }
}

/// Reads a JSON request body of at most [`MAX_BODY`] bytes into `T`.
/// Parser messages are not passed on (serde's can quote the input, and the
/// input may be a secret): only where it failed.
async fn read_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    fields: &str,
) -> Result<T, ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the request as Content-Type: application/json",
        ));
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "the request body is over the debugger's {MAX_BODY}-byte limit; \
                 jot's verifiers refuse tokens over {} bytes anyway \
                 (jws::DEFAULT_MAX_TOKEN_LEN)",
                jot::jws::DEFAULT_MAX_TOKEN_LEN
            ),
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let what = if e.is_data() {
            "a member is missing, unknown or of the wrong type"
        } else {
            "not valid JSON"
        };
        ApiError::bad_request(format!(
            "the body must be a JSON object with {fields}: {what} (line {} column {})",
            e.line(),
            e.column()
        ))
    })
}
