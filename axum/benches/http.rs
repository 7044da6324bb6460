//! `jot-axum` over real HTTP on loopback, measured with a real load
//! generator (`wrk`), as ratios to a route with the same plumbing and no JWT
//! work: what a deployment sees of the middleware.
//!
//! One axum server, on a tokio current-thread runtime (one worker) in its own
//! thread, bound to 127.0.0.1 on an ephemeral port, with three routes behind
//! the same `Router`:
//!
//! - `/plain`: the handler returns a static body (the plumbing: HTTP/1.1
//!   parsing, routing, the response);
//! - `/jwt`: the same handler behind [`JwtLayer`] (HS256, `iss` and `aud`
//!   checked, `exp` by default), extracting [`JwtClaims`];
//! - the same `/jwt` route sent a token with one signature bit flipped: the
//!   layer answers 401 with its RFC 6750 challenge.
//!
//! Every request of every run carries the same `Authorization: Bearer`
//! header (the refused runs the tampered token), so header parsing costs the
//! same on every route. Each round runs `wrk -t1 -c32` for `JOT_HTTP_SECS`
//! seconds (default 1) on the plain route, the valid token and the refused
//! token, then again in the mirrored order (A B C C B A, the start rotating
//! each round), so that load drifting during a round weighs on every route
//! alike; a round's ratio is the route's mean requests per second over the
//! plain route's in that round, and the report is the median over
//! `JOT_HTTP_ROUNDS` rounds (default 9). On a shared 2-core machine single
//! rounds still range widely (0.5 to 0.9 for the same build): compare medians
//! of one run, never two runs. Setup
//! checks the answers (200 with the body, 401 `invalid_token`) first, and
//! `wrk`'s own count of non-2xx answers is checked against what each route
//! must answer.
//!
//! ```sh
//! cargo bench -p jot-axum --bench http              # needs wrk (Debian: apt-get install wrk)
//! cargo bench -p jot-axum --bench http -- --test    # setup checks only, no wrk
//! ```

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use jot::jws::Header;
use jot::jwt::{self, Validation};
use jot::{Algorithm, SigningKey, VerifyingKey};
use jot_axum::{JwtClaims, JwtLayer};
use serde::{Deserialize, Serialize};

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "api.example";
/// The HS256 secret (32 bytes, RFC 7518 §3.2 floor); it protects nothing.
const HMAC_SECRET: &[u8; 32] = b"jot-bench-hs256-secret-32-bytes!";
const BODY: &str = "hello";

/// The claims of the root benches: `sub`, `name`, `iss`, `aud`, `iat`,
/// `exp` (2100), two `roles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MyClaims {
    sub: String,
    name: String,
    iss: String,
    aud: String,
    iat: u64,
    exp: u64,
    roles: Vec<String>,
}

fn tokens() -> (String, String) {
    let claims = MyClaims {
        sub: "user-1234567890".to_owned(),
        name: "Ada Lovelace".to_owned(),
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        iat: 1_700_000_000,
        exp: 4_102_444_800,
        roles: vec!["admin".to_owned(), "editor".to_owned()],
    };
    let key = SigningKey::hmac(Algorithm::HS256, HMAC_SECRET).expect("hmac key");
    let token = jwt::encode(&Header::jwt(&key), &claims, &key).expect("signs");
    // One bit of the decoded signature flipped, re-encoded canonically.
    let (input, signature) = token.rsplit_once('.').expect("three segments");
    let mut signature = jot::b64::decode(signature, jot::error::Part::Signature).expect("b64");
    if let Some(first) = signature.first_mut() {
        *first ^= 1;
    }
    let bad = format!("{input}.{}", jot::b64::encode(signature));
    (token, bad)
}

fn app() -> Router {
    let key = VerifyingKey::hmac(Algorithm::HS256, HMAC_SECRET).expect("hmac key");
    let validation = Validation::new(&[Algorithm::HS256])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    let protected = Router::new()
        .route(
            "/jwt",
            get(|JwtClaims(c): JwtClaims<MyClaims>| async move {
                std::hint::black_box(c);
                BODY
            }),
        )
        .layer(JwtLayer::<MyClaims>::new(key, validation).realm("bench"));
    Router::new()
        .route("/plain", get(|| async { BODY }))
        .merge(protected)
}

/// The server: a current-thread runtime (one worker) in its own thread.
/// Dropping it stops the server and joins the thread.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind loopback");
                addr_tx
                    .send(listener.local_addr().expect("addr"))
                    .expect("send addr");
                axum::serve(listener, app())
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("server address");
        Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One HTTP/1.1 request on a fresh connection: the status line and the
/// whole answer.
fn get_once(addr: SocketAddr, path: &str, token: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out.lines().next().unwrap_or_default().to_owned();
    (status, out)
}

