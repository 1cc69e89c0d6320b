// `tollgate emulator`: the Toss Payments emulator alone, for developers testing any Toss integration against it.
import type { Config } from '../config.ts';
import { createLogger } from '../lib/logger.ts';
import { openStore } from '../store/database.ts';
import { lockDataDir } from '../store/data-dir-lock.ts';
import { migrate } from '../store/migrate.ts';
import { buildEmulatorApp, emulatorMigrationSet, startEmulatorWorkers } from '../emulator/index.ts';

export async function runEmulatorAlone(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, 'toss-emulator');
  const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, 'emulator');
  const store = await openStore<any>({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(store.db, emulatorMigrationSet);
  const app = await buildEmulatorApp({ db: store.db, logger, publicUrl: config.emulatorPublicUrl });
  await app.listen({ host: config.emulator.host, port: config.emulator.port });
  const workers = startEmulatorWorkers({ db: store.db, logger });
  logger.info(
    { url: config.emulatorPublicUrl, developerCenter: `${config.emulatorPublicUrl}/_emulator/devcenter`, store: store.describe },
    'Toss Payments emulator listening',
  );
  const shutdown = async () => {
    await workers.stop();
    await app.close();
    await store.close();
    lock?.release();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
