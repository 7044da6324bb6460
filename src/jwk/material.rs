//! Decoding a [`Jwk`]'s members into key material, with every import-time
//! rule of RFC 7517, RFC 7518 §6, RFC 8037 §2 and SECURITY.md rule 4.
//!
//! This is the one place where a JWK's text becomes bytes, so it is the one
//! place where a key is judged: a key that passes here is well formed for
//! its `kty`; whether it fits an algorithm is decided in `prepared.rs`.

use ring::rand::SystemRandom;
use ring::signature::{
    EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING,
    ECDSA_P384_SHA384_FIXED_SIGNING,
};

use crate::b64;
use crate::error::{KeyRejected, Part, Result};
use crate::jwa::{Algorithm, Curve};

use super::Jwk;

/// A JWK's key material, decoded and checked.
pub(crate) enum Material {
    /// A symmetric key (RFC 7518 §6.4), never empty.
    Oct { k: Vec<u8> },
    /// An RSA key (RFC 7518 §6.3): modulus and exponent without leading zeros.
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        private: Option<RsaPrivate>,
    },
    /// An EC key (RFC 7518 §6.2) whose point is on `curve`. With `d`, also
    /// the ring key pair whose construction proved that `d` belongs to the point.
    Ec {
        curve: Curve,
        x: Vec<u8>,
        y: Vec<u8>,
        d: Option<Vec<u8>>,
        pair: Option<EcdsaKeyPair>,
    },
    /// An Ed25519 key (RFC 8037 §2) whose public key is not of small order.
    /// With `d`, also the ring key pair that proved the seed belongs to `x`.
    Okp {
        x: Vec<u8>,
        d: Option<Vec<u8>>,
        pair: Option<Ed25519KeyPair>,
    },
}

/// The private members of an RSA key (RFC 7518 §6.3.2), all required.
pub(crate) struct RsaPrivate {
    pub d: Vec<u8>,
    pub p: Vec<u8>,
    pub q: Vec<u8>,
    pub dp: Vec<u8>,
    pub dq: Vec<u8>,
    pub qi: Vec<u8>,
    /// The ring key pair, built (and so checked) once at import.
    pub pair: RsaKeyPair,
}

impl Material {
    /// Whether the material includes a private or secret part.
    pub(crate) fn is_private(&self) -> bool {
        match self {
            Material::Oct { .. } => true,
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { d, .. } | Material::Okp { d, .. } => d.is_some(),
        }
    }

    /// Decodes and checks the members of `jwk` for its `kty`.
    pub(crate) fn from_jwk(jwk: &Jwk) -> Result<Material> {
        match jwk.kty.as_str() {
            "oct" => oct(jwk),
            "RSA" => rsa(jwk),
            "EC" => ec(jwk),
            "OKP" => okp(jwk),
            _ => Err(KeyRejected::UnsupportedKeyType.into()),
        }
    }
}

/// Members that belong to each key type; any other key member is refused,
/// so an `RSA` key with EC members (Wycheproof key tcId 24) is not "an RSA key
/// with extras".
fn only(jwk: &Jwk, allowed: &[&str]) -> Result<()> {
    let present = [
        ("k", jwk.k.is_some()),
        ("crv", jwk.crv.is_some()),
        ("x", jwk.x.is_some()),
        ("y", jwk.y.is_some()),
        ("d", jwk.d.is_some()),
        ("n", jwk.n.is_some()),
        ("e", jwk.e.is_some()),
        ("p", jwk.p.is_some()),
        ("q", jwk.q.is_some()),
        ("dp", jwk.dp.is_some()),
        ("dq", jwk.dq.is_some()),
        ("qi", jwk.qi.is_some()),
        ("oth", jwk.oth.is_some()),
    ];
    if present
        .iter()
        .any(|(name, is)| *is && !allowed.contains(name))
    {
        return Err(KeyRejected::InvalidEncoding("member does not belong to this kty").into());
    }
    Ok(())
}

fn member(value: &Option<String>, missing: &'static str) -> Result<Vec<u8>> {
    let text = value
        .as_deref()
        .ok_or(KeyRejected::InvalidEncoding(missing))?;
    b64::decode(text, Part::Key)
        .map_err(|_| KeyRejected::InvalidEncoding("member is not canonical base64url").into())
}

fn optional(value: &Option<String>) -> Result<Option<Vec<u8>>> {
    match value {
        None => Ok(None),
        Some(_) => member(value, "unreachable").map(Some),
    }
}

