// What the webhook rules need from a store.

export type WebhookStatus = 'paid' | 'ready' | 'failed' | 'cancelled';
export type WebhookContentType = 'json' | 'form';
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed' | 'dead';

/** The V1 webhook body: what PortOne sends, and only that. */
export interface WebhookPayload {
  imp_uid: string;
  merchant_uid: string;
  status: WebhookStatus;
  cancellation_id?: string;
}

export interface WebhookSettings {
  defaultUrl: string | null;
  contentType: WebhookContentType;
  signingEnabled: boolean;
  /** Standard Webhooks secret (`whsec_…`), sealed with the master key. */
  signingSecretSealed: string | null;
  retrySchedule: number[];
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

/** A delivery taken by one worker until `leaseUntil`; the settings are the merchant's as of the claim. */
export interface ClaimedDelivery {
  id: number;
  eventId: number;
  merchantId: number;
  url: string;
  attemptCount: number;
  payload: WebhookPayload;
  eventCreatedAt: Date;
  settings: WebhookSettings;
}

export interface DeliveryAttempt {
  deliveryId: number;
  /** The attempt count the claim saw; an outcome for a claim that lapsed and was taken again is kept as history only. */
  claimedAttemptCount: number;
  attemptedAt: Date;
  httpStatus: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  delivered: boolean;
  /** When to try again; null with `delivered` false means the schedule is exhausted. */
  nextAttemptAt: Date | null;
}

export interface DeliveryRecord {
  id: number;
  eventId: number;
  url: string;
  state: WebhookDeliveryState;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface WebhookRepository {
  /** Takes up to `limit` due deliveries that no other worker holds, hiding them until `leaseUntil`. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
  /** Records attempts and their deliveries' next state, all in one transaction. */
  recordAttempts(attempts: DeliveryAttempt[]): Promise<void>;
  /** Makes a delivery of the merchant due at `now` with a fresh retry schedule; null when it is not theirs. */
  rearm(merchantId: number, deliveryId: number, now: Date): Promise<DeliveryRecord | null>;
  findSettings(merchantId: number): Promise<WebhookSettings | null>;
  saveSettings(merchantId: number, settings: WebhookSettings, now: Date): Promise<void>;
}
