// Picking the merchant's PG channel for a flow and unsealing its credentials for one call.
import { rejected } from '../errors.ts';
import type { ChannelRecord } from '../merchants/repository.ts';
import type { PgAccount } from '../pg/connector.ts';
import type { SecretBox } from '../../lib/secrets.ts';

export const CHANNEL_MESSAGES = {
  noApiChannel: '비인증결제모듈 사용정보를 찾을 수 없습니다.',
  noPaymentChannel: '가상계좌 발급이 가능한 PG사 계약이 필요합니다.',
};

export interface ChannelSource {
  channels(merchantId: number): Promise<ChannelRecord[]>;
}

/**
 * The enabled Toss channel of the given type. A `channel_key` picks one explicitly; otherwise the first one configured
 * (V1 merchants with one channel per type never name it).
 */
export async function tossChannel(
  source: ChannelSource,
  merchantId: number,
  type: ChannelRecord['type'],
  channelKey: string | null,
): Promise<ChannelRecord> {
  const channels = (await source.channels(merchantId)).filter(
    (c) => c.enabled && c.type === type && c.pgProvider === 'tosspayments' && (!channelKey || c.channelKey === channelKey),
  );
  const channel = channels[0];
  if (!channel) throw rejected(type === 'api_payment' ? CHANNEL_MESSAGES.noApiChannel : CHANNEL_MESSAGES.noPaymentChannel);
  return channel;
}

// Unsealed accounts of the channel records in use: a record read from the (one-second) channel cache serves a burst of
// payments, which then unseal its key once instead of once each. Keyed by the record itself, so a re-read channel
// (a changed key) gets its own entry and the old one goes with its record.
const unsealed = new WeakMap<object, { sealed: string; secrets: SecretBox; account: PgAccount }>();

export function pgAccount(channel: Pick<ChannelRecord, 'apiBaseUrl' | 'secretKeySealed'>, secrets: SecretBox): PgAccount {
  const known = unsealed.get(channel);
  if (known && known.sealed === channel.secretKeySealed && known.secrets === secrets && known.account.baseUrl === channel.apiBaseUrl) {
    return known.account;
  }
  const account = { baseUrl: channel.apiBaseUrl, secretKey: secrets.decrypt(channel.secretKeySealed) };
  unsealed.set(channel, { sealed: channel.secretKeySealed, secrets, account });
  return account;
}
