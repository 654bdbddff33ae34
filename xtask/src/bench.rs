//! `cargo xtask bench`: the widget's first-load bytes, written to docs/benchmarks.md.

use std::fmt::Write;

use crate::build::{self, brotli, gzip};
use crate::{root, setup};

/// Hard budget for the first load (html + js + wasm + css, brotli), design.md §6.
const BUDGET_BROTLI: usize = 150 * 1024;

/// `cargo xtask bench [peers|api]`: everything, or only the side-by-side run, or only the API's
/// load figures.
pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "api") {
        return api_load_only();
    }
    if args.iter().any(|a| a == "peers") {
        setup::tools(false)?;
        setup::bench_tools()?;
        build::widget()?;
        return side_by_side();
    }
    let (section, chunks) = first_load()?;
    write_section("## First load", &section)?;
    after_start(&root().join("dist"), &chunks)?;
    validation()
}

/// `cargo xtask size`: builds the widget and prints its first-load bytes (no file is written).
pub fn size() -> Result<(), String> {
    first_load().map(drop)
}

/// Brotli bytes of the split-off chunks, printed by `size` beside the first load.
fn chunk_rows(dist: &std::path::Path, chunks: &[String]) -> Result<String, String> {
    let mut table = String::new();
    for name in chunks {
        let raw = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let _ = writeln!(table, "| {name} | {} | {} |", raw.len(), brotli(&raw).len());
    }
    Ok(table)
}

/// Builds the release widget and measures what a phone downloads before it is usable.
fn first_load() -> Result<(String, Vec<String>), String> {
    setup::tools(false)?;
    let built = build::widget()?;
    let dist = root().join("dist");
    let mut rows = vec![];
    for file in build::files(&dist)? {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        // The example host page (host.*) is not part of the widget, embed.mjs replaces the page
        // (index.html and its loader) only in mount mode, and fallback.html is fetched only by
        // browsers that cannot run the widget.
        let other = file.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("host.")
                || n == "embed.mjs"
                || n == "fallback.html"
                || built.chunks.iter().any(|c| *c == n)
        });
        if !["html", "js", "mjs", "wasm", "css"].contains(&ext) || other {
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
    println!(
        "Split off, fetched when first shown or when idle after start:\n\n| file | raw | brotli |\n|---|---:|---:|\n{}",
        chunk_rows(&dist, &built.chunks)?
    );
    Ok((section, built.chunks))
}

/// What the widget fetches after it is usable: the guide's text for the merchant's language
/// (one second after start, so the guide and the diagnosis work if the network drops later),
/// and the guide's pictures when the guide opens.
fn after_start(dist: &std::path::Path, chunks: &[String]) -> Result<(), String> {
    let mut table = String::from("| file | raw | brotli |\n|---|---:|---:|\n");
    table.push_str(&chunk_rows(dist, chunks)?);
    for file in build::files(&dist.join("guide"))? {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["txt", "svg"].contains(&ext) {
            continue;
        }
        let raw = std::fs::read(&file).map_err(|e| e.to_string())?;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        let _ = writeln!(table, "| {name} | {} | {} |", raw.len(), brotli(&raw).len());
    }
    let section = format!(
        "## Loaded after start\n\nCommand: `cargo xtask bench`. Not part of the first load: the code of the form's later parts \
         (placement, review, sending), of the status view and of the guide (the `split-*.wasm` chunks, `split-chunk-N` being code \
         two of them share) and one guide text (the merchant's language) are fetched a second after the widget starts, or when \
         first needed; the pictures when the guide opens.\n\n{table}"
    );
    println!("{section}");
    write_section("## Loaded after start", &section)
}

/// Runs `cargo bench <args>` and returns what it printed, or everything it said on failure.
fn cargo_bench(args: &[&str]) -> Result<String, String> {
    cargo_bench_with(args, &[])
}

