//! Claim validation: the [`Validation`] builder, its defaults, and the fixed
//! order of its checks.
//!
//! RFC 7519 §7.2 ends at step 10, "the JWT Claims Set is a valid JSON
//! object"; it leaves every claim optional (§4.1) and their checks to the
//! application. The checks here come from the claims' own sections
//! (§4.1.1-§4.1.6), from RFC 8725 §3.8-§3.11, and from jot's defaults
//! (SECURITY.md rules 8-10). Each is cited where it runs.
//!
//! One concept, kept whole (about 800 lines, half of them docs and examples): the
//! settings and the checks that read them, so each setting's rule is found
//! next to it.

use crate::error::{clip, holds, Error, Result};
use crate::jwa::Algorithm;

use super::numeric_date::duration_f64;
use super::{Audience, NumericDate, RegisteredClaims};
use crate::trace::{Record, Recorder, Step, Untraced};

/// The largest leeway [`Validation::leeway`] accepts, in seconds (5 minutes).
///
/// Leeway forgives clock skew between issuer and verifier; more than a few
/// minutes stops being skew and starts extending every token's lifetime
/// (RFC 7519 §4.1.4 "some small leeway, usually no more than a few minutes").
pub const MAX_LEEWAY: u64 = 300;

/// Where [`Validation`] gets the current time from.
#[derive(Debug, Clone, Copy)]
enum Clock {
    System,
    Fixed(NumericDate),
    Func(fn() -> NumericDate),
}

/// What to check in a JWT's claims, and how (RFC 7519 §7.2 step 10,
/// RFC 8725 §3).
///
/// Built by value: `Validation::new(&[alg]).issuer(..).audience(..)`.
///
/// # Defaults
///
/// | setting | default | why |
/// |---|---|---|
/// | algorithms | required, no default | RFC 8725 §3.1: the caller fixes the algorithm, never the token |
/// | `exp` | required | jot's default (SECURITY.md rule 9; RFC 7519 §4.1 makes it optional): a missing `exp` must not mean "never expires" |
/// | `nbf`, `iat` | checked when present | RFC 7519 §4.1.5, §4.1.6 |
/// | leeway | 0 s, capped at [`MAX_LEEWAY`] | `exp == now` is expired; skew tolerance is opted into |
/// | `iss`, `sub` | not checked | set [`issuer`](Self::issuer), [`subject`](Self::subject) |
/// | `aud` | a token with an `aud` is rejected | RFC 7519 §4.1.3; set [`audience`](Self::audience) |
/// | `typ` | not checked | set [`typ`](Self::typ) (RFC 8725 §3.11) |
/// | clock | system clock | [`now`](Self::now), [`clock`](Self::clock) |
///
/// # Order of checks
///
/// First failure wins, in this fixed order, which is jot's (RFC 7519 §7.2
/// fixes none for claims). The signature and `typ` are checked by the caller
/// before any of these (SECURITY.md rule 7, RFC 8725 §3.11). These are check
/// numbers, not RFC step numbers:
///
/// 1. registered claims are read with exact types ([`RegisteredClaims::from_json`]; RFC 7519 §7.2
///    step 10 and §2, SECURITY.md rule 8): `Malformed`;
/// 2. required claims are present: `exp` (unless [`allow_missing_exp`](Self::allow_missing_exp)),
///    then each [`require`](Self::require)d name in order, then `iss`, `aud`, `sub`, `iat`
///    when an issuer, audience, subject or max age is configured (jot's, SECURITY.md rules 9
///    and 10): `MissingClaim`;
/// 3. `exp` (RFC 7519 §4.1.4): `Expired`; 4. `nbf` (§4.1.5): `NotYetValid`;
/// 5. `iat` in the future (jot's, from §4.1.6): `IssuedInFuture`; 6. max age (jot's, from
///    §4.1.6): `TooOld`; 7. `iss` (§4.1.1, RFC 8725 §3.8): `InvalidIssuer`; 8. `aud` (§4.1.3,
///    RFC 8725 §3.9): `InvalidAudience`; 9. `sub` (§4.1.2, RFC 8725 §3.8): `InvalidSubject`.
///
/// # Examples
///
/// ```
/// use jot::jwt::Validation;
/// let v = Validation::new(&[jot::Algorithm::ES256])
///     .issuer("https://issuer.example")
///     .audience("api")
///     .leeway(30)
///     .now(1_700_000_000);
/// v.validate_json(r#"{"iss":"https://issuer.example","aud":"api","exp":1700003600}"#)?;
/// assert_eq!(v.validate_json(r#"{"iss":"https://issuer.example","aud":"api","exp":1699999970}"#),
///     Err(jot::Error::Expired));
/// # Ok::<(), jot::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Validation {
    algorithms: Vec<Algorithm>,
    require_exp: bool,
    required: Vec<String>,
    leeway: u64,
    issuers: Vec<String>,
    audiences: Vec<String>,
    ignore_audience: bool,
    subject: Option<String>,
    typ: Option<String>,
    max_age: Option<u64>,
    clock: Clock,
    max_token_len: usize,
}

