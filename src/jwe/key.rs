//! JWE keys, bound to one key management algorithm and one content
//! encryption algorithm when they are made, like the JWS keys.
//!
//! JWE keys are read from the [`Jwk`] members directly here, so a key built
//! in code is checked the same as one parsed with [`Jwk::from_json`] (which
//! accepts X25519 keys, RFC 8037 §2, but binds them to no signature algorithm).
//!
//! | key | `dir` | `ECDH-ES` |
//! |---|---|---|
//! | [`EncryptionKey`] | `oct`, exactly the `enc` key length | public `EC` P-256/P-384 or `OKP` X25519 |
//! | [`DecryptionKey`] | the same `oct` key | not possible with ring 0.17 (below) |
//! | [`EphemeralDecryptionKey`] | - | generated, used for one token |
//!
//! ring agrees only with ephemeral private keys, which it generates and
//! never imports, and which are consumed by one agreement. So a stored
//! ECDH-ES private key (`d`) cannot be used, and an ECDH-ES recipient key is
//! one [`EphemeralDecryptionKey`] per expected message (the pattern of a
//! client that sends a fresh key with each request and gets one encrypted
//! reply).

use core::fmt;

use ring::agreement::EphemeralPrivateKey;

use crate::b64;
use crate::error::{Error, KeyRejected, Part, Result};
use crate::jwk::Jwk;

use super::alg::{Enc, KeyAlg};
use super::ecdh::Curve;

/// A key to encrypt to: a shared `dir` key or a recipient's ECDH-ES public key.
///
/// # Examples
///
/// ```
/// use jot::jwe::{Enc, EncryptionKey, KeyAlg};
/// let jwk = jot::Jwk::from_json(r#"{"kty":"oct","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#)?;
/// let key = EncryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A128GCM)?;
/// assert!(EncryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A256GCM).is_err()); // 16 bytes, not 32
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Clone)]
pub struct EncryptionKey {
    alg: KeyAlg,
    enc: Enc,
    kid: Option<String>,
    pub(crate) recipient: Recipient,
}

#[derive(Clone)]
pub(crate) enum Recipient {
    /// The content encryption key itself.
    Dir(Vec<u8>),
    /// The recipient's public point, in ring's encoding.
    Agreement { curve: Curve, point: Vec<u8> },
}

impl EncryptionKey {
    /// Binds a JWK to `alg` and `enc` (RFC 7518 §4.5, §4.6, §6; RFC 8037 §2).
    ///
    /// - `dir`: `kty: oct`, `k` exactly [`Enc::key_len`] bytes.
    /// - `ECDH-ES`: a *public* `EC` key on P-256 or P-384, or `OKP` on X25519;
    ///   coordinates exactly their full size, and the point valid.
    ///
    /// In both cases the JWK's own `alg`, if present, must be the key
    /// management algorithm (for `dir` the `enc` name is also accepted, as in
    /// RFC 7520 §5.6), `use` must be `enc` and `key_ops`, if present, must
    /// allow `encrypt` (`deriveKey` for ECDH-ES).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] naming the rule the key breaks.
    pub fn from_jwk(jwk: &Jwk, alg: KeyAlg, enc: Enc) -> Result<EncryptionKey> {
        check_alg_and_use(jwk, alg, enc, &["encrypt", "deriveKey"])?;
        let recipient = match alg {
            KeyAlg::Dir => Recipient::Dir(dir_secret(jwk, enc)?),
            KeyAlg::EcdhEs => {
                let curve = Curve::of(jwk)?;
                if jwk.is_private() {
                    return Err(KeyRejected::PrivateKeyNotAllowed.into());
                }
                let point = curve.point(jwk)?;
                curve.check_point(&point)?;
                Recipient::Agreement { curve, point }
            }
        };
        Ok(EncryptionKey {
            alg,
            enc,
            kid: jwk.kid.clone(),
            recipient,
        })
    }

    /// A `dir` key from raw bytes, which must be exactly [`Enc::key_len`] long.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] with `WrongAlgorithm` for any other length.
    pub fn dir(enc: Enc, secret: &[u8]) -> Result<EncryptionKey> {
        Ok(EncryptionKey {
            alg: KeyAlg::Dir,
            enc,
            kid: None,
            recipient: Recipient::Dir(exact_len(secret, enc)?),
        })
    }