/// RFC 7518 §6.4: `k` is required; an empty key is no key (RFC 8725 §3.5).
fn oct(jwk: &Jwk) -> Result<Material> {
    only(jwk, &["k"])?;
    let k = member(&jwk.k, "oct key needs k")?;
    if k.is_empty() {
        // No secret at all: below the floor of every HMAC algorithm, HS256's first.
        return Err(KeyRejected::TooSmall {
            alg: Some(Algorithm::HS256),
            min: Algorithm::HS256.hash_len().unwrap_or_default(),
            actual: 0,
        }
        .into());
    }
    Ok(Material::Oct { k })
}

/// RFC 7518 §6.3.
fn rsa(jwk: &Jwk) -> Result<Material> {
    only(jwk, &["n", "e", "d", "p", "q", "dp", "dq", "qi", "oth"])?;
    if jwk.oth.is_some() {
        return Err(KeyRejected::InvalidEncoding("multi-prime rsa (oth) is not supported").into());
    }
    let n = member(&jwk.n, "rsa key needs n")?;
    let e = member(&jwk.e, "rsa key needs e")?;
    // §6.3.1.1: "MUST utilize the minimum number of octets".
    if n.first().is_none_or(|b| *b == 0) || e.first().is_none_or(|b| *b == 0) {
        return Err(KeyRejected::InvalidEncoding("rsa n and e must have no leading zero").into());
    }
    check_rsa_public(&n, &e)?;
    let private = match &jwk.d {
        None => {
            if jwk.p.is_some()
                || jwk.q.is_some()
                || jwk.dp.is_some()
                || jwk.dq.is_some()
                || jwk.qi.is_some()
            {
                return Err(KeyRejected::InvalidEncoding("rsa private members without d").into());
            }
            None
        }
        Some(_) => {
            let need = "rsa private key needs d, p, q, dp, dq and qi";
            let (d, p, q) = (
                member(&jwk.d, need)?,
                member(&jwk.p, need)?,
                member(&jwk.q, need)?,
            );
            let (dp, dq, qi) = (
                member(&jwk.dp, need)?,
                member(&jwk.dq, need)?,
                member(&jwk.qi, need)?,
            );
            let pair = rsa_key_pair(&n, &e, [&d, &p, &q, &dp, &dq, &qi])?;
            Some(RsaPrivate {
                d,
                p,
                q,
                dp,
                dq,
                qi,
                pair,
            })
        }
    };
    Ok(Material::Rsa { n, e, private })
}

/// RFC 7518 §6.3.2: the private members must belong to `n` and `e`. ring
/// checks that when it builds the key pair (n = p·q, the CRT values, a test
/// signature), so an inconsistent key is refused at import, not at first use,
/// and the pair it builds is the one a `SigningKey` signs with.
fn rsa_key_pair(n: &[u8], e: &[u8], [d, p, q, dp, dq, qi]: [&[u8]; 6]) -> Result<RsaKeyPair> {
    let components = ring::rsa::KeyPairComponents {
        public_key: ring::rsa::PublicKeyComponents { n, e },
        d,
        p,
        q,
        dP: dp,
        dQ: dq,
        qInv: qi,
    };
    RsaKeyPair::from_components(&components).map_err(|_| {
        KeyRejected::InvalidEncoding(
            "rsa private key is inconsistent or over ring's 4096-bit limit",
        )
        .into()
    })
}

/// The public-key rules for RSA (RFC 7518 §3.3, SECURITY.md row 9).
pub(crate) fn check_rsa_public(n: &[u8], e: &[u8]) -> Result<()> {
    let bits = bit_len(n);
    if bits < 2048 {
        return Err(KeyRejected::TooSmall {
            alg: None,
            min: 2048,
            actual: bits,
        }
        .into());
    }
    if bits > 8192 {
        return Err(KeyRejected::InvalidEncoding("rsa modulus is larger than 8192 bits").into());
    }
    if n.last().is_none_or(|b| b % 2 == 0) {
        return Err(KeyRejected::Weak("rsa modulus is even").into());
    }
    // ring accepts 3 <= e < 2^33; e = 1 makes the padded message its own signature.
    let odd = e.last().is_some_and(|b| b % 2 == 1);
    if !odd || e.len() > 4 || bit_len(e) < 2 {
        return Err(
            KeyRejected::Weak("rsa exponent must be odd, at least 3 and at most 32 bits").into(),
        );
    }
    if super::roca::has_fingerprint(n) {
        return Err(
            KeyRejected::Weak("rsa modulus has the roca fingerprint (CVE-2017-15361)").into(),
        );
    }
    Ok(())
}

