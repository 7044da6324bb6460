#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `pem_decode`: the body is [`targets::pem_decode`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::pem_decode(data));
