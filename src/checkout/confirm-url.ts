// core's MerchantConfirmation over HTTP: POST JSON to the merchant's confirm_url, guarded against private targets
// like webhooks are, with one overall deadline. Anything but an HTTP 200 in time is a refusal.
import { Agent, request } from 'undici';
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

export function httpConfirmation(privateTargets: PrivateTargets, logger: Logger, timeoutMs = CONFIRM_TIMEOUT_MS): MerchantConfirmation & { close(): Promise<void> } {
  const agent = new Agent({ connect: { timeout: timeoutMs, lookup: guardedLookup(privateTargets) }, connections: 16 });
  return {
    async ask(url, body) {
      const refusal = refuseTarget(url, privateTargets);
      if (refusal) {
        logger.warn({ url, refusal }, 'confirm_url refused before calling it');
        return { kind: 'refused', reason: null };
      }
      try {
        const res = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Tollgate-Confirm/1' },
          body: JSON.stringify(body),
          dispatcher: agent,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const reason = await reasonOf(res.body).catch(() => null);
        return res.statusCode === 200 ? { kind: 'proceed' } : { kind: 'refused', reason };
      } catch (error) {
        logger.warn({ url, error: (error as Error).message }, 'confirm_url did not answer in time');
        return { kind: 'refused', reason: null };
      }
    },
    close: () => agent.close(),
  };
}
