//! JWE (RFC 7516 compact): the header parser, and decryption with fixed `dir`
//! keys and with an ECDH-ES recipient key generated for each input.

use super::*;

/// The `dir` secret of the A128GCM fixture key (16 bytes).
pub const JWE_DIR_128: &[u8; 16] = b"jot fuzz jwe 128";
/// The `dir` secret of the A256GCM fixture key (32 bytes).
pub const JWE_DIR_256: &[u8; 32] = b"jot fuzz jwe dir key of 256 bits";

/// The fixed `dir` secret for `enc`.
pub fn jwe_dir_secret(enc: Enc) -> &'static [u8] {
    match enc {
        Enc::A256GCM => JWE_DIR_256,
        _ => JWE_DIR_128,
    }
}

/// The fixed `dir` decryption key for `enc`. Failing to build it is a harness bug.
pub fn jwe_dir_key(enc: Enc) -> DecryptionKey {
    DecryptionKey::dir(enc, jwe_dir_secret(enc)).expect("fixed dir key")
}

/// JWE header equality, numbers in `extra` compared as in [`same_header`].
fn same_jwe_header(a: &jwe::Header, b: &jwe::Header) -> bool {
    a.alg == b.alg
        && a.enc == b.enc
        && a.kid == b.kid
        && a.typ == b.typ
        && a.cty == b.cty
        && a.crit == b.crit
        && a.epk == b.epk
        && a.apu == b.apu
        && a.apv == b.apv
        && same_json(
            &Value::Object(a.extra.clone()),
            &Value::Object(b.extra.clone()),
        )
}

/// A compact JWE whose protected header is `header_json`, with an empty
/// encrypted key, a 96-bit IV, one byte of ciphertext and a 128-bit tag,
/// all zero: it gets through every step of `jwe::decrypt` up to AES-GCM.
fn jwe_with_header(header_json: &[u8]) -> String {
    format!(
        "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64::encode(header_json)
    )
}

/// `jwe::Header::from_json`: a parsed header serializes and parses back to
/// the same header; and `jwe::decrypt` (whose step 3 is this parser) fails
/// with the very same error when these bytes are a token's header.
pub fn jwe_header_parse(data: &[u8]) {
    let parsed = jwe::Header::from_json(data);
    let token = jwe_with_header(data);
    if token.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
        let opened = jwe::decrypt(&token, &jwe_dir_key(Enc::A128GCM), &KeyAlg::ALL, &Enc::ALL);
        match &parsed {
            Err(e) => assert_eq!(
                opened.as_ref().err(),
                Some(e),
                "decrypt does not fail as Header::from_json does"
            ),
            // An all-zero tag: opening would be a forgery.
            Ok(_) => assert!(opened.is_err(), "a zero tag opened: {opened:?}"),
        }
    }
    let Ok(header) = parsed else { return };
    let json = header.to_json();
    assert!(json.is_ok(), "a parsed header does not serialize: {json:?}");
    if let Ok(json) = json {
        // Re-serializing can lengthen numbers (1e15 -> 1000000000000000.0).
        if json.len() <= jws::MAX_HEADER_LEN {
            let again = jwe::Header::from_json(json.as_bytes());
            assert!(
                again.as_ref().is_ok_and(|h| same_jwe_header(h, &header)),
                "header round trip changed it: {header:?} became {again:?}"
            );
        }
    }
}

/// The error `jwe::decrypt` must give whatever the key, if the token fails
/// before a key is used (RFC 7516 §5.2 steps 1-4 and 7, in jot's order:
/// size, segments, header, `crit`; every `alg`/`enc` is allowed here), with
/// the parsed header otherwise.
enum Early {
    /// Fails before key use with this error; `None` for a `crit` failure,
    /// whose exact error is `check_crit`'s (only its kind is known here).
    Fails(Option<Error>),
    /// Gets to key use, with this header.
    Header(Box<jwe::Header>),
}

