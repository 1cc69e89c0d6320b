// Identifier formats of the V1 protocol, generated from a cryptographic source.
import crypto from 'node:crypto';

function digits(count: number): string {
  let out = '';
  while (out.length < count) {
    // Rejection sampling keeps every digit uniform: bytes >= 250 would favour 0–5.
    for (const byte of crypto.randomBytes(count)) if (byte < 250 && out.length < count) out += String(byte % 10);
  }
  return out;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(count: number): string {
  let out = '';
  for (const byte of crypto.randomBytes(count)) out += BASE32[byte & 31];
  return out;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of crypto.randomBytes(count)) if (byte < 248 && out.length < count) out += ALNUM[byte % 62];
  }
  return out;
}

/** `imp_` + 12 digits, e.g. `imp_448280090638`. */
export const newImpUid = () => `imp_${digits(12)}`;
/** Merchant identification code: `imp` + 8 digits. */
export const newUserCode = () => `imp${digits(8)}`;
/** REST API key: 16 digits, like PortOne's. */
export const newImpKey = () => digits(16);
/** REST API secret: 80 alphanumerics. */
export const newImpSecret = () => alnum(80);
/** Access token: 40 lowercase hex characters. */
export const newAccessToken = () => crypto.randomBytes(20).toString('hex');
/** 20 upper-case base32 characters, e.g. `06JC8FVHJTW2WY16FEY0`. */
export const newCancellationId = () => base32(20);
export const newChannelKey = () => `channel-key-${crypto.randomUUID()}`;
export const newCustomerId = () => `customer-id-${crypto.randomUUID()}`;

export const USER_CODE_PATTERN = /^imp\d{8}$/;
export const IMP_UID_PATTERN = /^imp_\d{12}$/;
