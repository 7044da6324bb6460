//! Validating and decrypting a compact JWE (RFC 7516 §5.2).
//!
//! The steps run in the order below, and the first failure wins. Nothing
//! is decrypted before the header, the allow-lists and the key have been
//! checked, and no plaintext is returned unless the tag verifies.

use crate::b64;
use crate::error::{Error, KeyRejected, Malformed, Part, Result};
use crate::jws::DEFAULT_MAX_TOKEN_LEN;

use super::aead::{self, IV_LEN, TAG_LEN};
use super::alg::{Enc, KeyAlg};
use super::compact::{split, Compact};
use super::ecdh::{agree, concat_kdf, Curve};
use super::header::{check_crit, Header};
use super::key::{DecryptionKey, EphemeralDecryptionKey};

/// A decrypted JWE: the protected header and the plaintext, both
/// authenticated by the tag.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decrypted {
    /// The JWE Protected Header.
    pub header: Header,
    /// The plaintext.
    pub plaintext: Vec<u8>,
}

/// Decrypts a compact JWE with a `dir` key, the caller's allow-lists being
/// required (RFC 8725 §3.1 applied to JWE).
///
/// The steps, in order (RFC 7516 §5.2):
/// 1. the size limit ([`crate::jws::DEFAULT_MAX_TOKEN_LEN`]), before any decoding;
/// 2. exactly five segments (§7.1), found without allocating;
/// 3. the protected header: strict base64url, UTF-8, one JSON object without
///    duplicate members; `zip` refused; `alg` and `enc` required strings
///    naming algorithms jot implements;
/// 4. `crit` well formed and understood (jot understands no extension);
/// 5. `alg` in `algorithms`, then `enc` in `encodings`;
/// 6. `alg` and `enc` are the key's;
/// 7. the encrypted key is empty (RFC 7518 §4.5, §4.6);
/// 8. the IV is 96 bits and the tag 128 bits (RFC 7518 §5.3);
/// 9. the content encryption key (the `dir` key, or ECDH-ES agreement with
///    `epk` and the Concat KDF);
/// 10. AES-GCM opens the ciphertext with the ASCII of the received encoded
///     header as AAD (§5.2 step 15).
///
/// # Errors
///
/// [`Error::Malformed`], [`Error::UnsupportedAlgorithm`] (an unimplemented
/// `alg` or `enc`, any `zip`, or an `alg`/`enc` outside the allow-lists:
/// the message then says "not in the allow-list"), [`Error::CritInvalid`],
/// [`Error::CritNotUnderstood`], [`Error::KeyRejected`] (the key does not
/// fit, or `epk` is unusable), and [`Error::DecryptionFailed`] when the
/// authentication tag does not verify.
///
/// # Examples
///
/// RFC 7520 §5.6 (`dir` with A128GCM):
///
/// ```
/// use jot::jwe::{self, DecryptionKey, Enc, KeyAlg};
/// let jwk = jot::Jwk::from_json(r#"{"kty":"oct","kid":"77c7e2b8-6e13-45cf-8672-617b5b45243a","use":"enc","alg":"A128GCM","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#)?;
/// let key = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A128GCM)?;
/// let token = "eyJhbGciOiJkaXIiLCJraWQiOiI3N2M3ZTJiOC02ZTEzLTQ1Y2YtODY3Mi02MTdiNWI0NTI0M2EiLCJlbmMiOiJBMTI4R0NNIn0..refa467QzzKx6QAB.JW_i_f52hww_ELQPGaYyeAB6HYGcR559l9TYnSovc23XJoBcW29rHP8yZOZG7YhLpT1bjFuvZPjQS-m0IFtVcXkZXdH_lr_FrdYt9HRUYkshtrMmIUAyGmUnd9zMDB2n0cRDIHAzFVeJUDxkUwVAE7_YGRPdcqMyiBoCO-FBdE-Nceb4h3-FtBP-c_BIwCPTjb9o0SbdcdREEMJMyZBH8ySWMVi1gPD9yxi-aQpGbSv_F9N4IZAxscj5g-NJsUPbjk29-s7LJAGb15wEBtXphVCgyy53CoIKLHHeJHXex45Uz9aKZSRSInZI-wjsY0yu3cT4_aQ3i1o-tiE-F8Ios61EKgyIQ4CWao8PFMj8TTnp.vbb32Xvllea2OtmHAdccRQ";
/// let opened = jwe::decrypt(token, &key, &[KeyAlg::Dir], &[Enc::A128GCM])?;
/// assert!(opened.plaintext.starts_with(b"You can trust us"));
/// assert!(jwe::decrypt(token, &key, &[KeyAlg::Dir], &[Enc::A256GCM]).is_err());
/// # Ok::<(), jot::Error>(())
/// ```
pub fn decrypt(
    token: &str,
    key: &DecryptionKey,
    algorithms: &[KeyAlg],
    encodings: &[Enc],
) -> Result<Decrypted> {
    decrypt_with_limit(token, key, algorithms, encodings, DEFAULT_MAX_TOKEN_LEN)
}

