//! Finding the token in a request, apart from checking it (golang-jwt's
//! `request/` package is the model).
//!
//! A [`TokenSource`] names one place a bearer token may travel (RFC 6750 §2):
//! the `Authorization` header, another header, a query parameter, or a
//! cookie. [`extract`] tries the configured sources in order and returns the
//! first token found, borrowed from the request: nothing is copied.

use http::header::{HeaderName, AUTHORIZATION, COOKIE};
use http::request::Parts;

/// One place to look for a token.
///
/// # Examples
///
/// ```
/// use jot_axum::TokenSource;
/// let sources = [TokenSource::Bearer, TokenSource::cookie("session"), TokenSource::query("access_token")];
/// assert_eq!(sources.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenSource {
    /// `Authorization: Bearer <token>` (RFC 6750 §2.1). The scheme is matched
    /// case-insensitively (RFC 9110 §11.1); a header of another scheme (say
    /// `Basic`) counts as no token from this source.
    Bearer,
    /// The whole value of a named header, for example `X-Api-Token`.
    Header(HeaderName),
    /// A query parameter (RFC 6750 §2.3), for example `access_token`. The
    /// value is taken as is: a JWT is base64url and dots, so it needs no
    /// percent-decoding, and an encoded one fails verification as malformed.
    Query(String),
    /// A cookie by name (RFC 6265 §5.4).
    Cookie(String),
}

impl TokenSource {
    /// [`TokenSource::Header`] from a header name.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = jot_axum::TokenSource::header(http::HeaderName::from_static("x-token"));
    /// assert!(matches!(s, jot_axum::TokenSource::Header(_)));
    /// ```
    pub fn header(name: HeaderName) -> TokenSource {
        TokenSource::Header(name)
    }

    /// [`TokenSource::Query`] from a parameter name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot_axum::TokenSource::query("t"), jot_axum::TokenSource::Query("t".into()));
    /// ```
    pub fn query(name: impl Into<String>) -> TokenSource {
        TokenSource::Query(name.into())
    }

    /// [`TokenSource::Cookie`] from a cookie name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot_axum::TokenSource::cookie("c"), jot_axum::TokenSource::Cookie("c".into()));
    /// ```
    pub fn cookie(name: impl Into<String>) -> TokenSource {
        TokenSource::Cookie(name.into())
    }
}

/// Why a request carrying a token could not be read (RFC 6750 §3.1
/// `invalid_request`): these are answered 400, not 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractError {
    /// `Authorization: Bearer` with nothing after the scheme.
    EmptyBearer,
    /// More than one `Authorization` header carries a bearer token
    /// (RFC 6750 §2: one method, one token).
    MultipleTokens,
    /// The header value is not visible ASCII.
    NotAscii,
}

impl ExtractError {
    /// A short description for `error_description` (no request data in it).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot_axum::ExtractError::EmptyBearer.description(), "empty bearer token");
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            ExtractError::EmptyBearer => "empty bearer token",
            ExtractError::MultipleTokens => "more than one bearer token",
            ExtractError::NotAscii => "token is not visible ascii",
        }
    }
}

/// The first token found in `parts`, trying `sources` in order.
///
/// `Ok(None)` means no source held a token.
///
/// # Errors
///
/// An [`ExtractError`] when a source holds something that is not a usable
/// token (an empty bearer, two `Authorization: Bearer` headers, non-ASCII).
///
/// # Examples
///
/// ```
/// use jot_axum::{extract, TokenSource};
/// let req = http::Request::builder()
///     .uri("/x?access_token=abc")
///     .header("cookie", "a=1; session=xyz")
///     .body(())?;
/// let (parts, ()) = req.into_parts();
/// assert_eq!(extract(&parts, &[TokenSource::Bearer, TokenSource::cookie("session")]), Ok(Some("xyz")));
/// assert_eq!(extract(&parts, &[TokenSource::query("access_token")]), Ok(Some("abc")));
/// assert_eq!(extract(&parts, &[TokenSource::Bearer]), Ok(None));
/// # Ok::<(), http::Error>(())
/// ```
pub fn extract<'a>(
    parts: &'a Parts,
    sources: &[TokenSource],
) -> Result<Option<&'a str>, ExtractError> {
    for source in sources {
        let found = match source {
            TokenSource::Bearer => bearer(parts)?,
            TokenSource::Header(name) => match parts.headers.get(name) {
                Some(value) => Some(value.to_str().map_err(|_| ExtractError::NotAscii)?.trim()),
                None => None,
            },
            TokenSource::Query(name) => query(parts.uri.query().unwrap_or(""), name),
            TokenSource::Cookie(name) => cookie(parts, name)?,
        };
        if let Some(token) = found.filter(|t| !t.is_empty()) {
            return Ok(Some(token));
        }
    }
    Ok(None)
}

