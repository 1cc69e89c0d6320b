import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { createGatewayContext } from '../../src/context.ts';
import { loadConfig } from '../../src/config.ts';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { advanceGatewayClock, parseDuration, startClockSync } from '../../src/jobs/gateway-clock.ts';

test('durations read as an operator writes them', () => {
  assert.equal(parseDuration('90'), 90_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1d2h'), 93_600_000);
  assert.throws(() => parseDuration('2 weeks'), /not a duration/);
  assert.throws(() => parseDuration('-5m'), /not a duration/);
});

describeEachStore('the movable gateway clock', (kind) => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw.close());

  test('POST /_dev/clock/advance moves this node at once and every other node at its next sync', async () => {
    // A second node: its own clock and context over the same database.
    const otherClock = new AdjustableClock();
    const other = createGatewayContext({ ...gw.ctx, clock: otherClock });
    const sync = startClockSync(other, 50);
    try {
      const before = gw.clock.now().getTime();
      const res = await fetch(`${gw.url}/_dev/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: 3600 }),
      });
      const body = (await res.json()) as { code: number; response: { now: number; offset_ms: number } };
      assert.equal(body.code, 0);
      assert.ok(gw.clock.now().getTime() - before >= 3600_000);
      assert.ok(Math.abs(body.response.now * 1000 - gw.clock.now().getTime()) < 2000);
      // The other node polls every 50 ms here; the deadline leaves room for a busy machine.
      const deadline = Date.now() + 5000;
      while (otherClock.offset < 3600_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(otherClock.offset, gw.clock.offset);

      await advanceGatewayClock(other, 60_000);
      const res2 = await fetch(`${gw.url}/_dev/clock`);
      const now = ((await res2.json()) as { response: { offset_ms: number } }).response;
      assert.ok(now.offset_ms >= 3660_000 - 1000, 'the first node follows the second');
    } finally {
      await sync.stop();
    }
  });

  test('the clock refuses to move backwards or by nonsense', async () => {
    for (const body of [{ seconds: -5 }, { seconds: 'soon' }, {}, { duration: 'yesterday' }]) {
      const res = await fetch(`${gw.url}/_dev/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  test('production has no movable clock', async () => {
    const production = createGatewayContext({
      ...gw.ctx,
      config: loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
      clock: new AdjustableClock(),
    });
    await assert.rejects(advanceGatewayClock(production, 1000), /운영 환경에서는 시계를 옮길 수 없습니다/);
    const { buildGatewayApp } = await import('../../src/app.ts');
    const app = await buildGatewayApp(production);
    const res = await app.inject({ method: 'POST', url: '/_dev/clock/advance', payload: { seconds: 60 } });
    assert.equal(res.statusCode, 404);
    await app.close();
  });
});
