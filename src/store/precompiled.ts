// Statements on the hottest paths, built with Kysely as usual but compiled once: building and compiling a query tree
// on every request was a measurable share of a payment look-up. Only the parameters change from one call to the next,
// so the server prepares it once per connection too.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { PREPARED } from './prepared-statements.ts';

/**
 * `build` is called once with `sample` (distinct values, one per parameter); the compiled statement must carry them
 * as its parameters in the same order, which is checked here, so a later edit of the query that reorders or adds a
 * parameter fails at start-up instead of binding values to the wrong placeholders.
 */
export function precompiled<Row, Args extends unknown[]>(
  db: Kysely<any>,
  build: (...args: Args) => Compilable<Row>,
  sample: Args,
): (...args: Args) => Promise<Row[]> {
  const compiled: CompiledQuery<Row> = build(...sample).compile();
  const same = compiled.parameters.length === sample.length && compiled.parameters.every((p, i) => p === sample[i]);
  if (!same) throw new Error(`precompiled statement binds its parameters differently from its arguments: ${compiled.sql}`);
  const prepared = { ...compiled, sql: PREPARED + compiled.sql };
  return async (...args) => (await db.executeQuery<Row>({ ...prepared, parameters: args })).rows;
}
