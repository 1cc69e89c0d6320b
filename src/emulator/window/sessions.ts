// Open billing-auth windows. A window lives 30 minutes; nothing is stored for it until the buyer registers a card
// (then the emulator keeps the authKey), so its session is process memory: a billing window left open across an
// emulator restart answers as expired. Payment windows need none of this: their state is the payment's row.
import crypto from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { AUTHENTICATION_WINDOW_MS } from '../payments/window.ts';
import type { WindowMerchant } from './backend.ts';
import type { BillingWindowRequest } from './request.ts';

/** Finished or expired sessions are still answered (with the expiry page) for a while, then forgotten. */
const RETENTION_MS = 2 * 60 * 60_000;

export interface BillingSession {
  kind: 'billing';
  id: string;
  req: BillingWindowRequest;
  merchant: WindowMerchant;
  openedAt: Date;
  expiresAt: Date;
  finished: boolean;
}

export class WindowSessions {
  private readonly sessions = new Map<string, BillingSession>();

  constructor(private readonly clock: Clock) {}

  openBilling(merchant: WindowMerchant, req: BillingWindowRequest): BillingSession {
    this.prune();
    const now = this.clock.now();
    const session: BillingSession = {
      kind: 'billing',
      id: crypto.randomBytes(18).toString('base64url'),
      req,
      merchant,
      openedAt: now,
      expiresAt: new Date(now.getTime() + AUTHENTICATION_WINDOW_MS),
      finished: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): BillingSession | null {
    return this.sessions.get(id) ?? null;
  }

  isExpired(session: BillingSession): boolean {
    return this.clock.now().getTime() >= session.expiresAt.getTime();
  }

  private prune(): void {
    const cutoff = this.clock.now().getTime() - RETENTION_MS;
    for (const [id, s] of this.sessions) if (s.expiresAt.getTime() < cutoff) this.sessions.delete(id);
  }
}
