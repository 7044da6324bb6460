#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `jwe_decrypt`: the body is [`targets::jwe_decrypt`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::jwe_decrypt(data));
