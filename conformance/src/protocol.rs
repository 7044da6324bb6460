//! The adapter protocol (conformance/PROTOCOL.md): one JSON request per line
//! on the adapter's stdin, one JSON response per line on its stdout.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::case::{Case, Group};

/// One verification the adapter performs with its library.
///
/// Field order matters only to very small adapters (a shell script may read
/// `{"id":N,` at the start of the line); JSON readers need not care.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The case's `tcId`; the response carries it back.
    pub id: u32,
    /// The token, exactly as to be given to the library.
    pub token: String,
    /// The JWK Set the verifier is configured with (RFC 7517 §5).
    pub keys: Value,
    /// The algorithm allow-list.
    pub algorithms: Vec<String>,
    /// The verifier's clock, Unix seconds.
    pub now: i64,
    /// Allowed clock skew, seconds.
    pub leeway: u64,
    /// The expected `iss`, or null for no issuer check.
    pub issuer: Option<String>,
    /// The verifier's own audience, or null when it has none.
    pub audience: Option<String>,
    /// Claims that must be present.
    pub required: Vec<String>,
}

impl Request {
    /// The request for one case of a group.
    pub fn new(group: &Group, case: &Case) -> Request {
        Request {
            id: case.tc_id,
            token: case.token.clone(),
            keys: group.keys.clone(),
            algorithms: group.algorithms.clone(),
            now: case.now,
            leeway: case.leeway,
            issuer: case.issuer.clone(),
            audience: case.audience.clone(),
            required: case.required.clone(),
        }
    }
}

/// The adapter's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    /// The request's `id`.
    pub id: Value,
    /// `accept`, `reject` or `unsupported`.
    pub result: String,
    /// The verified claims (on `accept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Value>,
    /// The library's own error text (on `reject`, and optionally on `unsupported`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Response {
    /// An `accept` answer.
    pub fn accept(id: u32, claims: Value) -> Response {
        Response {
            id: id.into(),
            result: "accept".into(),
            claims: Some(claims),
            error: None,
        }
    }

    /// A `reject` answer with the library's error text.
    pub fn reject(id: u32, error: String) -> Response {
        Response {
            id: id.into(),
            result: "reject".into(),
            claims: None,
            error: Some(error),
        }
    }

    /// An `unsupported` answer: the library cannot express this request.
    pub fn unsupported(id: u32, why: String) -> Response {
        Response {
            id: id.into(),
            result: "unsupported".into(),
            claims: None,
            error: Some(why),
        }
    }
}
