// Every Toss endpoint goes through the same steps, in the order Toss applies them: authenticate, claim the
// Idempotency-Key (or replay its first answer), apply a configured fault, honour TossPayments-Test-Code, run the
// operation, record the answer for replays, and answer — or, for "commit then drop", destroy the connection instead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import type { Merchant } from '../merchants/merchants.ts';
import { authenticate } from './auth.ts';
import { isKnownErrorCode, TossError } from './errors.ts';
import { sleep, type FaultRegistry, type FaultSpec } from './faults.ts';
import { claimIdempotencyKey, recordIdempotentResponse, type IdempotencyId } from './idempotency.ts';

export interface RouteDeps {
  ctx: EmulatorContext;
  faults: FaultRegistry;
}

export type TossOperation = (request: FastifyRequest<any>, merchant: Merchant) => Promise<unknown>;

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

export function tossRoute(deps: RouteDeps, operation: TossOperation) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { ctx } = deps;
    let idempotency: IdempotencyId | null = null;
    let fault: FaultSpec | null = null;
    let status = 200;
    let payload = '';
    const idempotencyKey = header(request, 'idempotency-key');
    try {
      const merchant = await authenticate(ctx.db, request.headers.authorization);
      if (request.method === 'POST' && idempotencyKey !== undefined) {
        const id = { secret_key: merchant.secretKey, idempotency_key: idempotencyKey, method: request.method, path: request.url.split('?')[0] };
        const claim = await claimIdempotencyKey(ctx.db, id, ctx.clock.now());
        if (claim.kind === 'replay') {
          reply.header('idempotency-key', idempotencyKey).code(claim.status).type(JSON_TYPE).send(claim.body);
          return;
        }
        idempotency = id;
      }
      fault = deps.faults.lookup(request.method, request.routeOptions.url ?? '');
      if (fault) {
        deps.faults.consume(fault);
        await applyFault(fault);
      }
      const testCode = header(request, 'tosspayments-test-code');
      if (testCode) throw new TossError(isKnownErrorCode(testCode) ? testCode : 'INVALID_TEST_CODE');
      const result = await operation(request, merchant);
      payload = result === undefined ? '' : JSON.stringify(result);
    } catch (err) {
      if (err instanceof TossError) {
        status = err.status;
        payload = JSON.stringify(err.toBody());
      } else {
        request.log.error({ err }, 'emulator operation failed');
        const e = new TossError('FAILED_INTERNAL_SYSTEM_PROCESSING');
        status = e.status;
        payload = JSON.stringify(e.toBody());
      }
    }
    if (idempotency) {
      await recordIdempotentResponse(ctx.db, idempotency, status, payload).catch((err) =>
        request.log.error({ err }, 'could not record an idempotent response'),
      );
    }
    if (fault?.dropRate && Math.random() < fault.dropRate) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (idempotencyKey !== undefined) reply.header('idempotency-key', idempotencyKey);
    reply.code(status);
    if (payload) reply.type(JSON_TYPE).send(payload);
    else reply.send();
  };
}
