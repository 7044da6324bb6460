//! One test suite for every [`SessionStore`]: run against [`MemoryStore`]
//! and against [`RedisStore`] on a real redis-server (started here, on a
//! loopback port, stopped on drop).

#[path = "common/redis_server.rs"]
mod redis_server;

use std::sync::Arc;

use jot_axum::store::{
    open_successor, random_token, seal_successor, Backoff, MemoryStore, NewSession, Policy,
    RedisStore, Refused, Rotation, SessionState, SessionStore, TokenHash,
};
use redis_server::RedisServer;

fn now() -> i64 {
    jot::jwt::NumericDate::now().as_secs_f64() as i64
}

fn token() -> String {
    random_token(32).unwrap()
}

/// A fresh session with a first refresh token.
async fn login(store: &dyn SessionStore, sub: &str) -> (String, String) {
    let sid = random_token(16).unwrap();
    let t = token();
    store
        .open(
            NewSession {
                sid: sid.clone(),
                sub: sub.into(),
                token: TokenHash::of(&t),
            },
            now(),
        )
        .await
        .unwrap();
    (sid, t)
}

async fn rotate(store: &dyn SessionStore, spent: &str, next: &str) -> Rotation {
    store
        .rotate(
            TokenHash::of(spent),
            TokenHash::of(next),
            seal_successor(spent, next),
            now(),
        )
        .await
        .unwrap()
}

async fn state(store: &dyn SessionStore, sid: &str) -> SessionState {
    store.session_state(sid.into(), now()).await.unwrap()
}

/// Builds a store with a policy: the one thing that differs per backend.
type Make = Box<
    dyn Fn(Policy) -> std::pin::Pin<Box<dyn std::future::Future<Output = Arc<dyn SessionStore>>>>,
>;

async fn suite(make: Make) {
    rotation_and_reuse_revoke_the_session(&*make(Policy::default()).await).await;
    one_winner_among_concurrent_rotations(make(Policy::default()).await).await;
    grace_gives_the_same_successor_to_the_previous_token_only(
        &*make(Policy {
            refresh_grace: 30,
            ..Policy::default()
        })
        .await,
    )
    .await;
    logout_revokes_by_token_or_session(&*make(Policy::default()).await).await;
    expired_and_unknown(
        &*make(Policy {
            refresh_ttl: 5,
            ..Policy::default()
        })
        .await,
    )
    .await;
    failures_back_off_and_clear(
        &*make(Policy {
            backoff: Backoff {
                base: 2,
                max: 8,
                window: 60,
            },
            ..Policy::default()
        })
        .await,
    )
    .await;
}

async fn rotation_and_reuse_revoke_the_session(store: &dyn SessionStore) {
    let (sid, t1) = login(store, "alice").await;
    assert_eq!(state(store, &sid).await, SessionState::Active);
    let t2 = token();
    assert_eq!(
        rotate(store, &t1, &t2).await,
        Rotation::Rotated {
            sid: sid.clone(),
            sub: "alice".into()
        }
    );
    let t3 = token();
    assert!(matches!(
        rotate(store, &t2, &t3).await,
        Rotation::Rotated { .. }
    ));
    // t1 again: reuse revokes the session; its newest token says revoked.
    assert_eq!(
        rotate(store, &t1, &token()).await,
        Rotation::Refused(Refused::Reused)
    );
    assert_eq!(state(store, &sid).await, SessionState::Revoked);
    assert_eq!(
        rotate(store, &t3, &token()).await,
        Rotation::Refused(Refused::Revoked)
    );
    // Another login of the same user is not affected.
    let (other, o1) = login(store, "alice").await;
    assert_eq!(state(store, &other).await, SessionState::Active);
    assert!(matches!(
        rotate(store, &o1, &token()).await,
        Rotation::Rotated { .. }
    ));
}

