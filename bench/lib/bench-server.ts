// The PostgreSQL server benchmarks create their scratch databases on, and what every bench reads about processes.
import fs from 'node:fs';
import pg from 'pg';

/** The server where scratch databases are created. */
export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `work` on a connection of its own to `url`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement on its own connection to the bench server (create/drop a scratch database, server facts). */
export function adminQuery(text: string): Promise<pg.QueryResult> {
  return withClient(BENCH_SERVER_URL, (client) => client.query(text));
}

/** CPU seconds (user + system) a process has used: on a shared machine, cost per request is steadier than throughput. */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
