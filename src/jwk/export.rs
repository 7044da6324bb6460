//! Keys out to PEM, the inverse of `import.rs`: a public key as SPKI
//! (RFC 5280 §4.1.2.7, RFC 7468 §13) and a private key as unencrypted PKCS#8
//! (RFC 5208 §5, RFC 7468 §10).

use crate::error::{KeyRejected, Result};

use super::curve::uncompressed_point;
use super::der::{oid, write};
use super::import::{curve_oid, PRIVATE_KEY, PUBLIC_KEY};
use super::pem;
use super::{Jwk, Material};

impl Jwk {
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

/// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): the AlgorithmIdentifier's
/// members, then the key as a BIT STRING.
pub(super) fn spki(alg: &[&[u8]], key: &[u8]) -> Vec<u8> {
    write::sequence(&[&write::sequence(alg), &write::bit_string(key)])
}

/// RSAPublicKey (RFC 8017 App. A.1.1).
fn rsa_public_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    write::sequence(&[&write::unsigned_integer(n), &write::unsigned_integer(e)])
}
