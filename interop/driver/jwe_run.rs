//! The JWE part of [`run_peer`](super::run_peer): its jobs ride on the two
//! JWS batches, and its rows come after the JWS rows.

use super::*;

/// A `dir` or ECDH-ES token jot made for the peer, and the job that decrypts it.
struct Sent {
    direction: &'static str,
    label: String,
    plaintext: String,
    token: Result<String, String>,
    job: Value,
    /// The peer decrypting it, then the same token with a tag bit flipped.
    intact: Option<Slot>,
    tampered: Option<Slot>,
}

impl Sent {
    fn new(
        direction: &'static str,
        label: String,
        plaintext: String,
        token: Result<String, String>,
        job: Value,
    ) -> Sent {
        Sent {
            direction,
            label,
            plaintext,
            token,
            job,
            intact: None,
            tampered: None,
        }
    }
}

/// Batch 1's JWE jobs, each list in the order of what it was made from.
#[derive(Default)]
struct Batch1 {
    /// The peer makes a `dir` secret, per `JWE_ENCS`.
    peer_dir_keys: Vec<Slot>,
    /// The peer makes an ECDH-ES key pair, per `JWE_CURVES`.
    peer_ecdh_keys: Vec<Slot>,
    /// The peer encrypts to jot's single-use ECDH-ES keys, per `ephemeral`.
    peer_to_jot: Vec<Slot>,
    /// The peer makes each JWE probe, per `probes`.
    probes: Vec<Slot>,
}

/// Batch 2's JWE jobs (jot's `dir` and ECDH-ES tokens are in `Sent`).
#[derive(Default)]
struct Batch2 {
    /// The peer encrypts with its `dir` secrets, per `JWE_ENCS`.
    dir_from_peer: Vec<Slot>,
    /// The peer signs and encrypts, per `NESTED_ALGS`.
    nested_from_peer: Vec<Slot>,
    /// The peer opens jot's nested JWTs, per `NESTED_ALGS`.
    nested_to_peer: Vec<Slot>,
    /// The peer is shown each JWE probe, per `probes`.
    probes: Vec<Slot>,
}

/// The JWE part of [`run_peer`]. Its jobs ride on the two JWS batches, so
/// JWE costs no extra process start: batch 1 holds the peer's key
/// generation and what needs none of its keys, batch 2 what needs them.
pub(super) struct JweRun<'a> {
    lib: &'a str,
    expect: &'a JweExpectations<'a>,
    /// jot's `dir` secrets, one per `enc` (in `JWE_ENCS` order), as `oct` JWKs.
    jot_dir: Vec<Value>,
    /// jot's single-use ECDH-ES recipient keys, per curve and enc (peer -> jot).
    ephemeral: Vec<(Curve, Enc, EphemeralDecryptionKey)>,
    probes: Vec<JweProbe>,
    /// From batch 1: the peer's `dir` secrets and ECDH-ES key pairs.
    peer_dir: Vec<Result<Value, String>>,
    peer_ecdh: Vec<Result<KeyPair, String>>,
    /// From batch 1: the probe tokens, as shown to jot and to the peer.
    probe_tokens: Vec<Result<String, String>>,
    /// jot's verdict on each probe, for the probe lines.
    jot_verdicts: Vec<String>,
    /// Batch-1 outcomes, recorded with the rest after batch 2 so the JWE
    /// rows come together after the JWS rows; and notes.
    checked_early: Vec<(&'static str, String, Result<(), String>)>,
    notes: Vec<String>,
    /// Batch 2: jot's `dir` and ECDH-ES tokens, and its nested JWTs.
    sent: Vec<Sent>,
    nested_sent: Vec<Result<String, String>>,
    batch1: Batch1,
    batch2: Batch2,
}

fn combos() -> impl Iterator<Item = (Curve, Enc)> {
    JWE_CURVES
        .iter()
        .flat_map(|&c| JWE_ENCS.iter().map(move |&e| (c, e)))
}

fn nested_index() -> usize {
    JWE_ENCS
        .iter()
        .position(|&e| e == NESTED_ENC)
        .expect("NESTED_ENC is one of JWE_ENCS")
}

