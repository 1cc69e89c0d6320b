// The gateway as `tollgate start` runs it against PostgreSQL (JSON logs at info level to standard output), in a child
// process of the benchmark. Reports its port (and CPU time when asked) over IPC. Env: DATABASE_URL, TOLLGATE_MASTER_KEY (hex).
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext } from '../../src/context.ts';
import { buildGatewayApp } from '../../src/app.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { parseMasterKey, SecretBox } from '../../src/lib/secrets.ts';
import { openStore } from '../../src/store/database.ts';
import { reportListening } from '../lib/processes.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'production', PORT: '0' });
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: null });
const secrets = new SecretBox(parseMasterKey(config.masterKey ?? ''));
const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger(config.logLevel), secrets });
const app = await buildGatewayApp(ctx);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
reportListening(typeof address === 'object' && address ? address.port : 0);
process.on('disconnect', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
