//! JWT sign, verify and reject, for six algorithms, against the peers and the floor.
//! Kept whole: every contender of a group must be set up the same way.
//!
//! Each group is `<alg>/<op>` (`hs256/verify`), and each function one
//! contender, so criterion's report of a group reads as ratios:
//!
//! - `jot`: `jwt::encode` with `Header::jwt`, and `jwt::verify` into the typed
//!   [`Claims`] with a [`Validation`] that checks `exp`, `iss` and `aud`.
//! - `jsonwebtoken9` (ring backend) and `jsonwebtoken10` (`rust_crypto`
//!   backend): `encode` / `decode` with `iss` and `aud` set on `Validation`.
//! - `jwt_simple` (`pure-rust`): `sign` / `verify_token` with allowed issuer
//!   and audience; its claims type is `JWTClaims<Custom>`.
//! - `ideal`: the minimal verifier (issue #18), written out below: split at
//!   the dots, base64url onto the stack, the header read borrowed with `alg`
//!   checked, ring verify, `serde_json` into [`Claims`], then `exp`, `iss` and
//!   `aud` compared. Signing serializes the header and claims, encodes, signs.
//! - `ring`: the signature operation alone over the signing input.
//!
//! Every contender's key is prepared once, before the timed loop. Two peers
//! still re-parse per call, and that is part of what they cost:
//! jsonwebtoken 9 and 10 build the ring / RustCrypto key object from DER on
//! every `encode` (RSA: a PKCS#1 parse and, for `rsa`, CRT precomputation),
//! and on every `decode` for EC (SEC 1 point) and RSA (components).
//!
//! `verify` and `reject` time the same token bytes for every contender: one
//! token signed by jot, which setup checks every contender accepts (a
//! contender that cannot gets its own token, and a note on stderr). `reject`
//! is that token with one bit of the decoded signature flipped, so every
//! contender gets to the signature check and fails there.

mod common;

use std::collections::HashSet;
use std::hint::black_box;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use jot::jwt::Validation;
use jot::{Algorithm, SigningKey, VerifyingKey};
use jwt_simple::prelude as simple;
use jwt_simple::prelude::{ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike};
use jwt_simple::prelude::{ECDSAP384KeyPairLike, ECDSAP384PublicKeyLike};
use jwt_simple::prelude::{EdDSAKeyPairLike, EdDSAPublicKeyLike, MACLike};
use jwt_simple::prelude::{RSAKeyPairLike, RSAPublicKeyLike};
use ring::signature::{self as rsig, KeyPair as _};
use serde::{Deserialize, Serialize};

use common::KeyPair;

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "api.example";
const IAT: u64 = 1_700_000_000;
/// 2100-01-01: far enough that no contender's clock sees it expire.
const EXP: u64 = 4_102_444_800;

/// The typed claims every contender but jwt-simple decodes into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Claims {
    sub: String,
    name: String,
    iss: String,
    aud: String,
    iat: u64,
    exp: u64,
    roles: Vec<String>,
}

/// jwt-simple's custom part; it types the registered claims itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Custom {
    name: String,
    roles: Vec<String>,
}

fn claims() -> Claims {
    Claims {
        sub: "user-1234567890".to_owned(),
        name: "Ada Lovelace".to_owned(),
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        iat: IAT,
        exp: EXP,
        roles: vec!["admin".to_owned(), "editor".to_owned()],
    }
}

fn simple_claims() -> simple::JWTClaims<Custom> {
    let c = claims();
    let mut out = simple::Claims::with_custom_claims(
        Custom {
            name: c.name,
            roles: c.roles,
        },
        simple::Duration::from_secs(EXP - IAT),
    )
    .with_subject(c.sub)
    .with_issuer(c.iss)
    .with_audience(c.aud);
    out.issued_at = Some(simple::Duration::from_secs(IAT));
    out.expires_at = Some(simple::Duration::from_secs(EXP));
    out.invalid_before = None;
    out
}

