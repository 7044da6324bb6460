//! The quickstart: a key for every algorithm jot supports, a token signed
//! with each, verified with the public part, and one tampered token refused.
//!
//! Run it with `cargo run --example quickstart`.

use jot::{jws, Algorithm, Jwk, SigningKey, VerifyingKey};

/// ring cannot generate RSA keys; this one was made with `openssl genrsa 2048`.
const RSA_PEM: &str = include_str!("../tests/data/keys/rsa2048.pkcs8.pem");

fn main() -> Result<(), jot::Error> {
    println!("jot quickstart: one key per algorithm, sign, verify, tamper\n");
    for alg in Algorithm::ALL {
        let private = match alg.key_type() {
            "RSA" => Jwk::from_pem(RSA_PEM)?,
            _ => Jwk::generate(alg)?,
        };
        let signer = SigningKey::from_jwk(&private, alg)?;
        // A verifier holds the public key only (the shared secret, for HMAC).
        let public = if private.is_symmetric() {
            private.clone()
        } else {
            private.to_public()?
        };
        let verifier = VerifyingKey::from_jwk(&public, alg)?;

        let header = jws::Header::new(alg)
            .with_typ("JWT")
            .with_kid(public.thumbprint()?);
        let token = jws::sign(&header, br#"{"sub":"alice","admin":false}"#, &signer)?;
        let verified = jws::verify(&token, &verifier, &[alg])?;

        // Change one character of the payload: the signature no longer matches.
        let tampered = token.replacen(
            ".eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZX0.",
            ".eyJzdWIiOiJhbGljZSIsImFkbWluIjp0cnVlfQ.",
            1,
        );
        let refused = jws::verify(&tampered, &verifier, &[alg]).err();

        println!(
            "{:<8} {:<4} token {:>4} bytes  verified payload {:?}  tampered: {}",
            alg.name(),
            public.kty,
            token.len(),
            String::from_utf8_lossy(&verified.payload),
            refused.map_or("ACCEPTED (bug)".to_string(), |e| e.to_string()),
        );
    }
    Ok(())
}
