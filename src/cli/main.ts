// The `tollgate` command.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { DomainError } from '../core/errors.ts';
import { DataDirBusyError } from '../store/data-dir-lock.ts';
import { openRuntime } from '../runtime.ts';
import { startServer } from '../server.ts';
import { runEmulatorAlone } from './emulator.ts';
import { operatorCreateCommand } from '../console/operator-accounts.ts';
import { clockAdvanceCommand } from './clock.ts';

const USAGE = `Usage: tollgate <command>

  start                         run the gateway (and the Toss Payments emulator unless TOSS_EMULATOR=off)
  migrate                       apply database migrations and exit
  merchant create [--user-code imp12345678] [--imp-key K] [--imp-secret S] [--name N] [--json]
                                create a merchant with REST API keys (generated when not given)
  merchant list [--json]        list merchants
  operator create --email E [--password P] [--merchant imp12345678 ...] [--owner] [--admin] [--json]
                                create a console operator (password generated when not given;
                                --admin: may manage operators)
  clock advance <duration>      move the gateway's clock forward (development only), e.g. 90s, 15m, 2h, 1d
  emulator                      run only the Toss Payments emulator

Configuration comes from the environment; see README.md.`;

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start();
      case 'migrate':
        return await migrateCommand();
      case 'merchant':
        if (sub === 'create') return await merchantCreate(rest);
        if (sub === 'list') return await merchantList(rest);
        return fail(`unknown merchant command "${sub ?? ''}"\n\n${USAGE}`);
      case 'operator':
        if (sub === 'create') return await operatorCreate(rest);
        return fail(`unknown operator command "${sub ?? ''}"\n\n${USAGE}`);
      case 'clock':
        if (sub === 'advance' && rest.length === 1) return await clockAdvanceCommand(loadConfig(), rest[0]!);
        return fail(`usage: tollgate clock advance <duration>\n\n${USAGE}`);
      case 'emulator':
        return await runEmulatorAlone(loadConfig());
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return;
      default:
        return fail(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof DataDirBusyError || error instanceof DomainError) return fail(error.message);
    throw error;
  }
}

function fail(message: string): void {
  process.stderr.write(`tollgate: ${message}\n`);
  process.exitCode = 2;
}

async function start(): Promise<void> {
  const server = await startServer(loadConfig());
  const shutdown = async (signal: string) => {
    server.runtime.logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function migrateCommand(): Promise<void> {
  const runtime = await openRuntime(loadConfig(), 'migrate');
  await runtime.close();
  process.stdout.write('migrations are up to date\n');
}

async function merchantCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'user-code': { type: 'string' },
      'imp-key': { type: 'string' },
      'imp-secret': { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const runtime = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }), 'merchant create');
  try {
    const created = await runtime.ctx.merchants.create({
      userCode: values['user-code'],
      impKey: values['imp-key'],
      impSecret: values['imp-secret'],
      name: values.name,
    });
    const out = { user_code: created.userCode, name: created.name, imp_key: created.impKey, imp_secret: created.impSecret };
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
    else
      process.stdout.write(
        `Created merchant ${out.name}\n  user code   ${out.user_code}\n  imp_key     ${out.imp_key}\n` +
          `  imp_secret  ${out.imp_secret}   (shown once; only its hash is stored)\n`,
      );
  } finally {
    await runtime.close();
  }
}

async function merchantList(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const runtime = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }), 'merchant list');
  try {
    const merchants = await runtime.ctx.merchants.list();
    const rows = merchants.map((m) => ({
      user_code: m.userCode,
      name: m.name,
      imp_keys: m.impKeys,
      created_at: m.createdAt.toISOString(),
    }));
    if (values.json) process.stdout.write(JSON.stringify(rows) + '\n');
    else if (rows.length === 0) process.stdout.write('no merchants\n');
    else for (const r of rows) process.stdout.write(`${r.user_code}  ${r.name}  imp_key ${r.imp_keys.join(', ')}\n`);
  } finally {
    await runtime.close();
  }
}

async function operatorCreate(args: string[]): Promise<void> {
  const runtime = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }), 'operator create');
  try {
    process.stdout.write(await operatorCreateCommand(runtime.ctx, args));
  } finally {
    await runtime.close();
  }
}
