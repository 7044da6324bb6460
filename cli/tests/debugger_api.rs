//! The web debugger's JSON API, over loopback against the real `jot`
//! binary (`jot debugger` and `jot serve`): every endpoint, and every kind
//! of bad input the issue lists (not JSON, a 1 MiB body, an unknown
//! algorithm, a garbage key, a 10 MB token), which must be a 4xx with
//! `{"error", "message"}`, never a 500.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod debugger;

use debugger::*;
use serde_json::{json, Value};

/// The RFC 7515 A.2 and A.3 tokens expired in 2011; verify them "then".
const RFC_NOW: i64 = 1_300_819_000;

fn error_of(r: &Response) -> (u16, String) {
    let body = r.json();
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{}",
        r.body
    );
    (r.status, body["error"].as_str().unwrap().to_owned())
}

fn step_names(v: &Value) -> Vec<(String, String)> {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["ok"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The explained claim `name` of a decode answer.
fn claim<'v>(d: &'v Value, name: &str) -> &'v Value {
    d["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {d}"))
}

/// The `code` of each warning of a decode or verify answer.
fn warning_codes(v: &Value) -> Vec<&str> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect()
}

#[test]
fn the_page_is_served_alone_with_a_same_origin_policy() {
    let s = Server::debugger();
    let page = get(&s.addr, "/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    for directive in ["script-src", "style-src", "connect-src", "img-src"] {
        assert!(csp.contains(&format!("{directive} 'self'")), "{csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("http"),
        "{csp}"
    );
    // The stable hooks outside checks drive the page through.
    for hook in [
        "id=\"token\"",
        "id=\"key\"",
        "id=\"key-encoding\"",
        "value=\"utf8\"",
        "value=\"base64url\"",
        "id=\"iss\"",
        "id=\"aud\"",
        "id=\"leeway\"",
        "id=\"verify\"",
        "id=\"verdict\"",
        "id=\"steps\"",
        "id=\"header\"",
        "id=\"payload\"",
        "id=\"warnings\"",
        "id=\"sign\"",
        "id=\"signed\"",
    ] {
        assert!(page.body.contains(hook), "missing {hook}");
    }
    for alg in jot::Algorithm::ALL {
        let hook = format!("name=\"alg\" value=\"{alg}\"");
        assert!(page.body.contains(&hook), "missing {hook}");
    }
    // Nothing is loaded from another origin: no absolute URL in any part,
    // no inline script or style (which the policy would block).
    let css = get(&s.addr, "/debugger/page.css");
    let js = get(&s.addr, "/debugger/page.js");
    assert_eq!((css.status, js.status), (200, 200));
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    for (name, text) in [("html", &page.body), ("css", &css.body), ("js", &js.body)] {
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{name} names a URL"
        );
        assert!(
            !text.contains("@import") && !text.contains("url("),
            "{name} loads a resource"
        );
    }
    assert!(!page.body.contains("<script>") && !page.body.contains("style="));
    // Alone, there is no demo.
    let info = get(&s.addr, "/debugger/api/info").json();
    assert_eq!(info["demo"], Value::Null);
    assert_eq!(info["fetches_urls"], false);
    assert_eq!(info["algorithms"].as_array().unwrap().len(), 13);
}

#[test]
fn jot_serve_shows_the_page_at_its_root_with_the_demo_facts() {
    let s = Server::serve();
    assert!(
        s.printed()
            .contains(&format!("web debugger: http://{}/", s.addr)),
        "{}",
        s.printed()
    );
    let page = get(&s.addr, "/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"token\""));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    let info = get(&s.addr, "/debugger/api/info").json();
    assert_eq!(info["demo"]["issuer"], "jot-demo");
    assert_eq!(info["demo"]["audience"], "jot-demo-api");
    assert_eq!(info["demo"]["jwks_uri"], "/.well-known/jwks.json");
    // The demo's own routes still work beside it.
    assert_eq!(get(&s.addr, "/.well-known/jwks.json").status, 200);
}

