//! The JWS strictness probes: tokens that are correctly signed (or keys that
//! are well formed) but that jot rejects on purpose, shown to each peer too.

use super::*;

/// A token that is correctly signed (or a key that is well formed) but that
/// jot rejects on purpose, to be shown to a peer too.
pub struct Probe {
    pub name: &'static str,
    pub alg: Algorithm,
    pub token: String,
    /// The JWK the verifier is given.
    pub key: Value,
    /// Whether the verifier is configured with `aud` (and `iss`).
    pub configure_aud: bool,
    /// The `jot::Error::kind()` jot must reject it with.
    pub jot_kind: &'static str,
}

fn compact(header: &str, payload: &str, key: &SigningKey) -> String {
    let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
    let sig = key.sign(input.as_bytes()).expect("jot signs");
    format!("{input}.{}", b64::encode(sig))
}

fn with_padding(s: String) -> String {
    let pad = (4 - s.len() % 4) % 4;
    s + &"=".repeat(pad)
}

/// RFC 7518 §3.4 signature (R || S, fixed width) as the ASN.1 DER the RFC forbids.
pub fn fixed_to_der(sig: &[u8]) -> Vec<u8> {
    let (r, s) = sig.split_at(sig.len() / 2);
    let int = |x: &[u8]| {
        let mut x: Vec<u8> = x.iter().copied().skip_while(|&b| b == 0).collect();
        if x.first().is_none_or(|&b| b >= 0x80) {
            x.insert(0, 0);
        }
        let mut out = vec![0x02, u8::try_from(x.len()).expect("short integer")];
        out.extend(x);
        out
    };
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(u8::try_from(body.len()).expect("short sequence"));
    out.extend(body);
    out
}

/// Changes the unused low bits of the last base64url character: the same
/// bytes for a lenient decoder, non-canonical for RFC 7515 §2 / RFC 4648 §3.5.
pub fn flip_trailing_bits(token: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (head, last) = token.split_at(token.len() - 1);
    let sig_len = token.rsplit('.').next().expect("segment").len();
    // Unused bits in the last character: 2 if len % 4 == 3, 4 if len % 4 == 2.
    let unused = match sig_len % 4 {
        3 => 2,
        2 => 4,
        _ => panic!("signature length {sig_len} has no unused bits"),
    };
    let i = ALPHABET
        .iter()
        .position(|&c| c == last.as_bytes()[0])
        .expect("base64url character");
    let j = i ^ ((1 << unused) - 1);
    format!("{head}{}", ALPHABET[j] as char)
}

