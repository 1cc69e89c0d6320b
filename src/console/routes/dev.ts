// Development tools, only where the clock may move (never in production): move the gateway clock, open the emulator's
// developer center.
import type { FastifyInstance } from 'fastify';
import { advanceGatewayClock, syncGatewayClock } from '../../jobs/gateway-clock.ts';
import { invalid } from '../../core/errors.ts';
import { html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { formatTime } from '../layout.ts';
import { formToken } from '../session.ts';

/** The emulator's developer center (merchants and keys, virtual-account deposits, faults); reached over HTTP only. */
const EMULATOR_DEVCENTER_PATH = '/_emulator/devcenter';

export async function devRoutes(app: FastifyInstance, con: Console): Promise<void> {
  if (!con.devTools) return;
  const { ctx } = con;

  app.get('/dev', async (request, reply) => {
    const { t, lang } = request.console;
    await syncGatewayClock(ctx);
    const now = ctx.clock.now();
    const content = html`<section><h2>${t.clock}</h2>
<p data-testid="clock"><time datetime="${now.toISOString()}">${formatTime(now, lang)}</time> (${Math.round((now.getTime() - Date.now()) / 1000)} s)</p>
<form method="post" action="/console/dev/clock" class="grid">${formToken(request)}
<div><label for="seconds">${t.seconds}</label><input id="seconds" name="seconds" type="number" min="1" max="31536000" required value="3600"></div>
<div><button type="submit">${t.advanceClock}</button></div></form></section>
${ctx.config.emulator.enabled ? html`<section><a class="button" href="${ctx.config.emulatorPublicUrl}${EMULATOR_DEVCENTER_PATH}" target="_blank" rel="noopener" data-testid="open-emulator">${t.openEmulator}</a></section>` : ''}`;
    return con.render(request, reply, t.devTools, content);
  });

  app.post('/dev/clock', async (request, reply) => {
    const seconds = Number(((request.body ?? {}) as Record<string, unknown>).seconds);
    if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 31_536_000) throw invalid('seconds는 1~31536000 사이의 정수여야 합니다.');
    await advanceGatewayClock(ctx, seconds * 1000);
    return con.done(request, reply, '/console/dev', { kind: 'ok', text: request.console.t.clockMoved });
  });
}
