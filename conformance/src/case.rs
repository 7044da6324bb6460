//! The case file: Wycheproof's shape (groups sharing keys, then cases with
//! `tcId`, `comment`, `flags` and `result`), plus jot's `level`, `category`,
//! the error classes a rejection may carry, and references.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A whole generated suite, as `jot-conformance generate` writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suite {
    /// Always `"JWT-VERIFY"`: what every case asks of the library.
    pub algorithm: String,
    /// The version of the generator that wrote the file.
    pub generator_version: String,
    /// The seed of the non-key bytes (HMAC and Ed25519 keys, names, claims).
    pub seed: u64,
    /// The clock of every case, in Unix seconds, unless a case says otherwise.
    pub now: i64,
    /// How many cases the groups hold.
    pub number_of_tests: usize,
    /// Free text for the reader of the file.
    pub header: Vec<String>,
    /// What each flag means (Wycheproof's `notes`).
    pub notes: BTreeMap<String, String>,
    /// The groups of cases.
    pub test_groups: Vec<Group>,
}

/// Cases that share a JWK Set and an algorithm allow-list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Group {
    /// Always `"JwtVerify"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The JWK Set the verifier is configured with.
    pub keys: serde_json::Value,
    /// The algorithm allow-list the verifier is configured with.
    pub algorithms: Vec<String>,
    /// The cases.
    pub tests: Vec<Case>,
}

/// One token and what a verifier must do with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Case {
    /// Wycheproof's number, unique in the suite.
    pub tc_id: u32,
    /// A stable name, `category/what/variant`: the same on every run, whatever the keys.
    pub name: String,
    /// The category (one of [`CATEGORIES`]).
    pub category: String,
    /// `must` or `should`.
    pub level: Level,
    /// The one-line rationale.
    pub comment: String,
    /// The hostile features the token carries (see the suite's `notes`).
    pub flags: Vec<String>,
    /// RFC sections, CVEs and advisories.
    pub references: Vec<String>,
    /// The token (compact serialization, or whatever hostile text replaces it).
    pub token: String,
    /// The verifier's clock, Unix seconds.
    pub now: i64,
    /// The clock skew the verifier allows, seconds.
    pub leeway: u64,
    /// The expected issuer, if the verifier checks one.
    pub issuer: Option<String>,
    /// The verifier's own audience, if it has one.
    pub audience: Option<String>,
    /// Claims that must be present.
    pub required: Vec<String>,
    /// `valid` (accept), `invalid` (reject) or `acceptable` (either).
    pub result: Expect,
    /// For `invalid`: the error classes a rejection may carry (any other is a
    /// rejection for the wrong reason).
    pub errors: Vec<ErrorClass>,
}

/// The categories, in scorecard order.
pub const CATEGORIES: [&str; 8] = [
    "positive",
    "algorithm",
    "signature",
    "keys",
    "header",
    "structure",
    "json",
    "claims",
];

/// How binding a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An RFC MUST, or an attack: failing it fails the run.
    Must,
    /// RFC 8725 advice or hardening: reported, does not fail the run.
    Should,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Must => "must",
            Level::Should => "should",
        })
    }
}

/// Wycheproof's `result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// The verifier must accept the token.
    Valid,
    /// The verifier must reject the token.
    Invalid,
    /// Either answer is conforming (the RFC leaves it open).
    Acceptable,
}

/// Why a verifier rejected a token, as the runner classifies the library's
/// error text (see [`crate::classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// Not a well-formed token: segments, base64url, JSON, UTF-8, types.
    Malformed,
    /// `alg` is `none`, unknown, not allowed, or does not fit the key.
    Algorithm,
    /// No usable key: weak, wrong type or use, private, no `kid` match.
    Key,
    /// The signature does not verify.
    Signature,
    /// A `crit` header the verifier does not understand.
    Crit,
    /// `exp` has passed.
    Expired,
    /// `nbf` (or `iat`) is in the future.
    NotYetValid,
    /// `iss` is not the expected issuer.
    Issuer,
    /// `aud` does not name the verifier.
    Audience,
    /// A required claim is absent.
    MissingClaim,
    /// A claim has the wrong JSON type or value.
    Claim,
    /// The text matched no line of the adapter's table.
    Unclassified,
}

impl ErrorClass {
    /// The snake_case name used in files and tables.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Malformed => "malformed",
            ErrorClass::Algorithm => "algorithm",
            ErrorClass::Key => "key",
            ErrorClass::Signature => "signature",
            ErrorClass::Crit => "crit",
            ErrorClass::Expired => "expired",
            ErrorClass::NotYetValid => "not_yet_valid",
            ErrorClass::Issuer => "issuer",
            ErrorClass::Audience => "audience",
            ErrorClass::MissingClaim => "missing_claim",
            ErrorClass::Claim => "claim",
            ErrorClass::Unclassified => "unclassified",
        }
    }

    /// Parses a [`ErrorClass::name`].
    pub fn from_name(name: &str) -> Option<ErrorClass> {
        [
            ErrorClass::Malformed,
            ErrorClass::Algorithm,
            ErrorClass::Key,
            ErrorClass::Signature,
            ErrorClass::Crit,
            ErrorClass::Expired,
            ErrorClass::NotYetValid,
            ErrorClass::Issuer,
            ErrorClass::Audience,
            ErrorClass::MissingClaim,
            ErrorClass::Claim,
            ErrorClass::Unclassified,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Suite {
    /// Every case with its group, group by group.
    pub fn cases(&self) -> impl Iterator<Item = (&Group, &Case)> {
        self.test_groups
            .iter()
            .flat_map(|g| g.tests.iter().map(move |c| (g, c)))
    }

    /// Keeps only the cases whose name or category contains `filter`, and
    /// drops groups left empty.
    pub fn retain(&mut self, filter: &str) {
        for group in &mut self.test_groups {
            group
                .tests
                .retain(|c| c.name.contains(filter) || c.category == filter);
        }
        self.test_groups.retain(|g| !g.tests.is_empty());
        self.number_of_tests = self.test_groups.iter().map(|g| g.tests.len()).sum();
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip() {
        for name in [
            "malformed",
            "algorithm",
            "key",
            "signature",
            "crit",
            "expired",
            "not_yet_valid",
            "issuer",
            "audience",
            "missing_claim",
            "claim",
            "unclassified",
        ] {
            let class = ErrorClass::from_name(name).expect(name);
            assert_eq!(class.name(), name);
            assert_eq!(serde_json::to_value(class).expect("json"), name);
        }
        assert_eq!(ErrorClass::from_name("nope"), None);
    }
}
