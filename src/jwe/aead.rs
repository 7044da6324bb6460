//! Content encryption with AES-GCM (RFC 7518 §5.3; RFC 7516 §5.1 steps
//! 11-15, §5.2 steps 14-16): a 96-bit IV from the system random generator,
//! a 128-bit tag, and the ASCII of the encoded protected header as AAD.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, KeyRejected, Result};

use super::alg::Enc;

/// The IV length: 96 bits (RFC 7518 §5.3).
pub(crate) const IV_LEN: usize = NONCE_LEN;
/// The tag length: 128 bits (RFC 7518 §5.3).
pub(crate) const TAG_LEN: usize = 16;

fn key(enc: Enc, cek: &[u8]) -> Result<LessSafeKey> {
    UnboundKey::new(enc.ring(), cek)
        .map(LessSafeKey::new)
        .map_err(|_| KeyRejected::WrongAlgorithm.into())
}

/// The output of [`seal`].
pub(crate) struct Sealed {
    pub iv: [u8; IV_LEN],
    pub ciphertext: Vec<u8>,
    pub tag: [u8; TAG_LEN],
}

/// Encrypts `plaintext` under `cek` with a fresh random IV.
pub(crate) fn seal(enc: Enc, cek: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Sealed> {
    let key = key(enc, cek)?;
    let mut iv = [0u8; IV_LEN];
    SystemRandom::new()
        .fill(&mut iv)
        .map_err(|_| KeyRejected::InvalidEncoding("random iv generation failed"))?;
    let mut ciphertext = plaintext.to_vec();
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(iv),
            Aad::from(aad),
            &mut ciphertext,
        )
        .map_err(|_| KeyRejected::InvalidEncoding("plaintext too long for aes-gcm"))?;
    let mut tag_bytes = [0u8; TAG_LEN];
    tag_bytes.copy_from_slice(tag.as_ref());
    Ok(Sealed {
        iv,
        ciphertext,
        tag: tag_bytes,
    })
}

/// Decrypts and authenticates `ciphertext || tag` in place and returns the plaintext.
///
/// # Errors
///
/// [`Error::DecryptionFailed`] when the tag does not verify: a wrong key, or
/// a changed header, IV, ciphertext or tag. No detail, as for signatures.
pub(crate) fn open(
    enc: Enc,
    cek: &[u8],
    iv: [u8; IV_LEN],
    aad: &[u8],
    mut ciphertext_and_tag: Vec<u8>,
) -> Result<Vec<u8>> {
    let key = key(enc, cek)?;
    let len = key
        .open_in_place(
            Nonce::assume_unique_for_key(iv),
            Aad::from(aad),
            &mut ciphertext_and_tag,
        )
        .map_err(|_| Error::DecryptionFailed)?
        .len();
    ciphertext_and_tag.truncate(len);
    Ok(ciphertext_and_tag)
}
