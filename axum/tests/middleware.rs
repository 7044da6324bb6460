//! The layer over real HTTP on loopback: every refusal and its header, the
//! token sources, skipping, optional mode, custom errors, rotation.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use common::{spawn, Http};
use jot::jwt::{self, Claims, NumericDate, Validation};
use jot::{jws::Header, Algorithm, Jwk, JwkSet, SigningKey, VerifyingKey};
use jot_axum::{JwtClaims, JwtLayer, OptionalJwtClaims, ReplaceableKeys, TokenSource};

const SECRET: [u8; 32] = [7; 32];

fn signer() -> SigningKey {
    SigningKey::hmac(Algorithm::HS256, &SECRET).unwrap()
}

fn claims(sub: &str) -> Claims {
    Claims::new(serde_json::Map::new())
        .with_subject(sub)
        .with_issuer("test-issuer")
        .with_audience("test-api")
        .expires_in(300)
}

fn token(c: &Claims) -> String {
    let key = signer();
    jwt::encode(&Header::jwt(&key), c, &key).unwrap()
}

fn validation() -> Validation {
    Validation::new(&[Algorithm::HS256])
        .issuer("test-issuer")
        .audience("test-api")
}

async fn greet(JwtClaims(c): JwtClaims<Claims>) -> String {
    format!("hi {}!", c.sub.unwrap_or_default())
}

/// A server whose protected handler counts the requests that reach it.
async fn server(layer: JwtLayer<Claims>) -> (Http, Arc<AtomicUsize>) {
    let reached = Arc::new(AtomicUsize::new(0));
    let r = Arc::clone(&reached);
    let app = Router::new()
        .route(
            "/api/greet",
            get(move |c: JwtClaims<Claims>| {
                r.fetch_add(1, Ordering::SeqCst);
                greet(c)
            }),
        )
        .route("/health", get(|| async { "ok" }))
        .layer(layer);
    (Http::new(spawn(app).await), reached)
}

fn layer() -> JwtLayer<Claims> {
    let key = VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap();
    JwtLayer::new(key, validation()).realm("test")
}

