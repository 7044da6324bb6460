//! Server lifecycle: bind, print the banner, serve until shut down.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use super::{app, App, ServeOptions};

/// A bound demo server, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    app: App,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .field("app", &self.app)
            .finish()
    }
}

/// Builds the app (connecting to the store) and binds `opts.addr` (use port
/// 0 for an ephemeral port).
///
/// # Errors
///
/// Those of [`app`]; `AddrInUse` (naming the address) when the port is
/// taken, and the bind's other errors.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// use jot_axum::demo::{bind, ServeOptions};
/// let server = bind(ServeOptions { addr: "127.0.0.1:0".parse().expect("addr"), ..Default::default() }).await?;
/// assert_ne!(server.local_addr().port(), 0);
/// assert!(server.banner().contains("/api/greet"));
/// # Ok(()) }
/// ```
pub async fn bind(opts: ServeOptions) -> io::Result<Server> {
    let app = app(&opts).await?;
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {}: {e}", opts.addr)))?;
    let addr = listener.local_addr()?;
    Ok(Server {
        listener,
        addr,
        app,
    })
}

impl Server {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app: generated user, algorithm, `kid`.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// What [`serve`] prints: the address, the demo user, and curl commands
    /// for each route.
    pub fn banner(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        let base = format!("http://{addr}");
        let (user, pass, who) = match &self.app.demo_user {
            Some(u) => (
                u.username.clone(),
                u.password.clone(),
                format!("demo user: {}\npassword:  {}", u.username, u.password),
            ),
            None => (
                "USER".into(),
                "PASSWORD".into(),
                "users: from the users file".into(),
            ),
        };
        let grab = |field: &str| format!(r#"sed 's/.*"{field}":"\([^"]*\)".*/\1/'"#);
        format!(
            "jot demo server on {base} ({alg}, kid {kid})\n{who}\n\ntry:\n\
             \x20 curl -s {base}/.well-known/jwks.json\n\
             \x20 curl -s -d username={user} -d password={pass} {base}/login\n\
             \x20 RESP=$(curl -s -d username={user} -d password={pass} {base}/login)\n\
             \x20 TOKEN=$(echo \"$RESP\" | {grab_a}); REFRESH=$(echo \"$RESP\" | {grab_r})\n\
             \x20 curl -s -H \"Authorization: Bearer $TOKEN\" {base}/api/greet\n\
             \x20 curl -s -H \"Authorization: Bearer $TOKEN\" {base}/api/me\n\
             \x20 curl -si {base}/api/greet\n\
             \x20 curl -s -d refresh_token=$REFRESH {base}/refresh\n\
             \x20 curl -si -H \"Authorization: Bearer $TOKEN\" -d refresh_token=$REFRESH {base}/logout\n",
            alg = self.app.alg,
            kid = self.app.kid,
            grab_a = grab("access_token"),
            grab_r = grab("refresh_token"),
        )
    }

    /// Serves until `shutdown` completes. Handlers see the client address
    /// (login throttling counts failures per address).
    ///
    /// # Errors
    ///
    /// The server's I/O error.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let service = self
            .app
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Serves until the process is interrupted (Ctrl-C) or killed.
    ///
    /// # Errors
    ///
    /// The server's I/O error.
    pub async fn run(self) -> io::Result<()> {
        self.run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }
}

/// Binds, prints the banner (user, password, curl commands) to stdout, and
/// serves until interrupted: the whole of `jot serve`.
///
/// # Errors
///
/// Those of [`bind`] and [`Server::run`].
///
/// # Examples
///
/// ```no_run
/// # #[tokio::main] async fn main() -> std::io::Result<()> {
/// jot_axum::demo::serve(Default::default()).await
/// # }
/// ```
pub async fn serve(opts: ServeOptions) -> io::Result<()> {
    let server = bind(opts).await?;
    println!("{}", server.banner());
    server.run().await
}
