// Creating operators outside the console: the first one on a development start, and `tollgate operator create`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { GatewayContext } from '../context.ts';
import { DomainError, invalid } from '../core/errors.ts';
import { generatePassword } from '../core/operators/passwords.ts';
import { consoleServices } from './services.ts';

export const FIRST_OPERATOR_EMAIL = 'admin@tollgate.local';

/**
 * In development, a database without operators gets an owner account with a generated password, printed once and
 * kept in demo-merchant.json beside the demo merchant's keys. Elsewhere operators come from `tollgate operator create`.
 */
export async function createFirstOperatorIfNone(ctx: GatewayContext): Promise<void> {
  if (ctx.config.env !== 'development') return;
  const { operators } = consoleServices(ctx);
  if ((await operators.count()) > 0) return;
  const password = generatePassword();
  try {
    await operators.create({ email: FIRST_OPERATOR_EMAIL, password, owner: true, admin: true });
  } catch (error) {
    // Another node starting at the same moment created it.
    if (error instanceof DomainError && error.kind === 'rejected') return;
    throw error;
  }
  const url = `${ctx.config.publicUrl}/console`;
  const file = path.join(ctx.config.dataDir, 'demo-merchant.json');
  let saved = '';
  // Beside the demo merchant's keys when this start created them; a database that already had merchants has no file.
  if (fs.existsSync(file)) {
    try {
      const demo = JSON.parse(fs.readFileSync(file, 'utf8'));
      demo.console = { url, email: FIRST_OPERATOR_EMAIL, password };
      fs.writeFileSync(file, JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });
      saved = `Saved to ${file}\n`;
    } catch (error) {
      ctx.logger.warn({ err: error }, 'could not add the console operator to demo-merchant.json');
    }
  }
  process.stdout.write(
    `\nCreated a console operator (sees every merchant):\n  console   ${url}\n  email     ${FIRST_OPERATOR_EMAIL}\n  password  ${password}\n${saved}\n`,
  );
}

/** `tollgate operator create --email E [--password P] [--merchant imp12345678 …] [--owner] [--admin] [--json]` */
export async function operatorCreateCommand(ctx: GatewayContext, args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      merchant: { type: 'string', multiple: true },
      owner: { type: 'boolean', default: false },
      admin: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.email) throw invalid('--email is required');
  const merchantIds: number[] = [];
  for (const userCode of values.merchant ?? []) {
    const merchant = await ctx.merchants.find({ userCode });
    if (!merchant) throw invalid(`no merchant with the user code ${userCode}`);
    merchantIds.push(merchant.id);
  }
  const password = values.password ?? generatePassword();
  const operator = await consoleServices(ctx).operators.create({ email: values.email, password, owner: values.owner, admin: values.admin, merchantIds });
  // The first operator is an admin even without --admin, so the output says what was made, not what was asked.
  const out = { email: operator.email, owner: operator.owner, admin: operator.admin, merchants: values.merchant ?? [], ...(values.password ? {} : { password }) };
  if (values.json) return JSON.stringify(out) + '\n';
  return (
    `Created operator ${out.email}${out.owner ? ' (owner: sees every merchant)' : ''}${out.admin ? ' (admin: manages operators)' : ''}\n` +
    (out.merchants.length ? `  merchants  ${out.merchants.join(', ')}\n` : '') +
    (values.password ? '' : `  password   ${password}   (shown once; only its hash is stored)\n`)
  );
}
