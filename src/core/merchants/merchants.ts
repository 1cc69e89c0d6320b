// Merchants, their REST API key pairs and their PG channels.
import { DomainError, invalid, notFound } from '../errors.ts';
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
    const apiVersion = checkTossApiVersion(input.apiVersion);
    checkChannelUrls(input);
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

  find(by: { id: number } | { userCode: string }) {
    return this.repo.findMerchant(by);
  }

  apiKeys(merchantId: number) {
    return this.repo.listApiKeys(merchantId);
  }

  /** A further REST key pair for the merchant (e.g. to rotate keys); the secret is returned once. */
  async addApiKey(merchantId: number): Promise<{ id: number; impKey: string; impSecret: string }> {
    const impKey = newImpKey();
    const impSecret = newImpSecret();
    const created = await this.repo.addApiKey({ merchantId, impKey, impSecretHash: this.secrets.hash(impSecret), now: this.clock.now() });
    if (created === 'imp_key_taken') throw new DomainError('rejected', `imp_key ${impKey} is already in use`);
    return { id: created.id, impKey, impSecret };
  }

  /** Revokes a key pair; its access tokens stop working at once. */
  async revokeApiKey(merchantId: number, keyId: number): Promise<void> {
    if (!(await this.repo.revokeApiKey(merchantId, keyId, this.clock.now()))) throw notFound('no such live REST API key');
  }

  /** Changes a channel; a secret key left out keeps the stored one (it is never read back). */
  async updateTossChannel(merchantId: number, channelKey: string, input: Omit<TossChannelInput, 'secretKey'> & { secretKey?: string }) {
    checkTossApiVersion(input.apiVersion);
    checkChannelUrls(input);
    const updated = await this.repo.updateChannel(merchantId, channelKey, {
      ...(input.name !== undefined && { name: input.name }),
      type: input.type,
      pgId: input.mid,
      clientKey: input.clientKey,
      ...(input.secretKey ? { secretKeySealed: this.secrets.encrypt(input.secretKey) } : {}),
      apiBaseUrl: input.apiBaseUrl.replace(/\/$/, ''),
      scriptUrl: input.scriptUrl,
      sandbox: input.sandbox,
    }, this.clock.now());
    if (!updated) throw notFound('no such channel');
    return updated;
  }

  async setChannelEnabled(merchantId: number, channelKey: string, enabled: boolean) {
    const updated = await this.repo.updateChannel(merchantId, channelKey, { enabled }, this.clock.now());
    if (!updated) throw notFound('no such channel');
    return updated;
  }
}

/** The version a channel may name; absent means the pinned one. */
export function checkTossApiVersion(apiVersion: string | undefined): string {
  const version = apiVersion ?? TOSS_API_VERSION;
  if (version !== TOSS_API_VERSION) {
    throw invalid(
      `Toss API version must be ${TOSS_API_VERSION}: PortOne's Toss module reads approval and failure responses in ` +
        `that version's shape, and other versions name and type fields differently`,
    );
  }
  return version;
}

function checkChannelUrls(input: { apiBaseUrl: string; scriptUrl: string; mid: string; clientKey: string }): void {
  for (const [name, value] of [['API base URL', input.apiBaseUrl], ['script URL', input.scriptUrl]] as const) {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw invalid(`the ${name} must be an http or https URL`);
  }
  if (!input.mid.trim()) throw invalid('the MID must not be empty');
  if (!input.clientKey.trim()) throw invalid('the client key must not be empty');
}