impl Validation {
    /// A validation accepting only `algorithms` (RFC 8725 §3.1), with the
    /// defaults in the table above.
    ///
    /// There is no "accept the header's `alg`" option. An empty list accepts
    /// no token at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::{jwt::Validation, Algorithm};
    /// let v = Validation::new(&[Algorithm::EdDSA]);
    /// assert_eq!(v.algorithms(), &[Algorithm::EdDSA]);
    /// ```
    pub fn new(algorithms: &[Algorithm]) -> Validation {
        Validation {
            algorithms: algorithms.to_vec(),
            require_exp: true,
            required: Vec::new(),
            leeway: 0,
            issuers: Vec::new(),
            audiences: Vec::new(),
            ignore_audience: false,
            subject: None,
            typ: None,
            max_age: None,
            clock: Clock::System,
            max_token_len: crate::jws::DEFAULT_MAX_TOKEN_LEN,
        }
    }

    /// Sets the largest token accepted, in bytes, checked before any decoding
    /// (default [`crate::jws::DEFAULT_MAX_TOKEN_LEN`], 64 KiB; jot's bound,
    /// SECURITY.md rule 5).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[jot::Algorithm::HS256]).max_token_len(4096);
    /// assert_eq!(v.token_len_limit(), 4096);
    /// ```
    #[must_use]
    pub fn max_token_len(mut self, bytes: usize) -> Validation {
        self.max_token_len = bytes;
        self
    }

    /// The largest token accepted, in bytes.
    pub fn token_len_limit(&self) -> usize {
        self.max_token_len
    }

