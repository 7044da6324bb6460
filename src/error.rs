//! Errors: one [`Error`] enum of categories a caller can match on, with small
//! detail enums behind the categories that need them.
//!
//! The categories follow golang-jwt v5 and panva/jose (see `STYLE.md`): malformed
//! input, an algorithm that is unsupported or not allowed, a rejected key, an
//! invalid signature, `crit`, and one variant per claim check. Messages are
//! lowercase, name the rule they enforce, and never contain key material or
//! token text.

use core::fmt;

use crate::jwa::Algorithm;

/// The result type of every fallible function in jot.
pub type Result<T> = core::result::Result<T, Error>;

/// Everything that can go wrong in jot.
///
/// Checks run in a fixed order (see [`crate::jws::verify`] and
/// [`crate::jwt::verify`]), and the first failure wins: the signature is
/// always checked before any claim is looked at.
///
/// # Examples
///
/// Mapping jot's errors into an application's own error type:
///
/// ```
/// enum AuthError { BadToken, Expired }
///
/// impl From<jot::Error> for AuthError {
///     fn from(e: jot::Error) -> Self {
///         match e {
///             jot::Error::Expired => AuthError::Expired,
///             _ => AuthError::BadToken,
///         }
///     }
/// }
/// # let _ = AuthError::from(jot::Error::Expired);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input is not well formed: wrong segment count, bad base64url, bad
    /// JSON, a duplicate member, a mistyped member, or too large.
    #[error("malformed: {0}")]
    Malformed(Malformed),

    /// The `alg` value names no algorithm jot implements (RFC 7518 §3.1).
    ///
    /// Names are compared case-sensitively, so `hs256` lands here too. The
    /// name is truncated to 32 characters.
    #[error("unsupported algorithm {0:?}")]
    UnsupportedAlgorithm(String),

    /// The token is an unsecured JWS (`"alg":"none"`, RFC 7515 §A.5).
    ///
    /// jot has no way to accept such a token (RFC 8725 §3.1).
    #[error("unsecured jws (alg \"none\") is never accepted (RFC 8725 §3.1)")]
    UnsecuredJwsRejected,

    /// The `alg` is one jot supports, but it is not in the caller's allow-list.
    #[error("algorithm {0} is not in the allow-list (RFC 8725 §3.1)")]
    AlgorithmNotAllowed(Algorithm),

    /// A key was refused: too small, wrong type for the algorithm, bad
    /// encoding, weak, or restricted by its own `alg`, `use` or `key_ops`.
    #[error("key rejected: {0}")]
    KeyRejected(KeyRejected),

    /// No key in the caller's set fits the token's `kid` and `alg`.
    #[error("no key matches the token's kid and alg")]
    NoMatchingKey,

    /// The signature does not verify. Deliberately carries no detail.
    #[error("invalid signature")]
    InvalidSignature,

    /// A JWE's authentication tag does not verify (RFC 7516 §5.2 step 16): a
    /// wrong key, or a changed header, IV, ciphertext or tag. No detail.
    #[error("decryption failed (RFC 7516 §5.2)")]
    DecryptionFailed,

    /// A JWE `alg` or `enc` that jot supports but the caller did not allow.
    #[error("jwe algorithm {0} is not in the allow-list (RFC 8725 §3.1)")]
    JweAlgorithmNotAllowed(&'static str),

    /// The `crit` header lists an extension jot does not implement
    /// (RFC 7515 §4.1.11). The name is truncated to 32 characters.
    #[error("crit extension {0:?} is not understood (RFC 7515 §4.1.11)")]
    CritNotUnderstood(String),

    /// The `crit` header is malformed (RFC 7515 §4.1.11).
    #[error("invalid crit header: {0} (RFC 7515 §4.1.11)")]
    CritInvalid(&'static str),

    /// The token has expired: `now >= exp + leeway` (RFC 7519 §4.1.4).
    #[error("token has expired (RFC 7519 §4.1.4)")]
    Expired,

    /// The token is not valid yet: `now < nbf - leeway` (RFC 7519 §4.1.5).
    #[error("token is not valid yet (RFC 7519 §4.1.5)")]
    NotYetValid,

    /// The token was issued in the future: `iat > now + leeway` (RFC 7519 §4.1.6).
    #[error("token was issued in the future (RFC 7519 §4.1.6)")]
    IssuedInFuture,

    /// The token is older than the configured maximum age (`now - iat`).
    #[error("token is older than the maximum age")]
    TooOld,

    /// The `iss` claim is not one of the accepted issuers (RFC 7519 §4.1.1).
    #[error("issuer is not accepted (RFC 7519 §4.1.1)")]
    InvalidIssuer,

    /// The `aud` claim names none of the expected audiences, or names one
    /// when none is expected (RFC 7519 §4.1.3).
    #[error("aud names no audience this verifier expects (RFC 7519 §4.1.3): a token with aud is refused unless Validation::audience names one of its audiences")]
    InvalidAudience,

    /// The `sub` claim is not the expected subject (RFC 7519 §4.1.2).
    #[error("subject is not accepted (RFC 7519 §4.1.2)")]
    InvalidSubject,

    /// A required claim is absent. Carries the claim name.
    ///
    /// For `exp`, which jot requires by default, the message names
    /// [`crate::jwt::Validation::allow_missing_exp`], the call that accepts a
    /// token without one.
    #[error("{}", missing_claim(.0))]
    MissingClaim(String),

    /// The `typ` header is not the expected token type (RFC 8725 §3.11).
    #[error("token type (typ) is not the expected one (RFC 8725 §3.11)")]
    InvalidType,
}

impl Error {
    /// A short, stable, machine-readable name for the category, as printed by
    /// the `jot` command line (`error: KIND: detail`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(jot::Error::Expired.kind(), "expired");
    /// assert_eq!(jot::Error::InvalidSignature.kind(), "signature");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed",
            Error::UnsupportedAlgorithm(_) | Error::UnsecuredJwsRejected => "unsupported_algorithm",
            Error::AlgorithmNotAllowed(_) => "algorithm_not_allowed",
            Error::KeyRejected(_) | Error::NoMatchingKey => "key",
            Error::InvalidSignature => "signature",
            Error::DecryptionFailed => "decryption",
            Error::JweAlgorithmNotAllowed(_) => "algorithm_not_allowed",
            Error::CritNotUnderstood(_) | Error::CritInvalid(_) => "crit",
            Error::Expired => "expired",
            Error::NotYetValid => "not_yet_valid",
            Error::IssuedInFuture => "issued_in_future",
            Error::TooOld => "too_old",
            Error::InvalidIssuer => "issuer",
            Error::InvalidAudience => "audience",
            Error::InvalidSubject => "subject",
            Error::MissingClaim(_) => "missing_claim",
            Error::InvalidType => "type",
        }
    }

    /// The message without the category word that [`Error::kind`] already
    /// gives, for `KIND: detail` lines (`Malformed` and `KeyRejected` show
    /// only their detail).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = jot::Error::Malformed(jot::Malformed::SegmentCount);
    /// assert_eq!(format!("{}: {}", e.kind(), e.detail()), "malformed: compact serialization has the wrong number of segments (RFC 7515 §7.1: three; RFC 7516 §7.1: five)");
    /// ```
    pub fn detail(&self) -> String {
        match self {
            Error::Malformed(m) => m.to_string(),
            Error::KeyRejected(k) => k.to_string(),
            other => other.to_string(),
        }
    }
}

