// The V1 wire conventions applied to a Fastify app: body parsers, the error envelope for every failure (never a stack
// trace), and the not-found answer.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.ts';
import { parseParams, trimNames } from './params.ts';
import { sendFailure, WIRE_FAILURE } from './envelope.ts';

export const MESSAGES = {
  malformedBody: '요청 본문을 해석할 수 없습니다. JSON 또는 application/x-www-form-urlencoded 형식으로 보내주세요.',
  notFound: '요청하신 API를 찾을 수 없습니다.',
  internal: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
  tooLarge: '요청 본문이 너무 큽니다.',
  badUrl: '요청 URL을 해석할 수 없습니다. 경로의 퍼센트 인코딩을 확인해주세요.',
  nulCharacter: '요청 파라메터에 허용되지 않는 문자(NUL)가 포함되어 있습니다.',
};

/** Whether a parsed parameter holds U+0000 anywhere, in a name or a value (PostgreSQL text cannot store it). */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
  }
  return false;
}

/** Parses a body that is JSON or form-encoded, whatever the declared type (some clients declare neither right). */
function parseBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return trimNames(JSON.parse(trimmed));
    } catch {
      throw Object.assign(new Error(MESSAGES.malformedBody), { statusCode: 400, code: 'TG_MALFORMED_BODY' });
    }
  }
  return parseParams(trimmed);
}

/** A validation error from a route schema, in the V1 style: the parameter's name and what is wrong with it. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return MESSAGES.malformedBody;
  const params = first.params as Record<string, unknown>;
  const path = String(first.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (first.keyword === 'required') return `${params.missingProperty} 파라메터가 누락되었습니다.`;
  const name = path || String(error.validationContext ?? 'body');
  return `${name} 파라메터의 값이 올바르지 않습니다. (${first.message ?? 'invalid'})`;
}

/**
 * Errors Fastify raises before routing (a path with broken percent-encoding such as `/payments/%zz`) skip the error
 * handler; this answers them with the V1 envelope too. Passed as the `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  sendFailure(reply, 400, -1, error.code === 'FST_ERR_BAD_URL' ? MESSAGES.badUrl : MESSAGES.malformedBody);
}

export function applyWireConventions(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // Refused before any handler: a NUL would otherwise reach the database as an error instead of a V1 400.
  app.addHook('preValidation', async (request, reply) => {
    if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) {
      return sendFailure(reply, 400, -1, MESSAGES.nulCharacter);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const wire = WIRE_FAILURE[error.kind];
      return sendFailure(reply, wire.status, wire.code, error.message);
    }
    if (error.validation) return sendFailure(reply, 400, -1, validationMessage(error));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendFailure(reply, 413, -1, MESSAGES.tooLarge);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendFailure(reply, status, -1, error.code === 'TG_MALFORMED_BODY' ? error.message : MESSAGES.malformedBody);
    request.log.error({ err: error }, 'unhandled error');
    return sendFailure(reply, 500, -1, MESSAGES.internal);
  });

  app.setNotFoundHandler((_request, reply) => sendFailure(reply, 404, -1, MESSAGES.notFound));
}