    /// The algorithm allow-list (RFC 8725 §3.1).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[jot::Algorithm::HS256]);
    /// assert_eq!(v.algorithms().len(), 1);
    /// ```
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }

    /// Accepts tokens without `exp` (RFC 7519 §4.1 makes every registered
    /// claim optional; jot requires `exp` by default, SECURITY.md rule 9).
    ///
    /// A present `exp` is still checked, and a mistyped one is still
    /// malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[jot::Algorithm::HS256]).allow_missing_exp();
    /// assert!(v.validate_json("{}").is_ok());
    /// ```
    #[must_use]
    pub fn allow_missing_exp(mut self) -> Self {
        self.require_exp = false;
        self
    }

    /// Requires a top-level claim named `claim`, registered or custom, to be
    /// present (RFC 7519 §4; case-sensitive).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[jot::Algorithm::HS256]).allow_missing_exp().require("scope");
    /// assert_eq!(v.validate_json("{}"), Err(jot::Error::MissingClaim("scope".into())));
    /// ```
    #[must_use]
    pub fn require(mut self, claim: &str) -> Self {
        if !self.required.iter().any(|c| c == claim) {
            self.required.push(claim.to_owned());
        }
        self
    }

    /// Tolerates `secs` seconds of clock skew on `exp`, `nbf`, `iat` and max
    /// age (RFC 7519 §4.1.4-§4.1.5), clamped to [`MAX_LEEWAY`].
    ///
    /// The default is 0: with no tolerance, `exp == now` is expired, exactly
    /// as RFC 7519 §4.1.4 says ("on or after"). Callers whose clocks drift
    /// opt into a small leeway.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{Validation, MAX_LEEWAY};
    /// // 3600 is clamped to MAX_LEEWAY (300): a token expired 300 s ago is refused.
    /// let v = Validation::new(&[jot::Algorithm::HS256]).now(1_000).leeway(3600);
    /// assert!(v.validate_json(r#"{"exp":701}"#).is_ok());
    /// assert_eq!(v.validate_json(r#"{"exp":700}"#), Err(jot::Error::Expired));
    /// # assert_eq!(MAX_LEEWAY, 300);
    /// ```
    #[must_use]
    pub fn leeway(mut self, secs: u64) -> Self {
        self.leeway = secs.min(MAX_LEEWAY);
        self
    }

    /// Accepts tokens whose `iss` equals `issuer` exactly (RFC 7519 §4.1.1,
    /// RFC 8725 §3.8). Call it again to accept several issuers.
    ///
    /// Configuring an issuer makes `iss` required. The comparison is
    /// case-sensitive, with no normalization: a trailing `/` is a different
    /// issuer.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp().issuer("https://a.example");
    /// assert_eq!(v.validate_json(r#"{"iss":"https://a.example/"}"#), Err(jot::Error::InvalidIssuer));
    /// assert_eq!(v.validate_json("{}"), Err(jot::Error::MissingClaim("iss".into())));
    /// ```
    #[must_use]
    pub fn issuer(mut self, issuer: &str) -> Self {
        self.issuers.push(issuer.to_owned());
        self
    }

    /// Accepts each of `issuers` (see [`issuer`](Self::issuer)).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp().issuers(&["a", "b"]);
    /// assert!(v.validate_json(r#"{"iss":"b"}"#).is_ok());
    /// ```
    #[must_use]
    pub fn issuers(self, issuers: &[&str]) -> Self {
        issuers.iter().fold(self, |v, i| v.issuer(i))
    }

    /// Accepts tokens whose `aud` contains `audience` exactly (RFC 7519
    /// §4.1.3, RFC 8725 §3.9). Call it again to accept several.
    ///
    /// Configuring an audience makes `aud` required. Cancels an earlier
    /// [`ignore_audience`](Self::ignore_audience).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp().audience("api");
    /// assert!(v.validate_json(r#"{"aud":["web","api"]}"#).is_ok());
    /// assert_eq!(v.validate_json(r#"{"aud":[]}"#), Err(jot::Error::InvalidAudience));
    /// ```
    #[must_use]
    pub fn audience(mut self, audience: &str) -> Self {
        self.ignore_audience = false;
        self.audiences.push(audience.to_owned());
        self
    }

    /// Does not look at `aud` at all. **Dangerous**: a token minted for
    /// another service is then accepted here (RFC 8725 §3.9).
    ///
    /// By default, with no audience configured, a token that has an `aud`
    /// is rejected (RFC 7519 §4.1.3: a principal that does not identify
    /// itself with a value in `aud` MUST reject it). Use this only when the
    /// audience is checked some other way. Clears configured audiences.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp();
    /// assert_eq!(v.validate_json(r#"{"aud":"x"}"#), Err(jot::Error::InvalidAudience));
    /// assert!(v.ignore_audience().validate_json(r#"{"aud":"x"}"#).is_ok());
    /// ```
    #[must_use]
    pub fn ignore_audience(mut self) -> Self {
        self.audiences.clear();
        self.ignore_audience = true;
        self
    }

    /// Accepts only tokens whose `sub` equals `subject` exactly (RFC 7519
    /// §4.1.2). Makes `sub` required.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp().subject("u1");
    /// assert_eq!(v.validate_json(r#"{"sub":"u2"}"#), Err(jot::Error::InvalidSubject));
    /// ```
    #[must_use]
    pub fn subject(mut self, subject: &str) -> Self {
        self.subject = Some(subject.to_owned());
        self
    }

    /// Expects the `typ` header to be `typ` (RFC 8725 §3.11, RFC 9068 §2.1),
    /// so one kind of token cannot stand in for another. See
    /// [`check_typ`](Self::check_typ).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).typ("at+jwt");
    /// assert!(v.check_typ(Some("application/at+JWT")).is_ok());
    /// ```
    #[must_use]
    pub fn typ(mut self, typ: &str) -> Self {
        self.typ = Some(typ.to_owned());
        self
    }

    /// Rejects tokens issued more than `secs` seconds ago (plus leeway), by
    /// their `iat` (RFC 7519 §4.1.6). Makes `iat` required.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).allow_missing_exp().max_age(60).now(1_000);
    /// assert_eq!(v.validate_json(r#"{"iat":939}"#), Err(jot::Error::TooOld));
    /// assert!(v.validate_json(r#"{"iat":940}"#).is_ok());
    /// ```
    #[must_use]
    pub fn max_age(mut self, secs: u64) -> Self {
        self.max_age = Some(secs);
        self
    }

    /// Fixes the current time to `secs` seconds after the epoch (RFC 7519
    /// §2), for tests and for the CLI's `--now`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).now(1_700_000_000);
    /// assert_eq!(v.current_time().as_secs_f64(), 1_700_000_000.0);
    /// ```
    #[must_use]
    pub fn now(mut self, secs: i64) -> Self {
        self.clock = Clock::Fixed(NumericDate::from_secs(secs));
        self
    }

    /// Reads the current time from `clock` instead of the system clock
    /// (golang-jwt `WithTimeFunc`). A [`NumericDate`] is always finite, so
    /// a clock cannot make comparisons vacuous.
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{NumericDate, Validation};
    /// let v = Validation::new(&[]).clock(|| NumericDate::from_secs(5));
    /// assert_eq!(v.current_time(), NumericDate::from_secs(5));
    /// ```
    #[must_use]
    pub fn clock(mut self, clock: fn() -> NumericDate) -> Self {
        self.clock = Clock::Func(clock);
        self
    }

    /// The current time as this validation sees it: fixed, from the
    /// configured clock, or from the system clock (RFC 7519 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(jot::jwt::Validation::new(&[]).current_time().as_secs_f64() > 0.0);
    /// ```
    pub fn current_time(&self) -> NumericDate {
        match self.clock {
            Clock::System => NumericDate::now(),
            Clock::Fixed(at) => at,
            Clock::Func(f) => f(),
        }
    }

    /// Checks the `typ` header against the expected one (RFC 8725 §3.11,
    /// RFC 7515 §4.1.9), ignoring ASCII case and an `application/` prefix on
    /// either side, as media types are compared. Passes when no `typ` is
    /// expected.
    ///
    /// Called by the JWT verifier right after the signature, before claims.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidType`] when a `typ` is expected and `typ` is absent or
    /// different.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[]).typ("JWT");
    /// v.check_typ(Some("application/jwt"))?;
    /// assert_eq!(v.check_typ(None), Err(jot::Error::InvalidType));
    /// assert_eq!(v.check_typ(Some("at+jwt")), Err(jot::Error::InvalidType));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn check_typ(&self, typ: Option<&str>) -> Result<()> {
        self.run_typ(typ, &mut Untraced)
    }

    pub(crate) fn run_typ(&self, typ: Option<&str>, rec: &mut impl Record) -> Result<()> {
        let Some(expected) = self.typ.as_deref() else {
            rec.skip("typ", || "no typ expected".to_owned());
            return Ok(());
        };
        // RFC 8725 §3.11, RFC 7515 §4.1.9: compared as media types.
        let same =
            typ.is_some_and(|got| media_type(got).eq_ignore_ascii_case(media_type(expected)));
        rec.check(
            "typ",
            || typ_detail(typ, expected, same),
            holds(same, || Error::InvalidType),
        )
    }

    /// Checks `claims` against this validation: checks 2-9 of the documented
    /// order (RFC 7519 §4.1, RFC 8725 §3.8-§3.9).
    ///
    /// **This checks no signature**: use it on claims whose signature was
    /// already verified (as `jwt::verify` does), or on claims you trust.
    ///
    /// # Errors
    ///
    /// The first failure, in order: [`Error::MissingClaim`],
    /// [`Error::Expired`], [`Error::NotYetValid`], [`Error::IssuedInFuture`],
    /// [`Error::TooOld`], [`Error::InvalidIssuer`], [`Error::InvalidAudience`],
    /// [`Error::InvalidSubject`].
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{RegisteredClaims, Validation};
    /// let claims = RegisteredClaims::from_json(r#"{"exp":1700000000}"#)?;
    /// let v = Validation::new(&[jot::Algorithm::HS256]).now(1_700_000_000);
    /// assert_eq!(v.validate(&claims), Err(jot::Error::Expired)); // exp == now
    /// assert!(v.leeway(1).validate(&claims).is_ok());
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn validate(&self, claims: &RegisteredClaims) -> Result<()> {
        self.run(claims, &mut Untraced)
    }

    /// Reads the registered claims from `payload_text` (check 1) and
    /// [`validate`](Self::validate)s them; returns them on success. Checks no
    /// signature.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] from [`RegisteredClaims::from_json`], then as
    /// [`validate`](Self::validate).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = jot::jwt::Validation::new(&[jot::Algorithm::HS256]).now(0);
    /// assert!(matches!(v.validate_json(r#"{"exp":"1"}"#), Err(jot::Error::Malformed(_))));
    /// assert_eq!(v.validate_json("{}"), Err(jot::Error::MissingClaim("exp".into())));
    /// ```
    pub fn validate_json(&self, payload_text: &str) -> Result<RegisteredClaims> {
        self.run_json(payload_text, &mut Untraced)
    }

    /// [`validate_json`](Self::validate_json), recording each check as a
    /// [`Step`] in `trace` (a `"claims"` step for the parsing, then one per
    /// check), up to and including the first failure. Runs the same code as
    /// `validate_json`.
    ///
    /// # Errors
    ///
    /// As [`validate_json`](Self::validate_json).
    ///
    /// # Examples
    ///
    /// ```
    /// use jot::jwt::{Outcome, Validation};
    /// let v = Validation::new(&[jot::Algorithm::HS256]).audience("a").now(1_700_000_000);
    /// let mut trace = Vec::new();
    /// v.validate_json_traced(r#"{"exp":1700003600,"aud":["a","b"]}"#, &mut trace)?;
    /// let aud = trace.iter().find(|s| s.name == "aud" && s.outcome == Outcome::Pass);
    /// assert_eq!(aud.map(|s| s.detail.as_str()), Some(r#"aud ["a","b"] contains "a""#));
    ///
    /// // A parse failure is the one and only step.
    /// trace.clear();
    /// assert!(v.validate_json_traced(r#"{"exp":null}"#, &mut trace).is_err());
    /// assert_eq!(trace.len(), 1);
    /// assert_eq!(trace.first().map(|s| s.name), Some("claims"));
    /// # Ok::<(), jot::Error>(())
    /// ```
    pub fn validate_json_traced(
        &self,
        payload_text: &str,
        trace: &mut Vec<Step>,
    ) -> Result<RegisteredClaims> {
        self.run_json(payload_text, &mut Recorder(trace))
    }

    pub(crate) fn run_json(&self, text: &str, rec: &mut impl Record) -> Result<RegisteredClaims> {
        // Check 1, RFC 7519 §7.2 step 10 and §2: typed reading of the registered claims.
        match RegisteredClaims::from_json_keeping(text, &self.required) {
            Ok(claims) => {
                self.run_read(&claims, rec)?;
                Ok(claims)
            }
            // `check` hands back its own (cloned) error; `and` keeps the first.
            Err(e) => rec
                .check("claims", || e.to_string(), Err(e.clone()))
                .and(Err(e)),
        }
    }

    /// Checks 2-9 on claims already read with exact types (check 1 passed),
    /// recording check 1 as `run_json` does: the one-pass read of
    /// `jwt::verify` joins the reference path here.
    pub(crate) fn run_read(&self, claims: &impl ClaimsView, rec: &mut impl Record) -> Result<()> {
        rec.check(
            "claims",
            || "registered claims are well typed".to_owned(),
            Ok(()),
        )?;
        self.run(claims, rec)
    }

    /// Whether checks 2-9 all pass on `c`: [`run`](Self::run)'s verdict
    /// without its trace and errors, for the untraced hot path of
    /// `jwt::verify`. It is built from the same predicates as `run`, one per
    /// check; a `false` sends the caller to `run`, which names the error.
    /// Kept small on purpose: straight-line code that stays in the
    /// instruction cache (issue #18).
    #[inline(never)]
    pub(crate) fn passes(&self, c: &impl ClaimsView) -> bool {
        let t = Now::of(self);
        // Check 2 (presence), as `run` lists it.
        let present = (!self.require_exp || c.exp().is_some())
            && self.required.iter().all(|name| c.has(name))
            && (self.issuers.is_empty() || c.iss().is_some())
            && (self.audiences.is_empty() || c.aud().is_some())
            && (self.subject.is_none() || c.sub().is_some())
            && (self.max_age.is_none() || c.iat().is_some());
        present
            && c.exp().is_none_or(|exp| !t.expired(exp))
            && c.nbf().is_none_or(|nbf| !t.early(nbf))
            && c.iat().is_none_or(|iat| !t.future(iat))
            && match (self.max_age, c.iat()) {
                (Some(max), Some(iat)) => !t.age_of(iat, max).1,
                _ => true,
            }
            && (self.issuers.is_empty() || self.issuer_ok(c.iss()))
            && (self.ignore_audience || {
                let aud = c.aud();
                self.audience_ok(aud, self.audience_hit(aud))
            })
            && self
                .subject
                .as_deref()
                .is_none_or(|want| c.sub() == Some(want))
    }

    /// Check 7's verdict: `iss` present and one of the configured issuers.
    fn issuer_ok(&self, iss: Option<&str>) -> bool {
        iss.is_some_and(|i| self.issuers.iter().any(|a| a == i))
    }

    /// Check 8: the first configured audience that `aud` names.
    fn audience_hit(&self, aud: Option<AudView<'_>>) -> Option<&String> {
        aud.and_then(|a| self.audiences.iter().find(|want| a.contains(want)))
    }

    /// Check 8's verdict: with no audience configured, `aud` must be absent.
    fn audience_ok(&self, aud: Option<AudView<'_>>, hit: Option<&String>) -> bool {
        if self.audiences.is_empty() {
            aud.is_none()
        } else {
            hit.is_some()
        }
    }

    /// What [`run`](Self::run) reads of the registered claims: the required
    /// names, and whether it compares `iss`, `sub` and `aud` values (checks
    /// 7, 9 and 8; every other value it reads is a number).
    pub(crate) fn needs(&self) -> super::one_pass::Needs<'_> {
        super::one_pass::Needs {
            keep: &self.required,
            iss: !self.issuers.is_empty(),
            sub: self.subject.is_some(),
            aud: !self.ignore_audience,
        }
    }

    /// The one implementation of checks 2-9; `validate` and
    /// `validate_json_traced` differ only in the recorder. Each check is one
    /// line of logic, then one `rec` call whose trace text comes from the
    /// functions at the end of this file (formatted only when tracing).
    fn run(&self, c: &impl ClaimsView, rec: &mut impl Record) -> Result<()> {
        // One reading of the clock for every comparison.
        let t = Now::of(self);

        // Check 2: presence, in the documented order (jot's; SECURITY.md rules 9, 10).
        if self.require_exp {
            present(rec, c, "exp", "required by default")?;
        }
        for name in &self.required {
            present(rec, c, name, "required by require()")?;
        }
        if !self.issuers.is_empty() {
            present(rec, c, "iss", "implied by issuer()")?;
        }
        if !self.audiences.is_empty() {
            present(rec, c, "aud", "implied by audience()")?;
        }
        if self.subject.is_some() {
            present(rec, c, "sub", "implied by subject()")?;
        }
        if self.max_age.is_some() {
            present(rec, c, "iat", "implied by max_age()")?;
        }

        // Check 3, RFC 7519 §4.1.4: expired on or after exp (+ leeway).
        match c.exp() {
            Some(exp) => {
                let expired = t.expired(exp);
                let verdict = if expired { "expired" } else { "not expired" };
                rec.check(
                    "exp",
                    || t.vs("exp", exp, verdict),
                    holds(!expired, || Error::Expired),
                )?;
            }
            None => rec.skip("exp", || "exp absent (allowed)".to_owned()),
        }

        // Check 4, RFC 7519 §4.1.5: not valid before nbf (- leeway); nbf == now is valid.
        match c.nbf() {
            Some(nbf) => {
                let early = t.early(nbf);
                let verdict = if early { "not yet valid" } else { "valid" };
                rec.check(
                    "nbf",
                    || t.vs("nbf", nbf, verdict),
                    holds(!early, || Error::NotYetValid),
                )?;
            }
            None => rec.skip("nbf", || "nbf absent".to_owned()),
        }

        // Check 5, jot's: §4.1.6 only records iat, but one after now (+ leeway)
        // is a lie or a broken clock.
        match c.iat() {
            Some(iat) => {
                let future = t.future(iat);
                let verdict = if future {
                    "issued in the future"
                } else {
                    "not in the future"
                };
                rec.check(
                    "iat",
                    || t.vs("iat", iat, verdict),
                    holds(!future, || Error::IssuedInFuture),
                )?;
            }
            None => rec.skip("iat", || "iat absent".to_owned()),
        }

        // Check 6, jot's: maximum age, from iat (RFC 7519 §4.1.6 "the age of
        // the JWT"; present: check 2 required it).
        match (self.max_age, c.iat()) {
            (Some(max), Some(iat)) => {
                let (age, old) = t.age_of(iat, max);
                rec.check(
                    "max_age",
                    || t.age(age, iat, max, old),
                    holds(!old, || Error::TooOld),
                )?;
            }
            _ => rec.skip("max_age", || "no max_age configured".to_owned()),
        }

        // Check 7, RFC 7519 §4.1.1, RFC 8725 §3.8: exact, case-sensitive.
        if self.issuers.is_empty() {
            rec.skip("iss", || "no issuer configured".to_owned());
        } else {
            let iss = c.iss();
            let ok = self.issuer_ok(iss);
            rec.check(
                "iss",
                || iss_detail(iss, ok, &self.issuers),
                holds(ok, || Error::InvalidIssuer),
            )?;
        }

        // Check 8, RFC 7519 §4.1.3, RFC 8725 §3.9: a principal not named in a
        // present `aud` MUST reject the JWT, so with no audience configured
        // any `aud` fails.
        if self.ignore_audience {
            rec.skip("aud", || {
                "audience deliberately ignored (ignore_audience)".to_owned()
            });
        } else {
            let aud = c.aud();
            let hit = self.audience_hit(aud);
            let ok = self.audience_ok(aud, hit);
            rec.check(
                "aud",
                || self.aud_detail(aud, hit),
                holds(ok, || Error::InvalidAudience),
            )?;
        }

        // Check 9, RFC 7519 §4.1.2, RFC 8725 §3.8: exact, case-sensitive.
        match self.subject.as_deref() {
            None => rec.skip("sub", || "no subject configured".to_owned()),
            Some(want) => {
                let sub = c.sub();
                let ok = sub == Some(want);
                rec.check(
                    "sub",
                    || sub_detail(sub, ok, want),
                    holds(ok, || Error::InvalidSubject),
                )?;
            }
        }
        Ok(())
    }

    /// Trace text for check 8.
    fn aud_detail(&self, aud: Option<AudView<'_>>, hit: Option<&String>) -> String {
        match (aud, hit) {
            (Some(a), _) if self.audiences.is_empty() => {
                format!("aud {a} present but no audience configured")
            }
            (None, _) if self.audiences.is_empty() => {
                "aud absent and no audience configured".to_owned()
            }
            (Some(a), Some(want)) => format!("aud {a} contains {:?}", clip(want)),
            (Some(a), None) => format!("aud {a} contains none of {}", list(&self.audiences)),
            (None, _) => "aud absent".to_owned(),
        }
    }
}

