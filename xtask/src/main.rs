//! `cargo xtask`: set-up, serve, test and bench for the whole workspace.
//!
//! Every command first installs what it needs and is missing (and skips what is present):
//! the wasm32 target, Trunk, wasm-bindgen-cli at the Cargo.lock version, wasm-opt from the
//! pinned npm package in `tools/`, and for tests Chromium + chromedriver from apt.
//!
//! # Layout
//! - [`setup`]: finding and installing tools.
//! - [`build`]: the release widget build (Trunk for the page, then the split WebAssembly) and
//!   its precompression.
//! - [`bench`]: first-load size measurement into docs/benchmarks.md.
//! - [`imports`]: the module import picture, which must have no cycles.
//! - [`mutants`]: mutation testing of the rules, the store, the reviewer and the form state.

mod bench;
mod build;
mod imports;
mod mutants;
mod order;
mod postgres;
mod setup;
mod short_imports;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--port 8080] [--database-url postgres://...]
                        build the widget (release) and run filing-api serving it on 127.0.0.1
  test                  fmt, clippy, native tests, browser component tests, end-to-end tests
  build                 only the release widget build into dist/ (Trunk, split wasm, embed.mjs, precompression)
  bench [peers|api]     measure first-load bytes, validation, API load, Lighthouse and the peers side by side
                        into docs/benchmarks.md (peers / api: only the side-by-side run / the API's load)
  size                  build the widget and print its first-load bytes (nothing written)
  imports               print which top-level modules import which; fails on a cycle
  mutants [core|api|widget]... [--iterate] [--jobs N] [--postgres]
                        mutation testing (cargo-mutants) into docs/mutants.md; hours
  setup [--browser]     only install the tools (and Chromium with --browser)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench::run(&args[1..]),
        Some("size") => bench::size(),
        Some("imports") => imports::run(),
        Some("mutants") => mutants::run_groups(&args[1..]),
        Some("build") => setup::tools(false).and_then(|()| build::widget().map(drop)),
        Some("setup") => setup::tools(args.iter().any(|a| a == "--browser")),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xtask: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_owned()
}

/// Runs a command in the workspace root, failing with its name when it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("xtask: $ {shown}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.env("PATH", setup::tool_path());
    cmd
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port = "8080".to_owned();
    let mut database = vec![];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().ok_or("--port needs a value")?.clone(),
            "--database-url" => {
                database = vec![
                    "--database-url".to_owned(),
                    it.next().ok_or("--database-url needs a value")?.clone(),
                ]
            }
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    setup::tools(false)?;
    build::widget()?;
    run(cargo().args(["build", "--release", "-p", "filing-api"]))?;
    let bin = root().join("target/release/filing-api");
    eprintln!("xtask: open the printed address in a browser; Ctrl-C stops the server");
    run(Command::new(bin)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
            "filing-data",
            "--dist",
            "dist",
        ])
        .args(&database))
}

fn test() -> Result<(), String> {
    let started = std::time::Instant::now();
    setup::tools(true)?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    imports::run()?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The widget as tested, and as released: its split entry points (src/lazy.rs) compile only
    // with the `split` feature.
    for build in [&["--all-targets"][..], &["--lib", "--features", "split"]] {
        run(cargo()
            .args(["clippy", "-p", "filing-widget"])
            .args(build)
            .args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    }
    run(cargo().args(["test", "--workspace", "--exclude", "filing-e2e"]))?;
    // The API's tests again, on PostgreSQL (the unit tests of its store and reviewer, and every
    // API test, each on a database of its own), with two instances sharing one database, each
    // connection over TLS with the server's certificate verified.
    {
        let cluster = postgres::Cluster::start()?;
        run(cargo()
            .args(["test", "-p", "filing-api"])
            .env("FILING_TEST_POSTGRES", cluster.tls_url()))?;
    }
    browser_tests()?;
    build::widget()?;
    // Every process this run starts carries the marker in its environment (chromedriver and
    // Chromium inherit it), so the leak check counts only those: a browser the developer has
    // open, or another suite's, is none of its business.
    let marker = run_marker();
    let e2e = run(cargo()
        .args(["test", "-p", "filing-e2e", "--", "--test-threads=1"])
        .env("FILING_E2E_DIST", root().join("dist"))
        .env(RUN_MARKER, &marker));
    let leaked = marked_pids("chrom", &marker);
    e2e?;
    if !leaked.is_empty() {
        return Err(format!(
            "end-to-end tests left Chromium processes running: {leaked:?}"
        ));
    }
    eprintln!(
        "xtask: all tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The environment variable that marks the processes of one test run.
const RUN_MARKER: &str = "FILING_TEST_RUN";

/// A value no other run shares: this process's id and the time.
fn run_marker() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// Live processes (not zombies) whose name starts with `name` and whose environment carries
/// [`RUN_MARKER`]`=marker`: what one run started and left behind, even once orphaned.
fn marked_pids(name: &str, marker: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    let wanted = format!("{RUN_MARKER}={marker}");
    let mut pids: Vec<u32> = dir
        .filter_map(|e| {
            let e = e.ok()?;
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            let (comm, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            // Zombies are already dead, only waiting for their parent to collect them.
            if !comm.starts_with(name) || rest.starts_with('Z') {
                return None;
            }
            let environ = std::fs::read(e.path().join("environ")).ok()?;
            environ
                .split(|b| *b == 0)
                .any(|kv| kv == wanted.as_bytes())
                .then_some(pid)
        })
        .collect();
    pids.sort_unstable();
    pids
}

/// wasm-bindgen-test in headless Chromium, with a scratch TMPDIR the runner's browser profiles
/// go into (removed afterwards, pass or fail).
fn browser_tests() -> Result<(), String> {
    let scratch = root().join(".scratch/browser-tests");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let result = run(cargo()
        .args([
            "test",
            "-p",
            "filing-widget",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env(
            "CHROMEDRIVER",
            setup::which("chromedriver").unwrap_or_default(),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .env("TMPDIR", &scratch)
        .current_dir(root()));
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the processes carrying this run's marker are counted: one started without it (a
    /// developer's own browser, say) is not.
    #[test]
    fn the_leak_check_counts_only_this_runs_processes() {
        let marker = run_marker();
        let spawn = |marked: bool| {
            let mut cmd = std::process::Command::new("sleep");
            cmd.arg("30");
            if marked {
                cmd.env(RUN_MARKER, &marker);
            }
            cmd.spawn().expect("sleep")
        };
        let (mut ours, mut theirs) = (spawn(true), spawn(false));
        // `spawn` returns once the child is forked, maybe before it has become `sleep`: wait
        // for both to have exec'd, or the look below races them (it did, on a loaded CI run).
        // An exec renames the process before it sets up the new environment, and in between
        // /proc shows the new name with an empty environment (this raced on a loaded machine).
        let is_sleep = |pid: u32| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|stat| stat.contains(" (sleep) "))
                && std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|env| !env.is_empty())
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !(is_sleep(ours.id()) && is_sleep(theirs.id())) {
            assert!(std::time::Instant::now() < deadline, "sleep never started");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let found = marked_pids("sleep", &marker);
        let _ = (ours.kill(), theirs.kill());
        let _ = (ours.wait(), theirs.wait());
        assert_eq!(found, [ours.id()]);
        assert!(marked_pids("sleep", &marker).is_empty(), "gone once killed");
    }
}
