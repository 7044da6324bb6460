//! Tests for `jwk::import` and `jwk::export`: each shape, each converter's
//! refusals, and the PEM round trips.

use super::*;
use crate::jwk::curve::uncompressed_point;
use crate::jwk::der::write;
use crate::jwk::export::spki;
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
    let doc =
        signature::EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng);
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
        invalid("ec private key without its public key is not supported (ring cannot derive it)")
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
