// Fixed virtual accounts (고정식 가상계좌): one account number per customer key (accountKey) of a merchant, at one
// bank, handed out again for every order with that key. Shared by the API issue and the payment window.
import type { Kysely } from 'kysely';
import { TossError } from '../http/errors.ts';
import { newAccountNumber } from '../keys.ts';

export async function fixedAccountNumber(db: Kysely<any>, mid: string, accountKey: string, bankCode: string): Promise<string> {
  await db
    .insertInto('fixed_accounts')
    .values({ mid, account_key: accountKey, bank: bankCode, account_number: newAccountNumber() })
    .onConflict((oc) => oc.columns(['mid', 'account_key']).doNothing())
    .execute();
  const fixed = await db
    .selectFrom('fixed_accounts')
    .selectAll()
    .where('mid', '=', mid)
    .where('account_key', '=', accountKey)
    .executeTakeFirstOrThrow();
  if (fixed.bank !== bankCode) throw new TossError('INVALID_BANK', '고정 가상계좌의 은행과 요청한 은행이 다릅니다.');
  return fixed.account_number;
}
