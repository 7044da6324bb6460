//! The guide: why jot does what it does, and its defaults. (Documentation only.)
//!
//! How-tos, each a page of its own:
//!
//! - [`openid`]: verify the tokens of an OpenID provider with its JWK Set;
//! - [`secrets`]: use a plain secret string (HS256) safely;
//! - [`migrating`]: coming from the `jsonwebtoken` crate, the mapping and
//!   every default that differs.
//!
//! # Defaults (RFC 8725)
//!
//! | what | default | why |
//! |---|---|---|
//! | accepted algorithms | none: the caller lists them | RFC 8725 §3.1; golang-jwt's optional `WithValidMethods` is the footgun |
//! | `alg: none` | impossible to accept | RFC 8725 §3.1; there is no `Algorithm` variant for it |
//! | key binding | one key, one algorithm, checked at construction | RFC 8725 §3.1; stops HS/RS key confusion (CVE-2015-9235) |
//! | HMAC key size | at least the hash output (32/48/64 bytes) | RFC 7518 §3.2 MUST |
//! | RSA key size | 2048 to 8192 bits, odd `e` ≥ 3, no ROCA modulus | RFC 7518 §3.3, CVE-2017-15361 |
//! | token size | 64 KiB, checked before decoding | RFC 8725 §2.6 |
//! | JSON | strict: one object, no duplicate members, depth ≤ 32, strict UTF-8 | RFC 7515 §5.2, RFC 8725 §3.7 |
//! | `crit` | every listed extension must be understood; compact `jws::verify` and `jwt::verify` understand none | RFC 7515 §4.1.11 |
//! | `b64: false` | understood only by `jws::verify_detached`, `jws::verify_unencoded` and `jws::json`, and only when listed in `crit`; never by `jws::verify` or `jwt::verify` | RFC 7797 §6, RFC 8725 §3.11 |
//! | `jwk`, `jku`, `x5u`, `x5c` headers | never used | RFC 8725 §3.10 |
//! | `exp` | required | RFC 8725 §3 (as `jsonwebtoken` does) |
//! | `nbf` | checked whenever present | RFC 7519 §4.1.5 (`jsonwebtoken` skips it by default) |
//! | leeway | 0 seconds, at most 300 | `exp == now` is expired; skew is opted into |
//! | `iss`, `aud`, `sub` configured | the claim is required and must match exactly | RFC 8725 §3.8, §3.9 |
//! | `aud` present, none expected | rejected | RFC 7519 §4.1.3 |
//! | JWE algorithms | none: `jwe::decrypt` takes `alg` and `enc` allow-lists | RFC 8725 §3.1 applied to JWE |
//! | `zip` | refused, on JWS and JWE | RFC 8725 §3.6: a DEFLATE bomb costs nothing to send |
//! | JWE given to a verifier | refused (`SegmentCount`): verifiers never decrypt | encryption does not prove who issued a token |
//! | nested JWT | `cty: "JWT"` required, the inner JWS verified with the caller's keys, one level only | RFC 7519 §5.2, §7.2 step 8 |
//! | ECDH-ES recipient | a single-use ring-generated key; a stored private JWK is `unsupported` | ring 0.17 agrees only with ephemeral keys it made |
//!
//! # Order of checks
//!
//! The first failure wins, and the order never changes:
//!
//! 1. size, segments, header (base64url, UTF-8, JSON, `alg`, member types);
//! 2. `crit`;
//! 3. `alg` in the allow-list;
//! 4. key selection by `kid` and `alg`;
//! 5. the signature, over the exact received bytes;
//! 6. the payload (base64url), then for a JWT: `typ`, claim types, required
//!    claims, `exp`, `nbf`, `iat`, maximum age, `iss`, `aud`, `sub`.
//!
//! Nothing in the payload is looked at before the signature has verified, so
//! an attacker without the key learns nothing from claim errors, and the
//! reject path costs one MAC or signature check.
//!
//! A JWE follows the same shape (RFC 7516 §5.2): size, five segments, strict
//! header, `zip` refused, `crit`, `alg` and `enc` in their allow-lists, the
//! key's fit, the IV and tag lengths, then key agreement (the `epk` checked
//! on the curve by ring) and AES-GCM; no plaintext leaves before the tag has
//! verified. A nested JWT then runs the JWS steps above on the plaintext.
//!
//! # What jot refuses that some peers accept
//!
//! - ECDSA signatures in DER, or not exactly 64/96 bytes (RFC 7518 §3.4).
//! - Base64url with padding, whitespace, `+`/`/`, or non-zero trailing bits.
//! - Duplicate JSON member names anywhere in the header, claims or keys.
//! - A verification key with private members: pass the public part.
//! - A JWK Set that repeats a `kid` or mixes symmetric and asymmetric keys.
//! - A token with no `kid` when several keys in the set fit its algorithm.
//! - A mistyped registered claim (`"exp":"1700000000"`), even if not required.

