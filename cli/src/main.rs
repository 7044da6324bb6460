//! The `jot` command line (placeholder until the CLI lands).
#![forbid(unsafe_code)]

fn main() {
    println!("jot {}", env!("CARGO_PKG_VERSION"));
}
