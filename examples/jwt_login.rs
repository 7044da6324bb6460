//! The README's JWT example: issue a token at login, verify it in a handler.
use jot::jwt::{self, Claims, Validation};
use jot::{jws::Header, Algorithm, Jwk, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Session {
    roles: Vec<String>,
}

fn main() -> Result<(), jot::Error> {
    // Once, at start-up: one key, bound to one algorithm.
    let jwk = Jwk::generate(Algorithm::EdDSA)?;
    let signer = SigningKey::from_jwk(&jwk, Algorithm::EdDSA)?.with_kid(jwk.thumbprint()?);
    let verifier = VerifyingKey::from_jwk(&jwk.to_public()?, Algorithm::EdDSA)?;
    let validation = Validation::new(&[Algorithm::EdDSA])
        .issuer("https://auth.example")
        .audience("api");

    // At login: issue a token that expires in 15 minutes.
    let claims = Claims::new(Session {
        roles: vec!["reader".into()],
    })
    .with_issuer("https://auth.example")
    .with_audience("api")
    .with_subject("alice")
    .expires_in(15 * 60);
    let token = jwt::encode(&Header::jwt(&signer), &claims, &signer)?;

    // In a handler: verify the signature, then the claims, into your own type.
    let verified: jwt::Token<Claims<Session>> = jwt::verify(&token, &verifier, &validation)?;
    println!(
        "hi {}! roles: {:?}",
        verified.claims.sub.unwrap_or_default(),
        verified.claims.custom.roles
    );
    Ok(())
}
