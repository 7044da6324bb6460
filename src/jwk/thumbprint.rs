//! JWK Thumbprints (RFC 7638).
//!
//! A thumbprint is the SHA-256 of the key's required members only, in
//! lexicographic order, as JSON with no whitespace (§3.2, §3.3). Two JWKs of
//! the same key have the same thumbprint whatever else they carry, which
//! makes it a good default `kid`.

use ring::digest;

use crate::b64;
use crate::error::{KeyRejected, Result};

use super::Jwk;

impl Jwk {
    /// The RFC 7638 SHA-256 thumbprint, base64url encoded.
    ///
    /// # Errors
    ///
    /// [`crate::Error::KeyRejected`] when a required member is missing or the
    /// `kty` is unknown.
    ///
    /// # Examples
    ///
    /// RFC 7638 §3.1:
    ///
    /// ```
    /// let jwk = jot::Jwk::from_json(r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#)?;
    /// assert_eq!(jwk.thumbprint()?, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn thumbprint(&self) -> Result<String> {
        Ok(b64::encode(digest::digest(
            &digest::SHA256,
            self.thumbprint_input()?.as_bytes(),
        )))
    }

    /// The canonical JSON that is hashed (RFC 7638 §3.2), for learners.
    ///
    /// # Errors
    ///
    /// As [`Jwk::thumbprint`].
    pub fn thumbprint_input(&self) -> Result<String> {
        let need = |v: &Option<String>| -> Result<String> {
            let text = v.as_deref().ok_or(KeyRejected::InvalidEncoding(
                "thumbprint needs every required member",
            ))?;
            // serde_json writes the one canonical JSON string form (§3.3).
            Ok(serde_json::Value::from(text).to_string())
        };
        let kty = serde_json::Value::from(self.kty.as_str()).to_string();
        // Members in lexicographic order of their names (§3.2).
        Ok(match self.kty.as_str() {
            "EC" => format!(
                r#"{{"crv":{},"kty":{kty},"x":{},"y":{}}}"#,
                need(&self.crv)?,
                need(&self.x)?,
                need(&self.y)?
            ),
            "RSA" => format!(
                r#"{{"e":{},"kty":{kty},"n":{}}}"#,
                need(&self.e)?,
                need(&self.n)?
            ),
            "oct" => format!(r#"{{"k":{},"kty":{kty}}}"#, need(&self.k)?),
            "OKP" => format!(
                r#"{{"crv":{},"kty":{kty},"x":{}}}"#,
                need(&self.crv)?,
                need(&self.x)?
            ),
            _ => return Err(KeyRejected::UnsupportedKeyType.into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Jwk;

    #[test]
    fn rfc8037_a_3() {
        let jwk = Jwk::from_json(
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        );
        assert_eq!(
            jwk.and_then(|j| j.thumbprint()).ok().as_deref(),
            Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        );
    }

    #[test]
    fn missing_member_is_an_error() {
        let jwk = Jwk {
            kty: "EC".into(),
            crv: Some("P-256".into()),
            ..Jwk::default()
        };
        assert!(jwk.thumbprint().is_err());
        let jwk = Jwk {
            kty: "XYZ".into(),
            ..Jwk::default()
        };
        assert!(jwk.thumbprint().is_err());
    }
}
