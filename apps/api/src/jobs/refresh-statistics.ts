import { sql } from 'kysely';
import { dbKind } from '@omniloyal/ledger';
import type { Job } from './job.ts';

/**
 * Keeps the embedded database's planner statistics current, as autovacuum does on a Postgres server.
 *
 * PGlite runs no autovacuum, so after the demo seed (which analyses as it goes) nothing would ever
 * analyse its tables again; as they grow, plans stay those made for their old sizes — on this machine's
 * Postgres with autovacuum off, that had key lookups scanning a program's whole (program_id,
 * occurred_at) index. Same rule as autovacuum's defaults: a table is analysed once the rows changed
 * since its last analysis exceed 50 + 10% of its rows. One table per batch (an ANALYZE holds the one
 * connection for tens of milliseconds), most changed first. On Postgres servers it does nothing:
 * statistics are the server's business there.
 */
export const refreshStatisticsJob: Job = {
  name: 'refresh-statistics',
  async runBatch(db) {
    if (dbKind(db) !== 'pglite') return { done: 0, detail: { analyzed: 0 } };
    const { rows } = await sql<{ relname: string }>`
      select relname from pg_stat_user_tables
      where schemaname = current_schema() and n_mod_since_analyze > 50 + 0.1 * n_live_tup
      order by n_mod_since_analyze desc limit 1`.execute(db);
    const table = rows[0];
    if (!table) return { done: 0, detail: { analyzed: 0 } };
    await sql`analyze ${sql.id(table.relname)}`.execute(db);
    return { done: 1, detail: { analyzed: 1 } };
  },
};