/// The six algorithms, with the group prefix.
const ALGS: &[(Algorithm, &str)] = &[
    (Algorithm::HS256, "hs256"),
    (Algorithm::RS256, "rs256"),
    (Algorithm::PS256, "ps256"),
    (Algorithm::ES256, "es256"),
    (Algorithm::ES384, "es384"),
    (Algorithm::EdDSA, "eddsa"),
];

type SignFn = Box<dyn Fn() -> String>;
/// Returns whether the token was accepted; the decoded claims go through
/// `black_box` inside, so no contender can skip decoding them.
type VerifyFn = Box<dyn Fn(&str) -> bool>;

struct Contender {
    name: &'static str,
    sign: SignFn,
    verify: VerifyFn,
}

/// ring's prepared objects for one algorithm: the floor.
enum Ring {
    Hmac(ring::hmac::Key),
    Rsa {
        pair: rsig::RsaKeyPair,
        padding: &'static dyn rsig::RsaEncoding,
        params: &'static rsig::RsaParameters,
        public: rsig::RsaPublicKeyComponents<Vec<u8>>,
    },
    Ecdsa(rsig::EcdsaKeyPair, rsig::UnparsedPublicKey<Vec<u8>>),
    Ed25519(rsig::Ed25519KeyPair, rsig::UnparsedPublicKey<Vec<u8>>),
}

impl Ring {
    fn new(alg: Algorithm, keys: &KeyPair) -> Ring {
        let rng = ring::rand::SystemRandom::new();
        match alg {
            Algorithm::HS256 => Ring::Hmac(ring::hmac::Key::new(
                ring::hmac::HMAC_SHA256,
                common::HMAC_SECRET,
            )),
            Algorithm::RS256 | Algorithm::PS256 => {
                let (padding, params): (&'static dyn rsig::RsaEncoding, _) =
                    if alg == Algorithm::RS256 {
                        (&rsig::RSA_PKCS1_SHA256, &rsig::RSA_PKCS1_2048_8192_SHA256)
                    } else {
                        (&rsig::RSA_PSS_SHA256, &rsig::RSA_PSS_2048_8192_SHA256)
                    };
                Ring::Rsa {
                    pair: rsig::RsaKeyPair::from_pkcs8(&keys.pkcs8).expect("ring RSA key"),
                    padding,
                    params,
                    public: rsig::RsaPublicKeyComponents {
                        n: keys.member(&keys.public.n),
                        e: keys.member(&keys.public.e),
                    },
                }
            }
            Algorithm::ES256 | Algorithm::ES384 => {
                let (signing, verifying) = if alg == Algorithm::ES256 {
                    (
                        &rsig::ECDSA_P256_SHA256_FIXED_SIGNING,
                        &rsig::ECDSA_P256_SHA256_FIXED,
                    )
                } else {
                    (
                        &rsig::ECDSA_P384_SHA384_FIXED_SIGNING,
                        &rsig::ECDSA_P384_SHA384_FIXED,
                    )
                };
                let pair = rsig::EcdsaKeyPair::from_pkcs8(signing, &keys.pkcs8, &rng)
                    .expect("ring ECDSA key");
                let public =
                    rsig::UnparsedPublicKey::new(verifying, pair.public_key().as_ref().to_vec());
                Ring::Ecdsa(pair, public)
            }
            _ => {
                let pair = rsig::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&keys.pkcs8)
                    .expect("ring Ed25519 key");
                let public = rsig::UnparsedPublicKey::new(
                    &rsig::ED25519,
                    pair.public_key().as_ref().to_vec(),
                );
                Ring::Ed25519(pair, public)
            }
        }
    }