/// Check 2 for one name: present, or `MissingClaim(name)`.
fn present(rec: &mut impl Record, c: &impl ClaimsView, name: &str, why: &str) -> Result<()> {
    let has = c.has(name);
    let result = if has {
        Ok(())
    } else {
        Err(Error::MissingClaim(name.to_owned()))
    };
    rec.check("required", || required_detail(name, has, why), result)
}

/// A `typ` value without a leading `application/` (RFC 7515 §4.1.9: the
/// prefix may be omitted), compared afterwards ignoring ASCII case.
fn media_type(typ: &str) -> &str {
    const PREFIX: &str = "application/";
    match (typ.get(..PREFIX.len()), typ.get(PREFIX.len()..)) {
        (Some(head), Some(rest)) if head.eq_ignore_ascii_case(PREFIX) => rest,
        _ => typ,
    }
}

// The trace text of each check: what `jot explain` prints. Every value from
// the token is clipped (SECURITY.md row 31: bounded work, even in a trace).

/// The clock and leeway of one validation run, read once.
struct Now {
    date: NumericDate,
    secs: f64,
    leeway: u64,
    leeway_secs: f64,
}

impl Now {
    fn of(v: &Validation) -> Now {
        let date = v.current_time();
        Now {
            date,
            secs: date.as_secs_f64(),
            leeway: v.leeway,
            leeway_secs: duration_f64(v.leeway),
        }
    }

