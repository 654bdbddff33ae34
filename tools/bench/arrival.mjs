// Where the time to a usable form goes: until the code arrives, and after. Same throttling and
// the same "usable" test as ../../../shared/peers/usable.mjs (150 ms RTT, 1.6 Mbps down, CPU 4x
// slower, 360x740; a text input on screen, enabled, keeping a typed character), measured in the
// page (performance.now()): the document's end, the end of the last script or WebAssembly module
// fetched before the form was usable, the time after it, and those files' bytes on the wire.
// Several URLs are interleaved run by run, so they share the machine's state.
// Usage, from tools/bench: node arrival.mjs URL... [--runs N]
import { createRequire } from 'node:module';
const { chromium } = createRequire(process.cwd() + '/')('playwright-core');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? +args.splice(args.indexOf('--runs'), 2)[1] : 3;
for (let r = 0; r < runs; r++) {
  for (const url of args) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'commit' });
    let usable = null;
    for (let i = 0; i < 1200 && usable === null; i++) {
      usable = await page.evaluate(() => {
        const el = [...document.querySelectorAll('input:not([type]), input[type=text], input[type=tel]')].find((e) => !e.disabled && !e.readOnly && e.offsetParent);
        if (!el) return null;
        el.focus(); el.value = ''; el.dispatchEvent(new Event('focus'));
        document.execCommand('insertText', false, '7');
        const ok = el.value.includes('7') && document.activeElement === el && !document.querySelector('[aria-busy=true]');
        return ok ? performance.now() : null;
      }).catch(() => null);
      if (usable === null) await page.waitForTimeout(25);
    }
    const at = await page.evaluate((usable) => {
      const doc = performance.getEntriesByType('navigation')[0].responseEnd;
      const code = performance.getEntriesByType('resource')
        .filter((e) => /\.(m?js|wasm)$/.test(new URL(e.name).pathname) && e.responseEnd <= usable);
      return { doc, code: Math.max(...code.map((e) => e.responseEnd)), bytes: code.reduce((s, e) => s + e.transferSize, 0) };
    }, usable ?? 1e9);
    const ms = (x) => (x === null ? 'null' : x.toFixed(0));
    console.log(`${url} usable ${ms(usable)} ms: document ${ms(at.doc)}, code arrived ${ms(at.code)}, after it ${usable === null ? 'null' : ms(usable - at.code)} ms; code ${at.bytes} bytes transferred`);
    await browser.close();
  }
}