/// [`decrypt`] with a caller-chosen size limit in bytes.
///
/// # Errors
///
/// As [`decrypt`].
pub fn decrypt_with_limit(
    token: &str,
    key: &DecryptionKey,
    algorithms: &[KeyAlg],
    encodings: &[Enc],
    max_len: usize,
) -> Result<Decrypted> {
    let (parts, header) = prepare(token, max_len, algorithms, encodings)?;
    fits(&header, key.alg(), key.enc())?;
    let cek = key.cek.clone();
    open(&parts, header, &cek)
}

/// Decrypts a compact `ECDH-ES` JWE with a single-use recipient key, which
/// the call consumes whatever the outcome (ring's agreement takes the
/// private key by value). The steps are those of [`decrypt`]; step 9 reads
/// `epk`, which must be a public key on the recipient's curve, and ring
/// refuses a point off the curve, the identity, or an X25519 point of small
/// order. `apu` and `apv` (absent = empty) go into the Concat KDF.
///
/// # Errors
///
/// As [`decrypt`]; [`Error::Malformed`] for a missing, private or
/// ill-typed `epk`; [`Error::KeyRejected`] for an `epk` on another curve
/// (`WrongAlgorithm`), badly encoded, or refused by ring (`Weak`).
///
/// # Examples
///
/// See [`EphemeralDecryptionKey`].
pub fn decrypt_ephemeral(
    token: &str,
    key: EphemeralDecryptionKey,
    algorithms: &[KeyAlg],
    encodings: &[Enc],
) -> Result<Decrypted> {
    let (parts, header) = prepare(token, DEFAULT_MAX_TOKEN_LEN, algorithms, encodings)?;
    fits(&header, KeyAlg::EcdhEs, key.enc())?;
    let epk = header.epk.as_ref().ok_or(Malformed::Member {
        part: Part::Header,
        name: "epk",
        rule: "is required for ECDH-ES (RFC 7518 §4.6.1.1)",
    })?;
    if epk.is_private() {
        return Err(Malformed::Member {
            part: Part::Header,
            name: "epk",
            rule: "must be a public key (RFC 7518 §4.6.1.1)",
        }
        .into());
    }
    let curve = key.curve();
    if Curve::of(epk)? != curve {
        return Err(KeyRejected::WrongAlgorithm.into());
    }
    let point = curve.point(epk)?;
    let apu = header.apu.clone().unwrap_or_default();
    let apv = header.apv.clone().unwrap_or_default();
    let enc = header.enc;
    let cek = agree(curve, key.private, &point, |z| {
        concat_kdf(z, enc.name(), &apu, &apv, enc.key_len())
    })??;
    open(&parts, header, &cek)
}

/// Steps 1-5, 7, 8: everything that needs no key.
fn prepare<'t>(
    token: &'t str,
    max_len: usize,
    algorithms: &[KeyAlg],
    encodings: &[Enc],
) -> Result<(Compact<'t>, Header)> {
    // 1, 2.
    let parts = split(token, max_len)?;
    // 3.
    let header_json = b64::decode(parts.header, Part::Header)?;
    let header = Header::from_json(&header_json)?;
    // 4.
    check_crit(&header, &[])?;
    // 5.
    if !algorithms.contains(&header.alg) {
        return Err(not_allowed(header.alg.name()));
    }
    if !encodings.contains(&header.enc) {
        return Err(not_allowed(header.enc.name()));
    }
    // 7.
    if !parts.encrypted_key.is_empty() {
        return Err(Malformed::Member {
            part: Part::Token,
            name: "encrypted_key",
            rule: "must be empty for dir and ECDH-ES (RFC 7518 §4.5, §4.6)",
        }
        .into());
    }
    Ok((parts, header))
}

/// Step 6.
fn fits(header: &Header, alg: KeyAlg, enc: Enc) -> Result<()> {
    if header.alg == alg && header.enc == enc {
        Ok(())
    } else {
        Err(KeyRejected::WrongAlgorithm.into())
    }
}

/// Steps 8 and 10.
fn open(parts: &Compact<'_>, header: Header, cek: &[u8]) -> Result<Decrypted> {
    let mut iv = [0u8; IV_LEN];
    let iv_len = b64::decode_to_slice(parts.iv, Part::Token, &mut iv)?.len();
    if iv_len != IV_LEN {
        return Err(segment("iv", "must be 96 bits (RFC 7518 §5.3)"));
    }
    let mut tag = [0u8; TAG_LEN];
    let tag_len = b64::decode_to_slice(parts.tag, Part::Signature, &mut tag)?.len();
    if tag_len != TAG_LEN {
        return Err(segment("tag", "must be 128 bits (RFC 7518 §5.3)"));
    }
    let mut sealed = b64::decode(parts.ciphertext, Part::Payload)?;
    sealed.extend_from_slice(&tag);
    // §5.2 step 15: the AAD is the header exactly as received.
    let plaintext = aead::open(header.enc, cek, iv, parts.header.as_bytes(), sealed)?;
    Ok(Decrypted { header, plaintext })
}

fn segment(name: &'static str, rule: &'static str) -> Error {
    Malformed::Member {
        part: Part::Token,
        name,
        rule,
    }
    .into()
}

/// An `alg` or `enc` jot supports but the caller did not allow (RFC 8725 §3.1).
fn not_allowed(name: &'static str) -> Error {
    Error::JweAlgorithmNotAllowed(name)
}
