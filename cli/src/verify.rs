//! `jot verify`: check a token's signature and claims (RFC 7515 §5.2,
//! RFC 7519 §7.2) and print its header and claims as one line of JSON.

use jot::jwt::{self, Validation};
use jot::{jws, Algorithm};
use serde_json::{Map, Value};

use crate::keys::{self, KeyArgs};
use crate::sign::parse_alg;
use crate::Failure;

/// Verify a JWT's signature and claims; print its header and claims as JSON.
///
/// Prints {"header":{...},"claims":{...}} on success (exit 0). On failure,
/// prints `error: KIND: detail` on stderr and exits 1. `exp` is required
/// unless --optional-exp. A token with an "aud" claim is refused unless
/// --aud names one of its audiences (RFC 7519 §4.1.3). The key is a public
/// key (a private one is refused: `jot jwk FILE --public` makes the public
/// part) or an HMAC secret.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub key: KeyArgs,
    /// An accepted algorithm; repeat for several. Required: the token's own alg is
    /// never trusted (RFC 8725 §3.1).
    #[arg(long = "alg", value_name = "ALG", value_parser = parse_alg, required = true)]
    pub algs: Vec<Algorithm>,
    #[command(flatten)]
    pub checks: Checks,
    /// The token to verify: its text, or - to read it from standard input (`- < token.jwt`).
    #[arg(value_name = "TOKEN")]
    pub token: String,
}

/// The claim checks shared by `verify` and `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct Checks {
    /// Accepted issuer ("iss", RFC 7519 §4.1.1); repeat for several.
    #[arg(long = "iss", value_name = "ISS")]
    pub issuers: Vec<String>,
    /// Expected audience ("aud", RFC 7519 §4.1.3); repeat for several (any one matches).
    /// Without --aud, a token that has an "aud" claim is refused.
    #[arg(long = "aud", value_name = "AUD")]
    pub audiences: Vec<String>,
    /// Expected subject ("sub", RFC 7519 §4.1.2).
    #[arg(long, value_name = "SUB")]
    pub sub: Option<String>,
    /// Expected "typ" header (RFC 8725 §3.11), e.g. JWT or at+jwt.
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    /// Clock skew forgiven on exp, nbf and iat, in seconds (at most 300).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=300))]
    pub leeway: Option<u64>,
    /// Use this unix time as "now" instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// A claim that must be present; repeat for several.
    #[arg(long = "require", value_name = "CLAIM")]
    pub required: Vec<String>,
    /// Refuse tokens whose "iat" is more than SECONDS before now (requires iat).
    #[arg(long, value_name = "SECONDS")]
    pub max_age: Option<u64>,
    /// Accept a token without "exp" (a present exp is still checked).
    #[arg(long)]
    pub optional_exp: bool,
    /// Verify only the JWS signature, not a JWT: the payload may be anything and no claim is
    /// checked. Prints `{"header":{...},"payload":"BASE64URL"}`.
    #[arg(
        long,
        conflicts_with_all = ["issuers", "audiences", "sub", "typ", "leeway", "required", "max_age", "optional_exp"]
    )]
    pub jws: bool,
}

impl Checks {
    /// The library's [`Validation`] for `algs` and these options.
    pub fn validation(&self, algs: &[Algorithm]) -> Validation {
        let mut v = Validation::new(algs);
        for iss in &self.issuers {
            v = v.issuer(iss);
        }
        for aud in &self.audiences {
            v = v.audience(aud);
        }
        if let Some(sub) = &self.sub {
            v = v.subject(sub);
        }
        if let Some(typ) = &self.typ {
            v = v.typ(typ);
        }
        if let Some(secs) = self.leeway {
            v = v.leeway(secs);
        }
        if let Some(now) = self.now {
            v = v.now(now);
        }
        for claim in &self.required {
            v = v.require(claim);
        }
        if let Some(secs) = self.max_age {
            v = v.max_age(secs);
        }
        if self.optional_exp {
            v = v.allow_missing_exp();
        }
        v
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let token = keys::read_token(&args.token)?;
    crate::advice::refuse_jwe(&token)?;
    let keys = keys::verifiers(args.key.require()?, &args.algs, args.key.key.as_deref())?;
    let out = if args.checks.jws {
        let verified = jws::verify(&token, &keys, &args.algs)?;
        let payload = Value::String(jot::b64::encode(&verified.payload));
        header_first(&header_json(&verified.header), "payload", &payload)
    } else {
        let validation = args.checks.validation(&args.algs);
        let token: jwt::Token<Map<String, Value>> = jwt::verify(&token, &keys, &validation)?;
        header_first(
            &header_json(&token.header),
            "claims",
            &Value::Object(token.claims),
        )
    };
    crate::print_line(&out)
}

/// `{"header":HEADER,"NAME":VALUE}` on one line, header first as documented
/// (serde_json's own maps would sort the two keys).
pub fn header_first(header: &Value, name: &str, value: &Value) -> String {
    format!("{{\"header\":{header},\"{name}\":{value}}}")
}

/// A verified header as JSON (typed members, then the others).
pub fn header_json(header: &jws::Header) -> Value {
    serde_json::to_value(header).unwrap_or(Value::Null)
}