    /// Signs; the signature stays in ring's own type where it has one.
    fn sign(&self, rng: &ring::rand::SystemRandom, message: &[u8]) -> usize {
        match self {
            Ring::Hmac(key) => black_box(ring::hmac::sign(key, message)).as_ref().len(),
            Ring::Rsa { pair, padding, .. } => {
                let mut out = vec![0; pair.public().modulus_len()];
                pair.sign(*padding, rng, message, &mut out)
                    .expect("ring signs");
                black_box(out).len()
            }
            Ring::Ecdsa(pair, _) => black_box(pair.sign(rng, message).expect("ring signs"))
                .as_ref()
                .len(),
            Ring::Ed25519(pair, _) => black_box(pair.sign(message)).as_ref().len(),
        }
    }

    fn sign_vec(&self, rng: &ring::rand::SystemRandom, message: &[u8]) -> Vec<u8> {
        match self {
            Ring::Hmac(key) => ring::hmac::sign(key, message).as_ref().to_vec(),
            Ring::Rsa { pair, padding, .. } => {
                let mut out = vec![0; pair.public().modulus_len()];
                pair.sign(*padding, rng, message, &mut out)
                    .expect("ring signs");
                out
            }
            Ring::Ecdsa(pair, _) => pair
                .sign(rng, message)
                .expect("ring signs")
                .as_ref()
                .to_vec(),
            Ring::Ed25519(pair, _) => pair.sign(message).as_ref().to_vec(),
        }
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Ring::Hmac(key) => ring::hmac::verify(key, message, signature).is_ok(),
            Ring::Rsa { params, public, .. } => public.verify(params, message, signature).is_ok(),
            Ring::Ecdsa(_, public) | Ring::Ed25519(_, public) => {
                public.verify(message, signature).is_ok()
            }
        }
    }
}

/// The header as the minimal verifier reads it: borrowed fields.
#[derive(Deserialize)]
struct IdealHeaderRead<'a> {
    alg: &'a str,
    #[serde(default)]
    #[allow(dead_code)]
    typ: Option<&'a str>,
}

/// The minimal verifier: what a verifier must do at the least. Split at the
/// dots; base64url-decode header, signature and payload onto the stack; read
/// the header with borrowed fields and check `alg` (RFC 7515 §5.2 at least);
/// ring's verify; `serde_json::from_slice` into the typed struct; then `exp`,
/// `iss` and `aud` by plain comparison. The payload is decoded only once the
/// signature verified, so its reject path is as cheap as it can be.
fn ideal_verify(ring: &Ring, alg: &str, token: &str) -> Option<Claims> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, payload) = signing_input.split_once('.')?;
    let mut header_buf = [0u8; 256];
    let n = URL_SAFE_NO_PAD.decode_slice(header, &mut header_buf).ok()?;
    let read: IdealHeaderRead<'_> = serde_json::from_slice(header_buf.get(..n)?).ok()?;
    if read.alg != alg {
        return None;
    }
    let mut signature_buf = [0u8; 1024];
    let n = URL_SAFE_NO_PAD
        .decode_slice(signature, &mut signature_buf)
        .ok()?;
    if !ring.verify(signing_input.as_bytes(), signature_buf.get(..n)?) {
        return None;
    }
    let mut payload_buf = [0u8; 1024];
    let n = URL_SAFE_NO_PAD
        .decode_slice(payload, &mut payload_buf)
        .ok()?;
    let claims: Claims = serde_json::from_slice(payload_buf.get(..n)?).ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    (claims.exp > now && claims.iss == ISSUER && claims.aud == AUDIENCE).then_some(claims)
}

#[derive(Serialize)]
struct IdealHeader {
    alg: &'static str,
    typ: &'static str,
}

/// The ideal minimal signer: header and claims to JSON, encode, sign, encode.
fn ideal_sign(
    ring: &Ring,
    rng: &ring::rand::SystemRandom,
    alg: &'static str,
    claims: &Claims,
) -> String {
    let header = serde_json::to_vec(&IdealHeader { alg, typ: "JWT" }).expect("header json");
    let payload = serde_json::to_vec(claims).expect("claims json");
    let mut token = String::with_capacity(512);
    URL_SAFE_NO_PAD.encode_string(header, &mut token);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(payload, &mut token);
    let signature = ring.sign_vec(rng, token.as_bytes());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    token
}

