// Operators who may manage other operators (create them, choose their merchants, disable them, reset passwords).
// Until now the console had no such role, so the first operator — the one a development start or the first
// `tollgate operator create` made — becomes the admin of an existing installation.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    alter table operators add column admin boolean not null default false;
    update operators set admin = true where id = (select min(id) from operators);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `alter table operators drop column admin;`);
}
