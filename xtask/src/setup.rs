//! Finding and installing the tools the build and the tests need. Each step checks first and
//! does nothing when the right version is already there.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run};

pub const TRUNK_VERSION: &str = "0.22.1";

/// PATH with the pinned npm tools (wasm-opt) and cargo's bin directory first.
pub fn tool_path() -> String {
    let mut dirs = vec![root().join("tools/node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    let mut path = std::env::join_paths(dirs)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Ok(rest) = std::env::var("PATH") {
        path.push(':');
        path.push_str(&rest);
    }
    path
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(program: &str) -> Option<String> {
    let out = Command::new(program)
        .arg("--version")
        .env("PATH", tool_path())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    })
}

/// Full path of a program on the tool PATH.
pub fn which(program: &str) -> Option<String> {
    std::env::split_paths(&tool_path())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_owned())
}

/// Adds a rustup `target` or `component` unless the toolchain has it.
fn rustup_add(kind: &str, name: &str) -> Result<(), String> {
    let installed = Command::new("rustup")
        .args([kind, "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == name)
    {
        return Ok(());
    }
    run(Command::new("rustup").args([kind, "add", name]))
}

pub fn tools(browser: bool) -> Result<(), String> {
    rustup_add("target", "wasm32-unknown-unknown")?;
    // The release widget builds its own std (`build::STD`), from the toolchain's sources.
    rustup_add("component", "rust-src")?;

    if version_of("trunk").as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        // Trunk 0.22 declares rustc 1.96 but builds and runs on 1.95.
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "--ignore-rust-version",
            "trunk",
            "--version",
            TRUNK_VERSION,
        ]))?;
    }

    let wb = locked_wasm_bindgen()?;
    if version_of("wasm-bindgen").as_deref() != Some(&format!("wasm-bindgen {wb}")) {
        // Not --locked: its lockfile wants a webpki-roots release the registry mirror lacks.
        run(Command::new("cargo").args([
            "install",
            "--force",
            "wasm-bindgen-cli",
            "--version",
            &wb,
        ]))?;
    }

    let bin = root().join("tools/node_modules/.bin");
    if !bin.join("wasm-opt").exists() || !bin.join("esbuild").exists() {
        run(Command::new("npm").args(["ci", "--prefix", "tools", "--no-audit", "--no-fund"]))?;
    }

    if browser && (which("chromium").is_none() || which("chromedriver").is_none()) {
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
                "fonts-wqy-microhei",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    Ok(())
}

/// Tools only the bench needs (Lighthouse), pinned by their own lockfile in tools/bench.
pub fn bench_tools() -> Result<(), String> {
    let bench = root().join("tools/bench/node_modules");
    if !bench.join(".bin/lighthouse").exists()
        || !bench.join("playwright-core/package.json").exists()
    {
        run(Command::new("npm").args([
            "ci",
            "--prefix",
            "tools/bench",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    Ok(())
}
