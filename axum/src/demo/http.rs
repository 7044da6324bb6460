//! HTTP plumbing of the demo's own routes: refusals as
//! `{"error", "error_description"}`, and small form or JSON bodies.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::store::StoreError;

/// The largest request body the demo reads.
const MAX_BODY: usize = 4 * 1024;
/// Longest user name, password or refresh token accepted.
const MAX_FIELD: usize = 256;

/// A refusal from the demo's own routes: status, `{"error",
/// "error_description"}`, and `Retry-After` when waiting helps.
pub(crate) struct ApiError {
    status: StatusCode,
    error: &'static str,
    description: String,
    retry_after: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        error: &'static str,
        description: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            error,
            description: description.into(),
            retry_after: None,
        }
    }

    pub(crate) fn request(description: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    pub(crate) fn grant(description: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_grant", description)
    }

    /// 503 `temporarily_unavailable` (RFC 6749 §4.1.2.1), retry in `secs`.
    pub(crate) fn unavailable(secs: u64, description: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            description,
        )
        .retry_after(secs)
    }

    /// The system random source failed: nothing the client did, so a 503.
    pub(crate) fn internal() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "could not issue a token: the system random source failed",
        )
        .retry_after(1)
    }

    pub(crate) fn retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after = Some(secs.max(1));
        self
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let secs = match &e {
            StoreError::Unavailable { retry_after, .. } => *retry_after,
            _ => 1,
        };
        ApiError::unavailable(secs, format!("{e}: retry after {secs} s"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.error, "error_description": self.description});
        let mut res = (
            self.status,
            [(header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// Reads a small form or JSON body into `T` (RFC 6749 uses forms; JSON is
/// the friendlier twin).
pub(crate) async fn read_body<T: serde::de::DeserializeOwned>(
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

/// A present, non-empty field of at most [`MAX_FIELD`] bytes.
pub(crate) fn required(field: Option<String>, name: &str) -> Result<String, ApiError> {
    match field {
        Some(v) if v.len() > MAX_FIELD => Err(ApiError::request(format!(
            "{name} is too long (at most {MAX_FIELD} bytes)"
        ))),
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::request(format!("missing field {name}"))),
    }
}

pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
