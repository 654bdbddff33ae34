//! The release build of the widget and its precompressed copies.
//!
//! Trunk builds the page and its stylesheets; the WebAssembly is built here, because the status
//! and guide views are split off the main module (`src/lazy.rs`) and the splitter has to run
//! between the linker and wasm-bindgen, where Trunk's rust pipeline has no step:
//! 1. `cargo build --release --features split`, with a std of its own ([`STD`]), linked with
//!    `--emit-relocs`;
//! 2. `wasm_split_cli_support` cuts the chunks out and writes the JavaScript that loads them;
//! 3. wasm-bindgen over the main module, then wasm-opt over every module (and once more to
//!    order its functions for brotli, `order`), and short names for the main module's imports
//!    from wasm-bindgen's JavaScript (`short_imports`);
//! 4. every file is named by its content hash, the chunks' loader fetches them with their
//!    Subresource Integrity, and `index.html` gets the preloads and the start script.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::Digest as _;

use crate::{root, run, setup};

/// Extensions worth compressing; the server picks `.br` / `.gz` by Accept-Encoding.
const COMPRESSIBLE: &[&str] = &["html", "js", "mjs", "wasm", "css", "json", "svg", "txt"];

/// wasm-opt's passes for every module (what Trunk ran before the split).
const WASM_OPT: &[&str] = &[
    "-Oz",
    "--converge",
    "--gufa-optimizing",
    "-Oz",
    // A function with one caller is inlined into it only when it is small. By default wasm-opt
    // inlines every such function whatever its size, and the big functions that come of it
    // repeat one another less: the main module was 3.2% larger in brotli. A lower limit saves
    // more bytes but calls (and compiles) more functions at start; docs/benchmarks.md has both.
    "--one-caller-inline-max-function-size=60",
];

/// What the build relies on beyond the MVP (the loader probes the browser for the same).
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// Cargo's arguments and rustc's flags for the widget's own std (`-Zbuild-std`, from the
/// toolchain's `rust-src`), in which a panic is a trap and nothing more: no panic messages, no
/// source locations, no formatting machinery reachable only from them, and std's size-first
/// algorithms. The release widget aborts on a panic either way (wasm32 has no unwinding); only
/// the message in the console goes, which a test or debug build still prints. These are unstable
/// options, enabled on the stable toolchain with `RUSTC_BOOTSTRAP=1` for this one build (the
/// machine has the one toolchain, rustc 1.95); a toolchain that renames them fails this build
/// loudly. What each saves is in docs/benchmarks.md.
const STD: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "-Zbuild-std-features=optimize_for_size",
];
/// rustc's flags for that build: the std's (above), and LLVM's inliner at a threshold of 15
/// instead of `opt-level = "z"`'s 5, with which the module is smaller raw and in brotli
/// (measured 0 to 50 in docs/benchmarks.md; 10 to 20 are all better than 5, 30 and up worse).
const STD_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Cllvm-args=-inline-threshold=15";

/// The placeholder name the splitter gives the loader of the chunks; renamed by content hash.
const SPLIT_LINK: &str = "./__wasm_split.js";
/// Where the widget keeps the merchant's choice of language (`LOCALE_KEY` in src/app.rs), and
/// the language it starts in otherwise (`Locale::default`): the page reads them to fetch the
/// guide's text in that language early. `tests/e2e/tests/loading.rs` fails if they drift.
const LOCALE_KEY: &str = "filing-widget.locale";
const DEFAULT_LOCALE: &str = "zh-CN";
/// The placeholder name of wasm-bindgen's module, which the chunks' loader imports.
const MAIN_JS: &str = "./main.js";

/// The release widget in dist/: Trunk's page and styles, the split WebAssembly, `embed.mjs`,
/// and `.br` / `.gz` beside each text or wasm file.
pub fn widget() -> Result<Wasm, String> {
    let dist = root().join("dist");
    run(
        std::process::Command::new(setup::which("trunk").ok_or("trunk is not installed")?)
            .args(["build", "--release", "--offline=true"])
            .env("PATH", setup::tool_path()),
    )?;
    let wasm = wasm(&dist)?;
    start_script(&dist, &wasm)?;
    embed_entry(&dist, &wasm)?;
    precompress(&dist)?;
    Ok(wasm)
}

