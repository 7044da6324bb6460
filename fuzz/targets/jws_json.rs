//! JWS JSON Serialization (RFC 7515 §7.2), detached content (Appendix F) and
//! unencoded payloads (RFC 7797): the explicit APIs that understand `b64`.

use super::*;

/// `VerifiedJson` without the borrow of the keys, for the checks below.
type JsonResult = jot::Result<jws::json::VerifiedJson>;

/// The signature entries of a JSON document as `serde_json` reads them:
/// the `signatures` array (general) or the top object (flattened).
fn signature_entries(top: &serde_json::Map<String, Value>) -> Vec<&serde_json::Map<String, Value>> {
    match top.get("signatures") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => vec![top],
    }
}

/// Whether a verified signature's protected header says `b64: false`.
fn unencoded(protected: &serde_json::Map<String, Value>) -> bool {
    protected.get("b64") == Some(&Value::Bool(false))
}

/// Whether a header's `crit` lists `b64`.
fn crit_lists_b64(header: &jws::Header) -> bool {
    header
        .crit
        .as_deref()
        .is_some_and(|names| names.iter().any(|n| n == "b64"))
}

/// `jws::json::verify` on arbitrary text, with keys by algorithm and a JWK
/// Set by kid, and the full allow-list. What verifies names a signature
/// that exists and whose headers are the ones returned; its payload
/// re-encodes to the `payload` member (as is for `b64: false`); the same
/// document without `payload` verifies detached with that payload; an
/// allow-list without the verified `alg` never verifies that signature (only
/// a later one: signatures are tried in order); what the JWK Set verifies,
/// the same keys by algorithm verify at that index or earlier.
pub fn jws_json_verify(data: &[u8]) {
    let Some(doc) = text(data) else { return };
    let f = fixtures();
    let by_alg = jws::json::verify(doc, &f.by_alg, &Algorithm::ALL);
    let by_kid = jws::json::verify(doc, &f.set, &Algorithm::ALL);
    check_json_verified(doc, &by_alg, &f.by_alg);
    check_json_verified(doc, &by_kid, &f.set);
    if let Ok(v) = &by_kid {
        assert!(
            by_alg
                .as_ref()
                .is_ok_and(|w| w.signature_index <= v.signature_index),
            "the JWK Set verified signature {} but the same keys by algorithm give {:?}",
            v.signature_index,
            by_alg.as_ref().map(|w| w.signature_index)
        );
    }
}

fn check_json_verified(doc: &str, result: &JsonResult, keys: &impl KeySource) {
    let Ok(v) = result else { return };
    let top: Value = match serde_json::from_str(doc) {
        Ok(top) => top,
        Err(e) => panic!("json::verify accepted a document serde_json refuses: {e}"),
    };
    let Some(top) = top.as_object() else {
        panic!("json::verify accepted a document that is not an object")
    };
    let entries = signature_entries(top);
    let entry = entries.get(v.signature_index);
    assert!(
        entry.is_some(),
        "signature_index {} out of range ({} signatures)",
        v.signature_index,
        entries.len()
    );
    if let Some(entry) = entry {
        let header = entry
            .get("header")
            .cloned()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
        assert_eq!(
            header,
            Value::Object(v.unprotected.clone()),
            "the unprotected header returned is not that of signature {}",
            v.signature_index
        );
        let protected = match entry.get("protected").and_then(Value::as_str) {
            Some(p) => b64::decode(p, Part::Header)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok()),
            None => Some(Value::Object(serde_json::Map::new())),
        };
        assert_eq!(
            protected,
            Some(Value::Object(v.protected.clone())),
            "the protected header returned is not that of signature {}",
            v.signature_index
        );
    }
    assert!(
        v.unprotected.keys().all(|k| !v.protected.contains_key(k)),
        "protected and unprotected headers overlap"
    );
    assert!(
        !v.unprotected.contains_key("crit") && !v.unprotected.contains_key("b64"),
        "crit or b64 accepted unprotected"
    );
    let member = top.get("payload").and_then(Value::as_str);
    assert!(member.is_some(), "verified without a payload member");
    if let Some(member) = member {
        if unencoded(&v.protected) {
            assert_eq!(v.payload, member.as_bytes(), "b64:false payload changed");
        } else {
            assert_eq!(
                b64::encode(&v.payload),
                member,
                "payload does not re-encode to the payload member"
            );
        }
    }
    // The same document, detached: the same signature verifies.
    let mut detached = top.clone();
    detached.remove("payload");
    let detached = Value::Object(detached).to_string();
    if detached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
        let d = jws::json::verify_detached(&detached, &v.payload, keys, &Algorithm::ALL);
        assert_eq!(
            d.as_ref().map(|d| (d.signature_index, &d.payload)),
            Ok((v.signature_index, &v.payload)),
            "the detached form does not verify the same signature"
        );
    }
    let alg = v.header.alg;
    let others: Vec<Algorithm> = Algorithm::ALL.into_iter().filter(|a| *a != alg).collect();
    if let Ok(w) = jws::json::verify(doc, keys, &others) {
        assert!(
            w.signature_index > v.signature_index,
            "signature {} verified with {alg:?} off the allow-list (got index {})",
            v.signature_index,
            w.signature_index
        );
        assert_ne!(
            w.header.alg, alg,
            "verified under an alg off the allow-list"
        );
    }
}

