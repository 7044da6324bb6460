//! The JWS JSON Serialization (RFC 7515 §7.2): one payload, one or more
//! signatures, each with a protected header, an unprotected header, or both.
//!
//! ```text
//! general (§7.2.1)                          flattened (§7.2.2), one signature
//! {"payload":"<b64u>",                      {"payload":"<b64u>",
//!  "signatures":[                            "protected":"<b64u>",
//!   {"protected":"<b64u>",                   "header":{...},
//!    "header":{...},                         "signature":"<b64u>"}
//!    "signature":"<b64u>"}, ...]}
//! signing input: protected || "." || payload  (protected may be empty)
//! ```
//!
//! The header used for a signature is the union of its protected and
//! unprotected members, which must be disjoint (§7.2.1); `alg` appears
//! exactly once in it, and `crit` and `b64` only in the protected part
//! (§4.1.11, RFC 7797 §3). Detached content (Appendix F) omits `payload`;
//! `b64: false` (RFC 7797) writes the payload as a JSON string, unencoded.
//!
//! Parsing is as strict as for compact: one JSON object within the size
//! limit, no duplicate members at any level, every base64url member
//! canonical, the protected header a strict object. A document is checked
//! whole before any signature is tried.
//!
//! One concept, kept whole (most of its lines are doc examples): signing and
//! verifying share the §7.2 rules above, and a reader checks one against the
//! other in one file.

use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Error, KeyRejected, Malformed, Part, Result};
use crate::jwa::Algorithm;
use crate::jwk::{KeySource, SigningKey};

use super::compact::DEFAULT_MAX_TOKEN_LEN;
use super::crit::check_crit_form;
use super::header::{Header, MAX_HEADER_LEN};
use super::unencoded::{b64_rule, signing_input, verify_signature};

/// The most signatures a document may carry, signing or verifying.
pub const MAX_SIGNATURES: usize = 16;

/// The members of one signature, as they are written.
type Members = Map<String, Value>;

/// One signer of a JSON serialization: a key and the headers to sign under.
///
/// # Examples
///
/// ```
/// use jot::{jws::{json::Signer, Header}, Algorithm, SigningKey};
/// let key = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// // alg protected, kid not (RFC 7520 §4.6)
/// let signer = Signer::new(&key, Header::new(Algorithm::HS256)).with_unprotected("kid", "k1");
/// assert_eq!(signer.unprotected["kid"], "k1");
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Signer<'k> {
    /// The signing key; its algorithm must be the header's `alg`.
    pub key: &'k SigningKey,
    /// The JWS Protected Header, or `None` to protect the content only.
    pub protected: Option<Header>,
    /// The JWS Unprotected Header (`header` member), disjoint from `protected`.
    pub unprotected: Members,
}

impl<'k> Signer<'k> {
    /// A signer with `protected` as its protected header and no unprotected one.
    pub fn new(key: &'k SigningKey, protected: Header) -> Signer<'k> {
        Signer {
            key,
            protected: Some(protected),
            unprotected: Map::new(),
        }
    }

    /// A signer with no protected header: `alg` (and anything else) sits in
    /// `unprotected`, and only the payload is protected (RFC 7520 §4.7).
    pub fn unprotected_only(key: &'k SigningKey, unprotected: Members) -> Signer<'k> {
        Signer {
            key,
            protected: None,
            unprotected,
        }
    }

    /// Adds a member to the unprotected header.
    #[must_use]
    pub fn with_unprotected(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.unprotected.insert(name.into(), value.into());
        self
    }
}

/// A signed JWS, ready to write in either JSON serialization.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// The `payload` member: base64url, or the payload itself with
    /// `b64: false`; `None` when detached (RFC 7515 Appendix F).
    pub payload: Option<String>,
    /// One entry per signer, in order.
    pub signatures: Vec<Signature>,
}

/// One signature of a [`Signed`] JWS, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signature {
    /// The `protected` member (base64url), absent when there is no protected header.
    pub protected: Option<String>,
    /// The `header` member, omitted when empty.
    pub header: Members,
    /// The `signature` member (base64url).
    pub signature: String,
}