fn jot_contender(alg: Algorithm, keys: &KeyPair) -> Contender {
    let signer = SigningKey::from_jwk(&keys.private, alg).expect("jot signing key");
    let verifier = VerifyingKey::from_jwk(&keys.public, alg).expect("jot verifying key");
    let header = jot::jws::Header::jwt(&signer);
    let validation = Validation::new(&[alg]).issuer(ISSUER).audience(AUDIENCE);
    let c = claims();
    Contender {
        name: "jot",
        sign: Box::new(move || jot::jwt::encode(&header, &c, &signer).expect("jot signs")),
        verify: Box::new(move |token| {
            jot::jwt::verify::<Claims>(token, &verifier, &validation)
                .map(black_box)
                .is_ok()
        }),
    }
}

/// jsonwebtoken 9 and 10 have the same API; this macro writes the contender
/// once for each crate path.
macro_rules! jsonwebtoken_contender {
    ($fn_name:ident, $krate:ident, $label:literal) => {
        fn $fn_name(alg: Algorithm, keys: &KeyPair) -> Contender {
            use $krate::{Algorithm as A, DecodingKey, EncodingKey};
            let b64 = |v: &Option<String>| v.clone().expect("member present");
            let (a, encoding, decoding) = match alg {
                Algorithm::HS256 => (
                    A::HS256,
                    EncodingKey::from_secret(common::HMAC_SECRET),
                    DecodingKey::from_secret(common::HMAC_SECRET),
                ),
                Algorithm::RS256 | Algorithm::PS256 => (
                    if alg == Algorithm::RS256 {
                        A::RS256
                    } else {
                        A::PS256
                    },
                    EncodingKey::from_rsa_der(&common::pem_to_der(common::RSA_PKCS1_PEM)),
                    DecodingKey::from_rsa_components(&b64(&keys.public.n), &b64(&keys.public.e))
                        .expect("rsa components"),
                ),
                Algorithm::ES256 | Algorithm::ES384 => (
                    if alg == Algorithm::ES256 {
                        A::ES256
                    } else {
                        A::ES384
                    },
                    EncodingKey::from_ec_der(&keys.pkcs8),
                    DecodingKey::from_ec_components(&b64(&keys.public.x), &b64(&keys.public.y))
                        .expect("ec components"),
                ),
                _ => (
                    A::EdDSA,
                    EncodingKey::from_ed_der(&keys.pkcs8),
                    DecodingKey::from_ed_components(&b64(&keys.public.x)).expect("ed components"),
                ),
            };
            let header = $krate::Header::new(a);
            let mut validation = $krate::Validation::new(a);
            validation.set_issuer(&[ISSUER]);
            validation.set_audience(&[AUDIENCE]);
            let c = claims();
            Contender {
                name: $label,
                sign: Box::new(move || $krate::encode(&header, &c, &encoding).expect("signs")),
                verify: Box::new(move |token| {
                    $krate::decode::<Claims>(token, &decoding, &validation)
                        .map(black_box)
                        .is_ok()
                }),
            }
        }
    };
}

jsonwebtoken_contender!(jsonwebtoken9_contender, jsonwebtoken, "jsonwebtoken9");
jsonwebtoken_contender!(jsonwebtoken10_contender, jsonwebtoken10, "jsonwebtoken10");

fn simple_options() -> simple::VerificationOptions {
    simple::VerificationOptions {
        allowed_issuers: Some(HashSet::from([ISSUER.to_owned()])),
        allowed_audiences: Some(HashSet::from([AUDIENCE.to_owned()])),
        ..Default::default()
    }
}

