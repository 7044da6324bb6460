//! Point checks at key import: EC points on their curve (RFC 7518 §6.2.1,
//! SECURITY.md row 30, CVE-2016-9121) and Ed25519 keys that are canonical and
//! not of small order (RFC 8032 §5.1.3, SECURITY.md row 7).

use ring::agreement;
use ring::rand::SystemRandom;

use crate::error::{KeyRejected, Result};
use crate::jwa::Curve;

/// The SEC 1 §2.3.3 uncompressed encoding of an EC point, `0x04 || x || y`:
/// the form ring reads, SPKI and SEC1 DER carry, and JWK `x`/`y` split. The
/// one place jot builds it.
pub(crate) fn uncompressed_point(x: &[u8], y: &[u8]) -> Vec<u8> {
    [&[0x04][..], x, y].concat()
}

/// Checks that `(x, y)` is a point on `curve`.
///
/// `ring` checks a public key only when it uses it. To refuse a bad point at
/// import, with a clear key error, jot hands it to ring's ECDH, which
/// validates the peer's point (on the curve, not the identity) before any
/// arithmetic, and throws the shared secret away.
pub(crate) fn check_ec_point(curve: Curve, x: &[u8], y: &[u8]) -> Result<()> {
    let alg = match curve {
        Curve::P256 => &agreement::ECDH_P256,
        Curve::P384 => &agreement::ECDH_P384,
        Curve::Ed25519 => return Err(KeyRejected::UnsupportedCurve.into()),
    };
    let point = uncompressed_point(x, y);
    let rng = SystemRandom::new();
    let ours = agreement::EphemeralPrivateKey::generate(alg, &rng)
        .map_err(|_| KeyRejected::InvalidEncoding("could not check the ec point"))?;
    let peer = agreement::UnparsedPublicKey::new(alg, &point);
    agreement::agree_ephemeral(ours, &peer, |_| ())
        .map_err(|_| KeyRejected::Weak("ec point is not on the curve").into())
}

/// The encodings of the eight small-order Ed25519 points, and the
/// non-canonical spellings y = p and y = p + 1 (the list libsodium blocks).
/// The sign bit of the last byte is ignored when comparing.
const SMALL_ORDER: [[u8; 32]; 7] = [
    // 0 (order 4)
    [0; 32],
    // 1 (order 1): the identity, which verifies every message with R = identity, S = 0
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    // order 8
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    // order 8
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    // p - 1 (order 2)
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // p (non-canonical 0, order 4)
    [
        0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // p + 1 (non-canonical 1, order 1)
    [
        0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
];

/// Refuses small-order and non-canonical Ed25519 public keys.
pub(crate) fn check_ed25519_public(x: &[u8]) -> Result<()> {
    let Ok(x) = <[u8; 32]>::try_from(x) else {
        return Err(KeyRejected::InvalidEncoding("ed25519 member must be 32 bytes").into());
    };
    let small = SMALL_ORDER
        .iter()
        .any(|bad| bad[..31] == x[..31] && (bad[31] & 0x7f) == (x[31] & 0x7f));
    if small {
        return Err(KeyRejected::Weak("ed25519 public key has small order").into());
    }
    // RFC 8032 §5.1.3 step 1: y must be below p = 2^255 - 19.
    let y_high = x[1..31].iter().all(|b| *b == 0xff) && (x[31] & 0x7f) == 0x7f;
    if y_high && x[0] >= 0xed {
        return Err(KeyRejected::Weak("ed25519 public key is not canonical").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_small_order_point_with_either_sign() {
        for bad in SMALL_ORDER {
            assert!(check_ed25519_public(&bad).is_err());
            let mut signed = bad;
            signed[31] |= 0x80;
            assert!(check_ed25519_public(&signed).is_err());
        }
    }

    #[test]
    fn refuses_non_canonical_y() {
        let mut y = [0xff; 32];
        y[0] = 0xf0;
        y[31] = 0x7f;
        assert!(check_ed25519_public(&y).is_err());
    }

    #[test]
    fn accepts_rfc8037_key() {
        let x = crate::b64::decode(
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
            crate::Part::Key,
        );
        assert_eq!(x.map(|x| check_ed25519_public(&x)), Ok(Ok(())));
    }

    #[test]
    fn refuses_point_off_curve() {
        let x = [1u8; 32];
        let y = [2u8; 32];
        assert!(matches!(
            check_ec_point(Curve::P256, &x, &y),
            Err(crate::Error::KeyRejected(KeyRejected::Weak(_)))
        ));
    }
}