    /// Check 3's verdict: expired on or after `exp` + leeway.
    fn expired(&self, exp: NumericDate) -> bool {
        self.secs >= exp.as_secs_f64() + self.leeway_secs
    }

    /// Check 4's verdict: before `nbf` - leeway (`nbf` == now is valid).
    fn early(&self, nbf: NumericDate) -> bool {
        self.secs < nbf.as_secs_f64() - self.leeway_secs
    }

    /// Check 5's verdict: `iat` after now + leeway.
    fn future(&self, iat: NumericDate) -> bool {
        iat.as_secs_f64() > self.secs + self.leeway_secs
    }

    /// Check 6: the age from `iat`, and whether it is over `max` + leeway.
    fn age_of(&self, iat: NumericDate, max: u64) -> (f64, bool) {
        let age = self.secs - iat.as_secs_f64();
        (age, age > duration_f64(max) + self.leeway_secs)
    }

    /// Checks 3-5: a date claim against now.
    fn vs(&self, name: &str, value: NumericDate, verdict: &str) -> String {
        let (now, leeway) = (self.date, self.leeway);
        format!("{name} {value} vs now {now}, leeway {leeway}: {verdict}")
    }

    /// Check 6.
    fn age(&self, age: f64, iat: NumericDate, max: u64, old: bool) -> String {
        let (now, leeway) = (self.date, self.leeway);
        let verdict = if old { "too old" } else { "young enough" };
        format!("age {age} (now {now} - iat {iat}) vs max_age {max}, leeway {leeway}: {verdict}")
    }
}

