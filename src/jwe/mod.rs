//! JSON Web Encryption (RFC 7516), Compact Serialization, with what `ring`
//! implements: `dir` and direct `ECDH-ES` key agreement (RFC 7518 §4.5,
//! §4.6; P-256, P-384, and X25519 from RFC 8037 §3.2), and `A128GCM` /
//! `A256GCM` content encryption (RFC 7518 §5.3).
//!
//! ```text
//!  BASE64URL(header) . (empty) . BASE64URL(iv) . BASE64URL(ciphertext) . BASE64URL(tag)
//!  \_______________/
//!   AAD of AES-GCM (RFC 7516 §5.1 step 14)
//! ```
//!
//! As on the JWS side, keys are bound to one `alg` and one `enc` when they
//! are made, and [`decrypt`] takes the allow-lists of both, with no default.
//! `zip` is refused (RFC 8725 §3.6), `crit` is understood for no extension,
//! and header members are parsed strictly (no duplicates).
//!
//! Not implemented, and refused as [`crate::Error::UnsupportedAlgorithm`]:
//! RSA key encryption (RSA1_5, RSA-OAEP*), AES key wrap (A*KW,
//! ECDH-ES+A*KW, A*GCMKW), PBES2, AES-CBC-HMAC (A*CBC-HS*), A192GCM. The
//! JWE JSON Serialization is refused as [`crate::Malformed::NotCompactJws`]. ring agrees only with ephemeral private
//! keys, so an ECDH-ES recipient key is an [`EphemeralDecryptionKey`] used
//! once; a stored ECDH-ES private JWK cannot decrypt.

mod aead;
mod alg;
mod compact;
mod decrypt;
mod ecdh;
mod encrypt;
mod header;
mod key;

pub use alg::{Enc, KeyAlg};
pub use decrypt::{decrypt, decrypt_ephemeral, decrypt_with_limit, Decrypted};
pub use ecdh::{concat_kdf, Curve};
pub use encrypt::encrypt;
pub use header::Header;
pub use key::{generate_dir_key, DecryptionKey, EncryptionKey, EphemeralDecryptionKey};
