//! Shared driver of jot's interoperability tests.
//!
//! Included with `#[path = "../driver/mod.rs"]` by `tests/python.rs`,
//! `tests/node.rs` and `tests/jsonwebtoken.rs`. It holds jot's side of every
//! check, one concern per file, all re-exported here so tests write
//! `driver::name`:
//!
//! - `keys.rs`: fresh keys, jot signing and verifying, key-material compare;
//! - `report.rs`: the table each test prints and writes;
//! - `probes.rs`: the strictness probes (tokens that are correctly signed but
//!   that jot rejects on purpose);
//! - `peer.rs`: an external peer script (`interop/python/peer.py`,
//!   `interop/node/peer.mjs`) and [`run_peer`], which drives one of its
//!   libraries through two batches of JSON jobs on stdin, so process start-up
//!   is paid twice per library, JWE included; each job's result is read back
//!   by name through the slot it was given;
//! - `jwe.rs` and `jwe_run.rs`: jot encrypting and decrypting (JWE `dir` and
//!   ECDH-ES, nested JWTs), the JWE probes, and the JWE part of `run_peer`.

#![allow(dead_code)] // each test crate uses its own part of this file

mod jwe;
mod jwe_run;
mod keys;
mod peer;
mod probes;
mod report;

pub use jwe::*;
use jwe_run::JweRun;
pub use keys::*;
pub use peer::*;
pub use probes::*;
pub use report::*;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use jot::jwe::{Curve, DecryptionKey, Enc, EncryptionKey, EphemeralDecryptionKey, KeyAlg};
use jot::jwt::{self, Validation};
use jot::{b64, jws, Algorithm, Jwk, SigningKey, VerifyingKey};
use serde_json::{json, Value};