/// jwt-simple has one key type per algorithm and one trait per family, so
/// the contender is written once per family with this macro.
macro_rules! simple_contender {
    ($pair:expr, $public:expr) => {
        simple_contender!($pair, $public, sign)
    };
    ($pair:expr, $public:expr, $sign:ident) => {{
        let pair = $pair;
        let public = $public;
        let options = simple_options();
        let c = simple_claims();
        Contender {
            name: "jwt_simple",
            // jwt-simple takes the claims by value: the clone is its API's cost.
            sign: Box::new(move || pair.$sign(c.clone()).expect("jwt-simple signs")),
            verify: Box::new(move |token| {
                public
                    .verify_token::<Custom>(token, Some(options.clone()))
                    .map(black_box)
                    .is_ok()
            }),
        }
    }};
}

fn jwt_simple_contender(alg: Algorithm, keys: &KeyPair) -> Contender {
    match alg {
        Algorithm::HS256 => {
            let key = simple::HS256Key::from_bytes(common::HMAC_SECRET);
            simple_contender!(key.clone(), key, authenticate)
        }
        Algorithm::RS256 => simple_contender!(
            simple::RS256KeyPair::from_der(&keys.pkcs8).expect("jwt-simple RSA key"),
            simple::RS256PublicKey::from_components(
                &keys.member(&keys.public.n),
                &keys.member(&keys.public.e)
            )
            .expect("jwt-simple RSA public key")
        ),
        Algorithm::PS256 => simple_contender!(
            simple::PS256KeyPair::from_der(&keys.pkcs8).expect("jwt-simple RSA key"),
            simple::PS256PublicKey::from_components(
                &keys.member(&keys.public.n),
                &keys.member(&keys.public.e)
            )
            .expect("jwt-simple RSA public key")
        ),
        Algorithm::ES256 => simple_contender!(
            simple::ES256KeyPair::from_der(&keys.pkcs8).expect("jwt-simple P-256 key"),
            simple::ES256PublicKey::from_bytes(&keys.ec_point()).expect("P-256 public key")
        ),
        Algorithm::ES384 => simple_contender!(
            simple::ES384KeyPair::from_der(&keys.pkcs8).expect("jwt-simple P-384 key"),
            simple::ES384PublicKey::from_bytes(&keys.ec_point()).expect("P-384 public key")
        ),
        _ => simple_contender!(
            simple::Ed25519KeyPair::from_der(&keys.pkcs8).expect("jwt-simple Ed25519 key"),
            simple::Ed25519PublicKey::from_bytes(&keys.member(&keys.public.x))
                .expect("Ed25519 public key")
        ),
    }
}

