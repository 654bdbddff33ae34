//! `cargo xtask mutants [core|api|widget]... [--iterate] [--jobs N] [--postgres]`: mutation testing with cargo-mutants (pinned,
//! installed when missing) over the code whose promises matter most: filing-core (every rule),
//! filing-api's store, reviewer, routes, authentication, database checks, maintenance switch and
//! connection limits, and the widget's form state and
//! status model. Each mutant is built and the package's own tests run against it, with a timeout;
//! the outcomes per file (caught / missed / unviable / timeout) and every missed mutant are
//! written to docs/mutants.md. Mutants that cannot change behaviour are excluded in
//! `.cargo/mutants.toml`, each with its reason, and listed there too. Not part of `cargo xtask
//! test` (every group takes about four hours on two cores): run it before closing an issue that changes
//! these files.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use crate::{cargo, root, run};

pub const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// A group of mutants: its name, the package whose tests judge them, and the files mutated.
struct Group {
    name: &'static str,
    package: &'static str,
    files: &'static [&'static str],
}

const GROUPS: [Group; 3] = [
    Group {
        name: "core",
        package: "filing-core",
        files: &["crates/filing-core/src/**/*.rs"],
    },
    Group {
        name: "api",
        package: "filing-api",
        files: &[
            "crates/filing-api/src/store.rs",
            "crates/filing-api/src/sql.rs",
            "crates/filing-api/src/review.rs",
            "crates/filing-api/src/notify.rs",
            "crates/filing-api/src/routes/*.rs",
            "crates/filing-api/src/auth.rs",
            "crates/filing-api/src/token.rs",
            "crates/filing-api/src/db.rs",
            "crates/filing-api/src/maintenance.rs",
            "crates/filing-api/src/listen.rs",
        ],
    },
    Group {
        name: "widget",
        package: "filing-widget",
        files: &["src/filing/state.rs", "src/status/model.rs"],
    },
];

fn install() -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["mutants", "--version"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if installed.as_deref() != Some(&format!("cargo-mutants {CARGO_MUTANTS_VERSION}")) {
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "cargo-mutants",
            "--version",
            CARGO_MUTANTS_VERSION,
        ]))?;
    }
    Ok(())
}

/// `names`: the groups to run (all when empty); `--iterate` re-tests only the mutants the last
/// run of a group did not catch (after adding tests for them), keeping its other outcomes.
pub fn run_groups(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "report") {
        // Only rewrite docs/mutants.md from the outcomes on disk.
        return write_report();
    }
    install()?;
    let iterate = args.iter().any(|a| a == "--iterate");
    // `--postgres`: the API's tests judge the mutants on a throwaway PostgreSQL instead of
    // SQLite (run after a SQLite run with `--iterate`: what either engine's tests catch counts).
    let postgres = args.iter().any(|a| a == "--postgres");
    let cluster = if postgres {
        Some(crate::postgres::Cluster::start()?)
    } else {
        None
    };
    // `--jobs N`: mutants built and tested N at a time (each in its own copy of the tree).
    let jobs = args
        .iter()
        .position(|a| a == "--jobs")
        .map(|i| args.get(i + 1).cloned().ok_or("--jobs needs a number"))
        .transpose()?;
    let names: Vec<&String> = args
        .iter()
        .filter(|a| {
            !["--iterate", "--jobs", "--postgres"].contains(&a.as_str())
                && Some(*a) != jobs.as_ref()
        })
        .collect();
    let chosen: Vec<&Group> = GROUPS
        .iter()
        .filter(|g| names.is_empty() || names.iter().any(|n| *n == g.name))
        .collect();
    if chosen.is_empty() {
        return Err(format!(
            "no such group; the groups are {}",
            GROUPS.map(|g| g.name).join(", ")
        ));
    }
    for g in &chosen {
        let out = root().join(format!("target/mutants/{}", g.name));
        if iterate {
            // cargo-mutants replaces its output directory each run; keep what earlier runs
            // caught or found unviable (it skips those now) beside it, so the report still counts
            // them as they were.
            for kind in ["caught", "unviable"] {
                let mut kept = kept_lines(&out, kind);
                kept.extend(lines(&out, &format!("{kind}.txt")));
                kept.sort();
                kept.dedup();
                std::fs::write(out.join(format!("kept-{kind}.txt")), kept.join("\n"))
                    .map_err(|e| e.to_string())?;
            }
        } else {
            let _ = std::fs::remove_dir_all(&out);
        }
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let mut cmd = cargo();
        cmd.args(["mutants", "--package", g.package, "--no-shuffle"]);
        if iterate {
            cmd.arg("--iterate");
        }
        if let Some(n) = &jobs {
            cmd.args(["--jobs", n]);
        }
        if let Some(c) = &cluster {
            cmd.env("FILING_TEST_POSTGRES", &c.url);
        }
        for f in g.files {
            cmd.args(["--file", f]);
        }
        cmd.args(["--timeout", "120", "--build-timeout", "600", "--output"])
            .arg(&out);
        // Missed mutants are the result, not a failure of this command.
        let _ = run(&mut cmd);
    }
    write_report()
}

