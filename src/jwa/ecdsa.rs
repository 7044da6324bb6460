//! ECDSA with P-256 and P-384 (RFC 7518 §3.4): ES256, ES384.
//!
//! # Algorithm Details
//!
//! A JWS ECDSA signature is not DER: it is `R || S`, each left-padded to the
//! coordinate size, 64 bytes for P-256 and 96 for P-384 (RFC 7518 §3.4). jot
//! uses ring's `*_FIXED` algorithms only, so a DER signature never verifies
//! and each signature has one encoding (SECURITY.md row 6). ring also refuses
//! r or s outside [1, n-1], which stops the "psychic signature" r = s = 0
//! (CVE-2022-21449). The curve is fixed by the algorithm name: ES256 is
//! always P-256 with SHA-256.

use ring::signature::{self, EcdsaSigningAlgorithm, EcdsaVerificationAlgorithm};

use crate::jwa::Algorithm;

/// The ring verification algorithm for each JWA name.
pub(crate) fn verification(alg: Algorithm) -> Option<&'static EcdsaVerificationAlgorithm> {
    match alg {
        Algorithm::ES256 => Some(&signature::ECDSA_P256_SHA256_FIXED),
        Algorithm::ES384 => Some(&signature::ECDSA_P384_SHA384_FIXED),
        _ => None,
    }
}

/// The ring signing algorithm for each JWA name.
pub(crate) fn signing(alg: Algorithm) -> Option<&'static EcdsaSigningAlgorithm> {
    match alg {
        Algorithm::ES256 => Some(&signature::ECDSA_P256_SHA256_FIXED_SIGNING),
        Algorithm::ES384 => Some(&signature::ECDSA_P384_SHA384_FIXED_SIGNING),
        _ => None,
    }
}