/// Requests per second and non-2xx answers of one `wrk` run.
fn wrk(addr: SocketAddr, path: &str, token: &str, secs: u64) -> (f64, u64) {
    // `JOT_HTTP_WRK_CPU=1` (with the bench itself under `taskset -c 0`)
    // keeps wrk and the server off each other's core.
    let mut command = match std::env::var("JOT_HTTP_WRK_CPU") {
        Ok(cpu) => {
            let mut c = Command::new("taskset");
            c.args(["-c", &cpu, "wrk"]);
            c
        }
        Err(_) => Command::new("wrk"),
    };
    let out = command
        .args(["-t1", "-c32", &format!("-d{secs}s"), "--latency"])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .arg(format!("http://{addr}{path}"))
        .output()
        .expect("wrk is needed for this benchmark: apt-get install wrk (Debian/Ubuntu)");
    assert!(out.status.success(), "wrk failed: {:?}", out);
    let text = String::from_utf8_lossy(&out.stdout);
    if std::env::var_os("JOT_HTTP_VERBOSE").is_some() {
        println!("wrk {path}:\n{text}");
    }
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk output:\n{text}"));
    let non_2xx = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (rps, non_2xx)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let test_only = std::env::args().any(|a| a == "--test");
    // `cargo bench` passes `--bench`; anything else (e.g. `cargo test
    // --benches`) runs the checks only.
    let bench = std::env::args().any(|a| a == "--bench") && !test_only;
    let (token, bad) = tokens();
    let server = Server::start();
    let addr = server.addr;

    // Setup checks, before anything is timed.
    let (status, body) = get_once(addr, "/plain", &token);
    assert!(
        status.contains(" 200 ") && body.ends_with(BODY),
        "plain: {status}"
    );
    let (status, body) = get_once(addr, "/jwt", &token);
    assert!(
        status.contains(" 200 ") && body.ends_with(BODY),
        "jwt: {status}"
    );
    let (status, body) = get_once(addr, "/jwt", &bad);
    assert!(status.contains(" 401 "), "refused: {status}");
    assert!(
        body.contains(r#"www-authenticate: Bearer realm="bench", error="invalid_token", error_description="invalid signature""#),
        "refused: {body}"
    );
    let (status, _) = get_once(addr, "/jwt", "");
    assert!(
        status.contains(" 400 ") || status.contains(" 401 "),
        "no token: {status}"
    );
    if std::env::var_os("JOT_HTTP_VERBOSE").is_some() {
        for (path, t) in [("/plain", &token), ("/jwt", &token), ("/jwt", &bad)] {
            println!("{:?}", get_once(addr, path, t).1);
        }
    }
    println!("http: setup checks passed (200 plain, 200 valid, 401 refused)");
    if !bench {
        return;
    }

    let secs = env("JOT_HTTP_SECS", 1);
    let rounds = env("JOT_HTTP_ROUNDS", 9);
    let routes: [(&str, &str, &str, bool); 3] = [
        ("plain", "/plain", &token, true),
        ("hs256_valid", "/jwt", &token, true),
        ("refused_401", "/jwt", &bad, false),
    ];
    // Warm-up: one short run of each route.
    for (_, path, t, _) in &routes {
        wrk(addr, path, t, 1);
    }
    let mut valid = Vec::new();
    let mut refused = Vec::new();
    let mut plain_rps = Vec::new();
    for round in 0..rounds {
        // Each route twice, mirrored (plain, valid, refused, refused,
        // valid, plain, rotated each round), so that load which drifts
        // during a round weighs on every route alike.
        let mut rps = [0.0f64; 3];
        let first = round as usize % 3;
        let order = [0, 1, 2].map(|k| (first + k) % 3);
        for i in order.iter().chain(order.iter().rev()) {
            let Some((name, path, t, ok)) = routes.get(*i) else {
                continue;
            };
            let (r, non_2xx) = wrk(addr, path, t, secs);
            assert_eq!(
                non_2xx == 0,
                *ok,
                "{name}: wrong answers ({non_2xx} non-2xx)"
            );
            if let Some(slot) = rps.get_mut(*i) {
                *slot += r / 2.0;
            }
        }
        let [plain, v, bad] = rps;
        println!(
            "round {round}: plain {plain:.0} req/s, hs256 valid {v:.0} ({:.3}), refused {bad:.0} ({:.3})",
            v / plain,
            bad / plain
        );
        plain_rps.push(plain);
        valid.push(v / plain);
        refused.push(bad / plain);
    }
    println!(
        "http (wrk -t1 -c32, {secs} s per run, {rounds} mirrored rounds, 1 tokio worker): plain {:.0} req/s; \
         median ratio to plain: hs256 valid {:.3}, refused token (401) {:.3}",
        median(&mut plain_rps),
        median(&mut valid),
        median(&mut refused)
    );
    drop(server);
}
