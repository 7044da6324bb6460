//! The one-pass read against the reference (the strict registered-claims
//! read, then `serde_json` into `C`): wherever the one pass answers, the
//! reference accepts with the same values.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{decode, Ctx, Needs};
use crate::jwt::validation::ClaimsView;
use crate::jwt::{Claims, NumericDate, RegisteredClaims};

/// Everything validation can read of a claims set, for comparison.
type Summary = (
    Option<String>,
    Option<String>,
    Option<String>,
    [Option<NumericDate>; 3],
    Vec<bool>,
);

fn summary(c: &impl ClaimsView, keep: &[String]) -> Summary {
    let names = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
    let has = names.iter().copied().chain(keep.iter().map(String::as_str));
    (
        c.iss().map(str::to_owned),
        c.sub().map(str::to_owned),
        c.aud().map(|a| a.to_string()),
        [c.exp(), c.nbf(), c.iat()],
        has.map(|n| c.has(n)).collect(),
    )
}

fn reference<C: DeserializeOwned>(text: &str, keep: &[String]) -> Option<(C, Summary)> {
    let registered = RegisteredClaims::from_json_keeping(text, keep).ok()?;
    let claims = serde_json::from_str(text).ok()?;
    Some((claims, summary(&registered, keep)))
}

/// The one pass never accepts what the reference refuses, and agrees on
/// the values; returns whether the one pass answered.
fn agree<C: DeserializeOwned + PartialEq + core::fmt::Debug>(text: &str, keep: &[String]) -> bool {
    let needs = Needs {
        keep,
        iss: true,
        sub: true,
        aud: true,
    };
    let mut ctx = Ctx::new(&needs);
    let fast = decode::<C>(text, &ctx).map(|c| (c, summary(&ctx.captured(), keep)));
    if let Some(fast) = &fast {
        assert_eq!(Some(fast), reference::<C>(text, keep).as_ref(), "{text}");
    }
    fast.is_some()
}

