#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `jwt_verify_one_pass`: the body is [`targets::jwt_verify_one_pass`], shared with `tests/fuzz_replay.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::jwt_verify_one_pass(data));
