//! A dudect-style timing test of HMAC verification (SECURITY.md, "Testing
//! timing"). Ignored by default because it is slow and a shared, noisy machine
//! can disturb it; run it with `cargo test --release --test timing -- --ignored`.
//!
//! Two classes of forged tokens share one key: class A's MAC differs from the
//! right one in byte 0, class B's only in byte 31. A verifier that compares
//! MACs with an early exit takes longer on class B. Welch's t statistic over
//! interleaved measurements must stay below 4.5.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use jot::{b64, jws, Algorithm, SigningKey, VerifyingKey};

fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let var =
        |x: &[f64], m: f64| x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0);
    let (ma, mb) = (mean(a), mean(b));
    (ma - mb) / (var(a, ma) / a.len() as f64 + var(b, mb) / b.len() as f64).sqrt()
}

/// Drops the slowest 5% (interrupts, page faults), as dudect does.
fn crop(mut x: Vec<f64>) -> Vec<f64> {
    x.sort_by(f64::total_cmp);
    x.truncate(x.len() * 95 / 100);
    x
}

#[test]
#[ignore = "slow statistical test; run with --release -- --ignored"]
fn hmac_verify_time_does_not_depend_on_the_mismatch_position() {
    let secret = [7u8; 32];
    let token = jws::sign(
        &jws::Header::new(Algorithm::HS256),
        b"{}",
        &SigningKey::hmac(Algorithm::HS256, &secret).unwrap(),
    )
    .unwrap();
    let key = VerifyingKey::hmac(Algorithm::HS256, &secret).unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mac = b64::decode(sig, jot::Part::Signature).unwrap();
    let forged = |i: usize| {
        let mut m = mac.clone();
        m[i] ^= 1;
        format!("{input}.{}", b64::encode(m))
    };
    let (a, b) = (forged(0), forged(31));
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    // A cheap xorshift decides the interleaving, so neither class runs in a block.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..1_000_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let (token, out) = if state & 1 == 0 {
            (&a, &mut ta)
        } else {
            (&b, &mut tb)
        };
        let start = Instant::now();
        let r = jws::verify(token, &key, &[Algorithm::HS256]);
        out.push(start.elapsed().as_nanos() as f64);
        assert!(r.is_err());
    }
    let t = welch_t(&crop(ta), &crop(tb));
    println!("welch t = {t:.2}");
    assert!(
        t.abs() < 4.5,
        "timing differs by mismatch position: t = {t:.2}"
    );
}
