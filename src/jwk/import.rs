//! Keys from PEM and DER: SPKI (RFC 5280 §4.1), PKCS#1 (RFC 8017 App. A.1),
//! PKCS#8 (RFC 5208, RFC 5958), SEC1 (RFC 5915), X.509 certificates
//! (RFC 5280 §4.1), with the algorithm identifiers of RFC 3279, RFC 5480 and
//! RFC 8410; and export of a public key as SPKI PEM.
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

use super::curve::uncompressed_point;
use super::der::{self, oid, read_all, tag, write, Reader};
use super::pem;
use super::{Jwk, Material};

fn fail<T>(why: &'static str) -> Result<T> {
    Err(KeyRejected::InvalidEncoding(why).into())
}

/// PEM labels jot imports (RFC 7468 §§ 5, 7, 10, 11, 13; RFC 5915 §4).
const CERTIFICATE: &str = "CERTIFICATE";
const PUBLIC_KEY: &str = "PUBLIC KEY";
const PRIVATE_KEY: &str = "PRIVATE KEY";
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

    /// Exports the public part of an RSA, EC or Ed25519 key as an SPKI
    /// `PUBLIC KEY` PEM block (RFC 5280 §4.1, RFC 7468 §13; RFC 3279 §2.3.1,
    /// RFC 5480 §2, RFC 8410 §4).
    ///
    /// RSA keys use rsaEncryption with NULL parameters, EC keys the named
    /// curve and the uncompressed point, Ed25519 keys the raw 32 bytes.
    /// Private members, if present, are left out.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`](crate::Error::KeyRejected): `UnsupportedKeyType`
    /// for an `oct` key, which has no public part, or whatever
    /// [`Jwk::check`] finds wrong with the key.
    ///
    /// # Examples
    ///
    /// ```
    /// // The RFC 8410 §10.3 example private key.
    /// let private = jot::Jwk::from_pem("-----BEGIN PRIVATE KEY-----
    /// MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
    /// -----END PRIVATE KEY-----")?;
    /// let pem = private.to_public_pem()?;
    /// assert_eq!(pem, "-----BEGIN PUBLIC KEY-----
    /// MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
    /// -----END PUBLIC KEY-----
    /// ");
    /// assert_eq!(jot::Jwk::from_pem(&pem)?, private.to_public()?);
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn to_public_pem(&self) -> Result<String> {
        let spki = match Material::from_jwk(self)? {
            Material::Oct { .. } => return Err(KeyRejected::UnsupportedKeyType.into()),
            Material::Rsa { n, e, .. } => spki(
                &[&write::oid(oid::RSA_ENCRYPTION), &write::null()],
                &rsa_public_key(&n, &e),
            ),
            Material::Ec { curve, x, y, .. } => spki(
                &[
                    &write::oid(oid::EC_PUBLIC_KEY),
                    &write::oid(curve_oid(curve)?),
                ],
                &uncompressed_point(&x, &y),
            ),
            Material::Okp { x, .. } => spki(&[&write::oid(oid::ED25519)], &x),
        };
        Ok(pem::encode(PUBLIC_KEY, &spki))
    }

    /// Exports a private RSA, EC or Ed25519 key as an unencrypted PKCS#8
    /// `PRIVATE KEY` PEM block (RFC 5208 §5, RFC 7468 §10; RFC 8017 App. A.1.2,
    /// RFC 5915 §3, RFC 8410 §7).
    ///
    /// The result holds the secret key in clear text: store it as carefully
    /// as the JWK itself.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`](crate::Error::KeyRejected): `PublicKeyCannotSign`
    /// for a public key, `UnsupportedKeyType` for an `oct` key, or whatever
    /// [`Jwk::check`] finds wrong with the key.
    ///
    /// # Examples
    ///
    /// ```
    /// let pem = "-----BEGIN PRIVATE KEY-----
    /// MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
    /// -----END PRIVATE KEY-----
    /// ";
    /// let jwk = jot::Jwk::from_pem(pem)?;
    /// assert_eq!(jwk.to_pkcs8_pem()?, pem);
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn to_pkcs8_pem(&self) -> Result<String> {
        let (alg, private_key) = match Material::from_jwk(self)? {
            Material::Oct { .. } => return Err(KeyRejected::UnsupportedKeyType.into()),
            Material::Rsa { private: None, .. }
            | Material::Ec { d: None, .. }
            | Material::Okp { d: None, .. } => return Err(KeyRejected::PublicKeyCannotSign.into()),
            Material::Rsa {
                n,
                e,
                private: Some(k),
            } => {
                let ints: Vec<Vec<u8>> = [&[][..], &n, &e, &k.d, &k.p, &k.q, &k.dp, &k.dq, &k.qi]
                    .iter()
                    .map(|i| write::unsigned_integer(i))
                    .collect();
                let refs: Vec<&[u8]> = ints.iter().map(Vec::as_slice).collect();
                let alg = write::sequence(&[&write::oid(oid::RSA_ENCRYPTION), &write::null()]);
                (alg, write::sequence(&refs))
            }
            Material::Ec {
                curve,
                x,
                y,
                d: Some(d),
                ..
            } => {
                let alg = write::sequence(&[
                    &write::oid(oid::EC_PUBLIC_KEY),
                    &write::oid(curve_oid(curve)?),
                ]);
                // RFC 5915 §3: the curve is in the PKCS#8 AlgorithmIdentifier,
                // so the inner [0] parameters are left out.
                let inner = write::sequence(&[
                    &write::unsigned_integer(&[1]),
                    &write::octet_string(&d),
                    &write::explicit(1, &write::bit_string(&uncompressed_point(&x, &y))),
                ]);
                (alg, inner)
            }
            Material::Okp { d: Some(d), .. } => {
                // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING, itself wrapped.
                (
                    write::sequence(&[&write::oid(oid::ED25519)]),
                    write::octet_string(&d),
                )
            }
        };
        let pkcs8 = write::sequence(&[
            &write::unsigned_integer(&[]),
            &alg,
            &write::octet_string(&private_key),
        ]);
        Ok(pem::encode(PRIVATE_KEY, &pkcs8))
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

fn curve_oid(curve: Curve) -> Result<&'static [u8]> {
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

// ---------------------------------------------------------------------------
// Export.

fn spki(alg: &[&[u8]], key: &[u8]) -> Vec<u8> {
    write::sequence(&[&write::sequence(alg), &write::bit_string(key)])
}

fn rsa_public_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    write::sequence(&[&write::unsigned_integer(n), &write::unsigned_integer(e)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn invalid(why: &'static str) -> Result<Jwk> {
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(why)))
    }

    const ED25519_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    fn ed25519_spki(alg: &[&[u8]]) -> Vec<u8> {
        let x = b64::decode(ED25519_X, crate::Part::Key).unwrap_or_default();
        spki(alg, &x)
    }

    #[test]
    fn ed25519_spki_round_trips() {
        let der = ed25519_spki(&[&write::oid(oid::ED25519)]);
        let jwk = Jwk::from_der(&der);
        assert_eq!(
            jwk.as_ref().ok().and_then(|j| j.x.as_deref()),
            Some(ED25519_X)
        );
        let pem = jwk.and_then(|j| j.to_public_pem());
        assert_eq!(pem.ok(), Some(pem::encode(PUBLIC_KEY, &der)));
    }

    #[test]
    fn ed25519_params_must_be_absent() {
        let der = ed25519_spki(&[&write::oid(oid::ED25519), &write::null()]);
        assert_eq!(
            Jwk::from_der(&der),
            invalid("ed25519 algorithm identifier must have no parameters")
        );
    }

    #[test]
    fn unknown_algorithms_are_unsupported() {
        // X25519, 1.3.101.110.
        let der = ed25519_spki(&[&write::oid(&[0x2b, 0x65, 0x6e])]);
        assert_eq!(
            Jwk::from_der(&der),
            Err(KeyRejected::UnsupportedKeyType.into())
        );
    }

    #[test]
    fn explicit_ec_parameters_are_unsupported() {
        let der = ed25519_spki(&[&write::oid(oid::EC_PUBLIC_KEY), &write::sequence(&[])]);
        assert_eq!(
            Jwk::from_der(&der),
            Err(KeyRejected::UnsupportedCurve.into())
        );
    }

    #[test]
    fn compressed_points_are_refused() {
        let mut point = vec![0x02];
        point.extend_from_slice(&[1; 32]);
        let der = spki(
            &[&write::oid(oid::EC_PUBLIC_KEY), &write::oid(oid::P256)],
            &point,
        );
        assert_eq!(
            Jwk::from_der(&der),
            invalid("compressed ec points are not supported")
        );
    }

    #[test]
    fn pkcs8_v1_with_public_key_is_refused() {
        let der = write::sequence(&[
            &write::unsigned_integer(&[]),
            &write::sequence(&[&write::oid(oid::ED25519)]),
            &write::octet_string(&write::octet_string(&[7; 32])),
            &der::write::tlv(tag::context_primitive(1), &[0, 1, 2]),
        ]);
        assert!(parse_pkcs8(&der).is_err());
        assert_eq!(
            Jwk::from_der(&der),
            invalid("der is not spki, pkcs#8, pkcs#1, sec1 or an x.509 certificate")
        );
    }

    #[test]
    fn pkcs8_v2_public_key_must_match() {
        let build = |public: &[u8]| {
            write::sequence(&[
                &write::unsigned_integer(&[1]),
                &write::sequence(&[&write::oid(oid::ED25519)]),
                &write::octet_string(&write::octet_string(&[7; 32])),
                &der::write::tlv(tag::context_primitive(1), &[&[0][..], public].concat()),
            ])
        };
        let right = Jwk::from_der(&build(&[0; 32]));
        assert_eq!(
            right,
            invalid("pkcs#8 ed25519 public key does not match the private key")
        );
        let x = signature::Ed25519KeyPair::from_seed_unchecked(&[7; 32])
            .map(|p| p.public_key().as_ref().to_vec());
        let jwk = Jwk::from_der(&build(&x.unwrap_or_default()));
        assert!(jwk.is_ok_and(|j| j.is_private()));
    }

    /// A P-256 PKCS#8 v2 key with the point inside ECPrivateKey, outside it, or both.
    fn p256_pkcs8_v2(d: &[u8], inner: Option<&[u8]>, outer: &[u8]) -> Vec<u8> {
        let mut ec = vec![write::unsigned_integer(&[1]), write::octet_string(d)];
        if let Some(point) = inner {
            ec.push(write::explicit(1, &write::bit_string(point)));
        }
        let ec: Vec<&[u8]> = ec.iter().map(Vec::as_slice).collect();
        write::sequence(&[
            &write::unsigned_integer(&[1]),
            &write::sequence(&[&write::oid(oid::EC_PUBLIC_KEY), &write::oid(oid::P256)]),
            &write::octet_string(&write::sequence(&ec)),
            &der::write::tlv(tag::context_primitive(1), &[&[0][..], outer].concat()),
        ])
    }

    fn member(value: Option<&str>) -> Vec<u8> {
        value
            .and_then(|v| b64::decode(v, crate::Part::Key).ok())
            .unwrap_or_default()
    }

    #[test]
    fn pkcs8_v2_ec_public_key_may_be_outside_but_must_agree() {
        let rng = ring::rand::SystemRandom::new();
        let doc = signature::EcdsaKeyPair::generate_pkcs8(
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &rng,
        );
        let jwk = doc
            .map_err(|_| ())
            .and_then(|doc| Jwk::from_der(doc.as_ref()).map_err(|_| ()));
        assert!(jwk.is_ok(), "ring's own pkcs#8 must import");
        let Ok(jwk) = jwk else { return };
        let d = member(jwk.d.as_deref());
        let point = uncompressed_point(&member(jwk.x.as_deref()), &member(jwk.y.as_deref()));
        assert_eq!(
            Jwk::from_der(&p256_pkcs8_v2(&d, None, &point)).as_ref(),
            Ok(&jwk)
        );
        assert_eq!(
            Jwk::from_der(&p256_pkcs8_v2(&d, Some(&point), &point)).as_ref(),
            Ok(&jwk)
        );
        let mut other = point.clone();
        if let Some(b) = other.last_mut() {
            *b ^= 1;
        }
        assert_eq!(
            Jwk::from_der(&p256_pkcs8_v2(&d, Some(&point), &other)),
            invalid("pkcs#8 ec public keys inside and outside ECPrivateKey differ")
        );
    }

    #[test]
    fn sec1_without_public_key_is_refused() {
        let der = write::sequence(&[
            &write::unsigned_integer(&[1]),
            &write::octet_string(&[1; 32]),
            &write::explicit(0, &write::oid(oid::P256)),
        ]);
        assert_eq!(
            Jwk::from_der(&der),
            invalid(
                "ec private key without its public key is not supported (ring cannot derive it)"
            )
        );
    }

    #[test]
    fn pem_without_key_blocks_is_refused() {
        let text = pem::encode("EC PARAMETERS", &write::oid(oid::P256));
        assert_eq!(
            Jwk::from_pem(&text),
            invalid("pem holds no block with a key jot can import")
        );
        let text = pem::encode("ENCRYPTED PRIVATE KEY", &[0x30, 0x00]);
        assert_eq!(
            Jwk::from_pem(&text),
            invalid("encrypted private keys are not supported")
        );
    }

    #[test]
    fn oct_keys_have_no_pem() {
        let jwk = Jwk {
            kty: "oct".into(),
            k: Some("AAAA".into()),
            ..Jwk::default()
        };
        assert_eq!(
            jwk.to_public_pem(),
            Err(KeyRejected::UnsupportedKeyType.into())
        );
        assert_eq!(
            jwk.to_pkcs8_pem(),
            Err(KeyRejected::UnsupportedKeyType.into())
        );
    }

    #[test]
    fn from_der_bounds_input() {
        let huge = vec![0; pem::MAX_PEM + 1];
        assert_eq!(
            Jwk::from_der(&huge),
            invalid("der input is larger than 1 MiB")
        );
    }
}
