//! `jot serve` on several instances: two real `jot serve` processes sharing a
//! real redis-server (both on loopback ephemeral ports, stopped on drop),
//! driven over HTTP as a load balancer would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
#[path = "common/http.rs"]
mod http;
#[path = "../../axum/tests/common/redis_server.rs"]
mod redis_server;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TempDir;
use http::{http, Reply};
use redis_server::RedisServer;

/// One `jot serve` process, killed on drop.
struct Instance {
    child: Child,
    addr: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[String]) -> Instance {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let Some(Ok(first)) = lines.next() else {
        let mut err = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        panic!("jot serve did not start: {err}");
    };
    let addr = first
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    // Keep draining stdout: a closed pipe would make the server's next print fail.
    std::thread::spawn(move || lines.for_each(drop));
    Instance { child, addr }
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

fn post(addr: &str, path: &str, form: &str) -> Reply {
    http(addr, "POST", path, &[FORM], form)
}

fn greet(addr: &str, access: &str) -> Reply {
    http(
        addr,
        "GET",
        "/api/greet",
        &[("Authorization", &format!("Bearer {access}"))],
        "",
    )
}

/// Tokens from a 200 answer of /login or /refresh.
fn pair(r: &Reply) -> (String, String) {
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    (
        j["access_token"].as_str().unwrap().to_owned(),
        j["refresh_token"].as_str().unwrap().to_owned(),
    )
}

/// Logs in, waiting out a 503 of the hashing limit (never more than a few).
fn login(addr: &str, user: &str, password: &str) -> Reply {
    for _ in 0..50 {
        let r = post(
            addr,
            "/login",
            &format!("username={user}&password={password}"),
        );
        if r.status != 503 {
            return r;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("login kept answering 503");
}

fn refresh(addr: &str, token: &str) -> Reply {
    post(addr, "/refresh", &format!("refresh_token={token}"))
}

/// A shared store, a shared key and users file, and the flags that use them.
struct Cluster {
    redis: RedisServer,
    dir: TempDir,
}

impl Cluster {
    fn new(tag: &str) -> Cluster {
        let dir = TempDir::new(tag);
        let line = jot_axum::demo::hash_password_line_with("alice", "wonderland", 1_000).unwrap();
        std::fs::write(dir.path("users.txt"), format!("{line}\n")).unwrap();
        Cluster {
            redis: RedisServer::start(),
            dir,
        }
        .with_key("k1.jwk")
    }

    /// A key made by `jot keygen` (a JWK: issue #13 asks that serve reads it).
    fn with_key(self, name: &str) -> Cluster {
        let out = Command::new(env!("CARGO_BIN_EXE_jot"))
            .args(["keygen", "--alg", "ES256"])
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(self.dir.path(name), out.stdout).unwrap();
        self
    }

    fn args(&self, key: &str, previous: &[&str], extra: &[&str]) -> Vec<String> {
        let mut a = vec![
            "--store".to_owned(),
            self.redis.url(),
            "--users".to_owned(),
            self.dir.s("users.txt"),
            "--key".to_owned(),
            self.dir.s(key),
        ];
        for p in previous {
            a.push("--previous-key".into());
            a.push(self.dir.s(p));
        }
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    }

    fn pair_of_instances(&self, extra: &[&str]) -> (Instance, Instance) {
        let args = self.args("k1.jwk", &[], extra);
        (serve(&args), serve(&args))
    }
}

#[test]
fn login_on_a_refresh_on_b_reuse_on_a_revokes_everywhere() {
    let c = Cluster::new("reuse");
    let (a, b) = c.pair_of_instances(&[]);
    let (access1, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    let (access2, r2) = pair(&refresh(&b.addr, &r1));
    for addr in [&a.addr, &b.addr] {
        assert_eq!(greet(addr, &access1).body, "hi alice!");
        assert_eq!(greet(addr, &access2).body, "hi alice!");
    }
    // r1 again, on A: spent on B, so reuse.
    let reused = refresh(&a.addr, &r1);
    assert_eq!(reused.status, 401);
    assert!(reused.description().contains("reused"), "{}", reused.body);
    // Every access token of the session now fails on both instances.
    for addr in [&a.addr, &b.addr] {
        for access in [&access1, &access2] {
            let r = greet(addr, access);
            assert_eq!(r.status, 401, "{}", r.body);
            assert_eq!(r.description(), "token revoked");
            assert!(r
                .header("www-authenticate")
                .unwrap()
                .contains("invalid_token"));
        }
    }
    // And the newest refresh token says revoked.
    let newest = refresh(&b.addr, &r2);
    assert_eq!(
        (newest.status, newest.description().as_str()),
        (401, "refresh token revoked")
    );
}

#[test]
fn fifty_concurrent_refreshes_over_both_instances_one_wins() {
    let c = Cluster::new("race");
    let (a, b) = c.pair_of_instances(&[]);
    let (_, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    let addrs = Arc::new([a.addr.clone(), b.addr.clone()]);
    let barrier = Arc::new(std::sync::Barrier::new(50));
    let threads: Vec<_> = (0..50)
        .map(|i| {
            let (addrs, barrier, r1) = (Arc::clone(&addrs), Arc::clone(&barrier), r1.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let r = refresh(&addrs[i % 2], &r1);
                (r.status, r.body)
            })
        })
        .collect();
    let answers: Vec<(u16, String)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let ok: Vec<&(u16, String)> = answers.iter().filter(|(s, _)| *s == 200).collect();
    assert_eq!(ok.len(), 1, "exactly one refresh wins: {answers:?}");
    for (status, body) in &answers {
        assert!(*status == 200 || *status == 401, "{status} {body}");
    }
    // The losers presented a spent token: the session is revoked, so the
    // winner's pair is dead too (no lost update hides the reuse).
    let won: serde_json::Value = serde_json::from_str(&ok[0].1).unwrap();
    let r = refresh(&b.addr, won["refresh_token"].as_str().unwrap());
    assert_eq!(r.description(), "refresh token revoked");
    assert_eq!(
        greet(&a.addr, won["access_token"].as_str().unwrap()).status,
        401
    );
}

#[test]
fn grace_window_gives_a_retrying_client_the_same_pair_on_the_other_instance() {
    let c = Cluster::new("grace");
    let (a, b) = c.pair_of_instances(&["--refresh-grace", "30"]);
    let (_, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    let (access2, r2) = pair(&refresh(&a.addr, &r1));
    // The client did not see the answer and retries on B: same successor.
    let (access2b, r2b) = pair(&refresh(&b.addr, &r1));
    assert_eq!(r2b, r2);
    assert_eq!(greet(&a.addr, &access2b).status, 200);
    // Once r2 is spent, r1 is older than the previous token: revoked.
    let (_, _r3) = pair(&refresh(&b.addr, &r2));
    assert!(refresh(&a.addr, &r1).description().contains("reused"));
    assert_eq!(greet(&b.addr, &access2).status, 401);
}

#[test]
fn logout_on_b_with_only_the_refresh_token_kills_the_access_token_on_a() {
    let c = Cluster::new("logout");
    let (a, b) = c.pair_of_instances(&[]);
    let (access, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    assert_eq!(greet(&a.addr, &access).status, 200);
    let out = post(&b.addr, "/logout", &format!("refresh_token={r1}"));
    assert_eq!(out.status, 204, "{}", out.body);
    let r = greet(&a.addr, &access);
    assert_eq!((r.status, r.description().as_str()), (401, "token revoked"));
    assert_eq!(refresh(&a.addr, &r1).description(), "refresh token revoked");
    // Logout with only the access token works as well.
    let (access, r1) = pair(&login(&b.addr, "alice", "wonderland"));
    let out = http(
        &a.addr,
        "POST",
        "/logout",
        &[("Authorization", &format!("Bearer {access}"))],
        "",
    );
    assert_eq!(out.status, 204, "{}", out.body);
    assert_eq!(greet(&b.addr, &access).status, 401);
    assert_eq!(refresh(&b.addr, &r1).description(), "refresh token revoked");
}

#[test]
fn both_instances_restarted_refresh_tokens_still_work() {
    let c = Cluster::new("restart");
    let (a, b) = c.pair_of_instances(&[]);
    let (access, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    drop((a, b));
    let (a, b) = c.pair_of_instances(&[]);
    assert_eq!(greet(&b.addr, &access).body, "hi alice!");
    let (access2, _) = pair(&refresh(&b.addr, &r1));
    assert_eq!(greet(&a.addr, &access2).body, "hi alice!");
}

#[test]
fn redis_stopped_is_503_never_500_and_service_returns_with_it() {
    let mut c = Cluster::new("fault");
    let (a, b) = c.pair_of_instances(&[]);
    let (access, r1) = pair(&login(&a.addr, "alice", "wonderland"));
    // Too slow first (frozen: nothing answers), then gone.
    c.redis.freeze();
    let slow = greet(&a.addr, &access);
    let slow_refresh = refresh(&b.addr, &r1);
    c.redis.thaw();
    for r in [&slow, &slow_refresh] {
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(r.header("retry-after").is_some());
    }
    c.redis.stop();
    let answers = [
        greet(&a.addr, &access),
        greet(&b.addr, &access),
        post(&b.addr, "/login", "username=alice&password=wonderland"),
        refresh(&a.addr, &r1),
        post(&b.addr, "/logout", &format!("refresh_token={r1}")),
    ];
    for r in &answers {
        assert_eq!(r.status, 503, "{}", r.body);
        assert_eq!(r.json()["error"], "temporarily_unavailable", "{}", r.body);
        let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!(wait >= 1);
    }
    // What needs no store still works: the JWK Set.
    assert_eq!(
        http(&a.addr, "GET", "/.well-known/jwks.json", &[], "").status,
        200
    );
    c.redis.resume();
    // Back by itself (the restarted Redis is empty: log in again).
    let deadline = Instant::now() + Duration::from_secs(20);
    let fresh = loop {
        let r = login(&b.addr, "alice", "wonderland");
        if r.status == 200 {
            break r;
        }
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(Instant::now() < deadline, "no recovery: {}", r.body);
        std::thread::sleep(Duration::from_millis(100));
    };
    let (access, r1) = pair(&fresh);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = greet(&a.addr, &access);
        if r.status == 200 {
            break;
        }
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(Instant::now() < deadline, "no recovery on A: {}", r.body);
        std::thread::sleep(Duration::from_millis(100));
    }
    let (access2, _) = pair(&refresh(&a.addr, &r1));
    assert_eq!(greet(&b.addr, &access2).status, 200);
}

#[test]
fn wrong_passwords_back_off_with_429_across_instances() {
    let c = Cluster::new("throttle");
    // A 3 s lock: long enough that both checks below fall inside it on a
    // busy machine, short enough for a test.
    let (a, b) = c.pair_of_instances(&["--login-backoff", "3"]);
    // Five failures, spread over both instances, are answered 401.
    for i in 0..5 {
        let addr = if i % 2 == 0 { &a.addr } else { &b.addr };
        let r = login(addr, "alice", "guess");
        assert_eq!(r.status, 401, "attempt {i}: {}", r.body);
    }
    // Then the user name is locked, on both, even for the right password.
    let mut waits = Vec::new();
    for addr in [&a.addr, &b.addr] {
        let r = login(addr, "alice", "wonderland");
        assert_eq!(r.status, 429, "{}", r.body);
        assert_eq!(r.json()["error"], "too_many_attempts");
        waits.push(r.header("retry-after").unwrap().parse::<u64>().unwrap());
    }
    let wait = waits.into_iter().max().unwrap();
    assert!((1..=3).contains(&wait), "{wait}");
    std::thread::sleep(Duration::from_millis(wait * 1000 + 200));
    let (access, _) = pair(&login(&b.addr, "alice", "wonderland"));
    assert_eq!(greet(&a.addr, &access).status, 200);
    // Success cleared the count: one more failure is a plain 401.
    assert_eq!(login(&a.addr, "alice", "guess").status, 401);
}

/// Every token issued so far verifies on every live instance.
fn all_verify(instances: &[&Instance], tokens: &[String]) {
    for i in instances {
        for t in tokens {
            let r = greet(&i.addr, t);
            assert_eq!(r.status, 200, "{}: {}", i.addr, r.body);
        }
    }
}

#[test]
fn key_rotation_across_both_instances_without_a_failed_request() {
    let c = Cluster::new("rotate").with_key("k2.jwk");
    let mut tokens = Vec::new();
    let start = |key: &str, previous: &[&str]| serve(&c.args(key, previous, &[]));
    // Phase 0: both sign with k1.
    let (a, b) = (start("k1.jwk", &[]), start("k1.jwk", &[]));
    let (t, mut r) = pair(&login(&a.addr, "alice", "wonderland"));
    tokens.push(t);
    // Phase 1, one instance at a time (the new one up before the old one
    // goes): k2 is published and accepted, k1 still signs.
    let a1 = start("k1.jwk", &["k2.jwk"]);
    all_verify(&[&a1, &b], &tokens);
    drop(a);
    let b1 = start("k1.jwk", &["k2.jwk"]);
    all_verify(&[&a1, &b1], &tokens);
    drop(b);
    let jwks = http(&a1.addr, "GET", "/.well-known/jwks.json", &[], "").json();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    // Phase 2: k2 signs, k1 still verifies.
    let a2 = start("k2.jwk", &["k1.jwk"]);
    let (t, next) = pair(&refresh(&a2.addr, &r));
    r = next;
    tokens.push(t);
    all_verify(&[&a2, &a1, &b1], &tokens);
    drop(a1);
    let b2 = start("k2.jwk", &["k1.jwk"]);
    all_verify(&[&a2, &b1, &b2], &tokens);
    drop(b1);
    let (t, _) = pair(&refresh(&b2.addr, &r));
    tokens.push(t);
    all_verify(&[&a2, &b2], &tokens);
    let kids: Vec<String> = tokens
        .iter()
        .map(|t| {
            jot::jwt::decode_unverified(t).unwrap().header["kid"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(kids[1], kids[2]);
    assert_ne!(kids[0], kids[1], "new tokens are signed with k2");
    // Phase 3 (once k1's tokens have expired): k1 removed, its tokens refused.
    let a3 = start("k2.jwk", &[]);
    assert_eq!(greet(&a3.addr, &tokens[0]).status, 401);
    assert_eq!(greet(&a3.addr, &tokens[2]).status, 200);
}

#[test]
fn bounded_mixed_load_over_both_instances() {
    let c = Cluster::new("load");
    let (a, b) = c.pair_of_instances(&[]);
    let addrs = Arc::new([a.addr.clone(), b.addr.clone()]);
    const THREADS: usize = 8;
    const ROUNDS: usize = 15;
    let sessions: Vec<(String, String)> = (0..THREADS)
        .map(|i| pair(&login(&addrs[i % 2], "alice", "wonderland")))
        .collect();
    let threads: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(i, (mut access, mut refresh_token))| {
            let addrs = Arc::clone(&addrs);
            std::thread::spawn(move || {
                let mut answered = 0;
                for round in 0..ROUNDS {
                    let addr = &addrs[(i + round) % 2];
                    let other = &addrs[(i + round + 1) % 2];
                    assert_eq!(greet(addr, &access).body, "hi alice!");
                    let mut forged = access.clone();
                    forged.truncate(forged.len() - 4);
                    forged.push_str("AAAA");
                    let r = greet(other, &forged);
                    assert_eq!(
                        (r.status, r.description().as_str()),
                        (401, "invalid signature")
                    );
                    let r = greet(addr, "not.a.token");
                    assert_eq!(r.status, 401);
                    (access, refresh_token) = pair(&refresh(other, &refresh_token));
                    answered += 4;
                }
                answered
            })
        })
        .collect();
    let total: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(total, THREADS * ROUNDS * 4);
}

#[test]
fn a_bad_or_unreachable_store_is_a_clear_error_at_start() {
    let run = |store: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_jot"))
            .args(["serve", "--addr", "127.0.0.1:0", "--store", store])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run("mongodb://127.0.0.1/0");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: usage:") && err.contains("redis://"),
        "{err}"
    );
    // Port 1 on loopback: nothing listens there.
    let (code, err) = run("redis://127.0.0.1:1/0");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: io:") && err.contains("--store"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
