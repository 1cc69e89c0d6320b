// One webhook HTTP request: the V1 body as JSON or form, optional Standard Webhooks signature headers, connect and
// read timeouts, and the target guarded against private addresses at connect time.
import { Agent, request } from 'undici';
import { Webhook } from 'standardwebhooks';
import type { PrivateTargets } from '../config.ts';
import type { WebhookContentType, WebhookPayload } from '../core/webhooks/repository.ts';
import { guardedLookup, refuseTarget } from '../lib/outbound-guard.ts';

export interface WebhookRequest {
  url: string;
  payload: WebhookPayload;
  contentType: WebhookContentType;
  /** Standard Webhooks `webhook-id`: the same for every attempt of one event, so receivers can drop duplicates. */
  messageId: string;
  /** `whsec_…` when the merchant signs its webhooks. */
  signingSecret: string | null;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export interface WebhookResponse {
  /** null when no HTTP answer came. */
  httpStatus: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

const EXCERPT_BYTES = 1024;
/** Past this much of an answer the connection is dropped rather than read to the end. */
const READ_LIMIT_BYTES = 64 * 1024;

export function encodePayload(payload: WebhookPayload, contentType: WebhookContentType): { body: string; type: string } {
  if (contentType === 'form') {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) if (value !== undefined) form.append(key, value);
    return { body: form.toString(), type: 'application/x-www-form-urlencoded' };
  }
  return { body: JSON.stringify(payload), type: 'application/json' };
}

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { message?: string } };
  const message = e.cause?.message && e.cause.message !== e.message ? `${e.message}: ${e.cause.message}` : e.message;
  return [e.code, message].filter(Boolean).join(' ').slice(0, 500) || String(error);
}

export class WebhookSender {
  /** One connection pool per connect timeout: undici sets that timeout per pool, not per request. */
  private readonly agents = new Map<number, Agent>();

  constructor(private readonly privateTargets: PrivateTargets) {}

  private agent(connectTimeoutMs: number): Agent {
    let agent = this.agents.get(connectTimeoutMs);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectTimeoutMs, lookup: guardedLookup(this.privateTargets) },
        keepAliveTimeout: 10_000,
        connections: 32,
      });
      this.agents.set(connectTimeoutMs, agent);
    }
    return agent;
  }

  async send(req: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refusal = refuseTarget(req.url, this.privateTargets);
    if (refusal) return { httpStatus: null, durationMs: 0, responseExcerpt: null, error: refusal };
    const { body, type } = encodePayload(req.payload, req.contentType);
    const headers: Record<string, string> = { 'content-type': type, 'user-agent': 'Tollgate-Webhook/1' };
    if (req.signingSecret) {
      // Receivers check the timestamp against their own wall clock, so it is the real time even when the gateway's
      // development clock has been moved forward.
      const now = new Date();
      headers['webhook-id'] = req.messageId;
      headers['webhook-timestamp'] = String(Math.floor(now.getTime() / 1000));
      headers['webhook-signature'] = new Webhook(req.signingSecret).sign(req.messageId, now, body);
    }
    try {
      const res = await request(req.url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent(req.connectTimeoutMs),
        headersTimeout: req.readTimeoutMs,
        bodyTimeout: req.readTimeoutMs,
      });
      // The status decides the outcome; an answer whose body then breaks off still counts as answered.
      const excerpt = await readExcerpt(res.body).catch(() => null);
      return { httpStatus: res.statusCode, durationMs: elapsed(), responseExcerpt: excerpt, error: null };
    } catch (error) {
      return { httpStatus: null, durationMs: elapsed(), responseExcerpt: null, error: describeError(error) };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string | null> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (keptBytes < EXCERPT_BYTES) {
      kept.push(chunk.subarray(0, EXCERPT_BYTES - keptBytes));
      keptBytes = Math.min(EXCERPT_BYTES, keptBytes + chunk.length);
    }
    if (total > READ_LIMIT_BYTES) {
      body.destroy();
      break;
    }
  }
  return keptBytes === 0 ? null : Buffer.concat(kept).toString('utf8');
}
