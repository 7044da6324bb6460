//! Fresh keys, signing (honest and hostile), and the few DER and PEM bytes
//! the alg-confusion cases need.
//!
//! ring makes every key and signature it can. It cannot make RSA keys, nor
//! sign with an RSA key under 2048 bits, so `openssl` does those two things
//! (as ring's own documentation suggests for RSA key generation).

use std::path::PathBuf;
use std::process::{Command, Stdio};

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, RsaKeyPair};
use serde_json::{json, Value};

/// A generator error: what failed and what to do about it.
pub type Gen<T> = Result<T, String>;

/// A deterministic byte stream from the run's seed (SHA-256 in counter mode).
/// It feeds HMAC secrets, Ed25519 seeds and names; ring's ECDSA and RSA key
/// generation cannot be seeded (its `SecureRandom` is sealed).
pub struct Drbg {
    seed: u64,
    counter: u64,
}

impl Drbg {
    /// A stream for `seed`.
    pub fn new(seed: u64) -> Drbg {
        Drbg { seed, counter: 0 }
    }

    /// `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 32);
        while out.len() < n {
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            ctx.update(&self.seed.to_be_bytes());
            ctx.update(&self.counter.to_be_bytes());
            self.counter += 1;
            out.extend_from_slice(ctx.finish().as_ref());
        }
        out.truncate(n);
        out
    }

    /// A lowercase hex string of `n` bytes.
    pub fn hex(&mut self, n: usize) -> String {
        self.bytes(n).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A fresh seed from the system's random source.
pub fn fresh_seed() -> u64 {
    let mut b = [0u8; 8];
    // SystemRandom only fails if the OS has no random source at all.
    if ring::rand::SecureRandom::fill(&SystemRandom::new(), &mut b).is_err() {
        return 1;
    }
    u64::from_be_bytes(b)
}

/// Key material that can sign.
pub enum Secret {
    /// An HMAC secret.
    Hmac(Vec<u8>),
    /// An RSA key pair ring accepts (2048 bits or more).
    Rsa(Box<RsaKeyPair>),
    /// An RSA key ring refuses (under 2048 bits): PKCS#8 DER, signed with by openssl.
    SmallRsa(Vec<u8>),
    /// An ECDSA key pair: the JWS (fixed r‖s) signer and the DER signer of the same key.
    Ec {
        /// `P-256` or `P-384`.
        crv: &'static str,
        /// Signs r‖s.
        fixed: Box<EcdsaKeyPair>,
        /// Signs ASN.1 DER.
        der: Box<EcdsaKeyPair>,
    },
    /// An Ed25519 key pair.
    Ed(Box<Ed25519KeyPair>),
}

/// A key: what signs, and its public JWK (the secret JWK for HMAC).
pub struct Key {
    /// The signing side.
    pub secret: Secret,
    /// The public JWK, no `kid`, no `alg`.
    pub jwk: Value,
    /// The private scalar or seed (`d` of an EC or OKP JWK), when known.
    pub d: Option<Vec<u8>>,
}

fn b64u(bytes: &[u8]) -> String {
    jot::b64::encode(bytes)
}

impl Key {
    /// An HMAC key of these bytes.
    pub fn hmac(secret: Vec<u8>) -> Key {
        let jwk = json!({"kty": "oct", "k": b64u(&secret)});
        Key {
            secret: Secret::Hmac(secret),
            jwk,
            d: None,
        }
    }

    /// An Ed25519 key from a 32-byte seed.
    pub fn ed25519(seed: &[u8]) -> Gen<Key> {
        let kp = Ed25519KeyPair::from_seed_unchecked(seed).map_err(|e| format!("ed25519: {e}"))?;
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64u(kp.public_key().as_ref())});
        Ok(Key {
            secret: Secret::Ed(Box::new(kp)),
            jwk,
            d: Some(seed.to_vec()),
        })
    }

    /// A fresh ECDSA key on `P-256` or `P-384`.
    pub fn ec(crv: &'static str) -> Gen<Key> {
        let (fixed_alg, der_alg, len) = match crv {
            "P-256" => (
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                32,
            ),
            _ => (
                &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
                &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
                48,
            ),
        };
        let rng = SystemRandom::new();
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(fixed_alg, &rng).map_err(|e| format!("ec: {e}"))?;
        let fixed = EcdsaKeyPair::from_pkcs8(fixed_alg, pkcs8.as_ref(), &rng)
            .map_err(|e| format!("ec: {e}"))?;
        let der = EcdsaKeyPair::from_pkcs8(der_alg, pkcs8.as_ref(), &rng)
            .map_err(|e| format!("ec: {e}"))?;
        let point = fixed.public_key().as_ref().to_vec();
        let x = point.get(1..=len).ok_or("ec point")?;
        let y = point.get(len + 1..).ok_or("ec point")?;
        let jwk = json!({"kty": "EC", "crv": crv, "x": b64u(x), "y": b64u(y)});
        Ok(Key {
            secret: Secret::Ec {
                crv,
                fixed: Box::new(fixed),
                der: Box::new(der),
            },
            jwk,
            d: ec_private_from_pkcs8(pkcs8.as_ref()),
        })
    }

    /// A fresh RSA key of `bits` from `openssl genpkey`.
    pub fn rsa(bits: u32) -> Gen<Key> {
        let out = Command::new("openssl")
            .args(["genpkey", "-algorithm", "RSA", "-outform", "DER", "-pkeyopt"])
            .arg(format!("rsa_keygen_bits:{bits}"))
            .stderr(Stdio::null())
            .output()
            .map_err(|e| {
                format!("openssl is needed for RSA keys (ring cannot generate them): {e}; install it with `apt-get install openssl`")
            })?;
        if !out.status.success() {
            return Err("openssl genpkey failed".into());
        }
        let pkcs8 = out.stdout;
        let (n, e) = rsa_public_from_pkcs8(&pkcs8).ok_or("openssl's PKCS#8 is not RSA")?;
        let jwk = json!({"kty": "RSA", "n": b64u(&n), "e": b64u(&e)});
        let secret = if bits >= 2048 {
            Secret::Rsa(Box::new(
                RsaKeyPair::from_pkcs8(&pkcs8)
                    .or_else(|_| RsaKeyPair::from_der(&pkcs8))
                    .map_err(|e| format!("rsa: {e}"))?,
            ))
        } else {
            Secret::SmallRsa(pkcs8)
        };
        Ok(Key {
            secret,
            jwk,
            d: None,
        })
    }

    /// The JWK with a `kid`.
    pub fn jwk_kid(&self, kid: &str) -> Value {
        let mut jwk = self.jwk.clone();
        if let Some(map) = jwk.as_object_mut() {
            map.insert("kid".into(), json!(kid));
        }
        jwk
    }

    /// The raw public bytes: RSA modulus, EC uncompressed point, Ed25519 `x`, HMAC secret.
    pub fn public_bytes(&self) -> Vec<u8> {
        match &self.secret {
            Secret::Hmac(k) => k.clone(),
            Secret::Rsa(kp) => kp.public().as_ref().to_vec(),
            Secret::SmallRsa(p) => p.clone(),
            Secret::Ec { fixed, .. } => fixed.public_key().as_ref().to_vec(),
            Secret::Ed(kp) => kp.public_key().as_ref().to_vec(),
        }
    }

    /// The public key as SubjectPublicKeyInfo DER (what PEM files hold).
    pub fn spki(&self) -> Vec<u8> {
        match &self.secret {
            Secret::Rsa(kp) => {
                let c: ring::rsa::PublicKeyComponents<Vec<u8>> = kp.public().into();
                let rsa = der(0x30, &[der_int(&c.n), der_int(&c.e)].concat());
                let alg = der(
                    0x30,
                    &[
                        &[
                            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
                        ][..],
                        &[0x05, 0x00],
                    ]
                    .concat(),
                );
                der(
                    0x30,
                    &[alg, der(0x03, &[&[0u8][..], &rsa].concat())].concat(),
                )
            }
            Secret::Ec { crv, fixed, .. } => {
                let curve: &[u8] = if *crv == "P-256" {
                    &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
                } else {
                    &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]
                };
                let ec_oid: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
                let alg = der(0x30, &[ec_oid, curve].concat());
                let bits = [&[0u8][..], fixed.public_key().as_ref()].concat();
                der(0x30, &[alg, der(0x03, &bits)].concat())
            }
            Secret::Ed(kp) => {
                let alg = der(0x30, &[0x06, 0x03, 0x2b, 0x65, 0x70]);
                let bits = [&[0u8][..], kp.public_key().as_ref()].concat();
                der(0x30, &[alg, der(0x03, &bits)].concat())
            }
            Secret::Hmac(k) | Secret::SmallRsa(k) => k.clone(),
        }
    }

    /// Signs `input` as `alg` (the algorithm of the signature, whatever the
    /// header says); `"DER"` asks an ECDSA key for an ASN.1 DER signature.
    pub fn sign(&self, alg: &str, input: &[u8]) -> Gen<Vec<u8>> {
        let rng = SystemRandom::new();
        let err = |e: ring::error::Unspecified| format!("sign {alg}: {e}");
        match &self.secret {
            Secret::Hmac(k) => {
                let h = match alg {
                    "HS256" => ring::hmac::HMAC_SHA256,
                    "HS384" => ring::hmac::HMAC_SHA384,
                    _ => ring::hmac::HMAC_SHA512,
                };
                Ok(ring::hmac::sign(&ring::hmac::Key::new(h, k), input)
                    .as_ref()
                    .to_vec())
            }
            Secret::Rsa(kp) => {
                let pad: &'static dyn signature::RsaEncoding = match alg {
                    "RS256" => &signature::RSA_PKCS1_SHA256,
                    "RS384" => &signature::RSA_PKCS1_SHA384,
                    "RS512" => &signature::RSA_PKCS1_SHA512,
                    "PS256" => &signature::RSA_PSS_SHA256,
                    "PS384" => &signature::RSA_PSS_SHA384,
                    _ => &signature::RSA_PSS_SHA512,
                };
                let mut sig = vec![0; kp.public().modulus_len()];
                kp.sign(pad, &rng, input, &mut sig).map_err(err)?;
                Ok(sig)
            }
            Secret::SmallRsa(pkcs8) => openssl_sign(pkcs8, input),
            Secret::Ec { fixed, der, .. } => {
                let kp = if alg == "DER" { der } else { fixed };
                Ok(kp.sign(&rng, input).map_err(err)?.as_ref().to_vec())
            }
            Secret::Ed(kp) => Ok(kp.sign(input).as_ref().to_vec()),
        }
    }
}

