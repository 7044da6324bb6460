//! base64url: jot's strict codec (`jot::b64`) against the raw `base64` crate's
//! `URL_SAFE_NO_PAD`, at the sizes a JWT has: an HS256 signature (32 bytes),
//! a typical claims set (192), an RSA-2048 signature (256) and a large
//! payload (4 KiB). Groups are `b64_encode/<bytes>` and `b64_decode/<bytes>`.

mod common;

use std::hint::black_box;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jot::Part;

const SIZES: &[usize] = &[32, 192, 256, 4096];

fn data(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(31) ^ 0x5a) as u8)
        .collect()
}

fn b64(c: &mut Criterion) {
    for &len in SIZES {
        let bytes = data(len);
        let text = URL_SAFE_NO_PAD.encode(&bytes);
        // Setup: both codecs agree, both ways.
        assert_eq!(jot::b64::encode(&bytes), text);
        assert_eq!(
            jot::b64::decode(&text, Part::Payload).ok(),
            Some(bytes.clone())
        );

        let mut group = c.benchmark_group(format!("b64_encode/{len}"));
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_function("jot", |b| b.iter(|| jot::b64::encode(black_box(&bytes))));
        group.bench_function("base64", |b| {
            b.iter(|| URL_SAFE_NO_PAD.encode(black_box(&bytes)))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("b64_decode/{len}"));
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_function("jot", |b| {
            b.iter(|| jot::b64::decode(black_box(&text), Part::Payload))
        });
        let mut buf = Vec::with_capacity(len);
        group.bench_function("jot_decode_into", |b| {
            b.iter(|| jot::b64::decode_into(black_box(&text), Part::Payload, &mut buf))
        });
        group.bench_function("base64", |b| {
            b.iter(|| URL_SAFE_NO_PAD.decode(black_box(&text)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = b64
}
criterion_main!(benches);
