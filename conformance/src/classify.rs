//! Per-adapter tables from a library's error text to an [`ErrorClass`].
//!
//! Adapters print the library's own error (type or code, then message) and
//! map nothing; the runner reads it with the adapter's table. A line is
//! `(pattern, class)`: the first pattern found in the text (case-insensitive;
//! a leading `^` anchors it at the start) gives the class. Text no line
//! matches is `unclassified`, which is a rejection for the wrong reason.
//!
//! A new adapter brings its table as a JSON file of `[pattern, class]` pairs
//! (`--errors FILE`); the built-in tables are below.

use crate::case::ErrorClass;

/// A classification table.
#[derive(Debug, Clone)]
pub struct Table {
    rows: Vec<(String, ErrorClass)>,
}

use ErrorClass as E;

const JOT: &[(&str, E)] = &[
    ("^malformed:", E::Malformed),
    ("^unsupported_algorithm:", E::Algorithm),
    ("^algorithm_not_allowed:", E::Algorithm),
    ("^key:", E::Key),
    ("^signature:", E::Signature),
    ("^crit:", E::Crit),
    ("^expired:", E::Expired),
    ("^not_yet_valid:", E::NotYetValid),
    ("^issued_in_future:", E::NotYetValid),
    ("^issuer:", E::Issuer),
    ("^audience:", E::Audience),
    ("^missing_claim:", E::MissingClaim),
    ("^subject:", E::Claim),
    ("^type:", E::Claim),
];

// PyJWT 2.x: `ExceptionClass: message` (jwt/exceptions.py).
const PYJWT: &[(&str, E)] = &[
    ("^ExpiredSignatureError", E::Expired),
    ("^ImmatureSignatureError", E::NotYetValid),
    ("^InvalidAudienceError", E::Audience),
    ("^InvalidIssuerError", E::Issuer),
    ("^MissingRequiredClaimError", E::MissingClaim),
    ("^InvalidSignatureError", E::Signature),
    ("^InvalidAlgorithmError", E::Algorithm),
    ("^InvalidKeyError", E::Key),
    ("^PyJWKError", E::Key),
    ("^PyJWKSetError", E::Key),
    ("^PyJWKClientError", E::Key),
    ("^KeyError", E::Key),
    ("^NoMatchingKey", E::Key),
    ("Key ID header parameter must be a string", E::Malformed),
    ("must be an integer", E::Claim),
    ("must be a string", E::Claim),
    ("Invalid claim format", E::Claim),
    ("Invalid payload string", E::Malformed),
    ("Invalid header", E::Malformed),
    ("Invalid crypto padding", E::Malformed),
    ("Not enough segments", E::Malformed),
    ("Too many segments", E::Malformed),
    ("Invalid token type", E::Malformed),
    ("Unsupported algorithm", E::Algorithm),
    ("crit", E::Crit),
    ("algorithm", E::Algorithm),
    ("^DecodeError", E::Malformed),
    ("^InvalidTokenError", E::Malformed),
    ("^ValueError", E::Malformed),
    ("^UnicodeDecodeError", E::Malformed),
    ("^RecursionError", E::Malformed),
    ("^TypeError", E::Claim),
];

// joserfc 1.x: `ErrorClass: error: description` (joserfc/errors.py).
const JOSERFC: &[(&str, E)] = &[
    ("^ExpiredTokenError", E::Expired),
    ("The token is not yet valid", E::NotYetValid),
    ("issued in the future", E::NotYetValid),
    ("^MissingClaimError", E::MissingClaim),
    (
        "^InvalidClaimError: invalid_claim: Invalid claim: 'iss'",
        E::Issuer,
    ),
    (
        "^InvalidClaimError: invalid_claim: Invalid claim: 'aud'",
        E::Audience,
    ),
    ("^InvalidClaimError", E::Claim),
    ("^BadSignatureError", E::Signature),
    ("^UnsupportedAlgorithmError", E::Algorithm),
    ("^MissingAlgorithmError", E::Algorithm),
    ("^UnsupportedHeaderError", E::Crit),
    ("^MissingCritHeaderError", E::Crit),
    ("^MissingHeaderError", E::Malformed),
    ("^InvalidHeaderValueError", E::Malformed),
    ("^ExceededSizeError", E::Malformed),
    ("^UnsupportedKeyAlgorithmError", E::Key),
    ("^UnsupportedKeyUseError", E::Key),
    ("^UnsupportedKeyOperationError", E::Key),
    ("^InvalidKeyTypeError", E::Key),
    ("^InvalidKeyCurveError", E::Key),
    ("^InvalidKeyLengthError", E::Key),
    ("^InvalidKeyIdError", E::Key),
    ("^MissingKeyError", E::Key),
    ("^MissingKeyTypeError", E::Key),
    ("^ValueError: Invalid EC key", E::Key),
    ("^ValueError: Invalid key", E::Key),
    ("^InvalidPayloadError", E::Malformed),
    ("^DecodeError", E::Malformed),
    ("^InvalidTokenError", E::Malformed),
    ("^ValueError", E::Malformed),
    ("^UnicodeDecodeError", E::Malformed),
    ("^RecursionError", E::Malformed),
    ("^binascii.Error", E::Malformed),
    // The library fails inside on claims that are not an object.
    ("^AttributeError", E::Malformed),
    ("^TypeError", E::Claim),
];

