//! Interoperability with the `jose` package from npm, in both directions.
//!
//! Run by `cargo test --test interop_node`; needs `node` and
//! `npm ci --prefix interop/node` (a missing `node_modules` is a test failure
//! with that command, never a skip). `interop/README.md` explains the checks
//! and documents where jot is deliberately stricter; the probe expectations
//! below are the README's claims, tested.

#[path = "../driver/mod.rs"]
mod driver;

use driver::{run_peer, Expectations, JweExpectations, Peer};

#[test]
fn jose() {
    run_peer(
        &Peer {
            program: "node",
            script: driver::repo_path("interop/node/peer.mjs"),
            install: "npm ci --prefix interop/node",
        },
        "jose",
        &Expectations {
            not_shared: &[],
            thumbprints: true,
            probes: &[
                ("duplicate_registered_claim", true),
                ("duplicate_custom_claim", true),
                ("padded_base64url", true),
                ("signature_trailing_bits", true),
                ("signature_with_junk_character", false),
                ("ecdsa_der_signature", false),
                ("aud_present_but_not_configured", true),
                ("private_key_for_verification", false),
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