/// RS256 with a key ring refuses, through `openssl dgst` and a temporary file.
fn openssl_sign(pkcs8: &[u8], input: &[u8]) -> Gen<Vec<u8>> {
    let path: PathBuf = std::env::temp_dir().join(format!(
        "jot-conformance-{}-{}.der",
        std::process::id(),
        fresh_seed()
    ));
    std::fs::write(&path, pkcs8).map_err(|e| format!("temp key file: {e}"))?;
    let out = (|| {
        let mut child = Command::new("openssl")
            .args(["dgst", "-sha256", "-keyform", "DER", "-sign"])
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("openssl dgst: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            std::io::Write::write_all(&mut stdin, input).map_err(|e| format!("openssl: {e}"))?;
        }
        child
            .wait_with_output()
            .map_err(|e| format!("openssl dgst: {e}"))
    })();
    let _ = std::fs::remove_file(&path);
    let out = out?;
    if !out.status.success() {
        return Err("openssl dgst -sign failed".into());
    }
    Ok(out.stdout)
}

/// One DER TLV.
pub fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER of an unsigned big-endian number.
pub fn der_int(be: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = be.iter().copied().skip_while(|&b| b == 0).collect();
    let mut content = Vec::new();
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend(trimmed);
    der(0x02, &content)
}

