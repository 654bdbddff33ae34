//! `cargo xtask bench`: the widget's first-load bytes, written to docs/benchmarks.md.

use std::fmt::Write;

use crate::build::{self, brotli, gzip};
use crate::{root, setup};

/// Hard budget for the first load (html + js + wasm + css, brotli), design.md §6.
const BUDGET_BROTLI: usize = 150 * 1024;

pub fn run() -> Result<(), String> {
    setup::tools(false)?;
    build::widget()?;
    let dist = root().join("dist");
    let mut rows = vec![];
    for file in build::files(&dist)? {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["html", "js", "wasm", "css"].contains(&ext) {
            continue;
        }
        let raw = std::fs::read(&file).map_err(|e| e.to_string())?;
        let name = file
            .strip_prefix(&dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        rows.push((name, raw.len(), gzip(&raw).len(), brotli(&raw).len()));
    }
    let total = rows
        .iter()
        .fold((0, 0, 0), |t, r| (t.0 + r.1, t.1 + r.2, t.2 + r.3));

    let mut table = String::new();
    let _ = writeln!(
        table,
        "| file | raw | gzip | brotli |\n|---|---:|---:|---:|"
    );
    for (name, raw, gz, br) in &rows {
        let _ = writeln!(table, "| {name} | {raw} | {gz} | {br} |");
    }
    let _ = writeln!(
        table,
        "| **total** | **{}** | **{}** | **{}** |",
        total.0, total.1, total.2
    );
    let verdict = if total.2 <= BUDGET_BROTLI {
        "within"
    } else {
        "OVER"
    };
    let section = format!(
        "## First load\n\nCommand: `cargo xtask bench` (release build with wasm-opt; brotli quality 11, gzip level 9). \
         Bytes a phone downloads before the widget is usable.\n\n{table}\nTotal brotli: {} bytes = {:.1} KiB, {verdict} the 150 KiB budget (target below 93 KB).\n",
        total.2,
        total.2 as f64 / 1024.0
    );
    println!("{section}");
    write_section("## First load", &section)?;
    validation()
}

/// Criterion's figure for validating a whole filing (filing-core, native).
fn validation() -> Result<(), String> {
    let out = crate::cargo()
        .args([
            "bench",
            "-p",
            "filing-core",
            "--bench",
            "validate",
            "--",
            "--noplot",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "cargo bench failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let line = stdout
        .lines()
        .find(|l| l.contains("time:"))
        .ok_or("no time line in criterion output")?;
    let figures = line
        .split_once('[')
        .map(|(_, r)| r.trim_end_matches(']'))
        .unwrap_or(line);
    let section = format!(
        "## Validation\n\nCommand: `cargo xtask bench` (runs `cargo bench -p filing-core --bench validate`). \
         Validating and normalising one whole filing (every field, cross-field rules, region list and \
         model dictionary lookups), native, criterion's [low estimate high]:\n\n`{}`\n",
        figures.trim()
    );
    println!("{section}");
    write_section("## Validation", &section)?;
    api_load()
}

/// The reference API under loopback load (filing-api's `load` bench).
fn api_load() -> Result<(), String> {
    let out = crate::cargo()
        .args(["bench", "-p", "filing-api", "--bench", "load"])
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "load bench failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut table =
        String::from("| request | requests/s | p50 | p99 | errors |\n|---|---:|---:|---:|---:|\n");
    for line in stdout.lines().filter(|l| l.contains("rps=")) {
        let mut parts = line.split_whitespace();
        let name = parts.next().unwrap_or("");
        let field = |key: &str| {
            line.split_whitespace()
                .find_map(|p| p.strip_prefix(key))
                .unwrap_or("?")
                .to_owned()
        };
        let ms = |us: String| {
            us.parse::<f64>()
                .map(|v| format!("{:.2} ms", v / 1000.0))
                .unwrap_or(us)
        };
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {} |",
            field("rps="),
            ms(field("p50_us=")),
            ms(field("p99_us=")),
            field("errors=")
        );
    }
    let section = format!(
        "## Reference API under load\n\nCommand: `cargo xtask bench` (runs `cargo bench -p filing-api --bench load`): \
         16 keep-alive connections for 5 s each, on loopback, server and load generator sharing the 2 cores. \
         Status look-ups cycle through four sandbox serials; submissions file a new serial each \
         (validation, idempotency record, insert, event, one SQLite transaction each).\n\n{table}"
    );
    println!("{section}");
    write_section("## Reference API under load", &section)
}

/// Replaces the section starting with `heading` in docs/benchmarks.md (or appends it), keeping
/// every other section.
fn write_section(heading: &str, section: &str) -> Result<(), String> {
    let path = root().join("docs/benchmarks.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEvery figure here was written by the command named with it, on the 2-core development machine.\n\n".to_owned()
    });
    let (head, rest) = match old.find(heading) {
        Some(i) => (&old[..i], &old[i..]),
        None => (old.as_str(), ""),
    };
    let tail = rest
        .get(1..)
        .and_then(|r| r.find("\n## "))
        .map(|i| &rest[i + 2..])
        .unwrap_or("");
    let mut new = head.to_owned();
    if !new.ends_with("\n\n") {
        new.push('\n');
    }
    new.push_str(section);
    if !tail.is_empty() {
        new.push('\n');
        new.push_str(tail);
    }
    std::fs::write(&path, new).map_err(|e| e.to_string())
}
