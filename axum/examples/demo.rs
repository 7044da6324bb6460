//! The demo server on 127.0.0.1:4242 (what `jot serve` runs):
//! `cargo run -p jot-axum --example demo [ADDR]`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut opts = jot_axum::demo::ServeOptions::default();
    if let Some(addr) = std::env::args().nth(1) {
        opts.addr = addr
            .parse()
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad address"))?;
    }
    jot_axum::demo::serve(opts).await
}
