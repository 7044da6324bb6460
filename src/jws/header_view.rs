//! The common JOSE header read with borrowed fields (RFC 7515 §5.2 steps
//! 3-4): `alg` and at most `typ`, `cty`, `kid`, each a plain string.
//!
//! Nearly every token on the hot path has exactly that header
//! (`{"alg":"HS256","typ":"JWT"}`), and [`Header::from_json`] pays for a
//! generality it does not need there: a `serde_json::Value` per member, a
//! map for the extras. This read handles only the common shape, strictly,
//! and hands everything else (any other member, `crit`, a non-string value,
//! a repeated name, bad JSON, an unknown `alg`) to [`Header::from_json`],
//! which accepts or names the error as before. So it only ever says "the
//! full read would give this header"; it never decides a rejection.
//!
//! The read is by hand, byte by byte (RFC 8259 §2 for the whitespace and
//! structure, §7 for strings), and takes only strings of printable ASCII
//! without escapes: anything else is the full read's. Small code on
//! purpose: it runs for every token, next to ring and base64, and issue #18
//! measured that the instructions one HS256 verify touches must stay within
//! the CPU's 32 KB instruction cache; the serde machinery here cost about
//! 2 KB of it.

use crate::error::Result;
use crate::jwa::Algorithm;

use super::header::{Header, MAX_HEADER_LEN};

/// A header as `verify` reads it: borrowed in the common shape, the full
/// [`Header`] otherwise. The owned header is built only once the signature
/// verified ([`Read::into_header`]), so a refused token allocates nothing
/// for its header.
pub(crate) enum Read<'b> {
    View(View<'b>),
    /// Boxed, so the common case moves a small value.
    Full(Box<Header>),
}

impl<'b> Read<'b> {
    /// Reads a header from its decoded JSON bytes (RFC 7515 §5.2 steps 3-4):
    /// the borrowed read when the header has the common shape,
    /// [`Header::from_json`] otherwise, or always with `reference`.
    ///
    /// # Errors
    ///
    /// As [`Header::from_json`], which decides every error.
    pub(crate) fn parse(bytes: &'b [u8], reference: bool) -> Result<Read<'b>> {
        match common(bytes).filter(|_| !reference) {
            Some(view) => Ok(Read::View(view)),
            None => Read::full(bytes),
        }
    }

    /// The full read alone ([`Header::from_json`]), for a header that cannot
    /// be borrowed or that the common read left to it.
    ///
    /// # Errors
    ///
    /// As [`Header::from_json`].
    pub(crate) fn full(bytes: &[u8]) -> Result<Read<'b>> {
        Header::from_json(bytes).map(|h| Read::Full(Box::new(h)))
    }

    pub(crate) fn alg(&self) -> Algorithm {
        match self {
            Read::View(v) => v.alg,
            Read::Full(h) => h.alg,
        }
    }

    pub(crate) fn kid(&self) -> Option<&str> {
        match self {
            Read::View(v) => v.kid,
            Read::Full(h) => h.kid.as_deref(),
        }
    }

    pub(crate) fn typ(&self) -> Option<&str> {
        match self {
            Read::View(v) => v.typ,
            Read::Full(h) => h.typ.as_deref(),
        }
    }

    pub(crate) fn crit(&self) -> Option<&[String]> {
        match self {
            Read::View(_) => None,
            Read::Full(h) => h.crit.as_deref(),
        }
    }

    /// `crit` (RFC 7515 §4.1.11): the common shape has none.
    pub(crate) fn check_crit(&self) -> Result<()> {
        match self {
            Read::View(_) => Ok(()),
            Read::Full(h) => super::crit::check_crit(h),
        }
    }

    /// The owned header (what [`Header::from_json`] returns).
    pub(crate) fn into_header(self) -> Header {
        match self {
            Read::View(v) => v.to_header(),
            Read::Full(h) => *h,
        }
    }

    /// The header's JSON, for the trace.
    pub(crate) fn to_json(&self) -> Result<String> {
        match self {
            Read::View(v) => v.to_header().to_json(),
            Read::Full(h) => h.to_json(),
        }
    }
}

/// The common shape, or `None` for [`Header::from_json`] to decide: one
/// JSON object whose members are among `alg` (required), `typ`, `cty` and
/// `kid`, each at most once, each a plain string ([`Scan::string`]).
fn common(bytes: &[u8]) -> Option<View<'_>> {
    if bytes.len() > MAX_HEADER_LEN {
        return None;
    }
    let mut scan = Scan { bytes, at: 0 };
    scan.token(b'{')?;
    // alg, typ, cty, kid
    let mut members: [Option<&str>; 4] = [None; 4];
    loop {
        let name = scan.string()?;
        scan.token(b':')?;
        let value = scan.string()?;
        let index = match name {
            "alg" => 0,
            "typ" => 1,
            "cty" => 2,
            "kid" => 3,
            // `crit` and every other member: the full read.
            _ => return None,
        };
        let slot = members.get_mut(index)?;
        if slot.replace(value).is_some() {
            return None; // a repeated member: the full read names it
        }
        if scan.token(b',').is_none() {
            break;
        }
    }
    scan.token(b'}')?;
    scan.skip_whitespace();
    if scan.at != bytes.len() {
        return None;
    }
    let [alg, typ, cty, kid] = members;
    Some(View {
        alg: alg?.parse().ok()?,
        typ,
        cty,
        kid,
    })
}