impl Signed {
    /// The general JWS JSON Serialization (RFC 7515 §7.2.1).
    pub fn general(&self) -> String {
        let mut out = String::from("{");
        self.write_payload(&mut out);
        out.push_str("\"signatures\":[");
        for (i, s) in self.signatures.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            s.write(&mut out);
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    /// The flattened JWS JSON Serialization (RFC 7515 §7.2.2).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] unless there is exactly one signature.
    pub fn flattened(&self) -> Result<String> {
        let [only] = self.signatures.as_slice() else {
            return Err(doc_member(
                "signatures",
                "flattened syntax holds exactly one signature (RFC 7515 §7.2.2)",
            ));
        };
        let mut out = String::from("{");
        self.write_payload(&mut out);
        only.write(&mut out);
        out.push('}');
        Ok(out)
    }

    /// The same JWS with the payload detached (RFC 7515 Appendix F): the
    /// `payload` member is left out, and the payload travels apart, to
    /// [`verify_detached`].
    #[must_use]
    pub fn detached(mut self) -> Signed {
        self.payload = None;
        self
    }

    fn write_payload(&self, out: &mut String) {
        if let Some(p) = &self.payload {
            out.push_str("\"payload\":");
            out.push_str(&Value::from(p.as_str()).to_string());
            out.push(',');
        }
    }
}

impl Signature {
    fn write(&self, out: &mut String) {
        if let Some(p) = &self.protected {
            out.push_str("\"protected\":");
            out.push_str(&Value::from(p.as_str()).to_string());
            out.push(',');
        }
        if !self.header.is_empty() {
            out.push_str("\"header\":");
            out.push_str(&Value::Object(self.header.clone()).to_string());
            out.push(',');
        }
        out.push_str("\"signature\":");
        out.push_str(&Value::from(self.signature.as_str()).to_string());
    }
}

/// Signs `payload` once per signer (RFC 7515 §5.1 with §7.2), for either
/// JSON serialization.
///
/// Each signer's header is checked as a verifier would check it: protected
/// and unprotected disjoint, `alg` present once and equal to the key's,
/// `crit` well formed and protected, `b64` protected, boolean, listed in
/// `crit` and the same for every signer. With `b64: false` the payload must
/// be UTF-8 (it is written as a JSON string).
///
/// # Errors
///
/// [`Error::Malformed`] (no signer or more than [`MAX_SIGNATURES`],
/// overlapping headers, missing `alg`, `b64` not boolean or differing,
/// non-UTF-8 unencoded payload), [`Error::KeyRejected`] with
/// `WrongAlgorithm`, [`Error::CritInvalid`], [`Error::UnsupportedAlgorithm`]
/// or [`Error::UnsecuredJwsRejected`] for an unprotected `alg` jot refuses.
///
/// # Examples
///
/// Two signatures, then the general syntax:
///
/// ```
/// use jot::{jws::{self, json::Signer, Header}, Algorithm, Jwk, SigningKey, VerifyingKey};
/// let mac = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let ed = Jwk::generate(Algorithm::EdDSA)?;
/// let ed_signer = SigningKey::from_jwk(&ed, Algorithm::EdDSA)?;
/// let signed = jws::json::sign(b"hello", &[
///     Signer::new(&mac, Header::new(Algorithm::HS256)),
///     Signer::new(&ed_signer, Header::new(Algorithm::EdDSA)),
/// ])?;
/// let doc = signed.general();
/// let ed_key = VerifyingKey::from_jwk(&ed.to_public()?, Algorithm::EdDSA)?;
/// let verified = jws::json::verify(&doc, &ed_key, &[Algorithm::EdDSA])?;
/// assert_eq!((verified.payload.as_slice(), verified.signature_index), (&b"hello"[..], 1));
/// # Ok::<(), jot::Error>(())
/// ```
pub fn sign(payload: &[u8], signers: &[Signer<'_>]) -> Result<Signed> {
    check_count(signers.len())?;
    let mut prepared = Vec::with_capacity(signers.len());
    let mut encoding = None;
    for signer in signers {
        let protected_b64 = signer
            .protected
            .as_ref()
            .map(|h| h.to_json().map(b64::encode))
            .transpose()?;
        let protected = match &protected_b64 {
            Some(text) => parse_protected(text)?,
            None => Map::new(),
        };
        let header = union_header(&protected, &signer.unprotected)?;
        if header.alg != signer.key.alg() {
            return Err(KeyRejected::WrongAlgorithm.into());
        }
        check_crit_form(&header)?;
        same_encoding(&mut encoding, protected_encoding(&protected)?)?;
        prepared.push((protected_b64, header));
    }
    let encoded = encoding.unwrap_or(true);
    let payload_member = if encoded {
        b64::encode(payload)
    } else {
        std::str::from_utf8(payload)
            .map_err(|_| Malformed::Utf8(Part::Payload))?
            .to_owned()
    };
    let mut signatures = Vec::with_capacity(signers.len());
    for (signer, (protected, _)) in signers.iter().zip(prepared) {
        let input = signing_input(
            protected.as_deref().unwrap_or_default(),
            payload_member.as_bytes(),
            false,
        );
        signatures.push(Signature {
            protected,
            header: signer.unprotected.clone(),
            signature: b64::encode(signer.key.sign(&input)?),
        });
    }
    Ok(Signed {
        payload: Some(payload_member),
        signatures,
    })
}

/// Signs with one signer and returns the flattened syntax (RFC 7515 §7.2.2).
///
/// # Errors
///
/// As [`sign`].
///
/// # Examples
///
/// ```
/// use jot::{jws::{self, json::Signer, Header}, Algorithm, SigningKey, VerifyingKey};
/// let key = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let doc = jws::json::sign_flattened(b"hi", &Signer::new(&key, Header::new(Algorithm::HS256)))?;
/// assert_eq!(doc, r#"{"payload":"aGk","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"6mNThzjVNgW80PNwENS6CX_BbATpf_TmGLbIgpQkdp4"}"#);
/// # Ok::<(), jot::Error>(())
/// ```
pub fn sign_flattened(payload: &[u8], signer: &Signer<'_>) -> Result<String> {
    sign(payload, std::slice::from_ref(signer))?.flattened()
}

/// Signs once per signer and returns the general syntax (RFC 7515 §7.2.1).
///
/// # Errors
///
/// As [`sign`].
///
/// # Examples
///
/// See [`sign`].
pub fn sign_general(payload: &[u8], signers: &[Signer<'_>]) -> Result<String> {
    sign(payload, signers).map(|s| s.general())
}

/// A verified JWS JSON Serialization: the payload, and which signature
/// verified with which headers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedJson {
    /// The payload bytes (decoded unless `b64: false`; the given bytes if detached).
    pub payload: Vec<u8>,
    /// The index in `signatures` (0 for flattened) of the signature that verified.
    pub signature_index: usize,
    /// The union of that signature's protected and unprotected headers.
    pub header: Header,
    /// Its protected header members (integrity protected).
    pub protected: Map<String, Value>,
    /// Its unprotected header members (NOT integrity protected).
    pub unprotected: Map<String, Value>,
}

/// Verifies a JWS in either JSON serialization (RFC 7515 §7.2, §5.2) with
/// the caller's keys and allow-list; succeeds when one signature verifies,
/// and names it.
///
/// The whole document is checked first: a strict JSON object within
/// [`DEFAULT_MAX_TOKEN_LEN`], `payload` a string, `signatures` an array of 1
/// to [`MAX_SIGNATURES`] objects (general) or the signature members at the
/// top (flattened), `protected` and `signature` strict base64url strings,
/// `protected` a strict JSON object, `header` an object disjoint from it,
/// `alg` in the union exactly once, `crit` and `b64` only protected, `b64`
/// the same for all. Then each signature in order: `alg` supported,
/// `crit` understood (only `b64` is), `alg` in `algorithms`, key chosen from
/// `keys` by the union's `kid` and `alg`, signature. The payload is decoded
/// last.
///
/// # Errors
///
/// A malformed document fails with [`Error::Malformed`],
/// [`Error::CritInvalid`], or a header error (as
/// [`Header::from_json`]). If no signature verifies, the error of the one
/// that got furthest (first on ties): [`Error::InvalidSignature`], then
/// [`Error::NoMatchingKey`] / [`Error::KeyRejected`], then
/// [`Error::AlgorithmNotAllowed`], then [`Error::CritNotUnderstood`], then
/// [`Error::UnsupportedAlgorithm`] / [`Error::UnsecuredJwsRejected`].
///
/// # Examples
///
/// RFC 7520 §4.6 (flattened, `kid` unprotected):
///
/// ```
/// use jot::{jws, Algorithm, VerifyingKey, b64, Part};
/// let key = VerifyingKey::hmac(Algorithm::HS256, &b64::decode("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg", Part::Key)?)?;
/// let doc = r#"{"payload":"SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4",
///   "protected":"eyJhbGciOiJIUzI1NiJ9","header":{"kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037"},
///   "signature":"bWUSVaxorn7bEF1djytBd0kHv70Ly5pvbomzMWSOr20"}"#;
/// let verified = jws::json::verify(doc, &key, &[Algorithm::HS256])?;
/// assert_eq!(verified.header.kid.as_deref(), Some("018c0ae5-4d9b-471b-bfd6-eef314bc7037"));
/// assert!(verified.unprotected.contains_key("kid"));
/// // Never through the compact API.
/// assert!(jws::verify(doc, &key, &[Algorithm::HS256]).is_err());
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify(
    document: &str,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<VerifiedJson> {
    verify_inner(document, None, keys, algorithms)
}

/// [`verify`] for detached content (RFC 7515 Appendix F): the document has
/// no `payload` member, and `payload` is the content, given apart.
///
/// # Errors
///
/// As [`verify`]; [`Error::Malformed`] if the document has a `payload`.
///
/// # Examples
///
/// ```
/// use jot::{jws::{self, json::Signer, Header}, Algorithm, SigningKey, VerifyingKey};
/// let key = SigningKey::hmac(Algorithm::HS256, &[7; 32])?;
/// let doc = jws::json::sign(b"file", &[Signer::new(&key, Header::new(Algorithm::HS256))])?.detached().flattened()?;
/// assert!(!doc.contains("payload"));
/// let vk = VerifyingKey::hmac(Algorithm::HS256, &[7; 32])?;
/// assert_eq!(jws::json::verify_detached(&doc, b"file", &vk, &[Algorithm::HS256])?.payload, b"file");
/// # Ok::<(), jot::Error>(())
/// ```
pub fn verify_detached(
    document: &str,
    payload: &[u8],
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<VerifiedJson> {
    verify_inner(document, Some(payload), keys, algorithms)
}

/// One signature entry after the whole-document checks.
struct Entry<'d> {
    protected_b64: &'d str,
    protected: Members,
    unprotected: Members,
    /// `Err` when jot refuses the `alg` itself: that signature cannot verify,
    /// another may.
    header: Result<Header>,
    signature: Vec<u8>,
}

fn verify_inner(
    document: &str,
    detached: Option<&[u8]>,
    keys: &impl KeySource,
    algorithms: &[Algorithm],
) -> Result<VerifiedJson> {
    let top = crate::json::parse_object(document.as_bytes(), Part::Token, DEFAULT_MAX_TOKEN_LEN)?;
    let payload_member = match top.get("payload") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(doc_member("payload", "must be a string (RFC 7515 §7.2.1)")),
    };
    let raw_entries: Vec<&Members> = match top.get("signatures") {
        None => vec![&top],
        Some(Value::Array(items)) => {
            if ["protected", "header", "signature"]
                .iter()
                .any(|m| top.contains_key(*m))
            {
                return Err(doc_member(
                    "signatures",
                    "must not be mixed with flattened members (RFC 7515 §7.2.2)",
                ));
            }
            check_count(items.len())?;
            items
                .iter()
                .map(|item| {
                    item.as_object().ok_or_else(|| {
                        doc_member("signatures", "entries must be objects (RFC 7515 §7.2.1)")
                    })
                })
                .collect::<Result<_>>()?
        }
        Some(_) => {
            return Err(doc_member(
                "signatures",
                "must be an array (RFC 7515 §7.2.1)",
            ))
        }
    };
    let mut entries = Vec::with_capacity(raw_entries.len());
    let mut encoding = None;
    for raw in raw_entries {
        let entry = parse_entry(raw)?;
        same_encoding(&mut encoding, protected_encoding(&entry.protected)?)?;
        entries.push(entry);
    }
    let encoded = encoding.unwrap_or(true);
    // The payload as it enters the signing input.
    let owned;
    let payload_text: &[u8] = match (payload_member, detached) {
        (Some(text), None) => text.as_bytes(),
        (None, Some(bytes)) if encoded => {
            owned = b64::encode(bytes);
            owned.as_bytes()
        }
        (None, Some(bytes)) => bytes,
        (None, None) => {
            return Err(doc_member(
                "payload",
                "is required unless the content is detached (RFC 7515 §7.2.1)",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(doc_member(
                "payload",
                "must be absent when the content is detached (RFC 7515 Appendix F)",
            ))
        }
    };
    let mut best: Option<(u8, Error)> = None;
    let mut verified = None;
    for (index, entry) in entries.into_iter().enumerate() {
        let input = signing_input(entry.protected_b64, payload_text, false);
        let outcome = entry
            .header
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|h| verify_signature(h, &input, &entry.signature, keys, algorithms));
        match outcome {
            Ok(()) => {
                verified = Some((index, entry));
                break;
            }
            Err(e) => {
                let rank = progress(&e);
                if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                    best = Some((rank, e));
                }
            }
        }
    }
    let Some((signature_index, entry)) = verified else {
        return Err(best.map_or(Error::InvalidSignature, |(_, e)| e));
    };
    let payload = match (detached, encoded) {
        (Some(bytes), _) => bytes.to_vec(),
        (None, true) => b64::decode(payload_member.unwrap_or_default(), Part::Payload)?,
        (None, false) => payload_text.to_vec(),
    };
    Ok(VerifiedJson {
        payload,
        signature_index,
        header: entry.header?,
        protected: entry.protected,
        unprotected: entry.unprotected,
    })
}

/// How far a signature got before it failed, to pick the error to report.
fn progress(e: &Error) -> u8 {
    match e {
        Error::InvalidSignature => 4,
        Error::NoMatchingKey | Error::KeyRejected(_) => 3,
        Error::AlgorithmNotAllowed(_) => 2,
        Error::CritNotUnderstood(_) => 1,
        _ => 0,
    }
}

/// The whole-document checks of one signature entry (general) or of the
/// top object (flattened).
fn parse_entry(raw: &Members) -> Result<Entry<'_>> {
    let (protected_b64, protected) = match raw.get("protected") {
        None => ("", Map::new()),
        Some(Value::String(text)) => (text.as_str(), parse_protected(text)?),
        Some(_) => {
            return Err(doc_member(
                "protected",
                "must be a string (RFC 7515 §7.2.1)",
            ))
        }
    };
    let unprotected = match raw.get("header") {
        None => Map::new(),
        Some(Value::Object(members)) if members.is_empty() => {
            return Err(doc_member(
                "header",
                "must be absent when empty (RFC 7515 §7.2.1)",
            ))
        }
        Some(Value::Object(members)) => members.clone(),
        Some(_) => return Err(doc_member("header", "must be an object (RFC 7515 §7.2.1)")),
    };
    let signature = match raw.get("signature") {
        Some(Value::String(text)) => b64::decode(text, Part::Signature)?,
        Some(_) => {
            return Err(doc_member(
                "signature",
                "must be a string (RFC 7515 §7.2.1)",
            ))
        }
        None => return Err(doc_member("signature", "is required (RFC 7515 §7.2.1)")),
    };
    let header = match union_header(&protected, &unprotected) {
        Ok(header) => {
            check_crit_form(&header)?;
            Ok(header)
        }
        // An algorithm jot refuses fails this signature only.
        Err(e @ (Error::UnsupportedAlgorithm(_) | Error::UnsecuredJwsRejected)) => Err(e),
        Err(e) => return Err(e),
    };
    Ok(Entry {
        protected_b64,
        protected,
        unprotected,
        header,
        signature,
    })
}

/// Decodes and parses a `protected` member: strict base64url, then a
/// strict, non-empty JSON object (§7.2.1: absent when empty).
fn parse_protected(text: &str) -> Result<Members> {
    let bytes = b64::decode(text, Part::Header)?;
    let members = crate::json::parse_object(&bytes, Part::Header, MAX_HEADER_LEN)?;
    if members.is_empty() {
        return Err(doc_member(
            "protected",
            "must be absent when the protected header is empty (RFC 7515 §7.2.1)",
        ));
    }
    Ok(members)
}

/// The union of the two headers (§7.2.1), after checking they are disjoint
/// and that `crit` and `b64` are protected; parsed as a [`Header`], so
/// `alg` must be in it exactly once.
fn union_header(protected: &Members, unprotected: &Members) -> Result<Header> {
    for name in unprotected.keys() {
        if protected.contains_key(name) {
            return Err(Malformed::Member {
                part: Part::Header,
                name: "header",
                rule: "must not repeat a protected header parameter (RFC 7515 §7.2.1)",
            }
            .into());
        }
        match name.as_str() {
            "crit" => {
                return Err(Error::CritInvalid(
                    "must be integrity protected (RFC 7515 §4.1.11)",
                ))
            }
            "b64" => {
                return Err(Malformed::Member {
                    part: Part::Header,
                    name: "b64",
                    rule: "must be integrity protected (RFC 7797 §3)",
                }
                .into())
            }
            _ => {}
        }
    }
    let mut union = protected.clone();
    union.extend(unprotected.iter().map(|(k, v)| (k.clone(), v.clone())));
    Header::from_json(Value::Object(union).to_string().as_bytes())
}

/// Whether a signature's payload is base64url-encoded, from its protected
/// header (`b64` and `crit` may only be there).
fn protected_encoding(protected: &Members) -> Result<bool> {
    let listed = matches!(protected.get("crit"),
        Some(Value::Array(names)) if names.iter().any(|n| n.as_str() == Some("b64")));
    b64_rule(protected.get("b64"), listed)
}

/// RFC 7797 §3: "b64" must have the same value for every signature.
fn same_encoding(seen: &mut Option<bool>, this: bool) -> Result<()> {
    match seen {
        Some(first) if *first != this => Err(doc_member(
            "b64",
            "must be the same for every signature (RFC 7797 §3)",
        )),
        _ => {
            *seen = Some(this);
            Ok(())
        }
    }
}

fn check_count(n: usize) -> Result<()> {
    if n == 0 || n > MAX_SIGNATURES {
        return Err(doc_member(
            "signatures",
            "must hold 1 to 16 signatures (RFC 7515 §7.2.1)",
        ));
    }
    Ok(())
}

fn doc_member(name: &'static str, rule: &'static str) -> Error {
    Malformed::Member {
        part: Part::Token,
        name,
        rule,
    }
    .into()
}
