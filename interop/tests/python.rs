//! Interoperability with PyJWT and joserfc (Python), in both directions.
//!
//! Run by `cargo test --test interop_python`; needs `python3` with the
//! packages of `interop/python/requirements.txt` (a missing one is a test
//! failure with the install command, never a skip). `interop/README.md`
//! explains the checks and documents where jot is deliberately stricter; the
//! probe expectations below are the README's claims, tested.

#[path = "../driver/mod.rs"]
mod driver;

use driver::{run_peer, Expectations, JweExpectations, Peer};
use jot::Algorithm;

fn python() -> Peer {
    Peer {
        program: "python3",
        script: driver::repo_path("interop/python/peer.py"),
        install: "python3 -m pip install -r interop/python/requirements.txt",
    }
}

#[test]
fn pyjwt() {
    run_peer(
        &python(),
        "pyjwt",
        &Expectations {
            // PyJWT knows "EdDSA" but not RFC 9864's "Ed25519".
            not_shared: &[Algorithm::Ed25519],
            thumbprints: false,
            probes: &[
                ("duplicate_registered_claim", true),
                ("duplicate_custom_claim", true),
                ("padded_base64url", true),
                ("signature_trailing_bits", false),
                ("signature_with_junk_character", false),
                ("ecdsa_der_signature", false),
                ("aud_present_but_not_configured", false),
                ("private_key_for_verification", true),
                ("crit_unknown_extension", false),
                ("missing_exp", true),
                ("nbf_in_future", false),
                ("expired_30s_ago", false),
                ("short_hmac_key", true),
            ],
            jwe: None,
        },
    );
}

#[test]
fn joserfc() {
    run_peer(
        &python(),
        "joserfc",
        &Expectations {
            not_shared: &[],
            thumbprints: true,
            probes: &[
                ("duplicate_registered_claim", true),
                ("duplicate_custom_claim", true),
                ("padded_base64url", true),
                ("signature_trailing_bits", false),
                ("signature_with_junk_character", false),
                ("ecdsa_der_signature", false),
                ("aud_present_but_not_configured", true),
                ("private_key_for_verification", true),
                ("crit_unknown_extension", false),
                ("missing_exp", true),
                ("nbf_in_future", false),
                ("expired_30s_ago", false),
                ("short_hmac_key", true),
            ],
            // Every dir, ECDH-ES (P-256, P-384, X25519) and nested combination
            // works both ways: nothing is unsupported by this peer.
            jwe: Some(JweExpectations {
                unsupported: &[],
                probes: &[
                    ("jwe_zip_deflate", true),
                    ("jwe_tag_flipped", false),
                    ("jwe_enc_a128cbc_hs256", true),
                    ("jwe_alg_a256kw", true),
                    ("jwe_enc_not_in_allow_list", false),
                ],
            }),
        },
    );
}
