#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `jws_detached_verify`: the body is [`targets::jws_detached_verify`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::jws_detached_verify(data));
