// Identifiers in the formats Toss uses, from a cryptographic source.
import crypto from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn from a pooled buffer: one system call per 4 KiB instead of one per identifier.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset >= pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++];
}

export function randomAlnum(count: number): string {
  let out = '';
  while (out.length < count) {
    // Bytes >= 248 would favour the first characters; drop them.
    const byte = randomByte();
    if (byte < 248) out += ALNUM[byte % 62];
  }
  return out;
}

function digits(count: number): string {
  let out = '';
  while (out.length < count) {
    const byte = randomByte();
    if (byte < 250) out += byte % 10;
  }
  return out;
}

function hex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += randomByte().toString(16).padStart(2, '0');
  return out;
}

/** New-style key: 5 characters of the MID, the KST time to the second, then randomness (10 characters, not Toss's 5, so a
 * busy second never collides). */
export function newPaymentKey(mid: string, now: Date): string {
  const prefix = (mid.replace(/[^A-Za-z0-9]/g, '') + 'xxxxx').slice(0, 5).toLowerCase();
  const kst = new Date(now.getTime() + 9 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${prefix}${kst}${randomAlnum(10)}`;
}

export const newTransactionKey = () => hex(16).toUpperCase();
export const newSecret = () => `ps_${randomAlnum(27)}`;
export const newClientKey = () => `test_ck_${randomAlnum(28)}`;
export const newSecretKey = () => `test_sk_${randomAlnum(28)}`;
export const newBillingKey = () => `${randomAlnum(30)}${crypto.randomBytes(9).toString('base64').replace(/[+/]/g, '_')}`;
export const newAuthKey = () => `bln_${randomAlnum(32)}`;
export const newReceiptKey = () => `${randomAlnum(30)}`;
export const newApproveNo = () => digits(8);
export const newIssueNumber = () => digits(9);
export const newMid = () => `tvemu${digits(9)}`;
/** Test virtual accounts start with `X`, as in Toss's test mode. */
export const newAccountNumber = () => `X${digits(13)}`;
