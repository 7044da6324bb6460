//! Replays every committed fuzz input on the stable toolchain. Kept whole:
//! the replay and the seed generators that feed it are one job.
//!
//! The fuzz targets' bodies live in `fuzz/targets/` (`mod.rs` and its files), included here
//! as-is, so this test runs exactly the code `cargo +nightly fuzz run` runs:
//! every file of `fuzz/seeds/<target>/` (the committed seeds) and of
//! `fuzz/regressions/<target>/` (inputs that once crashed a target).
//!
//! `generate_seeds` (ignored; run it by name) rewrites the seed corpora from
//! the shared test vectors and from tokens jot itself produces.

#[path = "../../fuzz/targets/mod.rs"]
mod targets;

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `dir`, sorted; none if it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_target_has_a_fuzz_binary() {
    for (name, _) in targets::TARGETS {
        let bin = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        let source = fs::read_to_string(&bin).unwrap_or_default();
        assert!(
            source.contains(&format!("targets::{name}(data)")),
            "{} must call targets::{name}",
            bin.display()
        );
    }
    let bins = inputs(&fuzz_dir().join("fuzz_targets"));
    assert_eq!(
        bins.len(),
        targets::TARGETS.len(),
        "a fuzz binary is not listed in TARGETS"
    );
}

#[test]
fn replay_corpus_and_regressions() {
    let mut failures = Vec::new();
    for (name, target) in targets::TARGETS {
        let mut files = inputs(&fuzz_dir().join("seeds").join(name));
        let seeds = files.len();
        files.extend(inputs(&fuzz_dir().join("regressions").join(name)));
        assert!(seeds > 0, "no seed corpus for {name}");
        // What a plain `cargo fuzz run NAME` kept, if anything: it writes to
        // fuzz/corpus/NAME/ (ignored by git). A target holds for any input,
        // so those replay too; the seed checks below read fuzz/seeds/ only.
        let found = inputs(&fuzz_dir().join("corpus").join(name));
        let local = found.len();
        files.extend(found);
        for file in &files {
            let data = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if panic::catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                failures.push(file.display().to_string());
            }
        }
        println!(
            "{name}: replayed {} inputs ({seeds} seeds, {local} from a local fuzz/corpus)",
            files.len()
        );
    }
    assert!(
        failures.is_empty(),
        "fuzz inputs that fail:\n{}",
        failures.join("\n")
    );
}

/// The seeds of `jwe_decrypt` must reach the paths where its properties are
/// checked: tokens the fixed `dir` keys decrypt, of both `enc`, and ECDH-ES
/// tokens with an `epk` on every curve (they fail only at the tag, since
/// the target's recipient key is new each time).
#[test]
fn jwe_seeds_decrypt() {
    use jot::jwe::{self, Enc, KeyAlg};
    let mut opened = [0; 2];
    let mut curves = std::collections::BTreeSet::new();
    for path in inputs(&fuzz_dir().join("seeds").join("jwe_decrypt")) {
        let token = String::from_utf8(fs::read(&path).expect("read seed")).unwrap_or_default();
        for (n, enc) in opened.iter_mut().zip(Enc::ALL) {
            let key = targets::jwe_dir_key(enc);
            *n += usize::from(jwe::decrypt(&token, &key, &[KeyAlg::Dir], &[enc]).is_ok());
        }
        let header = token.split('.').next().unwrap_or_default();
        let header =
            jot::b64::decode(header, jot::Part::Header).and_then(|h| jwe::Header::from_json(&h));
        if let Ok(h) = header {
            if h.alg == KeyAlg::EcdhEs {
                curves.extend(h.epk.and_then(|epk| epk.crv));
            }
        }
    }
    assert!(
        opened.iter().all(|n| *n >= 3),
        "dir seeds that decrypt (A128GCM, A256GCM): {opened:?}"
    );
    assert_eq!(
        curves.into_iter().collect::<Vec<_>>(),
        ["P-256", "P-384", "X25519"],
        "ECDH-ES seeds by epk curve"
    );
}

