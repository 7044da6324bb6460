//! Differential property test of `jwt::verify`'s fast path (the borrowed
//! header read and the one strict pass over the claims) against today's two
//! passes, `jwt::verify_reference`: on random and mutated headers and claims
//! sets, the same verdict, the same error and the same trace, for several
//! claims types and validations. The fuzz target `jwt_verify_one_pass` does
//! the same on arbitrary bytes.

use jot::jwt::{self, Claims, Validation};
use jot::{b64, jws, Algorithm, SigningKey, VerifyingKey};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

const SECRET: &[u8; 32] = b"one-pass differential test key!!";
const NOW: i64 = 1_700_000_000;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Typed {
    sub: Option<String>,
    exp: u64,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    level: Option<Level>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
enum Level {
    Low,
    High { by: String },
}

fn validations() -> Vec<Validation> {
    let base = Validation::new(&[Algorithm::HS256]).now(NOW);
    vec![
        base.clone().issuer("iss-a").audience("aud-a"),
        base.clone().require("scope").leeway(30).typ("JWT"),
        base.clone()
            .allow_missing_exp()
            .ignore_audience()
            .subject("sub-a")
            .max_age(600),
        base.require("jti").issuer("iss-a"),
    ]
}

fn agree<C: DeserializeOwned + PartialEq + std::fmt::Debug>(
    token: &str,
    key: &VerifyingKey,
    v: &Validation,
) -> Result<(), TestCaseError> {
    let (fast, fast_steps) = jwt::verify_traced::<C>(token, key, v);
    let (reference, reference_steps) = jwt::verify_reference::<C>(token, key, v);
    prop_assert_eq!(&fast, &reference);
    prop_assert_eq!(fast_steps, reference_steps);
    let claims = jwt::verify_claims::<C>(token, key, v);
    prop_assert_eq!(claims.as_ref(), reference.as_ref().map(|t| &t.claims));
    prop_assert_eq!(jwt::verify::<C>(token, key, v), reference);
    Ok(())
}

/// A JSON value of the kinds claims hold, nested a little.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        (-5i64..5).prop_map(|n| n.to_string()),
        Just("1700000000".to_owned()),
        Just("1700003600.5".to_owned()),
        Just("1e400".to_owned()),
        Just("-1".to_owned()),
        Just(r#""iss-a""#.to_owned()),
        Just(r#""aud-a""#.to_owned()),
        Just(r#""sub-a""#.to_owned()),
        Just(r#""Low""#.to_owned()),
        Just(r#""\ud800""#.to_owned()),
        Just(r#""a\u0062c""#.to_owned()),
        Just(r#"{"High":{"by":"x"}}"#.to_owned()),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((name(), inner), 0..4).prop_map(|m| {
                let members: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A member name: registered, custom, or an escaped spelling of one.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        r#""iss""#,
        r#""sub""#,
        r#""aud""#,
        r#""exp""#,
        r#""nbf""#,
        r#""iat""#,
        r#""jti""#,
        r#""scope""#,
        r#""roles""#,
        r#""level""#,
        r#""x""#,
        r#""\u0065xp""#,
        r#""\u0061ud""#,
    ])
    .prop_map(str::to_owned)
}

/// A claims set: mostly well formed, with registered claims of any type.
fn claims() -> impl Strategy<Value = String> {
    let good = prop_oneof![
        Just(r#""exp":1700003600"#.to_owned()),
        Just(r#""iss":"iss-a""#.to_owned()),
        Just(r#""aud":"aud-a""#.to_owned()),
        Just(r#""aud":["x","aud-a"]"#.to_owned()),
        Just(r#""sub":"sub-a""#.to_owned()),
        Just(r#""iat":1699999999"#.to_owned()),
        Just(r#""jti":"j""#.to_owned()),
        Just(r#""scope":"s""#.to_owned()),
        Just(r#""roles":["a","b"]"#.to_owned()),
        Just(r#""level":{"High":{"by":"ops"}}"#.to_owned()),
    ];
    let member = prop_oneof![
        3 => good,
        1 => (name(), value()).prop_map(|(k, v)| format!("{k}:{v}")),
    ];
    prop::collection::vec(member, 0..9).prop_map(|m| format!("{{{}}}", m.join(",")))
}

fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(r#"{"alg":"HS256","typ":"JWT"}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256"}"#.to_owned()),
        1 => Just(r#"{"typ":"JWT","alg":"HS256","kid":"k","cty":"c"}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256","typ":"jwt"}"#.to_owned()),
        1 => Just(r#"{"alg":"H\u0053256","typ":"JWT"}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256","typ":"JWT","typ":"JWT"}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256","x":{"a":1,"a":2}}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256","kid":7}"#.to_owned()),
        1 => Just(r#"{"alg":"none"}"#.to_owned()),
        1 => Just(r#"{"alg":"RS256"}"#.to_owned()),
        1 => (value()).prop_map(|v| format!(r#"{{"alg":"HS256","extra":{v}}}"#)),
        // The hand-written read of the common shape: whitespace, the edges
        // of its character range, and what it leaves to the full read.
        1 => Just(" {\t\"alg\" :\r\n\"HS256\" , \"typ\":\"JWT\"} \n".to_owned()),
        1 => Just("{\"alg\":\"HS256\",\"kid\":\" ~\u{7f}\"}".to_owned()),
        1 => Just("{\"alg\":\"HS256\",\"kid\":\"a\tb\"}".to_owned()),
        1 => Just("{\"alg\":\"HS256\",\"kid\":\"\u{e9}\"}".to_owned()),
        1 => Just(r#"{"alg":"HS256",}"#.to_owned()),
        1 => Just(r#"{"alg":"HS256"}}"#.to_owned()),
        1 => Just(r#"{}"#.to_owned()),
    ]
}

/// Up to two byte edits (replace, insert or delete) of `text`.
fn mutate(text: String, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    for &(at, op, byte) in edits {
        let at = at % (bytes.len() + 1);
        match op % 3 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            _ if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {}
        }
    }
    bytes
}

fn json_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(b"{}[],:\"\\ 0123456789.eE-+atrufnlsxu".to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fast_path_agrees_with_the_reference(
        header in header(),
        claims in claims(),
        header_edits in prop::collection::vec((any::<usize>(), any::<u8>(), json_byte()), 0..2),
        claims_edits in prop::collection::vec((any::<usize>(), any::<u8>(), json_byte()), 0..3),
        mutate_header in prop::bool::weighted(0.1),
        mutate_claims in prop::bool::weighted(0.3),
        tamper in prop::bool::weighted(0.05),
        extra_dot in prop::option::weighted(0.05, any::<usize>()),
    ) {
        let header = if mutate_header { mutate(header, &header_edits) } else { header.into_bytes() };
        let claims = if mutate_claims { mutate(claims, &claims_edits) } else { claims.into_bytes() };
        let signer = SigningKey::hmac(Algorithm::HS256, SECRET).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let key = VerifyingKey::hmac(Algorithm::HS256, SECRET).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut token = jws::sign_encoded(&b64::encode(&header), &claims, &signer)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        if tamper {
            token.push('A');
        }
        // A fourth segment anywhere: the untraced split scans only the
        // header and the signature, and must still answer SegmentCount.
        if let Some(at) = extra_dot {
            token.insert(at % (token.len() + 1), '.');
        }
        for v in validations() {
            agree::<Claims>(&token, &key, &v)?;
            agree::<Value>(&token, &key, &v)?;
            agree::<Typed>(&token, &key, &v)?;
            agree::<Claims<Typed>>(&token, &key, &v)?;
        }
    }
}

/// The fast path really is taken for the usual tokens: the typed claims of
/// a valid token come back, and so they do with the reference (a sanity
/// check that the property above compares two live paths).
#[test]
fn usual_tokens_verify_both_ways() {
    let signer = SigningKey::hmac(Algorithm::HS256, SECRET).expect("key");
    let key = VerifyingKey::hmac(Algorithm::HS256, SECRET).expect("key");
    let claims = r#"{"iss":"iss-a","aud":"aud-a","sub":"sub-a","exp":1700003600,"roles":["a"],"level":"Low"}"#;
    let token = jws::sign_encoded(
        &b64::encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        claims.as_bytes(),
        &signer,
    )
    .expect("signs");
    let v = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .issuer("iss-a")
        .audience("aud-a");
    let fast = jwt::verify::<Typed>(&token, &key, &v).expect("verifies");
    assert_eq!(fast.claims.level, Some(Level::Low));
    assert_eq!(Ok(fast), jwt::verify_reference::<Typed>(&token, &key, &v).0);
}
