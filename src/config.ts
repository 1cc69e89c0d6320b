// Every setting Tollgate reads from the environment, in one place. The README's configuration table mirrors this file.
import path from 'node:path';

export type Environment = 'development' | 'production' | 'test';

export interface Config {
  env: Environment;
  host: string;
  port: number;
  /** PostgreSQL server; when unset the embedded PGlite store under dataDir is used. */
  databaseUrl: string | null;
  dataDir: string;
  /** 32-byte key (hex or base64) encrypting secrets at rest; generated into dataDir when absent. */
  masterKey: string | null;
  logLevel: string;
  emulator: {
    enabled: boolean;
    host: string;
    port: number;
  };
  /** Public base URL of the gateway as browsers and PGs see it (for return URLs). */
  publicUrl: string;
  /** Public base URL of the emulator (what a demo channel's API base and script URL point at). */
  emulatorPublicUrl: string;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Environment;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new Error(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const host = env.HOST || '127.0.0.1';
  const port = int('PORT', env.PORT, 7700);
  const emulatorPort = int('TOSS_EMULATOR_PORT', env.TOSS_EMULATOR_PORT, 7701);
  const browserHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    env: nodeEnv,
    host,
    port,
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.TOLLGATE_DATA_DIR || './data'),
    masterKey: env.TOLLGATE_MASTER_KEY || null,
    logLevel: env.LOG_LEVEL || 'info',
    emulator: {
      enabled: (env.TOSS_EMULATOR ?? 'on') !== 'off',
      host,
      port: emulatorPort,
    },
    publicUrl: (env.TOLLGATE_PUBLIC_URL || `http://${browserHost}:${port}`).replace(/\/$/, ''),
    emulatorPublicUrl: (env.TOSS_EMULATOR_PUBLIC_URL || `http://${browserHost}:${emulatorPort}`).replace(/\/$/, ''),
  };
}
