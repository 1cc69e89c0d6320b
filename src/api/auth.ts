// Finds the access token in any of the four places V1 clients put it (reference §2.3) and resolves the caller.
// `Authorization` (raw or `Bearer`) wins over `X-ImpTokenHeader`, which wins over `?_token=`.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.ts';
import type { Caller, Tokens } from '../core/auth/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export function presentedToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (authorization) return authorization.replace(/^Bearer\s+/i, '').trim();
  const legacy = request.headers['x-imptokenheader'];
  if (typeof legacy === 'string' && legacy) return legacy.trim();
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query._token === 'string' && query._token) return query._token.trim();
  return null;
}

/** Marks the hook `requireToken` returns, so the API description can tell which operations need a token. */
export const TOKEN_REQUIRED = Symbol('tollgate.tokenRequired');

/** A preHandler that admits only callers with a live token. */
export function requireToken(tokens: Tokens) {
  const check = async (request: FastifyRequest): Promise<void> => {
    const token = presentedToken(request);
    const caller = token ? await tokens.authenticate(token) : null;
    if (!caller) throw new DomainError('unauthorized', 'Unauthorized');
    request.caller = caller;
  };
  return Object.assign(check, { [TOKEN_REQUIRED]: true });
}
