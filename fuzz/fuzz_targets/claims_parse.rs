#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `claims_parse`: the body is [`targets::claims_parse`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::claims_parse(data));
