// The Toss emulator alone in a child process of the benchmark, on PostgreSQL; reports its port (and CPU time when
// asked) over IPC. Env: DATABASE_URL, BENCH_POOL (pool size, default 16).
import { buildEmulatorApp } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openStore } from '../../src/store/database.ts';
import { reportListening } from '../lib/processes.ts';

const store = await openStore({ databaseUrl: process.env.DATABASE_URL!, dataDir: null, poolSize: Number(process.env.BENCH_POOL || 16) });
const app = await buildEmulatorApp({ db: store.db, logger: createLogger('warn'), publicUrl: 'http://127.0.0.1' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
reportListening(typeof address === 'object' && address ? address.port : 0);
process.on('disconnect', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
