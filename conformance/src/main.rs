//! `jot-conformance`: generate the cases, run an adapter, or be jot's adapter.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jot_conformance::case::Suite;
use jot_conformance::classify::{Table, BUILT_IN};
use jot_conformance::runner::{self, Options};
use jot_conformance::{adapter_jot, generate, keys};

const USAGE: &str = "\
usage:
  jot-conformance generate --out FILE [--seed N] [--now UNIX_SECS]
  jot-conformance run --adapter 'COMMAND ARGS' [--errors TABLE] [--name LABEL]
                      [--json FILE] [--filter TEXT] [--seed N | --cases FILE]
                      [--now UNIX_SECS] [--timeout SECS]
  jot-conformance run --list [--filter TEXT] [--seed N | --cases FILE]
  jot-conformance adapter-jot

run exits 1 when any `must` case fails (a wrong answer, a timeout, a crash or
a malformed answer), 2 on a usage error. TABLE is a built-in error table
(jot, pyjwt, joserfc, jose, jsonwebtoken, golang-jwt, generic) or a JSON file
of [pattern, class] pairs; see PROTOCOL.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jot-conformance: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `--flag value` pairs and bare `--flag`s.
struct Flags<'a> {
    args: &'a [String],
}

impl<'a> Flags<'a> {
    fn value(&self, name: &str) -> Result<Option<&'a str>, String> {
        match self.args.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) => self
                .args
                .get(i + 1)
                .map(|v| Some(v.as_str()))
                .ok_or_else(|| format!("{name} needs a value")),
        }
    }
    fn has(&self, name: &str) -> bool {
        self.args.iter().any(|a| a == name)
    }
    fn check(&self, known: &[&str], bare: &[&str]) -> Result<(), String> {
        let mut i = 0;
        while let Some(a) = self.args.get(i) {
            if bare.contains(&a.as_str()) {
                i += 1;
            } else if known.contains(&a.as_str()) {
                i += 2;
            } else {
                return Err(format!("unknown argument {a:?}"));
            }
        }
        Ok(())
    }
}

fn suite(flags: &Flags<'_>) -> Result<Suite, String> {
    if let Some(path) = flags.value("--cases")? {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        return serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"));
    }
    let seed = match flags.value("--seed")? {
        Some(s) => s
            .parse()
            .map_err(|_| format!("--seed {s:?} is not a u64"))?,
        None => keys::fresh_seed(),
    };
    let now = match flags.value("--now")? {
        Some(s) => s
            .parse()
            .map_err(|_| format!("--now {s:?} is not Unix seconds"))?,
        None => now(),
    };
    generate::generate(seed, now)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (cmd, rest) = args.split_first().ok_or("no command")?;
    let flags = Flags { args: rest };
    match cmd.as_str() {
        "generate" => {
            flags.check(&["--out", "--seed", "--now"], &[])?;
            let out = flags.value("--out")?.ok_or("generate needs --out FILE")?;
            let suite = suite(&flags)?;
            let text = serde_json::to_string_pretty(&suite).map_err(|e| e.to_string())?;
            std::fs::write(out, text + "\n").map_err(|e| format!("{out}: {e}"))?;
            eprintln!(
                "wrote {} cases in {} groups to {out} (seed {})",
                suite.number_of_tests,
                suite.test_groups.len(),
                suite.seed
            );
            Ok(ExitCode::SUCCESS)
        }
        "run" => {
            flags.check(
                &[
                    "--adapter",
                    "--errors",
                    "--name",
                    "--json",
                    "--filter",
                    "--seed",
                    "--cases",
                    "--timeout",
                    "--now",
                ],
                &["--list"],
            )?;
            let mut suite = suite(&flags)?;
            if let Some(f) = flags.value("--filter")? {
                suite.retain(f);
            }
            if flags.has("--list") {
                for (g, c) in suite.cases() {
                    println!(
                        "{:>4} {:<6} {:<10} {:<58} [{}] {}",
                        c.tc_id,
                        c.level.to_string(),
                        format!("{:?}", c.result).to_lowercase(),
                        c.name,
                        g.algorithms.join(","),
                        c.comment
                    );
                }
                eprintln!("{} cases (seed {})", suite.number_of_tests, suite.seed);
                return Ok(ExitCode::SUCCESS);
            }
            let command = flags
                .value("--adapter")?
                .ok_or("run needs --adapter 'COMMAND ARGS' (or --list)")?;
            let table = match flags.value("--errors")?.unwrap_or("generic") {
                name if BUILT_IN.contains(&name) => Table::built_in(name).ok_or("table")?,
                path => Table::from_json(
                    &std::fs::read_to_string(path).map_err(|e| format!("--errors {path}: {e}"))?,
                )?,
            };
            let timeout = match flags.value("--timeout")? {
                Some(s) => s.parse::<f64>().map_err(|_| format!("--timeout {s:?}"))?,
                None => 20.0,
            };
            let opts = Options {
                command: command.to_owned(),
                name: flags.value("--name")?.unwrap_or(command).to_owned(),
                table,
                timeout: Duration::from_secs_f64(timeout),
            };
            let card = runner::run(&suite, &opts)?;
            print!("{}", card.render());
            if let Some(path) = flags.value("--json")? {
                let text = serde_json::to_string_pretty(&card).map_err(|e| e.to_string())?;
                std::fs::write(path, text + "\n").map_err(|e| format!("{path}: {e}"))?;
            }
            Ok(if card.must_failures().is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "adapter-jot" => {
            let stdin = std::io::stdin();
            adapter_jot::serve(stdin.lock(), std::io::stdout().lock())
                .map_err(|e| format!("adapter-jot: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}")),
    }
}
