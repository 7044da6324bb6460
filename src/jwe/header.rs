//! The JOSE Header of a JWE (RFC 7516 §4), for the algorithms jot implements.
//!
//! The header is parsed with [`crate::json::parse_object`]: one strict JSON
//! object, no duplicate member at any level, bounded depth and size. The
//! members jot acts on are typed; the rest are kept in [`Header::extra`].
//! `zip` is refused outright: jot never decompresses (RFC 8725 §3.6, and a
//! DEFLATE bomb costs nothing to send).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Error, Malformed, Part, Result};
use crate::jwk::Jwk;
use crate::jws::MAX_HEADER_LEN;

use super::alg::{Enc, KeyAlg};
use super::key::EncryptionKey;

/// Members that are typed fields of [`Header`], or refused (`zip`).
const TYPED: &[&str] = &[
    "alg", "enc", "zip", "kid", "typ", "cty", "crit", "epk", "apu", "apv",
];

/// A JWE Protected Header (RFC 7516 §4; RFC 7518 §4.6.1 for `epk`, `apu`, `apv`).
///
/// # Examples
///
/// ```
/// use jot::jwe::{Enc, Header, KeyAlg};
/// let h = Header::new(KeyAlg::Dir, Enc::A128GCM).with_kid("k1").with_cty("JWT");
/// assert_eq!(h.to_json()?, r#"{"alg":"dir","enc":"A128GCM","kid":"k1","cty":"JWT"}"#);
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Header {
    /// "alg" (Algorithm), RFC 7516 §4.1.1: how the content encryption key is agreed.
    pub alg: KeyAlg,
    /// "enc" (Encryption Algorithm), RFC 7516 §4.1.2.
    pub enc: Enc,
    /// "kid" (Key ID), RFC 7516 §4.1.6.
    pub kid: Option<String>,
    /// "typ" (Type), RFC 7516 §4.1.11.
    pub typ: Option<String>,
    /// "cty" (Content Type), RFC 7516 §4.1.12: `JWT` for a nested JWT.
    pub cty: Option<String>,
    /// "crit" (Critical), RFC 7516 §4.1.13. jot understands no extension.
    pub crit: Option<Vec<String>>,
    /// "epk" (Ephemeral Public Key), RFC 7518 §4.6.1.1. Set by
    /// [`super::encrypt`]; required by ECDH-ES decryption.
    pub epk: Option<Jwk>,
    /// "apu" (Agreement PartyUInfo), RFC 7518 §4.6.1.2, decoded.
    pub apu: Option<Vec<u8>>,
    /// "apv" (Agreement PartyVInfo), RFC 7518 §4.6.1.3, decoded.
    pub apv: Option<Vec<u8>>,
    /// Every other member, as received.
    pub extra: Map<String, Value>,
}

impl Header {
    /// A header with only `alg` and `enc`.
    pub fn new(alg: KeyAlg, enc: Enc) -> Header {
        Header {
            alg,
            enc,
            kid: None,
            typ: None,
            cty: None,
            crit: None,
            epk: None,
            apu: None,
            apv: None,
            extra: Map::new(),
        }
    }

    /// A header with the key's `alg`, `enc` and, if it has one, `kid`.
    pub fn for_key(key: &EncryptionKey) -> Header {
        Header {
            kid: key.kid().map(str::to_owned),
            ..Header::new(key.alg(), key.enc())
        }
    }

    /// Sets `kid` (RFC 7516 §4.1.6).
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Header {
        self.kid = Some(kid.into());
        self
    }

    /// Sets `typ` (RFC 7516 §4.1.11).
    #[must_use]
    pub fn with_typ(mut self, typ: impl Into<String>) -> Header {
        self.typ = Some(typ.into());
        self
    }

    /// Sets `cty` (RFC 7516 §4.1.12).
    #[must_use]
    pub fn with_cty(mut self, cty: impl Into<String>) -> Header {
        self.cty = Some(cty.into());
        self
    }

    /// Sets `apu` and `apv`, the party information hashed into the ECDH-ES
    /// key (RFC 7518 §4.6.1.2, §4.6.1.3).
    #[must_use]
    pub fn with_parties(mut self, apu: impl Into<Vec<u8>>, apv: impl Into<Vec<u8>>) -> Header {
        self.apu = Some(apu.into());
        self.apv = Some(apv.into());
        self
    }

