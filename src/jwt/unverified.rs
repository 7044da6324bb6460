//! Reading a JWT without verifying it, for debugging and the `jot decode`
//! and `jot explain` commands. The verify path never calls this.

use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Part, Result};
use crate::jws::{split, DEFAULT_MAX_TOKEN_LEN, MAX_HEADER_LEN};

/// A token read without checking anything but its shape. Do not trust it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Unverified {
    /// The header as a JSON object (strictly parsed, but `alg` unchecked).
    pub header: Map<String, Value>,
    /// The payload bytes.
    pub payload: Vec<u8>,
    /// The payload as JSON, if it is a strict JSON object.
    pub claims: Option<Map<String, Value>>,
    /// The signature bytes.
    pub signature: Vec<u8>,
    /// The signing input `header.payload`, as received.
    pub signing_input: String,
}

/// Decodes a compact token WITHOUT verifying its signature or claims.
///
/// Named so that nobody calls it by accident (golang-jwt's
/// `ParseUnverified`); it is not re-exported at the crate root. Use
/// [`super::verify`] for anything you act on.
///
/// # Errors
///
/// [`crate::Error::Malformed`] when the token is not three segments of
/// strict base64url with a strict JSON object as its header.
///
/// # Examples
///
/// ```
/// let t = jot::jwt::decode_unverified("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")?;
/// assert_eq!(t.header["alg"], "none");
/// assert_eq!(t.claims.and_then(|c| c.get("sub").cloned()), Some("a".into()));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn decode_unverified(token: &str) -> Result<Unverified> {
    let parts = split(token, DEFAULT_MAX_TOKEN_LEN)?;
    let header = crate::json::from_object(
        &b64::decode(parts.header, Part::Header)?,
        Part::Header,
        MAX_HEADER_LEN,
    )?;
    let payload = b64::decode(parts.payload, Part::Payload)?;
    let claims = crate::json::from_object(&payload, Part::Payload, DEFAULT_MAX_TOKEN_LEN).ok();
    let signature = b64::decode(parts.signature, Part::Signature)?;
    Ok(Unverified {
        header,
        payload,
        claims,
        signature,
        signing_input: parts.signing_input.to_owned(),
    })
}
