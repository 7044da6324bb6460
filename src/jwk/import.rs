//! Keys from PEM and DER: SPKI (RFC 5280 §4.1), PKCS#1 (RFC 8017 App. A.1),
//! PKCS#8 (RFC 5208, RFC 5958), SEC1 (RFC 5915), X.509 certificates
//! (RFC 5280 §4.1), with the algorithm identifiers of RFC 3279, RFC 5480 and
//! RFC 8410. Export, the way back, is in `export.rs`.
//!
//! Import works in two steps. A *shape* parser reads one ASN.1 structure and
//! returns borrowed pieces, failing if the bytes are not that structure. A
//! converter then turns the pieces into a [`Jwk`], and any error from here on
//! is final: the bytes were that structure, and the key in it is refused.
//! Every key leaves through [`Jwk::check`], so an imported key obeys the same
//! rules as one from JSON (RSA ≥ 2048 bits, EC points on the curve, ...), and
//! private keys are also checked against their public half with `ring`.

use ring::signature::{self, KeyPair};

use crate::b64;
use crate::error::{KeyRejected, Result};
use crate::jwa::Curve;

use super::der::{self, oid, read_all, tag, Reader};
use super::pem;
use super::Jwk;

fn fail<T>(why: &'static str) -> Result<T> {
    Err(KeyRejected::InvalidEncoding(why).into())
}

/// PEM labels jot imports (RFC 7468 §§ 5, 7, 10, 11, 13; RFC 5915 §4).
const CERTIFICATE: &str = "CERTIFICATE";
pub(super) const PUBLIC_KEY: &str = "PUBLIC KEY";
pub(super) const PRIVATE_KEY: &str = "PRIVATE KEY";
const RSA_PUBLIC_KEY: &str = "RSA PUBLIC KEY";
const RSA_PRIVATE_KEY: &str = "RSA PRIVATE KEY";
const EC_PRIVATE_KEY: &str = "EC PRIVATE KEY";

