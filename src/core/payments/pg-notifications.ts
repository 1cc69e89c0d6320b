// Notifications from the PG (Toss webhooks), trusted only so far: a deposit callback must carry the secret stored when
// the account was issued, and every notification is followed by a look-up of the payment under the merchant's own
// credentials; only what that look-up says changes anything.
import crypto from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { PaymentConnector, PgNotification, PgPayment } from '../pg/connector.ts';
import { pgAccount, type ChannelSource } from './channels.ts';
import { exchangeLog, exchangesOf, type Exchange } from './exchanges.ts';
import { settleCharge } from './non-auth-payments.ts';
import type { ReconcileTiming } from './outcomes.ts';
import type { PaymentInternals, PaymentRepository } from './repository.ts';
import { settleIssuedAccount, settleVirtualAccount } from './virtual-accounts.ts';

/** applied/ignored: answer 200; refused: the sender is not who it claims (403); retry: answer 5xx so the PG resends. */
export type NotificationResult = 'applied' | 'ignored' | 'refused' | 'retry';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export class PgNotifications {
  constructor(
    private readonly repo: PaymentRepository,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
    private readonly logger: Logger,
  ) {}

  async handle(notification: PgNotification): Promise<NotificationResult> {
    if (notification.kind === 'ignored') return 'ignored';
    const payment = await this.repo.internalsByOrderId(notification.orderId);
    if (!payment) return 'ignored';
    if (notification.kind === 'deposit') {
      const stored = payment.pg_secret_sealed ? this.secrets.decrypt(payment.pg_secret_sealed) : null;
      if (!stored || !sameSecret(stored, notification.secret)) {
        this.logger.warn({ impUid: payment.imp_uid }, 'deposit callback with a wrong secret refused');
        return 'refused';
      }
    }
    const channel = (await this.channels.channels(payment.merchant_id)).find((c) => c.id === payment.channel_id);
    if (!channel || !payment.pg_order_id) return 'ignored';
    const account = pgAccount(channel, this.secrets);
    const found = await this.connector.lookupByOrderId(account, payment.pg_order_id);
    if (found.kind !== 'success') return 'retry';
    if (!found.value) return 'ignored';
    return this.apply(payment, found.value, account, exchangesOf(found));
  }

  /** `lookup`: the exchanges of the look-up, recorded with the change it leads to. */
  private async apply(payment: PaymentInternals, p: PgPayment, account: ReturnType<typeof pgAccount>, lookup: Exchange[]): Promise<NotificationResult> {
    const now = this.clock.now();
    const found = { kind: 'success' as const, value: p, exchanges: lookup };
    if (payment.state === 'approving' || payment.state === 'unknown') {
      if (payment.pg_call === 'virtual_account') {
        await settleVirtualAccount(this.repo, this.secrets, payment, found, this.timing, now);
      } else if (payment.pg_idempotency_key) {
        await settleCharge(this.repo, this.connector, account, { ...payment, pg_idempotency_key: payment.pg_idempotency_key }, found, this.timing, now, this.logger);
      }
      return 'applied';
    }
    if (payment.state !== 'ready' || payment.pay_method !== 'vbank') return 'ignored';
    const settled = await settleIssuedAccount(this.repo, payment, p, now, exchangeLog(payment.merchant_id, payment.imp_uid, lookup));
    return settled ? 'applied' : 'ignored';
  }
}
