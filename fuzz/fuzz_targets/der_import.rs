#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `der_import`: the body is [`targets::der_import`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::der_import(data));
