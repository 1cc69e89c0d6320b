// The emulator's HTTP app: Toss's /v1 paths, the browser side (SDK script and payment window), the control API
// under /_emulator and the developer center's pages over it (/_emulator/devcenter, also reached from /). Composed
// here; each part registers its own routes.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AdjustableClock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { browserSide } from './browser/index.ts';
import { loadClockOffset, savePublicUrl } from './clock-store.ts';
import { scoped, type EmulatorContext } from './context.ts';
import { registerControlRoutes } from './control/routes.ts';
import { devCenterRoutes } from './devcenter/routes.ts';
import { installTossErrorHandling } from './http/error-handler.ts';
import { FaultRegistry } from './http/faults.ts';
import { registerTossRoutes } from './http/toss-routes.ts';
import { registerReceiptPages } from './receipts.ts';
import { windowBackend } from './window-backend.ts';

export interface EmulatorAppOptions {
  /** The root Kysely; the emulator works in its own schema. */
  db: Kysely<any>;
  clock?: AdjustableClock;
  logger: Logger;
  /** The URL browsers and merchants reach this app at, e.g. http://127.0.0.1:7701. */
  publicUrl: string;
}

export async function buildEmulatorApp(opts: EmulatorAppOptions): Promise<FastifyInstance> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const clock = opts.clock ?? new AdjustableClock();
  const ctx: EmulatorContext = { db: scoped(opts.db), clock, logger: opts.logger, publicUrl };
  await loadClockOffset(ctx.db, clock);
  await savePublicUrl(ctx.db, publicUrl);
  const faults = new FaultRegistry(ctx.db);
  await faults.load();

  const app = Fastify({
    loggerInstance: opts.logger as any,
    // Per-request lines would dominate the cost of a charge; webhook attempts and failures are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    // A hanging fault must not keep close() waiting for ever.
    forceCloseConnections: true,
    keepAliveTimeout: 65_000,
  });
  installTossErrorHandling(app);
  // The developer center lists the Toss endpoints as faults name them (`POST /v1/payments/:paymentKey/cancel`).
  const endpoints: string[] = [];
  let collecting = true;
  app.addHook('onRoute', (route) => {
    if (!collecting) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') endpoints.push(`${method} ${route.url}`);
  });
  registerTossRoutes(app, { ctx, faults });
  collecting = false;
  registerReceiptPages(app, ctx);
  await app.register(async (control) => registerControlRoutes(control, { ctx, root: opts.db, faults }));
  await app.register(async (devCenter) => devCenterRoutes(devCenter, { ctx, faults, endpoints }));
  await app.register(async (browser) => browserSide(browser, { backend: windowBackend({ db: opts.db, clock }), clock, publicUrl }));
  return app;
}