#[tokio::test]
async fn valid_token_reaches_handler_with_claims() {
    let (http, reached) = server(layer()).await;
    let a = http.bearer("/api/greet", &token(&claims("alice"))).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body, "hi alice!");
    assert_eq!(reached.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn missing_token_is_401_with_bare_challenge() {
    let (http, reached) = server(layer()).await;
    let a = http.get("/api/greet", &[]).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.header("www-authenticate"), r#"Bearer realm="test""#);
    assert_eq!(a.header("content-type"), "application/json");
    assert_eq!(a.json()["error"], "missing_token");
    // Another scheme is no bearer token at all.
    let a = http
        .get("/api/greet", &[("authorization", "Basic YTpi")])
        .await;
    assert_eq!(a.status, 401);
    assert_eq!(a.header("www-authenticate"), r#"Bearer realm="test""#);
    assert_eq!(reached.load(Ordering::SeqCst), 0);

    // Without a realm: just `Bearer`.
    let key = VerifyingKey::hmac(Algorithm::HS256, &SECRET).unwrap();
    let (http, _) = server(JwtLayer::new(key, validation())).await;
    assert_eq!(
        http.get("/api/greet", &[]).await.header("www-authenticate"),
        "Bearer"
    );
}

/// Each bad token, the description it must get, and that it never reaches
/// the handler.
#[tokio::test]
async fn every_invalid_token_variant() {
    let (http, reached) = server(layer()).await;
    let good = token(&claims("alice"));
    let mut tampered = good.clone();
    // A and E both leave the last character's two unused bits zero (RFC 7515
    // §2 canonical base64url), so the token stays well-formed and only the
    // MAC is wrong (B after A would be malformed: 1 in 16 runs).
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'E' } else { 'A' });
    let hs384 = {
        let k = SigningKey::hmac(Algorithm::HS384, &[7; 48]).unwrap();
        jwt::encode(&Header::jwt(&k), &claims("alice"), &k).unwrap()
    };
    let other_key = {
        let k = SigningKey::hmac(Algorithm::HS256, &[8; 32]).unwrap();
        jwt::encode(&Header::jwt(&k), &claims("alice"), &k).unwrap()
    };
    let mut expired = claims("alice");
    expired.exp = Some(NumericDate::from_secs(1_000_000));
    let mut future = claims("alice");
    future.nbf = Some(NumericDate::from_secs(i64::from(u32::MAX)));
    let mut no_exp = claims("alice");
    no_exp.exp = None;
    let none_alg = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.";
    let cases = [
        (tampered, "invalid signature"),
        (other_key, "invalid signature"),
        (hs384, "algorithm not allowed"),
        (token(&expired), "token expired"),
        (token(&future), "token not yet valid"),
        (token(&no_exp), "required claim missing"),
        (token(&claims("a").with_issuer("evil")), "invalid issuer"),
        (
            token(&claims("a").with_audience("other")),
            "invalid audience",
        ),
        ("not-a-jwt".to_owned(), "token is malformed"),
        ("a.b.c".to_owned(), "token is malformed"),
        (none_alg.to_owned(), "algorithm not supported"),
    ];
    for (tok, description) in cases {
        let a = http.bearer("/api/greet", &tok).await;
        assert_eq!(a.status, 401, "{description}");
        assert_eq!(
            a.header("www-authenticate"),
            format!(
                r#"Bearer realm="test", error="invalid_token", error_description="{description}""#
            )
        );
        let body = a.json();
        assert_eq!(body["error"], "invalid_token");
        assert_eq!(body["error_description"], description);
        // Nothing of the token comes back.
        assert!(tok.len() < 4 || !a.body.contains(&tok));
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn unusable_authorization_is_400_invalid_request() {
    let (http, reached) = server(layer()).await;
    let a = http
        .get("/api/greet", &[("authorization", "Bearer ")])
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.header("www-authenticate"),
        r#"Bearer realm="test", error="invalid_request", error_description="empty bearer token""#
    );
    let t = token(&claims("alice"));
    let auth = format!("Bearer {t}");
    let a = http
        .get(
            "/api/greet",
            &[("authorization", &auth), ("authorization", &auth)],
        )
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"], "invalid_request");
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn token_from_query_cookie_and_header_sources() {
    let l = layer().sources([
        TokenSource::header(http::HeaderName::from_static("x-token")),
        TokenSource::query("access_token"),
        TokenSource::cookie("jwt"),
    ]);
    let (http, _) = server(l).await;
    let t = token(&claims("carol"));
    let a = http
        .get(&format!("/api/greet?x=1&access_token={t}"), &[])
        .await;
    assert_eq!((a.status.as_u16(), a.body.as_str()), (200, "hi carol!"));
    let cookie = format!("theme=dark; jwt={t}");
    let a = http.get("/api/greet", &[("cookie", &cookie)]).await;
    assert_eq!((a.status.as_u16(), a.body.as_str()), (200, "hi carol!"));
    let a = http.get("/api/greet", &[("x-token", &t)]).await;
    assert_eq!((a.status.as_u16(), a.body.as_str()), (200, "hi carol!"));
    // Bearer is not among the sources here.
    let a = http.bearer("/api/greet", &t).await;
    assert_eq!(a.status, 401);
    // The first source found wins, even if a later one is valid.
    let a = http
        .get("/api/greet?access_token=garbage", &[("cookie", &cookie)])
        .await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "token is malformed");
}

#[tokio::test]
async fn skipped_route_passes_without_token() {
    let (http, reached) = server(layer().skip(|p| p.uri.path() == "/health")).await;
    let a = http.get("/health", &[]).await;
    assert_eq!((a.status.as_u16(), a.body.as_str()), (200, "ok"));
    // A skipped request carries no claims: an extractor on it refuses.
    let (http2, _) = server(layer().skip(|p| p.uri.path() == "/api/greet")).await;
    let a = http2.get("/api/greet", &[]).await;
    assert_eq!(a.status, 401);
    // Not skipped: still protected.
    assert_eq!(http.get("/api/greet", &[]).await.status, 401);
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn optional_mode_missing_passes_invalid_refused() {
    async fn home(OptionalJwtClaims(c): OptionalJwtClaims<Claims>) -> String {
        match c.and_then(|c| c.sub) {
            Some(s) => format!("welcome back, {s}"),
            None => "welcome, guest".into(),
        }
    }
    async fn strict(c: Option<JwtClaims<Claims>>) -> String {
        format!("{}", c.is_some())
    }
    let app = Router::new()
        .route("/", get(home))
        .route("/opt", get(strict))
        .layer(layer().optional());
    let http = Http::new(spawn(app).await);
    assert_eq!(http.get("/", &[]).await.body, "welcome, guest");
    let a = http.bearer("/", &token(&claims("dave"))).await;
    assert_eq!(a.body, "welcome back, dave");
    assert_eq!(
        http.bearer("/opt", &token(&claims("dave"))).await.body,
        "true"
    );
    assert_eq!(http.get("/opt", &[]).await.body, "false");
    let mut expired = claims("dave");
    expired.exp = Some(NumericDate::from_secs(10));
    let a = http.bearer("/", &token(&expired)).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "token expired");
}

#[tokio::test]
async fn custom_error_response() {
    let l = layer().on_error(|e| {
        let mut res = axum::response::Response::new(axum::body::Body::from(format!(
            "nope: {}",
            e.description()
        )));
        *res.status_mut() = http::StatusCode::FORBIDDEN;
        res
    });
    let (http, reached) = server(l).await;
    let a = http.get("/api/greet", &[]).await;
    assert_eq!(
        (a.status.as_u16(), a.body.as_str()),
        (403, "nope: bearer token required")
    );
    let a = http.bearer("/api/greet", "x.y.z").await;
    assert_eq!(
        (a.status.as_u16(), a.body.as_str()),
        (403, "nope: token is malformed")
    );
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

fn es256(kid: &str) -> (SigningKey, Jwk) {
    let private = Jwk::generate(Algorithm::ES256).unwrap();
    let signer = SigningKey::from_jwk(&private, Algorithm::ES256)
        .unwrap()
        .with_kid(kid);
    let mut public = private.to_public().unwrap();
    public.kid = Some(kid.into());
    (signer, public)
}

#[tokio::test]
async fn key_rotation_through_replaceable_set() {
    let (old_signer, old_public) = es256("2024");
    let (new_signer, new_public) = es256("2025");
    let keys = ReplaceableKeys::new(JwkSet::new(vec![old_public]).unwrap());
    let v = Validation::new(&[Algorithm::ES256])
        .issuer("test-issuer")
        .audience("test-api");
    let (http, _) = server(JwtLayer::new(keys.clone(), v)).await;
    let sign = |k: &SigningKey| jwt::encode(&Header::jwt(k), &claims("erin"), k).unwrap();
    let (old_tok, new_tok) = (sign(&old_signer), sign(&new_signer));
    assert_eq!(http.bearer("/api/greet", &old_tok).await.status, 200);
    let a = http.bearer("/api/greet", &new_tok).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error_description"], "no matching key");

    // Overlap: both keys, then the old one retired.
    let old_public = keys.snapshot().keys()[0].clone();
    keys.replace(JwkSet::new(vec![old_public, new_public.clone()]).unwrap());
    assert_eq!(http.bearer("/api/greet", &old_tok).await.status, 200);
    assert_eq!(http.bearer("/api/greet", &new_tok).await.status, 200);
    keys.replace(JwkSet::new(vec![new_public]).unwrap());
    assert_eq!(http.bearer("/api/greet", &old_tok).await.status, 401);
    assert_eq!(http.bearer("/api/greet", &new_tok).await.body, "hi erin!");
}

/// The layer on a plain tower service, not an axum Router.
#[tokio::test]
async fn works_on_any_tower_http_service() {
    use tower::{Layer, ServiceExt};
    let svc = tower::service_fn(|req: http::Request<String>| async move {
        let sub = req
            .extensions()
            .get::<JwtClaims<Claims>>()
            .and_then(|c| c.0.sub.clone())
            .unwrap_or_default();
        Ok::<_, std::convert::Infallible>(http::Response::new(http_body_util::Full::new(
            bytes::Bytes::from(sub),
        )))
    });
    let svc = layer().layer(svc);
    let t = token(&claims("frank"));
    let req = http::Request::get("/")
        .header("authorization", format!("Bearer {t}"))
        .body(String::new())
        .unwrap();
    let res = svc.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), 200);
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap();
    assert_eq!(body.to_bytes(), "frank");
    let res = svc
        .oneshot(http::Request::get("/").body(String::new()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn revocation_hook_refuses_revoked_and_fails_closed() {
    let asked = Arc::new(AtomicUsize::new(0));
    let a = Arc::clone(&asked);
    let layer = layer().revocation(move |c: &Claims| {
        a.fetch_add(1, Ordering::SeqCst);
        let sub = c.sub.clone().unwrap_or_default();
        async move {
            match sub.as_str() {
                "mallory" => Err(jot_axum::Revocation::Revoked),
                "outage" => Err(jot_axum::Revocation::Unavailable { retry_after: 3 }),
                _ => Ok(()),
            }
        }
    });
    let (http, reached) = server(layer).await;
    let ok = http.bearer("/api/greet", &token(&claims("alice"))).await;
    assert_eq!((ok.status.as_u16(), ok.body.as_str()), (200, "hi alice!"));

    let revoked = http.bearer("/api/greet", &token(&claims("mallory"))).await;
    assert_eq!(revoked.status, 401);
    assert_eq!(
        revoked.header("www-authenticate"),
        r#"Bearer realm="test", error="invalid_token", error_description="token revoked""#
    );
    assert_eq!(revoked.json()["error"], "invalid_token");

    let down = http.bearer("/api/greet", &token(&claims("outage"))).await;
    assert_eq!(down.status, 503);
    assert_eq!(down.header("retry-after"), "3");
    assert_eq!(down.json()["error"], "temporarily_unavailable");

    // A token that does not verify never reaches the hook; nothing refused
    // reaches the handler.
    let bad = http.bearer("/api/greet", "a.b.c").await;
    assert_eq!(bad.status, 401);
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    assert_eq!(reached.load(Ordering::SeqCst), 1);
}
