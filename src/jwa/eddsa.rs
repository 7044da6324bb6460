//! EdDSA with Ed25519 (RFC 8037 §3.1; the name `Ed25519` of RFC 9864).
//!
//! # Algorithm Details
//!
//! Ed25519 (RFC 8032 §5.1) signs the signing input directly, with no separate
//! hash choice. The signature is `R || S`, 64 bytes; ring refuses S ≥ L, so a
//! signature cannot be made malleable by adding L. ring does not refuse
//! small-order public keys, so jot does that at import (`jwk/curve.rs`).
//! Ed448 is not supported: ring does not implement it.

use ring::signature::{self, EdDSAParameters};

use crate::jwa::Algorithm;

/// The ring verification algorithm for each JWA name.
pub(crate) fn verification(alg: Algorithm) -> Option<&'static EdDSAParameters> {
    match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => Some(&signature::ED25519),
        _ => None,
    }
}
