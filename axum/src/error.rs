//! Refusals, shaped as RFC 6750 §3 says: a status, a `WWW-Authenticate:
//! Bearer` challenge, and a small JSON body.

use axum::body::Body;
use http::header::{HeaderValue, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{Response, StatusCode};

use crate::extract::ExtractError;

/// Why the middleware refused a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// No token in any configured source (RFC 6750 §3.1: no error code).
    Missing,
    /// A token source held something unusable (RFC 6750 §3.1 `invalid_request`).
    InvalidRequest(ExtractError),
    /// The token did not verify (RFC 6750 §3.1 `invalid_token`).
    InvalidToken(jot::Error),
    /// The token verified, but the revocation hook says it is revoked
    /// (`invalid_token`, "token revoked").
    Revoked,
    /// The revocation hook could not answer: 503 `temporarily_unavailable`
    /// with `Retry-After` (fail closed: no check, no access).
    Unavailable {
        /// Seconds to wait before retrying.
        retry_after: u64,
    },
}

impl AuthError {
    /// The HTTP status: 400 for `invalid_request`, 503 for
    /// [`AuthError::Unavailable`], 401 otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot_axum::AuthError;
    /// assert_eq!(AuthError::Missing.status(), http::StatusCode::UNAUTHORIZED);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            AuthError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The RFC 6750 §3.1 error code, `None` when no token was sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot_axum::AuthError;
    /// assert_eq!(AuthError::InvalidToken(jot::Error::Expired).code(), Some("invalid_token"));
    /// assert_eq!(AuthError::Missing.code(), None);
    /// ```
    pub fn code(&self) -> Option<&'static str> {
        match self {
            AuthError::Missing => None,
            AuthError::InvalidRequest(_) => Some("invalid_request"),
            AuthError::InvalidToken(_) | AuthError::Revoked => Some("invalid_token"),
            AuthError::Unavailable { .. } => Some("temporarily_unavailable"),
        }
    }

    /// A short description that leaks nothing: a fixed phrase per
    /// [`jot::Error::kind`], never token text or key material.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot_axum::AuthError;
    /// assert_eq!(AuthError::InvalidToken(jot::Error::Expired).description(), "token expired");
    /// assert_eq!(AuthError::InvalidToken(jot::Error::InvalidSignature).description(), "invalid signature");
    /// ```
    pub fn description(&self) -> &'static str {
        match self {
            AuthError::Missing => "bearer token required",
            AuthError::InvalidRequest(e) => e.description(),
            AuthError::InvalidToken(e) => describe(e),
            AuthError::Revoked => "token revoked",
            AuthError::Unavailable { .. } => {
                "revocation check unavailable: retry after the Retry-After seconds"
            }
        }
    }

    /// The `WWW-Authenticate` challenge (RFC 6750 §3), with `realm` if given.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot_axum::AuthError;
    /// assert_eq!(AuthError::Missing.challenge(Some("api")), r#"Bearer realm="api""#);
    /// assert_eq!(
    ///     AuthError::InvalidToken(jot::Error::Expired).challenge(None),
    ///     r#"Bearer error="invalid_token", error_description="token expired""#,
    /// );
    /// ```
    pub fn challenge(&self, realm: Option<&str>) -> String {
        let mut params = Vec::with_capacity(3);
        if let Some(realm) = realm {
            params.push(format!("realm=\"{}\"", quote(realm)));
        }
        if let Some(code) = self.code() {
            params.push(format!("error=\"{code}\""));
            params.push(format!("error_description=\"{}\"", self.description()));
        }
        if params.is_empty() {
            "Bearer".to_owned()
        } else {
            format!("Bearer {}", params.join(", "))
        }
    }

    /// The default response: status, challenge, and a JSON body
    /// `{"error": code, "error_description": description}` (`error` is
    /// `"missing_token"` when no token was sent). [`AuthError::Unavailable`]
    /// gets `Retry-After` instead of a challenge (the token was not at fault).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot_axum::AuthError;
    /// let res = AuthError::Missing.to_response(None);
    /// assert_eq!(res.status(), 401);
    /// assert_eq!(res.headers()["www-authenticate"], "Bearer");
    /// ```
    pub fn to_response(&self, realm: Option<&str>) -> Response<Body> {
        let body = serde_json::json!({
            "error": self.code().unwrap_or("missing_token"),
            "error_description": self.description(),
        });
        let mut res = Response::new(Body::from(body.to_string()));
        *res.status_mut() = self.status();
        let headers = res.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let AuthError::Unavailable { retry_after } = self {
            headers.insert(RETRY_AFTER, HeaderValue::from(*retry_after));
        } else if let Ok(value) = HeaderValue::from_str(&self.challenge(realm)) {
            headers.insert(WWW_AUTHENTICATE, value);
        }
        res
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description())
    }
}

impl std::error::Error for AuthError {}

impl axum::response::IntoResponse for AuthError {
    fn into_response(self) -> axum::response::Response {
        self.to_response(None)
    }
}

/// One fixed phrase per error category: enough to act on, nothing secret.
fn describe(e: &jot::Error) -> &'static str {
    match e.kind() {
        "malformed" => "token is malformed",
        "unsupported_algorithm" => "algorithm not supported",
        "algorithm_not_allowed" => "algorithm not allowed",
        "key" => "no matching key",
        "signature" => "invalid signature",
        "crit" => "critical header not understood",
        "expired" => "token expired",
        "not_yet_valid" => "token not yet valid",
        "issued_in_future" => "token issued in the future",
        "too_old" => "token too old",
        "issuer" => "invalid issuer",
        "audience" => "invalid audience",
        "subject" => "invalid subject",
        "missing_claim" => "required claim missing",
        "type" => "invalid token type",
        _ => "invalid token",
    }
}

/// Escapes a quoted-string (RFC 9110 §5.6.4); control characters are dropped
/// so the header value stays valid.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realm_is_quoted() {
        assert_eq!(
            AuthError::Missing.challenge(Some("a\"b\\c\n")),
            r#"Bearer realm="a\"b\\c""#
        );
    }

    #[test]
    fn invalid_request_is_400_with_code() {
        let e = AuthError::InvalidRequest(ExtractError::EmptyBearer);
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            e.challenge(Some("r")),
            r#"Bearer realm="r", error="invalid_request", error_description="empty bearer token""#
        );
    }

    #[test]
    fn revoked_and_unavailable() {
        let res = AuthError::Revoked.to_response(Some("r"));
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            res.headers()[WWW_AUTHENTICATE],
            r#"Bearer realm="r", error="invalid_token", error_description="token revoked""#
        );
        let res = AuthError::Unavailable { retry_after: 2 }.to_response(Some("r"));
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[RETRY_AFTER], "2");
        assert!(res.headers().get(WWW_AUTHENTICATE).is_none());
    }

    #[test]
    fn every_kind_has_a_phrase() {
        let errors = [
            jot::Error::InvalidSignature,
            jot::Error::Expired,
            jot::Error::NotYetValid,
            jot::Error::IssuedInFuture,
            jot::Error::TooOld,
            jot::Error::InvalidIssuer,
            jot::Error::InvalidAudience,
            jot::Error::InvalidSubject,
            jot::Error::MissingClaim("exp".into()),
            jot::Error::InvalidType,
            jot::Error::NoMatchingKey,
            jot::Error::UnsecuredJwsRejected,
            jot::Error::AlgorithmNotAllowed(jot::Algorithm::HS256),
            jot::Error::CritInvalid("x"),
        ];
        for e in errors {
            assert_ne!(describe(&e), "invalid token", "{e:?}");
        }
    }
}
