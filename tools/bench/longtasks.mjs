// Start-up long tasks of one page under real throttling (the same as ../../../shared/peers/usable.mjs:
// 150 ms RTT, 1.6 Mbps down, CPU 4x slower, 360x740): every main-thread task over 50 ms in the
// first 8 seconds, with its start and duration, and when each resource was fetched.
// Usage, from tools/bench: node longtasks.mjs URL [--runs N]
import { createRequire } from 'node:module';
const { chromium } = createRequire(process.cwd() + '/')('playwright-core');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? +args.splice(args.indexOf('--runs'), 2)[1] : 3;
const url = args[0];
for (let i = 0; i < runs; i++) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`);
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(url);
  await page.waitForTimeout(8000);
  const tasks = await page.evaluate(() => window.__longTasks);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => `${e.name.split('/').pop().split('?')[0]} ${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`));
  console.log(`run ${i + 1}: long tasks (start+ms) ${tasks.join(', ') || 'none'}`);
  console.log(`  fetched: ${fetched.join(', ')}`);
  await browser.close();
}
