//! A real redis-server for tests: its own loopback port and temporary
//! directory, no persistence, stopped on drop. A missing binary fails the
//! test with the install command. Shared by `axum/tests/store.rs` and
//! `cli/tests/cluster.rs` (through `#[path]`).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

fn binary() -> &'static str {
    for path in ["/usr/bin/redis-server", "/usr/local/bin/redis-server"] {
        if std::path::Path::new(path).exists() {
            return path;
        }
    }
    match Command::new("redis-server").arg("--version").output() {
        Ok(out) if out.status.success() => "redis-server",
        _ => panic!(
            "redis-server not found: these tests need a real Redis. \
             Install it with: apt-get install -y redis-server"
        ),
    }
}

impl RedisServer {
    /// Starts redis-server on a free 127.0.0.1 port and waits for PONG.
    pub fn start() -> RedisServer {
        // The port is free when picked, and may be taken before redis-server
        // binds it: then it exits, and another port is tried.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let dir = std::env::temp_dir().join(format!("jot-redis-{}-{port}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir for redis");
            let mut server = RedisServer {
                child: None,
                port,
                dir,
            };
            if server.try_resume() {
                return server;
            }
        }
        panic!("redis-server did not start on any of 5 free ports");
    }

    /// `redis://127.0.0.1:PORT/0`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Stops the server (its data is gone: no persistence).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // A frozen process dies of SIGKILL all the same; thaw it first
            // so no stopped process is ever left behind.
            let _ = Command::new("kill")
                .args(["-CONT", &child.id().to_string()])
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open, nothing answers,
    /// as a Redis that is too slow.
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Thaws a frozen server (SIGCONT).
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        let ok = Command::new("kill")
            .args([sig, &pid])
            .status()
            .expect("kill");
        assert!(ok.success(), "kill {sig} {pid}");
    }

    /// Starts it again on the same port, empty.
    pub fn resume(&mut self) {
        assert!(
            self.try_resume(),
            "redis-server did not start again on port {}",
            self.port
        );
    }

    /// Starts redis-server on `self.port`; false if it exits (port taken).
    fn try_resume(&mut self) -> bool {
        assert!(self.child.is_none(), "already running");
        let child = Command::new(binary())
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--protected-mode", "yes", "--daemonize", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start redis-server ({e}): apt-get install -y redis-server")
            });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // Ours must still be running: a PONG could come from another
            // server on a port ours failed to bind.
            let exited = self
                .child
                .as_mut()
                .is_some_and(|c| matches!(c.try_wait(), Ok(Some(_))));
            if exited {
                self.child = None;
                return false;
            }
            if self.ping() {
                // One more look, after ours had time to fail binding.
                std::thread::sleep(Duration::from_millis(50));
                let alive = self
                    .child
                    .as_mut()
                    .is_some_and(|c| matches!(c.try_wait(), Ok(None)));
                if !alive {
                    self.child = None;
                }
                return alive;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer PING in 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn ping(&self) -> bool {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
        if s.write_all(b"PING\r\n").is_err() {
            return false;
        }
        let mut buf = [0u8; 7];
        s.read_exact(&mut buf).is_ok() && &buf == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
