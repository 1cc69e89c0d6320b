import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts';

/** The value of one sample line of a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([k, v]) => found[k] === v)) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describeEachStore('GET /healthz', (kind) => {
  it('answers 200 with the store kind while the database answers, without a token', async () => {
    const gw = await startTestGateway(kind);
    try {
      const res = await fetch(`${gw.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', store: kind });
    } finally {
      await gw.close();
    }
  });

  it('answers 503 once the database is gone', async () => {
    const gw = await startTestGateway(kind);
    try {
      await gw.ctx.rootDb.destroy();
      const res = await fetch(`${gw.url}/healthz`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { status: 'unavailable', store: kind });
    } finally {
      await gw.close();
    }
  });
});

describeEachStore('GET /metrics', (kind) => {
  let gw: TestGateway;
  let other: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
    other = await startTestGateway(kind);
  });
  after(async () => {
    await gw.close();
    await other.close();
  });

  it('counts requests per route pattern, method and status, never per raw URL', async () => {
    const token = await gw.token();
    for (let i = 0; i < 3; i++) await (await fetch(`${gw.url}/users/pg`, { headers: { authorization: token } })).arrayBuffer();
    await (await fetch(`${gw.url}/users/pg?_token=${'b'.repeat(40)}`)).arrayBuffer();
    await (await fetch(`${gw.url}/docs/static/swagger-ui.css?v=1`)).arrayBuffer();
    await (await fetch(`${gw.url}/payments/imp_987654321098?x=1`, { headers: { authorization: token } })).arrayBuffer();
    await (await fetch(`${gw.url}/no/such/api/imp_987654321099`)).arrayBuffer();

    const res = await fetch(`${gw.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();

    const requests = 'tollgate_http_requests_total';
    assert.equal(sample(text, requests, { method: 'GET', route: '/users/pg', status: '200' }), 3);
    assert.equal(sample(text, requests, { method: 'GET', route: '/users/pg', status: '401' }), 1);
    assert.equal(sample(text, requests, { method: 'POST', route: '/users/getToken', status: '200' }), 1);
    assert.equal(sample(text, requests, { method: 'GET', route: '/docs/static/*', status: '200' }), 1);
    assert.equal(sample(text, requests, { method: 'GET', route: '(unmatched)', status: '404' }), 1);
    assert.equal(
      sample(text, 'tollgate_http_request_duration_seconds_count', { method: 'GET', route: '/users/pg', status: '200' }),
      3,
    );
    assert.equal(
      sample(text, 'tollgate_http_request_duration_seconds_bucket', { le: '+Inf', method: 'GET', route: '/users/pg', status: '200' }),
      3,
    );
    assert.ok(!/imp_98765432109[89]/.test(text), 'a raw path became a label');
    assert.ok(!text.includes('_token'), 'a query string became a label');
    assert.ok(!text.includes(token), 'a token reached the metrics');
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
  });

  it('keeps each app its own counts when several run in one process', async () => {
    const text = await (await fetch(`${other.url}/metrics`)).text();
    assert.equal(sample(text, 'tollgate_http_requests_total', { method: 'GET', route: '/users/pg', status: '200' }), undefined);
    assert.match(text, /^# TYPE tollgate_http_requests_total counter$/m);
  });
});
