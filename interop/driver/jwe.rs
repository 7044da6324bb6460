//! JWE on jot's side: the encryptions and curves tested, jot encrypting and
//! decrypting, and the JWE probes.

use super::*;

/// The content encryptions jot implements, all tested.
pub const JWE_ENCS: [Enc; 2] = [Enc::A128GCM, Enc::A256GCM];
/// The ECDH-ES curves jot implements, all tested.
pub const JWE_CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::X25519];
/// The JWS algorithms of the nested JWTs (RFC 7519 §5.2), inside `dir` + [`NESTED_ENC`].
pub const NESTED_ALGS: [Algorithm; 2] = [Algorithm::HS256, Algorithm::ES256];
pub const NESTED_ENC: Enc = Enc::A256GCM;

pub const DIR_PEER_TO_JOT: &str = "JWE dir: peer encrypts, jot decrypts";
pub const DIR_JOT_TO_PEER: &str = "JWE dir: jot encrypts, peer decrypts";
pub const ECDH_PEER_TO_JOT: &str = "JWE ECDH-ES: peer encrypts, jot decrypts";
pub const ECDH_JOT_TO_PEER: &str = "JWE ECDH-ES: jot encrypts, peer decrypts";
pub const NESTED_PEER_TO_JOT: &str = "nested JWT: peer signs+encrypts, jot opens";
pub const NESTED_JOT_TO_PEER: &str = "nested JWT: jot signs+encrypts, peer opens";
pub const TAMPERED_TO_PEER: &str = "JWE jot token, tag flipped: peer rejects";
pub const JWE_PROBES_JOT: &str = "JWE probes: jot rejects";
pub const JWE_PROBES_PEER: &str = "JWE probes: peer as documented";

/// What a peer library is expected to do with JWE, as the README documents it.
pub struct JweExpectations<'a> {
    /// (direction, combination) the library cannot do, e.g.
    /// `(ECDH_JOT_TO_PEER, "X25519 A128GCM")`: a peer error there is
    /// reported as "unsupported by peer", never as passed; if the peer starts
    /// doing one, the test fails. The tampered copy of a token jot sent
    /// follows its intact token's entry.
    pub unsupported: &'a [(&'a str, &'a str)],
    /// JWE probe name -> whether the library, shown the probe, returns the plaintext.
    pub probes: &'a [(&'a str, bool)],
}

/// The plaintext of every JWE check: non-ASCII, quotes, markup and JSON.
pub fn jwe_plaintext(label: &str) -> String {
    format!("jwe interop {label}: Zoë ✓ \"quoted\" </script> {{\"n\":[1,-7,null]}}")
}

pub fn random_secret(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut out)
        .expect("system random generator");
    out
}

pub fn oct_jwk(secret: &[u8]) -> Value {
    json!({"kty": "oct", "k": b64::encode(secret)})
}

/// jot encrypts `plaintext` to a JWK (an `oct` secret for `dir`, a public key for ECDH-ES).
pub fn jot_encrypt(
    alg: KeyAlg,
    enc: Enc,
    jwk: &Value,
    plaintext: &str,
    cty: Option<&str>,
) -> Result<String, String> {
    let jwk = encryption_jwk(jwk)?;
    let key =
        EncryptionKey::from_jwk(&jwk, alg, enc).map_err(|e| format!("jot encryption key: {e}"))?;
    let mut header = jot::jwe::Header::for_key(&key);
    if let Some(cty) = cty {
        header = header.with_cty(cty);
    }
    jot::jwe::encrypt(&header, plaintext.as_bytes(), &key).map_err(|e| format!("jot encrypt: {e}"))
}

/// Reads a recipient's JWK as a user would, with `Jwk::from_json` (which
/// reads X25519 keys too, RFC 8037 §2); `EncryptionKey::from_jwk` then binds it.
pub fn encryption_jwk(jwk: &Value) -> Result<Jwk, String> {
    parse_jwk(jwk)
}

/// jot decrypts a `dir` token with an `oct` JWK, allowing exactly `dir` and `enc`.
pub fn jot_decrypt_dir(enc: Enc, jwk: &Value, token: &str) -> Result<jot::jwe::Decrypted, String> {
    let jwk = parse_jwk(jwk)?;
    let key = DecryptionKey::from_jwk(&jwk, KeyAlg::Dir, enc)
        .map_err(|e| format!("jot decryption key: {e}"))?;
    jot::jwe::decrypt(token, &key, &[KeyAlg::Dir], &[enc]).map_err(|e| format!("jot decrypt: {e}"))
}

/// The header jot read names what was sent, and the plaintext is the one sent.
pub(super) fn opened(
    d: &jot::jwe::Decrypted,
    alg: KeyAlg,
    enc: Enc,
    want: &str,
) -> Result<(), String> {
    if d.header.alg != alg || d.header.enc != enc {
        return Err(format!(
            "header says {} {}, the peer was asked for {} {}",
            d.header.alg, d.header.enc, alg, enc
        ));
    }
    if d.plaintext != want.as_bytes() {
        return Err(format!(
            "plaintext differs: got {:?}",
            String::from_utf8_lossy(&d.plaintext)
        ));
    }
    Ok(())
}

/// The peer returned the plaintext jot sent.
pub(super) fn peer_opened(r: &Value, want: &str) -> Result<(), String> {
    let r = ok(r)?;
    let got = r["plaintext"].as_str().unwrap_or_default();
    if got == want {
        Ok(())
    } else {
        Err(format!("peer's plaintext differs: {got:?}"))
    }
}

