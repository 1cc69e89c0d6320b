// The reference: the same payment look-up with nothing but Fastify and `pg` — one select by imp_uid, the row as JSON.
// What the gateway adds on top (token check, merchant scoping, the 54-field serializer, logs, metrics) is measured
// against this.
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

export function buildBareApp(pool: pg.Pool): FastifyInstance {
  const app = Fastify();
  app.get<{ Params: { imp_uid: string } }>('/payments/:imp_uid', async (request, reply) => {
    const { rows } = await pool.query('select * from tollgate.payments where imp_uid = $1', [request.params.imp_uid]);
    if (rows.length === 0) return reply.code(404).send({ code: -1, message: 'not found', response: null });
    return { code: 0, message: null, response: rows[0] };
  });
  return app;
}
