/**
 * Shopper reads on a big ledger: shopper.account and shopper.history latency over HTTP (the real
 * server, in this process, on real Postgres) with 1,000,000 ledger entries loaded (10,000 members × 50
 * earn transactions × 2 entries, with their lots and running totals, so verify() holds). The load is
 * set-based SQL copying one real earn transaction, in a database of its own, dropped afterwards.
 * Beside the figures, GET /health (one `select 1` over HTTP) measured in the same run is the baseline.
 * Targets: account p99 < 5 ms, history p99 < 10 ms. The last line is one JSON object.
 *
 *   npm run bench:read                    (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
 *   READ_REQUESTS=2000 READ_MEMBERS=10000 READ_PER_MEMBER=50
 */
import pg from 'pg';
import { verify } from '../packages/ledger/src/index.ts';
import { createTestDb } from '../packages/ledger/src/testing/test-db.ts';
import type { ApiClient } from '../apps/api/src/testing/http.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Number(process.env.READ_REQUESTS ?? 2_000);
const MEMBERS = Number(process.env.READ_MEMBERS ?? 10_000);
const PER_MEMBER = Number(process.env.READ_PER_MEMBER ?? 50);
const PROBES = 50;

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  // ES modules with top-level await: loaded through import() from this CommonJS-loaded script.
  const { apiClient, startServer } = await import('../apps/api/src/testing/http.ts');
  const { setupProgram } = await import('../apps/api/src/testing/fixtures.ts');

  const t = await createTestDb('postgres');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const p = await setupProgram(t.db, { tag: 'read' });
    server = await startServer(t.db);
    // Shoppers signed up for real (sessions, welcome bonus: the template earn), then bulk members.
    const probes: ApiClient[] = [];
    for (let i = 0; i < PROBES; i++) {
      const client = apiClient(server.url);
      await client.auth.signup.mutate({ email: `read-${i}@example.com`, password: 'a long password', programId: p.programId });
      probes.push(client);
    }

    const loadStarted = performance.now();
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await client.query('set synchronous_commit = off');
      await client.query(`create function pg_temp.uuid7(ts timestamptz) returns uuid language sql volatile as $$
        select (lpad(to_hex((extract(epoch from ts) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
          || '8' || substr(md5(random()::text), 1, 15))::uuid $$`);
      const program = p.programId;
      await client.query(`insert into members (id, program_id, enrolled_channel)
        select gen_random_uuid(), $1, 'pos' from generate_series(1, $2)`, [program, MEMBERS - PROBES]);
      await client.query(`insert into accounts (program_id, member_id, kind)
        select $1, m.id, k.kind from members m cross join (values ('available'), ('pending'), ('held')) k(kind)
        where m.program_id = $1 and not exists (select 1 from member_accounts ma where ma.member_id = m.id)`, [program]);
      await client.query(`insert into member_accounts (member_id, program_id, available_account, pending_account, held_account)
        select m.id, $1, max(a.id) filter (where a.kind = 'available'), max(a.id) filter (where a.kind = 'pending'), max(a.id) filter (where a.kind = 'held')
        from members m join accounts a on a.member_id = m.id
        where m.program_id = $1 and not exists (select 1 from member_accounts ma where ma.member_id = m.id)
        group by m.id`, [program]);
      // One earn per member per few days going back PER_MEMBER × 3 days; points 1–9.
      await client.query(`create temp table bulk as
        select pg_temp.uuid7(ts) as id, ma.member_id, ma.available_account, (1 + (g % 9))::bigint as points, ts
        from member_accounts ma, generate_series(1, $2) g,
          lateral (select now() - g * interval '3 days' - random() * interval '1 day' as ts) t
        where ma.program_id = $1`, [program, PER_MEMBER]);
      await client.query(`insert into ledger_transactions
          (id, program_id, idempotency_key, request_hash, kind, member_id, channel, store_id, order_id, rule_version, rules, points, occurred_at, created_at, result)
        select b.id, $1, 'bulk:' || b.id, tpl.request_hash, 'earn', b.member_id, 'pos', $2, 'bulk-' || b.id, tpl.rule_version, tpl.rules, b.points, b.ts, b.ts, tpl.result
        from bulk b, (select * from ledger_transactions where program_id = $1 and kind = 'earn' limit 1) tpl
        order by b.member_id, b.id`, [program, p.storeId]);
      await client.query(`insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, created_at)
        select $1, member_id, id, points, points, false, ts, ts from bulk`, [program]);
      await client.query(`insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select b.id, x.account_id, x.lot_id, x.amount
        from bulk b join point_lots l on l.transaction_id = b.id,
          (select issued_account from program_accounts where program_id = $1) pa,
          lateral (values (b.available_account, l.id, b.points), (pa.issued_account, null::bigint, -b.points)) x(account_id, lot_id, amount)`, [program]);
      await client.query(`update member_accounts ma set available = ma.available + s.points
        from (select member_id, sum(points) as points from bulk group by member_id) s where s.member_id = ma.member_id`);
      await client.query('analyze');
    } finally {
      await client.end();
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const { rows: [counts] } = await (async () => {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        return await c.query<{ entries: string; transactions: string }>(
          'select (select count(*) from ledger_entries) as entries, (select count(*) from ledger_transactions) as transactions');
      } finally {
        await c.end();
      }
    })();
    const verifyStarted = performance.now();
    const report = await verify(t.db);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    console.log(`loaded ${counts!.entries} ledger entries (${counts!.transactions} transactions, ${MEMBERS} members) in ${loadSeconds.toFixed(1)} s; verify() ${report.ok ? 'clean' : 'FAILED'} in ${verifySeconds.toFixed(1)} s`);

    // Sequential requests (latency, not throughput), round-robin over the probe shoppers, after a warm-up.
    const measure = async (call: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 200; i++) await call(i);
      const ms: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const started = performance.now();
        await call(i);
        ms.push(performance.now() - started);
      }
      return { p50: round(pct(ms, 50)), p95: round(pct(ms, 95)), p99: round(pct(ms, 99)) };
    };
    const health = await measure(() => fetch(`${server!.url}/health`).then((r) => r.text()));
    const account = await measure((i) => probes[i % PROBES]!.shopper.account.query());
    const history = await measure((i) => probes[i % PROBES]!.shopper.history.query());
    const firstPage = await probes[0]!.shopper.history.query();

    console.log(`\n${REQUESTS} sequential requests each over HTTP (ms)      p50     p95     p99   target p99`);
    console.log(`  GET /health (baseline: select 1)        ${[health.p50, health.p95, health.p99].map((n) => String(n).padStart(7)).join(' ')}`);
    console.log(`  shopper.account                         ${[account.p50, account.p95, account.p99].map((n) => String(n).padStart(7)).join(' ')}   < 5 ${account.p99 < 5 ? 'ok' : 'MISSED'}`);
    console.log(`  shopper.history (a page of ${firstPage.items.length})          ${[history.p50, history.p95, history.p99].map((n) => String(n).padStart(7)).join(' ')}   < 10 ${history.p99 < 10 ? 'ok' : 'MISSED'}`);
    console.log(JSON.stringify({
      entries: Number(counts!.entries), transactions: Number(counts!.transactions), members: MEMBERS,
      loadSeconds: round(loadSeconds), verifyOk: report.ok, verifySeconds: round(verifySeconds), requests: REQUESTS,
      healthMs: health, accountMs: account, historyMs: history,
      accountP99Ok: account.p99 < 5, historyP99Ok: history.p99 < 10,
    }));
  } finally {
    await server?.close();
    await t.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