    /// The key management algorithm this key is bound to.
    pub fn alg(&self) -> KeyAlg {
        self.alg
    }

    /// The content encryption algorithm this key is bound to.
    pub fn enc(&self) -> Enc {
        self.enc
    }

    /// The key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Sets the `kid` that [`super::Header::for_key`] copies.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> EncryptionKey {
        self.kid = Some(kid.into());
        self
    }
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptionKey")
            .field("alg", &self.alg)
            .field("enc", &self.enc)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A reusable key to decrypt with: the shared `dir` key.
///
/// # Examples
///
/// ```
/// use jot::jwe::{DecryptionKey, Enc, KeyAlg};
/// let key = DecryptionKey::dir(Enc::A256GCM, &[7; 32])?;
/// assert_eq!(key.alg(), KeyAlg::Dir);
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Clone)]
pub struct DecryptionKey {
    enc: Enc,
    kid: Option<String>,
    pub(crate) cek: Vec<u8>,
}

impl DecryptionKey {
    /// Binds a JWK to `alg` and `enc`, with the rules of
    /// [`EncryptionKey::from_jwk`] (`key_ops` must allow `decrypt`).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] naming the rule the key breaks;
    /// [`Error::UnsupportedAlgorithm`] for `ECDH-ES`, since ring cannot
    /// agree with a stored private key: use [`EphemeralDecryptionKey`].
    pub fn from_jwk(jwk: &Jwk, alg: KeyAlg, enc: Enc) -> Result<DecryptionKey> {
        check_alg_and_use(jwk, alg, enc, &["decrypt"])?;
        match alg {
            KeyAlg::Dir => Ok(DecryptionKey {
                enc,
                kid: jwk.kid.clone(),
                cek: dir_secret(jwk, enc)?,
            }),
            KeyAlg::EcdhEs => Err(Error::UnsupportedAlgorithm(
                "ECDH-ES (stored private key)".into(),
            )),
        }
    }

    /// A `dir` key from raw bytes, which must be exactly [`Enc::key_len`] long.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] with `WrongAlgorithm` for any other length.
    pub fn dir(enc: Enc, secret: &[u8]) -> Result<DecryptionKey> {
        Ok(DecryptionKey {
            enc,
            kid: None,
            cek: exact_len(secret, enc)?,
        })
    }

    /// The key management algorithm this key is bound to (`dir`).
    pub fn alg(&self) -> KeyAlg {
        KeyAlg::Dir
    }

    /// The content encryption algorithm this key is bound to.
    pub fn enc(&self) -> Enc {
        self.enc
    }

    /// The key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
}

impl fmt::Debug for DecryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptionKey")
            .field("alg", &KeyAlg::Dir)
            .field("enc", &self.enc)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A single-use ECDH-ES recipient key: generated by ring, its public half
/// handed to the sender as a JWK, its private half consumed by the one
/// [`super::decrypt_ephemeral`] call it is given to (see the module docs
/// for why ring allows no other kind).
///
/// # Examples
///
/// ```
/// use jot::jwe::{self, Curve, Enc, EncryptionKey, EphemeralDecryptionKey, Header, KeyAlg};
/// let recipient = EphemeralDecryptionKey::generate(Curve::X25519, Enc::A256GCM)?;
/// let sender = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, Enc::A256GCM)?;
/// let token = jwe::encrypt(&Header::for_key(&sender), b"hi", &sender)?;
/// let opened = jwe::decrypt_ephemeral(&token, recipient, &[KeyAlg::EcdhEs], &[Enc::A256GCM])?;
/// assert_eq!(opened.plaintext, b"hi");
/// # Ok::<(), jot::Error>(())
/// ```
pub struct EphemeralDecryptionKey {
    enc: Enc,
    curve: Curve,
    pub(crate) private: EphemeralPrivateKey,
    public: Jwk,
}