fn early(token: &str) -> Early {
    if token.len() > jws::DEFAULT_MAX_TOKEN_LEN {
        let limit = jws::DEFAULT_MAX_TOKEN_LEN;
        return Early::Fails(Some(jot::Malformed::TooLarge { limit }.into()));
    }
    if token.starts_with('{') {
        return Early::Fails(Some(jot::Malformed::NotCompactJws.into()));
    }
    let segments: Vec<&str> = token.split('.').collect();
    let [header, encrypted_key, ..] = segments[..] else {
        return Early::Fails(Some(jot::Malformed::SegmentCount.into()));
    };
    if segments.len() != 5 {
        return Early::Fails(Some(jot::Malformed::SegmentCount.into()));
    }
    let parsed = b64::decode(header, Part::Header).and_then(|h| jwe::Header::from_json(&h));
    match parsed {
        Err(e) => Early::Fails(Some(e)),
        Ok(h) if h.crit.is_some() => Early::Fails(None),
        Ok(_) if !encrypted_key.is_empty() => Early::Fails(Some(
            jot::Malformed::Member {
                part: Part::Token,
                name: "encrypted_key",
                rule: "must be empty for dir and ECDH-ES (RFC 7518 §4.5, §4.6)",
            }
            .into(),
        )),
        Ok(h) => Early::Header(Box::new(h)),
    }
}

/// `jwe::decrypt` with the fixed A128GCM and A256GCM `dir` keys, and
/// `jwe::decrypt_ephemeral` with a recipient key generated for this input
/// (on the curve of the header's `epk`, X25519 if none):
/// - nothing panics, and the ephemeral key never opens anything: the token
///   was made before the key existed, so an `Ok` would mean a tag that does
///   not bind the agreed key;
/// - a token that fails before key use fails identically on all three
///   paths; one that gets further fails on a key whose `alg`/`enc` is not
///   the header's with `KeyRejected(WrongAlgorithm)` (§5.2 step 6);
/// - what decrypts has a `dir` header of the key's `enc`; re-encrypting its
///   plaintext with the same header (and key) decrypts to the same plaintext
///   and header, and so does encrypting it to a fresh ECDH-ES recipient;
///   one bit changed in its tag gives `DecryptionFailed`; an allow-list
///   without its `alg` or `enc`, or a size limit one byte short, refuses it.
pub fn jwe_decrypt(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let early = early(token);
    let header = match &early {
        Early::Header(h) => Some(&**h),
        Early::Fails(_) => None,
    };
    let enc = header.map_or(Enc::A128GCM, |h| h.enc);
    let curve = header
        .and_then(|h| h.epk.as_ref())
        .and_then(|epk| {
            [Curve::P256, Curve::P384, Curve::X25519]
                .into_iter()
                .find(|c| epk.crv.as_deref() == Some(c.name()))
        })
        .unwrap_or(Curve::X25519);
    let recipient = EphemeralDecryptionKey::generate(curve, enc).expect("ephemeral key");
    let by_ecdh = jwe::decrypt_ephemeral(token, recipient, &KeyAlg::ALL, &Enc::ALL);
    assert!(
        by_ecdh.is_err(),
        "a freshly generated ECDH-ES key opened the token: {by_ecdh:?}"
    );
    let mut by_dir = Vec::new();
    for key_enc in Enc::ALL {
        let key = jwe_dir_key(key_enc);
        let opened = jwe::decrypt(token, &key, &KeyAlg::ALL, &Enc::ALL);
        match (&early, &opened) {
            (Early::Fails(Some(e)), _) => {
                assert_eq!(opened.as_ref().err(), Some(e), "dir {key_enc}: first step");
                assert_eq!(by_ecdh.as_ref().err(), Some(e), "ECDH-ES: first step");
            }
            (Early::Fails(None), Err(e)) => {
                assert_eq!(e.kind(), "crit", "crit listed, {e:?}");
                assert_eq!(by_ecdh.as_ref().err(), Some(e), "ECDH-ES: crit step");
            }
            (Early::Fails(None), Ok(_)) => panic!("a token with crit decrypted"),
            (Early::Header(h), _) if (h.alg, h.enc) != (KeyAlg::Dir, key_enc) => assert_eq!(
                opened.as_ref().err(),
                Some(&jot::KeyRejected::WrongAlgorithm.into()),
                "dir {key_enc} key, {} {} header",
                h.alg,
                h.enc
            ),
            (Early::Header(h), Ok(d)) => check_jwe_opened(token, h, &key, d),
            (Early::Header(_), Err(_)) => {}
        }
        by_dir.push(opened);
    }
    if let Early::Header(h) = &early {
        if (h.alg, h.enc) != (KeyAlg::EcdhEs, enc) {
            assert_eq!(
                by_ecdh.as_ref().err(),
                Some(&jot::KeyRejected::WrongAlgorithm.into()),
                "ECDH-ES {enc} key, {} {} header",
                h.alg,
                h.enc
            );
        }
    }
}

