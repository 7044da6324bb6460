//! Shared by `debugger_api.rs` and `browser.rs`: the real `jot` binary
//! started on an ephemeral loopback port (killed on drop, even when a test
//! fails), and a tiny std-only HTTP client.
#![allow(dead_code)] // each test crate uses its own part of this file

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// A running `jot debugger` or `jot serve`.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The demo user's password (`jot serve` only).
    pub password: Option<String>,
    /// Everything the process printed, stdout and stderr.
    pub output: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `jot debugger --addr 127.0.0.1:0`.
    pub fn debugger() -> Server {
        Server::start(&["debugger", "--addr", "127.0.0.1:0"])
    }

    /// `jot serve --addr 127.0.0.1:0`.
    pub fn serve() -> Server {
        Server::start(&["serve", "--addr", "127.0.0.1:0"])
    }

    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jot"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jot");
        let output = Arc::new(Mutex::new(String::new()));
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = lines.next().expect("a first line").expect("utf-8");
        // "jot web debugger on http://127.0.0.1:PORT/" or
        // "jot demo server on http://127.0.0.1:PORT (...)"
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ' ']).next())
            .expect("an address on the first line")
            .to_owned();
        output.lock().expect("lock").push_str(&first);
        let mut password = None;
        if args.first() == Some(&"serve") {
            for line in lines.by_ref() {
                let line = line.expect("utf-8");
                if let Some(p) = line.strip_prefix("password:") {
                    password = Some(p.trim().to_owned());
                }
                let done = line.starts_with("web debugger:");
                let mut out = output.lock().expect("lock");
                out.push('\n');
                out.push_str(&line);
                if done {
                    break;
                }
            }
        }
        // Keep draining both pipes into `output`: a full pipe would block
        // the server, and the tests check that nothing secret was printed.
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut out = sink.lock().expect("lock");
                out.push('\n');
                out.push_str(&line);
            }
        });
        let sink = Arc::clone(&output);
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut out = sink.lock().expect("lock");
                out.push('\n');
                out.push_str(&line);
            }
        });
        Server {
            child,
            addr,
            password,
            output,
        }
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What the process printed so far.
    pub fn printed(&self) -> String {
        self.output.lock().expect("lock").clone()
    }
}

/// A response: status, head (lower-cased header names kept as sent), body.
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// One HTTP/1.1 request over a new connection. `declared_len` overrides the
/// Content-Length header (to announce more than is sent).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    declared_len: Option<usize>,
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        declared_len.unwrap_or(body.len())
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).expect("write head");
    // The server may answer (413) and close before reading everything.
    let _ = stream.write_all(body);
    let mut resp = Vec::new();
    let _ = stream.read_to_end(&mut resp);
    let resp = String::from_utf8_lossy(&resp).into_owned();
    let (head, body) = resp
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP response: {resp:?}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    Response {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

pub fn get(addr: &str, path: &str) -> Response {
    request(addr, "GET", path, &[], b"", None)
}

/// POST a JSON value to `/debugger/api/NAME`.
pub fn api(addr: &str, name: &str, body: &Value) -> Response {
    request(
        addr,
        "POST",
        &format!("/debugger/api/{name}"),
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
        None,
    )
}

/// jwt.io's example token, signed with HS256 and the 19-byte secret
/// `your-256-bit-secret`.
pub const JWT_IO_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
pub const JWT_IO_SECRET: &str = "your-256-bit-secret";

/// A 32-byte secret (the RFC 7518 §3.2 floor for HS256).
pub const GOOD_SECRET: &str = "a-32-byte-secret-for-the-tests!!";

/// An HS256 token over `claims` with `secret`, made by the jot library.
pub fn hs256(claims: &Value, secret: &[u8]) -> String {
    let key = jot::SigningKey::hmac(jot::Algorithm::HS256, secret).expect("key");
    jot::jwt::encode(&jot::jws::Header::jwt(&key), claims, &key).expect("sign")
}

/// A header and claims joined without a signature (`alg` as given).
pub fn unsigned(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.",
        jot::b64::encode(header.to_string()),
        jot::b64::encode(claims.to_string())
    )
}

/// The current unix time.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A file of `cli/tests/data`.
pub fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("test data")
        .trim()
        .to_owned()
}