/// The token and payload parts of a detached-target input: split at the
/// first 0x00 byte (no 0x00: the whole input is the token, the payload empty).
fn token_and_payload(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 1..).unwrap_or_default(),
        ),
        None => (data, &[]),
    }
}

/// `jws::verify_detached`, `jws::verify_unencoded` and
/// `jws::json::verify_detached` on a token and a payload (input split at the
/// first 0x00), with keys by algorithm and by kid. The compact `jws::verify`
/// and `jwt::verify` never accept a header whose `crit` lists `b64`. What
/// verifies detached also verifies attached: base64url-encoded through the
/// compact `jws::verify` (unless `crit` lists `b64`), unencoded through
/// `verify_unencoded`, and as a flattened JSON document; what verifies
/// unencoded verifies detached with its payload segment.
pub fn jws_detached_verify(data: &[u8]) {
    let (token, payload) = token_and_payload(data);
    let Some(token) = text(token) else { return };
    let f = fixtures();
    detached_checks(token, payload, &f.by_alg);
    detached_checks(token, payload, &f.set);
    if let Ok(t) = jwt::verify::<Value>(token, &f.by_alg, &validation()) {
        assert!(!crit_lists_b64(&t.header), "jwt::verify accepted crit b64");
    }
}

fn detached_checks(token: &str, payload: &[u8], keys: &impl KeySource) {
    let all = &Algorithm::ALL;
    if let Ok(v) = jws::verify(token, keys, all) {
        assert!(
            !crit_lists_b64(&v.header),
            "compact jws::verify accepted crit b64"
        );
    }
    if let Ok(v) = jws::json::verify_detached(token, payload, keys, all) {
        assert_eq!(v.payload, payload, "json detached payload changed");
        let count = serde_json::from_str::<Value>(token)
            .ok()
            .and_then(|top| top.as_object().map(|o| signature_entries(o).len()));
        assert!(
            count.is_some_and(|n| v.signature_index < n),
            "signature_index {} out of range ({count:?})",
            v.signature_index
        );
    }
    let (header, signature) = match token.split_once('.') {
        Some((h, rest)) => (h, rest.rsplit_once('.').map_or("", |(_, s)| s)),
        None => ("", ""),
    };
    if let Ok(v) = jws::verify_detached(token, payload, keys, all) {
        assert_eq!(v.payload, payload, "detached payload changed");
        let encoded = v.header.extra.get("b64") != Some(&Value::Bool(false));
        if encoded {
            let attached = format!("{header}.{}.{signature}", b64::encode(payload));
            if attached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
                let c = jws::verify(&attached, keys, all);
                if crit_lists_b64(&v.header) {
                    assert!(c.is_err(), "compact jws::verify accepted crit b64");
                } else {
                    assert_eq!(
                        c.as_ref().map(|c| &c.payload),
                        Ok(&v.payload),
                        "detached verifies but attached does not"
                    );
                }
            }
        } else if let Some(inline) = text(payload).filter(|p| !p.contains('.')) {
            let attached = format!("{header}.{inline}.{signature}");
            if attached.len() <= jws::DEFAULT_MAX_TOKEN_LEN {
                let u = jws::verify_unencoded(&attached, keys, all);
                assert_eq!(
                    u.as_ref().map(|u| &u.payload),
                    Ok(&v.payload),
                    "detached b64:false verifies but attached unencoded does not"
                );
            }
        }
        let flattened = serde_json::json!({ "protected": header, "signature": signature });
        let j = jws::json::verify_detached(&flattened.to_string(), payload, keys, all);
        assert_eq!(
            j.as_ref().map(|j| (&j.payload, &j.header)),
            Ok((&v.payload, &v.header)),
            "compact detached verifies but flattened detached does not"
        );
    }
    if let Ok(v) = jws::verify_unencoded(token, keys, all) {
        let segment = jws::split(token, jws::DEFAULT_MAX_TOKEN_LEN)
            .map(|p| p.payload)
            .unwrap_or_default();
        assert_eq!(v.payload, segment.as_bytes(), "unencoded payload changed");
        assert!(
            crit_lists_b64(&v.header) && v.header.extra.get("b64") == Some(&Value::Bool(false)),
            "verify_unencoded accepted a header without b64:false in crit"
        );
        assert!(
            jws::verify(token, keys, all).is_err(),
            "compact jws::verify accepted an unencoded token"
        );
        let detached = format!("{header}..{signature}");
        let d = jws::verify_detached(&detached, &v.payload, keys, all);
        assert_eq!(
            d.as_ref().map(|d| &d.header),
            Ok(&v.header),
            "unencoded verifies but its detached form does not"
        );
        let flattened =
            serde_json::json!({ "payload": segment, "protected": header, "signature": signature });
        let j = jws::json::verify(&flattened.to_string(), keys, all);
        assert_eq!(
            j.as_ref().map(|j| &j.payload),
            Ok(&v.payload),
            "compact unencoded verifies but flattened JSON does not"
        );
    }
}

