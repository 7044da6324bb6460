//! The differential target of `jwt::verify`'s fast path: the borrowed header
//! read and the one strict pass over the claims against today's two passes
//! (`jwt::verify_reference`). Same verdict, same error, same trace; and
//! `jwt::verify_claims` gives the same claims or error.

use jot::jwt::{self, Claims, Validation};
use jot::{b64, jws, Algorithm, KeySource};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A typed claims set with a registered claim typed as the caller likes
/// (`exp` as an integer) and an enum, the shapes a caller's `C` takes.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct Typed {
    pub sub: Option<String>,
    pub exp: u64,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub level: Option<Level>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
pub enum Level {
    Low,
    High { by: String },
}

/// The validations a token is checked against, by selector.
pub fn one_pass_validation(selector: u8) -> Validation {
    let base = Validation::new(&[Algorithm::HS256, Algorithm::HS384]).now(super::NOW);
    match selector % 4 {
        0 => super::validation(),
        1 => base.require("scope").leeway(30).typ("JWT"),
        2 => base
            .allow_missing_exp()
            .ignore_audience()
            .subject("fuzz")
            .max_age(600),
        _ => base
            .issuer(super::ISSUER)
            .audience(super::AUDIENCE)
            .require("jti"),
    }
}

/// Asserts that the fast path and the reference agree on `token`, for `C`.
pub fn agree<C: DeserializeOwned + PartialEq + std::fmt::Debug>(
    token: &str,
    keys: &impl KeySource,
    v: &Validation,
) {
    let (fast, fast_steps) = jwt::verify_traced::<C>(token, keys, v);
    let (reference, reference_steps) = jwt::verify_reference::<C>(token, keys, v);
    assert_eq!(fast, reference, "fast path and reference disagree");
    assert_eq!(fast_steps, reference_steps, "the traces differ");
    assert_eq!(
        jwt::verify_claims::<C>(token, keys, v).as_ref(),
        reference.as_ref().map(|t| &t.claims),
        "verify_claims differs"
    );
    assert_eq!(
        jwt::verify::<C>(token, keys, v),
        reference,
        "untraced differs"
    );
}

/// `jwt::verify` against `jwt::verify_reference`. Input: a selector byte
/// (validation and claims type), a header length, the header JSON, then the
/// claims JSON; both are signed with the HS256 fixture key, so every input
/// reaches the claims. With the selector's high bit set, the rest is a
/// token as is.
pub fn jwt_verify_one_pass(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let f = super::fixtures();
    let v = one_pass_validation(selector);
    let token = if selector & 0x80 != 0 {
        match std::str::from_utf8(rest) {
            Ok(t) => t.to_owned(),
            Err(_) => return,
        }
    } else {
        let Some((&len, rest)) = rest.split_first() else {
            return;
        };
        let (header, claims) = rest.split_at(usize::from(len).min(rest.len()));
        let key = f.signing.iter().find(|k| k.alg() == Algorithm::HS256);
        let Some(key) = key else { return };
        match jws::sign_encoded(&b64::encode(header), claims, key) {
            Ok(t) => t,
            Err(_) => return,
        }
    };
    match (selector >> 2) % 4 {
        0 => agree::<Claims>(&token, &f.by_alg, &v),
        1 => agree::<Value>(&token, &f.by_alg, &v),
        2 => agree::<Typed>(&token, &f.by_alg, &v),
        _ => agree::<Claims<Typed>>(&token, &f.by_alg, &v),
    }
}
