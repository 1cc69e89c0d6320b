// Basic auth as Toss answers it: the secret key is the user name and the password is empty, so the decoded value must
// contain the colon. Wrong format → 403, unknown key → 401, a client key where the secret key belongs → 400.
import type { Kysely } from 'kysely';
import { findMerchantByClientKey, findMerchantBySecretKey, type Merchant } from '../merchants/merchants.ts';
import { TossError } from './errors.ts';

export async function authenticate(db: Kysely<any>, header: string | undefined): Promise<Merchant> {
  if (!header) throw new TossError('UNAUTHORIZED_KEY');
  const match = /^Basic\s+(.*)$/i.exec(header.trim());
  if (!match) throw new TossError('UNAUTHORIZED_KEY');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new TossError('INCORRECT_BASIC_AUTH_FORMAT');
  const key = decoded.slice(0, colon);
  if (!key) throw new TossError('UNAUTHORIZED_KEY');
  const merchant = await findMerchantBySecretKey(db, key);
  if (merchant) return merchant;
  if (/^(test|live)_c?g?ck_/.test(key) && (await findMerchantByClientKey(db, key))) throw new TossError('INVALID_API_KEY');
  throw new TossError('UNAUTHORIZED_KEY');
}
