// The first start on an empty database creates a demo merchant whose Toss channels point at the built-in emulator,
// so a newcomer can make a payment in the first minute. Its credentials are printed and written to
// $TOLLGATE_DATA_DIR/demo-merchant.json.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { GatewayContext } from '../context.ts';
import { createEmulatorMerchant } from '../emulator/index.ts';

export interface DemoMerchant {
  user_code: string;
  imp_key: string;
  imp_secret: string;
  api_base_url: string;
  channels: { channel_key: string; type: string; pg_provider: string; pg_id: string }[];
  emulator: { mid: string; client_key: string; secret_key: string; api_base_url: string };
}

/** Creates the demo merchant when no merchant exists yet; returns it, or null when the database already had some. */
export async function createDemoMerchantIfEmpty(ctx: GatewayContext): Promise<DemoMerchant | null> {
  return withBootstrapLock(ctx, async () => {
    if ((await ctx.merchants.count()) > 0) return null;
    const { config } = ctx;
    const emulated = await createEmulatorMerchant(ctx.rootDb, {
      name: 'Tollgate demo shop',
      webhookUrl: `${config.publicUrl}/pg/tosspayments/webhook`,
    });
    const merchant = await ctx.merchants.create({ name: 'Tollgate demo shop' });
    const channels = [];
    for (const type of ['payment', 'api_payment'] as const) {
      channels.push(
        await ctx.merchants.addTossChannel(merchant.id, {
          type,
          mid: emulated.mid,
          clientKey: emulated.clientKey,
          secretKey: emulated.secretKey,
          apiBaseUrl: config.emulatorPublicUrl,
          scriptUrl: `${config.emulatorPublicUrl}/v1/payment`,
          sandbox: true,
        }),
      );
    }
    return {
      user_code: merchant.userCode,
      imp_key: merchant.impKey,
      imp_secret: merchant.impSecret,
      api_base_url: config.publicUrl,
      channels: channels.map((c) => ({ channel_key: c.channelKey, type: c.type, pg_provider: c.pgProvider, pg_id: c.pgId })),
      emulator: {
        mid: emulated.mid,
        client_key: emulated.clientKey,
        secret_key: emulated.secretKey,
        api_base_url: config.emulatorPublicUrl,
      },
    };
  });
}

/**
 * Keeps two nodes starting together on an empty PostgreSQL from both creating a demo merchant. The embedded store
 * has one process and one connection, which a held lock would starve, so it needs none.
 */
async function withBootstrapLock<T>(ctx: GatewayContext, work: () => Promise<T>): Promise<T> {
  if (ctx.store.kind === 'pglite') return work();
  return ctx.rootDb.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(7700001)`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(7700001)`.execute(connection);
    }
  });
}

export function writeDemoMerchantFile(dataDir: string, demo: DemoMerchant): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-merchant.json');
  fs.writeFileSync(file, JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });
  return file;
}