#[test]
fn decode_explains_claims_times_and_the_algorithm() {
    let s = Server::debugger();
    let r = api(
        &s.addr,
        "decode",
        &json!({"token": JWT_IO_TOKEN, "now": 1_516_239_322}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.json();
    assert_eq!(d["kind"], "jws");
    assert_eq!(d["verified"], false);
    assert_eq!(d["header"]["alg"], "HS256");
    assert_eq!(d["payload"]["name"], "John Doe");
    assert_eq!(d["alg"]["hash"], "SHA-256");
    assert_eq!(d["alg"]["key_type"], "oct");
    let iat = claim(&d, "iat");
    assert_eq!(iat["section"], "RFC 7519 §4.1.6");
    assert_eq!(iat["time"]["utc"], "2018-01-18 01:30:22 UTC");
    assert_eq!(iat["time"]["relative"], "issued 5 min ago");
    let sub = claim(&d, "sub");
    assert_eq!(sub["title"], "Subject");
    assert_eq!(warning_codes(&d), ["no_exp"]);
    // exp in words, both ways.
    let now = 1_700_000_000;
    let token = hs256(
        &json!({"exp": now + 240, "nbf": now - 7200}),
        GOOD_SECRET.as_bytes(),
    );
    let d = api(&s.addr, "decode", &json!({"token": token, "now": now})).json();
    let times: Vec<&str> = d["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["time"]["relative"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["expires in 4 min", "valid since 2 h ago"]);
    let token = hs256(&json!({"exp": now - 7200}), GOOD_SECRET.as_bytes());
    let d = api(&s.addr, "decode", &json!({"token": token, "now": now})).json();
    assert_eq!(d["claims"][0]["time"]["relative"], "expired 2 h ago");
}

#[test]
fn decode_warns_about_none_offered_keys_audience_and_size() {
    let s = Server::debugger();
    let codes = |token: &str, aud: Option<&str>| -> Vec<String> {
        let r = api(&s.addr, "decode", &json!({"token": token, "aud": aud}));
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                assert!(w["rule"].as_str().unwrap().contains("RFC"), "{w}");
                w["code"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let exp = now() + 600;
    let none = unsigned(&json!({"alg": "none"}), &json!({"sub": "a", "exp": exp}));
    assert_eq!(codes(&none, None), ["alg_none"]);
    let offered = unsigned(
        &json!({"alg": "RS256", "jku": "http://127.0.0.1:9/keys", "jwk": {"kty": "oct"}, "x5u": "http://x", "x5c": []}),
        &json!({"exp": exp}),
    );
    assert_eq!(
        codes(&offered, None),
        ["embedded_key", "embedded_key", "key_url", "key_url"]
    );
    let aud = hs256(&json!({"aud": "api", "exp": exp}), GOOD_SECRET.as_bytes());
    assert_eq!(codes(&aud, None), ["aud_unchecked"]);
    assert!(codes(&aud, Some("api")).is_empty());
    // Past the 64 KiB default, still under the API's body limit.
    let big = hs256(
        &json!({"exp": exp, "pad": "x".repeat(70_000)}),
        GOOD_SECRET.as_bytes(),
    );
    assert_eq!(codes(&big, None), ["too_large"]);
}

#[test]
fn decode_reads_the_json_serialization_and_a_jwe() {
    let s = Server::debugger();
    // RFC 7520 §4.6: flattened, kid unprotected.
    let doc = json!({
        "payload": "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4",
        "protected": "eyJhbGciOiJIUzI1NiJ9",
        "header": {"kid": "018c0ae5-4d9b-471b-bfd6-eef314bc7037"},
        "signature": "bWUSVaxorn7bEF1djytBd0kHv70Ly5pvbomzMWSOr20"
    });
    let d = api(&s.addr, "decode", &json!({"token": doc.to_string()})).json();
    assert_eq!(d["kind"], "jws-json");
    assert_eq!(d["header"]["alg"], "HS256");
    assert_eq!(d["header"]["kid"], "018c0ae5-4d9b-471b-bfd6-eef314bc7037");
    assert!(d["payload_text"]
        .as_str()
        .unwrap()
        .starts_with("It’s a dangerous business"));
    // A five-segment token: protected header and segment sizes.
    let jwe = nested_jwe(&[9; 32], GOOD_SECRET.as_bytes());
    let d = api(&s.addr, "decode", &json!({"token": jwe})).json();
    assert_eq!(d["kind"], "jwe");
    assert_eq!(d["header"]["alg"], "dir");
    assert_eq!(d["header"]["cty"], "JWT");
    let sizes: Vec<u64> = d["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["bytes"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes.len(), 5);
    assert_eq!((sizes[1], sizes[2], sizes[4]), (0, 12, 16));
    assert_eq!(d["payload"], Value::Null);
}

/// A nested JWT: HS256-signed, then `dir` A256GCM-encrypted, by the library.
fn nested_jwe(dir_key: &[u8], secret: &[u8]) -> String {
    let signer = jot::SigningKey::hmac(jot::Algorithm::HS256, secret).unwrap();
    let sealer = jot::jwe::EncryptionKey::dir(jot::jwe::Enc::A256GCM, dir_key).unwrap();
    jot::jwt::encode_nested(
        &jot::jws::Header::jwt(&signer),
        &json!({"sub": "nested", "exp": now() + 600}),
        &signer,
        &jot::jwe::Header::for_key(&sealer),
        &sealer,
    )
    .unwrap()
}

#[test]
fn verify_with_the_right_and_a_wrong_secret() {
    let s = Server::debugger();
    let token = hs256(
        &json!({"sub": "a", "exp": now() + 600}),
        GOOD_SECRET.as_bytes(),
    );
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    assert_eq!(v["verdict"], "VERIFIED");
    let steps = step_names(&v);
    assert!(steps.iter().all(|(_, ok)| ok != "false"), "{steps:?}");
    for name in [
        "size",
        "segments",
        "header",
        "crit",
        "alg",
        "key",
        "signature",
        "payload",
        "exp",
    ] {
        assert!(
            steps.iter().any(|(n, ok)| n == name && ok == "true"),
            "{name}: {steps:?}"
        );
    }
    assert_eq!(v["key"], "an HMAC secret of 32 bytes (UTF-8 text)");
    // The same secret, given as base64url.
    let b64 = jot::b64::encode(GOOD_SECRET);
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": b64, "key_encoding": "base64url", "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    // A wrong secret fails at the signature step, and nothing after it ran.
    let wrong = "another-32-byte-secret-for-tests";
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": wrong, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], false);
    assert_eq!(v["verdict"], "signature: invalid signature");
    assert_eq!(v["error"]["kind"], "signature");
    assert_eq!(
        step_names(&v).last().unwrap(),
        &("signature".to_owned(), "false".to_owned())
    );
    // The allow-list is the user's: HS256 left out refuses the token at alg.
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": GOOD_SECRET, "algs": ["HS384"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "algorithm_not_allowed");
    assert_eq!(step_names(&v).last().unwrap().0, "alg");
}

#[test]
fn the_jwt_io_example_matches_and_is_still_refused() {
    let s = Server::debugger();
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": JWT_IO_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], false);
    assert!(v["verdict"].as_str().unwrap().starts_with("key: "), "{v}");
    assert_eq!(
        step_names(&v).last().unwrap(),
        &("key".to_owned(), "false".to_owned())
    );
    assert_eq!(v["mac"]["matches"], true);
    assert_eq!(v["mac"]["key_bytes"], 19);
    assert_eq!(v["mac"]["required_bytes"], 32);
    assert_eq!(v["mac"]["rule"], "RFC 7518 §3.2");
    let msg = v["mac"]["message"].as_str().unwrap();
    assert!(
        msg.contains("the MAC matches") && msg.contains("must still refuse"),
        "{msg}"
    );
    assert!(msg.contains("19-byte") && msg.contains("32 bytes"), "{msg}");
    // A different short secret: the MAC does not match either.
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": "not-the-secret", "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["mac"]["matches"], false);
    assert_eq!(v["verified"], false);
}

#[test]
fn verify_with_an_rsa_pem_a_jwk_set_and_claim_checks() {
    let s = Server::debugger();
    let rs_token = data("rfc7515-a.2.jwt");
    let jwk = jot::Jwk::from_json(&data("rfc7515-a.2.public.jwk.json")).unwrap();
    let pem = jwk.to_public_pem().unwrap();
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": rs_token, "key": pem, "algs": ["RS256"], "now": RFC_NOW, "iss": "joe"}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    assert!(v["key"].as_str().unwrap().contains("PEM"), "{v}");
    // Without "now", the 2011 token has expired.
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": rs_token, "key": pem, "algs": ["RS256"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "expired");
    assert_eq!(step_names(&v).last().unwrap().0, "exp");
    // The wrong issuer.
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": rs_token, "key": pem, "algs": ["RS256"], "now": RFC_NOW, "iss": "jane"}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "issuer");
    // A mixed allow-list: the key is bound to the algorithms it fits.
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": rs_token, "key": pem, "algs": ["HS256", "RS256"], "now": RFC_NOW}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    // The RSA public key offered for an HS256 token: refused at the key step
    // (never used as an HMAC secret, SECURITY.md row 3).
    let hs = hs256(&json!({"exp": now() + 60}), GOOD_SECRET.as_bytes());
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": hs, "key": pem, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "key");
    assert_eq!(
        step_names(&v).last().unwrap(),
        &("key".to_owned(), "false".to_owned())
    );
    // ES256 through a JWK Set.
    let es_token = data("rfc7515-a.3.jwt");
    let set = format!("{{\"keys\":[{}]}}", data("rfc7515-a.3.public.jwk.json"));
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": es_token, "key": set, "algs": ["ES256"], "now": RFC_NOW}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    assert!(
        v["key"].as_str().unwrap().starts_with("a JWK Set of 1"),
        "{v}"
    );
    // Audience, leeway, optional exp, expected typ.
    let now = 1_700_000_000;
    let token = hs256(
        &json!({"aud": ["api", "web"], "exp": now - 10}),
        GOOD_SECRET.as_bytes(),
    );
    let base = json!({"token": token, "key": GOOD_SECRET, "algs": ["HS256"], "now": now});
    let with = |extra: Value| {
        let mut b = base.clone();
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        api(&s.addr, "verify", &b).json()
    };
    assert_eq!(with(json!({"aud": "web", "leeway": 60}))["verified"], true);
    assert_eq!(with(json!({"aud": "web"}))["error"]["kind"], "expired");
    assert_eq!(with(json!({"leeway": 60}))["error"]["kind"], "audience");
    assert_eq!(
        with(json!({"aud": "other", "leeway": 60}))["error"]["kind"],
        "audience"
    );
    assert_eq!(
        with(json!({"aud": "web", "leeway": 60, "typ": "at+jwt"}))["error"]["kind"],
        "type"
    );
    let no_exp = hs256(&json!({"sub": "a"}), GOOD_SECRET.as_bytes());
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": no_exp, "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "missing_claim");
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": no_exp, "key": GOOD_SECRET, "algs": ["HS256"], "exp_optional": true}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
}

#[test]
fn an_alg_none_token_is_refused_and_a_jku_is_never_fetched() {
    let s = Server::debugger();
    let trap = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let url = format!("http://{}/jwks.json", trap.local_addr().unwrap());
    let exp = now() + 600;
    let none = unsigned(
        &json!({"alg": "none", "jku": url, "x5u": url}),
        &json!({"iss": url, "exp": exp}),
    );
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": none, "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], false);
    assert_eq!(v["error"]["kind"], "unsupported_algorithm");
    assert!(
        v["verdict"].as_str().unwrap().contains("RFC 8725 §3.1"),
        "{v}"
    );
    let codes = warning_codes(&v);
    assert!(
        codes.contains(&"alg_none") && codes.contains(&"key_url"),
        "{codes:?}"
    );
    // The same with a real signature, and a jku the server could follow.
    let key = jot::SigningKey::hmac(jot::Algorithm::HS256, GOOD_SECRET.as_bytes()).unwrap();
    let header = jot::jws::Header::jwt(&key).with("jku", url.clone());
    let token = jot::jwt::encode(&header, &json!({"iss": url, "exp": exp}), &key).unwrap();
    let d = api(&s.addr, "decode", &json!({"token": token})).json();
    assert_eq!(d["header"]["jku"], url.as_str());
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": "wrong-32-byte-secret-for-the-test", "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "signature");
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        matches!(trap.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the debugger connected to a URL named in a token"
    );
}

