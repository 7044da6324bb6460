//! An external peer script and [`run_peer`], which drives one of its
//! libraries through two batches of JSON jobs, both ways, for every
//! algorithm the two sides share.

use super::*;

/// An external peer: a script run by `program`, answering JSON jobs.
pub struct Peer {
    pub program: &'static str,
    pub script: PathBuf,
    /// How to install what the script needs, for the failure message.
    pub install: &'static str,
}

impl Peer {
    fn command(&self, arg: &str) -> Command {
        let mut c = Command::new(self.program);
        c.arg(&self.script).arg(arg);
        c
    }

    /// Fails (never skips) when the peer or its packages are missing.
    pub fn check(&self) {
        let out = self.command("check").output().unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): install it, then: {}",
                self.program, self.install
            )
        });
        assert!(
            out.status.success(),
            "the interop peer is not installed: {}\ninstall it with: {}",
            String::from_utf8_lossy(&out.stderr).trim(),
            self.install
        );
    }

    pub fn versions(&self) -> String {
        let out = self.command("versions").output().expect("run peer");
        assert!(out.status.success(), "peer versions failed");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Runs a batch of jobs in one process; one result per job, in order.
    pub fn jobs(&self, jobs: &[Value]) -> Vec<Value> {
        let mut child = self
            .command("jobs")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the peer");
        let input = Value::Array(jobs.to_vec()).to_string();
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write jobs");
        let out = child.wait_with_output().expect("peer output");
        assert!(
            out.status.success(),
            "peer failed: {}\n(install: {})",
            String::from_utf8_lossy(&out.stderr),
            self.install
        );
        let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("peer prints JSON");
        assert_eq!(results.len(), jobs.len(), "one result per job");
        results
    }
}

/// Jobs for one peer process. Each job gets a [`Slot`] when it is added,
/// and its result is read back through that slot: by name, never by
/// counting positions in the batch.
#[derive(Default)]
pub(super) struct Batch {
    jobs: Vec<Value>,
}

/// Where one job's result is, in the [`Results`] of its [`Batch`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot(usize);

/// One result per job of a [`Batch`], read by [`Slot`].
pub(super) struct Results(Vec<Value>);

impl Batch {
    pub(super) fn push(&mut self, job: Value) -> Slot {
        self.jobs.push(job);
        Slot(self.jobs.len() - 1)
    }

    /// Runs every job in one peer process.
    pub(super) fn run(self, peer: &Peer) -> Results {
        Results(peer.jobs(&self.jobs))
    }
}

impl std::ops::Index<Slot> for Results {
    type Output = Value;
    fn index(&self, slot: Slot) -> &Value {
        &self.0[slot.0]
    }
}

/// jot's JWK for one algorithm, imported and re-exported by the peer (batch 1).
struct JotKeyImport {
    private: Slot,
    public: Slot,
}

/// The batch-2 jobs for one algorithm both sides implement.
struct AlgJobs {
    /// The peer signs with its own key.
    peer_signs: Slot,
    /// The peer signs with jot's private JWK.
    peer_signs_with_jot_key: Slot,
    /// The peer verifies jot's token, signed with jot's key.
    peer_verifies_jot: Slot,
    /// The peer verifies jot's token, signed with the peer's key.
    peer_verifies_jot_with_peer_key: Slot,
    /// The peer imports its own public key (for the thumbprint).
    peer_imports_own_key: Slot,
}

/// Whether the peer is documented to accept the probe `name`; a probe
/// without a documented expectation is a bug in the test.
pub(super) fn documented_accepts(probes: &[(&str, bool)], name: &str) -> bool {
    probes
        .iter()
        .find(|(probe, _)| *probe == name)
        .map(|(_, accepts)| *accepts)
        .unwrap_or_else(|| panic!("no documented expectation for probe {name}"))
}

pub(super) fn ok(result: &Value) -> Result<&Value, String> {
    if result["ok"] == json!(true) {
        Ok(result)
    } else {
        Err(format!("peer: {}", result["error"].as_str().unwrap_or("?")))
    }
}

pub(super) fn claims_match(want: &Value, got: &Value) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!("claims differ: sent {want}, got {got}"))
    }
}

/// What a peer library is expected to lack or to do, as the README documents it.
pub struct Expectations<'a> {
    /// Algorithms of jot's the library does not implement.
    pub not_shared: &'a [Algorithm],
    /// Whether the library computes RFC 7638 thumbprints.
    pub thumbprints: bool,
    /// Probe name -> whether the library accepts it.
    pub probes: &'a [(&'a str, bool)],
    /// JWE: `None` for a library without JWE.
    pub jwe: Option<JweExpectations<'a>>,
}