pub(super) fn token_of(r: &Value) -> Result<String, String> {
    ok(r).map(|r| r["token"].as_str().unwrap_or_default().to_owned())
}

/// Flips one bit of the first byte of a compact JWE's authentication tag,
/// keeping the encoding canonical: only the tag check can catch it.
pub fn flip_tag(token: &str) -> Result<String, String> {
    let (head, tag) = token.rsplit_once('.').ok_or("no tag segment")?;
    let mut raw = b64::decode(tag, jot::Part::Signature).map_err(|e| e.to_string())?;
    let first = raw.first_mut().ok_or("empty tag")?;
    *first ^= 0x01;
    Ok(format!("{head}.{}", b64::encode(raw)))
}

/// A JWE the peer makes (with its defaults) that jot refuses on purpose.
pub struct JweProbe {
    pub name: &'static str,
    /// The protected header the peer encrypts under.
    pub header: Value,
    /// The secret the peer encrypts with; both sides decrypt with it.
    pub secret: Vec<u8>,
    /// The `enc` jot's `dir` key is bound to, and jot's `enc` allow-list
    /// (jot's `alg` allow-list is `[dir]`).
    pub jot_key_enc: Enc,
    pub jot_encs: &'static [Enc],
    /// The allow-lists (alg, enc) the peer is given; `None`: its defaults.
    pub peer_allow: Option<(&'static [&'static str], &'static [&'static str])>,
    /// jot flips a tag bit of the peer's token before anyone decrypts it.
    pub flip_tag: bool,
    /// The `jot::Error::kind()` jot must reject it with.
    pub jot_kind: &'static str,
    /// What it means when the peer accepts it.
    pub if_peer_accepts: &'static str,
}

/// Every JWE strictness probe, with fresh secrets.
pub fn jwe_probes() -> Vec<JweProbe> {
    let probe = |name, header: Value, secret_len, jot_key_enc, jot_kind| JweProbe {
        name,
        header,
        secret: random_secret(secret_len),
        jot_key_enc,
        jot_encs: &[Enc::A256GCM],
        peer_allow: None,
        flip_tag: false,
        jot_kind,
        if_peer_accepts: "jot stricter",
    };
    let mut flipped = probe(
        "jwe_tag_flipped",
        json!({"alg": "dir", "enc": "A256GCM"}),
        32,
        Enc::A256GCM,
        "decryption",
    );
    flipped.flip_tag = true;
    let mut not_allowed = probe(
        "jwe_enc_not_in_allow_list",
        json!({"alg": "dir", "enc": "A128GCM"}),
        16,
        Enc::A128GCM,
        "algorithm_not_allowed",
    );
    not_allowed.peer_allow = Some((&["dir"], &["A256GCM"]));
    let mut zip = probe(
        "jwe_zip_deflate",
        json!({"alg": "dir", "enc": "A256GCM", "zip": "DEF"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    zip.if_peer_accepts = "jot stricter: never decompresses (RFC 8725 §3.6)";
    let mut cbc = probe(
        "jwe_enc_a128cbc_hs256",
        json!({"alg": "dir", "enc": "A128CBC-HS256"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    cbc.if_peer_accepts = "not implemented by jot (ring has no AES-CBC)";
    let mut kw = probe(
        "jwe_alg_a256kw",
        json!({"alg": "A256KW", "enc": "A256GCM"}),
        32,
        Enc::A256GCM,
        "unsupported_algorithm",
    );
    kw.if_peer_accepts = "not implemented by jot (ring has no AES key wrap)";
    vec![zip, flipped, cbc, kw, not_allowed]
}

/// jot's verdict on a JWE probe: `Ok(detail)` if jot refused it with the expected kind.
pub fn jot_refuses(p: &JweProbe, token: &str) -> Result<String, String> {
    let key = DecryptionKey::dir(p.jot_key_enc, &p.secret).map_err(|e| format!("jot key: {e}"))?;
    match jot::jwe::decrypt(token, &key, &[KeyAlg::Dir], p.jot_encs) {
        Err(e) if e.kind() == p.jot_kind => Ok(e.detail()),
        Err(e) => Err(format!(
            "jot rejected {} as {} ({e}), expected {}",
            p.name,
            e.kind(),
            p.jot_kind
        )),
        Ok(_) => Err(format!("jot ACCEPTED JWE probe {}", p.name)),
    }
}

pub(super) fn documented_unsupported(
    expect: &JweExpectations<'_>,
    direction: &str,
    label: &str,
) -> bool {
    expect
        .unsupported
        .iter()
        .any(|(d, l)| *d == direction && *l == label)
}

/// Records a JWE check, honouring the combinations documented as
/// unsupported by the peer (`documented`): a peer failure there is
/// "unsupported by peer", a pass there is a failure (the documentation is
/// stale), and anything else is an ordinary check.
pub(super) fn jwe_check(
    report: &mut Report,
    documented: bool,
    direction: &'static str,
    label: &str,
    outcome: Result<(), String>,
) {
    match (outcome, documented) {
        (Ok(()), true) => report.check(
            direction,
            label,
            Err("the peer now does this: remove it from the documented unsupported list and interop/README.md".into()),
        ),
        (Err(e), true) if e.starts_with("peer: ") => report.unsupported(direction, label, &e),
        (outcome, _) => report.check(direction, label, outcome),
    }
}
