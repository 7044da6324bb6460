//! Bounded concurrent load on loopback: 2,000 requests from 32 tasks, with a
//! timeout. Every valid request succeeds, every invalid one is refused.

mod common;

use std::time::Duration;

use axum::routing::get;
use axum::Router;
use common::{spawn, Http};
use jot::jwt::{self, Claims, NumericDate, Validation};
use jot::{jws::Header, Algorithm, Jwk, JwkSet, SigningKey};
use jot_axum::{JwtClaims, JwtLayer};

const TASKS: usize = 32;
const PER_TASK: usize = 2_000 / TASKS + 1; // 63 × 32 = 2,016

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_valid_and_invalid_requests() {
    let private = Jwk::generate(Algorithm::ES256).unwrap();
    let signer = SigningKey::from_jwk(&private, Algorithm::ES256)
        .unwrap()
        .with_kid("k1");
    let mut public = private.to_public().unwrap();
    public.kid = Some("k1".into());
    let keys = JwkSet::new(vec![public]).unwrap();
    let v = Validation::new(&[Algorithm::ES256]).issuer("load");
    let app = Router::new()
        .route(
            "/api/greet",
            get(|JwtClaims(c): JwtClaims<Claims>| async move {
                format!("hi {}!", c.sub.unwrap_or_default())
            }),
        )
        .layer(JwtLayer::<Claims>::new(keys, v));
    let http = Http::new(spawn(app).await);

    let sign = |sub: &str, exp: i64| {
        let c = Claims::new(serde_json::Map::new())
            .with_subject(sub)
            .with_issuer("load")
            .with_expiration(NumericDate::from_secs(exp));
        jwt::encode(&Header::jwt(&signer), &c, &signer).unwrap()
    };
    let far = NumericDate::now().as_secs_f64() as i64 + 3600;
    let valid: Vec<String> = (0..TASKS).map(|i| sign(&format!("user{i}"), far)).collect();
    let expired = sign("late", 1_000);
    let mut forged = valid[0].clone();
    forged.truncate(forged.len() - 4);
    forged.push_str("AAAA");

    let run = async {
        let mut tasks = Vec::new();
        for (t, good) in valid.iter().enumerate() {
            let (http, good, expired, forged) =
                (http.clone(), good.clone(), expired.clone(), forged.clone());
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut refused) = (0usize, 0usize);
                for i in 0..PER_TASK {
                    match i % 4 {
                        0 => {
                            let a = http.bearer("/api/greet", &expired).await;
                            assert_eq!(a.status, 401);
                            assert_eq!(a.json()["error_description"], "token expired");
                            refused += 1;
                        }
                        1 => {
                            let a = http.bearer("/api/greet", &forged).await;
                            assert_eq!(a.status, 401);
                            refused += 1;
                        }
                        _ => {
                            let a = http.bearer("/api/greet", &good).await;
                            assert_eq!(a.status, 200);
                            assert_eq!(a.body, format!("hi user{t}!"));
                            ok += 1;
                        }
                    }
                }
                (ok, refused)
            }));
        }
        let mut totals = (0, 0);
        for t in tasks {
            let (ok, refused) = t.await.unwrap();
            totals.0 += ok;
            totals.1 += refused;
        }
        totals
    };
    let (ok, refused) = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("load test timed out");
    assert_eq!(ok + refused, TASKS * PER_TASK);
    assert!(ok + refused >= 2_000);
    assert_eq!(
        refused,
        TASKS * PER_TASK.div_ceil(4) + TASKS * ((PER_TASK + 2) / 4)
    );
}