    /// Adds any other member.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Header {
        self.extra.insert(name.into(), value.into());
        self
    }

    /// Serializes the header as compact JSON: typed members first, then `extra`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] with `DuplicateMember` if `extra` holds a name
    /// that is a typed field, or `zip`.
    pub fn to_json(&self) -> Result<String> {
        if self.extra.keys().any(|k| TYPED.contains(&k.as_str())) {
            return Err(Malformed::DuplicateMember(Part::Header).into());
        }
        serde_json::to_string(self).map_err(|e| crate::json::json_error(&e, Part::Header).into())
    }

    /// Parses a header from its decoded JSON bytes (RFC 7516 §5.2 steps 2-4).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for bad JSON, a duplicate member, or a mistyped
    /// member; [`Error::UnsupportedAlgorithm`] for an `alg` or `enc` jot does
    /// not implement, and for any `zip` (named `"zip"`);
    /// [`Error::CritInvalid`] for a `crit` that is not an array of strings.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwe::Header;
    /// assert!(Header::from_json(br#"{"alg":"dir","enc":"A256GCM"}"#).is_ok());
    /// let zip = Header::from_json(br#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#);
    /// assert_eq!(zip.err(), Some(jot::Error::UnsupportedAlgorithm("zip".into())));
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Header> {
        let mut map = crate::json::parse_object(bytes, Part::Header, MAX_HEADER_LEN)?;
        // RFC 8725 §3.6: never decompress. Refused before anything else is read.
        if map.contains_key("zip") {
            return Err(Error::UnsupportedAlgorithm("zip".into()));
        }
        let alg = match map.remove("alg") {
            Some(Value::String(name)) => name.parse()?,
            Some(_) => return Err(member("alg", "must be a string (RFC 7516 §4.1.1)")),
            None => return Err(member("alg", "is required (RFC 7516 §4.1.1)")),
        };
        let enc = match map.remove("enc") {
            Some(Value::String(name)) => name.parse()?,
            Some(_) => return Err(member("enc", "must be a string (RFC 7516 §4.1.2)")),
            None => return Err(member("enc", "is required (RFC 7516 §4.1.2)")),
        };
        let crit = match map.remove("crit") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .into_iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(s),
                        _ => Err(Error::CritInvalid("entries must be strings")),
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(Error::CritInvalid("must be an array")),
        };
        let epk = match map.remove("epk") {
            None => None,
            Some(v @ Value::Object(_)) => Some(
                serde_json::from_value::<Jwk>(v)
                    .map_err(|_| member("epk", "must be a jwk (RFC 7518 §4.6.1.1)"))?,
            ),
            Some(_) => return Err(member("epk", "must be a jwk (RFC 7518 §4.6.1.1)")),
        };
        Ok(Header {
            alg,
            enc,
            kid: string(map.remove("kid"), "kid")?,
            typ: string(map.remove("typ"), "typ")?,
            cty: string(map.remove("cty"), "cty")?,
            crit,
            epk,
            apu: bytes_member(map.remove("apu"), "apu")?,
            apv: bytes_member(map.remove("apv"), "apv")?,
            extra: map,
        })
    }
}

/// Checks `crit` (RFC 7516 §4.1.13, which is RFC 7515 §4.1.11): well formed,
/// and empty of extensions, since the JWE API understands none.
///
/// # Errors
///
/// [`Error::CritInvalid`] for an empty list, a repeated or registered name,
/// or a name absent from the header; [`Error::CritNotUnderstood`] naming the
/// first listed extension otherwise.
pub(crate) fn check_crit(header: &Header, understood: &[&str]) -> Result<()> {
    crate::jws::crit::crit_form(header.crit.as_deref(), &header.extra)?;
    crate::jws::crit::crit_understood(header.crit.as_deref(), understood)
}

fn member(name: &'static str, rule: &'static str) -> Error {
    Malformed::Member {
        part: Part::Header,
        name,
        rule,
    }
    .into()
}

fn string(value: Option<Value>, name: &'static str) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(member(name, "must be a string")),
    }
}

