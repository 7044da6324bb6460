//! PEM, the textual encoding of RFC 7468: `-----BEGIN LABEL-----`, standard
//! padded base64 of DER, `-----END LABEL-----`.
//!
//! Parsing follows the strict grammar of RFC 7468 §3 (`stricttextualmsg`)
//! with two allowances real files need: CRLF line ends, and explanatory text
//! between blocks (§5.2), such as `openssl x509 -text` writes. Inside a
//! block only base64 lines are allowed: no RFC 1421 headers (encrypted keys),
//! no blank lines, no whitespace within a line.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use crate::error::{KeyRejected, Result};

/// The largest PEM document (and DER key) jot parses, in bytes. A key, even
/// an 8192-bit RSA certificate, is a few KiB; the limit is checked before
/// any decoding (SECURITY.md rule 5).
pub(crate) const MAX_PEM: usize = 1 << 20;

/// Standard base64 with padding (RFC 4648 §4), as RFC 7468 §3 requires.
///
/// This is the second `base64` engine in jot: `b64.rs` holds the base64url
/// one of JOSE, and PEM is not JOSE. It is local so nothing else uses it.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        // RFC 7468 §3: the base64 text is padded to a multiple of four.
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        // Non-zero trailing bits would give one DER two spellings.
        .with_decode_allow_trailing_bits(false),
);

/// One PEM block: its label and the DER it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// The label of the encapsulation boundaries, e.g. `PUBLIC KEY`.
    pub(crate) label: String,
    /// The decoded contents.
    pub(crate) der: Vec<u8>,
}

fn fail<T>(why: &'static str) -> Result<T> {
    Err(KeyRejected::InvalidEncoding(why).into())
}

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// Decodes every PEM block of `text`, in order (RFC 7468 §2, §3).
///
/// Errors are [`KeyRejected::InvalidEncoding`]: input over [`MAX_PEM`],
/// a label outside the §3 grammar, an END label unlike the BEGIN one, a
/// missing END line, headers, blank or non-base64 lines, bad padding, an
/// empty block, or no block at all.
pub(crate) fn decode(text: &str) -> Result<Vec<Block>> {
    if text.len() > MAX_PEM {
        return fail("pem input is larger than 1 MiB");
    }
    let mut blocks = Vec::new();
    // `lines` ends lines at LF or CRLF, and yields no empty line after the last one.
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = boundary(line, BEGIN)? else {
            if line.starts_with(DASHES) {
                // An END, or a mangled BEGIN, outside any block.
                return fail("pem boundary line outside a block");
            }
            // Explanatory text (RFC 7468 §5.2).
            continue;
        };
        let mut body = String::new();
        loop {
            let Some(line) = lines.next() else {
                return fail("pem block has no END line");
            };
            if let Some(end) = boundary(line, END)? {
                if end != label {
                    return fail("pem END label does not match the BEGIN label");
                }
                break;
            }
            if line.contains(':') {
                return fail("pem headers (encrypted keys) are not supported");
            }
            if line.is_empty() || !line.bytes().all(is_base64) {
                return fail("pem block line is not base64");
            }
            body.push_str(line);
        }
        if body.is_empty() {
            return fail("pem block is empty");
        }
        let der = ENGINE.decode(&body).map_err(|_| {
            KeyRejected::InvalidEncoding("pem block is not canonical padded base64")
        })?;
        blocks.push(Block {
            label: label.to_owned(),
            der,
        });
    }
    if blocks.is_empty() {
        return fail("no pem block found");
    }
    Ok(blocks)
}

/// The label of a `-----BEGIN label-----` (or END) line, or `None` if the
/// line does not start with `prefix`.
fn boundary<'t>(line: &'t str, prefix: &str) -> Result<Option<&'t str>> {
    let Some(rest) = line.strip_prefix(prefix) else {
        return Ok(None);
    };
    let Some(label) = rest.strip_suffix(DASHES) else {
        return fail("pem boundary line must end with five dashes");
    };
    if !is_label(label) {
        return fail("pem label is not valid (RFC 7468 §3)");
    }
    Ok(Some(label))
}

/// RFC 7468 §3: `label = [ labelchar *( ["-" / SP] labelchar ) ]`, where a
/// labelchar is printable ASCII other than `-`. jot also refuses the empty
/// label, which names nothing it could import.
fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let labelchar = |b: u8| b.is_ascii_graphic() && b != b'-';
    let ends_ok =
        bytes.first().is_some_and(|b| labelchar(*b)) && bytes.last().is_some_and(|b| labelchar(*b));
    let separators_single = !bytes
        .windows(2)
        .any(|w| matches!(w, [a, b] if !labelchar(*a) && !labelchar(*b)));
    let chars_ok = bytes
        .iter()
        .all(|b| labelchar(*b) || *b == b'-' || *b == b' ');
    ends_ok && separators_single && chars_ok
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
}