/// `Ok` when a rule holds, else its error (built only on failure): the shape
/// of every check in `jws::verify_parts` and `jwt::Validation`.
pub(crate) fn holds(ok: bool, err: impl FnOnce() -> Error) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(err())
    }
}

/// Bounds attacker-controlled text before it goes into an error or a trace,
/// so a 256 KiB `alg` does not become a 256 KiB message: at most 64
/// characters, then `…` when something was cut (SECURITY.md row 31).
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut short: String = s.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

/// The message of [`Error::MissingClaim`]: for `exp`, why it is required
/// and the call that lifts the requirement.
fn missing_claim(name: &str) -> String {
    if name == "exp" {
        "required claim \"exp\" is missing: jot requires an expiry by default (RFC 7519 §4.1.4); Validation::allow_missing_exp accepts a token without one".to_owned()
    } else {
        format!("required claim {name:?} is missing")
    }
}

/// Which part of the input a [`Malformed`] error is about.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole token or document.
    Token,
    /// The JOSE header (first segment).
    Header,
    /// The payload or JWT claims set (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
    /// A JWK or JWK Set document.
    Key,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Token => "token",
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
            Part::Key => "key",
        })
    }
}

/// The detail of an [`Error::Malformed`]: which step of parsing failed.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// The input is larger than the configured limit (checked before decoding).
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A compact JWS must have exactly three segments (RFC 7515 §7.1).
    SegmentCount,
    /// A segment is not canonical unpadded base64url (RFC 7515 §2).
    Base64(Part),
    /// A segment is not valid UTF-8 (RFC 7515 §5.2 step 3).
    Utf8(Part),
    /// A segment is not valid JSON (RFC 8259). Only the position is kept: the
    /// parser's message may echo input, and input may be a secret.
    Json {
        /// Where the bad JSON was.
        part: Part,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
    },
    /// The JSON nests deeper than jot allows.
    TooDeep(Part),
    /// The JSON is valid but not an object (RFC 7515 §4, RFC 7519 §7.2).
    NotObject(Part),
    /// A JSON object repeats a member name (RFC 7515 §5.2, RFC 7519 §4).
    DuplicateMember(Part),
    /// A member has the wrong JSON type or value. Names the member.
    Member {
        /// Where the member was.
        part: Part,
        /// The member name, e.g. `"alg"` or `"exp"`.
        name: &'static str,
        /// What was wrong with it.
        rule: &'static str,
    },
    /// The input is a JSON serialization (JWS or JWE) where the compact one
    /// was expected.
    NotCompactJws,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::TooLarge { limit } => {
                write!(f, "input is larger than the {limit}-byte limit")
            }
            Malformed::SegmentCount => {
                f.write_str("compact serialization has the wrong number of segments (RFC 7515 §7.1: three; RFC 7516 §7.1: five)")
            }
            Malformed::Base64(p) => {
                write!(f, "{p} is not canonical unpadded base64url (RFC 7515 §2)")
            }
            Malformed::Utf8(p) => write!(f, "{p} is not valid utf-8"),
            Malformed::Json { part, line, column } => {
                write!(f, "{part} is not valid json at line {line} column {column}")
            }
            Malformed::TooDeep(p) => write!(f, "{p} json nests too deeply"),
            Malformed::NotObject(p) => write!(f, "{p} must be a json object"),
            Malformed::DuplicateMember(p) => {
                write!(f, "{p} repeats a member name (RFC 7515 §5.2, RFC 7519 §4)")
            }
            Malformed::Member { part, name, rule } => write!(f, "{part} member {name:?} {rule}"),
            Malformed::NotCompactJws => {
                f.write_str("input is a JSON serialization, not a compact one (RFC 7515 §7.1, RFC 7516 §7.1)")
            }
        }
    }
}

