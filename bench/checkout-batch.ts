/**
 * What a checkout costs Postgres, by batch size: `checkout_record_batch` called directly, on one
 * connection, with real sales — the very JSON the API sends, captured from checkouts run in-process
 * against the demo data — in batches of 1 (the baseline: a sale per call, as without group commit), 4,
 * 13 and 40. Each size replays the same sales on a fresh copy of the same seeded database. Prints the
 * backend's CPU (from /proc) and the call's wall time per sale, and the fit cost = fixed / batch +
 * per-sale, which says how much of a sale's cost is the call's and how much is its own writes.
 * Postgres must run on this machine (for its CPU time). The last line printed is one JSON object.
 *
 *   npm run bench:checkout-batch              (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_SALES=4000 npm run bench:checkout-batch
 *   BENCH_BATCHES=1,13 npm run bench:checkout-batch    (other batch sizes; the fit uses the first and the last)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { cpuMs } from './support/process-cpu.ts';
import { admin, dropDatabase, recreateDatabase, round, urlFor } from './support/pgbench.ts';

const SALES = Number(process.env.BENCH_SALES ?? 8_000);
const WARMUP = 800;
const BATCHES = process.env.BENCH_BATCHES ? process.env.BENCH_BATCHES.split(',').map(Number) : [1, 4, 13, 40];
if (BATCHES.length < 2 || !BATCHES.every((size) => Number.isInteger(size) && size > 0) || new Set(BATCHES).size < BATCHES.length) {
  console.error(`BENCH_BATCHES: two or more different whole numbers of sales per call, comma-separated (got ${process.env.BENCH_BATCHES})`);
  process.exit(2);
}
const SEEDED = 'omniloyal_bench_batch_seeded';
const RUN = 'omniloyal_bench_batch_run';

/** Seeds the demo, copies it as the template every replay starts from, then captures SALES sales. */
async function captureSales(): Promise<string[]> {
  // loaded as the API's modules are (ES modules), so poolOf sees the pools they made
  const { createDb, poolOf } = await import('../packages/ledger/src/index.ts');
  const { pipelineOf } = await import('../packages/ledger/src/db.ts');
  const { seedDemo } = await import('../apps/api/src/seed/seed-demo.ts');
  const { checkout } = await import('../apps/api/src/services/checkout.ts');
  const { newSale } = await import('../apps/api/src/faults/checkout-load.ts');
  await recreateDatabase(SEEDED);
  const seedDb = await createDb({ databaseUrl: urlFor(SEEDED), poolSize: 4 });
  const seed = await seedDemo(seedDb, { members: 1_000 });
  await sql`analyze`.execute(seedDb);
  await seedDb.destroy();
  await copySeeded();

  // the sales are captured from checkouts on the copy, so the template never holds them
  const db = await createDb({ databaseUrl: urlFor(RUN), poolSize: 4 });
  const stores = await db.selectFrom('stores').select('id').where('program_id', '=', seed.programId).execute();
  const memberIds = (await db.selectFrom('members').select('id').where('program_id', '=', seed.programId).where('merged_into', 'is', null).execute()).map((m) => m.id);
  const sales: string[] = [];
  // the grouped sales go on the db's pipelined connection (the safe retry too); the pool is watched as well,
  // so a sale is captured wherever the API sends it
  for (const connection of [poolOf(db)!, pipelineOf(db)!]) {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as { query: unknown }).query = (config: { name?: string; values?: unknown[] }, ...rest: unknown[]) => {
      const answered = query(config, ...rest);
      if (!config?.name?.startsWith('checkout_record_batch')) return answered;
      // only the sales the call recorded: one set aside as STALE_MEMBER (its member kept in memory had changed)
      // wrote nothing and comes again, evaluated afresh, in a later call
      const sent = JSON.parse(String(config.values![0])) as unknown[];
      return (answered as Promise<{ rows: { r: { receipt?: unknown }[] }[] }>).then((result) => {
        result.rows[0]!.r.forEach((answer, i) => { if ('receipt' in answer) sales.push(JSON.stringify(sent[i])); });
        return result;
      });
    };
  }
  let seq = 0;
  await Promise.all(Array.from({ length: 32 }, async (_, till) => {
    while (seq < SALES) {
      seq += 1;
      const memberId = memberIds[Math.floor(Math.random() * memberIds.length)]!;
      const sale = newSale(`batch-${till}-${seq}-${randomUUID().slice(0, 8)}`, memberId, seq);
      await checkout(db, { programId: seed.programId, channel: 'pos', terminalStoreId: stores[till % stores.length]!.id, orderId: sale.orderId, memberId, order: sale.order });
    }
  }));
  await db.destroy();
  // a capture that missed the API's calls would replay nothing and print zeros as figures
  if (sales.length < SALES) throw new Error(`captured ${sales.length} of ${SALES} sales: the API no longer sends them where this bench watches`);
  return sales;
}

