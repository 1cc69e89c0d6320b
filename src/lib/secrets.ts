// Secrets at rest: AES-256-GCM for values Tollgate must read back (Toss secret keys, billing keys), a keyed hash for
// values it only compares (REST API secrets). Both use the master key, which never enters the database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.key = masterKey;
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for secrets that are only ever compared. */
  hash(value: string): string {
    return crypto.createHmac('sha256', this.key).update(value, 'utf8').digest('base64url');
  }

  /** Constant-time comparison of a presented secret with a stored hash. */
  verify(value: string, storedHash: string): boolean {
    const a = Buffer.from(this.hash(value));
    const b = Buffer.from(storedHash);
    return a.length === b.length && crypto.timingSafeEqual(a, b);
  }

  /** Identifies the key without revealing it, so a store can refuse a different key than it was written with. */
  fingerprint(): string {
    return this.hash('tollgate master key fingerprint').slice(0, 16);
  }
}

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('TOLLGATE_MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
  return key;
}

/**
 * The key from the environment, else the one kept in the data directory, else a new one written there with mode 0600.
 * Production with a database server must pass the key explicitly: every node needs the same one.
 */
export function loadMasterKey(opts: { fromEnv: string | null; dataDir: string; mayGenerate: boolean }): Buffer {
  if (opts.fromEnv) return parseMasterKey(opts.fromEnv);
  const file = path.join(opts.dataDir, 'master.key');
  if (fs.existsSync(file)) return parseMasterKey(fs.readFileSync(file, 'utf8'));
  if (!opts.mayGenerate) {
    throw new Error('TOLLGATE_MASTER_KEY is not set; every node of a shared database needs the same key');
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