/// The seeds of the JSON and detached targets must reach the paths where
/// their properties are checked: documents and tokens that verify.
#[test]
fn json_and_detached_seeds_verify() {
    use jot::{jws, Algorithm};
    let f = targets::fixtures();
    let all = &Algorithm::ALL;
    let seeds = |name: &str| -> Vec<Vec<u8>> {
        inputs(&fuzz_dir().join("seeds").join(name))
            .iter()
            .filter_map(|p| fs::read(p).ok())
            .collect()
    };
    let mut json = [0; 2];
    for doc in seeds("jws_json_verify") {
        let doc = String::from_utf8_lossy(&doc);
        json[0] += usize::from(jws::json::verify(&doc, &f.by_alg, all).is_ok());
        json[1] += usize::from(jws::json::verify(&doc, &f.set, all).is_ok());
    }
    assert!(
        json.iter().all(|n| *n >= 3),
        "verifying JSON seeds: {json:?}"
    );
    let mut detached = [0; 4];
    for seed in seeds("jws_detached_verify") {
        let at = seed.iter().position(|b| *b == 0).unwrap_or(seed.len());
        let (token, payload) = seed.split_at(at);
        let token = String::from_utf8_lossy(token);
        let payload = payload.get(1..).unwrap_or_default();
        let ok = [
            jws::verify_detached(&token, payload, &f.by_alg, all).is_ok(),
            jws::verify_detached(&token, payload, &f.set, all).is_ok(),
            jws::verify_unencoded(&token, &f.by_alg, all).is_ok(),
            jws::json::verify_detached(&token, payload, &f.by_alg, all).is_ok(),
        ];
        for (n, ok) in detached.iter_mut().zip(ok) {
            *n += usize::from(ok);
        }
    }
    assert!(
        detached.iter().all(|n| *n >= 3),
        "verifying detached seeds (compact by alg, by kid, unencoded, JSON): {detached:?}"
    );
}

// ---------------------------------------------------------------------------
// Seed generator: `cargo test --test fuzz_replay -- --ignored generate_seeds`.
// ---------------------------------------------------------------------------

/// Where the JOSE test vectors are: `$JOT_TEST_VECTORS`, or the shared copy.
fn vectors_dir() -> PathBuf {
    let dir = std::env::var_os("JOT_TEST_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/test-vectors"));
    assert!(
        dir.is_dir(),
        "test vectors not found at {} (set JOT_TEST_VECTORS)",
        dir.display()
    );
    dir
}

/// Every `.json` file under `dir`, sorted.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in inputs(dir) {
        if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            json_files(&d, out);
        }
    }
}

/// What the vector files hold, found by shape: compact tokens, JWKs, sets.
#[derive(Default)]
struct Found {
    tokens: Vec<String>,
    jwks: Vec<String>,
    sets: Vec<String>,
}

