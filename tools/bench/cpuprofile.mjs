// Where the start-up's main-thread time goes, by function: a CPU profile (the DevTools Protocol's
// sampling profiler, every 50 µs, unthrottled) of one page load, cut into runs of busy samples
// (a task, or tasks back to back), each over 3 ms listed with its functions' self and inclusive
// time. For the WebAssembly's own names, build with FILING_WASM_NAMES=1 cargo xtask build.
// Sampling costs time of its own: compare runs of the same script, not with starttasks.mjs.
// Usage, from tools/bench: node cpuprofile.mjs URL [--top N] [--match TEXT]
// (--match lists only the functions whose name contains TEXT.)
import { createRequire } from 'node:module';
const { chromium } = createRequire(process.cwd() + '/')('playwright-core');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : dflt);
const top = +opt('--top', 15), match = opt('--match', ''), url = args[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.goto(url);
await page.waitForTimeout(2500);
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const name = (n) => n.callFrame.functionName || '(anonymous)';
const idle = (n) => ['(idle)', '(program)'].includes(n.callFrame.functionName);
const runs = [];
let run = null, t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  const dt = profile.timeDeltas[i + 1] ?? 50;
  const node = byId.get(id);
  if (idle(node)) return void (run = null);
  if (!run) runs.push((run = { start: t, busy: 0, self: new Map(), incl: new Map() }));
  run.busy += dt;
  run.self.set(name(node), (run.self.get(name(node)) || 0) + dt);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const n = name(byId.get(x));
    if (!seen.has(n)) seen.add(n), run.incl.set(n, (run.incl.get(n) || 0) + dt);
  }
});
const ms = (us) => (us / 1000).toFixed(2);
const list = (m) => [...m].filter(([k]) => k.includes(match)).sort((a, b) => b[1] - a[1]).slice(0, top)
  .map(([k, v]) => `    ${ms(v)} ${k}`).join('\n');
for (const r of runs.filter((r) => r.busy > 3000)) {
  console.log(`${((r.start - profile.startTime) / 1000).toFixed(0)} ms: ${ms(r.busy)} ms busy\n  self:\n${list(r.self)}\n  inclusive:\n${list(r.incl)}`);
}
