//! RSA signatures: RSASSA-PKCS1-v1_5 (RFC 7518 §3.3) and RSASSA-PSS (RFC 7518 §3.5).
//!
//! # Algorithm Details
//!
//! Keys must be 2048 bits or larger (RFC 7518 §3.3, §3.5), which is also
//! ring's floor: jot uses only ring's `RSA_*_2048_8192_*` parameter sets. A
//! signature is exactly as long as the modulus (RFC 8017 §8.2.2 step 1). PSS
//! uses MGF1 with the same hash and a salt as long as the hash; ring accepts
//! no other salt length (RFC 7518 §3.5).

use ring::signature::{self, RsaEncoding, RsaParameters};

use crate::jwa::Algorithm;

/// The ring verification parameters for each JWA name.
pub(crate) fn verification(alg: Algorithm) -> Option<&'static RsaParameters> {
    match alg {
        Algorithm::RS256 => Some(&signature::RSA_PKCS1_2048_8192_SHA256),
        Algorithm::RS384 => Some(&signature::RSA_PKCS1_2048_8192_SHA384),
        Algorithm::RS512 => Some(&signature::RSA_PKCS1_2048_8192_SHA512),
        Algorithm::PS256 => Some(&signature::RSA_PSS_2048_8192_SHA256),
        Algorithm::PS384 => Some(&signature::RSA_PSS_2048_8192_SHA384),
        Algorithm::PS512 => Some(&signature::RSA_PSS_2048_8192_SHA512),
        _ => None,
    }
}

/// The ring signing padding for each JWA name.
pub(crate) fn signing(alg: Algorithm) -> Option<&'static dyn RsaEncoding> {
    match alg {
        Algorithm::RS256 => Some(&signature::RSA_PKCS1_SHA256),
        Algorithm::RS384 => Some(&signature::RSA_PKCS1_SHA384),
        Algorithm::RS512 => Some(&signature::RSA_PKCS1_SHA512),
        Algorithm::PS256 => Some(&signature::RSA_PSS_SHA256),
        Algorithm::PS384 => Some(&signature::RSA_PSS_SHA384),
        Algorithm::PS512 => Some(&signature::RSA_PSS_SHA512),
        _ => None,
    }
}
