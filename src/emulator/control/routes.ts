// The control API: test-console actions that have no Toss equivalent, under /_emulator so they can never be mistaken
// for Toss paths. No authentication: it is meant for development and tests (keep the port private); writes from a
// browser are accepted only from the emulator's own pages (same-origin.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { removeBillingKeyByToss } from '../billing/service.ts';
import { advanceClock, loadClockOffset } from '../clock-store.ts';
import type { EmulatorContext } from '../context.ts';
import { invalidRequest, TossError } from '../http/errors.ts';
import { normaliseEndpoint, parseFaultSpec, type FaultRegistry } from '../http/faults.ts';
import { refuseCrossSiteWrites } from './same-origin.ts';
import { createEmulatorMerchant, forgetCachedMerchants, listMerchants, updateMerchant } from '../merchants/merchants.ts';
import { EMULATOR_SCHEMA } from '../store/migrations.ts';
import { kst } from '../time.ts';
import {
  ControlError, depositIntoVirtualAccount, expireVirtualAccount, revertDeposit,
} from '../virtual-accounts/service.ts';
import { runEmulatorWorkOnce } from '../workers.ts';
import { listWebhookDeliveries } from '../webhooks/log.ts';
import type { Kysely } from 'kysely';

export const CONTROL_PREFIX = '/_emulator';

type Body = Record<string, unknown>;

function obj(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidRequest('요청 본문은 JSON 객체여야 합니다.');
  return body as Body;
}

function optionalString(b: Body, name: string): string | undefined {
  const v = b[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`${name}: 문자열이어야 합니다.`);
  return v;
}

function nullableString(b: Body, name: string): string | null | undefined {
  return b[name] === null ? null : optionalString(b, name);
}

export function registerControlRoutes(
  app: FastifyInstance,
  deps: { ctx: EmulatorContext; root: Kysely<any>; faults: FaultRegistry },
): void {
  const { ctx, faults } = deps;
  const p = CONTROL_PREFIX;

  app.addHook('onRequest', refuseCrossSiteWrites(ctx.publicUrl));
  app.setErrorHandler((error: any, _request, reply: FastifyReply) => {
    if (error instanceof ControlError) return reply.code(error.status).send({ code: error.code, message: error.message });
    if (error instanceof TossError) return reply.code(error.status).send(error.toBody());
    return reply.code(error?.statusCode && error.statusCode < 500 ? 400 : 500).send({ code: 'INVALID_REQUEST', message: String(error?.message ?? error) });
  });

  app.post(`${p}/merchants`, async (req, reply) => {
    const b = obj(req.body);
    const mid = optionalString(b, 'mid');
    if (mid !== undefined && !/^[A-Za-z0-9_-]{1,14}$/.test(mid)) throw invalidRequest('mid: 1–14자의 영문, 숫자, -, _ 이어야 합니다.');
    try {
      const merchant = await createEmulatorMerchant(deps.root, {
        mid, name: optionalString(b, 'name'), webhookUrl: nullableString(b, 'webhookUrl'), apiVersion: optionalString(b, 'apiVersion'),
      });
      return reply.code(201).send(merchant);
    } catch (err: any) {
      if (err?.code === '23505') throw new ControlError(409, 'DUPLICATED_MID', 'a merchant with this MID exists');
      throw err;
    }
  });

  app.get(`${p}/merchants`, async () => listMerchants(ctx.db));

  app.patch(`${p}/merchants/:mid`, async (req) => {
    const b = obj(req.body);
    const merchant = await updateMerchant(ctx.db, (req.params as Body).mid as string, {
      webhookUrl: nullableString(b, 'webhookUrl'), apiVersion: optionalString(b, 'apiVersion'), name: optionalString(b, 'name'),
    });
    if (!merchant) throw new ControlError(404, 'NOT_FOUND_MERCHANT', 'no such merchant');
    return merchant;
  });

  app.post(`${p}/virtual-accounts/:paymentKey/deposit`, async (req) => {
    const b = obj(req.body);
    return depositIntoVirtualAccount(ctx, { paymentKey: (req.params as Body).paymentKey as string }, optionalString(b, 'depositorName') ?? null);
  });
  app.post(`${p}/virtual-accounts/by-number/:accountNumber/deposit`, async (req) => {
    const b = obj(req.body);
    return depositIntoVirtualAccount(ctx, { accountNumber: (req.params as Body).accountNumber as string }, optionalString(b, 'depositorName') ?? null);
  });
  app.post(`${p}/virtual-accounts/:paymentKey/revert-deposit`, async (req) => revertDeposit(ctx, (req.params as Body).paymentKey as string));
  app.post(`${p}/virtual-accounts/:paymentKey/expire`, async (req) => expireVirtualAccount(ctx, (req.params as Body).paymentKey as string));

  app.post(`${p}/billing/:billingKey/remove`, async (req) => {
    const b = obj(req.body);
    const removed = await removeBillingKeyByToss(ctx, (req.params as Body).billingKey as string, optionalString(b, 'reason') ?? '카드 해지');
    if (!removed) throw new ControlError(404, 'NOT_FOUND_BILLING', 'no such active billing key');
    return { removed: true };
  });

  app.get(`${p}/faults`, async () => {
    await faults.load();
    return faults.list();
  });
  app.put(`${p}/faults`, async (req) => {
    const spec = parseFaultSpec(req.body);
    await faults.set(spec, ctx.clock.now());
    return spec;
  });
  app.delete(`${p}/faults`, async (req) => {
    const endpoint = (req.query as Body).endpoint;
    await faults.clear(typeof endpoint === 'string' ? normaliseEndpoint(endpoint) : undefined);
    return { cleared: true };
  });

  app.get(`${p}/clock`, async () => {
    await loadClockOffset(ctx.db, ctx.clock);
    return { now: kst(ctx.clock.now()), iso: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offset };
  });
  app.post(`${p}/clock/advance`, async (req) => {
    const ms = obj(req.body).ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw invalidRequest('ms: 0 이상의 숫자여야 합니다.');
    await advanceClock(ctx.db, ctx.clock, ms);
    return { now: kst(ctx.clock.now()), iso: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offset };
  });

  /** Runs one pass of the background workers now (expiries, due webhooks) instead of waiting for the next poll. */
  app.post(`${p}/work`, async () => runEmulatorWorkOnce(ctx, deps.root));

  app.get(`${p}/webhooks`, async (req) => {
    const q = req.query as Body;
    return listWebhookDeliveries(ctx.db, {
      mid: typeof q.mid === 'string' ? q.mid : undefined,
      paymentKey: typeof q.paymentKey === 'string' ? q.paymentKey : undefined,
      status: typeof q.status === 'string' ? q.status : undefined,
      limit: typeof q.limit === 'string' && /^\d+$/.test(q.limit) ? Math.min(1000, Number(q.limit)) : 100,
    });
  });

  /** Deletes every payment, key, receipt, idempotency record, webhook and fault; `{"merchants": true}` also merchants. */
  app.post(`${p}/reset`, async (req) => {
    const b = obj(req.body);
    const s = sql.id(EMULATOR_SCHEMA);
    const tables = ['webhook_attempts', 'webhook_deliveries', 'cancels', 'cash_receipts', 'payments', 'billing_auths', 'billing_keys',
      'fixed_accounts', 'idempotent_requests', 'faults'];
    if (b.merchants === true) tables.push('merchants');
    await sql`truncate ${sql.join(tables.map((t) => sql`${s}.${sql.id(t)}`))}`.execute(deps.root);
    await faults.clear();
    forgetCachedMerchants();
    return { reset: true };
  });
}