/// A file the build wrote into dist/: its name and Subresource Integrity.
pub struct Built {
    pub name: String,
    pub sri: String,
}

impl Built {
    fn write(dist: &Path, name: String, bytes: &[u8]) -> Result<Built, String> {
        std::fs::write(dist.join(&name), bytes).map_err(|e| format!("{name}: {e}"))?;
        Ok(Built {
            sri: integrity(bytes),
            name,
        })
    }
}

/// The WebAssembly's files in dist/.
pub struct Wasm {
    /// wasm-bindgen's JavaScript module.
    pub js: Built,
    /// The main module, and its size in bytes (for the loader's progress bar).
    pub main: Built,
    pub main_size: usize,
    /// The chunks' loader, imported by `js`.
    pub link: Built,
    /// The chunks, fetched after start, by name.
    pub chunks: Vec<String>,
}

/// Steps 1 to 4 above.
fn wasm(dist: &Path) -> Result<Wasm, String> {
    let target = root().join("target/widget-release");
    run(std::process::Command::new("cargo")
        .args([
            "build",
            "--release",
            "--target=wasm32-unknown-unknown",
            "--lib",
            "--package=filing-widget",
            "--features=split",
        ])
        .args(STD)
        .env("CARGO_TARGET_DIR", &target)
        // The splitter reads the linker's relocations to know which code refers to which.
        .env(
            "RUSTFLAGS",
            format!("-Clink-args=--emit-relocs {STD_RUSTFLAGS}"),
        )
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove("CARGO_ENCODED_RUSTFLAGS"))?;
    let linked = target.join("wasm32-unknown-unknown/release/filing_widget.wasm");
    let input = std::fs::read(&linked).map_err(|e| format!("{}: {e}", linked.display()))?;

    let work = target.join("split");
    let _ = std::fs::remove_dir_all(&work);
    let split_main = work.join("main.wasm");
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = &work;
    opts.main_out_path = &split_main;
    opts.link_name = SPLIT_LINK;
    opts.main_module = MAIN_JS;
    let split = wasm_split_cli_support::transform(opts)
        .map_err(|e| format!("splitting the WebAssembly: {e:#}"))?;

    let bindgen = work.join("bindgen");
    run(std::process::Command::new(
        setup::which("wasm-bindgen").ok_or("wasm-bindgen is not installed")?,
    )
    .arg(&split_main)
    .arg("--out-dir")
    .arg(&bindgen)
    .args([
        "--out-name=main",
        "--target=web",
        "--no-typescript",
        // The chunks import the main module's functions through the linker's exports.
        "--keep-lld-exports",
    ]))?;

    let wasm_opt = setup::which("wasm-opt").ok_or("wasm-opt is not installed")?;
    // `FILING_WASM_NAMES=1`: keep the functions' names, for a profile or twiggy (in the
    // linker's order: the order for brotli names them by rank).
    let names = std::env::var_os("FILING_WASM_NAMES").is_some();
    let optimise = |from: &Path| -> Result<Vec<u8>, String> {
        let out = from.with_extension("opt.wasm");
        run(std::process::Command::new(&wasm_opt)
            .arg(from)
            .arg("-o")
            .arg(&out)
            .args(WASM_OPT)
            .args(WASM_FEATURES)
            .args(names.then_some("-g")))?;
        let optimised = std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        if names {
            return Ok(optimised);
        }
        // The functions in the order of their types and bytes (`order`), which only moves
        // them; and without the two sections no browser reads, which the tools before this
        // one needed (`producers`, `target_features`).
        let ranked = from.with_extension("ranked.wasm");
        std::fs::write(&ranked, crate::order::ranked(&optimised)?)
            .map_err(|e| format!("{}: {e}", ranked.display()))?;
        run(std::process::Command::new(&wasm_opt)
            .arg(&ranked)
            .arg("-o")
            .arg(&out)
            .args([
                "--reorder-functions-by-name",
                "--strip-debug",
                "--strip-producers",
                "--strip-target-features",
            ])
            .args(WASM_FEATURES))?;
        std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))
    };
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));

    // The chunks first: their names go into the loader, whose name goes into the main module.
    let mut loader = read(&work.join(SPLIT_LINK.trim_start_matches("./")))?;
    let mut stems = vec![];
    for path in &split.split_modules {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let bytes = optimise(path)?;
        // split_form, split_guide, split_status, chunk_N (code some of them share):
        // split-form-<hash>.wasm, ...
        let short = stem
            .strip_prefix("split_")
            .unwrap_or(stem)
            .replace('_', "-");
        let name = hashed(&format!("split-{short}"), "wasm", &bytes);
        let chunk = Built::write(dist, name, &bytes)?;
        loader = replace_once(
            &loader,
            &format!("fetch(new URL(\"./{stem}.wasm\", import.meta.url))"),
            &format!("take(\"./{}\")", chunk.name),
        )?;
        stems.push((stem.to_owned(), chunk));
    }
    loader = early_fetches(&stems, &split.prefetch_map)? + &loader;
    let chunks = stems.into_iter().map(|(_, c)| c.name).collect();

    let main_bytes = optimise(&bindgen.join("main_bg.wasm"))?;
    let js = read(&bindgen.join("main.js"))?;
    let (main_bytes, mut js) = crate::short_imports::shorten(&main_bytes, &js)?;
    // One hash for the main module and its JavaScript: they change together.
    let mut both = main_bytes.clone();
    both.extend_from_slice(js.as_bytes());
    both.extend_from_slice(loader.as_bytes());
    let stem = format!("filing-widget-{}", hash16(&both));
    let (js_name, main_name) = (format!("{stem}.js"), format!("{stem}_bg.wasm"));
    let link_name = hashed("split-loader", "js", loader.as_bytes());
    let loader = replace_once(
        &loader,
        &format!("from \"{MAIN_JS}\""),
        &format!("from \"./{js_name}\""),
    )?;
    // wasm-bindgen imports the loader once per function the main module imports from it.
    let import = format!("from \"{SPLIT_LINK}\"");
    if !js.contains(&import) {
        return Err(format!("wasm-bindgen's module has no import {import}"));
    }
    js = js.replace(&import, &format!("from \"./{link_name}\""));
    js = replace_once(&js, "'main_bg.wasm'", &format!("'{main_name}'"))?;
    Ok(Wasm {
        main_size: main_bytes.len(),
        main: Built::write(dist, main_name, &main_bytes)?,
        js: Built::write(dist, js_name, called_on_load(&minify(&js)?).as_bytes())?,
        link: Built::write(dist, link_name, minify(&loader)?.as_bytes())?,
        chunks,
    })
}