// npm jose 6: `ERR_CODE: message` (jose/errors).
const JOSE: &[(&str, E)] = &[
    ("Extension Header Parameter", E::Crit),
    ("^ERR_JWT_EXPIRED", E::Expired),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED: \"nbf\" claim timestamp check failed", E::NotYetValid),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"iss\"", E::Issuer),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\"", E::Audience),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED: missing required", E::MissingClaim),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED: \"iat\" claim timestamp check failed (it should be in the past)", E::NotYetValid),
    ("^ERR_JWT_CLAIM_VALIDATION_FAILED", E::Claim),
    ("^ERR_JWS_SIGNATURE_VERIFICATION_FAILED", E::Signature),
    ("^ERR_JOSE_ALG_NOT_ALLOWED", E::Algorithm),
    ("^ERR_JOSE_NOT_SUPPORTED", E::Algorithm),
    ("^ERR_JWKS_NO_MATCHING_KEY", E::Key),
    ("^ERR_JWKS_MULTIPLE_MATCHING_KEYS", E::Key),
    ("^ERR_JWKS_INVALID", E::Key),
    ("^ERR_JWK_INVALID", E::Key),
    ("^ERR_JWS_INVALID: JWS Protected Header is invalid", E::Malformed),
    ("^ERR_JWS_INVALID: Extension Header Parameter", E::Crit),
    ("^ERR_JWS_INVALID: \"crit\"", E::Crit),
    ("^ERR_JWS_INVALID", E::Malformed),
    ("^ERR_JWT_INVALID", E::Malformed),
    ("^TypeError", E::Key),
    ("^DataError", E::Key),
    ("^Error: Invalid keyData", E::Key),
    ("^SyntaxError", E::Malformed),
];

// jsonwebtoken 9: `ErrorKind: display` (jsonwebtoken::errors::ErrorKind).
const JSONWEBTOKEN: &[(&str, E)] = &[
    ("^ExpiredSignature", E::Expired),
    ("^ImmatureSignature", E::NotYetValid),
    ("^InvalidIssuer", E::Issuer),
    ("^InvalidAudience", E::Audience),
    ("^MissingRequiredClaim", E::MissingClaim),
    ("^InvalidSignature", E::Signature),
    ("^InvalidAlgorithmName", E::Algorithm),
    ("^InvalidAlgorithm", E::Algorithm),
    ("^MissingAlgorithm", E::Algorithm),
    ("^InvalidKeyFormat", E::Key),
    ("^InvalidRsaKey", E::Key),
    ("^InvalidEcdsaKey", E::Key),
    ("^RsaFailedSigning", E::Key),
    ("^NoMatchingKey", E::Key),
    ("^InvalidSubject", E::Claim),
    ("^InvalidToken", E::Malformed),
    ("^Base64", E::Malformed),
    ("^Json", E::Malformed),
    ("^Utf8", E::Malformed),
    ("^Crypto", E::Signature),
];

// golang-jwt v4: the error's text (jwt.ValidationError), or the adapter's
// key-selection text, which names the JWK problem.
const GOLANG_JWT: &[(&str, E)] = &[
    ("token is expired", E::Expired),
    ("token is not valid yet", E::NotYetValid),
    ("token used before issued", E::NotYetValid),
    ("issuer", E::Issuer),
    ("audience", E::Audience),
    ("required claim", E::MissingClaim),
    ("signature is invalid", E::Signature),
    ("verification error", E::Signature),
    ("signing method", E::Algorithm),
    ("'none' signature type is not allowed", E::Algorithm),
    ("key is invalid", E::Key),
    ("key is of invalid type", E::Key),
    ("jwk:", E::Key),
    ("no key", E::Key),
    ("token contains an invalid number of segments", E::Malformed),
    ("illegal base64", E::Malformed),
    ("invalid character", E::Malformed),
    ("cannot unmarshal", E::Malformed),
    ("unexpected end of JSON", E::Malformed),
    ("exceeded max depth", E::Malformed),
    ("malformed", E::Malformed),
    ("claim type", E::Claim),
];