impl EphemeralDecryptionKey {
    /// Generates a key pair on `curve`, bound to `ECDH-ES` and `enc`.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] if the system random generator fails.
    pub fn generate(curve: Curve, enc: Enc) -> Result<EphemeralDecryptionKey> {
        let (private, point) = curve.generate()?;
        let mut public = curve.public_jwk(&point)?;
        public.use_ = Some("enc".into());
        public.alg = Some(KeyAlg::EcdhEs.name().into());
        Ok(EphemeralDecryptionKey {
            enc,
            curve,
            private,
            public,
        })
    }

    /// The public JWK to give to the sender (`use: enc`, `alg: ECDH-ES`).
    pub fn public_jwk(&self) -> &Jwk {
        &self.public
    }

    /// The curve of this key.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The content encryption algorithm this key is bound to.
    pub fn enc(&self) -> Enc {
        self.enc
    }
}

impl fmt::Debug for EphemeralDecryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EphemeralDecryptionKey")
            .field("alg", &KeyAlg::EcdhEs)
            .field("enc", &self.enc)
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

/// The JWK's own `alg`, `use` and `key_ops` (RFC 7517 §4.2-4.4).
fn check_alg_and_use(jwk: &Jwk, alg: KeyAlg, enc: Enc, ops: &[&str]) -> Result<()> {
    if let Some(own) = jwk.alg.as_deref() {
        let fits = own == alg.name() || (alg == KeyAlg::Dir && own == enc.name());
        if !fits {
            return Err(KeyRejected::WrongAlgorithm.into());
        }
    }
    if jwk.use_.as_deref().is_some_and(|u| u != "enc") {
        return Err(KeyRejected::WrongUse.into());
    }
    if let Some(key_ops) = &jwk.key_ops {
        if !key_ops.iter().any(|op| ops.contains(&op.as_str())) {
            return Err(KeyRejected::WrongUse.into());
        }
    }
    Ok(())
}

/// Generates a random `dir` key for `enc` with ring: an `oct` JWK of
/// exactly [`Enc::key_len`] bytes, `use: "enc"` and the `enc` name as its
/// `alg` (as in RFC 7520 §5.6), so the key says what it is for. No `kid` is
/// set; its thumbprint is a good one.
///
/// # Errors
///
/// [`Error::KeyRejected`] if ring's random source fails.
///
/// # Examples
///
/// ```
/// use jot::jwe::{self, DecryptionKey, Enc, EncryptionKey, Header, KeyAlg};
/// let jwk = jwe::generate_dir_key(Enc::A256GCM)?;
/// assert_eq!(jwk.alg.as_deref(), Some("A256GCM"));
/// let sealer = EncryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A256GCM)?;
/// let token = jwe::encrypt(&Header::for_key(&sealer), b"hi", &sealer)?;
/// let opener = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, Enc::A256GCM)?;
/// assert_eq!(jwe::decrypt(&token, &opener, &[KeyAlg::Dir], &[Enc::A256GCM])?.plaintext, b"hi");
/// # Ok::<(), jot::Error>(())
/// ```
pub fn generate_dir_key(enc: Enc) -> Result<Jwk> {
    let mut k = vec![0u8; enc.key_len()];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut k)
        .map_err(|_| KeyRejected::InvalidEncoding("random source failed"))?;
    Ok(Jwk {
        kty: "oct".into(),
        use_: Some("enc".into()),
        alg: Some(enc.name().into()),
        k: Some(b64::encode(&k)),
        ..Jwk::default()
    })
}

/// The `k` of an `oct` JWK, exactly as long as the `enc` key (RFC 7518 §4.5).
fn dir_secret(jwk: &Jwk, enc: Enc) -> Result<Vec<u8>> {
    if jwk.kty != "oct" {
        return Err(KeyRejected::WrongAlgorithm.into());
    }
    let k = jwk
        .k
        .as_deref()
        .ok_or(KeyRejected::InvalidEncoding("oct key needs k"))?;
    let secret = b64::decode(k, Part::Key)
        .map_err(|_| KeyRejected::InvalidEncoding("k is not base64url"))?;
    exact_len(&secret, enc)
}

