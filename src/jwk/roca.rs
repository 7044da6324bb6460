//! The ROCA fingerprint test (CVE-2017-15361, Nemec et al., CCS 2017).
//!
//! Infineon's RSALib made primes of the form `k * M + (65537^a mod M)`, where
//! `M` is a product of small primes. So for every small prime `r` dividing `M`,
//! `n mod r` lies in the subgroup that 65537 generates modulo `r`. A random
//! modulus passes that test for all 38 primes below with probability far
//! below 2^-100, which is why the published detector uses exactly this test.

/// The small primes of the published detector.
const PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Whether the big-endian modulus `n` has the ROCA fingerprint.
pub(crate) fn has_fingerprint(n: &[u8]) -> bool {
    PRIMES
        .iter()
        .all(|&r| in_subgroup_of_65537(residue(n, r), r))
}

/// `n mod r` for a big-endian `n`.
fn residue(n: &[u8], r: u32) -> u32 {
    n.iter()
        .fold(0u32, |acc, &b| (acc * 256 + u32::from(b)) % r)
}

/// Whether `x` is a power of 65537 modulo the prime `r`.
fn in_subgroup_of_65537(x: u32, r: u32) -> bool {
    let g = 65537 % r;
    let mut power = 1u32;
    // The subgroup has at most r - 1 elements; walk it once.
    for _ in 0..r {
        if power == x {
            return true;
        }
        power = power * g % r;
        if power == 1 {
            return x == 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_matches_small_numbers() {
        assert_eq!(residue(&[0x01, 0x00], 7), 256 % 7);
        assert_eq!(residue(&[], 7), 0);
    }

    #[test]
    fn subgroup_membership() {
        // 65537 = 2 mod 5, and 2 generates all of (Z/5)*.
        for x in 1..5 {
            assert!(in_subgroup_of_65537(x, 5));
        }
        assert!(!in_subgroup_of_65537(0, 5));
        // 65537 = 4 mod 13, and 4 generates {1, 3, 4, 9, 10, 12}.
        for x in [1, 3, 4, 9, 10, 12] {
            assert!(in_subgroup_of_65537(x, 13));
        }
        assert!(!in_subgroup_of_65537(2, 13));
    }

    #[test]
    fn a_product_of_65537_powers_has_the_fingerprint() {
        // n = 65537^2 is trivially of the form: every residue is a power of 65537.
        let n = 65537u64 * 65537;
        assert!(has_fingerprint(&n.to_be_bytes()));
        // n = 2 * 65537 is not: 2 is not a power of 65537 mod 3.
        assert!(!has_fingerprint(&(2u64 * 65537).to_be_bytes()));
    }

    #[test]
    #[allow(clippy::indexing_slicing)] // serde_json::Value indexing returns Null, never panics
    fn wycheproof_roca_key_is_detected_and_ordinary_keys_are_not() {
        let file: serde_json::Value = serde_json::from_str(include_str!(
            "../../test-vectors/wycheproof/json_web_key_test.json"
        ))
        .unwrap_or_default();
        let keys: Vec<&serde_json::Value> = file["testGroups"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|g| g["public"]["keys"].as_array().into_iter().flatten())
            .collect();
        let n_of = |kid: &str| {
            keys.iter()
                .find(|k| k["kid"] == kid)
                .and_then(|k| k["n"].as_str())
                .and_then(|n| crate::b64::decode(n, crate::Part::Key).ok())
        };
        let roca = n_of("kid-rsa-roca-sign");
        assert!(roca.as_deref().is_some_and(has_fingerprint));
        let ordinary = n_of("kid-rsa-sign");
        assert!(ordinary.as_deref().is_some_and(|n| !has_fingerprint(n)));
    }
}
