//! # jot-conformance: hostile JWT cases as data, and a scorecard for any JWT library
//!
//! The kit has three parts:
//!
//! - [`generate`]: the case generator. Every run makes fresh keys and at
//!   least 200 cases in eight categories (`positive`, `algorithm`,
//!   `signature`, `keys`, `header`, `structure`, `json`, `claims`), written
//!   in Wycheproof's shape ([`case::Suite`]).
//! - [`protocol`]: what an adapter reads and writes, one JSON line each way
//!   (the full text is `PROTOCOL.md`).
//! - [`runner`]: drives an adapter over every case, classifies its errors
//!   with the adapter's [`classify::Table`], and keeps a [`runner::Scorecard`].
//!
//! The `jot-conformance` binary wraps them: `generate`, `run`, and
//! `adapter-jot`, the adapter for jot itself ([`adapter_jot`]).
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod adapter_jot;
pub mod case;
pub mod classify;
pub mod generate;
pub mod keys;
pub mod protocol;
pub mod runner;