async fn one_winner_among_concurrent_rotations(store: Arc<dyn SessionStore>) {
    let (sid, t1) = login(&*store, "bob").await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let store = Arc::clone(&store);
            let t1 = t1.clone();
            tokio::spawn(async move { rotate(&*store, &t1, &token()).await })
        })
        .collect();
    let mut rotated = 0;
    for t in tasks {
        match t.await.unwrap() {
            Rotation::Rotated { .. } => rotated += 1,
            Rotation::Refused(Refused::Reused | Refused::Revoked) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(rotated, 1, "exactly one rotation wins");
    assert_eq!(state(&*store, &sid).await, SessionState::Revoked);
}

async fn grace_gives_the_same_successor_to_the_previous_token_only(store: &dyn SessionStore) {
    let (sid, t1) = login(store, "carol").await;
    let t2 = token();
    assert!(matches!(
        rotate(store, &t1, &t2).await,
        Rotation::Rotated { .. }
    ));
    // A retry of t1 within the window: t2 again, sealed for t1's holder.
    match rotate(store, &t1, &token()).await {
        Rotation::Retried { sid: s, sealed, .. } => {
            assert_eq!(s, sid);
            assert_eq!(open_successor(&t1, &sealed), t2);
        }
        other => panic!("expected a retry, got {other:?}"),
    }
    assert_eq!(state(store, &sid).await, SessionState::Active);
    // Once t2 is spent, t1 is older than the previous token: reuse.
    assert!(matches!(
        rotate(store, &t2, &token()).await,
        Rotation::Rotated { .. }
    ));
    assert_eq!(
        rotate(store, &t1, &token()).await,
        Rotation::Refused(Refused::Reused)
    );
    assert_eq!(state(store, &sid).await, SessionState::Revoked);
}

async fn logout_revokes_by_token_or_session(store: &dyn SessionStore) {
    let (sid, t1) = login(store, "dave").await;
    assert!(store.revoke_token(TokenHash::of(&t1), now()).await.unwrap());
    assert_eq!(state(store, &sid).await, SessionState::Revoked);
    assert_eq!(
        rotate(store, &t1, &token()).await,
        Rotation::Refused(Refused::Revoked)
    );
    let (sid2, t2) = login(store, "dave").await;
    assert!(store.revoke_session(sid2.clone(), now()).await.unwrap());
    assert_eq!(state(store, &sid2).await, SessionState::Revoked);
    assert_eq!(
        rotate(store, &t2, &token()).await,
        Rotation::Refused(Refused::Revoked)
    );
    assert!(!store
        .revoke_token(TokenHash::of("nope"), now())
        .await
        .unwrap());
    assert!(!store.revoke_session("nope".into(), now()).await.unwrap());
}

async fn expired_and_unknown(store: &dyn SessionStore) {
    let sid = random_token(16).unwrap();
    let t = token();
    // Opened 10 s ago with a 5 s refresh lifetime.
    store
        .open(
            NewSession {
                sid: sid.clone(),
                sub: "erin".into(),
                token: TokenHash::of(&t),
            },
            now() - 10,
        )
        .await
        .unwrap();
    assert_eq!(
        rotate(store, &t, &token()).await,
        Rotation::Refused(Refused::Expired)
    );
    assert_eq!(
        rotate(store, &token(), &token()).await,
        Rotation::Refused(Refused::Unknown)
    );
    assert_eq!(state(store, "no-such-sid").await, SessionState::Unknown);
}

async fn failures_back_off_and_clear(store: &dyn SessionStore) {
    let key = format!("user:{}", random_token(8).unwrap());
    let other = format!("addr:{}", random_token(8).unwrap());
    let t = now();
    for n in 1..=2 {
        assert_eq!(store.count_failure(key.clone(), 3, t).await.unwrap(), n);
        assert_eq!(
            store.login_retry_after(vec![key.clone()], t).await.unwrap(),
            None
        );
    }
    // The third failure locks for base (2 s), the fourth for 4, then capped at 8.
    assert_eq!(store.count_failure(key.clone(), 3, t).await.unwrap(), 3);
    let keys = vec![other.clone(), key.clone()];
    assert_eq!(
        store.login_retry_after(keys.clone(), t).await.unwrap(),
        Some(2)
    );
    store.count_failure(key.clone(), 3, t).await.unwrap();
    assert_eq!(
        store.login_retry_after(keys.clone(), t).await.unwrap(),
        Some(4)
    );
    for _ in 0..5 {
        store.count_failure(key.clone(), 3, t).await.unwrap();
    }
    assert_eq!(
        store.login_retry_after(keys.clone(), t).await.unwrap(),
        Some(8)
    );
    // Past the lock, the key may try again.
    assert_eq!(
        store.login_retry_after(keys.clone(), t + 8).await.unwrap(),
        None
    );
    store.clear_failures(key.clone()).await.unwrap();
    assert_eq!(store.login_retry_after(keys, t).await.unwrap(), None);
    assert_eq!(store.count_failure(key, 3, t).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_store() {
    suite(Box::new(|policy| {
        Box::pin(async move { Arc::new(MemoryStore::new(policy)) as Arc<dyn SessionStore> })
    }))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_store() {
    let redis = RedisServer::start();
    let url = redis.url();
    suite(Box::new(move |policy| {
        let url = url.clone();
        Box::pin(async move {
            Arc::new(RedisStore::connect(&url, policy).await.unwrap()) as Arc<dyn SessionStore>
        })
    }))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_unavailable_then_recovers() {
    let mut redis = RedisServer::start();
    let store = RedisStore::connect(&redis.url(), Policy::default())
        .await
        .unwrap();
    let (sid, _) = login(&store, "frank").await;
    redis.stop();
    let err = store.session_state(sid.clone(), now()).await.unwrap_err();
    let jot_axum::store::StoreError::Unavailable {
        retry_after,
        message,
    } = err
    else {
        panic!("expected Unavailable")
    };
    assert!(retry_after >= 1);
    assert!(message.starts_with("redis: "), "{message}");
    redis.resume();
    // The connection manager reconnects by itself (the data is gone: no persistence).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        match store.session_state(sid.clone(), now()).await {
            Ok(s) => {
                assert_eq!(s, SessionState::Unknown);
                break;
            }
            Err(e) => assert!(std::time::Instant::now() < deadline, "no recovery: {e}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (sid, _) = login(&store, "frank").await;
    assert_eq!(state(&store, &sid).await, SessionState::Active);
}

#[tokio::test]
async fn a_bad_url_is_a_clear_error() {
    let e = RedisStore::connect("http://nope", Policy::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e, jot_axum::store::StoreError::InvalidUrl(_)),
        "{e:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_too_slow_is_unavailable_within_the_timeout() {
    let redis = RedisServer::start();
    let store = RedisStore::connect_with_timeout(
        &redis.url(),
        Policy::default(),
        std::time::Duration::from_millis(300),
    )
    .await
    .unwrap();
    let (sid, _) = login(&store, "grace").await;
    redis.freeze();
    let started = std::time::Instant::now();
    let answer = store.session_state(sid.clone(), now()).await;
    let waited = started.elapsed();
    redis.thaw();
    assert!(
        matches!(answer, Err(jot_axum::store::StoreError::Unavailable { .. })),
        "{answer:?}"
    );
    // Bounded by the timeout, not by Redis (a generous margin for a busy machine).
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        match store.session_state(sid.clone(), now()).await {
            Ok(s) => {
                assert_eq!(s, SessionState::Active);
                break;
            }
            Err(e) => assert!(std::time::Instant::now() < deadline, "no recovery: {e}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