/// A cursor over the header's bytes.
struct Scan<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Scan<'b> {
    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// Whitespace, then the structural byte `byte`.
    fn token(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// Whitespace, then a string whose every character is printable ASCII
    /// (0x20 to 0x7F) other than `"` and `\`: no escapes, no control
    /// characters (which JSON forbids unescaped), nothing beyond ASCII.
    #[inline(never)]
    fn string(&mut self) -> Option<&'b str> {
        self.token(b'"')?;
        let start = self.at;
        loop {
            match self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..=0x1f | 0x80..=0xff => return None,
                _ => self.at += 1,
            }
        }
        let text = self.bytes.get(start..self.at)?;
        self.at += 1;
        std::str::from_utf8(text).ok()
    }
}

/// The common header shape, borrowed (RFC 7515 §4.1.1, §4.1.4, §4.1.9,
/// §4.1.10).
pub(crate) struct View<'b> {
    alg: Algorithm,
    typ: Option<&'b str>,
    cty: Option<&'b str>,
    kid: Option<&'b str>,
}

impl View<'_> {
    fn to_header(&self) -> Header {
        let mut header = Header::new(self.alg);
        header.typ = self.typ.map(str::to_owned);
        header.cty = self.cty.map(str::to_owned);
        header.kid = self.kid.map(str::to_owned);
        header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Header> {
        Read::parse(json.as_bytes(), false).map(Read::into_header)
    }

    /// The borrowed read agrees with the full one wherever it answers, and
    /// leaves every other header to it.
    #[test]
    fn agrees_with_the_full_read() {
        for json in [
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"typ":"JWT","alg":"ES256","kid":"k1","cty":"JWT"}"#,
            r#" { "alg" : "EdDSA" } "#,
            "\t{\r\n\"alg\"\t:\"HS256\"\n,\"kid\": \" ~\u{7f}\"}\r\n",
        ] {
            assert!(common(json.as_bytes()).is_some(), "{json}");
            assert_eq!(read(json), Header::from_json(json.as_bytes()));
        }
        for json in [
            r#"{"alg":"HS256","alg":"HS256"}"#,
            r#"{"alg":"HS256","typ":"JWT","typ":"JWT"}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"XX1"}"#,
            r#"{"alg":1}"#,
            r#"{"typ":"JWT"}"#,
            r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
            r#"{"alg":"HS256","jwk":{}}"#,
            r#"{"alg":"HS256","kid":null}"#,
            r#"{"alg":"HS256"} x"#,
            r#"["alg"]"#,
            r#"{"alg":"HS256","typ":"\ud800"}"#,
            r#"{"alg":"H\u0053256","kid":"\u00e9"}"#,
            r#"{"alg":"HS256","kid":"a\"b"}"#,
            r#"{"alg":"HS256",}"#,
            r#"{"alg":"HS256""typ":"JWT"}"#,
            r#"{"alg" "HS256"}"#,
            r#"{"alg":"HS256"}}"#,
            r#"{"alg":"HS256""#,
            r#"{"alg":"HS256"#,
            r#"{}"#,
            r#"{"#,
            "",
            "{\"alg\":\"HS256\",\"kid\":\"a\tb\"}",
            "{\"alg\":\"HS256\",\"kid\":\"\u{e9}\"}",
            "{\"alg\":\"HS256\"}\u{c}",
        ] {
            assert!(common(json.as_bytes()).is_none(), "{json}");
            assert_eq!(read(json), Header::from_json(json.as_bytes()));
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_go_to_the_full_read() {
        for bytes in [
            &b"{\"alg\":\"HS256\",\"typ\":\"\xff\"}"[..],
            &b"{\"alg\":\"HS256\"}\xff"[..],
            &b"\xef\xbb\xbf{\"alg\":\"HS256\"}"[..],
        ] {
            assert!(common(bytes).is_none());
            assert_eq!(
                Read::parse(bytes, false).map(Read::into_header),
                Header::from_json(bytes)
            );
        }
        let long = format!(
            "{{\"alg\":\"HS256\",\"kid\":\"{}\"}}",
            "k".repeat(MAX_HEADER_LEN)
        );
        assert!(common(long.as_bytes()).is_none());
    }
}
