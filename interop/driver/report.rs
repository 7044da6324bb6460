//! The report: one row per direction, one column of algorithms, printed and
//! written to `target/conformance/interop-<peer>.txt`.

use super::*;

/// What one run established, per direction and algorithm, printed and
/// written to `target/conformance/interop-<peer>.txt`.
pub struct Report {
    peer: String,
    version: String,
    rows: Vec<Row>,
    notes: Vec<String>,
    probes: Vec<String>,
    jwe_probes: Vec<String>,
}

/// One direction of a report: what passed, what failed (with the reason),
/// and what the peer library cannot do (documented, never counted as passed).
pub(super) struct Row {
    direction: &'static str,
    passed: Vec<String>,
    failed: Vec<String>,
    unsupported: Vec<String>,
}

impl Report {
    pub fn new(peer: &str, version: &str) -> Report {
        Report {
            peer: peer.to_owned(),
            version: version.to_owned(),
            rows: Vec::new(),
            notes: Vec::new(),
            probes: Vec::new(),
            jwe_probes: Vec::new(),
        }
    }

    pub(super) fn row(&mut self, direction: &'static str) -> &mut Row {
        if let Some(i) = self.rows.iter().position(|r| r.direction == direction) {
            return &mut self.rows[i];
        }
        self.rows.push(Row {
            direction,
            passed: Vec::new(),
            failed: Vec::new(),
            unsupported: Vec::new(),
        });
        self.rows.last_mut().expect("just pushed")
    }

    /// Records one check; a failure is kept with its reason and fails [`Report::finish`].
    pub fn check(&mut self, direction: &'static str, alg: &str, outcome: Result<(), String>) {
        let row = self.row(direction);
        match outcome {
            Ok(()) => row.passed.push(alg.to_owned()),
            Err(why) => row.failed.push(format!("{alg}: {why}")),
        }
    }

    /// Records a combination the peer library cannot do, as documented:
    /// printed as "unsupported by peer", counted neither as passed nor failed.
    pub fn unsupported(&mut self, direction: &'static str, what: &str, why: &str) {
        self.row(direction)
            .unsupported
            .push(format!("{what} ({why})"));
    }

    pub fn jwe_probe(&mut self, line: String) {
        self.jwe_probes.push(line);
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn probe(&mut self, line: String) {
        self.probes.push(line);
    }

    pub fn failures(&self) -> usize {
        self.rows.iter().map(|r| r.failed.len()).sum()
    }

    pub fn passed(&self) -> usize {
        self.rows.iter().map(|r| r.passed.len()).sum()
    }

    pub fn unsupported_count(&self) -> usize {
        self.rows.iter().map(|r| r.unsupported.len()).sum()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "interop: jot <-> {} ({})", self.peer, self.version);
        let _ = writeln!(out, "{:<44} {:>4}  algorithms passed", "direction", "pass");
        for row in &self.rows {
            let _ = writeln!(
                out,
                "{:<44} {:>4}  {}",
                row.direction,
                row.passed.len(),
                row.passed.join(" ")
            );
            for f in &row.failed {
                let _ = writeln!(out, "{:<44} FAIL  {f}", "");
            }
            for u in &row.unsupported {
                let _ = writeln!(out, "{:<44} unsupported by peer: {u}", "");
            }
        }
        if !self.probes.is_empty() {
            let _ = writeln!(
                out,
                "strictness probes (correctly signed tokens jot rejects on purpose):"
            );
            for p in &self.probes {
                let _ = writeln!(out, "  {p}");
            }
        }
        if !self.jwe_probes.is_empty() {
            let _ = writeln!(
                out,
                "JWE strictness probes (tokens the peer made that jot refuses on purpose):"
            );
            for p in &self.jwe_probes {
                let _ = writeln!(out, "  {p}");
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        let _ = writeln!(
            out,
            "total: {} passed, {} failed, {} unsupported by peer",
            self.passed(),
            self.failures(),
            self.unsupported_count()
        );
        out
    }

    /// Prints the table, writes it under target/conformance/, and asserts no check failed.
    pub fn finish(&self, file: &str) {
        let text = self.render();
        println!("{text}");
        let dir = repo_path("target/conformance");
        std::fs::create_dir_all(&dir).expect("create target/conformance");
        std::fs::write(dir.join(file), &text).expect("write the interop report");
        assert_eq!(self.failures(), 0, "interop checks failed:\n{text}");
        assert!(self.passed() > 0, "no interop check ran");
    }
}
