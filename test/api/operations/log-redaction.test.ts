import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createLogger } from '../../../src/lib/logger.ts';
import { describeEachStore } from '../../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts';

const CARD_NUMBER = '4330123412341234';
const CARD_PASSWORD = '42';
const BIRTH = '880101';
const BILLING_KEY = 'Z_tollgate_billing_key_4N9Wm2kx7QpR';
const TOSS_SECRET_KEY = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';

/** Every line the gateway logs, at every level, parsed. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('trace', 'tollgate', { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describeEachStore('logs', (kind) => {
  let gw: TestGateway;
  let lines: string[];
  before(async () => {
    const captured = capturedLogger();
    lines = captured.lines;
    gw = await startTestGateway(kind, { logger: captured.logger });
  });
  after(async () => gw.close());

  it('carry no card data, secret, token, Authorization or billing key from the requests that hold them', async () => {
    const token = await gw.token();
    const cardBody = {
      customer_uid: 'customer_1',
      card_number: CARD_NUMBER,
      expiry: '2030-12',
      birth: BIRTH,
      pwd_2digit: CARD_PASSWORD,
      billingKey: BILLING_KEY,
      secretKey: TOSS_SECRET_KEY,
      amount: 1000,
    };
    const requests: [string, RequestInit][] = [
      ['/users/getToken', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `imp_key=${gw.merchant.impKey}&imp_secret=${encodeURIComponent(gw.merchant.impSecret)}` }],
      ['/users/getToken', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: gw.merchant.impKey, imp_secret: `${gw.merchant.impSecret}-wrong` }) }],
      ['/users/pg', { headers: { authorization: `Bearer ${token}` } }],
      ['/users/pg', { headers: { 'x-imptokenheader': token } }],
      [`/users/pg?_token=${token}`, {}],
      [`/users/pg?_token=${token}&card_number=${CARD_NUMBER}`, { headers: { authorization: token } }],
      ['/subscribe/payments/onetime', { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify(cardBody) }],
      [`/subscribe/customers/customer_1?_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(Object.entries(cardBody).map(([k, v]) => [k, String(v)])).toString() }],
      [`/payments/${CARD_NUMBER}?_token=${token}`, {}],
      [`/no/such/api/${CARD_NUMBER}?_token=${token}`, { headers: { authorization: token } }],
      ['/users/getToken', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"imp_secret":"${gw.merchant.impSecret}",` }],
    ];
    for (const [path, init] of requests) await (await fetch(gw.url + path, init)).arrayBuffer();
    // What other parts log about a PG call or an error has the same shapes; the redaction list must cover them too.
    gw.ctx.logger.info({ body: cardBody }, 'charge requested');
    gw.ctx.logger.warn({ pg: { request: { headers: { authorization: `Basic ${TOSS_SECRET_KEY}` }, body: cardBody } } }, 'pg call');
    gw.ctx.logger.error({ channel: { secret_key: TOSS_SECRET_KEY, billing_key: BILLING_KEY }, headers: { Authorization: token } }, 'x');
    const failure = Object.assign(new Error('charge failed'), { request: { body: cardBody, headers: { authorization: token } } });
    gw.ctx.logger.error({ err: failure }, 'pg call failed');

    const accessLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    assert.equal(accessLines.length, requests.length + 1, 'one access line per request (and the token helper)');
    assert.ok(accessLines.some((l) => l.route === '/users/pg' && l.status === 200 && l.method === 'GET' && typeof l.ms === 'number'));
    assert.ok(accessLines.some((l) => l.route === null && l.path === '/no/such/api/[redacted]' && l.status === 404));

    const secrets = {
      card_number: CARD_NUMBER,
      'masked-looking card digits': CARD_NUMBER.slice(0, 12),
      birth: BIRTH,
      imp_secret: gw.merchant.impSecret,
      token,
      'billing key': BILLING_KEY,
      'Toss secret key': TOSS_SECRET_KEY,
      '?_token=': '_token=',
    };
    for (const line of lines) {
      for (const [what, value] of Object.entries(secrets)) {
        assert.ok(!line.includes(value), `${what} leaked into a log line: ${line}`);
      }
      assert.ok(!/"authorization":"(?!\[redacted\])/i.test(line), `Authorization leaked: ${line}`);
    }
    assert.ok(lines.filter((l) => l.includes('[redacted]')).length >= 4, 'the direct log calls were redacted, not dropped');
    const failureLine = JSON.parse(lines.find((l) => l.includes('pg call failed')) ?? '{}');
    assert.equal(failureLine.err?.message, 'charge failed', 'an error keeps its message');
    assert.match(failureLine.err?.stack ?? '', /charge failed/);
    assert.equal(failureLine.err?.request?.body?.card_number, '[redacted]');
    assert.equal(failureLine.err?.request?.body?.amount, 1000);
    assert.equal(failure.request.body.card_number, CARD_NUMBER, 'the caller\'s object is not changed');
  });
});
