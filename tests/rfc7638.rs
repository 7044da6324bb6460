//! RFC 7638 Section 3.1: the JWK Thumbprint example, from `test-vectors/rfc/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{rfc, thumbprint_case, Tally};

#[test]
fn rfc7638_section_3_1() {
    let mut tally = Tally::new();
    let v = rfc("rfc7638-3.1-thumbprint.json");
    tally.record(&v.id, thumbprint_case(&v));
    tally.print("rfc7638");
    tally.assert_clean(1);
}
