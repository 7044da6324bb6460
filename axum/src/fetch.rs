//! [`JwksFetcher`] over hyper's client: a GET, status 200 required, body
//! size capped while it is read.

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_LENGTH};
use http::{Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::remote::{FetchError, FetchFuture, JwksFetcher};

/// Fetches a JWK Set over HTTP with hyper.
///
/// [`HttpJwksFetcher::new`] speaks plain `http` only (loopback, a sidecar, a
/// service mesh that terminates TLS). For `https`, pass a TLS connector,
/// such as `hyper_rustls::HttpsConnector`, to
/// [`HttpJwksFetcher::with_connector`]: this crate leaves the TLS stack to
/// you. Redirects are not followed.
///
/// # Examples
///
/// ```
/// let f = jot_axum::HttpJwksFetcher::new("http://127.0.0.1:9/jwks.json".parse().expect("uri"));
/// # let _ = f;
/// ```
#[derive(Clone)]
pub struct HttpJwksFetcher<C = HttpConnector> {
    client: Client<C, Empty<Bytes>>,
    uri: Uri,
}

impl std::fmt::Debug for HttpJwksFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpJwksFetcher")
            .field("uri", &self.uri)
            .finish()
    }
}

impl HttpJwksFetcher {
    /// A fetcher for an `http://` URI.
    pub fn new(uri: Uri) -> HttpJwksFetcher {
        HttpJwksFetcher::with_connector(HttpConnector::new(), uri)
    }
}

impl<C: Connect + Clone + Send + Sync + 'static> HttpJwksFetcher<C> {
    /// A fetcher over any hyper connector (a TLS one for `https://`).
    pub fn with_connector(connector: C, uri: Uri) -> HttpJwksFetcher<C> {
        let client = Client::builder(TokioExecutor::new()).build(connector);
        HttpJwksFetcher { client, uri }
    }
}

impl<C: Connect + Clone + Send + Sync + 'static> JwksFetcher for HttpJwksFetcher<C> {
    fn fetch(&self, max_bytes: usize) -> FetchFuture<'_> {
        Box::pin(async move {
            let req = Request::get(self.uri.clone())
                .header(ACCEPT, "application/jwk-set+json, application/json")
                .body(Empty::new())
                .map_err(|e| FetchError::Transport(e.to_string()))?;
            let res = self
                .client
                .request(req)
                .await
                .map_err(|e| FetchError::Transport(e.to_string()))?;
            if res.status() != StatusCode::OK {
                return Err(FetchError::Status(res.status().as_u16()));
            }
            let declared = res
                .headers()
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if declared.is_some_and(|n| n > max_bytes as u64) {
                return Err(FetchError::TooLarge);
            }
            let body = Limited::new(res.into_body(), max_bytes)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        FetchError::TooLarge
                    } else {
                        FetchError::Transport(e.to_string())
                    }
                })?;
            Ok(body.to_bytes().to_vec())
        })
    }
}