/// Encodes `der` as one PEM block with 64-character lines (RFC 7468 §2).
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let body = ENGINE.encode(der);
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    // Base64 text is ASCII, so 64-byte chunks are whole characters.
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(END);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn rejected(why: &'static str) -> Result<Vec<Block>> {
        Err(Error::KeyRejected(KeyRejected::InvalidEncoding(why)))
    }

    #[test]
    fn round_trips() {
        let der: Vec<u8> = (0..=255).collect();
        let text = encode("PUBLIC KEY", &der);
        assert!(text
            .lines()
            .all(|l| l.len() <= 64 || l.starts_with("-----")));
        let blocks = decode(&text);
        assert_eq!(
            blocks,
            Ok(vec![Block {
                label: "PUBLIC KEY".into(),
                der
            }])
        );
    }

    #[test]
    fn accepts_crlf_and_explanatory_text_and_several_blocks() {
        let text = "Certificate:\r\n  junk\r\n-----BEGIN A-----\r\nAAEC\r\n-----END A-----\r\n\r\n-----BEGIN B C-----\nAw==\n-----END B C-----";
        let blocks = decode(text);
        assert_eq!(
            blocks,
            Ok(vec![
                Block {
                    label: "A".into(),
                    der: vec![0, 1, 2]
                },
                Block {
                    label: "B C".into(),
                    der: vec![3]
                },
            ])
        );
    }

    #[test]
    fn rejects_mismatched_labels() {
        assert_eq!(
            decode("-----BEGIN PUBLIC KEY-----\nAAEC\n-----END PRIVATE KEY-----\n"),
            rejected("pem END label does not match the BEGIN label")
        );
    }

    #[test]
    fn rejects_missing_end() {
        assert_eq!(
            decode("-----BEGIN PUBLIC KEY-----\nAAEC\n"),
            rejected("pem block has no END line")
        );
    }

    #[test]
    fn rejects_bad_base64() {
        let not_b64 = rejected("pem block line is not base64");
        assert_eq!(decode("-----BEGIN A-----\nAA-C\n-----END A-----"), not_b64);
        assert_eq!(decode("-----BEGIN A-----\nAA C\n-----END A-----"), not_b64);
        assert_eq!(decode("-----BEGIN A-----\nAAEC \n-----END A-----"), not_b64);
        assert_eq!(
            decode("-----BEGIN A-----\nAAEC\n\n-----END A-----"),
            not_b64
        );
        let not_canonical = rejected("pem block is not canonical padded base64");
        // Missing padding.
        assert_eq!(
            decode("-----BEGIN A-----\nAw\n-----END A-----"),
            not_canonical
        );
        // Padding in the middle.
        assert_eq!(
            decode("-----BEGIN A-----\nAw==\nAAEC\n-----END A-----"),
            not_canonical
        );
        // Non-zero trailing bits ("Aw==" is the canonical spelling).
        assert_eq!(
            decode("-----BEGIN A-----\nAx==\n-----END A-----"),
            not_canonical
        );
    }

    #[test]
    fn rejects_headers() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAEC\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            decode(text),
            rejected("pem headers (encrypted keys) are not supported")
        );
    }

    #[test]
    fn rejects_bad_labels_and_boundaries() {
        let bad_label = rejected("pem label is not valid (RFC 7468 §3)");
        assert_eq!(decode("-----BEGIN -----\nAAEC\n-----END -----"), bad_label);
        assert_eq!(
            decode("-----BEGIN A  B-----\nAAEC\n-----END A  B-----"),
            bad_label
        );
        assert_eq!(
            decode("-----BEGIN  A-----\nAAEC\n-----END  A-----"),
            bad_label
        );
        assert_eq!(
            decode("-----BEGIN A----\nAAEC\n-----END A-----"),
            rejected("pem boundary line must end with five dashes")
        );
        assert_eq!(
            decode("-----END A-----\n"),
            rejected("pem boundary line outside a block")
        );
    }

    #[test]
    fn rejects_empty_and_missing_blocks() {
        assert_eq!(
            decode("-----BEGIN A-----\n-----END A-----"),
            rejected("pem block is empty")
        );
        assert_eq!(decode("no pem here"), rejected("no pem block found"));
        assert_eq!(decode(""), rejected("no pem block found"));
    }

    #[test]
    fn rejects_oversized_input_before_decoding() {
        let huge = "A".repeat(MAX_PEM + 1);
        assert_eq!(decode(&huge), rejected("pem input is larger than 1 MiB"));
    }
}