fn walk(value: &serde_json::Value, found: &mut Found) {
    use serde_json::Value;
    match value {
        Value::String(s) if s.starts_with("eyJ") && s.split('.').count() == 3 => {
            found.tokens.push(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
        Value::Object(map) => {
            if map.contains_key("kty") {
                found.jwks.push(value.to_string());
            } else if map.get("keys").is_some_and(Value::is_array) {
                found.sets.push(value.to_string());
            }
            map.values().for_each(|v| walk(v, found));
        }
        _ => {}
    }
}

/// Keeps at most `n` distinct items, spread over the whole list.
fn spread(mut items: Vec<Vec<u8>>, n: usize) -> Vec<Vec<u8>> {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
    if items.len() <= n {
        return items;
    }
    let step = items.len() as f64 / n as f64;
    (0..n)
        .filter_map(|i| items.get((i as f64 * step) as usize).cloned())
        .collect()
}

fn write_corpus(name: &str, items: Vec<Vec<u8>>) {
    let dir = fuzz_dir().join("seeds").join(name);
    for old in inputs(&dir) {
        fs::remove_file(old).expect("remove old seed");
    }
    fs::create_dir_all(&dir).expect("create corpus dir");
    let items = spread(items, 40);
    assert!(!items.is_empty(), "no seeds for {name}");
    for (i, item) in items.iter().enumerate() {
        fs::write(dir.join(format!("seed-{i:02}")), item).expect("write seed");
    }
}

/// Deterministic bytes for the structured targets (xorshift, fixed seed).
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The PEM body of a file, as DER (the keys in `tests/data/keys`).
fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect::<String>()
        .replace('+', "-")
        .replace('/', "_")
        .replace('=', "");
    jot::b64::decode(&body, jot::Part::Key).ok()
}

#[test]
#[ignore = "rewrites fuzz/seeds; run by name to regenerate the seeds"]
fn generate_seeds() {
    use jot::{b64, jws, Algorithm, Jwk, JwkSet};

    let f = targets::fixtures();
    let mut files = Vec::new();
    json_files(&vectors_dir(), &mut files);
    let mut found = Found::default();
    for file in &files {
        let text = fs::read_to_string(file).expect("read vector");
        let value: serde_json::Value = serde_json::from_str(&text).expect("vector is JSON");
        walk(&value, &mut found);
    }

    // Tokens: jot's own first (they verify), then the vectors' (spread out).
    let own: Vec<Vec<u8>> = f
        .samples
        .iter()
        .map(|s| s.token.clone().into_bytes())
        .collect();
    let mut jws_tokens = own.clone();
    for (i, key) in f.signing.iter().enumerate() {
        let header = jws::Header::for_key(key)
            .with("b", i)
            .with_cty("text/plain");
        let payload = format!("payload {i} of jot's own tokens");
        jws_tokens.push(
            jws::sign(&header, payload.as_bytes(), key)
                .expect("sign")
                .into_bytes(),
        );
    }
    let vector_tokens = spread(
        found
            .tokens
            .iter()
            .map(|t| t.clone().into_bytes())
            .collect(),
        20,
    );
    jws_tokens.extend(vector_tokens.iter().cloned());
    let mut jwt_tokens = own.clone();
    jwt_tokens.extend(spread(vector_tokens.clone(), 10));
    write_corpus("jws_verify", jws_tokens.clone());
    write_corpus("jwt_verify", jwt_tokens);
    write_corpus("jwt_decode_unverified", jws_tokens.clone());

    // Segments: headers for the header parser, all of them for base64url.
    let mut headers = Vec::new();
    let mut segments = vec![
        b"".to_vec(),
        b"A-z_".to_vec(),
        b"AB".to_vec(),
        b"AA==".to_vec(),
    ];
    let mut claims = vec![
        br#"{"exp":1700003600,"iss":"https://issuer.example","aud":"jot-fuzz"}"#.to_vec(),
        br#"{"exp":1e400}"#.to_vec(),
        br#"{"exp":1700000000.5,"nbf":-1,"aud":["a","jot-fuzz"],"sub":"s","jti":"j"}"#.to_vec(),
        br#"{"iss":"a","iss":"b"}"#.to_vec(),
    ];
    for token in &jws_tokens {
        let token = String::from_utf8_lossy(token);
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next(), parts.next(), parts.next());
        for seg in [h, p, s].into_iter().flatten() {
            segments.push(seg.as_bytes().to_vec());
        }
        if let Some(h) = h.and_then(|h| b64::decode(h, jot::Part::Header).ok()) {
            headers.push(h);
        }
        if let Some(p) = p.and_then(|p| b64::decode(p, jot::Part::Payload).ok()) {
            if p.starts_with(b"{") {
                claims.push(p);
            }
        }
    }
    headers.push(br#"{"alg":"none"}"#.to_vec());
    headers.push(br#"{"alg":"HS256","crit":["exp"],"exp":1}"#.to_vec());
    write_corpus("b64_decode", segments);
    write_corpus("jws_header_parse", headers);
    write_corpus("claims_parse", claims);

    // Keys: jot's fixtures (private and public), then the vectors'.
    let mut jwks: Vec<Vec<u8>> = Vec::new();
    for jwk in &f.jwks {
        jwks.push(jwk.to_json().into_bytes());
        if let Ok(public) = jwk.to_public() {
            jwks.push(public.to_json().into_bytes());
        }
    }
    jwks.extend(spread(
        found.jwks.iter().map(|j| j.clone().into_bytes()).collect(),
        25,
    ));
    write_corpus("jwk_from_json", jwks);
    let mut sets = vec![f.set.to_json().into_bytes()];
    let oct: Vec<Jwk> = f
        .jwks
        .iter()
        .filter(|k| k.is_symmetric())
        .cloned()
        .collect();
    sets.push(JwkSet::new(oct).expect("oct set").to_json().into_bytes());
    sets.extend(found.sets.iter().map(|s| s.clone().into_bytes()));
    write_corpus("jwk_set_from_json", sets);

    // PEM and DER: the key files of tests/data/keys, and jot's own exports.
    let keys_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/keys");
    let mut pems = Vec::new();
    let mut ders = Vec::new();
    for path in inputs(&keys_dir) {
        let bytes = fs::read(&path).expect("read key file");
        match path.extension().and_then(|e| e.to_str()) {
            Some("pem") => {
                if let Some(der) = pem_to_der(&String::from_utf8_lossy(&bytes)) {
                    ders.push(der);
                }
                pems.push(bytes);
            }
            Some("der") => ders.push(bytes),
            _ => {}
        }
    }
    for jwk in &f.jwks {
        for pem in [jwk.to_pkcs8_pem(), jwk.to_public_pem()]
            .into_iter()
            .flatten()
        {
            if let Some(der) = pem_to_der(&pem) {
                ders.push(der);
            }
            pems.push(pem.into_bytes());
        }
    }
    write_corpus("pem_decode", pems);
    write_corpus("der_import", ders);

    let (json_docs, detached) = json_and_detached_seeds(f);
    write_corpus("jws_json_verify", json_docs);
    write_corpus("jws_detached_verify", detached);
    write_jwe_seeds();

    // Structured targets: the first byte picks the algorithm or key.
    // roundtrip_json reads 1-3 signers with extras, then a payload: longer
    // seeds, or libFuzzer's slowly growing length limit keeps it to one.
    let seeds = (0..26)
        .map(|i| pseudo_random(1000 + i as u64, 32 + 48 * i))
        .collect();
    write_corpus("roundtrip_json", seeds);
    for (name, n) in [
        ("roundtrip_sign_verify", Algorithm::ALL.len()),
        ("roundtrip_jwk", f.jwks.len() + 1),
        ("mutation_never_verifies", f.samples.len()),
    ] {
        let seeds = (0..n * 2)
            .map(|i| {
                let mut bytes = vec![(i % n) as u8];
                bytes.extend(pseudo_random(i as u64, 16 + 24 * (i / n)));
                bytes
            })
            .collect();
        write_corpus(name, seeds);
    }
}

/// The kid under which the fixtures' JWK Set holds the key of `alg`, or the
/// alg name for HMAC (not in the set: only the keys by algorithm verify it).
fn set_kid(alg: jot::Algorithm) -> &'static str {
    match (alg.key_type(), alg) {
        ("RSA", _) => "rsa",
        ("OKP", _) => "ed25519",
        ("EC", jot::Algorithm::ES384) => "p384",
        ("EC", _) => "p256",
        _ => alg.name(),
    }
}

/// `token`, a 0x00 byte, then `payload`: the input of `jws_detached_verify`.
fn with_payload(token: &str, payload: &[u8]) -> Vec<u8> {
    let mut bytes = token.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(payload);
    bytes
}

/// Seeds of `jws_json_verify` (JSON documents) and `jws_detached_verify`
/// (token, 0x00, payload): RFC 7520 §4.5-4.8 and RFC 7797 §4, then
/// documents and tokens jot signs with the fixtures, which verify.
fn json_and_detached_seeds(f: &targets::Fixtures) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    use jot::jws::{self, json::Signer, Header};
    use jot::{b64, Algorithm};
    use serde_json::Value;

    let mut docs = Vec::new();
    let mut detached = Vec::new();
    let dir = vectors_dir();
    let mut files = Vec::new();
    json_files(&dir.join("rfc7520"), &mut files);
    json_files(&dir.join("rfc"), &mut files);
    let mut rfc7520 = 0;
    let mut rfc7797 = 0;
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = fs::read_to_string(file).expect("read vector");
        let v: Value = serde_json::from_str(&text).expect("vector is JSON");
        if ["4_5", "4_6", "4_7", "4_8"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            rfc7520 += 1;
            let payload = v["input"]["payload"].as_str().expect("payload").as_bytes();
            for form in ["json", "json_flat"] {
                let Some(doc) = v["output"][form].as_object() else {
                    continue;
                };
                let doc_text = Value::Object(doc.clone()).to_string();
                if doc.contains_key("payload") {
                    docs.push(doc_text.into_bytes());
                } else {
                    // §4.5, detached: as given, and with the payload put back.
                    detached.push(with_payload(&doc_text, payload));
                    let mut attached = doc.clone();
                    attached.insert("payload".into(), b64::encode(payload).into());
                    docs.push(doc_text.into_bytes());
                    docs.push(Value::Object(attached).to_string().into_bytes());
                }
            }
            if let Some(compact) = v["output"]["compact"].as_str() {
                detached.push(with_payload(compact, payload));
            }
        } else if name.starts_with("rfc7797") {
            rfc7797 += 1;
            let payload = v["payload"].as_str().expect("payload").as_bytes();
            if let Some(doc) = v.get("json_flattened") {
                docs.push(doc.to_string().into_bytes());
            }
            for form in ["compact_detached", "compact"] {
                if let Some(token) = v[form].as_str() {
                    detached.push(with_payload(token, payload));
                }
            }
        }
    }
    assert_eq!((rfc7520, rfc7797), (4, 2), "RFC 7520 §4.5-4.8, RFC 7797 §4");

    let key = |alg: Algorithm| {
        f.signing
            .iter()
            .find(|k| k.alg() == alg)
            .expect("a fixture key per algorithm")
    };
    let payload = b"jot's own JSON serialization $.02";
    // One flattened document per algorithm, kid unprotected (RFC 7520 §4.6).
    for alg in Algorithm::ALL {
        let signer = Signer::new(key(alg), Header::new(alg)).with_unprotected("kid", set_kid(alg));
        let doc = jws::json::sign_flattened(payload, &signer).expect("sign flattened");
        docs.push(doc.into_bytes());
    }
    // General: several signers, protected or not, b64 true or false.
    let unencoded = |alg: Algorithm| {
        let mut h = Header::new(alg).with("b64", false);
        h.crit = Some(vec!["b64".into()]);
        h
    };
    let mut alg_kid = serde_json::Map::new();
    alg_kid.insert("alg".into(), "ES256".into());
    alg_kid.insert("kid".into(), "p256".into());
    let groups: Vec<Vec<Signer<'_>>> = vec![
        vec![
            Signer::new(key(Algorithm::HS256), Header::new(Algorithm::HS256)),
            Signer::new(key(Algorithm::RS256), Header::new(Algorithm::RS256))
                .with_unprotected("kid", "rsa"),
            Signer::unprotected_only(key(Algorithm::ES256), alg_kid),
        ],
        vec![
            Signer::new(key(Algorithm::EdDSA), unencoded(Algorithm::EdDSA))
                .with_unprotected("kid", "ed25519"),
            Signer::new(key(Algorithm::HS512), unencoded(Algorithm::HS512)),
        ],
        vec![Signer::new(
            key(Algorithm::PS384),
            Header::new(Algorithm::PS384).with_typ("JOSE+JSON"),
        )
        .with_unprotected("x-note", serde_json::json!({"a": [1, 2.5, null]}))],
    ];
    for signers in &groups {
        let signed = jws::json::sign(payload, signers).expect("sign general");
        docs.push(signed.general().into_bytes());
        if let Ok(flat) = signed.flattened() {
            docs.push(flat.into_bytes());
        }
        let gone = signed.detached();
        detached.push(with_payload(&gone.general(), payload));
        if let Ok(flat) = gone.flattened() {
            detached.push(with_payload(&flat, payload));
        }
    }
    // Compact, detached and unencoded, for a spread of algorithms.
    for alg in [
        Algorithm::HS256,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ] {
        let k = key(alg);
        let plain = Header::new(alg).with_kid(set_kid(alg));
        let token = jws::sign_detached(&plain, payload, k).expect("sign detached");
        detached.push(with_payload(&token, payload));
        let token = jws::sign_detached(&unencoded(alg), payload, k).expect("sign detached");
        detached.push(with_payload(&token, payload));
        let token = jws::sign_unencoded(&plain, "jot-unencoded$02", k).expect("sign unencoded");
        detached.push(token.into_bytes());
    }
    // b64:true listed in crit: understood here, never by compact verify.
    let mut listed = Header::new(Algorithm::HS256).with("b64", true);
    listed.crit = Some(vec!["b64".into()]);
    let k = key(Algorithm::HS256);
    let token = jws::sign_detached(&listed, payload, k).expect("sign detached");
    detached.push(with_payload(&token, payload));
    (docs, detached)
}