pub mod openid {
    //! How-to: verify an OpenID provider's tokens with its JWK Set.
    //!
    //! An OpenID provider (Google, Entra ID, Auth0, Keycloak, ...) signs its
    //! ID tokens and access tokens with private keys and publishes the public
    //! keys as a JWK Set. Its discovery document,
    //! `ISSUER/.well-known/openid-configuration`, names both things a
    //! verifier needs: `issuer` (compared exactly, trailing `/` included)
    //! and `jwks_uri`. `id_token_signing_alg_values_supported` lists its
    //! algorithms (usually `RS256`).
    //!
    //! 1. Fetch the JWK Set from `jwks_uri` and read it with
    //!    [`JwkSet::from_json`](crate::JwkSet::from_json). Each key is
    //!    checked (RSA size, curve, `use`/`key_ops`); a set that repeats a
    //!    `kid`, mixes secret and public keys, or holds a private key is
    //!    refused, and keys of a type jot does not implement are kept as data
    //!    but never used.
    //! 2. Build one [`Validation`](crate::jwt::Validation) with the algorithms
    //!    you accept (never the token's own `alg`, RFC 8725 §3.1), the
    //!    provider's `issuer`, and your audience: the client ID for an ID
    //!    token, the API identifier for an access token. Add
    //!    [`typ("at+jwt")`](crate::jwt::Validation::typ) for RFC 9068 access
    //!    tokens, so that an ID token cannot be replayed as one.
    //! 3. Pass the set itself to [`jwt::verify`](crate::jwt::verify): the
    //!    token's `kid` picks the key, and the key must fit the token's `alg`.
    //!
    //! ```
    //! use jot::jwt::{self, Claims, Validation};
    //! use jot::{Algorithm, JwkSet};
    //! # use jot::{jws::Header, Jwk, SigningKey};
    //! # // The provider's side, so the example runs: a key, its published set, a token.
    //! # let mut provider = Jwk::generate(Algorithm::ES256)?;
    //! # provider.kid = Some(provider.thumbprint()?);
    //! # let signer = SigningKey::from_jwk(&provider, Algorithm::ES256)?;
    //! # let jwks_json = JwkSet::public_of(&[provider])?.to_json();
    //! # assert!(jwks_json.contains(r#""kid""#) && !jwks_json.contains(r#""d""#));
    //! # let id_token = jwt::encode(&Header::jwt(&signer), &Claims::new(serde_json::Map::new())
    //! #     .with_issuer("https://accounts.example.com").with_audience("my-client-id")
    //! #     .with_subject("10769150350006150715113082367").expires_in(3600).issued_now(), &signer)?;
    //!
    //! // `jwks_json` is the body of GET jwks_uri; keep the set and refresh it
    //! // when the provider rotates (a token with an unknown `kid`).
    //! let keys = JwkSet::from_json(&jwks_json)?;
    //! let validation = Validation::new(&[Algorithm::RS256, Algorithm::ES256])
    //!     .issuer("https://accounts.example.com")
    //!     .audience("my-client-id")
    //!     .leeway(30); // the provider's clock is not yours
    //!
    //! let verified: jwt::Token<Claims> = jwt::verify(&id_token, &keys, &validation)?;
    //! assert_eq!(verified.claims.sub.as_deref(), Some("10769150350006150715113082367"));
    //!
    //! // A token the provider issued for another client is refused.
    //! let other_client = Validation::new(&[Algorithm::ES256])
    //!     .issuer("https://accounts.example.com")
    //!     .audience("another-client");
    //! assert_eq!(jwt::verify::<Claims>(&id_token, &keys, &other_client).unwrap_err(),
    //!     jot::Error::InvalidAudience);
    //! # Ok::<(), jot::Error>(())
    //! ```
    //!
    //! ## In a server: jot-axum's remote JWK Set
    //!
    //! Fetching, caching and refreshing is what the `jot-axum` crate's
    //! `RemoteJwks` does (`axum/src/remote.rs`; jot itself does no I/O). It
    //! refreshes the set on an interval in the background, refetches at most
    //! once per `min_refresh_interval` when a token names an unknown `kid`
    //! (so a flood of made-up `kid`s is not a flood of fetches), caps the
    //! document's size and key count, and keeps the last good set when the
    //! provider fails or serves a bad set. `JwtLayer` then verifies every
    //! request with it. This code is not compiled here (jot does not depend
    //! on jot-axum); the same calls are the doctests of `jot_axum::RemoteJwks`:
    //!
    //! ```ignore
    //! use std::time::Duration;
    //! use jot::{jwt::{Claims, Validation}, Algorithm};
    //! use jot_axum::{JwtClaims, JwtLayer, RemoteJwks, RemoteOptions};
    //!
    //! async fn me(JwtClaims(claims): JwtClaims<Claims>) -> String {
    //!     claims.sub.unwrap_or_default()
    //! }
    //!
    //! let remote = RemoteJwks::http(
    //!     "http://jwks.internal/certs".parse()?,
    //!     RemoteOptions::default()
    //!         .refresh_interval(Duration::from_secs(600))
    //!         .min_refresh_interval(Duration::from_secs(30)),
    //! );
    //! remote.refresh().await?; // fail at start-up, not on the first request
    //! let validation = Validation::new(&[Algorithm::RS256])
    //!     .issuer("https://accounts.example.com")
    //!     .audience("my-api");
    //! let app: axum::Router = axum::Router::new()
    //!     .route("/me", axum::routing::get(me))
    //!     .layer(JwtLayer::<Claims>::new(remote, validation));
    //! ```
    //!
    //! `RemoteJwks::http` (over `HttpJwksFetcher::new`) speaks plain `http`
    //! only: a loopback proxy or a mesh that terminates TLS. For the
    //! provider's `https://` URI, build the fetcher with
    //! `HttpJwksFetcher::with_connector` and a TLS connector of your choice
    //! (such as `hyper_rustls::HttpsConnector`), and pass it to
    //! `RemoteJwks::new(fetcher, options)`: jot-axum leaves the TLS stack to you.
    //!
    //! ## What not to do
    //!
    //! - Do not follow a token's `jku`, `x5u`, `jwk` or `x5c` header to find
    //!   its key: the attacker chooses them (RFC 8725 §3.10). jot never does.
    //! - Do not accept the algorithms of the set's keys blindly: the
    //!   allow-list is yours, and `none` is never in it.
    //! - Do not skip the audience: without it, any token the provider issued
    //!   to any client of it verifies (RFC 8725 §3.9). jot refuses a token
    //!   with an `aud` when no audience is configured.
}

