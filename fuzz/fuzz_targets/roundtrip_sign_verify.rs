#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `roundtrip_sign_verify`: the body is [`targets::roundtrip_sign_verify`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::roundtrip_sign_verify(data));
