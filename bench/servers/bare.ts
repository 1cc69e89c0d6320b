// The reference: the same payment look-up with nothing but Fastify and `pg` — one select by imp_uid, the row as JSON.
// What the gateway adds on top (token check, merchant scoping, the 54-field serializer, logs, metrics) is measured
// against this. Env: DATABASE_URL. Reports its port (and CPU time when asked) over IPC.
import Fastify from 'fastify';
import { reportListening } from '../lib/processes.ts';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();
app.get<{ Params: { imp_uid: string } }>('/payments/:imp_uid', async (request, reply) => {
  const { rows } = await pool.query('select * from tollgate.payments where imp_uid = $1', [request.params.imp_uid]);
  if (rows.length === 0) return reply.code(404).send({ code: -1, message: 'not found', response: null });
  return { code: 0, message: null, response: rows[0] };
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
reportListening(typeof address === 'object' && address ? address.port : 0);
process.on('disconnect', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
