// Server-side prepared statements for the statements every payment runs. A statement whose text starts with
// PREPARED is given a name, so each connection parses and plans it once instead of on every call (pg keeps the
// names per connection); everything else runs unnamed as before. Only statements of a bounded set of shapes may be
// marked: each distinct text is a prepared statement on every connection that runs it.
import crypto from 'node:crypto';
import pg from 'pg';

export const PREPARED = '/* prepared */ ';

const names = new Map<string, string>();
const MAX_NAMES = 500;
let generation = 0;

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tg_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}_${generation}`;
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return name;
}

/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared `select *`. */
const PLAN_INVALIDATED = '0A000';
/** SQLSTATE 25P02: the transaction is aborted. */
const IN_FAILED_TRANSACTION = '25P02';

/** Passed to pg.Pool as its Client. */
export class PreparingClient extends pg.Client {
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED) && Array.isArray(values) && !callback) {
      return (super.query({ name: nameOf(config), text: config, values }) as Promise<any>).catch((error: any) => {
        if (error?.code !== PLAN_INVALIDATED || !/cached plan must not change result type/.test(error?.message ?? '')) throw error;
        // A newer node's migration changed a table these statements read: prepare them again under new names (the
        // old ones stay on their connections, unused) and run this one unnamed. Inside a transaction the failure has
        // already aborted it; then the original error is the one to report.
        generation += 1;
        names.clear();
        return (super.query(config.slice(PREPARED.length), values) as Promise<any>).catch((retryError: any) => {
          throw retryError?.code === IN_FAILED_TRANSACTION ? error : retryError;
        });
      });
    }
    return super.query(config, values, callback);
  }
}