/// Flips one bit of the decoded signature and re-encodes it canonically, so
/// the token stays well formed and fails only at the signature check.
fn tamper(token: &str) -> String {
    let (signing_input, signature) = token.rsplit_once('.').expect("three segments");
    let mut signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
    if let Some(first) = signature.first_mut() {
        *first ^= 1;
    }
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

fn bench_alg(c: &mut Criterion, alg: Algorithm, prefix: &str) {
    let keys = KeyPair::for_alg(alg);
    let ring = Ring::new(alg, &keys);
    let rng = ring::rand::SystemRandom::new();
    let peers = [
        jot_contender(alg, &keys),
        jsonwebtoken9_contender(alg, &keys),
        jsonwebtoken10_contender(alg, &keys),
        jwt_simple_contender(alg, &keys),
    ];
    let jot = peers.first().expect("jot is first");
    let token = (jot.sign)();
    let bad = tamper(&token);
    let (signing_input, signature) = token.rsplit_once('.').expect("three segments");
    let signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
    let bad_signature = {
        let (_, s) = bad.rsplit_once('.').expect("three segments");
        URL_SAFE_NO_PAD.decode(s).expect("base64url")
    };

    // Setup assertions: every contender accepts jot's token and rejects the
    // tampered one, and accepts its own. One that cannot read jot's token
    // is given its own (and says so), never silently dropped.
    let mut tokens = Vec::new();
    for p in &peers {
        let own = (p.sign)();
        assert!(
            (p.verify)(&own),
            "{prefix}: {} rejects its own token",
            p.name
        );
        assert!(
            (jot.verify)(&own),
            "{prefix}: jot rejects {}'s token",
            p.name
        );
        let good = if (p.verify)(&token) {
            token.clone()
        } else {
            eprintln!(
                "{prefix}: {} rejects jot's token; it is timed on its own",
                p.name
            );
            own
        };
        let bad = tamper(&good);
        assert!(
            !(p.verify)(&bad),
            "{prefix}: {} accepts a bad signature",
            p.name
        );
        tokens.push((good, bad));
    }
    let expected = Some(claims());
    assert_eq!(
        ideal_verify(&ring, alg.name(), &token),
        expected,
        "{prefix}: ideal"
    );
    assert_eq!(
        ideal_verify(&ring, alg.name(), &bad),
        None,
        "{prefix}: ideal reject"
    );
    assert_eq!(
        ideal_verify(&ring, "none", &token),
        None,
        "{prefix}: ideal checks alg"
    );
    let ideal_token = ideal_sign(&ring, &rng, alg.name(), &claims());
    assert!(
        (jot.verify)(&ideal_token),
        "{prefix}: jot rejects ideal's token"
    );
    assert!(
        ring.verify(signing_input.as_bytes(), &signature),
        "{prefix}: ring"
    );
    assert!(
        !ring.verify(signing_input.as_bytes(), &bad_signature),
        "{prefix}: ring reject"
    );

    let the_claims = claims();
    let mut runs: Vec<Run<'_>> = Vec::new();
    let group = format!("{prefix}/sign");
    for p in &peers {
        runs.push((
            group.clone(),
            p.name,
            Box::new(|| drop(black_box((p.sign)()))),
        ));
    }
    runs.push((
        group.clone(),
        "ideal",
        Box::new(|| {
            drop(black_box(ideal_sign(
                &ring,
                &rng,
                alg.name(),
                black_box(&the_claims),
            )))
        }),
    ));
    runs.push((
        group,
        "ring",
        Box::new(|| {
            black_box(ring.sign(&rng, black_box(signing_input.as_bytes())));
        }),
    ));
    for (op, accept) in [("verify", true), ("reject", false)] {
        let group = format!("{prefix}/{op}");
        for (p, (good, bad)) in peers.iter().zip(&tokens) {
            let t = if accept { good } else { bad };
            runs.push((
                group.clone(),
                p.name,
                Box::new(move || assert_eq!((p.verify)(black_box(t)), accept)),
            ));
        }
        let t = if accept { &token } else { &bad };
        let ring = &ring;
        runs.push((
            group.clone(),
            "ideal",
            Box::new(move || drop(black_box(ideal_verify(ring, alg.name(), black_box(t))))),
        ));
        let sig = if accept { &signature } else { &bad_signature };
        runs.push((
            group,
            "ring",
            Box::new(move || {
                black_box(ring.verify(black_box(signing_input.as_bytes()), black_box(sig)));
            }),
        ));
    }
    drive(c, runs);
}

/// One timed function: group, contender, and the body of one iteration.
type Run<'a> = (String, &'static str, Box<dyn Fn() + 'a>);

/// Hands the runs to criterion, or, in profile mode, runs the one named by
/// `JOT_BENCH_PROFILE` (`hs256/verify/jot`) `JOT_BENCH_PROFILE_N` times
/// (default 10,000) inside [`profile_loop`], for `valgrind --tool=callgrind
/// --toggle-collect=*profile_loop*` (see benches/README.md).
fn drive(c: &mut Criterion, runs: Vec<Run<'_>>) {
    if let Ok(wanted) = std::env::var("JOT_BENCH_PAIRED") {
        paired(&runs, &wanted);
        return;
    }
    if let Ok(wanted) = std::env::var("JOT_BENCH_PROFILE") {
        let n = std::env::var("JOT_BENCH_PROFILE_N")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        for (group, name, body) in &runs {
            if format!("{group}/{name}") == wanted {
                profile_loop(body, n);
                eprintln!("profiled {wanted}: {n} iterations");
            }
        }
        return;
    }
    // Runs of one group are consecutive; each chunk is one criterion group.
    for chunk in runs.chunk_by(|a, b| a.0 == b.0) {
        let Some((group, _, _)) = chunk.first() else {
            continue;
        };
        let mut g = c.benchmark_group(group.as_str());
        for (_, name, body) in chunk {
            g.bench_function(*name, |b| b.iter(body));
        }
        g.finish();
    }
}

/// Paired rounds (`JOT_BENCH_PAIRED=1`, or a group prefix such as
/// `hs256/`): for each group and each other contender, `JOT_BENCH_ROUNDS`
/// rounds (default 41) that each time a batch of jot and a batch of the other,
/// back to back and in alternating order, in this one process; the ratio of
/// a round is jot's time over the other's, and the table shows the median
/// ratio over the rounds. Load that comes and goes hits both batches of a
/// round alike, so the median ratio is far steadier than two separate
/// medians on a shared machine. A batch lasts about 2 ms.
fn paired(runs: &[Run<'_>], wanted: &str) {
    let rounds: usize = std::env::var("JOT_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(41);
    for chunk in runs.chunk_by(|a, b| a.0 == b.0) {
        let Some((group, _, _)) = chunk.first() else {
            continue;
        };
        if wanted != "1" && !group.starts_with(wanted) {
            continue;
        }
        let Some((_, _, jot)) = chunk.iter().find(|r| r.1 == "jot") else {
            continue;
        };
        // Batch size: about 2 ms of jot (`JOT_BENCH_BATCH_MS` to change it).
        let batch_ms: u64 = std::env::var("JOT_BENCH_BATCH_MS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2);
        let start = std::time::Instant::now();
        let mut calibrate = 0u64;
        while start.elapsed().as_millis() < u128::from(batch_ms) * 10 {
            jot();
            calibrate += 1;
        }
        let batch = (calibrate / 10).max(1);
        let mut jot_ns = Vec::new();
        let mut cells = Vec::new();
        for (_, name, other) in chunk.iter().filter(|r| r.1 != "jot") {
            let mut ratios = Vec::with_capacity(rounds);
            for round in 0..rounds {
                let (first, second): (&dyn Fn(), &dyn Fn()) = if round % 2 == 0 {
                    (jot, other)
                } else {
                    (other, jot)
                };
                let a = time_batch(first, batch);
                let b = time_batch(second, batch);
                let (t_jot, t_other) = if round % 2 == 0 { (a, b) } else { (b, a) };
                jot_ns.push(t_jot / batch as f64);
                ratios.push(t_jot / t_other);
            }
            cells.push(format!("{name} {:.3}x", median(&mut ratios)));
        }
        println!(
            "paired {group}: jot {:.0} ns (median of {} batches of {batch}); {}",
            median(&mut jot_ns),
            jot_ns.len(),
            cells.join(", ")
        );
    }
}

/// Nanoseconds for `n` calls of `body`.
fn time_batch(body: &dyn Fn(), n: u64) -> f64 {
    let start = std::time::Instant::now();
    for _ in 0..n {
        body();
    }
    start.elapsed().as_nanos() as f64
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[inline(never)]
fn profile_loop(body: &dyn Fn(), n: u64) {
    for _ in 0..n {
        body();
    }
}

fn jwt(c: &mut Criterion) {
    let only = std::env::var("JOT_BENCH_PROFILE")
        .ok()
        .or_else(|| std::env::var("JOT_BENCH_PAIRED").ok().filter(|p| p != "1"));
    for &(alg, prefix) in ALGS {
        // In profile mode, skip the other algorithms' setup entirely.
        if only
            .as_deref()
            .is_none_or(|w| w.starts_with(&format!("{prefix}/")))
        {
            bench_alg(c, alg, prefix);
        }
    }
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = jwt
}
criterion_main!(benches);