impl Jwk {
    /// Imports the first key of a PEM document (RFC 7468): an SPKI `PUBLIC
    /// KEY` (RFC 5280 §4.1), a PKCS#8 `PRIVATE KEY` (RFC 5208, RFC 5958), a
    /// PKCS#1 `RSA PUBLIC KEY` or `RSA PRIVATE KEY` (RFC 8017 App. A.1), a
    /// SEC1 `EC PRIVATE KEY` (RFC 5915), or the public key of a `CERTIFICATE`
    /// (RFC 5280 §4.1).
    ///
    /// Blocks with other labels, such as the `EC PARAMETERS` that
    /// `openssl ecparam -genkey` writes first, are skipped. Supported keys are
    /// RSA (two primes), EC on P-256 or P-384, and Ed25519 (RFC 8410). The key
    /// is checked as [`Jwk::from_json`] checks it, and a private key must
    /// match its public half.
    ///
    /// A certificate is not validated in any way: not its signature, dates,
    /// issuer or extensions. Only its subject public key is read, so trust
    /// must come from where the file came from.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`](crate::Error::KeyRejected) with
    /// - `InvalidEncoding` for bad PEM or DER, an encrypted key, a PEM with
    ///   no key block, multi-prime RSA, an EC key without its public point,
    ///   or a private key that does not match its public key;
    /// - `UnsupportedKeyType` for DSA, X25519, Ed448 and other algorithms;
    /// - `UnsupportedCurve` for EC curves other than P-256 and P-384;
    /// - `TooSmall` or `Weak` for keys [`Jwk::check`] refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// let pem = "-----BEGIN PUBLIC KEY-----
    /// MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
    /// -----END PUBLIC KEY-----
    /// ";
    /// let jwk = jot::Jwk::from_pem(pem)?;
    /// assert_eq!(jwk.kty, "OKP");
    /// assert_eq!(jwk.x.as_deref(), Some("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn from_pem(text: &str) -> Result<Jwk> {
        for block in pem::decode(text)? {
            let der = block.der.as_slice();
            let jwk = match block.label.as_str() {
                PUBLIC_KEY => from_spki(parse_spki(der)?),
                PRIVATE_KEY => from_pkcs8(parse_pkcs8(der)?),
                RSA_PRIVATE_KEY => from_rsa_private(parse_rsa_private(der)?),
                RSA_PUBLIC_KEY => from_rsa_public(parse_rsa_public(der)?),
                EC_PRIVATE_KEY => from_sec1(parse_sec1(der)?, None),
                CERTIFICATE => from_spki(parse_certificate(der)?),
                // Named so the caller learns why, not "no key found".
                "ENCRYPTED PRIVATE KEY" => fail("encrypted private keys are not supported"),
                "DSA PRIVATE KEY" => Err(KeyRejected::UnsupportedKeyType.into()),
                _ => continue,
            };
            return jwk;
        }
        fail("pem holds no block with a key jot can import")
    }

    /// Imports a key from DER, detecting its structure (RFC 5280 §4.1,
    /// RFC 5208, RFC 5958, RFC 8017 App. A.1, RFC 5915).
    ///
    /// The shapes are tried in this fixed order, and the first one the bytes
    /// fit decides: SPKI, PKCS#8, PKCS#1 `RSAPrivateKey`, PKCS#1
    /// `RSAPublicKey`, SEC1 `ECPrivateKey`, X.509 certificate. The shapes are
    /// disjoint, so the order only fixes which error a damaged input gets.
    /// Keys are checked as in [`Jwk::from_pem`], and certificates are not
    /// validated.
    ///
    /// # Errors
    ///
    /// As [`Jwk::from_pem`]; bytes that fit no shape give `InvalidEncoding`.
    ///
    /// # Examples
    ///
    /// ```
    /// // SPKI of the RFC 8037 §A.2 Ed25519 public key.
    /// let mut der = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    /// der.extend(jot::b64::decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", jot::Part::Key)?);
    /// let jwk = jot::Jwk::from_der(&der)?;
    /// assert_eq!(jwk.crv.as_deref(), Some("Ed25519"));
    /// assert!(jot::Jwk::from_der(&der[..20]).is_err());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Jwk> {
        if der.len() > pem::MAX_PEM {
            return fail("der input is larger than 1 MiB");
        }
        if let Ok(spki) = parse_spki(der) {
            return from_spki(spki);
        }
        if let Ok(pkcs8) = parse_pkcs8(der) {
            return from_pkcs8(pkcs8);
        }
        if let Ok(rsa) = parse_rsa_private(der) {
            return from_rsa_private(rsa);
        }
        if let Ok(rsa) = parse_rsa_public(der) {
            return from_rsa_public(rsa);
        }
        if let Ok(sec1) = parse_sec1(der) {
            return from_sec1(sec1, None);
        }
        if let Ok(spki) = parse_certificate(der) {
            return from_spki(spki);
        }
        fail("der is not spki, pkcs#8, pkcs#1, sec1 or an x.509 certificate")
    }
}

// ---------------------------------------------------------------------------
// Shapes: structure only, no judgement of the key.

/// AlgorithmIdentifier (RFC 5280 §4.1.1.2): an OID and optional parameters,
/// kept as (tag, contents).
struct AlgorithmIdentifier<'a> {
    oid: &'a [u8],
    params: Option<(u8, &'a [u8])>,
}

fn algorithm_identifier<'a>(r: &mut Reader<'a>) -> Result<AlgorithmIdentifier<'a>> {
    r.nested(tag::SEQUENCE, |a| {
        let oid = a.oid()?;
        let params = if a.at_end() {
            None
        } else {
            Some(a.read_any()?)
        };
        Ok(AlgorithmIdentifier { oid, params })
    })
}

/// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
struct Spki<'a> {
    alg: AlgorithmIdentifier<'a>,
    key: &'a [u8],
}

