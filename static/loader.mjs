// Trunk initializer of the standalone page: checks that this browser can run the widget before
// the WebAssembly is instantiated, shows download progress on the skeleton, and replaces the
// skeleton with a readable fallback (the guide's main points) when it cannot run or fails to load.
// An external module, so the page's Content-Security-Policy needs no inline script for it.

// The smallest valid module using the features the build relies on beyond the MVP
// (sign extension, bulk memory, non-trapping float-to-int, multi-value, reference types).
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, // magic, version 1
  1, 6, 1, 96, 0, 2, 127, 127, // types: () -> (i32, i32), multi-value
  3, 2, 1, 0, // one function of that type
  5, 3, 1, 0, 1, // one memory of one page
  10, 27, 1, 25, 0, // code: one body, no locals
  65, 0, 192, // i32.const 0, i32.extend8_s: sign extension
  65, 0, 65, 0, 65, 0, 252, 11, 0, // memory.fill: bulk memory
  67, 0, 0, 0, 0, 252, 0, // f32.const 0, i32.trunc_sat_f32_s: non-trapping float-to-int
  208, 111, 209, 26, // ref.null extern, ref.is_null, drop: reference types
  11, // end
]);

export function supported() {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(PROBE);
  } catch (_) {
    return false;
  }
}

// The fallback is a static file, fetched only when needed, so it costs the first load nothing.
// If even that fails (offline), a short built-in sentence says what to do.
async function fallback(why) {
  const root = document.getElementById("filing-widget");
  if (!root) return;
  root.removeAttribute("aria-busy");
  root.dataset.fallback = why;
  let html;
  if (why === "unsupported") {
    try {
      const res = await fetch(new URL("fallback.html", import.meta.url));
      if (res.ok) html = await res.text();
    } catch (_) {}
  }
  if (html) {
    root.innerHTML = html;
    return;
  }
  const main = document.createElement("main");
  main.className = "fw-fallback";
  main.textContent =
    why === "unsupported"
      ? "此浏览器无法运行终端报备助手，请换用手机自带浏览器或更新微信后重试。This browser cannot run the filing assistant; open this page in the phone's own browser."
      : "终端报备助手加载失败，请检查网络后刷新本页。The filing assistant did not load; check the network and reload this page.";
  root.replaceChildren(main);
}

// Content-Security-Policy violations on this page are kept where a test (or a curious
// engineer, from the console) can read them: window.filingWidgetCspViolations.
const violations = (window.filingWidgetCspViolations = []);
document.addEventListener("securitypolicyviolation", (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

// The first use of localStorage on a page loads the whole storage area, synchronously (in
// Chromium a blocking call to the browser process: 1-15 ms in this machine's CPU profiles). The
// widget reads it as it first renders (the saved language, the draft); used here, it costs the
// wait for the download instead of a start-up task. Storage can be refused (private mode): then nothing.
function warmStorage() {
  try {
    window.localStorage.length;
  } catch (_) {}
}

// Started by the page's one inline script (written by `cargo xtask build`): fetches the main
// module, with its integrity and with progress on the skeleton, and starts it with `init`
// (wasm-bindgen's). The status and guide views are separate chunks (and the guide's text a
// file): a page opened at one of them starts their download now, beside the main module
// (`prefetch`, the chunks' loader's), which is sooner than once the main module has arrived and
// started (docs/benchmarks.md); otherwise the widget fetches them once it is idle.
export async function start(init, wasmUrl, size, integrity, prefetch) {
  if (!supported()) {
    fallback("unsupported");
    return;
  }
  const params = new URLSearchParams(location.search);
  if (params.has("view")) prefetch(params.get("view"), params.get("locale"));
  const bar = document.getElementById("fw-boot-progress");
  try {
    const pending = fetch(wasmUrl, { integrity });
    warmStorage();
    const response = await pending;
    if (!response.ok) throw new Error(`filing-widget: ${response.status} for ${wasmUrl}`);
    let current = 0;
    const reader = response.body.getReader();
    const counted = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          if (bar) bar.value = 100;
          controller.close();
          return;
        }
        current += value.byteLength;
        if (bar && size > 0) bar.value = Math.min(100, Math.round((current * 100) / size));
        controller.enqueue(value);
      },
    });
    const wasm = new Response(counted, { headers: response.headers, status: response.status });
    await init({ module_or_path: wasm });
  } catch (error) {
    console.error(error);
    fallback("failed");
  }
}