fn exact_len(secret: &[u8], enc: Enc) -> Result<Vec<u8>> {
    if secret.len() == enc.key_len() {
        Ok(secret.to_vec())
    } else {
        Err(KeyRejected::WrongAlgorithm.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwk(json: &str) -> Jwk {
        serde_json::from_str(json).unwrap_or_default()
    }

    #[test]
    fn dir_key_must_be_exactly_the_enc_length() {
        let k16 = jwk(r#"{"kty":"oct","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
        assert!(DecryptionKey::from_jwk(&k16, KeyAlg::Dir, Enc::A128GCM).is_ok());
        assert_eq!(
            DecryptionKey::from_jwk(&k16, KeyAlg::Dir, Enc::A256GCM).err(),
            Some(KeyRejected::WrongAlgorithm.into())
        );
        assert!(EncryptionKey::dir(Enc::A128GCM, &[0; 17]).is_err());
        assert!(DecryptionKey::dir(Enc::A256GCM, &[0; 16]).is_err());
    }

    #[test]
    fn jwk_alg_use_and_key_ops_are_honoured() {
        let sig = jwk(r#"{"kty":"oct","use":"sig","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
        assert_eq!(
            DecryptionKey::from_jwk(&sig, KeyAlg::Dir, Enc::A128GCM).err(),
            Some(KeyRejected::WrongUse.into())
        );
        let other = jwk(r#"{"kty":"oct","alg":"A128KW","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
        assert_eq!(
            DecryptionKey::from_jwk(&other, KeyAlg::Dir, Enc::A128GCM).err(),
            Some(KeyRejected::WrongAlgorithm.into())
        );
        let enc_only = jwk(r#"{"kty":"oct","key_ops":["encrypt"],"k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
        assert!(EncryptionKey::from_jwk(&enc_only, KeyAlg::Dir, Enc::A128GCM).is_ok());
        assert_eq!(
            DecryptionKey::from_jwk(&enc_only, KeyAlg::Dir, Enc::A128GCM).err(),
            Some(KeyRejected::WrongUse.into())
        );
    }

    #[test]
    fn ecdh_es_needs_a_public_key_on_a_supported_curve() {
        let ed = jwk(
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        );
        assert_eq!(
            EncryptionKey::from_jwk(&ed, KeyAlg::EcdhEs, Enc::A128GCM).err(),
            Some(KeyRejected::UnsupportedCurve.into())
        );
        let oct = jwk(r#"{"kty":"oct","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#);
        assert_eq!(
            EncryptionKey::from_jwk(&oct, KeyAlg::EcdhEs, Enc::A128GCM).err(),
            Some(KeyRejected::UnsupportedKeyType.into())
        );
        let private = jwk(
            r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps","d":"0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}"#,
        );
        assert_eq!(
            EncryptionKey::from_jwk(&private, KeyAlg::EcdhEs, Enc::A128GCM).err(),
            Some(KeyRejected::PrivateKeyNotAllowed.into())
        );
        assert!(matches!(
            DecryptionKey::from_jwk(&private, KeyAlg::EcdhEs, Enc::A128GCM),
            Err(Error::UnsupportedAlgorithm(_))
        ));
        let mut public = private.clone();
        public.d = None;
        assert!(EncryptionKey::from_jwk(&public, KeyAlg::EcdhEs, Enc::A128GCM).is_ok());
        // Off the curve: y of another point.
        public.y = Some("e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck".into());
        assert!(matches!(
            EncryptionKey::from_jwk(&public, KeyAlg::EcdhEs, Enc::A128GCM),
            Err(Error::KeyRejected(KeyRejected::Weak(_)))
        ));
        // X25519 point of small order.
        let zero = jwk(
            r#"{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
        );
        assert!(matches!(
            EncryptionKey::from_jwk(&zero, KeyAlg::EcdhEs, Enc::A128GCM),
            Err(Error::KeyRejected(KeyRejected::Weak(_)))
        ));
    }

    #[test]
    fn debug_has_no_key_material() {
        let key = DecryptionKey::dir(Enc::A128GCM, &[0xab; 16]).ok();
        let shown = format!("{key:?}");
        assert!(shown.contains("A128GCM") && !shown.contains("171"));
    }
}
