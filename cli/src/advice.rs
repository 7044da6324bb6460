//! The command line's words for a refusal: the library's message, with the
//! flag that fixes it where the library names its API call, and the mistakes
//! a newcomer makes first (a file name or a JWE where a token goes, a private
//! key given to a verifier, a key file that is no key) said as such.

use std::path::Path;

use jot::{Error, KeyRejected, Malformed};

use crate::Failure;

/// The detail of an `error: KIND: detail` line for a library error: the
/// library's own, except where it names an API call that has a flag here.
pub fn detail(e: &Error) -> String {
    match e {
        Error::MissingClaim(name) if name == "exp" => {
            "required claim \"exp\" is missing: jot requires an expiry by default \
             (RFC 7519 §4.1.4); give --optional-exp to accept a token without one"
                .to_owned()
        }
        Error::InvalidAudience => "aud names no audience this verifier expects \
             (RFC 7519 §4.1.3): a token with aud is refused unless --aud names one of its \
             audiences"
            .to_owned(),
        other => other.detail(),
    }
}

/// The detail of an `error: key: detail` line: a key refusal without its
/// category word (which `key:` already says), anything else with it (a key
/// file that is malformed JSON is `key: malformed: ...`).
pub fn key_detail(e: &Error) -> String {
    if e.kind() == "key" {
        detail(e)
    } else {
        e.to_string()
    }
}

/// A file name is at most this long to be echoed in a message.
const SHOWN_NAME: usize = 64;

/// File name extensions a token file is likely to have.
const TOKEN_FILE_EXTENSIONS: [&str; 7] = ["jwt", "jws", "jwe", "token", "txt", "json", "b64"];

/// When the TOKEN argument is a file name, the usage error that says how to
/// pass the file: an existing file, or, when it does not have a compact
/// token's two or four dots, a path (with a `/`) or a name with a token
/// file's extension (`token.jwt`). A broken token stays a malformed one.
pub fn file_name_as_token(arg: &str) -> Option<Failure> {
    if arg.is_empty() || arg.len() > 4096 {
        return None;
    }
    let dots = arg.matches('.').count();
    let extension = arg
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let named_like_a_file = (dots == 1
        && extension.is_some_and(|ext| TOKEN_FILE_EXTENSIONS.contains(&ext.as_str())))
        || arg.contains(std::path::MAIN_SEPARATOR)
        || arg.contains('/');
    let exists = Path::new(arg).is_file();
    if !(exists || (named_like_a_file && dots != 2 && dots != 4)) {
        return None;
    }
    let name = shell_word(&arg.chars().take(SHOWN_NAME).collect::<String>());
    let what = if exists {
        "is a file name"
    } else {
        "looks like a file name"
    };
    Some(Failure::Usage(format!(
        "TOKEN {name} {what}, not a token (a compact JWS is three base64url segments, \
         RFC 7515 §7.1): give the token text itself, or read the file from standard input \
         with `- < {name}`"
    )))
}

/// Whether `token` has the shape of a compact JWE: five segments (RFC 7516 §7.1).
pub fn is_jwe(token: &str) -> bool {
    !token.starts_with('{') && token.matches('.').count() == 4
}

/// What the command line says about a JWE given where a signed token goes.
pub const JWE_GIVEN: &str = "this is a JWE, an encrypted token (five segments, RFC 7516 §7.1), \
     not a signed one (three segments, RFC 7515 §7.1): decrypt it with `jot decrypt --key FILE`, \
     then verify the signed JWT inside, if it holds one, with `jot verify`";

/// A JWE given to `decode`, `explain` or `verify`: the library's
/// `SegmentCount`, in words that point to `jot decrypt`.
pub fn refuse_jwe(token: &str) -> Result<(), Failure> {
    if is_jwe(token) {
        return Err(Failure::Told(
            Malformed::SegmentCount.into(),
            JWE_GIVEN.to_owned(),
        ));
    }
    Ok(())
}

/// A private (asymmetric) key given to a verifier: refused, with the
/// command that makes the public part (RFC 8725 §3.4, SECURITY.md row 30).
pub fn private_key_given(path: Option<&Path>, set: bool) -> Failure {
    let file = path.map_or_else(
        || "FILE".to_owned(),
        |p| shell_word(&p.display().to_string()),
    );
    let fix = if set {
        format!("`jot jwks {file} > public-set.json`, and give --key public-set.json")
    } else {
        format!("`jot jwk {file} --public > public.jwk`, and give --key public.jwk")
    };
    let holds = if set {
        "holds private keys"
    } else {
        "is a private key"
    };
    Failure::Told(
        KeyRejected::PrivateKeyNotAllowed.into(),
        format!(
            "a verifying key must be public (RFC 8725 §3.4), and {file} {holds}: make the \
             public part with {fix}"
        ),
    )
}

/// `word` as a shell would need it in a command to copy: as is when it is
/// plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./+,:@%".contains(c));
    if plain && !word.is_empty() {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A key file of text that is neither JSON nor PEM (or an empty one): say
/// which formats are read, not that it is bad DER.
pub fn text_key_file(path: &Path, empty: bool) -> Failure {
    let what = if empty {
        "is empty, so"
    } else {
        "is text, but"
    };
    Failure::Told(
        KeyRejected::InvalidEncoding("key file is text but neither JSON nor PEM").into(),
        format!(
            "{} {what} not a key jot reads: a JWK or a JWK Set (a JSON object, RFC 7517), or a \
             PEM key (-----BEGIN ...); binary DER is read too. An HMAC secret kept in a file is \
             --secret-file FILE",
            path.display()
        ),
    )
}

/// Whether `bytes` are text (UTF-8 without control characters other than
/// whitespace). DER never is: its tags and lengths are control bytes.
pub fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| {
        t.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_told_apart_from_tokens() {
        for name in [
            "token.jwt",
            "msg.JWE",
            "t.txt",
            "tokens/alice",
            "Cargo.toml",
        ] {
            assert!(file_name_as_token(name).is_some(), "{name}");
        }
        // Token shapes, broken tokens and plain words are not file names.
        // (nor is a path with a token's dots, unless it exists).
        for arg in [
            "a.b",
            "a.b.c",
            "a.b.c.d.e",
            "not-a-token",
            "e30.e30",
            "e30.e30.a/b",
            "",
        ] {
            assert!(file_name_as_token(arg).is_none(), "{arg}");
        }
    }

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_word("keys/private.jwk"), "keys/private.jwk");
        assert_eq!(shell_word("my key.jwk"), "'my key.jwk'");
        assert_eq!(shell_word("it's.jwk"), r"'it'\''s.jwk'");
    }

    #[test]
    fn text_is_not_der() {
        assert!(is_text(b"hello\n"));
        assert!(!is_text(&[
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70
        ]));
        assert!(!is_text(&[0xff, 0xfe]));
    }
}
