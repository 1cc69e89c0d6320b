// Operators who may manage other operators (create them, choose their merchants, disable them, reset passwords).
// Until now the console had no such role, so an existing installation gets one admin: the first operator that can
// still sign in and already sees every merchant (a development start's first operator is one), else the first that
// can sign in — never a disabled account, nor one confined to some merchants while an owner exists.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    alter table operators add column admin boolean not null default false;
    update operators set admin = true where id = (select id from operators order by disabled_at is null desc, owner desc, id limit 1);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `alter table operators drop column admin;`);
}
