import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { MESSAGES } from '../../../src/api/wire.ts';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts';
import { launchBrowser } from '../../helpers/browser.ts';

const OFFICIAL_SPEC = path.resolve('../shared/spec/portone-v1.openapi.json');
const METHODS = ['get', 'post', 'put', 'delete'] as const;

/** `/payments/{imp_uid}` and `/payments/:imp_uid` both become `/payments/{}`. */
const shape = (p: string) => p.replace(/\{[^}]+\}|:[^/]+/g, '{}').replace(/\/$/, '');

describe('API description at /docs', () => {
  let gw: TestGateway;
  before(async () => (gw = await startTestGateway('pglite')));
  after(async () => gw.close());

  it('is OpenAPI 3 JSON listing every V1 operation the gateway answers, marking which need a token', async () => {
    const res = await fetch(`${gw.url}/docs/json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as any;
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/users/getToken']?.post, '/users/getToken is not described');
    assert.equal(doc.paths['/users/getToken'].post.security, undefined);
    assert.ok(doc.paths['/users/pg']?.get.security.some((s: object) => 'accessToken' in s));
    assert.ok(doc.paths['/healthz']?.get, 'operations routes are described under their own tag');
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/docs')), 'the docs page describes itself');
    assert.deepEqual(Object.keys(doc.paths).filter((p) => /[?:]/.test(p)), [], 'paths must be OpenAPI templates');

    // Every operation of the official V1 spec that this gateway answers (anything but the "no such API" 404) must be
    // described, so the list keeps up as routes are added.
    const described = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) described.add(`${method} ${shape(p)}`);
    }
    const spec = JSON.parse(fs.readFileSync(OFFICIAL_SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const answered: string[] = [];
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const method of METHODS) {
        if (!item[method]) continue;
        const url = p.replace(/\{[^}]+\}/g, 'x1');
        const probe = await gw.app.inject({ method: method.toUpperCase() as 'GET', url });
        const unknown = probe.statusCode === 404 && probe.json().message === MESSAGES.notFound;
        if (unknown) continue;
        answered.push(`${method} ${p}`);
        assert.ok(described.has(`${method} ${shape(p)}`), `${method.toUpperCase()} ${p} is answered but not described`);
      }
    }
    assert.ok(answered.includes('post /users/getToken') && answered.includes('get /users/pg'), answered.join(', '));
  });

  it('renders as a page in a browser from the gateway alone, nothing from another host', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(gw.url) && !request.url().startsWith('data:')) foreign.push(request.url());
      });
      const res = await page.goto(`${gw.url}/docs`);
      assert.equal(res?.status(), 200);
      await page.locator('.opblock-summary-path', { hasText: '/users/getToken' }).first().waitFor({ timeout: 15_000 });
      assert.ok(await page.locator('.opblock-summary-path', { hasText: '/users/pg' }).count() > 0);
      assert.deepEqual(foreign, []);
    } finally {
      await browser?.close();
    }
  });
});
