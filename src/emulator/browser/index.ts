// The emulator's browser side: the Toss SDK script at /v1 and /v1/payment, and the payment window it opens.
// Registered by the emulator's app as one encapsulated plugin.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.ts';
import type { WindowBackend } from '../window/backend.ts';
import { paymentWindowRoutes } from '../window/routes.ts';

export interface BrowserSideOptions {
  backend: WindowBackend;
  clock: Clock;
  /** The emulator's public base URL, used only if the browser cannot tell the script's own address. */
  publicUrl: string;
}

const SDK_FILE = new URL('./assets/tosspayments.js', import.meta.url);

export async function browserSide(app: FastifyInstance, opts: BrowserSideOptions): Promise<void> {
  const script = fs
    .readFileSync(SDK_FILE, 'utf8')
    .replace('__TOSS_EMULATOR_SCRIPT_URL__', `${opts.publicUrl.replace(/\/+$/, '')}/v1`);
  for (const path of ['/v1', '/v1/payment']) {
    app.get(path, async (_request, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('access-control-allow-origin', '*')
        .header('x-content-type-options', 'nosniff')
        .type('text/javascript; charset=utf-8')
        .send(script),
    );
  }
  await paymentWindowRoutes(app, { backend: opts.backend, clock: opts.clock });
}
