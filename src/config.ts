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
  /**
   * Which proxies in front of the gateway to believe about the client's address (X-Forwarded-For), as Fastify's
   * `trustProxy`: false (the socket's peer is the client), true (the peer, whatever its address, is the one proxy in
   * front: the last X-Forwarded-For entry is the client), or the proxies' addresses and CIDR ranges.
   * The console's sign-in throttle counts failures per client address, so behind a proxy without this every client
   * shares the proxy's address; with it and no proxy, anyone can claim any address.
   */
  trustProxy: TrustProxy;
  emulator: {
    enabled: boolean;
    host: string;
    port: number;
  };
  /** Public base URL of the gateway as browsers and PGs see it (for return URLs). */
  publicUrl: string;
  /** Public base URL of the emulator (what a demo channel's API base and script URL point at). */
  emulatorPublicUrl: string;
  webhooks: {
    /** Which private targets may receive webhooks: none, loopback only (development and tests) or all. */
    allowPrivate: PrivateTargets;
    /** How often each node looks for due deliveries, and how many it claims at once. */
    pollIntervalMs: number;
    batchSize: number;
  };
  /** Whether the gateway clock may be moved forward by an operator (never in production). */
  clockAdjustable: boolean;
  /** Calls to Toss and the reconciliation of those whose outcome is unknown. */
  pg: {
    connectTimeoutMs: number;
    /** How long a money-moving call may take before its outcome counts as unknown. */
    readTimeoutMs: number;
    /** When the reconciler takes over an attempt whose request never came back (a dead process); > both timeouts. */
    staleAfterMs: number;
    /** How long after a call Toss having no record of it is believed (before that, the call may still arrive). */
    absentAfterMs: number;
    /** Longest wait between two look-ups of one unknown outcome (they start at 1 s and double). */
    maxCheckDelayMs: number;
  };
}

export type PrivateTargets = 'none' | 'loopback' | 'all';

export type TrustProxy = boolean | string[];

function trustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === 'off') return false;
  if (text === 'true' || text === 'on') return true;
  const list = text.split(',').map((a) => a.trim()).filter(Boolean);
  if (list.some((a) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(a) && !['loopback', 'linklocal', 'uniquelocal'].includes(a))) {
    throw new Error(`TOLLGATE_TRUST_PROXY must be true, false or the proxies' addresses/CIDR ranges separated by commas, got "${text}"`);
  }
  return list;
}

function privateTargets(value: string | undefined, env: Environment): PrivateTargets {
  if (value === undefined || value === '') return env === 'production' ? 'none' : 'loopback';
  if (value === 'true' || value === 'all') return 'all';
  if (value === 'false' || value === 'none') return 'none';
  if (value === 'loopback') return 'loopback';
  throw new Error(`TOLLGATE_WEBHOOK_ALLOW_PRIVATE must be none, loopback or all, got "${value}"`);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
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
    trustProxy: trustProxy(env.TOLLGATE_TRUST_PROXY),
    emulator: {
      enabled: (env.TOSS_EMULATOR ?? 'on') !== 'off',
      host,
      port: emulatorPort,
    },
    publicUrl: (env.TOLLGATE_PUBLIC_URL || `http://${browserHost}:${port}`).replace(/\/$/, ''),
    emulatorPublicUrl: (env.TOSS_EMULATOR_PUBLIC_URL || `http://${browserHost}:${emulatorPort}`).replace(/\/$/, ''),
    webhooks: {
      allowPrivate: privateTargets(env.TOLLGATE_WEBHOOK_ALLOW_PRIVATE, nodeEnv),
      pollIntervalMs: positive('TOLLGATE_WEBHOOK_POLL_MS', env.TOLLGATE_WEBHOOK_POLL_MS, 200),
      batchSize: positive('TOLLGATE_WEBHOOK_BATCH', env.TOLLGATE_WEBHOOK_BATCH, 100),
    },
    clockAdjustable: nodeEnv !== 'production',
    pg: pgSettings(env),
  };
}

function pgSettings(env: NodeJS.ProcessEnv): Config['pg'] {
  const connectTimeoutMs = positive('TOSS_CONNECT_TIMEOUT_MS', env.TOSS_CONNECT_TIMEOUT_MS, 5_000);
  const readTimeoutMs = positive('TOSS_READ_TIMEOUT_MS', env.TOSS_READ_TIMEOUT_MS, 30_000);
  const staleAfterMs = positive('TOLLGATE_PG_STALE_AFTER_MS', env.TOLLGATE_PG_STALE_AFTER_MS, 60_000);
  if (staleAfterMs <= connectTimeoutMs + readTimeoutMs) {
    throw new Error('TOLLGATE_PG_STALE_AFTER_MS must exceed TOSS_CONNECT_TIMEOUT_MS + TOSS_READ_TIMEOUT_MS');
  }
  return {
    connectTimeoutMs,
    readTimeoutMs,
    staleAfterMs,
    absentAfterMs: positive('TOLLGATE_PG_ABSENT_AFTER_MS', env.TOLLGATE_PG_ABSENT_AFTER_MS, 30_000),
    maxCheckDelayMs: positive('TOLLGATE_PG_MAX_CHECK_DELAY_MS', env.TOLLGATE_PG_MAX_CHECK_DELAY_MS, 300_000),
  };
}