/// What the chunks' loader starts with: every chunk's fetch (`take`, with its integrity), and
/// `prefetch(view, locale)`, which starts the downloads a view needs before the widget asks for
/// them: its chunks, and for the guide its text. A page opened at the status view or the guide
/// calls it as it starts (`static/loader.mjs`, `embed.mjs`): that code and text then download
/// beside the main module instead of after it has started, and the widget's own requests take
/// the responses already on their way (the chunks from `early`, the text from the browser's
/// preload cache).
fn early_fetches(
    stems: &[(String, Built)],
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
) -> Result<String, String> {
    let name_of = |stem: &str| {
        stems
            .iter()
            .find(|(s, _)| s == stem || s.strip_prefix("split_") == Some(stem))
            .map(|(_, c)| format!("\"./{}\"", c.name))
            .ok_or_else(|| format!("the splitter names a chunk it did not write: {stem}"))
    };
    let sri: Vec<String> = stems
        .iter()
        .map(|(_, c)| format!("\"./{}\": \"{}\"", c.name, c.sri))
        .collect();
    let mut views = vec![];
    let mut splits: Vec<_> = prefetch_map.iter().collect();
    splits.sort();
    for (split, deps) in splits {
        let names = deps
            .iter()
            .map(|d| name_of(d))
            .collect::<Result<Vec<_>, _>>()?;
        views.push(format!("{split}: [{}]", names.join(", ")));
    }
    // The languages the guide is written in: its files.
    let mut guides = vec![];
    for entry in std::fs::read_dir(root().join("static/guide")).map_err(|e| e.to_string())? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        if let Some(tag) = name.to_string_lossy().strip_suffix(".txt") {
            guides.push(format!("\"{tag}\""));
        }
    }
    guides.sort();
    Ok(format!(
        r#"const INTEGRITY = {{ {sri} }};
// Each split's chunks (a view's, or the form's later parts').
const VIEWS = {{ {views} }};
const GUIDES = [{guides}];
const early = new Map();
const taken = new Set();
const get = (name) => fetch(new URL(name, import.meta.url), {{ integrity: INTEGRITY[name] }});
function take(name) {{
  const response = early.get(name);
  early.delete(name);
  taken.add(name);
  return response ?? get(name);
}}
// The widget's language as it will start: the one asked for, the one chosen on this phone
// before (src/app.rs, LOCALE_KEY), or Chinese.
function language(asked) {{
  let saved = null;
  try {{
    saved = window.localStorage.getItem("{locale_key}");
  }} catch (_) {{}}
  return [asked, saved].find((l) => GUIDES.includes(l)) ?? "{default_locale}";
}}
export function prefetch(view, locale) {{
  for (const name of VIEWS[view] ?? []) {{
    if (!early.has(name) && !taken.has(name)) {{
      const response = get(name);
      response.catch(() => {{}});
      early.set(name, response);
    }}
  }}
  if (view === "guide") {{
    const text = document.createElement("link");
    text.rel = "preload";
    text.as = "fetch";
    text.crossOrigin = "";
    text.href = new URL(`guide/${{language(locale)}}.txt`, import.meta.url).href;
    document.head.append(text);
  }}
}}
"#,
        sri = sri.join(", "),
        views = views.join(", "),
        guides = guides.join(", "),
        locale_key = LOCALE_KEY,
        default_locale = DEFAULT_LOCALE,
    ))
}

