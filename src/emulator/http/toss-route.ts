// Every Toss endpoint goes through the same steps, in the order Toss applies them: authenticate, claim the
// Idempotency-Key (or replay its first answer), apply a configured fault, honour TossPayments-Test-Code, run the
// operation, record the answer for replays, and answer — or, for "commit then drop", destroy the connection instead.
// An operation registered with `commitsAnswer` (the billing charge) writes its answer in the statement of its change
// when no fault or test code applies: one commit instead of three, the same replays.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import type { Merchant } from '../merchants/merchants.ts';
import { authenticate } from './auth.ts';
import { isKnownErrorCode, TossError } from './errors.ts';
import { sleep, type FaultRegistry, type FaultSpec } from './faults.ts';
import {
  assertIdempotencyKey, claimIdempotencyKey, CommittedAnswer, IdempotencyKeyTaken, recordIdempotentResponse,
  recordUnclaimedAnswer, type AnswerCommit, type IdempotencyId,
} from './idempotency.ts';

export interface RouteDeps {
  ctx: EmulatorContext;
  faults: FaultRegistry;
}

export type TossOperation = (request: FastifyRequest<any>, merchant: Merchant, commit?: AnswerCommit) => Promise<unknown>;

export interface RouteOptions {
  /** The operation accepts an AnswerCommit (used when no fault or test code applies to the request). */
  commitsAnswer?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function applyFault(fault: FaultSpec): Promise<void> {
  const latency = (fault.latencyMs ?? 0) + (fault.jitterMs ? Math.random() * fault.jitterMs : 0);
  if (latency > 0) await sleep(latency);
  if (fault.hangSeconds === null) await new Promise<never>(() => {});
  if (typeof fault.hangSeconds === 'number') await sleep(fault.hangSeconds * 1000);
  if (fault.errorRate && Math.random() < fault.errorRate) {
    const code = fault.errorCode ?? 'FAILED_INTERNAL_SYSTEM_PROCESSING';
    throw new TossError(code, fault.errorMessage, fault.errorStatus ?? (isKnownErrorCode(code) ? undefined : 500));
  }
}

type Answer = { status: number; payload: string };

function errorAnswer(request: FastifyRequest, err: unknown): Answer {
  if (err instanceof TossError) return { status: err.status, payload: JSON.stringify(err.toBody()) };
  request.log.error({ err }, 'emulator operation failed');
  const e = new TossError('FAILED_INTERNAL_SYSTEM_PROCESSING');
  return { status: e.status, payload: JSON.stringify(e.toBody()) };
}

export function tossRoute(deps: RouteDeps, operation: TossOperation, options: RouteOptions = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { ctx } = deps;
    let idempotency: IdempotencyId | null = null;
    let fault: FaultSpec | null = null;
    let answer: Answer;
    const idempotencyKey = header(request, 'idempotency-key');
    const replay = (claim: { status: number; body: string }) => {
      reply.header('idempotency-key', idempotencyKey).code(claim.status).type(JSON_TYPE).send(claim.body);
    };
    try {
      const merchant = await authenticate(ctx.db, request.headers.authorization);
      const id = request.method === 'POST' && idempotencyKey !== undefined
        ? { secret_key: merchant.secretKey, idempotency_key: idempotencyKey, method: request.method, path: request.url.split('?')[0] }
        : null;
      fault = deps.faults.lookup(request.method, request.routeOptions.url ?? '');
      const testCode = header(request, 'tosspayments-test-code');
      if (id && options.commitsAnswer && !fault && !testCode) {
        assertIdempotencyKey(id);
        const committed = await commitWithAnswer(request, merchant, id);
        if ('body' in committed) return replay(committed);
        if (committed.recorded) return send(reply, idempotencyKey, committed);
        idempotency = id; // an expired key was taken over: answered below and recorded like any other
      } else if (id) {
        const claim = await claimIdempotencyKey(ctx.db, id, ctx.clock.now());
        if (claim.kind === 'replay') return replay(claim);
        idempotency = id;
      }
      if (fault) {
        deps.faults.consume(fault);
        await applyFault(fault);
      }
      if (testCode) throw new TossError(isKnownErrorCode(testCode) ? testCode : 'INVALID_TEST_CODE');
      const result = await operation(request, merchant);
      answer = { status: 200, payload: result === undefined ? '' : JSON.stringify(result) };
    } catch (err) {
      answer = errorAnswer(request, err);
    }
    if (idempotency) {
      await recordIdempotentResponse(ctx.db, idempotency, answer.status, answer.payload).catch((err) =>
        request.log.error({ err }, 'could not record an idempotent response'),
      );
    }
    if (fault?.dropRate && Math.random() < fault.dropRate) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    send(reply, idempotencyKey, answer);
  };

  /**
   * The one-statement path: the operation commits its answer with its change. A failure is recorded as the key's answer
   * unless the key has an owner already, whose answer is replayed (or 409 while in flight). `recorded: false` means an
   * expired or abandoned key was taken over and the caller answers as on the claiming path.
   */
  async function commitWithAnswer(
    request: FastifyRequest,
    merchant: Merchant,
    id: IdempotencyId,
  ): Promise<{ kind: 'replay'; status: number; body: string } | (Answer & { recorded: boolean })> {
    const { ctx } = deps;
    const now = ctx.clock.now();
    try {
      const result = await operation(request, merchant, { id, now });
      if (!(result instanceof CommittedAnswer)) throw new Error('an operation that commits its answer returned none');
      return { status: 200, payload: result.payload, recorded: true };
    } catch (err) {
      if (err instanceof IdempotencyKeyTaken) {
        const claim = await claimIdempotencyKey(ctx.db, id, now);
        if (claim.kind === 'replay') return claim;
        const retried = await operation(request, merchant).then(
          (r) => ({ status: 200, payload: r === undefined ? '' : JSON.stringify(r) }),
          (e) => errorAnswer(request, e),
        );
        await recordIdempotentResponse(ctx.db, id, retried.status, retried.payload);
        return { ...retried, recorded: true };
      }
      const failed = errorAnswer(request, err);
      const recorded = await recordUnclaimedAnswer(ctx.db, id, failed.status, failed.payload, now);
      if (recorded === 'recorded') return { ...failed, recorded: true };
      if (recorded.kind === 'replay') return recorded;
      return { ...failed, recorded: false };
    }
  }
}

function send(reply: FastifyReply, idempotencyKey: string | undefined, answer: Answer): void {
  if (idempotencyKey !== undefined) reply.header('idempotency-key', idempotencyKey);
  reply.code(answer.status);
  if (answer.payload) reply.type(JSON_TYPE).send(answer.payload);
  else reply.send();
}
