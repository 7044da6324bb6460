//! The guide: why jot does what it does, and its defaults. (Documentation only.)
//!
//! # Defaults (RFC 8725)
//!
//! | what | default | why |
//! |---|---|---|
//! | accepted algorithms | none: the caller lists them | RFC 8725 §3.1; golang-jwt's optional `WithValidMethods` is the footgun |
//! | `alg: none` | impossible to accept | RFC 8725 §3.1; there is no `Algorithm` variant for it |
//! | key binding | one key, one algorithm, checked at construction | RFC 8725 §3.1; stops HS/RS key confusion (CVE-2015-9235) |
//! | HMAC key size | at least the hash output (32/48/64 bytes) | RFC 7518 §3.2 MUST |
//! | RSA key size | 2048 to 8192 bits, odd `e` ≥ 3, no ROCA modulus | RFC 7518 §3.3, CVE-2017-15361 |
//! | token size | 64 KiB, checked before decoding | RFC 8725 §2.6 |
//! | JSON | strict: one object, no duplicate members, depth ≤ 32, strict UTF-8 | RFC 7515 §5.2, RFC 8725 §3.7 |
//! | `crit` | every listed extension must be understood; compact `jws::verify` and `jwt::verify` understand none | RFC 7515 §4.1.11 |
//! | `b64: false` | understood only by `jws::verify_detached`, `jws::verify_unencoded` and `jws::json`, and only when listed in `crit`; never by `jws::verify` or `jwt::verify` | RFC 7797 §6, RFC 8725 §3.11 |
//! | `jwk`, `jku`, `x5u`, `x5c` headers | never used | RFC 8725 §3.10 |
//! | `exp` | required | RFC 8725 §3 (as `jsonwebtoken` does) |
//! | `nbf` | checked whenever present | RFC 7519 §4.1.5 (`jsonwebtoken` skips it by default) |
//! | leeway | 0 seconds, at most 300 | `exp == now` is expired; skew is opted into |
//! | `iss`, `aud`, `sub` configured | the claim is required and must match exactly | RFC 8725 §3.8, §3.9 |
//! | `aud` present, none expected | rejected | RFC 7519 §4.1.3 |
//! | JWE algorithms | none: `jwe::decrypt` takes `alg` and `enc` allow-lists | RFC 8725 §3.1 applied to JWE |
//! | `zip` | refused, on JWS and JWE | RFC 8725 §3.6: a DEFLATE bomb costs nothing to send |
//! | JWE given to a verifier | refused (`SegmentCount`): verifiers never decrypt | encryption does not prove who issued a token |
//! | nested JWT | `cty: "JWT"` required, the inner JWS verified with the caller's keys, one level only | RFC 7519 §5.2, §7.2 step 8 |
//! | ECDH-ES recipient | a single-use ring-generated key; a stored private JWK is `unsupported` | ring 0.17 agrees only with ephemeral keys it made |
//!
//! # Order of checks
//!
//! The first failure wins, and the order never changes:
//!
//! 1. size, segments, header (base64url, UTF-8, JSON, `alg`, member types);
//! 2. `crit`;
//! 3. `alg` in the allow-list;
//! 4. key selection by `kid` and `alg`;
//! 5. the signature, over the exact received bytes;
//! 6. the payload (base64url), then for a JWT: `typ`, claim types, required
//!    claims, `exp`, `nbf`, `iat`, maximum age, `iss`, `aud`, `sub`.
//!
//! Nothing in the payload is looked at before the signature has verified, so
//! an attacker without the key learns nothing from claim errors, and the
//! reject path costs one MAC or signature check.
//!
//! A JWE follows the same shape (RFC 7516 §5.2): size, five segments, strict
//! header, `zip` refused, `crit`, `alg` and `enc` in their allow-lists, the
//! key's fit, the IV and tag lengths, then key agreement (the `epk` checked
//! on the curve by ring) and AES-GCM; no plaintext leaves before the tag has
//! verified. A nested JWT then runs the JWS steps above on the plaintext.
//!
//! # What jot refuses that some peers accept
//!
//! - ECDSA signatures in DER, or not exactly 64/96 bytes (RFC 7518 §3.4).
//! - Base64url with padding, whitespace, `+`/`/`, or non-zero trailing bits.
//! - Duplicate JSON member names anywhere in the header, claims or keys.
//! - A verification key with private members: pass the public part.
//! - A JWK Set that repeats a `kid` or mixes symmetric and asymmetric keys.
//! - A token with no `kid` when several keys in the set fit its algorithm.
//! - A mistyped registered claim (`"exp":"1700000000"`), even if not required.