/** A fresh copy of the seeded database to capture or replay on. */
async function copySeeded(): Promise<void> {
  await admin(async (client) => {
    await client.query(`drop database if exists "${RUN}" with (force)`);
    await client.query(`create database "${RUN}" template "${SEEDED}"`);
  });
}

/** Replays the sales in batches of `size` on a fresh copy; CPU and wall microseconds per sale after a warm-up. */
async function replay(sales: string[], size: number): Promise<{ cpuUs: number; wallUs: number }> {
  await copySeeded();
  const client = new pg.Client({ connectionString: urlFor(RUN) });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const call = async (items: string[]) => {
      const { rows } = await client.query<{ r: { error?: unknown }[] }>({
        name: 'checkout_record_batch', text: 'select checkout_record_batch($1::jsonb, false) as r', values: [`[${items.join(',')}]`],
      });
      // A sale of a member kept in memory may expect the tier an earlier sale gave, in a batch the replay
      // groups differently: when both share a call, the check before its writes finds the member as it was.
      const failed = rows[0]!.r.filter((answer) => 'error' in answer && (answer.error as { code?: string }).code !== 'STALE_MEMBER');
      if (failed.length) throw new Error(`a replayed sale failed: ${JSON.stringify(failed[0])}`);
    };
    for (let i = 0; i < WARMUP; i += size) await call(sales.slice(i, Math.min(i + size, WARMUP)));
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    for (let i = WARMUP; i < sales.length; i += size) await call(sales.slice(i, i + size));
    const n = sales.length - WARMUP;
    return { cpuUs: round(((cpuMs(pid) - cpuBefore) / n) * 1000), wallUs: round(((performance.now() - started) / n) * 1000) };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.error(`checkout batch bench: ${SALES} captured sales, replayed in batches of ${BATCHES.join(', ')}`);
  const sales = await captureSales();
  const bySize: Record<number, { cpuUs: number; wallUs: number }> = {};
  try {
    for (const size of BATCHES) bySize[size] = await replay(sales, size);
  } finally {
    await dropDatabase(RUN);
    await dropDatabase(SEEDED);
  }
  // cost(b) = fixed / b + perSale, from the smallest and the largest batch
  const small = BATCHES[0]!;
  const large = BATCHES.at(-1)!;
  const fixedUs = round((bySize[small]!.cpuUs - bySize[large]!.cpuUs) / (1 / small - 1 / large));
  const perSaleUs = round(bySize[large]!.cpuUs - fixedUs / large);
  console.log('');
  console.log('| sales per call | Postgres CPU per sale | wall per sale | vs a sale per call |');
  console.log('|---------------:|----------------------:|--------------:|-------------------:|');
  for (const size of BATCHES) {
    const { cpuUs, wallUs } = bySize[size]!;
    console.log(`| ${String(size).padStart(14)} | ${`${cpuUs} µs`.padStart(21)} | ${`${wallUs} µs`.padStart(13)} | ${`${round(bySize[small]!.cpuUs / cpuUs)}x`.padStart(18)} |`);
  }
  console.log(`fit: ${fixedUs} µs per call + ${perSaleUs} µs per sale`);
  console.log(JSON.stringify({ bench: 'checkout-batch', sales: sales.length - WARMUP, bySize, fixedUsPerCall: fixedUs, perSaleUs }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