/// `Authorization: Bearer <token>` (RFC 6750 §2.1).
fn bearer(parts: &Parts) -> Result<Option<&str>, ExtractError> {
    let mut found = None;
    for value in parts.headers.get_all(AUTHORIZATION) {
        let value = value.to_str().map_err(|_| ExtractError::NotAscii)?;
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case("bearer") {
            continue;
        }
        let token = rest.trim();
        if token.is_empty() {
            return Err(ExtractError::EmptyBearer);
        }
        if found.replace(token).is_some() {
            return Err(ExtractError::MultipleTokens);
        }
    }
    Ok(found)
}

/// The first `name=value` pair of a query string.
fn query<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// A cookie by name from every `Cookie` header (RFC 6265 §5.4).
fn cookie<'a>(parts: &'a Parts, name: &str) -> Result<Option<&'a str>, ExtractError> {
    for value in parts.headers.get_all(COOKIE) {
        let value = value.to_str().map_err(|_| ExtractError::NotAscii)?;
        for pair in value.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=') {
                if k == name {
                    // RFC 6265 §4.1.1: a cookie value may be quoted.
                    let v = v
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(v);
                    return Ok(Some(v));
                }
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(f: impl FnOnce(http::request::Builder) -> http::request::Builder) -> Parts {
        f(http::Request::builder().uri("/"))
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        let p = parts(|b| b.header("authorization", "bEaReR  abc.def.ghi "));
        assert_eq!(extract(&p, &[TokenSource::Bearer]), Ok(Some("abc.def.ghi")));
    }

    #[test]
    fn other_scheme_is_no_token() {
        let p = parts(|b| b.header("authorization", "Basic dXNlcjpwYXNz"));
        assert_eq!(extract(&p, &[TokenSource::Bearer]), Ok(None));
    }

    #[test]
    fn empty_bearer_is_invalid_request() {
        let p = parts(|b| b.header("authorization", "Bearer "));
        assert_eq!(
            extract(&p, &[TokenSource::Bearer]),
            Err(ExtractError::EmptyBearer)
        );
        let p = parts(|b| b.header("authorization", "Bearer"));
        assert_eq!(
            extract(&p, &[TokenSource::Bearer]),
            Err(ExtractError::EmptyBearer)
        );
    }

    #[test]
    fn two_bearer_headers_rejected() {
        let p = parts(|b| {
            b.header("authorization", "Bearer a")
                .header("authorization", "Bearer b")
        });
        assert_eq!(
            extract(&p, &[TokenSource::Bearer]),
            Err(ExtractError::MultipleTokens)
        );
    }

    #[test]
    fn sources_tried_in_order() {
        let p = parts(|b| {
            b.uri("/p?x=1&t=fromquery")
                .header("x-token", "fromheader")
                .header("cookie", "t=fromcookie")
        });
        let q = TokenSource::query("t");
        let h = TokenSource::header(HeaderName::from_static("x-token"));
        let c = TokenSource::cookie("t");
        assert_eq!(extract(&p, &[q.clone(), h.clone()]), Ok(Some("fromquery")));
        assert_eq!(extract(&p, &[h.clone(), q.clone()]), Ok(Some("fromheader")));
        assert_eq!(
            extract(&p, &[TokenSource::Bearer, c]),
            Ok(Some("fromcookie"))
        );
    }

    #[test]
    fn quoted_cookie_and_missing_names() {
        let p = parts(|b| b.header("cookie", "a=1; jwt=\"tok\""));
        assert_eq!(extract(&p, &[TokenSource::cookie("jwt")]), Ok(Some("tok")));
        assert_eq!(extract(&p, &[TokenSource::cookie("nope")]), Ok(None));
        assert_eq!(extract(&p, &[TokenSource::query("jwt")]), Ok(None));
    }

    #[test]
    fn empty_query_value_is_no_token() {
        let p = parts(|b| b.uri("/?t="));
        assert_eq!(extract(&p, &[TokenSource::query("t")]), Ok(None));
    }
}
