// Runs a migration script statement by statement: PGlite's and pg's parameterised protocol take one statement per
// call. Scripts are plain DDL, so splitting on a semicolon at the end of a line is enough.
import { sql, type Kysely } from 'kysely';

export async function runScript(db: Kysely<any>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