#[test]
fn sign_then_verify_and_keygen() {
    let s = Server::debugger();
    // An HS256 key from the server, then sign and verify with it.
    let k = api(&s.addr, "keygen", &json!({"alg": "HS256"}));
    assert_eq!(k.status, 200, "{}", k.body);
    let k = k.json();
    assert_eq!(k["public_jwk"], Value::Null);
    let secret_jwk = k["private_jwk"].as_str().unwrap();
    let exp = now() + 600;
    let claims = json!({"sub": "alice", "exp": exp}).to_string();
    let r = api(
        &s.addr,
        "sign",
        &json!({"header": "{\"typ\":\"JWT\",\"kid\":\"k1\"}", "payload": claims, "alg": "HS256", "key": secret_jwk}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let d = api(&s.addr, "decode", &json!({"token": token})).json();
    assert_eq!(
        d["header"],
        json!({"alg": "HS256", "typ": "JWT", "kid": "k1"})
    );
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": secret_jwk, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["verified"], true, "{v}");
    // EdDSA: private JWK signs, public JWK and PEM verify.
    let k = api(&s.addr, "keygen", &json!({"alg": "EdDSA"})).json();
    let public_pem = k["public_pem"].as_str().unwrap();
    assert!(public_pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{k}");
    assert!(k["private_jwk"].as_str().unwrap().contains("\"d\""));
    assert!(!k["public_jwk"].as_str().unwrap().contains("\"d\""));
    let r = api(
        &s.addr,
        "sign",
        &json!({"header": "{}", "payload": claims, "alg": "EdDSA", "key": k["private_jwk"]}),
    )
    .json();
    let token = r["token"].as_str().unwrap();
    // The reply hands the verify pane the public part, never `d`.
    let handed = r["public_jwk"].as_str().unwrap();
    assert!(handed.contains("\"x\"") && !handed.contains("\"d\""), "{r}");
    for key in [&k["public_jwk"], &k["public_pem"], &r["public_jwk"]] {
        let v = api(
            &s.addr,
            "verify",
            &json!({"token": token, "key": key, "algs": ["EdDSA"]}),
        )
        .json();
        assert_eq!(v["verified"], true, "{v}");
    }
    // A private key is refused, as a verifier must (SECURITY.md rule 4), and
    // the page is told what to paste instead.
    let refused = api(
        &s.addr,
        "verify",
        &json!({"token": token, "key": k["private_jwk"], "algs": ["EdDSA"]}),
    );
    assert_eq!(error_of(&refused), (422, "key".to_owned()));
    assert!(refused.body.contains("must be public"), "{}", refused.body);
    assert!(
        refused.body.contains("paste the public key"),
        "{}",
        refused.body
    );
    // A header alg that disagrees is replaced, and the reply says so.
    let r = api(&s.addr, "sign", &json!({"header": "{\"alg\":\"none\"}", "payload": claims, "alg": "EdDSA", "key": k["private_jwk"]})).json();
    assert!(r["notes"][0].as_str().unwrap().contains("replaced"), "{r}");
    // A JWE dir key.
    let k = api(&s.addr, "keygen", &json!({"alg": "A256GCM"})).json();
    assert!(
        k["private_jwk"].as_str().unwrap().contains("\"A256GCM\""),
        "{k}"
    );
    // RSA keys come from OpenSSL, and the answer says how.
    let r = api(&s.addr, "keygen", &json!({"alg": "RS256"}));
    assert_eq!(error_of(&r), (422, "unsupported_algorithm".to_owned()));
    assert!(r.body.contains("openssl genrsa"), "{}", r.body);
}

#[test]
fn signing_with_jwt_io_secret_is_refused_with_both_sizes() {
    let s = Server::debugger();
    let r = api(
        &s.addr,
        "sign",
        &json!({"header": "{}", "payload": "{}", "alg": "HS256", "key": JWT_IO_SECRET}),
    );
    assert_eq!(error_of(&r), (422, "key".to_owned()));
    let msg = r.json()["message"].as_str().unwrap().to_owned();
    assert!(
        msg.contains("32 bytes") && msg.contains("19 bytes") && msg.contains("RFC 7518 §3.2"),
        "{msg}"
    );
    assert!(!r.body.contains(JWT_IO_SECRET));
    // Bad JSON in the header box.
    let r = api(
        &s.addr,
        "sign",
        &json!({"header": "{\"typ\":", "payload": "{}", "alg": "HS256", "key": GOOD_SECRET}),
    );
    assert_eq!(error_of(&r), (422, "malformed".to_owned()));
    // A public key cannot sign.
    let public = data("rfc7515-a.3.public.jwk.json");
    let r = api(
        &s.addr,
        "sign",
        &json!({"header": "{}", "payload": "{}", "alg": "ES256", "key": public}),
    );
    assert_eq!(error_of(&r), (422, "key".to_owned()));
}

#[test]
fn decrypt_a_nested_jwt_then_verify_the_inner_token() {
    let s = Server::debugger();
    let dir = [9u8; 32];
    let jwe = nested_jwe(&dir, GOOD_SECRET.as_bytes());
    let key_jwk = json!({"kty": "oct", "k": jot::b64::encode(dir)}).to_string();
    for (key, encoding) in [
        (key_jwk.as_str(), None),
        (&*jot::b64::encode(dir), Some("base64url")),
    ] {
        let r = api(
            &s.addr,
            "decrypt",
            &json!({"token": jwe, "key": key, "key_encoding": encoding}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let d = r.json();
        assert_eq!(d["header"]["enc"], "A256GCM");
        let inner = d["nested"].as_str().unwrap();
        let v = api(
            &s.addr,
            "verify",
            &json!({"token": inner, "key": GOOD_SECRET, "algs": ["HS256"]}),
        )
        .json();
        assert_eq!(v["verified"], true, "{v}");
        assert_eq!(d["plaintext"].as_str().unwrap(), inner);
    }
    // The wrong dir key: the tag does not verify.
    let r = api(
        &s.addr,
        "decrypt",
        &json!({"token": jwe, "key": jot::b64::encode([8u8; 32]), "key_encoding": "base64url"}),
    );
    assert_eq!(error_of(&r), (422, "decryption".to_owned()));
    // A key of no AES-GCM size.
    let r = api(
        &s.addr,
        "decrypt",
        &json!({"token": jwe, "key": jot::b64::encode([8u8; 20]), "key_encoding": "base64url"}),
    );
    assert_eq!(error_of(&r), (422, "key".to_owned()));
}

#[test]
fn bad_input_is_a_4xx_with_a_kind_and_a_message() {
    let s = Server::debugger();
    let post = |path: &str, ctype: &str, body: &[u8], declared: Option<usize>| {
        request(
            &s.addr,
            "POST",
            path,
            &[("Content-Type", ctype)],
            body,
            declared,
        )
    };
    // Not JSON, and not even declared as JSON.
    let r = post(
        "/debugger/api/verify",
        "application/json",
        b"not json",
        None,
    );
    assert_eq!(error_of(&r), (400, "bad_request".to_owned()));
    let r = post("/debugger/api/decode", "text/plain", b"{}", None);
    assert_eq!(error_of(&r), (415, "unsupported_media_type".to_owned()));
    // A member missing, of the wrong type, or unknown.
    for body in [
        json!({}),
        json!({"token": 5}),
        json!({"token": "a.b.c", "extra": 1}),
    ] {
        let r = api(&s.addr, "decode", &body);
        assert_eq!(error_of(&r), (400, "bad_request".to_owned()), "{body}");
    }
    // A 1 MiB body, sent whole.
    let big = json!({"token": "a".repeat(1 << 20)}).to_string();
    let r = post(
        "/debugger/api/decode",
        "application/json",
        big.as_bytes(),
        None,
    );
    assert_eq!(error_of(&r), (413, "too_large".to_owned()));
    // A 10 MB token: refused once the limit is passed, before the rest arrives.
    let start = format!("{{\"token\":\"{}", "a".repeat(300 * 1024));
    let r = post(
        "/debugger/api/verify",
        "application/json",
        start.as_bytes(),
        Some(10_000_000),
    );
    assert_eq!(error_of(&r), (413, "too_large".to_owned()));
    // Unknown algorithms, and none, in the allow-list.
    for alg in ["HS257", "hs256", "none"] {
        let r = api(
            &s.addr,
            "verify",
            &json!({"token": JWT_IO_TOKEN, "key": GOOD_SECRET, "algs": [alg]}),
        );
        assert_eq!(
            error_of(&r),
            (400, "unsupported_algorithm".to_owned()),
            "{alg}"
        );
    }
    let r = api(&s.addr, "keygen", &json!({"alg": "XYZ"}));
    assert_eq!(error_of(&r), (400, "unsupported_algorithm".to_owned()));
    // Garbage keys, and none at all.
    let secret_marker = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAgarbage";
    for key in [
        format!("-----BEGIN PUBLIC KEY-----\n{secret_marker}\n-----END PUBLIC KEY-----"),
        "{\"kty\":\"RSA\",\"n\":\"!!\"}".to_owned(),
        "{not json".to_owned(),
        "{\"keys\":5}".to_owned(),
    ] {
        let r = api(
            &s.addr,
            "verify",
            &json!({"token": JWT_IO_TOKEN, "key": key, "algs": ["RS256"]}),
        );
        assert_eq!(error_of(&r), (422, "key".to_owned()), "{key}");
        assert!(!r.body.contains(secret_marker));
    }
    let r = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": "", "algs": ["HS256"]}),
    );
    assert_eq!(error_of(&r), (400, "bad_request".to_owned()));
    let r = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": "%%%", "key_encoding": "base64url", "algs": ["HS256"]}),
    );
    assert_eq!(error_of(&r), (422, "key".to_owned()));
    let r = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": GOOD_SECRET, "key_encoding": "hex", "algs": ["HS256"]}),
    );
    assert_eq!(error_of(&r), (400, "bad_request".to_owned()));
    // Leeway past the library's cap.
    let r = api(
        &s.addr,
        "verify",
        &json!({"token": JWT_IO_TOKEN, "key": GOOD_SECRET, "algs": ["HS256"], "leeway": 301}),
    );
    assert_eq!(error_of(&r), (400, "bad_request".to_owned()));
    // Tokens that are not tokens: decode refuses, verify answers with the failing step.
    for token in ["", "abc", "a.b", "a.b.c.d", "%%%.b.c", "e30.e30.%%%"] {
        let r = api(&s.addr, "decode", &json!({"token": token}));
        assert_eq!(error_of(&r), (422, "malformed".to_owned()), "{token}");
    }
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": "a.b", "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(v["error"]["kind"], "malformed");
    assert_eq!(
        step_names(&v).last().unwrap(),
        &("segments".to_owned(), "false".to_owned())
    );
    // A token past the library's 64 KiB limit fails at its first step.
    let big = hs256(&json!({"pad": "x".repeat(70_000)}), GOOD_SECRET.as_bytes());
    let v = api(
        &s.addr,
        "verify",
        &json!({"token": big, "key": GOOD_SECRET, "algs": ["HS256"]}),
    )
    .json();
    assert_eq!(step_names(&v), [("size".to_owned(), "false".to_owned())]);
    // Hostile numbers and nesting: answers, never a dropped connection.
    for (claims, verified) in [
        (json!({"exp": 1e300, "nbf": -1e300, "iat": "soon"}), false),
        (json!({"exp": i64::MAX, "nbf": i64::MIN}), true),
    ] {
        let r = api(
            &s.addr,
            "decode",
            &json!({"token": unsigned(&json!({"alg": "HS256"}), &claims)}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let v = api(
            &s.addr,
            "verify",
            &json!({"token": hs256(&claims, GOOD_SECRET.as_bytes()), "key": GOOD_SECRET, "algs": ["HS256"]}),
        );
        assert_eq!(v.status, 200, "{}", v.body);
        assert_eq!(v.json()["verified"], verified, "{}", v.body);
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let r = post(
        "/debugger/api/decode",
        "application/json",
        deep.as_bytes(),
        None,
    );
    assert_eq!(error_of(&r), (400, "bad_request".to_owned()));
    let deep_header = format!(
        "{}.e30.",
        jot::b64::encode(format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(5000),
            "]".repeat(5000)
        ))
    );
    let r = api(&s.addr, "decode", &json!({"token": deep_header}));
    assert_eq!(error_of(&r), (422, "malformed".to_owned()));
    // Routes and methods that do not exist.
    assert_eq!(
        error_of(&get(&s.addr, "/debugger/api/verify")),
        (405, "method_not_allowed".to_owned())
    );
    assert_eq!(
        error_of(&get(&s.addr, "/debugger/api/nothing")),
        (404, "not_found".to_owned())
    );
    // Nothing above reached the server's output: no token, no key.
    let printed = s.printed();
    for secret in [GOOD_SECRET, JWT_IO_TOKEN, secret_marker] {
        assert!(!printed.contains(secret), "printed: {printed}");
    }
}

#[test]
fn the_page_shows_the_steps_jot_explain_prints() {
    let s = Server::debugger();
    let now = 1_700_000_000;
    let token = hs256(
        &json!({"sub": "a", "iss": "me", "exp": now + 60}),
        GOOD_SECRET.as_bytes(),
    );
    for (secret, iss) in [
        (GOOD_SECRET, "me"),
        (GOOD_SECRET, "you"),
        ("wrong-32-byte-secret-for-the-tests", "me"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jot"))
            .args([
                "explain",
                "--alg",
                "HS256",
                "--secret",
                secret,
                "--iss",
                iss,
                "--now",
                &now.to_string(),
                &token,
            ])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let explained: Vec<(String, String, String)> = text
            .lines()
            .filter_map(|l| {
                let rest = l.strip_prefix("  ")?;
                let (mark, rest) = rest.split_once(' ')?;
                let ok = match mark {
                    "✓" => "true",
                    "✗" => "false",
                    "-" => "skip",
                    _ => return None,
                };
                let (name, detail) = rest.split_once(' ')?;
                Some((
                    name.to_owned(),
                    ok.to_owned(),
                    detail.trim_start().to_owned(),
                ))
            })
            .collect();
        let v = api(
            &s.addr,
            "verify",
            &json!({"token": token, "key": secret, "algs": ["HS256"], "iss": iss, "now": now}),
        )
        .json();
        let shown: Vec<(String, String, String)> = v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let f = |k: &str| s[k].as_str().unwrap().to_owned();
                (f("name"), f("ok"), f("detail"))
            })
            .collect();
        assert!(shown.len() >= 6, "{shown:?}");
        assert_eq!(shown, explained, "{text}");
        let result = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("result: "))
            .unwrap();
        let verdict = v["verdict"].as_str().unwrap();
        assert!(
            result == verdict || result == format!("NOT VERIFIED ({verdict})"),
            "{result} vs {verdict}"
        );
    }
}
