// The V1 envelope `{code, message, response}` and how core's failure kinds travel on the wire (reference §3).
import type { FastifyReply } from 'fastify';
import type { FailureKind } from '../core/errors.ts';

export interface Envelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

export const CONTENT_TYPE = 'application/json; charset=utf-8';

/** HTTP status and envelope code for each kind of refusal. Business refusals are HTTP 200 in V1. */
export const WIRE_FAILURE: Record<FailureKind, { status: number; code: number }> = {
  invalid: { status: 400, code: -1 },
  unauthorized: { status: 401, code: -1 },
  not_found: { status: 404, code: -1 },
  rejected: { status: 200, code: 1 },
  pg_declined: { status: 200, code: -1 },
  upstream: { status: 500, code: -1 },
};

export function sendSuccess<T>(reply: FastifyReply, response: T, status = 200): FastifyReply {
  return reply.code(status).type(CONTENT_TYPE).send({ code: 0, message: null, response } satisfies Envelope<T>);
}

export function sendFailure(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  if (status === 401) reply.header('WWW-Authorize', 'iamport');
  return reply.code(status).type(CONTENT_TYPE).send({ code, message, response: null } satisfies Envelope<null>);
}
