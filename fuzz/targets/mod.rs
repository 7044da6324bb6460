//! The body of every jot fuzz target, as plain functions over bytes.
//!
//! Each `fuzz/fuzz_targets/<name>.rs` calls the function of the same name,
//! and `tests/fuzz_replay/main.rs` includes this very file to replay the committed
//! corpus and every past crash on the stable toolchain: the replay test runs
//! exactly the code the fuzzers run. This file depends only on `jot`, `serde`,
//! `serde_json` and `arbitrary`.
//!
//! A target never panics on its own; it panics (through `assert!`) only when
//! jot breaks a property, and that panic is the finding. The parser targets
//! also check the round trip of what they accept; the structured targets
//! (`roundtrip_*`, `mutation_never_verifies`) build their inputs with
//! `arbitrary` and check a property each. One file per kind, all re-exported
//! here: `fixtures.rs` (keys, validation, helpers), `parsers.rs`,
//! `properties.rs` (the structured targets), `jws_json.rs` (JWS JSON
//! Serialization, detached content and unencoded payloads) and
//! `jwe_compact.rs` (RFC 7516 compact: its header parser and decryption).
#![forbid(unsafe_code)]

mod fixtures;
mod jwe_compact;
mod jws_json;
mod parsers;
mod properties;

pub use fixtures::*;
pub use jwe_compact::*;
pub use jws_json::*;
pub use parsers::*;
pub use properties::*;

use std::sync::OnceLock;

use arbitrary::Unstructured;
use jot::jwe::{self, Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
use jot::jwt::{self, Claims, RegisteredClaims, Validation};
use jot::{b64, jws, Algorithm, Error, Jwk, JwkSet, KeySource, Part, SigningKey, VerifyingKey};
use serde_json::Value;

// The differential target of `jwt::verify`'s one-pass read, in its own file.
mod one_pass;
pub use one_pass::jwt_verify_one_pass;

/// The body of a fuzz target: arbitrary bytes in, a panic only on a finding.
pub type Target = fn(&[u8]);

/// Every target, by name: what the replay test and the seed generator walk.
pub const TARGETS: &[(&str, Target)] = &[
    ("b64_decode", b64_decode),
    ("jws_header_parse", jws_header_parse),
    ("jws_verify", jws_verify),
    ("jwt_verify", jwt_verify),
    ("jwt_decode_unverified", jwt_decode_unverified),
    ("jwk_from_json", jwk_from_json),
    ("jwk_set_from_json", jwk_set_from_json),
    ("pem_decode", pem_decode),
    ("der_import", der_import),
    ("claims_parse", claims_parse),
    ("roundtrip_sign_verify", roundtrip_sign_verify),
    ("roundtrip_jwk", roundtrip_jwk),
    ("mutation_never_verifies", mutation_never_verifies),
    ("jws_json_verify", jws_json_verify),
    ("jws_detached_verify", jws_detached_verify),
    ("roundtrip_json", roundtrip_json),
    ("jwe_header_parse", jwe_header_parse),
    ("jwe_decrypt", jwe_decrypt),
    ("jwt_verify_one_pass", jwt_verify_one_pass),
];