pub mod secrets {
    //! How-to: use a plain secret string (HS256) safely.
    //!
    //! With an HMAC algorithm the issuer and the verifier share one secret,
    //! and the secret's bytes are the key. Four rules:
    //!
    //! 1. **Long enough.** RFC 7518 §3.2: a key at least as long as the hash,
    //!    32 bytes for HS256, 48 for HS384, 64 for HS512. jot refuses
    //!    shorter keys when signing and when verifying
    //!    ([`Error::KeyRejected`](crate::Error::KeyRejected)), so jwt.io's
    //!    example secret `your-256-bit-secret` (19 bytes) does not work.
    //! 2. **Random.** Length is not strength: a sentence of 32 letters is
    //!    guessable offline from a single token. Generate the secret:
    //!    `jot keygen --alg HS256` prints a JWK with 32 random bytes in
    //!    `k`, and `openssl rand -base64 48` prints 64 characters you can use
    //!    as they are (as bytes, not decoded: choose one convention and keep
    //!    it on both sides).
    //! 3. **Outside the code.** Read it from the environment or a file at
    //!    start-up, never from source control, and never log it. jot's keys
    //!    print no key material in `Debug`, and no error contains it.
    //! 4. **One secret, one purpose.** Whoever can verify can also issue. When
    //!    several services only verify, give them a public key instead
    //!    (`EdDSA` or `ES256` with a [`JwkSet`](crate::JwkSet)).
    //!
    //! ```
    //! use jot::jwt::{self, Claims, Validation};
    //! use jot::{jws::Header, Algorithm, SigningKey, VerifyingKey};
    //!
    //! // In production: std::env::var("JWT_SECRET"), checked at start-up.
    //! let secret = "Q2hhbmdlIG1lOiAzMiByYW5kb20gYnl0ZXMsIG5vdCBhIHdvcmQu";
    //! let signer = SigningKey::hmac(Algorithm::HS256, secret.as_bytes())?;
    //! let verifier = VerifyingKey::hmac(Algorithm::HS256, secret.as_bytes())?;
    //!
    //! let token = jwt::encode(&Header::jwt(&signer),
    //!     &Claims::new(serde_json::Map::new()).with_subject("alice").expires_in(600), &signer)?;
    //! let verified: jwt::Token<Claims> =
    //!     jwt::verify(&token, &verifier, &Validation::new(&[Algorithm::HS256]))?;
    //! assert_eq!(verified.claims.sub.as_deref(), Some("alice"));
    //!
    //! // A short secret is refused, with the reason (RFC 7518 §3.2).
    //! let short = SigningKey::hmac(Algorithm::HS256, b"your-256-bit-secret").unwrap_err();
    //! assert_eq!(short.kind(), "key");
    //! assert!(VerifyingKey::hmac(Algorithm::HS512, &[7u8; 32]).is_err()); // HS512 needs 64
    //! # Ok::<(), jot::Error>(())
    //! ```
    //!
    //! ## Rotating a secret
    //!
    //! Give each secret a `kid` and verify with a [`JwkSet`](crate::JwkSet)
    //! of `oct` keys: sign with the new one, keep the old one in the set
    //! until the last token it signed has expired. A `k` member is the
    //! base64url of the secret's bytes ([`b64::encode`](crate::b64::encode)).
    //!
    //! ```
    //! use jot::jwt::{self, Claims, Validation};
    //! use jot::{b64, jws::Header, Algorithm, Jwk, JwkSet, SigningKey};
    //!
    //! let oct = |kid: &str, secret: &[u8]| Jwk {
    //!     kty: "oct".into(),
    //!     kid: Some(kid.into()),
    //!     alg: Some("HS256".into()),
    //!     k: Some(b64::encode(secret)),
    //!     ..Jwk::default()
    //! };
    //! let old = oct("2025-11", b"the old secret: 32 random bytes!");
    //! let new = oct("2025-12", b"the new secret: 32 random bytes!");
    //! let keys = JwkSet::new(vec![old.clone(), new.clone()])?;
    //!
    //! let validation = Validation::new(&[Algorithm::HS256]);
    //! for jwk in [&old, &new] {
    //!     let signer = SigningKey::from_jwk(jwk, Algorithm::HS256)?;
    //!     let token = jwt::encode(&Header::jwt(&signer), &Claims::new(serde_json::Map::new()).expires_in(60), &signer)?;
    //!     let verified: jwt::Token<Claims> = jwt::verify(&token, &keys, &validation)?;
    //!     assert_eq!(verified.header.kid, jwk.kid);
    //! }
    //! # Ok::<(), jot::Error>(())
    //! ```
}

