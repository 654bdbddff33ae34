//! The release build of the widget and its precompressed copies.

use std::io::Write;
use std::path::Path;

use crate::{root, run, setup};

/// Extensions worth compressing; the server picks `.br` / `.gz` by Accept-Encoding.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "json", "svg"];

/// `trunk build --release` into dist/, then write `.br` and `.gz` next to each text/wasm file.
pub fn widget() -> Result<(), String> {
    run(
        std::process::Command::new(setup::which("trunk").ok_or("trunk is not installed")?)
            .args(["build", "--release", "--offline=true"])
            .env("PATH", setup::tool_path()),
    )?;
    precompress(&root().join("dist"))
}

fn precompress(dist: &Path) -> Result<(), String> {
    for file in files(dist)? {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let raw = std::fs::read(&file).map_err(|e| e.to_string())?;
        std::fs::write(with_suffix(&file, "br"), brotli(&raw)).map_err(|e| e.to_string())?;
        std::fs::write(with_suffix(&file, "gz"), gzip(&raw)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut out = vec![];
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn brotli(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).expect("compressing into memory");
    out
}

pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::best());
    enc.write_all(raw).expect("compressing into memory");
    enc.finish().expect("compressing into memory")
}
