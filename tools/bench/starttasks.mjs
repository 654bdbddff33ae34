// Start-up main-thread tasks of one page, from a Chromium trace: every task of at least MIN ms
// (default 5) in the first 6 seconds, with how much of it was V8 compiling WebAssembly functions
// on their first call (wasm.CompileLazy: V8 compiles a module's functions lazily, on the thread
// that first calls them). Same viewport as usable.mjs; CPU slowdown RATE (default 1: the
// unthrottled run Lighthouse's simulation scales by 4). For names in DevTools, build with
// FILING_WASM_NAMES=1 cargo xtask build.
// Usage, from tools/bench: node starttasks.mjs URL [--rate 4] [--min 5]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const { chromium } = createRequire(process.cwd() + '/')('playwright-core');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? +args.splice(args.indexOf(name), 2)[1] : dflt);
const rate = opt('--rate', 1), min = opt('--min', 5), url = args[0];
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'starttasks-')), 'trace.json');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate });
await browser.startTracing(page, { path: out, categories: ['devtools.timeline', 'v8.wasm', 'toplevel', 'blink.user_timing'] });
await page.goto(url);
await page.waitForTimeout(6000);
await browser.stopTracing();
await browser.close();
const events = JSON.parse(fs.readFileSync(out, 'utf8')).traceEvents;
fs.rmSync(path.dirname(out), { recursive: true });
const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const mine = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
const start = Math.min(...events.filter((e) => e.name === 'navigationStart').map((e) => e.ts));
const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur >= min * 1000);
const lazy = mine.filter((e) => e.name === 'wasm.CompileLazy');
for (const t of tasks) {
  const inside = lazy.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur);
  const compiling = inside.reduce((sum, e) => sum + e.dur, 0);
  console.log(`${Math.round((t.ts - start) / 1000)} ms: task of ${(t.dur / 1000).toFixed(1)} ms` +
    (inside.length ? `, ${(compiling / 1000).toFixed(1)} ms of it compiling ${inside.length} functions` : ''));
}
