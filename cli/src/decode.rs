//! `jot decode`: show a token's header and claims WITHOUT verifying anything.

use jot::jwt;
use serde_json::Value;

use crate::keys;
use crate::verify::header_first;
use crate::Failure;

/// Decode a token WITHOUT verifying it: print its header and claims as JSON.
///
/// Nothing is checked but the token's shape, and stderr says so. If the payload
/// is not a JSON object, "payload" holds it as base64url instead of "claims".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The token to decode (a JWS or JWT; a JWE is `jot decrypt`'s): its text, or - to read it
    /// from standard input (`- < token.jwt`).
    #[arg(value_name = "TOKEN")]
    pub token: String,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let token = keys::read_token(&args.token)?;
    crate::advice::refuse_jwe(&token)?;
    let decoded = jwt::decode_unverified(&token)?;
    let header = Value::Object(decoded.header);
    let out = match decoded.claims {
        Some(claims) => header_first(&header, "claims", &Value::Object(claims)),
        None => {
            let payload = Value::String(jot::b64::encode(&decoded.payload));
            header_first(&header, "payload", &payload)
        }
    };
    crate::print_line(&out)?;
    eprintln!("note: nothing was verified (neither the signature nor any claim): use jot verify");
    Ok(())
}
