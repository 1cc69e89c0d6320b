// The emulator alone in its own process for bench/emulator.ts: reports its port over IPC. Env: BENCH_EMULATOR_DB
// (PostgreSQL URL), BENCH_POOL (pool size).
import { buildEmulatorApp, emulatorMigrationSet } from '../src/emulator/index.ts';
import { createLogger } from '../src/lib/logger.ts';
import { migrate } from '../src/store/migrate.ts';
import { openStore } from '../src/store/database.ts';

const store = await openStore({ databaseUrl: process.env.BENCH_EMULATOR_DB!, dataDir: null, poolSize: Number(process.env.BENCH_POOL || 16) });
await migrate(store.db, emulatorMigrationSet);
const app = await buildEmulatorApp({ db: store.db, logger: createLogger('warn', 'toss-emulator-bench'), publicUrl: 'http://127.0.0.1' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
process.on('disconnect', async () => {
  await app.close();
  await store.close();
  process.exit(0);
});