/// PEM text of a public key's SPKI DER.
pub fn pem(spki: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(spki);
    let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END PUBLIC KEY-----\n");
    out
}

/// Reads one DER TLV: (tag, content, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        let bytes = rest.get(..n)?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest.get(n..)?)
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// `n` and `e` of an RSA PKCS#8 PrivateKeyInfo.
/// Also reads a bare PKCS#1 RSAPrivateKey, which `openssl genpkey -outform DER` writes.
fn rsa_public_from_pkcs8(pkcs8: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (_, info, _) = tlv(pkcs8)?;
    let (_, _version, rest) = tlv(info)?;
    let rsa_rest = if rest.first() == Some(&0x02) {
        rest
    } else {
        let (_, _alg, rest) = tlv(rest)?;
        let (_, octets, _) = tlv(rest)?;
        let (_, rsa, _) = tlv(octets)?;
        let (_, _version, rest) = tlv(rsa)?;
        rest
    };
    let rest = rsa_rest;
    let (_, n, rest) = tlv(rest)?;
    let (_, e, _) = tlv(rest)?;
    let strip = |v: &[u8]| {
        v.iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect::<Vec<u8>>()
    };
    Some((strip(n), strip(e)))
}

/// The private scalar of an EC PKCS#8 PrivateKeyInfo (RFC 5915 ECPrivateKey).
fn ec_private_from_pkcs8(pkcs8: &[u8]) -> Option<Vec<u8>> {
    let (_, info, _) = tlv(pkcs8)?;
    let (_, _version, rest) = tlv(info)?;
    let (_, _alg, rest) = tlv(rest)?;
    let (_, octets, _) = tlv(rest)?;
    let (_, ec, _) = tlv(octets)?;
    let (_, _version, rest) = tlv(ec)?;
    let (_, d, _) = tlv(rest)?;
    Some(d.to_vec())
}

/// The order of the P-256 group, big-endian.
pub const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// The order of the P-384 group, big-endian.
pub const P384_N: [u8; 48] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
];

/// The order L of the Ed25519 group, little-endian (as S is encoded, RFC 8032 §5.1.7).
pub const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// `a + b` over big-endian numbers of the same length; `None` on overflow.
pub fn add_be(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let s = u16::from(*a.get(i)?) + u16::from(*b.get(i)?) + carry;
        *out.get_mut(i)? = (s & 0xff) as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

/// `a - b` over big-endian numbers of the same length (`a >= b`).
pub fn sub_be(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(*a.get(i)?) - i16::from(*b.get(i)?) - borrow;
        borrow = 0;
        if d < 0 {
            d += 256;
            borrow = 1;
        }
        *out.get_mut(i)? = d as u8;
    }
    (borrow == 0).then_some(out)
}

/// The big-endian number `v` in `len` bytes.
pub fn small_be(v: u8, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    if let Some(last) = out.last_mut() {
        *last = v;
    }
    out
}
