//! The remote JWK Set against a JWKS server on 127.0.0.1 that rotates its
//! keys, fails with 500, and serves malformed or oversized sets.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use common::{spawn, Http};
use jot::jwt::{self, Claims, Validation};
use jot::{jws::Header, Algorithm, Jwk, JwkSet, SigningKey};
use jot_axum::{FetchError, JwtClaims, JwtLayer, RefreshError, RemoteJwks, RemoteOptions};

/// What the fake issuer answers next.
#[derive(Clone)]
enum Mode {
    Serve(String),
    Fail,
    Raw(&'static str),
    Huge,
}

#[derive(Clone)]
struct Issuer {
    mode: Arc<Mutex<Mode>>,
    hits: Arc<AtomicUsize>,
}

impl Issuer {
    fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }
    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn jwks(State(issuer): State<Issuer>) -> (http::StatusCode, String) {
    issuer.hits.fetch_add(1, Ordering::SeqCst);
    let mode = issuer.mode.lock().unwrap().clone();
    match mode {
        Mode::Serve(body) => (http::StatusCode::OK, body),
        Mode::Fail => (http::StatusCode::INTERNAL_SERVER_ERROR, "oops".into()),
        Mode::Raw(body) => (http::StatusCode::OK, body.into()),
        Mode::Huge => (
            http::StatusCode::OK,
            format!(r#"{{"keys":[],"pad":"{}"}}"#, "x".repeat(100_000)),
        ),
    }
}

async fn start_issuer() -> (Issuer, http::Uri) {
    let issuer = Issuer {
        mode: Arc::new(Mutex::new(Mode::Fail)),
        hits: Arc::new(AtomicUsize::new(0)),
    };
    let app = Router::new()
        .route("/.well-known/jwks.json", get(jwks))
        .with_state(issuer.clone());
    let addr = spawn(app).await;
    let uri = format!("http://{addr}/.well-known/jwks.json")
        .parse()
        .unwrap();
    (issuer, uri)
}

fn key(kid: &str) -> (SigningKey, Jwk) {
    let private = Jwk::generate(Algorithm::ES256).unwrap();
    let signer = SigningKey::from_jwk(&private, Algorithm::ES256)
        .unwrap()
        .with_kid(kid);
    let mut public = private.to_public().unwrap();
    public.kid = Some(kid.into());
    (signer, public)
}

fn doc(keys: &[&Jwk]) -> Mode {
    Mode::Serve(
        JwkSet::new(keys.iter().map(|k| (*k).clone()).collect())
            .unwrap()
            .to_json(),
    )
}

fn token(k: &SigningKey) -> String {
    let c = Claims::new(serde_json::Map::new())
        .with_subject("remote-user")
        .with_issuer("issuer")
        .expires_in(300);
    jwt::encode(&Header::jwt(k), &c, k).unwrap()
}

async fn api(remote: RemoteJwks) -> Http {
    let v = Validation::new(&[Algorithm::ES256]).issuer("issuer");
    let app = Router::new()
        .route(
            "/api/greet",
            get(|JwtClaims(c): JwtClaims<Claims>| async move {
                format!("hi {}!", c.sub.unwrap_or_default())
            }),
        )
        .layer(JwtLayer::<Claims>::new(remote, v));
    Http::new(spawn(app).await)
}

const MIN: Duration = Duration::from_millis(300);

#[tokio::test]
async fn rotation_unknown_kid_rate_limit_and_stale_if_error() {
    let (issuer, uri) = start_issuer().await;
    let (a_signer, a) = key("a");
    let (b_signer, b) = key("b");
    let (c_signer, _c) = key("c");
    issuer.set(doc(&[&a]));
    let remote = RemoteJwks::http(
        uri,
        RemoteOptions::default()
            .min_refresh_interval(MIN)
            .max_bytes(16 * 1024)
            .max_keys(4),
    );
    let http = api(remote.clone()).await;

    // First request fetches the set inline.
    let r = http.bearer("/api/greet", &token(&a_signer)).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (200, "hi remote-user!")
    );
    assert_eq!(issuer.hits(), 1);

    // The issuer rotates in `b`: an unknown kid triggers one refresh.
    issuer.set(doc(&[&a, &b]));
    tokio::time::sleep(MIN).await;
    assert_eq!(
        http.bearer("/api/greet", &token(&b_signer)).await.status,
        200
    );
    assert_eq!(issuer.hits(), 2);

    // A flood of unknown kids: refused, and at most one more fetch.
    let unknown = token(&c_signer);
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let (http, t) = (http.clone(), unknown.clone());
        tasks.push(tokio::spawn(
            async move { http.bearer("/api/greet", &t).await },
        ));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["error_description"], "no matching key");
    }
    assert!(issuer.hits() <= 3, "{} fetches", issuer.hits());
    let after_flood = issuer.hits();

    // The issuer fails: known keys still verify (stale-if-error).
    for (mode, expect) in [
        (Mode::Fail, RefreshError::Fetch(FetchError::Status(500))),
        (
            Mode::Raw("{\"keys\": [garbage"),
            RefreshError::Invalid(jot::Error::Malformed(jot::Malformed::Json {
                part: jot::Part::Key,
                line: 1,
                column: 11,
            })),
        ),
        (Mode::Raw(r#"{"keys":[]}"#), RefreshError::Empty),
        (Mode::Huge, RefreshError::Fetch(FetchError::TooLarge)),
    ] {
        issuer.set(mode);
        tokio::time::sleep(MIN).await;
        assert_eq!(http.bearer("/api/greet", &unknown).await.status, 401);
        let st = remote.status().await;
        assert_eq!(
            st.last_error.as_ref().map(std::mem::discriminant),
            Some(std::mem::discriminant(&expect)),
            "{:?}",
            st.last_error
        );
        if let RefreshError::Fetch(_) | RefreshError::Empty = expect {
            assert_eq!(st.last_error, Some(expect));
        }
        assert_eq!(
            http.bearer("/api/greet", &token(&a_signer)).await.status,
            200
        );
        assert_eq!(
            http.bearer("/api/greet", &token(&b_signer)).await.status,
            200
        );
    }
    assert_eq!(issuer.hits(), after_flood + 4);

    // A set that repeats a kid is refused whole.
    let mut dup = b.clone();
    dup.kid = Some("a".into());
    issuer.set(Mode::Serve(format!(
        r#"{{"keys":[{},{}]}}"#,
        a.to_json(),
        dup.to_json()
    )));
    tokio::time::sleep(MIN).await;
    assert_eq!(
        remote.refresh().await,
        Err(RefreshError::Invalid(jot::Error::KeyRejected(
            jot::KeyRejected::DuplicateKid
        )))
    );

    // Recovery: `a` retired, `c` added.
    issuer.set(doc(&[&b, &_c]));
    tokio::time::sleep(MIN).await;
    assert_eq!(http.bearer("/api/greet", &unknown).await.status, 200);
    let r = http.bearer("/api/greet", &token(&a_signer)).await;
    assert_eq!(r.status, 401);
    assert_eq!(remote.status().await.last_error, None);
}

#[tokio::test]
async fn interval_refresh_drops_retired_keys() {
    let (issuer, uri) = start_issuer().await;
    let (a_signer, a) = key("a");
    let (_, b) = key("b");
    issuer.set(doc(&[&a]));
    let remote = RemoteJwks::http(
        uri,
        RemoteOptions::default()
            .refresh_interval(Duration::from_millis(400))
            .min_refresh_interval(Duration::from_millis(100)),
    );
    remote.refresh().await.unwrap();
    let http = api(remote.clone()).await;
    let t = token(&a_signer);
    assert_eq!(http.bearer("/api/greet", &t).await.status, 200);
    issuer.set(doc(&[&b]));
    // Still fresh: no fetch, `a` still good.
    assert_eq!(http.bearer("/api/greet", &t).await.status, 200);
    assert_eq!(issuer.hits(), 1);
    tokio::time::sleep(Duration::from_millis(450)).await;
    // Stale: this request starts a background refresh and is served with the
    // current set; the refresh lands shortly after.
    let _ = http.bearer("/api/greet", &t).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while remote.generation() < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no background refresh"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(issuer.hits(), 2);
    assert_eq!(http.bearer("/api/greet", &t).await.status, 401);
}

#[tokio::test]
async fn issuer_down_at_start_is_a_refusal_not_a_crash() {
    let (issuer, uri) = start_issuer().await;
    let (a_signer, a) = key("a");
    let remote = RemoteJwks::http(uri, RemoteOptions::default().min_refresh_interval(MIN));
    let http = api(remote.clone()).await;
    let r = http.bearer("/api/greet", &token(&a_signer)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error_description"], "no matching key");
    issuer.set(doc(&[&a]));
    tokio::time::sleep(MIN).await;
    assert_eq!(
        http.bearer("/api/greet", &token(&a_signer)).await.status,
        200
    );
}

#[tokio::test]
async fn unreachable_issuer_is_a_transport_error() {
    // Bind then drop a listener: the port is (almost surely) closed.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    let remote = RemoteJwks::http(
        format!("http://{addr}/jwks").parse().unwrap(),
        RemoteOptions::default(),
    );
    assert!(matches!(
        remote.refresh().await,
        Err(RefreshError::Fetch(FetchError::Transport(_)))
    ));
    assert_eq!(remote.generation(), 0);
}
