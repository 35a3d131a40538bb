/**
 * Soak: the real API as its own process on real Postgres (a database of its own, dropped afterwards),
 * under mixed till and shopper traffic for a while — checkouts, partial refunds, reserving a reward
 * (pos.hold, then redeemed at checkout or released) and reads (shopper.account, shopper.history,
 * pos.identify). Samples the server's resident memory and V8 heap from its /metrics; at the end checks
 * every acknowledged checkout is recorded once and verify() is clean. Prints a summary; the last line
 * is one JSON object. Not in CI.
 *
 *   npm run bench:soak                          (10 minutes; DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
 *   SOAK_SECONDS=60 npm run bench:soak          (or: npm run bench:soak -- --seconds 60)
 *   SOAK_CONCURRENCY=6                          (clients at once; default 6)
 *   SOAK_KEEP_DB=1                              (keep the soak's database afterwards, to look into it)
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { verify } from '../packages/ledger/src/index.ts';
import { createTestDb } from '../packages/ledger/src/testing/test-db.ts';
import type { Sale } from '../apps/api/src/faults/checkout-load.ts';
import type { ApiClient } from '../apps/api/src/testing/http.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const argSeconds = process.argv.indexOf('--seconds');
const seconds = Number(argSeconds > 0 ? process.argv[argSeconds + 1] : process.env.SOAK_SECONDS ?? 600);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 6);
const SHOPPERS = 24;
const REWARD = 'customize-drink'; // 25 points
const sampleEveryMs = Math.max(2_000, Math.min(10_000, (seconds * 1000) / 60));

type Kind = 'checkout' | 'refund' | 'reserve' | 'account' | 'history' | 'identify';
/** Each kind's counts, and each request's time with when it ended (ms since the start, `soakStarted`). */
const stats = new Map<Kind, { ok: number; failed: number; ms: number[]; endedAt: number[] }>();
const errors = new Map<string, number>();
let soakStarted = performance.now();
function record(kind: Kind, ms: number, ok: boolean) {
  const s = stats.get(kind) ?? { ok: 0, failed: 0, ms: [], endedAt: [] };
  stats.set(kind, s);
  if (ok) s.ok += 1;
  else s.failed += 1;
  s.ms.push(ms);
  s.endedAt.push(performance.now() - soakStarted);
}
async function timed<T>(kind: Kind, work: () => Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  try {
    const result = await work();
    record(kind, performance.now() - started, true);
    return result;
  } catch (error) {
    record(kind, performance.now() - started, false);
    const message = `${kind}: ${String((error as Error).message).slice(0, 120)}`;
    errors.set(message, (errors.get(message) ?? 0) + 1);
    return undefined;
  }
}
const pct = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function memory(url: string): Promise<{ rssMb: number; heapMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: metric('omniloyal_process_resident_memory_bytes') / 2 ** 20, heapMb: metric('omniloyal_nodejs_heap_size_used_bytes') / 2 ** 20 };
}

