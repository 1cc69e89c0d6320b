// The bare Fastify + `pg` look-up (lib/bare-app.ts) as a server process. Env: DATABASE_URL. Reports its port (and CPU
// time when asked) over IPC.
import pg from 'pg';
import { buildBareApp } from '../lib/bare-app.ts';
import { reportListening } from '../lib/processes.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = buildBareApp(pool);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
reportListening(typeof address === 'object' && address ? address.port : 0);
process.on('disconnect', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