// A starting point for a new adapter without its own table.
const GENERIC: &[(&str, E)] = &[
    ("expired", E::Expired),
    ("not yet valid", E::NotYetValid),
    ("before", E::NotYetValid),
    ("issuer", E::Issuer),
    ("audience", E::Audience),
    ("missing", E::MissingClaim),
    ("required", E::MissingClaim),
    ("signature", E::Signature),
    ("crit", E::Crit),
    ("algorithm", E::Algorithm),
    ("alg", E::Algorithm),
    ("key", E::Key),
    ("base64", E::Malformed),
    ("json", E::Malformed),
    ("malformed", E::Malformed),
    ("segment", E::Malformed),
];

/// The names of the built-in tables.
pub const BUILT_IN: [&str; 7] = [
    "jot",
    "pyjwt",
    "joserfc",
    "jose",
    "jsonwebtoken",
    "golang-jwt",
    "generic",
];

impl Table {
    /// A built-in table by name (see [`BUILT_IN`]).
    pub fn built_in(name: &str) -> Option<Table> {
        let rows = match name {
            "jot" => JOT,
            "pyjwt" => PYJWT,
            "joserfc" => JOSERFC,
            "jose" => JOSE,
            "jsonwebtoken" => JSONWEBTOKEN,
            "golang-jwt" => GOLANG_JWT,
            "generic" => GENERIC,
            _ => return None,
        };
        Some(Table {
            rows: rows.iter().map(|(p, c)| ((*p).to_owned(), *c)).collect(),
        })
    }

    /// A table from JSON: `[["pattern", "class"], ...]`.
    ///
    /// # Errors
    ///
    /// When the JSON is not such a list, or names an unknown class.
    pub fn from_json(text: &str) -> Result<Table, String> {
        let pairs: Vec<(String, String)> =
            serde_json::from_str(text).map_err(|e| format!("error table: {e}"))?;
        let rows = pairs
            .into_iter()
            .map(|(p, c)| {
                ErrorClass::from_name(&c)
                    .map(|class| (p, class))
                    .ok_or_else(|| format!("error table: unknown class {c:?}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Table { rows })
    }

    /// The class of a library's error text.
    pub fn classify(&self, text: &str) -> ErrorClass {
        let lower = text.to_lowercase();
        for (pattern, class) in &self.rows {
            let hit = match pattern.strip_prefix('^') {
                Some(p) => lower.starts_with(&p.to_lowercase()),
                None => lower.contains(&pattern.to_lowercase()),
            };
            if hit {
                return *class;
            }
        }
        ErrorClass::Unclassified
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn first_match_wins_and_caret_anchors() {
        let t = Table::from_json(r#"[["^expired", "expired"], ["signature", "signature"]]"#)
            .expect("table");
        assert_eq!(t.classify("Expired: token has expired"), E::Expired);
        assert_eq!(
            t.classify("the token expired"),
            E::Unclassified,
            "^ anchors at the start"
        );
        assert_eq!(
            t.classify("expired and bad SIGNATURE"),
            E::Expired,
            "first match wins"
        );
        assert_eq!(
            t.classify("bad Signature"),
            E::Signature,
            "case-insensitive"
        );
        assert_eq!(t.classify(""), E::Unclassified);
    }

    #[test]
    fn tables_name_known_classes() {
        assert!(Table::from_json(r#"[["x", "nonsense"]]"#).is_err());
        assert!(Table::from_json(r#"{"x": "expired"}"#).is_err());
        for name in BUILT_IN {
            assert!(Table::built_in(name).is_some(), "{name}");
        }
        assert!(Table::built_in("nope").is_none());
    }

    #[test]
    fn built_in_tables_read_their_libraries() {
        let cases = [
            (
                "jot",
                "expired: token has expired (RFC 7519 §4.1.4)",
                E::Expired,
            ),
            ("jot", "key: key rejected: weak", E::Key),
            (
                "pyjwt",
                "InvalidTokenError: Key ID header parameter must be a string",
                E::Malformed,
            ),
            (
                "pyjwt",
                "ImmatureSignatureError: The token is not yet valid (nbf)",
                E::NotYetValid,
            ),
            (
                "joserfc",
                "InvalidClaimError: invalid_claim: Invalid claim: 'aud'",
                E::Audience,
            ),
            (
                "jose",
                "ERR_JOSE_NOT_SUPPORTED: Extension Header Parameter \"x\" is not recognized",
                E::Crit,
            ),
            (
                "jose",
                "ERR_JWT_EXPIRED: \"exp\" claim timestamp check failed",
                E::Expired,
            ),
            (
                "jsonwebtoken",
                "InvalidSignature: InvalidSignature",
                E::Signature,
            ),
            ("golang-jwt", "Token is expired", E::Expired),
            (
                "golang-jwt",
                "panic: crypto/elliptic: invalid point",
                E::Unclassified,
            ),
        ];
        for (table, text, class) in cases {
            assert_eq!(
                Table::built_in(table).expect(table).classify(text),
                class,
                "{table}: {text}"
            );
        }
    }
}
