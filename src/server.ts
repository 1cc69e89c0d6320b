// `tollgate start`: the gateway on PORT and, unless TOSS_EMULATOR=off, the Toss Payments emulator on its own port,
// over one store; background workers; a clean shutdown on SIGINT/SIGTERM.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildGatewayApp } from './app.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { createDemoMerchantIfEmpty, writeDemoMerchantFile } from './bootstrap/demo-merchant.ts';
import { buildEmulatorApp, startEmulatorWorkers } from './emulator/index.ts';
import { startPaymentReconciler } from './jobs/reconcile-payments.ts';
import { startClockSync } from './jobs/gateway-clock.ts';
import { startWebhookWorkers } from './jobs/webhook-delivery.ts';
import { startScheduleWorkers } from './jobs/schedule-executor.ts';
import { createFirstOperatorIfNone } from './console/operator-accounts.ts';

export interface RunningServer {
  runtime: Runtime;
  gateway: FastifyInstance;
  emulator: FastifyInstance | null;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const runtime = await openRuntime(config, 'start');
  const { ctx, logger } = runtime;
  const stoppers: (() => Promise<void>)[] = [];
  try {
    const demo = await createDemoMerchantIfEmpty(ctx);
    if (demo) {
      const file = writeDemoMerchantFile(config.dataDir, demo);
      process.stdout.write(
        [
          '',
          'Created a demo merchant (its Toss channels use the built-in emulator):',
          `  user code   ${demo.user_code}`,
          `  imp_key     ${demo.imp_key}`,
          `  imp_secret  ${demo.imp_secret}`,
          `Saved to ${file}`,
          '',
        ].join('\n') + '\n',
      );
    }
    // The console's first operator (development only); owned by src/console/operator-accounts.ts.
    await createFirstOperatorIfNone(ctx);

    let emulator: FastifyInstance | null = null;
    if (config.emulator.enabled) {
      emulator = await buildEmulatorApp({ db: ctx.rootDb, logger, publicUrl: config.emulatorPublicUrl });
      await emulator.listen({ host: config.emulator.host, port: config.emulator.port });
      stoppers.push(() => emulator!.close());
      const workers = startEmulatorWorkers({ db: ctx.rootDb, logger });
      stoppers.push(() => workers.stop());
      logger.info(
        { url: config.emulatorPublicUrl, developerCenter: `${config.emulatorPublicUrl}/_emulator/devcenter` },
        'Toss Payments emulator listening',
      );
    }

    const gateway = await buildGatewayApp(ctx);
    await gateway.listen({ host: config.host, port: config.port });
    stoppers.push(() => gateway.close());
    // Every node runs every worker; they claim work in the database (FOR UPDATE SKIP LOCKED), so there is no leader.
    // The reconciler also settles what a previous run of this or another node left in flight when it died.
    const workers = [
      startClockSync(ctx),
      startPaymentReconciler(ctx.payments.reconciler, logger),
      startWebhookWorkers(ctx),
      startScheduleWorkers(ctx),
    ];
    stoppers.push(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });
    logger.info({ url: config.publicUrl, store: ctx.store.describe }, 'Tollgate listening');

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        for (const s of stoppers.reverse()) await s().catch((error) => logger.error({ err: error }, 'stop failed'));
        await runtime.close();
      })());
    return { runtime, gateway, emulator, stop };
  } catch (error) {
    for (const s of stoppers.reverse()) await s().catch(() => {});
    await runtime.close();
    throw error;
  }
}
