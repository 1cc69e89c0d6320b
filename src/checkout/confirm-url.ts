// core's MerchantConfirmation over HTTP: POST JSON to the merchant's confirm_url, guarded against private targets
// like webhooks are, with one overall deadline. Anything but an HTTP 200 in time is a refusal. Every answer carries
// the call as made (URL, status or why there was none, duration, the merchant's reason) for the payment's timeline.
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Exchange } from '../core/payments/exchanges.ts';
import type { PrivateTargets } from '../config.ts';
import { CONFIRM_TIMEOUT_MS, type MerchantConfirmation } from '../core/checkout/confirmation.ts';
import { guardedLookup, refuseTarget } from '../lib/outbound-guard.ts';
import type { Logger } from '../lib/logger.ts';

const REASON_BYTES = 4096;

async function reasonOf(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > REASON_BYTES) {
      body.destroy();
      break;
    }
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** The URL as recorded: credentials a merchant put in it are not kept. */
function recordedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.slice(0, 2000);
  }
}

export function httpConfirmation(privateTargets: PrivateTargets, logger: Logger, timeoutMs = CONFIRM_TIMEOUT_MS): MerchantConfirmation & { close(): Promise<void> } {
  const agent = new Agent({ connect: { timeout: timeoutMs, lookup: guardedLookup(privateTargets) }, connections: 16 });
  return {
    async ask(url, body) {
      const startedAt = new Date();
      const t0 = performance.now();
      const requestBody = JSON.stringify(body);
      const exchange = (status: number | null, reason: string | null, error: string | null): Exchange => ({
        kind: 'confirm_url', method: 'POST', target: recordedUrl(url), status, durationMs: Math.round(performance.now() - t0),
        requestBody, responseBody: reason, error, startedAt,
      });
      const refusal = refuseTarget(url, privateTargets);
      if (refusal) {
        logger.warn({ url, refusal }, 'confirm_url refused before calling it');
        return { kind: 'refused', reason: null, exchange: exchange(null, null, `not called: ${refusal}`) };
      }
      try {
        const res = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Tollgate-Confirm/1' },
          body: requestBody,
          dispatcher: agent,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const reason = await reasonOf(res.body).catch(() => null);
        const call = exchange(res.statusCode, reason, null);
        return res.statusCode === 200 ? { kind: 'proceed', exchange: call } : { kind: 'refused', reason, exchange: call };
      } catch (error) {
        const message = (error as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (error as Error).message;
        logger.warn({ url, error: message }, 'confirm_url did not answer in time');
        return { kind: 'refused', reason: null, exchange: exchange(null, null, message.slice(0, 500)) };
      }
    },
    close: () => agent.close(),
  };
}
