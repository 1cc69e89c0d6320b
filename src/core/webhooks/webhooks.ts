// A merchant's webhook settings and the operator's resend. Delivery itself is a job (src/jobs/webhook-delivery.ts).
import crypto from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { invalid, notFound } from '../errors.ts';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './retry-schedule.ts';
import type { DeliveryRecord, WebhookContentType, WebhookRepository, WebhookSettings } from './repository.ts';

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  defaultUrl: null,
  contentType: 'json',
  signingEnabled: false,
  signingSecretSealed: null,
  retrySchedule: [...DEFAULT_RETRY_SCHEDULE],
  connectTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
};

export interface WebhookSettingsChange {
  defaultUrl?: string | null;
  contentType?: WebhookContentType;
  /** Turning signing on without a secret creates one. */
  signingEnabled?: boolean;
  retrySchedule?: unknown;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

const MAX_TIMEOUT_MS = 120_000;

function timeout(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 100 || value > MAX_TIMEOUT_MS) {
    throw invalid(`${what}은 100~${MAX_TIMEOUT_MS}ms 사이여야 합니다.`);
  }
  return value;
}

function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid('웹훅 URL 형식이 올바르지 않습니다.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('웹훅 URL은 http 또는 https 이어야 합니다.');
  return url.toString();
}

/** Standard Webhooks secrets: `whsec_` and 24 random bytes in base64. */
export const newSigningSecret = () => `whsec_${crypto.randomBytes(24).toString('base64')}`;

export class Webhooks {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async settings(merchantId: number): Promise<WebhookSettings> {
    return (await this.repository.findSettings(merchantId)) ?? { ...DEFAULT_WEBHOOK_SETTINGS };
  }

  async updateSettings(merchantId: number, change: WebhookSettingsChange): Promise<WebhookSettings> {
    const current = await this.settings(merchantId);
    const next: WebhookSettings = { ...current };
    if (change.defaultUrl !== undefined) next.defaultUrl = change.defaultUrl ? webhookUrl(change.defaultUrl) : null;
    if (change.contentType !== undefined) {
      if (change.contentType !== 'json' && change.contentType !== 'form') throw invalid('content_type은 json 또는 form 이어야 합니다.');
      next.contentType = change.contentType;
    }
    if (change.retrySchedule !== undefined) next.retrySchedule = parseRetrySchedule(change.retrySchedule);
    if (change.connectTimeoutMs !== undefined) next.connectTimeoutMs = timeout(change.connectTimeoutMs, '연결 제한 시간');
    if (change.readTimeoutMs !== undefined) next.readTimeoutMs = timeout(change.readTimeoutMs, '응답 제한 시간');
    if (change.signingEnabled !== undefined) next.signingEnabled = change.signingEnabled;
    if (next.signingEnabled && !next.signingSecretSealed) next.signingSecretSealed = this.secrets.encrypt(newSigningSecret());
    await this.repository.saveSettings(merchantId, next, this.clock.now());
    return next;
  }

  /** Replaces the signing secret; the new one is returned once, for the merchant's verifier. */
  async rotateSigningSecret(merchantId: number): Promise<string> {
    const secret = newSigningSecret();
    const current = await this.settings(merchantId);
    await this.repository.saveSettings(merchantId, { ...current, signingSecretSealed: this.secrets.encrypt(secret) }, this.clock.now());
    return secret;
  }

  async signingSecret(merchantId: number): Promise<string | null> {
    const sealed = (await this.settings(merchantId)).signingSecretSealed;
    return sealed ? this.secrets.decrypt(sealed) : null;
  }

  /** Sends a delivery again now, whatever its state, with the whole retry schedule ahead of it. */
  async resend(merchantId: number, deliveryId: number): Promise<DeliveryRecord> {
    const delivery = await this.repository.rearm(merchantId, deliveryId, this.clock.now());
    if (!delivery) throw notFound('해당 웹훅 발송 기록이 존재하지 않습니다.');
    return delivery;
  }
}
