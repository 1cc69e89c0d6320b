// Emulated Toss merchants: a MID with its client/secret key pair, the API version its payments are serialized with,
// and the URL its webhooks go to.
import type { Kysely } from 'kysely';
import { newClientKey, newMid, newSecretKey } from '../keys.ts';
import { scoped } from '../context.ts';

export const DEFAULT_API_VERSION = '2022-07-27';

export interface Merchant {
  mid: string;
  name: string;
  clientKey: string;
  secretKey: string;
  apiVersion: string;
  webhookUrl: string | null;
}

export interface CreateMerchantOptions {
  mid?: string;
  name?: string;
  webhookUrl?: string | null;
  apiVersion?: string;
}

function fromRow(row: any): Merchant {
  return {
    mid: row.mid,
    name: row.name,
    clientKey: row.client_key,
    secretKey: row.secret_key,
    apiVersion: row.api_version,
    webhookUrl: row.webhook_url,
  };
}

/** Takes the root Kysely (like the rest of the public contract). */
export async function createEmulatorMerchant(
  root: Kysely<any>,
  opts: CreateMerchantOptions = {},
): Promise<{ mid: string; clientKey: string; secretKey: string; apiVersion: string; webhookUrl: string | null }> {
  const mid = opts.mid ?? newMid();
  if (!/^[A-Za-z0-9_-]{1,14}$/.test(mid)) throw new Error('a MID is 1–14 characters of [A-Za-z0-9_-]');
  const row = {
    mid,
    name: opts.name ?? mid,
    client_key: newClientKey(),
    secret_key: newSecretKey(),
    api_version: opts.apiVersion ?? DEFAULT_API_VERSION,
    webhook_url: opts.webhookUrl ?? null,
    created_at: new Date(),
  };
  await scoped(root).insertInto('merchants').values(row).execute();
  merchantCache.clear();
  const m = fromRow(row);
  return { mid: m.mid, clientKey: m.clientKey, secretKey: m.secretKey, apiVersion: m.apiVersion, webhookUrl: m.webhookUrl };
}

export async function listMerchants(db: Kysely<any>): Promise<Merchant[]> {
  const rows = await db.selectFrom('merchants').selectAll().orderBy('created_at').execute();
  return rows.map(fromRow);
}

export async function updateMerchant(
  db: Kysely<any>,
  mid: string,
  patch: { webhookUrl?: string | null; apiVersion?: string; name?: string },
): Promise<Merchant | null> {
  const set: Record<string, unknown> = {};
  if (patch.webhookUrl !== undefined) set.webhook_url = patch.webhookUrl;
  if (patch.apiVersion !== undefined) set.api_version = patch.apiVersion;
  if (patch.name !== undefined) set.name = patch.name;
  if (Object.keys(set).length === 0) return findMerchant(db, mid);
  const row = await db.updateTable('merchants').set(set).where('mid', '=', mid).returningAll().executeTakeFirst();
  merchantCache.clear();
  return row ? fromRow(row) : null;
}

export async function findMerchant(db: Kysely<any>, mid: string): Promise<Merchant | null> {
  const row = await db.selectFrom('merchants').selectAll().where('mid', '=', mid).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function findMerchantByClientKey(db: Kysely<any>, clientKey: string): Promise<Merchant | null> {
  const row = await db.selectFrom('merchants').selectAll().where('client_key', '=', clientKey).executeTakeFirst();
  return row ? fromRow(row) : null;
}

// Every API call authenticates; a short-lived cache keeps that off the database. Other processes see a new merchant
// or a changed webhook URL within the TTL.
const CACHE_TTL_MS = 2000;
const merchantCache = new Map<string, { merchant: Merchant | null; at: number }>();

export async function findMerchantBySecretKey(db: Kysely<any>, secretKey: string): Promise<Merchant | null> {
  const hit = merchantCache.get(secretKey);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.merchant;
  const row = await db.selectFrom('merchants').selectAll().where('secret_key', '=', secretKey).executeTakeFirst();
  const merchant = row ? fromRow(row) : null;
  if (merchantCache.size > 10_000) merchantCache.clear();
  merchantCache.set(secretKey, { merchant, at: Date.now() });
  return merchant;
}

export function forgetCachedMerchants(): void {
  merchantCache.clear();
}