pub mod migrating {
    //! Migrating from `jsonwebtoken`.
    //!
    //! jot's JWT API has the same shape as the `jsonwebtoken` crate's
    //! (`encode`, `decode` with a `Validation`), with keys bound to one
    //! algorithm when they are made and stricter defaults. Every row below
    //! and every difference after it is a test in
    //! `interop/tests/migrating.rs`, which runs `jsonwebtoken` 9.3 and jot
    //! on the same tokens (`cargo test -p jot-interop --test migrating`).
    //!
    //! ## Side by side
    //!
    //! | jsonwebtoken 9 | jot |
    //! |---|---|
    //! | `encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(s))` | [`jwt::encode`](crate::jwt::encode)`(&Header::jwt(&key), &claims, &key)` with `key = SigningKey::hmac(Algorithm::HS256, s)?` |
    //! | `decode::<C>(token, &DecodingKey, &Validation)` → `TokenData { header, claims }` | [`jwt::verify`](crate::jwt::verify)`::<C>(token, &keys, &Validation)` → [`Token`](crate::jwt::Token)` { header, claims }`; `keys` is a [`VerifyingKey`](crate::VerifyingKey) or a [`JwkSet`](crate::JwkSet) |
    //! | your claims struct (`Serialize`/`Deserialize`) | the same struct, or [`Claims<C>`](crate::jwt::Claims) with typed `exp`, `aud`, ... and your fields in `custom` |
    //! | `Validation::new(Algorithm::RS256)`, `validation.algorithms = vec![..]` | [`Validation::new`](crate::jwt::Validation::new)`(&[Algorithm::RS256, ..])` |
    //! | `validation.leeway = 60` | [`.leeway(60)`](crate::jwt::Validation::leeway) (capped at 300) |
    //! | `validation.set_issuer(&["a"])` | [`.issuer("a")`](crate::jwt::Validation::issuer) |
    //! | `validation.set_audience(&["api"])` | [`.audience("api")`](crate::jwt::Validation::audience) |
    //! | `validation.sub = Some("u".into())` | [`.subject("u")`](crate::jwt::Validation::subject) |
    //! | `validation.set_required_spec_claims(&["exp", "iss"])` | `exp` is always required; [`.require("iss")`](crate::jwt::Validation::require) for more |
    //! | `validation.required_spec_claims.clear()` | [`.allow_missing_exp()`](crate::jwt::Validation::allow_missing_exp) |
    //! | `validation.validate_nbf = true` | always on |
    //! | `validation.validate_exp = false` | none: a present `exp` is always checked |
    //! | `validation.validate_aud = false` | [`.ignore_audience()`](crate::jwt::Validation::ignore_audience) (dangerous, RFC 8725 §3.9) |
    //! | `validation.insecure_disable_signature_validation()` | [`jwt::decode_unverified`](crate::jwt::decode_unverified) (no claim checked either; debugging only) |
    //! | `decode_header(token)` | `jwt::decode_unverified(token)?.header` (nothing verified) |
    //! | `EncodingKey::from_secret(s)` / `DecodingKey::from_secret(s)` | [`SigningKey::hmac`](crate::SigningKey::hmac)`(alg, s)?` / [`VerifyingKey::hmac`](crate::VerifyingKey::hmac)`(alg, s)?` |
    //! | `EncodingKey::from_rsa_pem`, `from_ec_pem`, `from_ed_pem` | [`SigningKey::from_pem`](crate::SigningKey::from_pem)`(pem, alg)?` (PKCS#8, PKCS#1, SEC1) |
    //! | `DecodingKey::from_rsa_pem`, `from_ec_pem`, `from_ed_pem` | [`VerifyingKey::from_pem`](crate::VerifyingKey::from_pem)`(pem, alg)?` (SPKI, PKCS#1, X.509) |
    //! | `DecodingKey::from_jwk(&jwk)` | [`VerifyingKey::from_jwk`](crate::VerifyingKey::from_jwk)`(&jwk, alg)?`, or the whole [`JwkSet`](crate::JwkSet) as `keys` |
    //! | `DecodingKey::from_base64_secret(s)` | decode `s` yourself; a JWK's `k` is base64url, not base64 |
    //! | `ErrorKind::InvalidSignature` | [`Error::InvalidSignature`](crate::Error::InvalidSignature) |
    //! | `ErrorKind::InvalidAlgorithm` | [`Error::AlgorithmNotAllowed`](crate::Error::AlgorithmNotAllowed)`(alg)` (or `KeyRejected` when the key does not fit) |
    //! | `ErrorKind::ExpiredSignature`, `ImmatureSignature` | [`Error::Expired`](crate::Error::Expired), [`Error::NotYetValid`](crate::Error::NotYetValid) |
    //! | `ErrorKind::InvalidIssuer`, `InvalidAudience`, `InvalidSubject` | [`Error::InvalidIssuer`](crate::Error::InvalidIssuer), [`Error::InvalidAudience`](crate::Error::InvalidAudience), [`Error::InvalidSubject`](crate::Error::InvalidSubject) |
    //! | `ErrorKind::MissingRequiredClaim(name)` | [`Error::MissingClaim`](crate::Error::MissingClaim) |
    //! | `ErrorKind::InvalidToken`, `Base64`, `Json`, `Utf8` | [`Error::Malformed`](crate::Error::Malformed), whose detail names the segment and step |
    //! | `ErrorKind::InvalidKeyFormat`, `InvalidRsaKey`, `InvalidEcdsaKey` | [`Error::KeyRejected`](crate::Error::KeyRejected), with the reason |
    //! | `err.kind()` (an `ErrorKind` to match) | `match err { .. }` on [`Error`](crate::Error), or [`err.kind()`](crate::Error::kind), a stable string (`"expired"`, `"audience"`, ...) |
    //!
    //! ```
    //! use jot::jwt::{self, Validation};
    //! use jot::{jws::Header, Algorithm, SigningKey, VerifyingKey};
    //! use serde::{Deserialize, Serialize};
    //!
    //! // The claims struct of the jsonwebtoken README, unchanged.
    //! #[derive(Debug, Serialize, Deserialize)]
    //! struct MyClaims { sub: String, company: String, exp: u64 }
    //!
    //! let secret = b"a secret of 32 bytes for HS256!!";
    //! let my_claims = MyClaims { sub: "b@b.com".into(), company: "ACME".into(), exp: 4_102_444_800 };
    //!
    //! // encode(&Header::default(), &my_claims, &EncodingKey::from_secret(secret))
    //! let key = SigningKey::hmac(Algorithm::HS256, secret)?;
    //! let token = jwt::encode(&Header::jwt(&key), &my_claims, &key)?;
    //!
    //! // decode::<MyClaims>(&token, &DecodingKey::from_secret(secret), &Validation::default())
    //! let key = VerifyingKey::hmac(Algorithm::HS256, secret)?;
    //! let data = jwt::verify::<MyClaims>(&token, &key, &Validation::new(&[Algorithm::HS256]))?;
    //! assert_eq!(data.claims.company, "ACME");
    //! # Ok::<(), jot::Error>(())
    //! ```
    //!
    //! ## What behaves differently
    //!
    //! Each item names its test in `interop/tests/migrating.rs`.
    //!
    //! - **Leeway** (`differs_leeway_default`): `jsonwebtoken` allows 60
    //!   seconds by default, so a token that expired 30 s ago passes; jot
    //!   allows 0 and says [`Expired`](crate::Error::Expired). Opt in with
    //!   [`.leeway(60)`](crate::jwt::Validation::leeway); more than 300 is
    //!   clamped to 300 (skew, not a longer lifetime).
    //! - **`exp == now`** (`differs_exp_equal_to_now`): expired in jot ("on or
    //!   after", RFC 7519 §4.1.4); `jsonwebtoken` accepts it even with a
    //!   leeway of 0.
    //! - **`nbf`** (`differs_nbf`): `jsonwebtoken` ignores it unless
    //!   `validate_nbf = true`; jot always checks a present `nbf`
    //!   ([`NotYetValid`](crate::Error::NotYetValid)).
    //! - **`aud`, `iss`, `sub` configured** (`differs_aud_and_iss_required_when_configured`):
    //!   `jsonwebtoken` checks them only when the token has them, so a token
    //!   without `aud` passes `set_audience(&["api"])`; jot then requires the
    //!   claim ([`MissingClaim`](crate::Error::MissingClaim)). With no audience
    //!   configured, both refuse a token that has an `aud` (RFC 7519 §4.1.3).
    //! - **Required `exp`** (`differs_required_exp`): both require it by
    //!   default. A mistyped one (`"exp":"1000000000"`) reads as missing in
    //!   `jsonwebtoken`, and passes once `exp` is not required; in jot it is
    //!   [`Malformed`](crate::Error::Malformed) whatever is required.
    //! - **Short keys** (`differs_short_keys`): `jsonwebtoken` signs and
    //!   verifies with any secret, even an empty one; jot refuses an HMAC key
    //!   shorter than the hash (RFC 7518 §3.2), on both sides: see
    //!   [`secrets`](super::secrets).
    //! - **`crit`** (`differs_crit`): `jsonwebtoken` ignores the header; jot
    //!   refuses an extension it does not understand (RFC 7515 §4.1.11).
    //! - **A private key given to a verifier**: `DecodingKey::from_jwk` drops
    //!   `d` and verifies; jot refuses it, so a leaked configuration is
    //!   noticed (`differs_private_key_to_verifier`).
    //!
    //! The errors differ in shape, not in meaning: where `jsonwebtoken` has
    //! one `ErrorKind` per failure, jot has one [`Error`](crate::Error)
    //! variant per category with a detail enum, and every message names the
    //! rule it enforces.
}
