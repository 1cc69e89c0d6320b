// Whatever fails before a handler runs (body too large, unsupported media type, an unknown path) still answers in
// Toss's `{code, message}` envelope, never as Fastify's own error shape or a bare 500.
import type { FastifyInstance } from 'fastify';
import { MALFORMED_BODY } from './body.ts';
import { invalidRequest, TossError } from './errors.ts';

export function installTossErrorHandling(app: FastifyInstance): void {
  // Parse leniently here so a malformed body is reported by the handler, after authentication, as INVALID_REQUEST.
  const parse = (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, MALFORMED_BODY);
    }
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  app.addContentTypeParser('*', { parseAs: 'string' }, parse);

  app.setErrorHandler((error: any, request, reply) => {
    if (error instanceof TossError) return reply.code(error.status).send(error.toBody());
    const status = typeof error?.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) {
      const e = invalidRequest(status === 413 ? '요청 본문이 너무 큽니다.' : undefined);
      return reply.code(400).send(e.toBody());
    }
    request.log.error({ err: error }, 'emulator request failed');
    return reply.code(500).send(new TossError('FAILED_INTERNAL_SYSTEM_PROCESSING').toBody());
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(new TossError('NOT_FOUND').toBody()));
}