/// Every strictness probe, with jot's keys for ES256 (and a short HMAC key).
pub fn probes(keys: &BTreeMap<Algorithm, KeyPair>, now: i64) -> Vec<Probe> {
    let es = &keys[&Algorithm::ES256];
    let signer = SigningKey::from_jwk(&parse_jwk(&es.private).expect("jwk"), Algorithm::ES256)
        .expect("ES256 key");
    let header = r#"{"alg":"ES256","typ":"JWT"}"#;
    let base = |extra: &str| format!(r#"{{"sub":"alice","exp":{}{extra}}}"#, now + 600);
    let probe = |name, token: String, jot_kind| Probe {
        name,
        alg: Algorithm::ES256,
        token,
        key: es.public.clone(),
        configure_aud: false,
        jot_kind,
    };
    let mut out = Vec::new();

    out.push(probe(
        "duplicate_registered_claim",
        compact(header, &base(r#","sub":"mallory""#), &signer),
        "malformed",
    ));

    out.push(probe(
        "duplicate_custom_claim",
        compact(header, &base(r#","x":1,"x":2"#), &signer),
        "malformed",
    ));

    // Padded segments, and the signature made over the padded signing input.
    let input = format!(
        "{}.{}",
        with_padding(b64::encode(header)),
        with_padding(b64::encode(base(r#","x":"ab""#)))
    );
    assert!(input.contains('='), "the probe needs padding to be present");
    let sig = signer.sign(input.as_bytes()).expect("sign");
    out.push(probe(
        "padded_base64url",
        format!("{input}.{}", with_padding(b64::encode(sig))),
        "malformed",
    ));

    let good = compact(header, &base(""), &signer);
    out.push(probe(
        "signature_trailing_bits",
        flip_trailing_bits(&good),
        "malformed",
    ));

    let (before, sig) = good.rsplit_once('.').expect("three segments");
    let (a, b) = sig.split_at(sig.len() / 2);
    out.push(probe(
        "signature_with_junk_character",
        format!("{before}.{a}!{b}"),
        "malformed",
    ));

    let raw = b64::decode(sig, jot::Part::Signature).expect("signature");
    out.push(probe(
        "ecdsa_der_signature",
        format!("{before}.{}", b64::encode(fixed_to_der(&raw))),
        "signature",
    ));

    out.push(probe(
        "aud_present_but_not_configured",
        compact(header, &base(r#","aud":"someone-else""#), &signer),
        "audience",
    ));

    let mut private = probe("private_key_for_verification", good.clone(), "key");
    private.key = es.private.clone();
    out.push(private);

    out.push(probe(
        "crit_unknown_extension",
        compact(
            r#"{"alg":"ES256","crit":["x-jot-unknown"],"x-jot-unknown":true}"#,
            &base(""),
            &signer,
        ),
        "crit",
    ));

    out.push(probe(
        "missing_exp",
        compact(header, r#"{"sub":"alice"}"#, &signer),
        "missing_claim",
    ));

    out.push(probe(
        "nbf_in_future",
        compact(header, &base(&format!(r#","nbf":{}"#, now + 3600)), &signer),
        "not_yet_valid",
    ));

    out.push(probe(
        "expired_30s_ago",
        compact(
            header,
            &format!(r#"{{"sub":"alice","exp":{}}}"#, now - 30),
            &signer,
        ),
        "expired",
    ));

    // RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
    let short = [7u8; 16];
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &short),
        format!(
            "{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(base(""))
        )
        .as_bytes(),
    );
    out.push(Probe {
        name: "short_hmac_key",
        alg: Algorithm::HS256,
        token: format!(
            "{}.{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(base("")),
            b64::encode(tag.as_ref())
        ),
        key: json!({"kty": "oct", "k": b64::encode(short)}),
        configure_aud: false,
        jot_kind: "key",
    });
    out
}

/// jot's verdict on a probe: `Ok(())` if jot rejected it with the expected kind.
pub fn jot_rejects(p: &Probe) -> Result<(), String> {
    let jwk = parse_jwk(&p.key)?;
    let mut v = Validation::new(&[p.alg]);
    if p.configure_aud {
        v = v.issuer(ISS).audience(AUD);
    }
    let result = VerifyingKey::from_jwk(&jwk, p.alg)
        .and_then(|key| jwt::verify::<Value>(&p.token, &key, &v).map(|_| ()));
    match result {
        Err(e) if e.kind() == p.jot_kind => Ok(()),
        Err(e) => Err(format!(
            "jot rejected {} as {} ({e}), expected {}",
            p.name,
            e.kind(),
            p.jot_kind
        )),
        Ok(()) => Err(format!("jot ACCEPTED probe {}", p.name)),
    }
}

/// Records a probe in the report: jot must reject it as expected, and the
/// peer must behave as `interop/README.md` says (`peer_accepts`).
pub fn record_probe(
    report: &mut Report,
    p: &Probe,
    peer_accepts: bool,
    documented_accepts: bool,
    peer_detail: &str,
) {
    report.check("probes: jot rejects", p.name, jot_rejects(p));
    let verdict = if peer_accepts { "ACCEPTS" } else { "rejects" };
    let why: String = if peer_accepts {
        "  <- jot stricter".into()
    } else {
        format!(" ({})", peer_detail.chars().take(70).collect::<String>())
    };
    report.probe(format!(
        "{:<31} jot rejects ({}), peer {verdict}{why}",
        p.name, p.jot_kind
    ));
    let doc = if peer_accepts == documented_accepts {
        Ok(())
    } else {
        Err(format!(
            "peer now {} this probe ({peer_detail}); update interop/README.md and the expectation",
            verdict.to_lowercase()
        ))
    };
    report.check("probes: peer as documented", p.name, doc);
}
