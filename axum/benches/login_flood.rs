//! `/api/greet` throughput while `/login` is flooded with wrong passwords,
//! with and without the demo's login limits. Not criterion: this is a load
//! test with a fixed duration, printed as a table for the README.
//!
//! The server is the demo (`jot serve`) in this process, on a multi-thread
//! runtime with as many workers as cores, one user with a PBKDF2 hash of
//! 600,000 iterations (what `jot hash-password` writes). For `SECONDS`
//! seconds (default 8; `JOT_BENCH_QUICK=1` gives 2), 4 connections send
//! `GET /api/greet` with a valid token back to back, while 16 connections
//! send wrong passwords to `POST /login`. Scenarios:
//!
//! - `no flood`: the ceiling;
//! - `no limits`: 1,024 hashes at once allowed, no backoff (as before issue 16);
//! - `hashing limit, 503 at once`: at most cores-1 hashes at once, the rest
//!   answered 503 without waiting, no backoff;
//! - `hashing limit, 503 after 250 ms`: the same, waiting up to 250 ms for a
//!   slot first (the default `hash_wait`), no backoff;
//! - `defaults`: the hashing limit, the wait, and the per-user / per-address
//!   backoff.
//!
//! Run: `cargo bench -p jot-axum --bench login_flood`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use jot_axum::demo::{self, ServeOptions};

type Http = Client<HttpConnector, Full<Bytes>>;

const GREETERS: usize = 4;
const FLOODERS: usize = 16;

async fn send(http: &Http, req: Request<Full<Bytes>>) -> (u16, Bytes) {
    match http.request(req).await {
        Ok(res) => {
            let status = res.status().as_u16();
            let body = res
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            (status, body)
        }
        Err(_) => (0, Bytes::new()),
    }
}

fn login_req(addr: SocketAddr, password: &str) -> Request<Full<Bytes>> {
    Request::builder()
        .method(Method::POST)
        .uri(format!("http://{addr}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(format!(
            "username=alice&password={password}"
        ))))
        .expect("request")
}

struct Figures {
    greet_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    logins: [u64; 4],
}

async fn scenario(
    name: &str,
    line: &str,
    max_hashing: usize,
    hash_wait: Duration,
    backoff: bool,
    flooders: usize,
    secs: u64,
) -> Figures {
    let mut opts = ServeOptions {
        addr: "127.0.0.1:0".parse().expect("addr"),
        users: Some(line.to_owned()),
        ..Default::default()
    };
    opts.login.max_hashing = max_hashing;
    opts.login.hash_wait = hash_wait;
    if !backoff {
        opts.login.user_free = u64::MAX;
        opts.login.addr_free = u64::MAX;
    }
    let server = demo::bind(opts).await.expect("bind");
    let addr = server.local_addr();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async {
        let _ = stop_rx.await;
    }));
    let http: Http = Client::builder(TokioExecutor::new()).build_http();

    let (status, body) = send(&http, login_req(addr, "wonderland")).await;
    assert_eq!(status, 200, "{name}: login");
    let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let access = json["access_token"].as_str().expect("token").to_owned();

    let stop = Arc::new(AtomicBool::new(false));
    // 401, 429, 503, other
    let outcomes: Arc<[AtomicU64; 4]> = Arc::new(Default::default());
    let mut flood = Vec::new();
    for _ in 0..flooders {
        let (http, stop, outcomes) = (http.clone(), Arc::clone(&stop), Arc::clone(&outcomes));
        flood.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (status, _) = send(&http, login_req(addr, "guess")).await;
                let i = match status {
                    401 => 0,
                    429 => 1,
                    503 => 2,
                    _ => 3,
                };
                outcomes[i].fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Let the flood fill the blocking pool before measuring.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let mut greeters = Vec::new();
    for _ in 0..GREETERS {
        let (http, access) = (http.clone(), access.clone());
        greeters.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < until {
                let req = Request::builder()
                    .uri(format!("http://{addr}/api/greet"))
                    .header("authorization", format!("Bearer {access}"))
                    .body(Full::new(Bytes::new()))
                    .expect("request");
                let t = Instant::now();
                let (status, _) = send(&http, req).await;
                assert_eq!(status, 200, "greet during the flood");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for g in greeters {
        all.extend(g.await.expect("greeter"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for f in flood {
        let _ = f.await;
    }
    let _ = stop_tx.send(());
    all.sort();
    let pick = |q: f64| {
        let i = ((all.len() as f64 - 1.0) * q).round() as usize;
        all.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Figures {
        greet_per_sec: all.len() as f64 / elapsed,
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        logins: [0, 1, 2, 3].map(|i| outcomes[i].load(Ordering::Relaxed)),
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing: run only for bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let quick = std::env::var_os("JOT_BENCH_QUICK").is_some();
    let secs = if quick { 2 } else { 8 };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .enable_all()
        .build()
        .expect("runtime");
    let line = demo::hash_password_line("alice", "wonderland").expect("hash");
    let limit = cores.saturating_sub(1).max(1);
    println!(
        "{cores} cores; {GREETERS} greet connections, {FLOODERS} wrong-password connections, {secs} s each\n"
    );
    println!("| scenario | /api/greet req/s | p50 ms | p99 ms | logins 401 / 429 / 503 |");
    println!("|---|---|---|---|---|");
    let wait = Duration::from_millis(250);
    let none = Duration::ZERO;
    for (name, max, hash_wait, backoff, flooders) in [
        ("no flood", limit, wait, true, 0),
        ("no limits", 1024, none, false, FLOODERS),
        ("hashing limit, 503 at once", limit, none, false, FLOODERS),
        (
            "hashing limit, 503 after 250 ms",
            limit,
            wait,
            false,
            FLOODERS,
        ),
        (
            "defaults (limit, 250 ms, backoff)",
            limit,
            wait,
            true,
            FLOODERS,
        ),
    ] {
        let f = runtime.block_on(scenario(
            name, &line, max, hash_wait, backoff, flooders, secs,
        ));
        let shown = format!("{name}, max_hashing {max}");
        println!(
            "| {shown} | {:.0} | {:.2} | {:.2} | {} / {} / {} |",
            f.greet_per_sec, f.p50_ms, f.p99_ms, f.logins[0], f.logins[1], f.logins[2]
        );
        assert_eq!(
            f.logins[3], 0,
            "{name}: every login answered 401, 429 or 503"
        );
    }
}