fn bytes_member(value: Option<Value>, name: &'static str) -> Result<Option<Vec<u8>>> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => b64::decode(&s, Part::Header)
            .map(Some)
            .map_err(|_| member(name, "must be base64url (RFC 7518 §4.6.1)")),
        Some(_) => Err(member(name, "must be a base64url string (RFC 7518 §4.6.1)")),
    }
}

impl Serialize for Header {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("alg", self.alg.name())?;
        map.serialize_entry("enc", self.enc.name())?;
        if let Some(kid) = &self.kid {
            map.serialize_entry("kid", kid)?;
        }
        if let Some(typ) = &self.typ {
            map.serialize_entry("typ", typ)?;
        }
        if let Some(cty) = &self.cty {
            map.serialize_entry("cty", cty)?;
        }
        if let Some(crit) = &self.crit {
            map.serialize_entry("crit", crit)?;
        }
        if let Some(epk) = &self.epk {
            map.serialize_entry("epk", epk)?;
        }
        if let Some(apu) = &self.apu {
            map.serialize_entry("apu", &b64::encode(apu))?;
        }
        if let Some(apv) = &self.apv {
            map.serialize_entry("apv", &b64::encode(apv))?;
        }
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Header> {
        Header::from_json(json.as_bytes())
    }

    #[test]
    fn alg_and_enc_are_required_strings() {
        assert_eq!(
            parse(r#"{"enc":"A128GCM"}"#).err(),
            Some(member("alg", "is required (RFC 7516 §4.1.1)"))
        );
        assert_eq!(
            parse(r#"{"alg":"dir"}"#).err(),
            Some(member("enc", "is required (RFC 7516 §4.1.2)"))
        );
        assert!(matches!(
            parse(r#"{"alg":"dir","enc":1}"#),
            Err(Error::Malformed(Malformed::Member { name: "enc", .. }))
        ));
        assert!(matches!(
            parse(r#"{"alg":["dir"],"enc":"A128GCM"}"#),
            Err(Error::Malformed(Malformed::Member { name: "alg", .. }))
        ));
    }

    #[test]
    fn duplicates_and_zip_are_refused() {
        assert_eq!(
            parse(r#"{"alg":"dir","enc":"A128GCM","enc":"A256GCM"}"#).err(),
            Some(Malformed::DuplicateMember(Part::Header).into())
        );
        assert_eq!(
            parse(r#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#).err(),
            Some(Error::UnsupportedAlgorithm("zip".into()))
        );
    }

    #[test]
    fn apu_apv_are_strict_base64url() {
        let h = parse(r#"{"alg":"ECDH-ES","enc":"A128GCM","apu":"QWxpY2U","apv":"Qm9i"}"#).ok();
        assert_eq!(
            h.as_ref().and_then(|h| h.apu.clone()),
            Some(b"Alice".to_vec())
        );
        assert_eq!(h.and_then(|h| h.apv), Some(b"Bob".to_vec()));
        assert!(matches!(
            parse(r#"{"alg":"ECDH-ES","enc":"A128GCM","apu":"QWxpY2U="}"#),
            Err(Error::Malformed(Malformed::Member { name: "apu", .. }))
        ));
    }

    #[test]
    fn round_trips() {
        let h = Header::new(KeyAlg::EcdhEs, Enc::A256GCM)
            .with_kid("k")
            .with_typ("JWT")
            .with_parties(*b"a", *b"b")
            .with("x", 1);
        let back = h.to_json().and_then(|j| Header::from_json(j.as_bytes()));
        assert_eq!(back.ok(), Some(h));
        let shadow = Header::new(KeyAlg::Dir, Enc::A128GCM).with("zip", "DEF");
        assert!(shadow.to_json().is_err());
    }

    #[test]
    fn crit_understands_nothing() {
        let h = parse(r#"{"alg":"dir","enc":"A128GCM","crit":["x"],"x":1}"#).ok();
        assert_eq!(
            h.map(|h| check_crit(&h, &[])),
            Some(Err(Error::CritNotUnderstood("x".into())))
        );
        let h = parse(r#"{"alg":"dir","enc":"A128GCM","crit":["enc"]}"#).ok();
        assert_eq!(
            h.map(|h| check_crit(&h, &[])),
            Some(Err(Error::CritInvalid(
                "must not list registered header parameters"
            )))
        );
    }
}
