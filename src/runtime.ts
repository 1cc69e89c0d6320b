// Opens everything a Tollgate process needs before it serves or administers: the data directory lock (embedded store
// only), the store, the master key, both parts' migrations, and the gateway's context.
import type { Config } from './config.ts';
import { createGatewayContext, type GatewayContext } from './context.ts';
import { AdjustableClock } from './lib/clock.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { loadMasterKey, SecretBox } from './lib/secrets.ts';
import { openStore } from './store/database.ts';
import { lockDataDir } from './store/data-dir-lock.ts';
import { migrate } from './store/migrate.ts';
import { checkMasterKey, migrateGateway } from './store/open-gateway.ts';
import { emulatorMigrationSet } from './emulator/index.ts';

export interface Runtime {
  ctx: GatewayContext;
  clock: AdjustableClock;
  logger: Logger;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, command: string, logger = createLogger(config.logLevel)): Promise<Runtime> {
  const lock = config.databaseUrl ? null : lockDataDir(config.dataDir, command);
  try {
    const store = await openStore<any>({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const masterKey = loadMasterKey({
        fromEnv: config.masterKey,
        dataDir: config.dataDir,
        // Several nodes over one PostgreSQL must share one key, so production never invents one.
        mayGenerate: !(config.env === 'production' && config.databaseUrl),
      });
      const secrets = new SecretBox(masterKey);
      const applied = [...(await migrateGateway(store.db)), ...(await migrate(store.db, emulatorMigrationSet))];
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
      const clock = new AdjustableClock();
      const ctx = createGatewayContext({ config, store, clock, logger, secrets });
      await checkMasterKey(ctx.db, secrets);
      return {
        ctx,
        clock,
        logger,
        async close() {
          await store.close();
          lock?.release();
        },
      };
    } catch (error) {
      await store.close();
      throw error;
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
}