impl<'a> JweRun<'a> {
    pub(super) fn new(lib: &'a str, expect: &'a JweExpectations<'a>) -> JweRun<'a> {
        let ephemeral = combos()
            .map(|(c, e)| {
                let key =
                    EphemeralDecryptionKey::generate(c, e).expect("jot generates ECDH-ES keys");
                (c, e, key)
            })
            .collect();
        JweRun {
            lib,
            expect,
            jot_dir: JWE_ENCS
                .iter()
                .map(|e| oct_jwk(&random_secret(e.key_len())))
                .collect(),
            ephemeral,
            probes: jwe_probes(),
            peer_dir: Vec::new(),
            peer_ecdh: Vec::new(),
            probe_tokens: Vec::new(),
            jot_verdicts: Vec::new(),
            checked_early: Vec::new(),
            notes: Vec::new(),
            sent: Vec::new(),
            nested_sent: Vec::new(),
            batch1: Batch1::default(),
            batch2: Batch2::default(),
        }
    }

    pub(super) fn batch1(&mut self, batch: &mut Batch) {
        let lib = self.lib;
        let slots = &mut self.batch1;
        for enc in JWE_ENCS {
            let job = json!({"op": "jwe_genkey", "lib": lib, "secret_for": enc.name()});
            slots.peer_dir_keys.push(batch.push(job));
        }
        for crv in JWE_CURVES {
            let job = json!({"op": "jwe_genkey", "lib": lib, "crv": crv.name()});
            slots.peer_ecdh_keys.push(batch.push(job));
        }
        for (crv, enc, key) in &self.ephemeral {
            slots.peer_to_jot.push(batch.push(json!({
                "op": "jwe_encrypt", "lib": lib,
                "header": {"alg": "ECDH-ES", "enc": enc.name()},
                "jwk": to_value(key.public_jwk()),
                "plaintext": jwe_plaintext(&format!("{} {}", crv.name(), enc.name())),
            })));
        }
        for p in &self.probes {
            slots.probes.push(batch.push(json!({
                "op": "jwe_encrypt", "lib": lib, "header": p.header,
                "jwk": oct_jwk(&p.secret), "plaintext": jwe_plaintext(p.name),
            })));
        }
    }

    pub(super) fn after_batch1(&mut self, results: &Results) {
        let slots = std::mem::take(&mut self.batch1);
        self.peer_dir = slots
            .peer_dir_keys
            .iter()
            .map(|s| ok(&results[*s]).map(|r| r["jwk"].clone()))
            .collect();
        self.peer_ecdh = slots
            .peer_ecdh_keys
            .iter()
            .map(|s| {
                ok(&results[*s]).map(|r| KeyPair {
                    private: r["jwk"].clone(),
                    public: r["public"].clone(),
                })
            })
            .collect();

        // ECDH-ES, peer -> jot: one single-use key per token.
        let ephemeral = std::mem::take(&mut self.ephemeral);
        for ((crv, enc, key), slot) in ephemeral.into_iter().zip(&slots.peer_to_jot) {
            let label = format!("{} {}", crv.name(), enc.name());
            let outcome = token_of(&results[*slot]).and_then(|token| {
                let d = jot::jwe::decrypt_ephemeral(&token, key, &[KeyAlg::EcdhEs], &[enc])
                    .map_err(|e| format!("jot decrypt_ephemeral: {e}"))?;
                opened(&d, KeyAlg::EcdhEs, enc, &jwe_plaintext(&label))
            });
            self.checked_early.push((ECDH_PEER_TO_JOT, label, outcome));
        }

        // The probes the peer made, shown to jot.
        for (p, slot) in self.probes.iter().zip(&slots.probes) {
            let token =
                token_of(&results[*slot])
                    .and_then(|t| if p.flip_tag { flip_tag(&t) } else { Ok(t) });
            let verdict = token.clone().and_then(|t| jot_refuses(p, &t));
            self.jot_verdicts.push(match &verdict {
                Ok(detail) => format!("rejects ({}: {detail})", p.jot_kind),
                Err(e) => format!("FAILS ({e})"),
            });
            self.checked_early
                .push((JWE_PROBES_JOT, p.name.to_owned(), verdict.map(|_| ())));
            self.probe_tokens.push(token);
        }
    }

    pub(super) fn batch2(
        &mut self,
        batch: &mut Batch,
        jot: &BTreeMap<Algorithm, KeyPair>,
        theirs: &BTreeMap<Algorithm, KeyPair>,
        claims: &Value,
    ) {
        let lib = self.lib;
        let nested = nested_index();
        let slots = &mut self.batch2;

        // dir, peer -> jot, with the peer's secrets.
        for (enc, key) in JWE_ENCS.iter().zip(&self.peer_dir) {
            slots.dir_from_peer.push(batch.push(json!({
                "op": "jwe_encrypt", "lib": lib,
                "header": {"alg": "dir", "enc": enc.name()},
                "jwk": key.clone().unwrap_or_default(),
                "plaintext": jwe_plaintext(&format!("dir {}", enc.name())),
            })));
        }

        // dir, jot -> peer, with jot's secrets; ECDH-ES, jot -> peer, to the
        // peer's public keys. The peer is given exactly the alg and enc as allow-lists.
        for (enc, key) in JWE_ENCS.iter().zip(&self.jot_dir) {
            let label = format!("dir {}", enc.name());
            let plaintext = jwe_plaintext(&label);
            let token = jot_encrypt(KeyAlg::Dir, *enc, key, &plaintext, None);
            let job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": "dir", "jwk": key,
                "token": token.clone().unwrap_or_default(),
                "algs": ["dir"], "encs": [enc.name()],
            });
            self.sent
                .push(Sent::new(DIR_JOT_TO_PEER, label, plaintext, token, job));
        }
        for (crv, enc) in combos() {
            let i = JWE_CURVES
                .iter()
                .position(|&c| c == crv)
                .expect("a tested curve");
            let pair = &self.peer_ecdh[i];
            let label = format!("{} {}", crv.name(), enc.name());
            let plaintext = jwe_plaintext(&label);
            let token = pair
                .clone()
                .and_then(|p| jot_encrypt(KeyAlg::EcdhEs, enc, &p.public, &plaintext, None));
            let private = pair.as_ref().map(|p| p.private.clone()).unwrap_or_default();
            let job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": "ECDH-ES", "jwk": private,
                "token": token.clone().unwrap_or_default(),
                "algs": ["ECDH-ES"], "encs": [enc.name()],
            });
            self.sent
                .push(Sent::new(ECDH_JOT_TO_PEER, label, plaintext, token, job));
        }
        for s in &mut self.sent {
            s.intact = Some(batch.push(s.job.clone()));
        }

        // Nested JWT, peer -> jot: the peer's signing key and dir secret.
        for alg in NESTED_ALGS {
            slots.nested_from_peer.push(batch.push(json!({
                "op": "nested_sign_encrypt", "lib": lib, "alg": alg.name(),
                "sign_jwk": theirs.get(&alg).map(|k| k.private.clone()).unwrap_or_default(),
                "enc_jwk": self.peer_dir[nested].clone().unwrap_or_default(),
                "enc": NESTED_ENC.name(), "claims": claims,
            })));
        }
        // Nested JWT, jot -> peer: jot's signing key and dir secret.
        for alg in NESTED_ALGS {
            let enc_jwk = &self.jot_dir[nested];
            let token = jot_sign(alg, &jot[&alg].private, claims).and_then(|signed| {
                jot_encrypt(KeyAlg::Dir, NESTED_ENC, enc_jwk, &signed, Some("JWT"))
            });
            slots.nested_to_peer.push(batch.push(json!({
                "op": "nested_decrypt_verify", "lib": lib, "alg": alg.name(),
                "verify_jwk": jot[&alg].public, "enc_jwk": enc_jwk, "enc": NESTED_ENC.name(),
                "token": token.clone().unwrap_or_default(), "iss": ISS, "aud": AUD,
            })));
            self.nested_sent.push(token);
        }

        // The probes, shown to the peer with the secret they were made with.
        for (p, token) in self.probes.iter().zip(&self.probe_tokens) {
            let mut job = json!({
                "op": "jwe_decrypt", "lib": lib, "alg": p.header["alg"],
                "jwk": oct_jwk(&p.secret), "token": token.clone().unwrap_or_default(),
            });
            if let Some((algs, encs)) = p.peer_allow {
                job["algs"] = json!(algs);
                job["encs"] = json!(encs);
            }
            slots.probes.push(batch.push(job));
        }

        // Every dir and ECDH-ES token jot sent, again with a tag bit flipped.
        for s in &mut self.sent {
            let mut job = s.job.clone();
            let flipped = s.token.clone().and_then(|t| flip_tag(&t));
            job["token"] = json!(flipped.unwrap_or_default());
            s.tampered = Some(batch.push(job));
        }
    }

    pub(super) fn after_batch2(
        self,
        results: &Results,
        report: &mut Report,
        theirs: &BTreeMap<Algorithm, KeyPair>,
        claims: &Value,
    ) {
        let expect = self.expect;
        let nested = nested_index();
        let slots = &self.batch2;
        let at = |slot: &Slot| &results[*slot];

        // The JWE rows, together and in this order, after the JWS rows.
        for direction in [
            DIR_PEER_TO_JOT,
            DIR_JOT_TO_PEER,
            ECDH_PEER_TO_JOT,
            ECDH_JOT_TO_PEER,
            NESTED_PEER_TO_JOT,
            NESTED_JOT_TO_PEER,
            TAMPERED_TO_PEER,
            JWE_PROBES_JOT,
            JWE_PROBES_PEER,
        ] {
            report.row(direction);
        }
        for (direction, label, outcome) in self.checked_early {
            let documented = documented_unsupported(expect, direction, &label);
            jwe_check(report, documented, direction, &label, outcome);
        }
        for note in self.notes {
            report.note(note);
        }

        let dir_from_peer = slots.dir_from_peer.iter().map(at);
        for ((enc, key), r) in JWE_ENCS.iter().zip(&self.peer_dir).zip(dir_from_peer) {
            let label = format!("dir {}", enc.name());
            let outcome = key.clone().and_then(|key| {
                let token = token_of(r)?;
                let d = jot_decrypt_dir(*enc, &key, &token)?;
                opened(&d, KeyAlg::Dir, *enc, &jwe_plaintext(&label))
            });
            let documented = documented_unsupported(expect, DIR_PEER_TO_JOT, &label);
            jwe_check(report, documented, DIR_PEER_TO_JOT, &label, outcome);
        }

        let mut opened_by_peer = Vec::new();
        for s in &self.sent {
            let r = s.intact.map(|slot| &results[slot]).unwrap_or(&Value::Null);
            let outcome = s.token.clone().and_then(|_| peer_opened(r, &s.plaintext));
            let documented = documented_unsupported(expect, s.direction, &s.label);
            jwe_check(report, documented, s.direction, &s.label, outcome.clone());
            opened_by_peer.push((outcome, documented));
        }

        for (alg, r) in NESTED_ALGS
            .iter()
            .zip(slots.nested_from_peer.iter().map(at))
        {
            let outcome = self.peer_dir[nested].clone().and_then(|key| {
                let token = token_of(r)?;
                let d = jot_decrypt_dir(NESTED_ENC, &key, &token)?;
                if d.header.cty.as_deref() != Some("JWT") {
                    return Err(format!("cty is {:?}, not \"JWT\"", d.header.cty));
                }
                let jwt = std::str::from_utf8(&d.plaintext)
                    .map_err(|_| "the nested JWT is not UTF-8".to_owned())?;
                let public = &theirs.get(alg).ok_or("the peer has no signing key")?.public;
                jot_verify(*alg, public, jwt).and_then(|got| claims_match(claims, &got))
            });
            let documented = documented_unsupported(expect, NESTED_PEER_TO_JOT, alg.name());
            jwe_check(report, documented, NESTED_PEER_TO_JOT, alg.name(), outcome);
        }
        for ((alg, token), r) in NESTED_ALGS
            .iter()
            .zip(&self.nested_sent)
            .zip(slots.nested_to_peer.iter().map(at))
        {
            let outcome = token.clone().and_then(|_| {
                let r = ok(r)?;
                if r["cty"] != json!("JWT") {
                    return Err(format!("peer read cty {}", r["cty"]));
                }
                claims_match(claims, &r["claims"])
            });
            let documented = documented_unsupported(expect, NESTED_JOT_TO_PEER, alg.name());
            jwe_check(report, documented, NESTED_JOT_TO_PEER, alg.name(), outcome);
        }

        let shown = self
            .probes
            .iter()
            .zip(&self.probe_tokens)
            .zip(&self.jot_verdicts);
        for (((p, token), jot_verdict), r) in shown.zip(slots.probes.iter().map(at)) {
            let documented = documented_accepts(expect.probes, p.name);
            let accepts = r["ok"] == json!(true);
            let detail: String = r["error"]
                .as_str()
                .unwrap_or("accepted")
                .chars()
                .take(70)
                .collect();
            let outcome = match (token, accepts == documented) {
                (Err(e), _) => Err(format!("the peer did not make the probe: {e}")),
                (Ok(_), true) => Ok(()),
                (Ok(_), false) => Err(format!(
                    "peer now {} this probe ({detail}); update interop/README.md and the expectation",
                    if accepts { "accepts" } else { "rejects" }
                )),
            };
            report.check(JWE_PROBES_PEER, p.name, outcome);
            report.jwe_probe(format!(
                "{:<26} jot {}\n  {:<26} peer {}",
                p.name,
                jot_verdict,
                "",
                if accepts {
                    format!("ACCEPTS  <- {}", p.if_peer_accepts)
                } else {
                    format!("rejects ({detail})")
                }
            ));
        }

        // A rejected tampered token proves something only if the peer opened the intact one.
        for (s, (intact, documented)) in self.sent.iter().zip(opened_by_peer) {
            let r = s
                .tampered
                .map(|slot| &results[slot])
                .unwrap_or(&Value::Null);
            let outcome = intact
                .map_err(|e| format!("the intact token did not open either: {e}"))
                .and_then(|()| {
                    if r["ok"] == json!(true) {
                        Err("peer ACCEPTED a token whose tag was changed".into())
                    } else {
                        Ok(())
                    }
                });
            if documented && outcome.is_err() {
                report.unsupported(TAMPERED_TO_PEER, &s.label, "as the intact token");
            } else {
                report.check(TAMPERED_TO_PEER, &s.label, outcome);
            }
        }
    }
}