/// Every check with one peer library, in both directions.
pub fn run_peer(peer: &Peer, lib: &str, expect: &Expectations<'_>) {
    peer.check();
    let versions: Value = serde_json::from_str(&peer.versions()).expect("versions JSON");
    let version = versions[lib]
        .as_str()
        .unwrap_or("unknown version")
        .to_owned();
    let mut report = Report::new(lib, &version);
    let now = now();
    let claims = claims(now);
    let jot = jot_keys();
    let algs: Vec<Algorithm> = Algorithm::ALL.to_vec();

    // Batch 1: the peer generates a key per algorithm, and imports and
    // re-exports each of jot's JWKs (private and public).
    let mut batch = Batch::default();
    let generated: Vec<(Algorithm, Slot)> = algs
        .iter()
        .map(|alg| {
            let job = json!({"op": "genkey", "lib": lib, "alg": alg.name()});
            (*alg, batch.push(job))
        })
        .collect();
    let imported: BTreeMap<Algorithm, JotKeyImport> = algs
        .iter()
        .map(|alg| {
            let import = JotKeyImport {
                private: batch.push(json!({"op": "import", "lib": lib, "jwk": jot[alg].private})),
                public: batch.push(json!({"op": "import", "lib": lib, "jwk": jot[alg].public})),
            };
            (*alg, import)
        })
        .collect();
    let mut jwe_run = expect.jwe.as_ref().map(|e| JweRun::new(lib, e));
    if let Some(run) = &mut jwe_run {
        run.batch1(&mut batch);
    }
    let results = batch.run(peer);

    let mut shared = Vec::new();
    let mut theirs: BTreeMap<Algorithm, KeyPair> = BTreeMap::new();
    let mut not_shared = Vec::new();
    for (alg, slot) in &generated {
        match ok(&results[*slot]) {
            Ok(r) => {
                shared.push(*alg);
                theirs.insert(
                    *alg,
                    KeyPair {
                        private: r["jwk"].clone(),
                        public: r["public"].clone(),
                    },
                );
            }
            Err(e) => not_shared.push((*alg, e)),
        }
    }
    let not_shared_algs: Vec<Algorithm> = not_shared.iter().map(|(a, _)| *a).collect();
    report.check(
        "algorithms not shared as documented",
        "-",
        if not_shared_algs == expect.not_shared {
            Ok(())
        } else {
            Err(format!(
                "{lib} lacks {not_shared_algs:?}, README says {:?}",
                expect.not_shared
            ))
        },
    );
    for (alg, e) in &not_shared {
        report.note(format!(
            "not shared: {} ({lib} does not implement it: {e})",
            alg.name()
        ));
    }

    // jot's JWKs, imported and re-exported by the peer.
    for alg in &shared {
        let import = &imported[alg];
        let (private, public) = (&results[import.private], &results[import.public]);
        let outcome = ok(private)
            .and_then(|r| same_material(&jot[alg].private, &r["jwk"]))
            .and_then(|()| ok(public))
            .and_then(|r| same_material(&jot[alg].public, &r["jwk"]));
        report.check("jot JWK -> peer import/export", alg.name(), outcome);
        if expect.thumbprints {
            let want =
                parse_jwk(&jot[alg].public).and_then(|j| j.thumbprint().map_err(|e| e.to_string()));
            let outcome = want.and_then(|want| {
                for r in [private, public] {
                    let got = r["thumbprint"].as_str().unwrap_or("");
                    if got != want {
                        return Err(format!("thumbprint {got} != jot's {want}"));
                    }
                }
                Ok(())
            });
            report.check("RFC 7638 thumbprint (jot keys)", alg.name(), outcome);
        }
    }
    if !expect.thumbprints {
        report.note(format!(
            "{lib} has no RFC 7638 thumbprint API: thumbprints not compared"
        ));
    }

    // The peer's JWKs, imported and re-exported by jot.
    for alg in &shared {
        let pair = &theirs[alg];
        let outcome = [&pair.private, &pair.public].iter().try_for_each(|v| {
            let jwk = parse_jwk(v)?;
            same_material(v, &to_value(&jwk))
        });
        report.check("peer JWK -> jot import/export", alg.name(), outcome);
    }
    if let Some(run) = &mut jwe_run {
        run.after_batch1(&results);
    }

    // Batch 2: the peer signs with its keys and with jot's private JWKs,
    // verifies what jot signed with jot's keys and with the peer's keys,
    // imports its own keys (thumbprints), and is shown every probe.
    let mut batch = Batch::default();
    let mut per_alg = Vec::new();
    for alg in &shared {
        let name = alg.name();
        let own = jot_sign(*alg, &jot[alg].private, &claims);
        let with_theirs = jot_sign(*alg, &theirs[alg].private, &claims);
        let verify = |token: &Result<String, String>, key: &Value| {
            let token = token.clone().unwrap_or_default();
            json!({"op": "verify", "lib": lib, "alg": name, "jwk": key, "token": token, "iss": ISS, "aud": AUD})
        };
        let jobs = AlgJobs {
            peer_signs: batch.push(json!({"op": "sign", "lib": lib, "alg": name, "jwk": theirs[alg].private, "claims": claims})),
            peer_signs_with_jot_key: batch.push(json!({"op": "sign", "lib": lib, "alg": name, "jwk": jot[alg].private, "claims": claims})),
            peer_verifies_jot: batch.push(verify(&own, &jot[alg].public)),
            peer_verifies_jot_with_peer_key: batch.push(verify(&with_theirs, &theirs[alg].public)),
            peer_imports_own_key: batch.push(json!({"op": "import", "lib": lib, "jwk": theirs[alg].public})),
        };
        per_alg.push((*alg, jobs, own, with_theirs));
    }
    let probes: Vec<(Probe, Slot)> = probes(&jot, now)
        .into_iter()
        .map(|p| {
            let mut job = json!({"op": "verify", "lib": lib, "alg": p.alg.name(), "jwk": p.key, "token": p.token});
            if p.configure_aud {
                job["iss"] = json!(ISS);
                job["aud"] = json!(AUD);
            }
            let slot = batch.push(job);
            (p, slot)
        })
        .collect();
    if let Some(run) = &mut jwe_run {
        run.batch2(&mut batch, &jot, &theirs, &claims);
    }
    let results = batch.run(peer);

    for (alg, jobs, own, with_theirs) in &per_alg {
        let name = alg.name();
        let peer_signed = ok(&results[jobs.peer_signs]).and_then(|r| {
            let token = r["token"].as_str().unwrap_or_default();
            jot_verify(*alg, &theirs[alg].public, token).and_then(|got| claims_match(&claims, &got))
        });
        report.check("peer signs, jot verifies", name, peer_signed);
        let with_jot_key = ok(&results[jobs.peer_signs_with_jot_key]).and_then(|r| {
            let token = r["token"].as_str().unwrap_or_default();
            jot_verify(*alg, &jot[alg].public, token).and_then(|got| claims_match(&claims, &got))
        });
        report.check(
            "peer signs with jot's JWK, jot verifies",
            name,
            with_jot_key,
        );
        let jot_signed = own
            .clone()
            .and_then(|_| ok(&results[jobs.peer_verifies_jot]))
            .and_then(|r| claims_match(&claims, &r["claims"]));
        report.check("jot signs, peer verifies", name, jot_signed);
        let with_peer_key = with_theirs
            .clone()
            .and_then(|_| ok(&results[jobs.peer_verifies_jot_with_peer_key]))
            .and_then(|r| claims_match(&claims, &r["claims"]));
        report.check(
            "jot signs with peer's JWK, peer verifies",
            name,
            with_peer_key,
        );
        if expect.thumbprints {
            let outcome = ok(&results[jobs.peer_imports_own_key]).and_then(|r| {
                let want = parse_jwk(&theirs[alg].public)?
                    .thumbprint()
                    .map_err(|e| e.to_string())?;
                let got = r["thumbprint"].as_str().unwrap_or("");
                if got == want {
                    Ok(())
                } else {
                    Err(format!("peer thumbprint {got} != jot's {want}"))
                }
            });
            report.check("RFC 7638 thumbprint (peer keys)", name, outcome);
        }
    }

    for (p, slot) in &probes {
        let documented = documented_accepts(expect.probes, p.name);
        let r = &results[*slot];
        let accepts = r["ok"] == json!(true);
        let detail = r["error"].as_str().unwrap_or("accepted");
        record_probe(&mut report, p, accepts, documented, detail);
    }

    match jwe_run {
        Some(run) => run.after_batch2(&results, &mut report, &theirs, &claims),
        None => report.note(format!("{lib} has no JWE: JWE not tested")),
    }

    report.finish(&format!("interop-{lib}.txt"));
}
