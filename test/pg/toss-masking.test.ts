// What the Toss connector records of its exchanges: real-shaped request and answer bodies go in, and no card number,
// expiry, birth date, password digits, billing key, customer key, auth key, deposit secret or secret key comes out.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_BODY_CHARS, maskBody, maskPath } from '../../src/pg/toss/masking.ts';
import { tossConnector } from '../../src/pg/toss/connector.ts';
import { cancelBody, issueBillingKeyBody, keyInBody } from '../../src/pg/toss/transformers.ts';

const CARD = { number: '4330123412341234', expiryYear: '28', expiryMonth: '07', identity: '880101', pwd2digit: '12' };
const ORDER = {
  orderId: 'imp_123456789012', orderName: '정기구독', amount: 15000, taxFree: 0, quota: 0,
  customerName: '홍길동', customerEmail: 'buyer@example.com', customerPhone: '010-1234-5678', customerIp: null,
};
const SECRET_KEY = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const BILLING_KEY = 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=';
const CUSTOMER_KEY = 'cust_9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d';
const DEPOSIT_SECRET = 'ps_Z1aOwX7K8mWBYJ0XMdE8yQpvxNJY';

/** A 2022-07-27 Payment object as Toss answers a billing charge or a confirm. */
const PAYMENT = {
  mId: 'tvivarepublica', version: '2022-07-27', paymentKey: 'tviva20261128120000abcde', orderId: ORDER.orderId,
  orderName: ORDER.orderName, status: 'DONE', requestedAt: '2026-11-28T12:00:00+09:00', approvedAt: '2026-11-28T12:00:01+09:00',
  card: {
    issuerCode: '4V', acquirerCode: '21', number: '43301234****123*', installmentPlanMonths: 0, isInterestFree: false,
    approveNo: '00000000', cardType: '신용', ownerType: '개인', acquireStatus: 'READY', amount: 15000,
  },
  virtualAccount: null, secret: DEPOSIT_SECRET, totalAmount: 15000, balanceAmount: 15000, method: '카드',
  cancels: null, receipt: { url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=x' },
  checkout: { url: 'https://api.tosspayments.com/v1/payments/tviva/checkout' }, failure: null,
};

const forbidden = [CARD.number, CARD.identity, SECRET_KEY, BILLING_KEY, CUSTOMER_KEY, DEPOSIT_SECRET, '"28"', '"07"', '"12"'];

function assertClean(text: string | null) {
  assert.ok(text !== null);
  for (const secret of forbidden) assert.ok(!text.includes(secret), `${secret} survived in ${text}`);
}

describe('masking a Toss exchange', () => {
  const sensitive = [SECRET_KEY, BILLING_KEY, CUSTOMER_KEY, CARD.number, CARD.identity];

  it('masks the card fields of a key-in request, keeping the last four digits of the number', () => {
    const masked = maskBody(keyInBody(CARD, ORDER), sensitive);
    assertClean(masked);
    const json = JSON.parse(masked!);
    assert.equal(json.cardNumber, '************1234');
    assert.equal(json.cardExpirationYear, '****');
    assert.equal(json.cardPassword, '****');
    assert.equal(json.customerIdentityNumber, '****');
    assert.equal(json.amount, 15000, 'what is not secret stays readable');
    assert.equal(json.orderId, ORDER.orderId);
  });

  it('masks a billing-key issue request and its answer', () => {
    assertClean(maskBody(issueBillingKeyBody(CARD, CUSTOMER_KEY), sensitive));
    const answer = JSON.stringify({
      mId: 'tvivarepublica', customerKey: CUSTOMER_KEY, authenticatedAt: '2026-11-28T12:00:00+09:00', method: '카드',
      billingKey: BILLING_KEY, cardCompany: '신한', cardNumber: '43301234****123*',
      card: { issuerCode: '4V', acquirerCode: '21', number: '43301234****123*', cardType: '신용', ownerType: '개인' },
    });
    const masked = maskBody(answer, sensitive);
    assertClean(masked);
    assert.equal(JSON.parse(masked!).cardCompany, '신한');
  });

  it('masks the deposit secret and the card of a payment answer, even with no sensitive values given', () => {
    const masked = maskBody(JSON.stringify(PAYMENT), []);
    assertClean(masked);
    assert.equal(JSON.parse(masked!).paymentKey, PAYMENT.paymentKey);
  });

  it('masks a refund account number in a cancel request', () => {
    const body = cancelBody({ reason: '고객 변심', amount: null, taxFree: 0, refundableAmount: 15000, refundAccount: { bankCode: '004', accountNumber: '123-456-7890123', holderName: '홍길동' } });
    const masked = JSON.parse(maskBody(body, [])!);
    assert.equal(masked.refundReceiveAccount.accountNumber, '*********0123');
  });

  it('scrubs a known value that appears where no field name gives it away, and card-like digits in text', () => {
    const echoed = JSON.stringify({ code: 'INVALID_CARD_NUMBER', message: `카드번호 ${CARD.number} 오류 (${BILLING_KEY})` });
    assertClean(maskBody(echoed, sensitive));
    const page = `<html>502 upstream ${CARD.number} ${SECRET_KEY}</html>`;
    assertClean(maskBody(page, [SECRET_KEY]));
  });

  it('masks a billing key in a path, raw or URL-encoded', () => {
    const path = `/v1/billing/${encodeURIComponent(BILLING_KEY)}`;
    assert.equal(maskPath(path, [BILLING_KEY]), '/v1/billing/****');
  });

  it('cuts a body to size only after masking it', () => {
    const big = JSON.stringify({ ...PAYMENT, cancels: Array.from({ length: 200 }, (_, i) => ({ transactionKey: `t${i}`, cancelReason: 'x'.repeat(50) })) });
    const masked = maskBody(big, sensitive)!;
    assert.ok(masked.length <= MAX_BODY_CHARS + 20);
    assert.match(masked, /…\(truncated\)$/);
    assertClean(masked);
  });
});

describe('the Toss connector records its exchanges', () => {
  let server: http.Server;
  let baseUrl = '';
  const seen: { authorization?: string }[] = [];

  before(async () => {
    // Answers like Toss would, and echoes back what it was sent inside the answer, as a careless PG might.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization });
        res.setHeader('content-type', 'application/json');
        if (req.url?.startsWith('/v1/billing/')) {
          res.end(JSON.stringify({ ...PAYMENT, echo: body, authorization: req.headers.authorization }));
        } else {
          res.statusCode = 400;
          res.end(JSON.stringify({ code: 'INVALID_CARD_EXPIRATION', message: `카드 정보를 다시 확인해주세요. ${body}` }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns a masked exchange with a billing charge: method, masked path, status, duration, bodies', async () => {
    const connector = tossConnector({ connectTimeoutMs: 2000, readTimeoutMs: 2000 });
    try {
      const outcome = await connector.chargeBillingKey({ baseUrl, secretKey: SECRET_KEY }, BILLING_KEY, CUSTOMER_KEY, ORDER, 'idem-1');
      assert.equal(outcome.kind, 'success');
      assert.ok(seen[0]?.authorization?.startsWith('Basic '), 'the PG itself was sent the credentials');
      const [exchange] = outcome.exchanges ?? [];
      assert.ok(exchange);
      assert.equal(exchange.kind, 'pg');
      assert.equal(exchange.method, 'POST');
      assert.equal(exchange.target, '/v1/billing/****');
      assert.equal(exchange.status, 200);
      assert.ok(exchange.durationMs >= 0);
      const stored = JSON.stringify(exchange);
      assertClean(stored);
      assert.ok(!stored.includes(Buffer.from(`${SECRET_KEY}:`).toString('base64')), 'no Authorization header value');
      assert.equal(JSON.parse(exchange.requestBody!).amount, 15000);
    } finally {
      await connector.close();
    }
  });

  it('returns a masked exchange with a declined key-in, and one with no answer when the PG is unreachable', async () => {
    const connector = tossConnector({ connectTimeoutMs: 500, readTimeoutMs: 500 });
    try {
      const declined = await connector.keyIn({ baseUrl, secretKey: SECRET_KEY }, CARD, ORDER, 'idem-2');
      assert.equal(declined.kind, 'declined');
      assert.equal(declined.exchanges?.[0]?.status, 400);
      assertClean(JSON.stringify(declined.exchanges));
      const unreachable = await connector.keyIn({ baseUrl: 'http://127.0.0.1:1', secretKey: SECRET_KEY }, CARD, ORDER, 'idem-3');
      assert.equal(unreachable.kind, 'unknown');
      assert.equal(unreachable.exchanges?.[0]?.status, null);
      assert.ok(unreachable.exchanges?.[0]?.error);
      assertClean(JSON.stringify(unreachable.exchanges));
    } finally {
      await connector.close();
    }
  });
});
