// `tollgate clock advance <duration>`: moves the gateway's development clock. A running gateway is asked over HTTP
// (with the embedded store it owns the data directory; with PostgreSQL every node follows within a second either
// way); when none answers, the shared offset is written to the store directly.
import type { Config } from '../config.ts';
import { advanceGatewayClock, parseDuration } from '../jobs/gateway-clock.ts';
import { openRuntime } from '../runtime.ts';

export async function clockAdvanceCommand(config: Config, duration: string): Promise<void> {
  const ms = parseDuration(duration);
  let response: Response | null = null;
  try {
    response = await fetch(`${config.publicUrl}/_dev/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duration }),
    });
  } catch {
    response = null; // nothing listening: move the stored clock ourselves
  }
  if (response) {
    const body = (await response.json().catch(() => null)) as { code?: number; message?: string; response?: { iso: string } } | null;
    if (!response.ok || body?.code !== 0) {
      throw new Error(`the gateway at ${config.publicUrl} refused: ${body?.message ?? response.status}`);
    }
    process.stdout.write(`gateway clock is now ${body.response!.iso}\n`);
    return;
  }
  const runtime = await openRuntime({ ...config, logLevel: 'warn' }, 'clock advance');
  try {
    const { now } = await advanceGatewayClock(runtime.ctx, ms);
    process.stdout.write(`gateway clock is now ${now.toISOString()}\n`);
  } finally {
    await runtime.close();
  }
}