/// One outcome list of cargo-mutants (`caught.txt`, `missed.txt`, ...): its mutants' lines.
fn lines(dir: &Path, file: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join("mutants.out").join(file))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// What earlier runs of a group caught or found unviable (`kind`), kept by `--iterate`.
fn kept_lines(dir: &Path, kind: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(format!("kept-{kind}.txt")))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The file a mutant line names ("crates/x/src/a.rs:12:5: replace ...").
fn file_of(line: &str) -> String {
    line.split(':').next().unwrap_or("").to_owned()
}

fn write_report() -> Result<(), String> {
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut missed_all = vec![];
    let mut ran = vec![];
    for g in &GROUPS {
        let dir = root().join(format!("target/mutants/{}", g.name));
        if !dir.join("mutants.out").exists() {
            continue;
        }
        ran.push(g.name);
        let kinds = ["caught.txt", "missed.txt", "unviable.txt", "timeout.txt"];
        for (i, kind) in kinds.iter().enumerate() {
            let mut found = lines(&dir, kind);
            if i == 0 || i == 2 {
                // What earlier runs caught or found unviable, when this one iterated on the rest.
                found.extend(kept_lines(&dir, kind.trim_end_matches(".txt")));
                found.sort();
                found.dedup();
            }
            for line in found {
                table.entry(file_of(&line)).or_default()[i] += 1;
                if i == 1 {
                    missed_all.push(line);
                }
            }
        }
    }
    let mut doc =
        String::from("# Mutation testing\n\nCommand: `cargo xtask mutants` (cargo-mutants ");
    let _ = write!(
        doc,
        "{CARGO_MUTANTS_VERSION}; each mutant built and its package's own tests run, 120 s \
         timeout; `--iterate` re-tests what the last run missed). Groups in this run: {}. Not part of `cargo xtask test`: run it before \
         closing an issue that changes these files.\n\n\
         | file | caught | missed | unviable | timeout |\n|---|---:|---:|---:|---:|\n",
        ran.join(", ")
    );
    let mut total = [0; 4];
    for (file, n) in &table {
        let _ = writeln!(
            doc,
            "| {file} | {} | {} | {} | {} |",
            n[0], n[1], n[2], n[3]
        );
        for i in 0..4 {
            total[i] += n[i];
        }
    }
    let _ = writeln!(
        doc,
        "| **total** | **{}** | **{}** | **{}** | **{}** |\n",
        total[0], total[1], total[2], total[3]
    );
    doc.push_str("## Missed\n\n");
    if missed_all.is_empty() {
        doc.push_str("None.\n");
    } else {
        for m in &missed_all {
            let _ = writeln!(doc, "- `{m}`");
        }
    }
    doc.push_str(
        "\n## Excluded as equivalent\n\nMutants that cannot change behaviour, excluded in \
         `.cargo/mutants.toml` with the reason beside each:\n\n```toml\n",
    );
    doc.push_str(&std::fs::read_to_string(root().join(".cargo/mutants.toml")).unwrap_or_default());
    doc.push_str("```\n");
    std::fs::write(root().join("docs/mutants.md"), doc).map_err(|e| e.to_string())?;
    eprintln!(
        "xtask: {} caught, {} missed, {} unviable, {} timeout; written to docs/mutants.md",
        total[0], total[1], total[2], total[3]
    );
    Ok(())
}