fn spki_in<'a>(r: &mut Reader<'a>) -> Result<Spki<'a>> {
    r.nested(tag::SEQUENCE, |s| {
        let alg = algorithm_identifier(s)?;
        let key = s.bit_string()?;
        Ok(Spki { alg, key })
    })
}

fn parse_spki(der: &[u8]) -> Result<Spki<'_>> {
    read_all(der, spki_in)
}

/// PrivateKeyInfo (RFC 5208 §5) or OneAsymmetricKey (RFC 5958 §2).
struct Pkcs8<'a> {
    alg: AlgorithmIdentifier<'a>,
    private_key: &'a [u8],
    /// `[1] publicKey`, only in version 2 (v2 = 1).
    public_key: Option<&'a [u8]>,
}

fn parse_pkcs8(der: &[u8]) -> Result<Pkcs8<'_>> {
    read_all(der, |r| {
        r.nested(tag::SEQUENCE, |s| {
            let version = s.small_integer()?;
            if version > 1 {
                return fail("pkcs#8 version must be v1 or v2");
            }
            let alg = algorithm_identifier(s)?;
            let private_key = s.read_tlv(tag::OCTET_STRING)?;
            // Attributes are not used for any key jot imports.
            s.read_optional(tag::context_constructed(0))?;
            let public_key = match s.read_optional(tag::context_primitive(1))? {
                // RFC 5958 §2: "if publicKey is present, then version is set to v2".
                Some(_) if version == 0 => return fail("pkcs#8 v1 cannot hold a public key"),
                Some(bits) => Some(der::whole_octets(bits)?),
                None => None,
            };
            Ok(Pkcs8 {
                alg,
                private_key,
                public_key,
            })
        })
    })
}

/// RSAPrivateKey (RFC 8017 App. A.1.2), members as minimal unsigned bytes.
struct RsaPrivate<'a> {
    multi_prime: bool,
    n: &'a [u8],
    e: &'a [u8],
    d: &'a [u8],
    p: &'a [u8],
    q: &'a [u8],
    dp: &'a [u8],
    dq: &'a [u8],
    qi: &'a [u8],
}

fn parse_rsa_private(der: &[u8]) -> Result<RsaPrivate<'_>> {
    read_all(der, |r| {
        r.nested(tag::SEQUENCE, |s| {
            // Version 0 is two-prime; 1 is multi-prime and adds otherPrimeInfos.
            let multi_prime = match s.small_integer()? {
                0 => false,
                1 => true,
                _ => return fail("pkcs#1 version must be 0 or 1"),
            };
            let key = RsaPrivate {
                multi_prime,
                n: s.positive_integer()?,
                e: s.positive_integer()?,
                d: s.positive_integer()?,
                p: s.positive_integer()?,
                q: s.positive_integer()?,
                dp: s.positive_integer()?,
                dq: s.positive_integer()?,
                qi: s.positive_integer()?,
            };
            if multi_prime {
                s.read_tlv(tag::SEQUENCE)?;
            }
            Ok(key)
        })
    })
}

/// RSAPublicKey (RFC 8017 App. A.1.1).
struct RsaPublic<'a> {
    n: &'a [u8],
    e: &'a [u8],
}

fn parse_rsa_public(der: &[u8]) -> Result<RsaPublic<'_>> {
    read_all(der, |r| {
        r.nested(tag::SEQUENCE, |s| {
            Ok(RsaPublic {
                n: s.positive_integer()?,
                e: s.positive_integer()?,
            })
        })
    })
}

/// ECPrivateKey (RFC 5915 §3).
struct Sec1<'a> {
    d: &'a [u8],
    /// `[0] parameters`: the contents of a namedCurve OID, or an error
    /// reason for the forms jot does not take.
    curve: Option<core::result::Result<&'a [u8], KeyRejected>>,
    /// `[1] publicKey`: the point octets.
    public_key: Option<&'a [u8]>,
}

