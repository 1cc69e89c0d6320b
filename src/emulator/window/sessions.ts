// Open payment windows. A window lives 30 minutes (Toss's authentication window); what the buyer has to complete
// is kept here, the payment itself (READY → IN_PROGRESS) in the emulator's tables. Sessions are process memory: a
// window left open across an emulator restart answers as expired, like a window whose time ran out.
import crypto from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import type { WindowMerchant } from './backend.ts';
import type { BillingWindowRequest, PaymentWindowRequest } from './request.ts';

export const WINDOW_VALIDITY_MS = 30 * 60_000;
/** Finished or expired sessions are still answered (with the expiry page) for a while, then forgotten. */
const RETENTION_MS = 2 * 60 * 60_000;

interface BaseSession {
  id: string;
  merchant: WindowMerchant;
  openedAt: Date;
  expiresAt: Date;
  finished: boolean;
}

export interface PaymentSession extends BaseSession {
  kind: 'payment';
  req: PaymentWindowRequest;
  paymentKey: string;
}

export interface BillingSession extends BaseSession {
  kind: 'billing';
  req: BillingWindowRequest;
}

export type WindowSession = PaymentSession | BillingSession;

export class WindowSessions {
  private readonly sessions = new Map<string, WindowSession>();

  constructor(private readonly clock: Clock) {}

  openPayment(merchant: WindowMerchant, req: PaymentWindowRequest, paymentKey: string): PaymentSession {
    return this.add({ kind: 'payment', req, paymentKey, ...this.base(merchant) });
  }

  openBilling(merchant: WindowMerchant, req: BillingWindowRequest): BillingSession {
    return this.add({ kind: 'billing', req, ...this.base(merchant) });
  }

  get(id: string): WindowSession | null {
    return this.sessions.get(id) ?? null;
  }

  isExpired(session: WindowSession): boolean {
    return this.clock.now().getTime() >= session.expiresAt.getTime();
  }

  private base(merchant: WindowMerchant): BaseSession {
    const now = this.clock.now();
    return {
      id: crypto.randomBytes(18).toString('base64url'),
      merchant,
      openedAt: now,
      expiresAt: new Date(now.getTime() + WINDOW_VALIDITY_MS),
      finished: false,
    };
  }

  private add<S extends WindowSession>(session: S): S {
    this.prune();
    this.sessions.set(session.id, session);
    return session;
  }

  private prune(): void {
    const cutoff = this.clock.now().getTime() - RETENTION_MS;
    for (const [id, s] of this.sessions) if (s.expiresAt.getTime() < cutoff) this.sessions.delete(id);
  }
}