/// V8's explicit compile hint: the module's functions are compiled with it, on a background
/// thread while it streams in, instead of each on the main thread at its first call (wasm-bindgen's
/// glue: a call from the WebAssembly to the page at start-up compiles its function there).
/// The magic comment must be the module's first line; other engines read a comment.
fn called_on_load(module: &str) -> String {
    format!("//# allFunctionsCalledOnLoad\n{module}")
}

/// An ES module minified by esbuild (pinned in `tools/`): what Trunk did for its own output.
fn minify(module: &str) -> Result<String, String> {
    use std::process::Stdio;
    let esbuild = setup::which("esbuild").ok_or("esbuild is not installed")?;
    let mut child = std::process::Command::new(esbuild)
        .args([
            "--minify",
            "--format=esm",
            "--loader=js",
            "--log-level=warning",
            // wasm-bindgen names the chunks' loader once per import: the same module, harmless.
            "--log-override:duplicate-object-key=silent",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run esbuild: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("esbuild's stdin")?
        .write_all(module.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err("esbuild could not minify a generated module".to_owned());
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected {from} once in generated JavaScript, found it {n} times"
        )),
    }
}

/// `stem-<16 hex digits of SHA-256>.ext`, the form the server caches for a year.
fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}.{ext}", hash16(bytes))
}

