//! `jot sign`: claims in, compact JWT out (RFC 7519 §7.1).

use jot::jws::Header;
use jot::{jwt, Algorithm};
use serde_json::{Map, Value};

use crate::keys::{self, KeyArgs};
use crate::Failure;

/// Sign a JWT: print the compact token for a claims set (default {}).
///
/// The header is {"alg":ALG,"typ":"JWT"} plus the key's kid (or --kid) and
/// any --header members.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("key", |a| a.help(keys::SIGN_KEY_HELP)),
    mut_arg("secret", keys::sign_secret_help),
    mut_arg("secret_file", keys::sign_secret_help),
    mut_arg("secret_env", keys::sign_secret_help)
)]
pub struct Args {
    /// Signature algorithm (RFC 7518 §3.1): HS256, HS384, HS512, RS256, RS384, RS512, PS256,
    /// PS384, PS512, ES256, ES384, EdDSA or Ed25519.
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Algorithm,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Key ID for the header (default: the key's own kid, if it has one). With a JWK Set,
    /// also chooses the key.
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// The "typ" header member (RFC 7519 §5.1); an empty string leaves typ out.
    #[arg(long, value_name = "TYP", default_value = "JWT")]
    pub typ: String,
    /// More protected header members, as a JSON object, e.g. '{"cty":"x"}'; its members
    /// replace those set by --kid and --typ ("alg" comes from --alg only).
    #[arg(long, value_name = "JSON")]
    pub header: Option<String>,
    /// Set "exp" to now + SECONDS.
    #[arg(long, value_name = "SECONDS")]
    pub exp: Option<u32>,
    /// Set "iat" to now.
    #[arg(long)]
    pub iat: bool,
    /// Use this unix time as "now" for --exp and --iat, instead of the clock.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// The claims set, a JSON object, or - to read it from standard input (default: {}).
    #[arg(value_name = "CLAIMS_JSON")]
    pub claims: Option<String>,
}

/// Parses an `alg` name for clap; `none` and unknown names are usage errors.
pub fn parse_alg(name: &str) -> Result<Algorithm, String> {
    name.parse::<Algorithm>().map_err(|e| e.to_string())
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let input = args.key.require()?;
    let key = keys::signing_key(input, args.alg, args.kid.as_deref())?;

    let mut claims = match &args.claims {
        Some(arg) => parse_object(&keys::read_arg(arg)?, jot::Part::Payload)?,
        None => Map::new(),
    };
    let now = args.now.unwrap_or_else(crate::time::now);
    if let Some(secs) = args.exp {
        claims.insert(
            "exp".into(),
            Value::from(now.saturating_add(i64::from(secs))),
        );
    }
    if args.iat {
        claims.insert("iat".into(), Value::from(now));
    }

    let mut header = Header::jwt(&key);
    header.typ = (!args.typ.is_empty()).then(|| args.typ.clone());
    if let Some(extra) = &args.header {
        header = with_members(header, parse_object(extra, jot::Part::Header)?)?;
    }
    let token = jwt::encode(&header, &claims, &key)?;
    crate::print_line(&token)
}

/// Parses a strict JSON object (no duplicate members), as the library would
/// read it back.
fn parse_object(text: &str, part: jot::Part) -> Result<Map<String, Value>, Failure> {
    Ok(jot::json::from_object(
        text.as_bytes(),
        part,
        jot::jws::DEFAULT_MAX_TOKEN_LEN,
    )?)
}

/// Adds `--header` members: the typed ones into their fields, the rest as extras.
fn with_members(mut header: Header, members: Map<String, Value>) -> Result<Header, Failure> {
    let string = |name: &str, v: Value| match v {
        Value::String(s) => Ok(s),
        _ => Err(Failure::Usage(format!(
            "--header: \"{name}\" must be a string"
        ))),
    };
    for (name, value) in members {
        match name.as_str() {
            "alg" => {
                return Err(Failure::Usage(
                    "--header: set \"alg\" with --alg, not in the header".into(),
                ))
            }
            "typ" => header.typ = Some(string("typ", value)?),
            "kid" => header.kid = Some(string("kid", value)?),
            "cty" => header.cty = Some(string("cty", value)?),
            "crit" => {
                let names = match value {
                    Value::Array(items) => items
                        .into_iter()
                        .map(|v| string("crit", v))
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => {
                        return Err(Failure::Usage(
                            "--header: \"crit\" must be an array of strings".into(),
                        ))
                    }
                };
                header.crit = Some(names);
            }
            _ => header = header.with(name, value),
        }
    }
    Ok(header)
}
