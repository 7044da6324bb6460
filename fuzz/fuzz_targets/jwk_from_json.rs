#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `jwk_from_json`: the body is [`targets::jwk_from_json`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::jwk_from_json(data));