fn parse_sec1(der: &[u8]) -> Result<Sec1<'_>> {
    read_all(der, |r| {
        r.nested(tag::SEQUENCE, |s| {
            if s.small_integer()? != 1 {
                return fail("sec1 ecPrivateKeyVer1 must be 1");
            }
            let d = s.read_tlv(tag::OCTET_STRING)?;
            let curve = match s.read_optional(tag::context_constructed(0))? {
                None => None,
                Some(params) => Some(read_all(params, |p| {
                    let (t, contents) = p.read_any()?;
                    // RFC 5480 §2.1.1: specifiedCurve and implicitCurve MUST NOT be used.
                    Ok(if t == tag::OID {
                        Ok(contents)
                    } else {
                        Err(KeyRejected::UnsupportedCurve)
                    })
                })?),
            };
            let public_key = match s.read_optional(tag::context_constructed(1))? {
                None => None,
                Some(bits) => Some(read_all(bits, Reader::bit_string)?),
            };
            Ok(Sec1 {
                d,
                curve,
                public_key,
            })
        })
    })
}

/// Certificate (RFC 5280 §4.1): only the path to subjectPublicKeyInfo.
fn parse_certificate(der: &[u8]) -> Result<Spki<'_>> {
    read_all(der, |r| {
        r.nested(tag::SEQUENCE, |cert| {
            let spki = cert.nested(tag::SEQUENCE, |tbs| {
                // [0] EXPLICIT Version DEFAULT v1.
                tbs.read_optional(tag::context_constructed(0))?;
                // serialNumber is read, not judged: real CAs issue negative ones.
                tbs.read_tlv(tag::INTEGER)?;
                algorithm_identifier(tbs)?;
                tbs.read_tlv(tag::SEQUENCE)?; // issuer
                tbs.read_tlv(tag::SEQUENCE)?; // validity
                tbs.read_tlv(tag::SEQUENCE)?; // subject
                let spki = spki_in(tbs)?;
                // issuerUniqueID, subjectUniqueID, extensions: skipped, but
                // still well-formed DER.
                while !tbs.at_end() {
                    tbs.read_any()?;
                }
                Ok(spki)
            })?;
            algorithm_identifier(cert)?;
            cert.bit_string()?;
            Ok(spki)
        })
    })
}

// ---------------------------------------------------------------------------
// Converters: from here on, errors are about the key.

/// The JWK `crv` for a namedCurve OID (RFC 5480 §2.1.1.1).
fn curve_from_oid(oid: &[u8]) -> Result<Curve> {
    match oid {
        oid::P256 => Ok(Curve::P256),
        oid::P384 => Ok(Curve::P384),
        // secp256k1, brainpool, P-521, ...
        _ => Err(KeyRejected::UnsupportedCurve.into()),
    }
}

pub(super) fn curve_oid(curve: Curve) -> Result<&'static [u8]> {
    match curve {
        Curve::P256 => Ok(oid::P256),
        Curve::P384 => Ok(oid::P384),
        Curve::Ed25519 => Err(KeyRejected::UnsupportedCurve.into()),
    }
}

/// The curve named by id-ecPublicKey's parameters (RFC 5480 §2.1.1).
fn ec_curve_param(params: Option<(u8, &[u8])>) -> Result<Curve> {
    match params {
        Some((tag::OID, named)) => curve_from_oid(named),
        // specifiedCurve and implicitCurve: refused, as RFC 5480 §2.1.1 says.
        Some((tag::SEQUENCE | tag::NULL, _)) => Err(KeyRejected::UnsupportedCurve.into()),
        _ => fail("ec algorithm identifier needs a named curve"),
    }
}

/// RFC 3279 §2.3.1: rsaEncryption parameters "SHALL be the ASN.1 type NULL".
fn rsa_params(params: Option<(u8, &[u8])>) -> Result<()> {
    match params {
        Some((tag::NULL, [])) => Ok(()),
        _ => fail("rsaEncryption parameters must be NULL"),
    }
}