async function main(): Promise<void> {
  // The API's modules are ES modules with top-level await; this script is loaded as CommonJS (the root
  // package has no "type"), so they come in through import().
  const { startApiProcess } = await import('../apps/api/src/faults/api-process.ts');
  const { newSale } = await import('../apps/api/src/faults/checkout-load.ts');
  const { apiClient } = await import('../apps/api/src/testing/http.ts');
  const { setupProgram } = await import('../apps/api/src/testing/fixtures.ts');
  const t = await createTestDb('postgres');
  let api: import('../apps/api/src/faults/api-process.ts').ApiProcess | undefined;
  let vacuumer: ReturnType<typeof setInterval> | undefined;
  try {
    const p = await setupProgram(t.db, { tag: 'soak' });
    api = await startApiProcess({ databaseUrl: t.url!, built: true });
    // A deployment's autovacuum keeps planner statistics current as the tables grow, and marks the pages
    // of inserted rows all-visible (its insert threshold), which index-only scans rely on. Where it is off
    // (this machine's CI config of Postgres), plans stay those made for the empty tables — a key lookup
    // that scans the program's whole (program_id, occurred_at) index — and every index read visits the
    // table, so the soak runs VACUUM ANALYZE once a minute, as autovacuum would after its naptime.
    const { rows: [setting] } = await sql<{ autovacuum: string }>`show autovacuum`.execute(t.db);
    vacuumer = setting?.autovacuum === 'off' ? setInterval(() => void sql`vacuum analyze`.execute(t.db).catch((error: unknown) => console.error('vacuum analyze failed:', error)), 60_000) : undefined;
    if (vacuumer) console.log('autovacuum is off on this server: the soak runs VACUUM ANALYZE every 60 s in its stead');
    const till = apiClient(api.url, { key: p.keys.terminal });
    const shoppers: { client: ApiClient; memberId: string; email: string }[] = [];
    for (let i = 0; i < SHOPPERS; i++) {
      const client = apiClient(api.url);
      const email = `soak-${i}@example.com`;
      const me = await client.auth.signup.mutate({ email, password: 'a long password', programId: p.programId });
      shoppers.push({ client, memberId: me.memberId, email });
    }

    const acked = new Set<string>();
    const sales: Sale[] = [];
    const available = new Map<string, number>();
    let seq = 0;
    let stopping = false;
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

    const checkout = async (redeem?: { holdId: string }) => {
      const shopper = pick(shoppers);
      const sale = newSale(`soak-${++seq}`, shopper.memberId, seq);
      const receipt = await timed('checkout', () => till.pos.checkout.mutate({ ...sale, ...(redeem ? { redeem: [redeem] } : {}) }));
      if (receipt) {
        acked.add(sale.orderId);
        sales.push(sale);
        if (receipt.balance) available.set(shopper.memberId, receipt.balance.available);
      }
    };
    const refund = async () => {
      const sale = sales.length ? pick(sales.slice(-500)) : undefined;
      if (!sale) return checkout();
      await timed('refund', () => till.pos.refund.mutate({ orderId: sale.orderId, refundId: `r-${sale.orderId}-${++seq}`, lines: [{ lineId: 'l1', quantity: 1 }] }));
    };
    const reserve = async () => {
      const rich = shoppers.filter((s) => (available.get(s.memberId) ?? 0) >= 25);
      if (rich.length === 0) return checkout();
      const shopper = pick(rich);
      const holdId = randomUUID();
      const held = await timed('reserve', () => till.pos.hold.mutate({ holdId, memberId: shopper.memberId, rewardId: REWARD }));
      if (!held) return;
      available.set(shopper.memberId, held.balance.available);
      // Half the reservations are used in the sale that follows; the other half are given back.
      if (Math.random() < 0.5) {
        const sale = newSale(`soak-${++seq}`, shopper.memberId, seq);
        const receipt = await timed('checkout', () => till.pos.checkout.mutate({ ...sale, redeem: [{ holdId }] }));
        if (receipt) {
          acked.add(sale.orderId);
          sales.push(sale);
          if (receipt.balance) available.set(shopper.memberId, receipt.balance.available);
        }
      } else {
        await timed('reserve', () => till.pos.release.mutate({ holdId }));
      }
    };
    const read = async () => {
      const shopper = pick(shoppers);
      const r = Math.random();
      if (r < 0.4) await timed('account', () => shopper.client.shopper.account.query());
      else if (r < 0.8) await timed('history', () => shopper.client.shopper.history.query());
      else await timed('identify', () => till.pos.identify.query({ by: 'email', value: shopper.email }));
    };
    const worker = async () => {
      while (!stopping) {
        const r = Math.random();
        if (r < 0.45) await checkout();
        else if (r < 0.55) await refund();
        else if (r < 0.65) await reserve();
        else await read();
      }
    };

    console.log(`soak: ${seconds} s, ${concurrency} clients, ${SHOPPERS} shoppers, API pid ${api.pid} on ${api.url}`);
    const startedAt = Date.now();
    soakStarted = performance.now();
    const samples: { s: number; rssMb: number; heapMb: number }[] = [];
    const sample = async () => samples.push({ s: Math.round((Date.now() - startedAt) / 1000), ...(await memory(api!.url)) });
    await sample();
    const workers = Array.from({ length: concurrency }, worker);
    const sampler = setInterval(() => {
      void sample().then(() => {
        const last = samples.at(-1)!;
        const done = [...stats.values()].reduce((sum, s) => sum + s.ok, 0);
        console.log(`  ${String(last.s).padStart(4)} s  ${done} requests  rss ${round(last.rssMb)} MB  heap ${round(last.heapMb)} MB`);
      });
    }, sampleEveryMs);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    stopping = true;
    clearInterval(sampler);
    clearInterval(vacuumer);
    await Promise.all(workers);
    await sample();
    const elapsed = (Date.now() - startedAt) / 1000;

    // Memory: the V8 heap saws up and down with garbage collection, so compare its floor (what is left after
  // a major collection: the live set) in the first and the second half after a warm-up fifth; a leak
  // raises the floor. RSS is reported beside it (V8 returns freed pages to the OS lazily).
  const warm = samples.filter((s) => s.s >= seconds / 5);
  const half = Math.max(1, Math.floor(warm.length / 2));
  const floor = (xs: { heapMb: number }[]) => Math.min(...xs.map((s) => s.heapMb));
  const rssMax = (xs: { rssMb: number }[]) => Math.max(...xs.map((s) => s.rssMb));
  const early = { heap: floor(warm.slice(0, half)), rss: rssMax(warm.slice(0, half)) };
  const late = { heap: floor(warm.slice(-half)), rss: rssMax(warm.slice(-half)) };
  const growth = { rssMb: round(late.rss - early.rss), heapMb: round(late.heap - early.heap) };
  const memoryFlat = growth.heapMb < Math.max(16, early.heap * 0.25);

  const report = await verify(t.db, { programId: p.programId });
    const { rows: [orders] } = await sql<{ n: number; distinct: number }>`
      select count(*)::int as n, count(distinct id)::int as distinct from orders where program_id = ${p.programId}`.execute(t.db);
    const missing = [...acked].length - (orders?.distinct ?? 0);
    // Speed: each kind's p50 in the first and the second half after the same warm-up fifth as memory. The
    // members' histories grow all along (thousands of sales each), so a read or a posting whose cost grows
    // with a member's history shows here as a second half slower than the first.
    const halves = (s: { ms: number[]; endedAt: number[] }) => {
      const from = (seconds * 1000) / 5;
      const middle = from + (elapsed * 1000 - from) / 2;
      const part = (lo: number, hi: number) => s.ms.filter((_, i) => s.endedAt[i]! >= lo && s.endedAt[i]! < hi);
      return [round(pct(part(from, middle), 50)), round(pct(part(middle, Infinity), 50))] as const;
    };

    console.log('\nrequests (ok / failed, p50 / p99 ms):');
    for (const [kind, s] of stats) {
      const [first, second] = halves(s);
      console.log(`  ${kind.padEnd(9)} ${String(s.ok).padStart(7)} / ${String(s.failed).padEnd(5)} ${round(pct(s.ms, 50))} / ${round(pct(s.ms, 99))}`
        + `   (p50 after warm-up, first half → second half: ${first} → ${second})`);
    }
    if (errors.size) {
      console.log('failures by message (expected ones: a refund of a line already refunded, a reserve that raced a spend):');
      for (const [message, n] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${n} × ${message}`);
    }
    const total = [...stats.values()].reduce((sum, s) => sum + s.ok + s.failed, 0);
    console.log(`\n${total} requests in ${round(elapsed)} s = ${round(total / elapsed)} req/s`);
    console.log(`memory after warm-up, first half → second half: heap floor ${round(early.heap)} → ${round(late.heap)} MB (${memoryFlat ? 'flat' : 'GROWING'}), rss peak ${round(early.rss)} → ${round(late.rss)} MB`);
    console.log(`ledger: ${orders?.n} orders for ${acked.size} acknowledged checkouts (${missing} missing, ${(orders?.n ?? 0) - (orders?.distinct ?? 0)} duplicated); verify() ${report.ok ? 'clean' : 'FAILED'}`);
    const summary = {
      seconds: round(elapsed),
      concurrency,
      requests: total,
      requestsPerSecond: round(total / elapsed),
      byKind: Object.fromEntries([...stats].map(([kind, s]) => [kind, { ok: s.ok, failed: s.failed, p50Ms: round(pct(s.ms, 50)), p99Ms: round(pct(s.ms, 99)), p50MsHalves: halves(s) }])),
      memory: { heapFloorMb: [round(early.heap), round(late.heap)], rssPeakMb: [round(early.rss), round(late.rss)], growth, flat: memoryFlat, samples: samples.length },
      acknowledgedCheckouts: acked.size,
      ordersMissing: missing,
      verifyOk: report.ok,
    };
    console.log(JSON.stringify(summary));
    process.exitCode = report.ok && missing === 0 && memoryFlat ? 0 : 1;
  } finally {
    clearInterval(vacuumer);
    await api?.stop();
    if (process.env.SOAK_KEEP_DB) {
      await t.db.destroy();
      console.log(`kept the soak's database: ${t.url}`);
    } else await t.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