/// `cargo bench args` with `env` set.
fn cargo_bench_with(args: &[&str], env: &[(&str, &str)]) -> Result<String, String> {
    let out = crate::cargo()
        .arg("bench")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "cargo bench {} failed:\n{stdout}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// Criterion's figure for validating a whole filing (filing-core, native).
fn validation() -> Result<(), String> {
    let stdout = cargo_bench(&["-p", "filing-core", "--bench", "validate", "--", "--noplot"])?;
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

/// The reference API under loopback load (filing-api's `load` bench), then Lighthouse.
fn api_load() -> Result<(), String> {
    api_load_only()?;
    lighthouse()
}

/// The reference API under loopback load (filing-api's `load` bench).
fn api_load_only() -> Result<(), String> {
    // A throwaway PostgreSQL server for the PostgreSQL rows, with fsync on (as deployed).
    let cluster = crate::postgres::Cluster::start_durable()?;
    let stdout = cargo_bench_with(
        &["-p", "filing-api", "--bench", "load"],
        &[("FILING_TEST_POSTGRES", cluster.url.as_str())],
    )?;
    drop(cluster);
    let mut table = String::from(
        "| database | instances | request | requests/s | p50 | p99 | errors |\n|---|---:|---|---:|---:|---:|---:|\n",
    );
    for line in stdout.lines().filter(|l| l.contains("rps=")) {
        let mut parts = line.split_whitespace();
        let (engine, instances) = parts
            .next()
            .and_then(|s| s.rsplit_once('-'))
            .unwrap_or(("?", "?"));
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
            "| {engine} | {instances} | {name} | {} | {} | {} | {} |",
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
         (token, validation, merchant record, QR stand and daily-cap checks, idempotency record, \
         insert, event: one database transaction each). One merchant files them all with the daily \
         cap lifted, so the cap's count covers every earlier submission of the run (a real \
         merchant stops at 200 a day); errors are answers other than 2xx. SQLite is the embedded \
         file (WAL, `synchronous=NORMAL`: a commit is not fsynced until the checkpoint); \
         PostgreSQL 15 is a throwaway local cluster with fsync on and default \
         `synchronous_commit` (every commit fsynced), on the same 2 cores; with two instances the \
         connections alternate between them.\n\n{table}"
    );
    println!("{section}");
    write_section("## Reference API under load", &section)
}

/// Lighthouse runs per view; the median of each figure is reported.
const LIGHTHOUSE_RUNS: usize = 3;

/// Lighthouse 12.2.3 (mobile preset, simulated throttling) on each view of the release build
/// served by the release filing-api, as a merchant's phone would load it.
fn lighthouse() -> Result<(), String> {
    setup::bench_tools()?;
    let scratch = root().join(".scratch/lighthouse");
    let (mut server, port) = serve_release(&scratch)?;
    let result = (|| -> Result<String, String> {
        let mut rows = String::new();
        for view in ["file", "status", "guide"] {
            let mut runs = vec![];
            for i in 0..LIGHTHOUSE_RUNS {
                let out = scratch.join(format!("{view}-{i}.json"));
                crate::run(
                    std::process::Command::new(root().join("tools/bench/node_modules/.bin/lighthouse"))
                        .arg(format!("http://127.0.0.1:{port}/?view={view}"))
                        .args([
                            "--output=json",
                            "--only-categories=performance,accessibility,best-practices",
                            "--quiet",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
                             --disable-background-networking --disable-component-update --disable-sync \
                             --no-first-run --disable-quic",
                        ])
                        .arg(format!("--output-path={}", out.display()))
                        .env("CHROME_PATH", setup::which("chromium").unwrap_or_default())
                        .env("TMPDIR", &scratch),
                )?;
                runs.push(read_report(&out)?);
            }
            let median = |k: usize| {
                let mut v: Vec<f64> = runs.iter().map(|r| r[k]).collect();
                v.sort_by(|a, b| a.total_cmp(b));
                v[v.len() / 2]
            };
            let _ = writeln!(
                rows,
                "| {view} | {:.0} | {:.0} | {:.0} | {:.2} s | {:.2} s | {:.0} ms |",
                median(0) * 100.0,
                median(1) * 100.0,
                median(2) * 100.0,
                median(3) / 1000.0,
                median(4) / 1000.0,
                median(5)
            );
        }
        Ok(rows)
    })();
    stop(&mut server, &scratch);
    let rows = result?;
    let section = format!(
        "## Lighthouse\n\nCommand: `cargo xtask bench` (Lighthouse 12.2.3 from `tools/bench`, mobile preset with \
         simulated throttling, headless Chromium; the release build served by the release filing-api on \
         loopback; median of {LIGHTHOUSE_RUNS} runs per view).\n\n\
         | view | performance | accessibility | best practices | FCP | LCP | TBT |\n|---|---:|---:|---:|---:|---:|---:|\n\
         {rows}| budget | >= 95 | 100 | 100 | | <= 1.40 s | <= 50 ms |\n"
    );
    println!("{section}");
    write_section("## Lighthouse", &section)?;
    side_by_side()
}

/// Starts the release filing-api serving dist/ on a free loopback port, with its data in
/// `scratch`, and waits until it answers.
fn serve_release(scratch: &std::path::Path) -> Result<(std::process::Child, u16), String> {
    crate::run(crate::cargo().args(["build", "--release", "-p", "filing-api"]))?;
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch.join("data")).map_err(|e| e.to_string())?;
    let port = free_port()?;
    let mut server = std::process::Command::new(root().join("target/release/filing-api"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(scratch.join("data"))
        .arg("--dist")
        .arg(root().join("dist"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start filing-api: {e}"))?;
    if let Err(e) = wait_for(port) {
        stop(&mut server, scratch);
        return Err(format!("filing-api: {e}"));
    }
    Ok((server, port))
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Waits (up to 20 s) until something listens on the loopback port.
fn wait_for(port: u16) -> Result<(), String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if std::time::Instant::now() > deadline {
            return Err(format!("nothing listens on port {port} after 20 s"));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Ok(())
}

fn stop(child: &mut std::process::Child, scratch: &std::path::Path) {
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(scratch);
}

/// Runs `cmd` and returns its standard output; its errors go to the terminal.
fn output_of(cmd: &mut std::process::Command) -> Result<String, String> {
    eprintln!("xtask: $ {cmd:?}");
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The widget's views and the two peer builds of the same job (../shared/peers: Vue 3 + Vant 4,
/// React 19 + react-hook-form + zod), measured in one run: `side-by-side.sh` (Lighthouse) and
/// `usable.mjs` (time to a usable form under real throttling).
fn side_by_side() -> Result<(), String> {
    let peers = root().join("../shared/peers");
    if !peers.join("side-by-side.sh").exists() {
        return Err(format!(
            "the peers are not at {} (side-by-side.sh, usable.mjs, vue-vant/, react/)",
            peers.display()
        ));
    }
    let scratch = root().join(".scratch/peers");
    let (mut server, port) = serve_release(&scratch)?;
    let mut peer_servers = vec![];
    let result = (|| -> Result<(String, String), String> {
        let chrome = setup::which("chromium").unwrap_or_default();
        let widget = |view: &str| format!("http://127.0.0.1:{port}/?view={view}");
        let lighthouse = output_of(
            std::process::Command::new("bash")
                .arg(peers.join("side-by-side.sh"))
                .args([widget("file"), widget("status"), widget("guide")])
                .current_dir(root())
                .env(
                    "LH",
                    root().join("tools/bench/node_modules/lighthouse/cli/index.js"),
                )
                .env("CHROME_PATH", &chrome)
                .env("TMPDIR", &scratch),
        )?;
        // usable.mjs needs the peers served; side-by-side.sh serves them only while it runs.
        let mut urls = vec![];
        for build in ["vue-vant", "react"] {
            let port = free_port()?;
            peer_servers.push(
                std::process::Command::new("python3")
                    .arg(peers.join("server.py"))
                    .arg("--root")
                    .arg(peers.join(build).join("dist"))
                    .args(["--port", &port.to_string()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .map_err(|e| format!("cannot serve {build}: {e}"))?,
            );
            wait_for(port)?;
            urls.push((build.to_owned(), format!("http://127.0.0.1:{port}/")));
        }
        urls.push(("widget, file view".to_owned(), widget("file")));
        let usable = output_of(
            std::process::Command::new("node")
                .arg(peers.join("usable.mjs"))
                .args(urls.iter().map(|(_, u)| u.as_str()))
                .args(["--runs", "3"])
                .current_dir(root().join("tools/bench")),
        )?;
        let mut rows =
            String::from("| build | usable form, throttled (median) | runs |\n|---|---:|---:|\n");
        for (name, url) in &urls {
            let line = usable
                .lines()
                .find(|l| l.split_whitespace().next() == Some(url.as_str()))
                .ok_or_else(|| format!("usable.mjs printed nothing for {url}"))?;
            let mut parts = line.split_whitespace().skip(1);
            let median = parts.next().unwrap_or("?");
            let runs = parts.next().unwrap_or("").trim_matches(['(', ')']);
            let seconds = median
                .parse::<f64>()
                .map(|ms| format!("{:.2} s", ms / 1000.0))
                .unwrap_or_else(|_| "never".to_owned());
            let _ = writeln!(rows, "| {name} | {seconds} | {runs} ms |");
        }
        Ok((lighthouse, rows))
    })();
    for p in &mut peer_servers {
        let _ = p.kill();
        let _ = p.wait();
    }
    stop(&mut server, &scratch);
    let (lighthouse, usable) = result?;
    let section = format!(
        "## Side by side with the peers\n\nCommand: `cargo xtask bench` (runs `../shared/peers/side-by-side.sh` \
         on the widget's three views, then `usable.mjs` with playwright-core from `tools/bench`). One run, \
         interleaved, on this machine; compare figures within this section only.\n\n\
         Lighthouse 12.2.3, mobile, simulated throttling, median of 3 after a warm-up:\n\n{lighthouse}\n\
         Time until a text input is on screen, enabled, and keeps a typed character, under real \
         throttling (150 ms RTT, 1.6 Mbps, CPU ×4), 360×740:\n\n{usable}"
    );
    println!("{section}");
    write_section("## Side by side with the peers", &section)
}

/// (performance, accessibility, best practices, FCP ms, LCP ms, TBT ms) of one report.
fn read_report(path: &std::path::Path) -> Result<[f64; 6], String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let r: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(err) = r.get("runtimeError").filter(|e| !e.is_null()) {
        return Err(format!("lighthouse: {err}"));
    }
    let score = |c: &str| r["categories"][c]["score"].as_f64().unwrap_or(f64::NAN);
    let audit = |a: &str| r["audits"][a]["numericValue"].as_f64().unwrap_or(f64::NAN);
    Ok([
        score("performance"),
        score("accessibility"),
        score("best-practices"),
        audit("first-contentful-paint"),
        audit("largest-contentful-paint"),
        audit("total-blocking-time"),
    ])
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