/// RFC 8410 §3: "the parameters MUST be absent".
fn ed25519_params(params: Option<(u8, &[u8])>) -> Result<()> {
    match params {
        None => Ok(()),
        Some(_) => fail("ed25519 algorithm identifier must have no parameters"),
    }
}

/// Refuses algorithm OIDs jot does not implement, with the error a caller
/// can act on.
fn unsupported<T>() -> Result<T> {
    // DSA, X25519, X448, Ed448, RSASSA-PSS-only keys, GOST, SM2, ...
    Err(KeyRejected::UnsupportedKeyType.into())
}

fn checked(jwk: Jwk) -> Result<Jwk> {
    jwk.check()?;
    Ok(jwk)
}

fn rsa_jwk(n: &[u8], e: &[u8]) -> Jwk {
    Jwk {
        kty: "RSA".into(),
        n: Some(b64::encode(n)),
        e: Some(b64::encode(e)),
        ..Jwk::default()
    }
}

/// Splits an uncompressed point (SEC 1 §2.3.3: `04 || x || y`) into
/// fixed-length coordinates.
fn ec_coordinates(curve: Curve, point: &[u8]) -> Result<(&[u8], &[u8])> {
    let len = curve.coordinate_len();
    match point.split_first() {
        Some((0x04, xy)) if Some(xy.len()) == len.checked_mul(2) => Ok(xy.split_at(len)),
        Some((0x02 | 0x03, _)) => fail("compressed ec points are not supported"),
        _ => fail("ec point must be uncompressed and of the curve's length"),
    }
}

fn ec_jwk(curve: Curve, point: &[u8]) -> Result<Jwk> {
    let (x, y) = ec_coordinates(curve, point)?;
    Ok(Jwk {
        kty: "EC".into(),
        crv: Some(curve.name().into()),
        x: Some(b64::encode(x)),
        y: Some(b64::encode(y)),
        ..Jwk::default()
    })
}

fn ed25519_jwk(x: &[u8]) -> Jwk {
    Jwk {
        kty: "OKP".into(),
        crv: Some("Ed25519".into()),
        x: Some(b64::encode(x)),
        ..Jwk::default()
    }
}

fn from_spki(spki: Spki<'_>) -> Result<Jwk> {
    let Spki { alg, key } = spki;
    let jwk = match alg.oid {
        oid::RSA_ENCRYPTION => {
            rsa_params(alg.params)?;
            from_rsa_public_fields(parse_rsa_public(key)?)
        }
        oid::EC_PUBLIC_KEY => ec_jwk(ec_curve_param(alg.params)?, key)?,
        oid::ED25519 => {
            ed25519_params(alg.params)?;
            if key.len() != 32 {
                return fail("ed25519 public key must be 32 bytes");
            }
            ed25519_jwk(key)
        }
        _ => return unsupported(),
    };
    checked(jwk)
}

fn from_rsa_public_fields(rsa: RsaPublic<'_>) -> Jwk {
    rsa_jwk(rsa.n, rsa.e)
}

fn from_rsa_public(rsa: RsaPublic<'_>) -> Result<Jwk> {
    checked(from_rsa_public_fields(rsa))
}

fn from_rsa_private(rsa: RsaPrivate<'_>) -> Result<Jwk> {
    if rsa.multi_prime {
        return fail("multi-prime rsa private keys are not supported");
    }
    let mut jwk = rsa_jwk(rsa.n, rsa.e);
    jwk.d = Some(b64::encode(rsa.d));
    jwk.p = Some(b64::encode(rsa.p));
    jwk.q = Some(b64::encode(rsa.q));
    jwk.dp = Some(b64::encode(rsa.dp));
    jwk.dq = Some(b64::encode(rsa.dq));
    jwk.qi = Some(b64::encode(rsa.qi));
    // The JWK rules (`Jwk::check`) include ring's consistency check of the
    // private members (p·q = n, the CRT values), after the size rules, so a
    // 1024-bit key is `TooSmall`, not "inconsistent".
    checked(jwk)
}

