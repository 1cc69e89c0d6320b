// The webhook delivery worker. Every process runs one; they share the due deliveries through short claims in the
// database (see the repository), so there is no leader and nothing is queued in memory: a delivery whose process dies
// mid-attempt becomes due again when its claim lapses, which makes delivery at least once.
import type { GatewayContext } from '../context.ts';
import type { PrivateTargets } from '../config.ts';
import type { ClaimedDelivery, DeliveryAttempt, WebhookRepository } from '../core/webhooks/repository.ts';
import { nextAttemptAt } from '../core/webhooks/retry-schedule.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';
import { webhookRepository } from '../store/repositories/webhook-deliveries.ts';
import { WebhookSender } from './webhook-sender.ts';
import { webhookSignals } from './webhook-signals.ts';

/** Longer than the longest attempt allowed (connect + read timeouts of at most two minutes each). */
const CLAIM_LEASE_MS = 5 * 60_000;
/** Outcomes are written together: one transaction per batch instead of one per webhook. */
const RECORD_DELAY_MS = 10;
/** How long after a local commit this process looks for the deliveries it wrote (they must be committed by then). */
const NUDGE_DELAY_MS = 20;

export interface WebhookWorkerOptions {
  pollIntervalMs: number;
  /** Most deliveries claimed by one statement. */
  batchSize: number;
  /** Most requests in flight at once from this process. */
  concurrency: number;
  privateTargets: PrivateTargets;
}

export interface Worker {
  stop(): Promise<void>;
}

export class WebhookDeliveryWorker {
  private readonly sender: WebhookSender;
  private readonly inFlight = new Set<Promise<void>>();
  private wakeUp: (() => void) | null = null;
  private stopped = false;
  /** The last claim was full, so finishing a delivery should look for more at once rather than at the next poll. */
  private backlog = false;
  private outcomes: { attempt: DeliveryAttempt; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private recordTimer: NodeJS.Timeout | null = null;
  /** Batches are written one after another, so two never update the same deliveries at once. */
  private recording: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: WebhookRepository,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly logger: Logger,
    private readonly options: WebhookWorkerOptions,
  ) {
    this.sender = new WebhookSender(options.privateTargets);
  }

  /** Delivers everything due now and waits for the outcomes; returns how many attempts were made. */
  async drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const claimed = await this.claim(this.options.batchSize);
      if (claimed.length === 0) return attempts;
      await Promise.all(claimed.map((d) => this.deliver(d)));
      attempts += claimed.length;
    }
  }

  /** Runs until stopped: polls, and also looks right after this process records events. */
  run(): Worker {
    // Nudges within a few milliseconds of each other make one claim, not one each.
    let nudge: NodeJS.Timeout | null = null;
    const onRecorded = () => {
      nudge ??= setTimeout(() => {
        nudge = null;
        this.wake();
      }, NUDGE_DELAY_MS);
    };
    webhookSignals.on('recorded', onRecorded);
    const loop = this.loop();
    return {
      stop: async () => {
        this.stopped = true;
        webhookSignals.off('recorded', onRecorded);
        if (nudge) clearTimeout(nudge);
        this.wake();
        await loop;
        await Promise.all(this.inFlight);
        await this.sender.close();
      },
    };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const free = Math.min(this.options.concurrency - this.inFlight.size, this.options.batchSize);
      if (free <= 0) {
        await this.sleep(this.options.pollIntervalMs);
        continue;
      }
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await this.claim(free);
      } catch (error) {
        this.logger.error({ err: error }, 'claiming webhook deliveries failed');
      }
      this.backlog = claimed.length === free;
      for (const delivery of claimed) {
        const attempt: Promise<void> = this.deliver(delivery)
          .catch((error) => this.logger.error({ err: error, deliveryId: delivery.id }, 'recording a webhook attempt failed'))
          .finally(() => {
            this.inFlight.delete(attempt);
            // With more due, claim again once half a batch of room is free rather than for every single slot.
            if (this.backlog && this.options.concurrency - this.inFlight.size >= Math.ceil(this.options.batchSize / 2)) this.wake();
          });
        this.inFlight.add(attempt);
      }
      if (!this.backlog) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private claim(limit: number): Promise<ClaimedDelivery[]> {
    const now = this.clock.now();
    return this.repository.claimDue(now, new Date(now.getTime() + CLAIM_LEASE_MS), limit);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { settings } = delivery;
    const attemptedAt = this.clock.now();
    const signingSecret =
      settings.signingEnabled && settings.signingSecretSealed ? this.secrets.decrypt(settings.signingSecretSealed) : null;
    const response = await this.sender.send({
      url: delivery.url,
      payload: delivery.payload,
      contentType: settings.contentType,
      messageId: `msg_${delivery.eventId}`,
      signingSecret,
      connectTimeoutMs: settings.connectTimeoutMs,
      readTimeoutMs: settings.readTimeoutMs,
    });
    const delivered = response.httpStatus !== null && response.httpStatus >= 200 && response.httpStatus < 300;
    const attemptsMade = delivery.attemptCount + 1;
    await this.record({
      deliveryId: delivery.id,
      claimedAttemptCount: delivery.attemptCount,
      attemptedAt,
      httpStatus: response.httpStatus,
      durationMs: response.durationMs,
      responseExcerpt: response.responseExcerpt,
      error: response.error ?? (delivered ? null : `HTTP ${response.httpStatus}`),
      delivered,
      nextAttemptAt: delivered ? null : nextAttemptAt(settings.retrySchedule, attemptsMade, this.clock.now()),
    });
    if (!delivered && attemptsMade >= settings.retrySchedule.length) {
      this.logger.warn({ deliveryId: delivery.id, url: delivery.url, attempts: attemptsMade }, 'webhook delivery gave up');
    }
  }

  /** Resolves once the attempt is stored. Should the write fail, the claim lapses and the webhook is sent again. */
  private record(attempt: DeliveryAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outcomes.push({ attempt, resolve, reject });
      if (this.outcomes.length >= this.options.batchSize) this.flushOutcomes();
      else this.recordTimer ??= setTimeout(() => this.flushOutcomes(), RECORD_DELAY_MS);
    });
  }

  private flushOutcomes(): void {
    if (this.recordTimer) clearTimeout(this.recordTimer);
    this.recordTimer = null;
    const batch = this.outcomes.splice(0);
    if (batch.length === 0) return;
    this.recording = this.recording
      .then(() => this.repository.recordAttempts(batch.map((b) => b.attempt)))
      .then(
        () => batch.forEach((b) => b.resolve()),
        (error) => batch.forEach((b) => b.reject(error)),
      );
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.stopped) this.wake();
    });
  }
}

export function createWebhookWorker(ctx: GatewayContext, overrides: Partial<WebhookWorkerOptions> = {}): WebhookDeliveryWorker {
  return new WebhookDeliveryWorker(webhookRepository(ctx.db), ctx.clock, ctx.secrets, ctx.logger, {
    pollIntervalMs: ctx.config.webhooks.pollIntervalMs,
    batchSize: ctx.config.webhooks.batchSize,
    concurrency: ctx.config.webhooks.batchSize * 2,
    privateTargets: ctx.config.webhooks.allowPrivate,
    ...overrides,
  });
}

/** Starts this process's webhook delivery worker (called once at process start, on every node). */
export function startWebhookWorkers(ctx: GatewayContext, overrides: Partial<WebhookWorkerOptions> = {}): Worker {
  return createWebhookWorker(ctx, overrides).run();
}