/// Check 2.
fn required_detail(name: &str, has: bool, why: &str) -> String {
    let verdict = if has { "present" } else { "missing" };
    format!("{:?} {verdict} ({why})", clip(name))
}

/// The `typ` check.
fn typ_detail(typ: Option<&str>, expected: &str, same: bool) -> String {
    match typ {
        None => format!("typ absent, expected {:?}", clip(expected)),
        Some(got) => {
            let verdict = if same { "matches" } else { "does not match" };
            format!(
                "typ {:?} {verdict} expected {:?}",
                clip(got),
                clip(expected)
            )
        }
    }
}

/// Check 7.
fn iss_detail(iss: Option<&str>, ok: bool, issuers: &[String]) -> String {
    let verdict = if ok { "is" } else { "is not" };
    format!("iss {} {verdict} one of {}", shown(iss), list(issuers))
}

/// Check 9.
fn sub_detail(sub: Option<&str>, ok: bool, want: &str) -> String {
    let verdict = if ok { "equals" } else { "does not equal" };
    format!("sub {} {verdict} {:?}", shown(sub), clip(want))
}

/// A claim value for a trace: quoted and clipped, or `absent`.
fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "absent".to_owned(), |v| format!("{:?}", clip(v)))
}

/// A configured list, as JSON-ish text for a trace.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{:?}", clip(i))).collect();
    format!("[{}]", quoted.join(","))
}