#[derive(Debug, PartialEq, Deserialize)]
struct Typical {
    sub: String,
    name: String,
    iss: String,
    aud: String,
    iat: u64,
    exp: u64,
    roles: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Role {
    Admin,
    User { level: u8 },
}

#[derive(Debug, PartialEq, Deserialize)]
struct Partial {
    role: Role,
    exp: Option<f64>,
}

const TYPICAL: &str = r#"{"sub":"user-1","name":"Ada","iss":"https://issuer.example","aud":"api","iat":1700000000,"exp":4102444800,"roles":["admin","editor"]}"#;

#[test]
fn typical_claims_take_the_one_pass() {
    let keep = ["scope".to_owned()];
    assert!(agree::<Typical>(TYPICAL, &keep));
    assert!(agree::<Value>(TYPICAL, &keep));
    assert!(agree::<Map<String, Value>>(TYPICAL, &keep));
    assert!(agree::<Claims>(TYPICAL, &keep));
    assert!(agree::<Claims<Map<String, Value>>>(
        r#"{"aud":["a","b"],"scope":"x","n":{"a":[1,{"b":null}]}}"#,
        &keep
    ));
    assert!(agree::<Partial>(
        r#"{"role":"Admin","exp":1.5,"aud":[],"x":[[]]}"#,
        &keep
    ));
    assert!(agree::<Partial>(
        r#"{"role":{"User":{"level":3}},"exp":-2}"#,
        &keep
    ));
    let needs = Needs {
        keep: &keep,
        iss: false,
        sub: false,
        aud: false,
    };
    let text = r#"{"scope":1,"other":2,"exp":3,"iss":"a","sub":"b","aud":["c"],"jti":"d"}"#;
    let mut ctx = Ctx::new(&needs);
    let fast = decode::<Claims>(text, &ctx);
    assert!(fast.is_some(), "the one pass reads {text}");
    let captured = ctx.captured();
    // Values nothing reads are present, not copied; the rest are exact.
    let present = ["scope", "exp", "iss", "sub", "aud", "jti"];
    assert!(present.iter().all(|n| captured.has(n)));
    assert!(!captured.has("other"));
    assert_eq!((captured.iss(), captured.sub()), (Some(""), Some("")));
    assert_eq!(captured.exp().map(|d| d.as_secs_f64()), Some(3.0));
}

#[test]
fn leaves_to_the_reference_what_it_refuses() {
    let keep = [];
    for text in [
        // Duplicates, at the top, nested, in skipped members, escaped.
        r#"{"exp":1,"exp":2}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"n":{"x":1,"x":2}}"#,
        r#"{"n":[{"x":1,"x":2}]}"#,
        r#"{"aud":"a","\u0061ud":"b"}"#,
        // Registered claims of the wrong type.
        r#"{"exp":"1"}"#,
        r#"{"exp":null}"#,
        r#"{"iss":1}"#,
        r#"{"aud":["a",1]}"#,
        r#"{"aud":[["a"]]}"#,
        r#"{"aud":{"a":1}}"#,
        r#"{"nbf":1e400}"#,
        r#"{"jti":true}"#,
        // Not an object, bad JSON, lone surrogates in skipped values.
        "[]",
        "1",
        r#"{"a":1} x"#,
        r#"{"a":"\ud800"}"#,
        r#"{"a":1,}"#,
    ] {
        assert!(!agree::<Value>(text, &keep), "{text}");
        assert!(!agree::<Claims>(text, &keep), "{text}");
        assert!(!agree::<Partial>(text, &keep), "{text}");
    }
}

#[test]
fn depth_is_bounded_as_the_reference_bounds_it() {
    let nested = |n: usize| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
    let ok = nested(crate::json::MAX_DEPTH - 1);
    assert!(agree::<Value>(&ok, &[]));
    assert!(agree::<Claims>(&ok, &[]));
    let deep = nested(crate::json::MAX_DEPTH);
    assert!(!agree::<Value>(&deep, &[]));
    assert!(!agree::<Claims>(&deep, &[]));
    assert!(reference::<Value>(&deep, &[]).is_none());
}

#[test]
fn many_members_spill_past_the_stack() {
    let body: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    let text = format!("{{{}}}", body.join(","));
    assert!(agree::<Value>(&text, &[]));
    let repeated = format!("{{{},\"k3\":0}}", body.join(","));
    assert!(!agree::<Value>(&repeated, &[]));
    assert!(!agree::<Claims>(&repeated, &[]));
}

/// A type that swallows errors still sends the claims set to the reference.
#[test]
fn a_swallowed_error_still_falls_back() {
    #[derive(Debug, PartialEq)]
    struct Lenient(Option<u64>);
    impl<'de> Deserialize<'de> for Lenient {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(Lenient(u64::deserialize(d).ok()))
        }
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct Swallows {
        exp: Lenient,
        aud: Lenient,
    }
    // `aud` as a string: `u64` fails, the type swallows it and the capture
    // of `aud` is there; `exp` as a string: the capture itself refuses.
    assert!(!agree::<Swallows>(r#"{"exp":1,"aud":"api"}"#, &[]));
    assert!(!agree::<Swallows>(r#"{"exp":"1","aud":2}"#, &[]));
}

/// A visitor given to `deserialize_ignored_any` sees "unit", as `serde_json`
/// tells it after skipping, whatever the skipped value was.
#[test]
fn ignored_values_read_as_unit() {
    #[derive(Debug, PartialEq)]
    struct Seen(&'static str);
    impl<'de> Deserialize<'de> for Seen {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Seen;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("anything")
                }
                fn visit_unit<E: serde::de::Error>(self) -> Result<Seen, E> {
                    Ok(Seen("unit"))
                }
                fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Seen, E> {
                    Ok(Seen("str"))
                }
            }
            d.deserialize_ignored_any(V)
        }
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct Holder {
        x: Seen,
    }
    assert!(agree::<Holder>(r#"{"x":"text","exp":1}"#, &[]));
    let needs = Needs {
        keep: &[],
        iss: true,
        sub: true,
        aud: true,
    };
    let fast = decode::<Holder>(r#"{"x":"text"}"#, &Ctx::new(&needs));
    assert_eq!(fast, Some(Holder { x: Seen("unit") }));
}
