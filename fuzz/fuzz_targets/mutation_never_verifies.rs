#![no_main]
#![forbid(unsafe_code)]
//! Fuzz target `mutation_never_verifies`: the body is [`targets::mutation_never_verifies`], shared with `tests/fuzz_replay/main.rs`.

#[path = "../targets/mod.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::mutation_never_verifies(data));
