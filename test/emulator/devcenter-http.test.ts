// The developer center over plain HTTP: every value a merchant, a buyer or a webhook receiver supplied comes out
// escaped, pages carry a strict CSP and no inline script, `/` leads there, and the control API refuses writes a
// browser sends from another site (or without the page's header) while Node clients keep working unchanged.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { request } from 'undici';
import { describeEachStore } from '../helpers/stores.ts';
import { call, control, orderId, startEmulator, type Emulator } from './harness.ts';

const XSS_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const XSS_URL = 'http://127.0.0.1:9/hook?"><script>alert(3)</script>';

async function page(emu: Emulator, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${emu.url}${path}`, { headers });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

/** No markup from the injected strings survived: only their escaped text is on the page. */
function assertInert(body: string): void {
  assert.doesNotMatch(body, /<script>alert/);
  assert.doesNotMatch(body, /<img src=x/);
  assert.doesNotMatch(body, /href="javascript:/i);
  // The page's only script is the external one.
  assert.deepEqual(body.match(/<script[^>]*>/g), ['<script src="/_emulator/devcenter/assets/devcenter.js" defer>']);
}

describeEachStore('emulator developer center over HTTP', (kind) => {
  let emu: Emulator;
  let receiver: http.Server;
  let receiverUrl: string;
  before(async () => {
    emu = await startEmulator(kind);
    // A webhook endpoint that refuses with markup in its answer, which the delivery log shows.
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(503, { 'content-type': 'text/html' }).end('<script>alert(4)</script> busy'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/toss`;
  });
  after(async () => {
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await emu?.close();
  });

  it('leads from / to the developer center, with a strict CSP and the script and stylesheet served by itself', async () => {
    const root = await request(`${emu.url}/`);
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/_emulator/devcenter');
    await root.body.dump();
    const res = await page(emu, '/_emulator/devcenter');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(res.body, /\sstyle="/);
    const script = await page(emu, '/_emulator/devcenter/assets/devcenter.js');
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.match(script.body, /x-emulator-console/);
    const css = await page(emu, '/_emulator/devcenter/assets/devcenter.css');
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.equal((await page(emu, '/_emulator/devcenter/assets/other.js')).status, 404);
  });

  it('escapes a merchant name and webhook URL built to inject markup', async () => {
    const created = await control(emu, 'POST', '/merchants', { mid: 'xss01', name: XSS_NAME, webhookUrl: XSS_URL });
    assert.equal(created.status, 201);
    const list = await page(emu, '/_emulator/devcenter');
    assertInert(list.body);
    assert.ok(list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    const detail = await page(emu, '/_emulator/devcenter/merchants/xss01');
    assert.equal(detail.status, 200);
    assertInert(detail.body);
    // The URL is an input's value, never a link.
    assert.ok(detail.body.includes('value="http://127.0.0.1:9/hook?&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"'));
    const missing = await page(emu, `/_emulator/devcenter/merchants/${encodeURIComponent('<b>nobody</b>')}`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.body, /<b>nobody/);
  });

  it('escapes order names, fault messages and what a webhook receiver answered', async () => {
    await control(emu, 'PATCH', `/merchants/${emu.merchant.mid}`, { webhookUrl: receiverUrl });
    const issued = await call(emu, 'POST', '/v1/virtual-accounts', {
      amount: 15_000, orderId: orderId('xss'), orderName: '<img src=x onerror=alert(5)>', customerName: '<script>alert(6)</script>', bank: '88',
    });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    await control(emu, 'POST', '/work');
    const detail = await page(emu, `/_emulator/devcenter/merchants/${emu.merchant.mid}`);
    assertInert(detail.body);
    assert.ok(detail.body.includes('&lt;img src=x onerror=alert(5)&gt;'));
    assert.match(detail.body, /data-testid="waiting-account" data-payment-key="[^"]+"/);
    // The receiver's answer is kept with the attempt and shown as text.
    assert.ok(detail.body.includes('&lt;script&gt;alert(4)&lt;/script&gt; busy'));
    const log = await control(emu, 'GET', `/webhooks?paymentKey=${issued.body.paymentKey}`);
    assert.equal(log.body[0].log[0].httpStatus, 503);
    assert.equal(log.body[0].log[0].response, '<script>alert(4)</script> busy');

    const fault = await control(emu, 'PUT', '/faults', {
      endpoint: 'POST /v1/payments/confirm', errorRate: 1, errorCode: 'NOT_A_CODE', errorMessage: '<script>alert(7)</script>',
    });
    assert.equal(fault.status, 200);
    const faults = await page(emu, `/_emulator/devcenter/faults?endpoint=${encodeURIComponent('"><script>alert(8)</script>')}`);
    assertInert(faults.body);
    assert.ok(faults.body.includes('errorMessage=&lt;script&gt;alert(7)&lt;/script&gt;'));
    const payments = await page(emu, '/_emulator/devcenter/payments');
    assertInert(payments.body);
    await control(emu, 'DELETE', '/faults');
  });

  it('speaks English on request and remembers it', async () => {
    const en = await page(emu, '/_emulator/devcenter?lang=en');
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /Developer center/);
    assert.match(String(en.headers['set-cookie']), /emulator_lang=en; Path=\/_emulator\/devcenter/);
    assert.match((await page(emu, '/_emulator/devcenter', { cookie: 'emulator_lang=en' })).body, /New merchant/);
    assert.match((await page(emu, '/_emulator/devcenter', { 'accept-language': 'en-US,en;q=0.9' })).body, /New merchant/);
    assert.match((await page(emu, '/_emulator/devcenter')).body, /새 상점 만들기/);
  });

  it('refuses control writes a browser sends from another site or without the page\'s header', async () => {
    const host = new URL(emu.url).host;
    const attempts: [Record<string, string>, RegExp][] = [
      [{ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, /cross-site/],
      [{ origin: 'http://localhost:1', 'sec-fetch-site': 'same-site' }, /same-site/],
      // An old browser without Sec-Fetch-Site still sends Origin on a cross-origin write.
      [{ origin: 'http://evil.example' }, /another origin/],
      [{ origin: 'null' }, /another origin/],
      // Same origin, but not the developer center's script (e.g. a form on a page injected into the emulator).
      [{ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, /x-emulator-console/],
      [{ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'x-emulator-console': '1' }, /cross-site/],
    ];
    for (const [headers, reason] of attempts) {
      const res = await call({ url: emu.url, merchant: { secretKey: 'none' } }, 'POST', '/_emulator/merchants', { mid: 'evil01' }, headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.body.code, 'FORBIDDEN_CROSS_SITE_REQUEST');
      assert.match(res.body.message, reason);
    }
    // A text/plain form post (no preflight) is refused before its body is read.
    const form = await request(`${emu.url}/_emulator/reset`, {
      method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, body: '{"merchants":true}',
    });
    assert.equal(form.statusCode, 403);
    await form.body.dump();
    assert.equal((await control(emu, 'GET', '/merchants')).body.some((m: any) => m.mid === 'evil01'), false);
    assert.ok((await control(emu, 'GET', '/merchants')).body.length >= 2, 'nothing was reset');

    // The developer center's own request, and a Node client without any browser marks, go through.
    const own = await call({ url: emu.url, merchant: { secretKey: 'none' } }, 'POST', '/_emulator/merchants', { mid: 'own01' }, {
      origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'x-emulator-console': '1',
    });
    assert.equal(own.status, 201);
    assert.equal((await control(emu, 'POST', '/merchants', { mid: 'node01' })).status, 201);
    // Reads are not affected: a cross-site read gets no CORS header, so the browser hides the answer anyway.
    const read = await call({ url: emu.url, merchant: { secretKey: 'none' } }, 'GET', '/_emulator/faults', undefined, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(read.status, 200);
    assert.equal(read.headers['access-control-allow-origin'], undefined);
  });

  it('refuses browser writes addressed to a host name that is not the emulator\'s (DNS rebinding)', async () => {
    const port = new URL(emu.url).port;
    // A page on rebind.example whose name now resolves to the emulator: to the browser it is same-origin, so its
    // script may send the page's header, and Origin and Host name the same (foreign) host.
    const rebound = `rebind.example:${port}`;
    const res = await call({ url: emu.url, merchant: { secretKey: 'none' } }, 'POST', '/_emulator/merchants', { mid: 'rebind01' }, {
      host: rebound, origin: `http://${rebound}`, 'sec-fetch-site': 'same-origin', 'x-emulator-console': '1',
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'FORBIDDEN_CROSS_SITE_REQUEST');
    assert.equal((await control(emu, 'GET', '/merchants')).body.some((m: any) => m.mid === 'rebind01'), false);

    // The developer center opened at its public address, at localhost or at an IP address still works.
    for (const [mid, host] of [['public01', 'emulator.test'], ['local01', `localhost:${port}`], ['ip01', `127.0.0.1:${port}`]]) {
      const own = await call({ url: emu.url, merchant: { secretKey: 'none' } }, 'POST', '/_emulator/merchants', { mid }, {
        host: host!, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'x-emulator-console': '1',
      });
      assert.equal(own.status, 201, host);
    }
  });
});