fn from_pkcs8(pkcs8: Pkcs8<'_>) -> Result<Jwk> {
    let Pkcs8 {
        alg,
        private_key,
        public_key,
    } = pkcs8;
    match alg.oid {
        oid::RSA_ENCRYPTION => {
            rsa_params(alg.params)?;
            if public_key.is_some() {
                return fail("pkcs#8 rsa key must not repeat its public key");
            }
            from_rsa_private(parse_rsa_private(private_key)?)
        }
        oid::EC_PUBLIC_KEY => {
            let curve = ec_curve_param(alg.params)?;
            let mut sec1 = parse_sec1(private_key)?;
            // A v2 key may carry the point outside ECPrivateKey too; two copies
            // must be one point, or which one is "the key" would be ambiguous.
            match (sec1.public_key, public_key) {
                (Some(inner), Some(outer)) if inner != outer => {
                    return fail("pkcs#8 ec public keys inside and outside ECPrivateKey differ");
                }
                (None, outer) => sec1.public_key = outer,
                _ => {}
            }
            from_sec1(sec1, Some(curve))
        }
        oid::ED25519 => {
            ed25519_params(alg.params)?;
            // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING, inside privateKey.
            let seed = read_all(private_key, |r| r.read_tlv(tag::OCTET_STRING))?;
            from_ed25519_seed(seed, public_key)
        }
        _ => unsupported(),
    }
}

fn from_ed25519_seed(seed: &[u8], public_key: Option<&[u8]>) -> Result<Jwk> {
    if seed.len() != 32 {
        return fail("ed25519 private key must be a 32-byte seed");
    }
    let pair = signature::Ed25519KeyPair::from_seed_unchecked(seed)
        .map_err(|_| KeyRejected::InvalidEncoding("ed25519 private key must be a 32-byte seed"))?;
    let x = pair.public_key().as_ref();
    if public_key.is_some_and(|given| given != x) {
        return fail("pkcs#8 ed25519 public key does not match the private key");
    }
    let mut jwk = ed25519_jwk(x);
    jwk.d = Some(b64::encode(seed));
    checked(jwk)
}

/// Converts an ECPrivateKey, whose curve may come from `outer` (the PKCS#8
/// AlgorithmIdentifier), its own `[0] parameters`, or both if they agree.
fn from_sec1(sec1: Sec1<'_>, outer: Option<Curve>) -> Result<Jwk> {
    let inner = match sec1.curve {
        None => None,
        Some(Ok(named)) => Some(curve_from_oid(named)?),
        Some(Err(reason)) => return Err(reason.into()),
    };
    let curve = match (outer, inner) {
        (Some(a), Some(b)) if a != b => {
            return fail("ec curve in pkcs#8 and in ECPrivateKey differ")
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return fail("ec private key does not name its curve"),
    };
    let Some(point) = sec1.public_key else {
        // Deriving the point needs scalar multiplication, which ring does not expose.
        return fail(
            "ec private key without its public key is not supported (ring cannot derive it)",
        );
    };
    let len = curve.coordinate_len();
    // RFC 5915 §3 asks for a fixed-length octet string; some encoders drop
    // leading zeros, so shorter scalars are padded and longer ones refused.
    let Some(pad) = len.checked_sub(sec1.d.len()) else {
        return fail("ec private key is longer than the curve order");
    };
    let mut d = vec![0; pad];
    d.extend_from_slice(sec1.d);
    let mut jwk = ec_jwk(curve, point)?;
    jwk.d = Some(b64::encode(&d));
    // `Jwk::check` also has ring check that d·G is the given point.
    checked(jwk)
}

#[cfg(test)]
mod tests;