/// The number of significant bits in a big-endian integer.
fn bit_len(bytes: &[u8]) -> usize {
    let Some(pos) = bytes.iter().position(|b| *b != 0) else {
        return 0;
    };
    let rest = bytes.len() - pos - 1;
    let top = bytes.get(pos).copied().unwrap_or(0);
    rest * 8 + (8 - top.leading_zeros() as usize)
}

/// RFC 7518 §6.2.
fn ec(jwk: &Jwk) -> Result<Material> {
    only(jwk, &["crv", "x", "y", "d"])?;
    let curve = Curve::from_name(
        jwk.crv
            .as_deref()
            .ok_or(KeyRejected::InvalidEncoding("ec key needs crv"))?,
    )?;
    if curve == Curve::Ed25519 {
        return Err(KeyRejected::UnsupportedCurve.into());
    }
    let x = member(&jwk.x, "ec key needs x")?;
    let y = member(&jwk.y, "ec key needs y")?;
    let d = optional(&jwk.d)?;
    let len = curve.coordinate_len();
    // §6.2.1.2: "MUST be the full size of a coordinate", never shorter or longer.
    if x.len() != len || y.len() != len || d.as_ref().is_some_and(|d| d.len() != len) {
        return Err(
            KeyRejected::InvalidEncoding("ec member has the wrong length for its curve").into(),
        );
    }
    super::curve::check_ec_point(curve, &x, &y)?;
    // RFC 7518 §6.2.2.1: `d` must be the private key of the point (x, y).
    let pair = match &d {
        None => None,
        Some(d) => {
            let alg = match curve {
                Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
                _ => &ECDSA_P384_SHA384_FIXED_SIGNING,
            };
            let point = super::curve::uncompressed_point(&x, &y);
            let pair =
                EcdsaKeyPair::from_private_key_and_public_key(alg, d, &point, &SystemRandom::new())
                    .map_err(|_| {
                        KeyRejected::InvalidEncoding("ec private key does not match its public key")
                    })?;
            Some(pair)
        }
    };
    Ok(Material::Ec {
        curve,
        x,
        y,
        d,
        pair,
    })
}

/// RFC 8037 §2.
fn okp(jwk: &Jwk) -> Result<Material> {
    only(jwk, &["crv", "x", "d"])?;
    let crv = jwk
        .crv
        .as_deref()
        .ok_or(KeyRejected::InvalidEncoding("okp key needs crv"))?;
    if crv != "Ed25519" {
        return Err(KeyRejected::UnsupportedCurve.into());
    }
    let x = member(&jwk.x, "okp key needs x")?;
    let d = optional(&jwk.d)?;
    if x.len() != 32 || d.as_ref().is_some_and(|d| d.len() != 32) {
        return Err(KeyRejected::InvalidEncoding("ed25519 member must be 32 bytes").into());
    }
    super::curve::check_ed25519_public(&x)?;
    // RFC 8037 §2: `x` must be the public key of the seed `d`.
    let pair = match &d {
        None => None,
        Some(d) => Some(
            Ed25519KeyPair::from_seed_and_public_key(d, &x).map_err(|_| {
                KeyRejected::InvalidEncoding("ed25519 private key does not match its public key")
            })?,
        ),
    };
    Ok(Material::Okp { x, d, pair })
}

/// Checks an X25519 key (RFC 8037 §2), which is for ECDH-ES key agreement
/// and never signature material: `x` is 32 bytes and a point ring accepts
/// (not of small order), `d`, if present, is 32 bytes. ring cannot derive a
/// public key from a stored `d`, so that `d` belongs to `x` is not checked;
/// jot never uses an X25519 `d` (see `jwe::DecryptionKey`).
pub(crate) fn check_x25519(jwk: &Jwk) -> Result<()> {
    only(jwk, &["crv", "x", "d"])?;
    let d = optional(&jwk.d)?;
    if d.is_some_and(|d| d.len() != 32) {
        return Err(KeyRejected::InvalidEncoding("x25519 member must be 32 bytes").into());
    }
    let curve = crate::jwe::Curve::X25519;
    curve.check_point(&curve.point(jwk)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_len_counts_significant_bits() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[3]), 2);
    }
}
