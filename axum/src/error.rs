//! Refusals, shaped as RFC 6750 §3 says: a status, a `WWW-Authenticate:
//! Bearer` challenge, and a small JSON body.

use axum::body::Body;
use bytes::Bytes;
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
        if let AuthError::Unavailable { retry_after } = self {
            let mut res = respond(self.status(), Body::from(self.body()), None);
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(*retry_after));
            return res;
        }
        let challenge = HeaderValue::from_str(&self.challenge(realm)).ok();
        respond(self.status(), Body::from(self.body()), challenge)
    }

    /// The JSON body of [`to_response`](Self::to_response).
    fn body(&self) -> String {
        serde_json::json!({
            "error": self.code().unwrap_or("missing_token"),
            "error_description": self.description(),
        })
        .to_string()
    }

    /// Which fixed answer of [`Refusals`] this error gets: everything in a
    /// refusal but the realm depends only on this.
    fn slot(&self) -> usize {
        match self {
            AuthError::Missing => 0,
            AuthError::InvalidRequest(ExtractError::EmptyBearer) => 1,
            AuthError::InvalidRequest(ExtractError::MultipleTokens) => 2,
            AuthError::InvalidRequest(ExtractError::NotAscii) => 3,
            AuthError::Revoked => 4,
            AuthError::InvalidToken(e) => FIRST_TOKEN_SLOT + phrase(e),
            // Its Retry-After varies: built per answer, by to_response.
            AuthError::Unavailable { .. } => usize::MAX,
        }
    }

    /// One error of each slot, in slot order, to build [`Refusals`] from.
    fn every_slot() -> impl Iterator<Item = AuthError> {
        let requests = [
            ExtractError::EmptyBearer,
            ExtractError::MultipleTokens,
            ExtractError::NotAscii,
        ];
        std::iter::once(AuthError::Missing)
            .chain(requests.into_iter().map(AuthError::InvalidRequest))
            .chain(std::iter::once(AuthError::Revoked))
            .chain(TOKEN_ERRORS.iter().map(|e| AuthError::InvalidToken(e())))
    }
}

/// The slot of the first `InvalidToken` phrase.
const FIRST_TOKEN_SLOT: usize = 5;

/// Status, body and challenge (RFC 6750 §3).
fn respond(status: StatusCode, body: Body, challenge: Option<HeaderValue>) -> Response<Body> {
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(value) = challenge {
        headers.insert(WWW_AUTHENTICATE, value);
    }
    res
}

/// The refusals of one layer, built once for its realm: the challenge header
/// and the JSON body of every kind of [`AuthError`] (everything in them but
/// the realm is fixed per kind), so a refused request, the path floods of bad
/// tokens take, formats nothing and validates no header value.
#[derive(Debug, Clone)]
pub(crate) struct Refusals {
    /// Indexed by [`AuthError::slot`].
    answers: Vec<(Option<HeaderValue>, Bytes)>,
    realm: Option<String>,
}

impl Refusals {
    pub(crate) fn new(realm: Option<&str>) -> Refusals {
        let answers = AuthError::every_slot()
            .map(|e| {
                let challenge = HeaderValue::from_str(&e.challenge(realm)).ok();
                (challenge, Bytes::from(e.body()))
            })
            .collect();
        Refusals {
            answers,
            realm: realm.map(str::to_owned),
        }
    }

    /// The same response as [`AuthError::to_response`] with this realm.
    pub(crate) fn response(&self, e: &AuthError) -> Response<Body> {
        match self.answers.get(e.slot()) {
            Some((challenge, body)) => {
                respond(e.status(), Body::from(body.clone()), challenge.clone())
            }
            None => e.to_response(self.realm.as_deref()),
        }
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
    PHRASES.get(phrase(e)).copied().unwrap_or("invalid token")
}

/// The phrases of [`describe`], by [`phrase`] index; the last is the default.
const PHRASES: &[&str] = &[
    "token is malformed",
    "algorithm not supported",
    "algorithm not allowed",
    "no matching key",
    "invalid signature",
    "critical header not understood",
    "token expired",
    "token not yet valid",
    "token issued in the future",
    "token too old",
    "invalid issuer",
    "invalid audience",
    "invalid subject",
    "required claim missing",
    "invalid token type",
    "invalid token",
];

/// One error of each [`PHRASES`] entry, in order (the last of any other kind).
const TOKEN_ERRORS: &[fn() -> jot::Error] = &[
    || jot::Error::Malformed(jot::Malformed::SegmentCount),
    || jot::Error::UnsupportedAlgorithm(String::new()),
    || jot::Error::AlgorithmNotAllowed(jot::Algorithm::HS256),
    || jot::Error::NoMatchingKey,
    || jot::Error::InvalidSignature,
    || jot::Error::CritInvalid("x"),
    || jot::Error::Expired,
    || jot::Error::NotYetValid,
    || jot::Error::IssuedInFuture,
    || jot::Error::TooOld,
    || jot::Error::InvalidIssuer,
    || jot::Error::InvalidAudience,
    || jot::Error::InvalidSubject,
    || jot::Error::MissingClaim(String::new()),
    || jot::Error::InvalidType,
    || jot::Error::DecryptionFailed,
];

/// The index in [`PHRASES`] of `e`'s category.
fn phrase(e: &jot::Error) -> usize {
    match e.kind() {
        "malformed" => 0,
        "unsupported_algorithm" => 1,
        "algorithm_not_allowed" => 2,
        "key" => 3,
        "signature" => 4,
        "crit" => 5,
        "expired" => 6,
        "not_yet_valid" => 7,
        "issued_in_future" => 8,
        "too_old" => 9,
        "issuer" => 10,
        "audience" => 11,
        "subject" => 12,
        "missing_claim" => 13,
        "type" => 14,
        _ => 15,
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

    /// The layer's prebuilt refusals are exactly what `to_response` builds,
    /// for every kind, with and without a realm.
    #[test]
    fn prebuilt_refusals_equal_to_response() {
        let mut errors: Vec<AuthError> = AuthError::every_slot().collect();
        errors.push(AuthError::InvalidToken(jot::Error::UnsecuredJwsRejected));
        errors.push(AuthError::InvalidToken(jot::Error::MissingClaim(
            "x".into(),
        )));
        assert_eq!(errors.len(), FIRST_TOKEN_SLOT + PHRASES.len() + 2);
        for realm in [None, Some("api"), Some("a\"b")] {
            let refusals = Refusals::new(realm);
            for e in &errors {
                let fast = refusals.response(e);
                let slow = e.to_response(realm);
                assert_eq!(fast.status(), slow.status(), "{e:?}");
                assert_eq!(fast.headers(), slow.headers(), "{e:?}");
                let body = |r: Response<Body>| {
                    let rt = tokio::runtime::Builder::new_current_thread().build();
                    rt.ok()
                        .and_then(|rt| rt.block_on(axum::body::to_bytes(r.into_body(), 1024)).ok())
                };
                assert_eq!(body(fast), body(slow), "{e:?}");
            }
        }
        // Each slot answers with its own phrase.
        for (slot, e) in AuthError::every_slot().enumerate() {
            assert_eq!(e.slot(), slot, "{e:?}");
        }
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
