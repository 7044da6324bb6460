//! Structured targets: inputs built with `arbitrary`, one property each.

use super::*;

/// A small JSON value from the fuzzer's bytes.
pub(super) fn arbitrary_json(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let kinds = if depth == 0 { 5 } else { 7 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => Value::from(u.arbitrary::<f64>()?),
        4 => Value::String(u.arbitrary()?),
        5 => {
            let n = u.int_in_range(0..=3)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(arbitrary_json(u, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let n = u.int_in_range(0..=3)?;
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                map.insert(u.arbitrary()?, arbitrary_json(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

pub(super) fn pick_alg(u: &mut Unstructured<'_>) -> arbitrary::Result<(usize, Algorithm)> {
    let i = u.choose_index(Algorithm::ALL.len())?;
    Ok((
        i,
        Algorithm::ALL.get(i).copied().unwrap_or(Algorithm::HS256),
    ))
}

/// Any algorithm, payload and header extras: if `sign` accepts the header,
/// `verify` accepts the token and returns the same header and payload.
/// `sign` may refuse only an extra member that shadows a typed one.
pub fn roundtrip_sign_verify(data: &[u8]) {
    let _ = sign_verify(&mut Unstructured::new(data));
}

fn sign_verify(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let (i, alg) = pick_alg(u)?;
    let Some(key) = f.signing.get(i) else {
        return Ok(());
    };
    let mut header = jws::Header::new(alg);
    if u.arbitrary()? {
        header = header.with_typ(u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        header = header.with_cty(u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        header = header.with_kid(u.arbitrary::<String>()?);
    }
    for _ in 0..u.int_in_range(0..=4)? {
        let name: String = u.arbitrary()?;
        let value = arbitrary_json(u, 2)?;
        header = header.with(name, value);
    }
    let payload: Vec<u8> = u.arbitrary()?;
    match jws::sign(&header, &payload, key) {
        Ok(token) => {
            let verified = jws::verify(&token, &f.by_alg, &[alg]);
            assert!(
                verified.is_ok(),
                "a token jot signed does not verify: {:?}",
                verified.err()
            );
            if let Ok(verified) = verified {
                assert_eq!(verified.payload, payload, "payload changed");
                assert!(
                    same_header(&verified.header, &header),
                    "header changed: {header:?} became {:?}",
                    verified.header
                );
            }
        }
        Err(e) => {
            let shadows = ["alg", "typ", "cty", "kid", "crit"]
                .iter()
                .any(|m| header.extra.contains_key(*m));
            assert!(shadows, "sign refused a header without shadowing: {e:?}");
        }
    }
    Ok(())
}

/// A generated or arbitrary-built JWK with arbitrary metadata: serialized
/// and parsed again it is the same key, its thumbprint ignores the metadata
/// (RFC 7638 §3.2: required members only) and survives every export.
pub fn roundtrip_jwk(data: &[u8]) {
    let _ = jwk_roundtrip(&mut Unstructured::new(data));
}

fn jwk_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let choice = u.choose_index(f.jwks.len() + 1)?;
    let mut jwk = match f.jwks.get(choice) {
        Some(jwk) => jwk.clone(),
        None => {
            let len = u.int_in_range(1..=128)?;
            Jwk {
                kty: "oct".into(),
                k: Some(b64::encode(u.bytes(len)?)),
                ..Jwk::default()
            }
        }
    };
    if u.arbitrary()? {
        jwk = jwk.to_public().unwrap_or(jwk);
    }
    let bare = Jwk {
        kid: None,
        ..jwk.clone()
    };
    let expected = bare.thumbprint();
    assert!(expected.is_ok(), "fixture thumbprint: {expected:?}");
    jwk.kid = u.arbitrary()?;
    if u.arbitrary()? {
        jwk.use_ = Some(u.choose(&["sig", "enc"])?.to_string());
    }
    if u.arbitrary()? {
        let (_, alg) = pick_alg(u)?;
        jwk.alg = Some(alg.name().to_owned());
    }
    if u.arbitrary()? {
        let ops = [
            "sign",
            "verify",
            "encrypt",
            "decrypt",
            "wrapKey",
            "unwrapKey",
        ];
        let mut chosen = Vec::new();
        for op in ops {
            if u.arbitrary()? {
                chosen.push(op.to_owned());
            }
        }
        jwk.key_ops = Some(chosen);
    }
    let json = jwk.to_json();
    match Jwk::from_json(&json) {
        Ok(back) => {
            assert_eq!(back, jwk, "JSON round trip changed the key");
            assert_eq!(
                back.thumbprint(),
                expected,
                "thumbprint depends on metadata"
            );
            check_jwk(&back);
        }
        // Metadata may contradict the key (an `alg` of another family);
        // then parsing refuses it, and so must `check`.
        Err(e) => assert_eq!(jwk.check(), Err(e), "from_json refused what check accepts"),
    }
    Ok(())
}

/// A valid token changed anywhere never verifies with another payload: it
/// fails, or (when the change is a no-op for the signature, as ECDSA's
/// `s -> n - s`) verifies with the very same payload and claims.
pub fn mutation_never_verifies(data: &[u8]) {
    let _ = mutate(&mut Unstructured::new(data));
}

fn mutate(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let f = fixtures();
    let Some(sample) = f.samples.get(u.choose_index(f.samples.len())?) else {
        return Ok(());
    };
    let mut bytes = sample.token.clone().into_bytes();
    for _ in 0..u.int_in_range(1..=8)? {
        let at = u.choose_index(bytes.len() + 1)?;
        match u.int_in_range(0..=3)? {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = u.arbitrary()?;
                }
            }
            1 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << u.int_in_range(0..=7)?;
                }
            }
            2 => bytes.insert(at, u.arbitrary()?),
            _ => {
                if at < bytes.len() {
                    bytes.remove(at);
                }
            }
        }
    }
    let Ok(token) = String::from_utf8(bytes) else {
        return Ok(());
    };
    if let Ok(v) = jws::verify(&token, &f.by_alg, &Algorithm::ALL) {
        assert_eq!(
            v.payload, sample.payload,
            "a changed token verified with another payload"
        );
        assert_eq!(
            v.header.alg, sample.alg,
            "a changed token verified under another alg"
        );
    }
    if let Ok(t) = jwt::verify::<Value>(&token, &f.by_alg, &validation()) {
        let original: Value = serde_json::from_slice(&sample.payload).unwrap_or_default();
        assert_eq!(
            t.claims, original,
            "a changed token verified with other claims"
        );
    }
    Ok(())
}