/// Rewrites only the JWE corpora (`generate_seeds` rewrites them too).
#[test]
#[ignore = "rewrites fuzz/seeds/jwe_*; run by name to regenerate the JWE seeds"]
fn generate_jwe_seeds() {
    write_jwe_seeds();
}

/// Every compact JWE (five segments, a JSON header) in `value`.
fn walk_jwe(value: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::String(s) if s.starts_with("eyJ") && s.split('.').count() == 5 => {
            out.push(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| walk_jwe(v, out)),
        Value::Object(map) => map.values().for_each(|v| walk_jwe(v, out)),
        _ => {}
    }
}

/// Seeds of `jwe_decrypt` (tokens) and `jwe_header_parse` (their headers,
/// decoded, and hand-made ones): `dir` tokens made with the fixed keys of
/// `targets::jwe_dir_key`, which decrypt; ECDH-ES tokens on every curve;
/// the RFC 7520 §5.6 and some Wycheproof tokens; broken variants.
fn write_jwe_seeds() {
    use jot::jwe::{self, Curve, Enc, EncryptionKey, EphemeralDecryptionKey, Header, KeyAlg};
    use jot::{b64, Part};

    let mut tokens: Vec<String> = Vec::new();
    let claims = br#"{"iss":"https://issuer.example","aud":"jot-fuzz","exp":1700003600}"#;
    for enc in Enc::ALL {
        let key = EncryptionKey::dir(enc, targets::jwe_dir_secret(enc)).expect("dir key");
        let headers = [
            Header::for_key(&key),
            Header::for_key(&key).with_kid("k1").with_typ("JWT"),
            Header::for_key(&key)
                .with_cty("JWT")
                .with_parties(*b"Alice", *b"Bob"),
            Header::for_key(&key)
                .with("x-n", 1.5)
                .with("x-o", serde_json::json!({"a": [1, null, "b"]})),
        ];
        let plaintexts: [&[u8]; 4] = [b"", b"hello jwe", claims, &[0xff; 40]];
        for (h, pt) in headers.iter().zip(plaintexts) {
            tokens.push(jwe::encrypt(h, pt, &key).expect("encrypt"));
        }
    }
    for (curve, enc) in [
        (Curve::P256, Enc::A128GCM),
        (Curve::P384, Enc::A256GCM),
        (Curve::X25519, Enc::A128GCM),
        (Curve::X25519, Enc::A256GCM),
    ] {
        let recipient = EphemeralDecryptionKey::generate(curve, enc).expect("recipient");
        let key = EncryptionKey::from_jwk(recipient.public_jwk(), KeyAlg::EcdhEs, enc)
            .expect("recipient key");
        let header = Header::for_key(&key).with_parties(*b"Alice", *b"Bob");
        tokens.push(jwe::encrypt(&header, b"hello ecdh", &key).expect("encrypt"));
    }
    // The vectors' compact JWEs: RFC 7520 §5.6 (dir, A128GCM) first.
    let dir = vectors_dir();
    let mut files = Vec::new();
    json_files(&dir.join("rfc7520").join("jwe"), &mut files);
    let mut rfc = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("read vector");
        walk_jwe(
            &serde_json::from_str(&text).expect("vector is JSON"),
            &mut rfc,
        );
    }
    let wycheproof = dir.join("wycheproof").join("json_web_encryption_test.json");
    let text = fs::read_to_string(wycheproof).expect("read Wycheproof JWE");
    let mut wp = Vec::new();
    walk_jwe(
        &serde_json::from_str(&text).expect("vector is JSON"),
        &mut wp,
    );
    let is_dir = |t: &String| t.starts_with("eyJhbGciOiJkaXIi"); // {"alg":"dir"
    let (rfc_dir, rfc_other): (Vec<String>, Vec<String>) = rfc.into_iter().partition(is_dir);
    assert!(!rfc_dir.is_empty(), "RFC 7520 §5.6 (dir) not found");
    tokens.extend(rfc_dir.into_iter().take(1));
    for (list, n) in [(rfc_other, 3), (wp, 4)] {
        let picked = spread(list.into_iter().map(String::into_bytes).collect(), n);
        tokens.extend(
            picked
                .into_iter()
                .map(|t| String::from_utf8(t).expect("ASCII token")),
        );
    }

    // Broken variants of the first dir token.
    let base = tokens.first().cloned().expect("a dir token");
    let parts: Vec<&str> = base.split('.').collect();
    let with = |i: usize, new: &str| {
        let mut p = parts.clone();
        p[i] = new;
        p.join(".")
    };
    let header_of = |json: &str| with(0, &b64::encode(json));
    tokens.extend([
        parts[..4].join("."),
        format!("{base}.AA"),
        with(1, "AAAA"),
        with(2, "AAAAAAAAAAAA"),
        with(4, "AAAAAAAAAAAAAAAAAAAA"),
        with(3, &format!("{}=", parts[3])),
        header_of(r#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#),
        header_of(r#"{"alg":"dir","enc":"A128GCM","crit":["x"],"x":1}"#),
        header_of(r#"{"alg":"dir","enc":"A128GCM","epk":{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}"#),
        header_of(r#"{"alg":"ECDH-ES","enc":"A128GCM"}"#),
        format!(r#"{{"protected":"{}","iv":"{}","ciphertext":"{}","tag":"{}"}}"#, parts[0], parts[2], parts[3], parts[4]),
        String::new(),
    ]);
    assert!(
        tokens.len() <= 40,
        "{} JWE seeds: write_corpus would thin them",
        tokens.len()
    );

    let mut headers: Vec<Vec<u8>> = Vec::new();
    for token in &tokens {
        let h = token.split('.').next().unwrap_or_default();
        if let Ok(json) = b64::decode(h, Part::Header) {
            if json.starts_with(b"{") {
                headers.push(json);
            }
        }
    }
    headers.extend(
        [
            r#"{"alg":"dir","enc":"A256GCM","enc":"A128GCM"}"#,
            r#"{"alg":"dir"}"#,
            r#"{"alg":"RSA-OAEP","enc":"A128CBC-HS256"}"#,
            r#"{"alg":"ECDH-ES","enc":"A128GCM","apu":"QWxpY2U=","apv":"Qm9i"}"#,
            r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":{"kty":"EC","crv":"P-256","x":1}}"#,
            r#"{"alg":"dir","enc":"A128GCM","crit":[]}"#,
            r#"{"alg":"dir","enc":"A128GCM","x":1e400}"#,
            r#"{"alg":"dir","enc":"A128GCM","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
        ]
        .map(|h| h.as_bytes().to_vec()),
    );
    write_corpus(
        "jwe_decrypt",
        tokens.into_iter().map(String::into_bytes).collect(),
    );
    write_corpus("jwe_header_parse", headers);
}
