// Merchants, their REST API key pairs and their PG channels.
import { DomainError, invalid } from '../errors.ts';
import { newChannelKey, newImpKey, newImpSecret, newUserCode, USER_CODE_PATTERN } from '../../lib/ids.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { MerchantRepository } from './repository.ts';

/** The only Toss API version Tollgate speaks: PortOne's Toss module is pinned to it, and responses differ in others. */
export const TOSS_API_VERSION = '2022-07-27';

export interface NewMerchant {
  name?: string;
  userCode?: string;
  impKey?: string;
  impSecret?: string;
}

export interface CreatedMerchant {
  id: number;
  userCode: string;
  name: string;
  impKey: string;
  /** Shown once: only its hash is stored. */
  impSecret: string;
}

export interface TossChannelInput {
  name?: string;
  type: 'payment' | 'api_payment';
  mid: string;
  clientKey: string;
  secretKey: string;
  apiVersion?: string;
  apiBaseUrl: string;
  scriptUrl: string;
  sandbox: boolean;
}

export class Merchants {
  constructor(
    private readonly repo: MerchantRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(input: NewMerchant): Promise<CreatedMerchant> {
    const userCode = input.userCode ?? newUserCode();
    if (!USER_CODE_PATTERN.test(userCode)) throw invalid('user code must be "imp" followed by 8 digits');
    const impKey = input.impKey ?? newImpKey();
    const impSecret = input.impSecret ?? newImpSecret();
    if (!/^[\x21-\x7e]{8,100}$/.test(impKey)) throw invalid('imp_key must be 8–100 printable ASCII characters');
    if (!/^[\x21-\x7e]{16,200}$/.test(impSecret)) throw invalid('imp_secret must be 16–200 printable ASCII characters');
    const name = input.name ?? `Merchant ${userCode}`;
    const now = this.clock.now();
    const created = await this.repo.createMerchant({
      userCode,
      name,
      impKey,
      impSecretHash: this.secrets.hash(impSecret),
      now,
    });
    if (created === 'user_code_taken') throw new DomainError('rejected', `user code ${userCode} is already in use`);
    if (created === 'imp_key_taken') throw new DomainError('rejected', `imp_key ${impKey} is already in use`);
    return { id: created.id, userCode, name, impKey, impSecret };
  }

  async addTossChannel(merchantId: number, input: TossChannelInput) {
    const apiVersion = input.apiVersion ?? TOSS_API_VERSION;
    if (apiVersion !== TOSS_API_VERSION) {
      throw invalid(
        `Toss API version must be ${TOSS_API_VERSION}: PortOne's Toss module reads approval and failure responses in ` +
          `that version's shape, and other versions name and type fields differently`,
      );
    }
    return this.repo.createChannel({
      merchantId,
      channelKey: newChannelKey(),
      name: input.name ?? (input.type === 'payment' ? '토스페이먼츠 결제창' : '토스페이먼츠 비인증결제'),
      pgProvider: 'tosspayments',
      pgId: input.mid,
      type: input.type,
      clientKey: input.clientKey,
      secretKeySealed: this.secrets.encrypt(input.secretKey),
      apiVersion,
      apiBaseUrl: input.apiBaseUrl.replace(/\/$/, ''),
      scriptUrl: input.scriptUrl,
      sandbox: input.sandbox,
      now: this.clock.now(),
    });
  }

  list() {
    return this.repo.listMerchants();
  }

  count() {
    return this.repo.countMerchants();
  }

  channels(merchantId: number) {
    return this.repo.listChannels(merchantId);
  }
}