/// What checks 2-9 read of a claims set: a [`RegisteredClaims`], or the
/// borrowed capture of `jwt::verify`'s one-pass read. For a registered name,
/// `has` is true exactly when its accessor returns a value
/// ([`Validation::passes`] reads presence through the accessors).
pub(crate) trait ClaimsView {
    fn iss(&self) -> Option<&str>;
    fn sub(&self) -> Option<&str>;
    fn aud(&self) -> Option<AudView<'_>>;
    fn exp(&self) -> Option<NumericDate>;
    fn nbf(&self) -> Option<NumericDate>;
    fn iat(&self) -> Option<NumericDate>;
    fn has(&self, name: &str) -> bool;
}

impl ClaimsView for RegisteredClaims {
    fn iss(&self) -> Option<&str> {
        RegisteredClaims::iss(self)
    }
    fn sub(&self) -> Option<&str> {
        RegisteredClaims::sub(self)
    }
    fn aud(&self) -> Option<AudView<'_>> {
        RegisteredClaims::aud(self).map(AudView::Full)
    }
    fn exp(&self) -> Option<NumericDate> {
        RegisteredClaims::exp(self)
    }
    fn nbf(&self) -> Option<NumericDate> {
        RegisteredClaims::nbf(self)
    }
    fn iat(&self) -> Option<NumericDate> {
        RegisteredClaims::iat(self)
    }
    fn has(&self, name: &str) -> bool {
        RegisteredClaims::has(self, name)
    }
}

/// An `aud` claim, owned or borrowed (RFC 7519 §4.1.3).
#[derive(Clone, Copy)]
pub(crate) enum AudView<'a> {
    Full(&'a Audience),
    Single(&'a str),
    Many(&'a [std::borrow::Cow<'a, str>]),
}

impl AudView<'_> {
    /// Exact, case-sensitive membership, as [`Audience::contains`].
    fn contains(self, name: &str) -> bool {
        match self {
            AudView::Full(a) => a.contains(name),
            AudView::Single(one) => one == name,
            AudView::Many(many) => many.iter().any(|a| a == name),
        }
    }
}

impl core::fmt::Display for AudView<'_> {
    /// As [`Audience`]'s own `Display` (only traces format it).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            AudView::Full(a) => a.fmt(f),
            AudView::Single(one) => Audience::Single(one.to_owned()).fmt(f),
            AudView::Many(many) => {
                Audience::Many(many.iter().map(|a| a.to_string()).collect()).fmt(f)
            }
        }
    }
}