impl From<Malformed> for Error {
    fn from(m: Malformed) -> Self {
        Error::Malformed(m)
    }
}

/// The detail of an [`Error::KeyRejected`]: why a key was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRejected {
    /// The key is smaller than the algorithm's floor: an HMAC secret
    /// shorter than the hash output (RFC 7518 §3.2), in bytes, or an RSA
    /// modulus under 2048 bits (RFC 7518 §3.3), in bits.
    TooSmall {
        /// The HMAC algorithm whose floor the secret misses (`HS256` for an
        /// empty secret, or one too short for every HMAC algorithm); `None`
        /// for an RSA modulus, whose floor is the same for every RS and PS
        /// algorithm.
        alg: Option<Algorithm>,
        /// The floor: bytes for a secret, bits for an RSA modulus.
        min: usize,
        /// The key's size, in the same unit.
        actual: usize,
    },
    /// The key's type, curve or `alg` member does not fit the algorithm.
    WrongAlgorithm,
    /// The key's `use` or `key_ops` does not allow this operation (RFC 7517 §4.2, §4.3).
    WrongUse,
    /// The key's members are missing, mistyped or badly encoded. Names the rule.
    InvalidEncoding(&'static str),
    /// The curve is not one jot supports (P-256, P-384, Ed25519).
    UnsupportedCurve,
    /// The `kty` is not one jot supports (`oct`, `RSA`, `EC`, `OKP`).
    UnsupportedKeyType,
    /// The key is mathematically weak: bad RSA exponent, ROCA modulus,
    /// small-order Ed25519 point, point not on the curve.
    Weak(&'static str),
    /// A private key was given where only a public key is accepted.
    PrivateKeyNotAllowed,
    /// A public key was given where a private key is needed (signing).
    PublicKeyCannotSign,
    /// A JWK Set repeats a `kid`.
    DuplicateKid,
    /// A JWK Set mixes symmetric and asymmetric keys.
    MixedKeySet,
    /// A JWK Set holds more keys than allowed.
    TooManyKeys,
    /// The token names no `kid`, and several keys of the set fit its
    /// algorithm: choosing one would be a guess (RFC 7515 §4.1.4).
    AmbiguousKey {
        /// The token's algorithm.
        alg: Algorithm,
        /// How many keys of the set fit it.
        candidates: usize,
    },
}

impl fmt::Display for KeyRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyRejected::TooSmall {
                alg: Some(alg),
                min,
                actual,
            } if alg.family() == crate::jwa::Family::Hmac => write!(
                f,
                "{alg} needs a key of at least {min} bytes, this one has {actual} (RFC 7518 §3.2)"
            ),
            KeyRejected::TooSmall { min, actual, .. } => write!(
                f,
                "an RSA key needs at least {min} bits, this one has {actual} (RFC 7518 §3.3)"
            ),
            KeyRejected::WrongAlgorithm => f.write_str("key does not fit the algorithm"),
            KeyRejected::WrongUse => {
                f.write_str("key use or key_ops forbids this operation (RFC 7517 §4.2, §4.3)")
            }
            KeyRejected::InvalidEncoding(why) => write!(f, "invalid key encoding: {why}"),
            KeyRejected::UnsupportedCurve => f.write_str("unsupported curve"),
            KeyRejected::UnsupportedKeyType => f.write_str("unsupported key type"),
            KeyRejected::Weak(why) => write!(f, "weak key: {why}"),
            KeyRejected::PrivateKeyNotAllowed => {
                f.write_str("a verifying key must be public (RFC 8725 §3.4)")
            }
            KeyRejected::PublicKeyCannotSign => f.write_str("a public key cannot sign"),
            KeyRejected::DuplicateKid => f.write_str("jwk set repeats a kid"),
            KeyRejected::MixedKeySet => f.write_str("jwk set mixes symmetric and asymmetric keys"),
            KeyRejected::TooManyKeys => f.write_str("jwk set holds too many keys"),
            KeyRejected::AmbiguousKey { alg, candidates } => write!(
                f,
                "the token has no kid and {candidates} keys of the set fit {alg}, so the choice is ambiguous: add a kid to the token's header (RFC 7515 §4.1.4), or leave one {alg} key in the set"
            ),
        }
    }
}

impl From<KeyRejected> for Error {
    fn from(k: KeyRejected) -> Self {
        Error::KeyRejected(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_bounds_attacker_text() {
        let long = "a".repeat(100_000);
        assert_eq!(clip(&long), format!("{}…", "a".repeat(64)));
        assert_eq!(clip(&long[..64]), "a".repeat(64));
        // Characters, not bytes: a multi-byte name is never cut mid-character.
        assert_eq!(clip(&"é".repeat(65)).chars().count(), 65);
    }

    #[test]
    fn kinds_are_stable() {
        assert_eq!(
            Error::Malformed(Malformed::SegmentCount).kind(),
            "malformed"
        );
        assert_eq!(Error::UnsecuredJwsRejected.kind(), "unsupported_algorithm");
        assert_eq!(Error::NoMatchingKey.kind(), "key");
        assert_eq!(Error::CritInvalid("x").kind(), "crit");
        assert_eq!(Error::MissingClaim("exp".into()).kind(), "missing_claim");
        assert_eq!(Error::InvalidType.kind(), "type");
    }
}