fn hash16(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Subresource Integrity of a file: `sha384-<base64>`.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Puts the preloads and the start script into dist/index.html: the page's loader
/// (`static/loader.mjs`, renamed by hash) checks the browser, fetches the main module with
/// progress and its integrity, and starts it.
fn start_script(dist: &Path, wasm: &Wasm) -> Result<(), String> {
    let source =
        std::fs::read_to_string(root().join("static/loader.mjs")).map_err(|e| e.to_string())?;
    let source = minify(&source)?;
    let loader = Built::write(
        dist,
        hashed("loader", "mjs", source.as_bytes()),
        source.as_bytes(),
    )?;
    let head = format!(
        concat!(
            r#"<link rel="modulepreload" href="./{js}" integrity="{js_sri}">"#,
            r#"<link rel="modulepreload" href="./{link}" integrity="{link_sri}">"#,
            r#"<link rel="modulepreload" href="./{loader}" integrity="{loader_sri}">"#,
            r#"<link rel="preload" href="./{main}" as="fetch" type="application/wasm" crossorigin integrity="{main_sri}">"#,
            r#"<script type="module">import init from "./{js}";import {{ prefetch }} from "./{link}";import {{ start }} from "./{loader}";"#,
            r#"start(init, new URL("./{main}", import.meta.url), {size}, "{main_sri}", prefetch);</script>"#,
        ),
        js = wasm.js.name,
        js_sri = wasm.js.sri,
        link = wasm.link.name,
        link_sri = wasm.link.sri,
        loader = loader.name,
        loader_sri = loader.sri,
        main = wasm.main.name,
        main_sri = wasm.main.sri,
        size = wasm.main_size,
    );
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
    let html = replace_once(&html, "</head>", &format!("{head}</head>"))?;
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

const MJS: &str = "mjs";

/// Writes `dist/embed.mjs`, the stable entry point of mount mode. Trunk names its outputs by
/// content hash (cached forever); a host cannot know those names, so this small module, served
/// with a short cache, imports them by name, adds the widget's stylesheet to the host page and
/// exports `mount(element, config)`.
fn embed_entry(dist: &Path, built: &Wasm) -> Result<(), String> {
    let css = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("widget-") && n.ends_with(".css"))
        .ok_or("dist/ has no widget-*.css")?;
    let (js, wasm, wasm_sri) = (&built.js.name, &built.main.name, &built.main.sri);
    let link = &built.link.name;
    let module = format!(
        r#"// Generated by `cargo xtask` after the Trunk build (xtask/src/build.rs): the stable entry
// point of mount mode. Usage: import {{ mount }} from "<widget origin>/embed.mjs";
//   await mount(document.getElementById("box"), {{ apiBase, token, tokenProvider, locale, theme }});
import init, {{ mount as mountWidget }} from "./{js}";
import {{ prefetch }} from "./{link}";

const base = new URL("./", import.meta.url);
let loading;

function load() {{
  if (!loading) {{
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("{css}", base).href;
    document.head.append(css);
    loading = init({{ module_or_path: fetch(new URL("./{wasm}", base), {{ integrity: "{wasm_sri}" }}) }});
    // The page's first use of its storage loads all of it, synchronously: here it costs the
    // download's wait, not the widget's first render (as in the standalone page's loader).
    try {{
      window.localStorage.length;
    }} catch (_) {{}}
  }}
  return loading;
}}

export function supported() {{
  return typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";
}}

export async function mount(element, config = {{}}) {{
  if (!supported()) {{
    element.textContent =
      "此浏览器无法运行终端报备助手，请换用手机自带浏览器或更新微信。This browser cannot run the filing assistant.";
    throw new Error("filing-widget: WebAssembly is not available");
  }}
  // A widget opened at the status view or the guide needs that view's code too: it downloads
  // beside the main module rather than after it.
  if (config && typeof config.view === "string") prefetch(config.view, config.locale);
  await load();
  return mountWidget(element, {{ assetBase: base.href, ...config }});
}}
"#
    );
    std::fs::write(dist.join(format!("embed.{MJS}")), module).map_err(|e| e.to_string())
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

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// V8 reads the hint only at the very top of the file.
    #[test]
    fn the_compile_hint_is_the_modules_first_line() {
        let hinted = called_on_load("import*as k from\"./a.js\";export{k};");
        assert_eq!(hinted.lines().next(), Some("//# allFunctionsCalledOnLoad"));
        assert!(hinted.ends_with("export{k};"));
    }
}
