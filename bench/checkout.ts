// `npx tsx bench/checkout.ts`: time from IMP.request_pay to its callback in headless Chromium, the window completed
// by the driver as soon as its pay button is there (card.direct, so no company to choose), card payments one after
// another; and the size of iamport.js.
//
// Each run is split at the moment the PG's pay button becomes clickable: "open" (request_pay → gateway start →
// hosted window → Toss SDK → window page) and "finish" (click → Toss authentication → successUrl → confirm_url-less
// confirm at the emulator → callback). Times are taken inside the merchant page with performance.now().
//
// Env: BENCH_RUNS (40), BENCH_STORE (postgres | pglite, default postgres).
import os from 'node:os';
import zlib from 'node:zlib';
import { launchBrowser } from '../test/helpers/browser.ts';
import { guideOrder, openShop, startCheckoutBed, tossWindow } from '../test/checkout/harness.ts';

const RUNS = Number(process.env.BENCH_RUNS || 40);
const STORE = process.env.BENCH_STORE === 'pglite' ? 'pglite' : 'postgres';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const bed = await startCheckoutBed(STORE);
const browser = await launchBrowser();
try {
  const script = await (await fetch(`${bed.url}/v1/iamport.js`)).text();
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  await openShop(page, bed);
  const totals: number[] = [];
  const opens: number[] = [];
  const finishes: number[] = [];
  for (let i = -3; i < RUNS; i++) {
    await page.evaluate((order) => {
      const w = window as any;
      w.__done = null;
      w.__started = performance.now();
      w.IMP.request_pay(order, (rsp: unknown) => {
        w.__done = { rsp, at: performance.now() };
      });
    }, guideOrder({ amount: 15000, card: { direct: { code: '366', quota: 0 } } }));
    const pay = tossWindow(page).getByTestId('pay-button');
    await pay.waitFor();
    const opened = await page.evaluate(() => performance.now() - (window as any).__started);
    await pay.click();
    await page.waitForFunction(() => (window as any).__done !== null);
    const done = await page.evaluate(() => (window as any).__done as { rsp: { error_code?: string }; at: number });
    if (done.rsp.error_code) throw new Error(`payment failed: ${JSON.stringify(done.rsp)}`);
    const total = await page.evaluate((at) => at - (window as any).__started, done.at);
    if (i < 0) continue; // warm-up: bundles built, pools and caches filled
    totals.push(total);
    opens.push(opened);
    finishes.push(total - opened);
  }
  const row = (name: string, v: number[]) =>
    `| ${name} | ${percentile(v, 50).toFixed(0)} | ${percentile(v, 95).toFixed(0)} | ${Math.max(...v).toFixed(0)} |`;
  console.log(`checkout bench: ${RUNS} card payments, store ${STORE}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
  console.log('| span | p50 ms | p95 ms | max ms |\n|---|---|---|---|');
  console.log(row('request_pay → callback', totals));
  console.log(row('request_pay → pay button clickable', opens));
  console.log(row('click → callback', finishes));
  console.log(`iamport.js: ${script.length} bytes, ${zlib.gzipSync(script).length} bytes gzipped`);
} finally {
  await browser.close();
  await bed.close();
}