/// JSON serialization round trip: 1-3 signers of any algorithm, `alg`
/// protected or not, `kid` and arbitrary extra members unprotected, `b64`
/// true or false for all. `json::sign` refuses only a header over
/// `MAX_HEADER_LEN`; otherwise the general syntax (and the flattened one
/// for one signer, and the detached form) verifies with the same payload,
/// and an allow-list of one signer's `alg` names the first signer with it.
pub fn roundtrip_json(data: &[u8]) {
    let _ = json_roundtrip(&mut Unstructured::new(data));
}

fn json_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    use jws::json::Signer;
    let f = fixtures();
    let raw_payload: bool = u.arbitrary()?;
    let mut signers = Vec::new();
    let mut algs = Vec::new();
    let mut unions = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let (i, alg) = pick_alg(u)?;
        let Some(key) = f.signing.get(i) else {
            return Ok(());
        };
        let mut unprotected = serde_json::Map::new();
        let protected = if !raw_payload && u.arbitrary()? {
            // Nothing protected but the payload (RFC 7520 §4.7).
            unprotected.insert("alg".into(), alg.name().into());
            None
        } else {
            let mut h = jws::Header::new(alg);
            if u.arbitrary()? {
                h = h.with_typ(u.arbitrary::<String>()?);
            }
            if raw_payload {
                h = h.with("b64", false);
                h.crit = Some(vec!["b64".into()]);
            }
            Some(h)
        };
        if u.arbitrary()? {
            unprotected.insert("kid".into(), Value::String(u.arbitrary()?));
        }
        for _ in 0..u.int_in_range(0..=3)? {
            let name: String = u.arbitrary()?;
            let value = arbitrary_json(u, 2)?;
            let taken = jws::REGISTERED.contains(&name.as_str())
                || name == "b64"
                || protected
                    .as_ref()
                    .is_some_and(|h| h.extra.contains_key(&name));
            if !taken {
                unprotected.insert(name, value);
            }
        }
        let mut union = match &protected {
            Some(h) => h
                .to_json()
                .ok()
                .and_then(|j| serde_json::from_str::<serde_json::Map<String, Value>>(&j).ok())
                .unwrap_or_default(),
            None => serde_json::Map::new(),
        };
        union.extend(unprotected.clone());
        unions.push(Value::Object(union).to_string().len());
        algs.push(alg);
        signers.push(match protected {
            Some(h) => {
                let mut s = Signer::new(key, h);
                s.unprotected = unprotected;
                s
            }
            None => Signer::unprotected_only(key, unprotected),
        });
    }
    let payload: Vec<u8> = if raw_payload {
        u.arbitrary::<String>()?.into_bytes()
    } else {
        u.arbitrary()?
    };
    let signed = match jws::json::sign(&payload, &signers) {
        Ok(signed) => signed,
        Err(e) => {
            let too_large = unions.iter().any(|n| *n > jws::MAX_HEADER_LEN);
            assert!(
                too_large && matches!(e, Error::Malformed(jot::Malformed::TooLarge { .. })),
                "json::sign refused signers it should accept: {e:?}"
            );
            return Ok(());
        }
    };
    let general = signed.general();
    if general.len() > jws::DEFAULT_MAX_TOKEN_LEN {
        assert!(
            jws::json::verify(&general, &f.by_alg, &Algorithm::ALL).is_err(),
            "a document over the size limit verified"
        );
        return Ok(());
    }
    let v = jws::json::verify(&general, &f.by_alg, &Algorithm::ALL);
    assert_eq!(
        v.as_ref().map(|v| (&v.payload, v.signature_index)),
        Ok((&payload, 0)),
        "a general document jot signed does not verify"
    );
    for (j, alg) in algs.iter().enumerate() {
        let first = algs.iter().position(|a| a == alg).unwrap_or(j);
        let w = jws::json::verify(&general, &f.by_alg, &[*alg]);
        assert_eq!(
            w.as_ref()
                .map(|w| (&w.payload, w.signature_index, w.header.alg)),
            Ok((&payload, first, *alg)),
            "allow-list [{alg:?}] does not name the first signer with it"
        );
        if let (Ok(w), Some(s)) = (&w, signers.get(first)) {
            assert!(
                same_json(
                    &Value::Object(w.unprotected.clone()),
                    &Value::Object(s.unprotected.clone())
                ),
                "unprotected header changed"
            );
        }
    }
    let flattened = signed.flattened();
    if signers.len() == 1 {
        let doc = flattened.unwrap_or_default();
        let v = jws::json::verify(&doc, &f.by_alg, &Algorithm::ALL);
        assert_eq!(
            v.as_ref().map(|v| (&v.payload, v.signature_index)),
            Ok((&payload, 0)),
            "a flattened document jot signed does not verify"
        );
    } else {
        assert!(
            flattened.is_err(),
            "flattened syntax with several signatures"
        );
    }
    let detached = signed.detached().general();
    let d = jws::json::verify_detached(&detached, &payload, &f.by_alg, &Algorithm::ALL);
    assert_eq!(
        d.as_ref().map(|d| (&d.payload, d.signature_index)),
        Ok((&payload, 0)),
        "a detached document jot signed does not verify"
    );
    assert!(
        jws::json::verify(&detached, &f.by_alg, &Algorithm::ALL).is_err(),
        "a detached document verified without its payload"
    );
    Ok(())
}