/// The properties of a token the fixed `dir` key decrypted.
fn check_jwe_opened(token: &str, header: &jwe::Header, key: &DecryptionKey, d: &jwe::Decrypted) {
    let enc = key.enc();
    assert_eq!(&d.header, header, "the returned header is not the token's");
    assert_eq!((d.header.alg, d.header.enc), (KeyAlg::Dir, enc));
    let all = (&KeyAlg::ALL[..], &Enc::ALL[..]);
    assert_eq!(
        jwe::decrypt(token, key, &[KeyAlg::EcdhEs], all.1).err(),
        Some(Error::JweAlgorithmNotAllowed("dir")),
        "decrypted without dir in the allow-list"
    );
    let other: Vec<Enc> = Enc::ALL.into_iter().filter(|e| *e != enc).collect();
    assert_eq!(
        jwe::decrypt(token, key, all.0, &other).err(),
        Some(Error::JweAlgorithmNotAllowed(enc.name())),
        "decrypted without {enc} in the allow-list"
    );
    let short = jwe::decrypt_with_limit(token, key, all.0, all.1, token.len() - 1);
    assert!(
        matches!(
            short,
            Err(Error::Malformed(jot::Malformed::TooLarge { .. }))
        ),
        "the size limit is not checked first: {short:?}"
    );
    let flipped = flip_last_segment(token);
    assert_eq!(
        jwe::decrypt(&flipped, key, all.0, all.1).err(),
        Some(Error::DecryptionFailed),
        "a changed tag did not fail"
    );

    // Re-encrypt with the same header (jwe::encrypt makes `epk`, never takes it).
    let mut again = d.header.clone();
    again.epk = None;
    let ek = EncryptionKey::dir(enc, jwe_dir_secret(enc)).expect("fixed dir key");
    // Within jot's limits (re-serializing can lengthen numbers, and the
    // ECDH-ES header gains an `epk`), or decryption rightly refuses it.
    let fits = |t: &str| {
        let header = t.split('.').next().unwrap_or_default();
        b64::decode(header, Part::Header).is_ok_and(|j| j.len() <= jws::MAX_HEADER_LEN)
            && t.len() <= jws::DEFAULT_MAX_TOKEN_LEN
    };
    let token2 = jwe::encrypt(&again, &d.plaintext, &ek);
    assert!(token2.is_ok(), "re-encryption failed: {:?}", token2.err());
    let token2 = token2.unwrap_or_default();
    if fits(&token2) {
        let d2 = jwe::decrypt(&token2, key, all.0, all.1);
        assert!(
            d2.as_ref()
                .is_ok_and(|d2| d2.plaintext == d.plaintext && same_jwe_header(&d2.header, &again)),
            "re-encrypted plaintext did not come back: {:?}",
            d2.err()
        );
    }
    // The same plaintext and header members, to an ECDH-ES recipient.
    let recipient = EphemeralDecryptionKey::generate(Curve::X25519, enc).expect("ephemeral key");
    let sender = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, enc)
        .expect("the recipient's public JWK");
    let mut to_ecdh = again;
    to_ecdh.alg = KeyAlg::EcdhEs;
    let token3 = jwe::encrypt(&to_ecdh, &d.plaintext, &sender);
    assert!(
        token3.is_ok(),
        "ECDH-ES encryption failed: {:?}",
        token3.err()
    );
    let token3 = token3.unwrap_or_default();
    if fits(&token3) {
        let d3 = jwe::decrypt_ephemeral(&token3, recipient, all.0, all.1);
        assert!(
            d3.as_ref().is_ok_and(|d3| d3.plaintext == d.plaintext
                && d3.header.apu == to_ecdh.apu
                && d3.header.apv == to_ecdh.apv),
            "ECDH-ES round trip lost the plaintext: {:?}",
            d3.err()
        );
    }
}

/// The token with one bit of its last segment (the tag) flipped, re-encoded
/// canonically.
fn flip_last_segment(token: &str) -> String {
    let (rest, tag) = token.rsplit_once('.').unwrap_or_default();
    let mut bytes = b64::decode(tag, Part::Signature).unwrap_or_default();
    match bytes.first_mut() {
        Some(b) => *b ^= 0x80,
        None => bytes.push(0),
    }
    format!("{rest}.{}", b64::encode(&bytes))
}
