//! The demo server over loopback: login, greet, me, refresh, reuse
//! detection, logout, JWKS, and bad input.

mod common;

use common::{Answer, Http};
use http::Method;
use jot_axum::demo::{self, ServeOptions};

struct Running {
    http: Http,
    user: String,
    pass: String,
}

async fn start(opts: ServeOptions) -> (Running, demo::Server) {
    let server = demo::bind(ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..opts
    })
    .await
    .unwrap();
    let http = Http::new(server.local_addr());
    let (user, pass) = match &server.app().demo_user {
        Some(u) => (u.username.clone(), u.password.clone()),
        None => (String::new(), String::new()),
    };
    (Running { http, user, pass }, server)
}

async fn running(opts: ServeOptions) -> Running {
    let (r, server) = start(opts).await;
    tokio::spawn(server.run_until(std::future::pending()));
    r
}

async fn form(http: &Http, path: &str, body: &str) -> Answer {
    http.send(
        Method::POST,
        path,
        &[("content-type", "application/x-www-form-urlencoded")],
        body.to_owned(),
    )
    .await
}

async fn login(r: &Running) -> (String, String) {
    let a = form(
        &r.http,
        "/login",
        &format!("username={}&password={}", r.user, r.pass),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let j = a.json();
    assert_eq!(j["token_type"], "Bearer");
    assert_eq!(j["expires_in"], 300);
    assert_eq!(a.header("cache-control"), "no-store");
    (
        j["access_token"].as_str().unwrap().to_owned(),
        j["refresh_token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn login_greet_me_and_jwks() {
    let r = running(ServeOptions::default()).await;
    let (access, _) = login(&r).await;
    let a = r.http.bearer("/api/greet", &access).await;
    assert_eq!((a.status.as_u16(), a.body.as_str()), (200, "hi demo!"));
    let me = r.http.bearer("/api/me", &access).await.json();
    assert_eq!(me["sub"], "demo");
    assert_eq!(me["iss"], "jot-demo");
    assert_eq!(me["aud"], "jot-demo-api");
    for claim in ["exp", "iat", "jti"] {
        assert!(me.get(claim).is_some(), "{claim}");
    }
    let header = jot::jwt::decode_unverified(&access).unwrap().header;
    assert_eq!(header["typ"], "at+jwt");
    assert_eq!(header["alg"], "ES256");

    // The published key verifies the token on its own.
    let a = r.http.get("/.well-known/jwks.json", &[]).await;
    assert_eq!(a.header("content-type"), "application/jwk-set+json");
    let set = jot::JwkSet::from_json(&a.body).unwrap();
    assert!(set.keys().iter().all(|k| !k.is_private()));
    let v = jot::jwt::Validation::new(&[jot::Algorithm::ES256])
        .issuer("jot-demo")
        .audience("jot-demo-api");
    jot::jwt::verify::<jot::jwt::Claims>(&access, &set, &v).unwrap();

    // JSON login works too.
    let a = r
        .http
        .post_json(
            "/login",
            &serde_json::json!({"username": r.user, "password": r.pass}),
        )
        .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn protected_routes_refuse_without_valid_token() {
    let r = running(ServeOptions::default()).await;
    let a = r.http.get("/api/greet", &[]).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.header("www-authenticate"), r#"Bearer realm="jot-demo""#);
    let a = r.http.bearer("/api/me", "a.b.c").await;
    assert_eq!(a.status, 401);
    assert!(a
        .header("www-authenticate")
        .contains(r#"error="invalid_token""#));
    // A token from another demo server (another key) is refused.
    let other = running(ServeOptions::default()).await;
    let (foreign, _) = login(&other).await;
    let a = r.http.bearer("/api/greet", &foreign).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "no matching key");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let r = running(ServeOptions::default()).await;
    let (_, r1) = login(&r).await;
    let a = form(&r.http, "/refresh", &format!("refresh_token={r1}")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let r2 = a.json()["refresh_token"].as_str().unwrap().to_owned();
    let access2 = a.json()["access_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    assert_eq!(r.http.bearer("/api/greet", &access2).await.status, 200);
    let a = r
        .http
        .post_json("/refresh", &serde_json::json!({"refresh_token": r2}))
        .await;
    assert_eq!(a.status, 200);
    let r3 = a.json()["refresh_token"].as_str().unwrap().to_owned();

    // r1 again: reuse. The whole family dies, r3 included.
    let a = form(&r.http, "/refresh", &format!("refresh_token={r1}")).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error"], "invalid_grant");
    assert!(a.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("reused"));
    let a = form(&r.http, "/refresh", &format!("refresh_token={r3}")).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "refresh token revoked");
    // Every access token of the session fails at once.
    let a = r.http.bearer("/api/greet", &access2).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "token revoked");

    // Another login is not affected.
    let (_, other) = login(&r).await;
    assert_eq!(
        form(&r.http, "/refresh", &format!("refresh_token={other}"))
            .await
            .status,
        200
    );
    // Unknown token.
    let a = form(&r.http, "/refresh", "refresh_token=nope").await;
    assert_eq!(
        (
            a.status.as_u16(),
            a.json()["error_description"].as_str().unwrap()
        ),
        (401, "unknown refresh token")
    );
}

#[tokio::test]
async fn logout_revokes_refresh_and_access_tokens() {
    let r = running(ServeOptions::default()).await;
    let (access, refresh) = login(&r).await;
    let auth = format!("Bearer {access}");
    let a = r
        .http
        .send(
            Method::POST,
            "/logout",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("authorization", &auth),
            ],
            format!("refresh_token={refresh}"),
        )
        .await;
    assert_eq!(a.status, 204);
    let a = form(&r.http, "/refresh", &format!("refresh_token={refresh}")).await;
    assert_eq!(a.status, 401);
    let a = r.http.bearer("/api/greet", &access).await;
    assert_eq!(a.status, 401);
    assert!(a.header("www-authenticate").contains("token revoked"));
    // Nothing to revoke.
    let a = r.http.send(Method::POST, "/logout", &[], "").await;
    assert_eq!(a.status, 400);
}

#[tokio::test]
async fn bad_input_is_a_clear_4xx() {
    let r = running(ServeOptions::default()).await;
    let wrong = form(
        &r.http,
        "/login",
        &format!("username={}&password=wrong", r.user),
    )
    .await;
    assert_eq!(
        (
            wrong.status.as_u16(),
            wrong.json()["error"].as_str().unwrap()
        ),
        (401, "invalid_grant")
    );
    let unknown = form(&r.http, "/login", "username=mallory&password=x").await;
    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.body, wrong.body, "no user enumeration");
    let cases: Vec<(&str, &str, String, u16)> = vec![
        (
            "application/x-www-form-urlencoded",
            "/login",
            "username=demo".into(),
            400,
        ),
        (
            "application/x-www-form-urlencoded",
            "/login",
            "password=x".into(),
            400,
        ),
        (
            "application/x-www-form-urlencoded",
            "/login",
            String::new(),
            400,
        ),
        ("application/json", "/login", "{\"username\":".into(), 400),
        ("application/json", "/login", "[1,2]".into(), 400),
        (
            "application/json",
            "/login",
            r#"{"username":"demo","password":12345}"#.into(),
            400,
        ),
        (
            "application/json",
            "/login",
            format!(r#"{{"username":"demo","password":"{}"}}"#, "x".repeat(300)),
            400,
        ),
        (
            "text/plain",
            "/login",
            "username=demo&password=x".into(),
            415,
        ),
        (
            "application/json",
            "/login",
            format!(r#"{{"username":"{}"}}"#, "x".repeat(10_000)),
            413,
        ),
        ("application/json", "/refresh", "{}".into(), 400),
        ("application/json", "/refresh", "nope".into(), 400),
        ("application/json", "/logout", "nope".into(), 400),
    ];
    for (ct, path, body, status) in cases {
        let a = r
            .http
            .send(Method::POST, path, &[("content-type", ct)], body.clone())
            .await;
        assert_eq!(
            a.status.as_u16(),
            status,
            "{path} {ct} {}",
            &body[..body.len().min(60)]
        );
        let j = a.json();
        assert!(j["error"].is_string() && j["error_description"].is_string());
        assert!(!a.body.contains("12345"), "no echo of input");
    }
    // No content type at all on login.
    assert_eq!(
        r.http.send(Method::POST, "/login", &[], "x").await.status,
        415
    );
    assert_eq!(r.http.get("/login", &[]).await.status, 405);
}

#[tokio::test]
async fn users_file_and_rsa_pem_key() {
    let line = demo::hash_password_line_with("alice", "wonderland", 1_000).unwrap();
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/rsa2048.pem"
    ))
    .unwrap();
    let (mut r, server) = start(ServeOptions {
        key_pem: Some(pem),
        alg: Some(jot::Algorithm::PS256),
        users: Some(format!("# users\n{line}\n")),
        ..Default::default()
    })
    .await;
    assert!(server.app().demo_user.is_none());
    assert_eq!(server.app().alg, jot::Algorithm::PS256);
    assert!(server.banner().contains("users file"));
    tokio::spawn(server.run_until(std::future::pending()));
    r.user = "alice".into();
    r.pass = "wonderland".into();
    let (access, _) = login(&r).await;
    assert_eq!(
        jot::jwt::decode_unverified(&access).unwrap().header["alg"],
        "PS256"
    );
    assert_eq!(r.http.bearer("/api/greet", &access).await.body, "hi alice!");
    let jwks =
        jot::JwkSet::from_json(&r.http.get("/.well-known/jwks.json", &[]).await.body).unwrap();
    assert_eq!(jwks.keys()[0].kty, "RSA");
    assert!(jwks.keys()[0].d.is_none());
}

async fn err(o: ServeOptions) -> std::io::Error {
    demo::app(&o).await.expect_err("should fail")
}

#[tokio::test]
async fn bad_options_are_errors_not_panics() {
    assert_eq!(
        err(ServeOptions {
            alg: Some(jot::Algorithm::RS256),
            ..Default::default()
        })
        .await
        .kind(),
        std::io::ErrorKind::InvalidInput
    );
    assert!(err(ServeOptions {
        key_pem: Some("not pem".into()),
        ..Default::default()
    })
    .await
    .to_string()
    .starts_with("key"));
    let e = err(ServeOptions {
        users: Some("alice:plain:pw".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    assert!(!e.to_string().contains("pw"));
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/rsa2048.pem"
    ))
    .unwrap();
    assert_eq!(
        err(ServeOptions {
            key_pem: Some(pem),
            alg: Some(jot::Algorithm::ES256),
            ..Default::default()
        })
        .await
        .kind(),
        std::io::ErrorKind::InvalidInput
    );
    assert!(demo::hash_password_line("a:b", "x").is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashing_limit_turns_excess_logins_away_while_the_api_keeps_serving() {
    let line = demo::hash_password_line_with("alice", "wonderland", 50_000).unwrap();
    let mut opts = ServeOptions {
        users: Some(line),
        ..Default::default()
    };
    opts.login.max_hashing = 1;
    opts.login.hash_wait = std::time::Duration::ZERO;
    // Failures from one address must not lock it during this flood.
    opts.login.addr_free = 1_000;
    opts.login.user_free = 1_000;
    let mut r = running(opts).await;
    r.user = "alice".into();
    r.pass = "wonderland".into();
    let (access, _) = login(&r).await;
    let flood: Vec<_> = (0..8)
        .map(|_| {
            let http = r.http.clone();
            tokio::spawn(
                async move { form(&http, "/login", "username=alice&password=guess").await },
            )
        })
        .collect();
    // The API answers during the flood.
    assert_eq!(r.http.bearer("/api/greet", &access).await.status, 200);
    let mut turned_away = 0;
    for f in flood {
        let a = f.await.unwrap();
        match a.status.as_u16() {
            401 => {}
            503 => {
                turned_away += 1;
                assert_eq!(a.header("retry-after"), "1");
                assert_eq!(a.json()["error"], "temporarily_unavailable");
                assert!(a.json()["error_description"]
                    .as_str()
                    .unwrap()
                    .contains("at most 1"));
            }
            s => panic!("unexpected {s}: {}", a.body),
        }
    }
    assert!(turned_away > 0, "8 logins at once with one permit");
    // The permit came back.
    login(&r).await;
}

#[tokio::test]
async fn previous_key_verifies_and_is_published_but_never_signs() {
    let old = jot::Jwk::generate(jot::Algorithm::EdDSA).unwrap().to_json();
    let new = jot::Jwk::generate(jot::Algorithm::ES256).unwrap().to_json();
    // A token signed by the old key, on a server that only has the old key.
    let before = running(ServeOptions {
        key_pem: Some(old.clone()),
        ..Default::default()
    })
    .await;
    let (old_token, _) = login(&before).await;
    let (r, server) = start(ServeOptions {
        key_pem: Some(new),
        previous_keys: vec![old],
        ..Default::default()
    })
    .await;
    assert_eq!(server.app().alg, jot::Algorithm::ES256);
    tokio::spawn(server.run_until(std::future::pending()));
    let set =
        jot::JwkSet::from_json(&r.http.get("/.well-known/jwks.json", &[]).await.body).unwrap();
    assert_eq!(set.keys().len(), 2);
    assert!(set.keys().iter().all(|k| !k.is_private()));
    let (new_token, _) = login(&r).await;
    assert_eq!(
        jot::jwt::decode_unverified(&new_token).unwrap().header["alg"],
        "ES256"
    );
    // The old token's session lives in the other server's store: the
    // signature verifies here (kid found, EdDSA allowed), the session is unknown.
    let a = r.http.bearer("/api/greet", &old_token).await;
    assert_eq!(a.json()["error_description"], "token revoked");
    let a = r.http.bearer("/api/greet", &new_token).await;
    assert_eq!(a.status, 200);
}
