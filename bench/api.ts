/**
 * End-to-end checkout throughput: the real API as its own process on real Postgres with the demo data
 * (a database of its own, dropped afterwards), and 32 tills — each with its own till key, as in a real
 * chain — sending `pos.checkout` over HTTP for random demo members, each till waiting for its answer
 * before the next sale. Prints checkouts per second, p50 / p99 latency and the server's peak resident
 * memory (VmHWM of its process), beside pgbench's TPC-B tps measured in the same run against the same
 * server (just before and just after the tills; their mean is the reference). Afterwards every acknowledged sale is checked
 * to be in the ledger once and verify() must be clean. Also printed: CPU time per checkout of the API
 * process, of Postgres (when it runs on this machine) and of the tills' client, to show where the cores
 * went; how the API's main thread and the backend that runs the sale writes spent the load (on a core,
 * waiting for one, neither), and the WAL written per checkout. Then, to tell the transport's cost from the
 * checkout's, the same checkouts without HTTP: 32 callers in the bench's own process calling pos.checkout
 * through tRPC's server-side caller (bench/support/in-process-checkouts.ts).
 * The last line printed is one JSON object.
 * Targets: at least 1.0x pgbench tps, p99 under 50 ms, peak RSS under 300 MB.
 *
 *   npm run bench:api                        (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_SECONDS=10 npm run bench:api       (a shorter measured phase; default 30 s)
 *   BENCH_PROFILE_DIR=/tmp/prof npm run bench:api   (also writes the server's V8 CPU profile there; the /health
 *                                                   phase is then skipped, so the profile is the tills' load)
 *   BENCH_KEEP_DB=1 npm run bench:api        (keeps the omniloyal_bench_api database for a look afterwards)
 *   BENCH_API_PROCESSES=2 npm run bench:api  (N API processes on the one database, the tills spread over them in
 *                                             turn as a round-robin load balancer would; default 1)
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createDb, verify, type Db } from '../packages/ledger/src/index.ts';
import { cpuMs, machineCpu, machineCpuShares, postgresCpuMs, postgresCpuMsSince, threadSched, threadShares, type ThreadSched } from './support/process-cpu.ts';
import { KeepAliveClient } from './support/keep-alive-client.ts';
import { inProcessCheckouts } from './support/in-process-checkouts.ts';
import { refusedSales, sellAtTills, type Till, type TillSales } from './support/till-sales.ts';
import { checkpoint, dropDatabase, percentile, pgbenchDrop, pgbenchInit, pgbenchTps, recreateDatabase, round, urlFor } from './support/pgbench.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const PGBENCH_SECONDS = 10;
const WARMUP_SECONDS = 3;
const TILLS = 32;
const MEMBERS = 1_000;
const API_DB = 'omniloyal_bench_api';
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
if (!Number.isInteger(API_PROCESSES) || API_PROCESSES < 1) throw new Error('BENCH_API_PROCESSES: must be a whole number of at least 1');

/** The server's peak resident memory so far, from the kernel (Linux). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
  return round(kb / 1024);
}

/** Threads' shares of the time (the API processes' main threads, the writes' backends), as a mean over them; null where the kernel keeps no schedstat. */
function meanThreadShares(readings: [ThreadSched | undefined, ThreadSched | undefined][], seconds: number): { running: number; waitingForCore: number } | null {
  if (readings.some(([before, after]) => !before || !after)) return null;
  const total = (pick: (sched: ThreadSched) => number) => readings.reduce((sum, [before, after]) => sum + pick(after!) - pick(before!), 0);
  return threadShares({ runNs: total((t) => t.runNs), waitNs: total((t) => t.waitNs) }, seconds * readings.length);
}

/** Till i talks to urls[i mod N]: with several API processes, each gets every Nth till, as behind a round-robin balancer. */
async function runTills(urls: string[], tills: Till[], memberIds: string[], forSeconds: number, prefix: string): Promise<TillSales> {
  const clients = tills.map((_, till) => KeepAliveClient.for(urls[till % urls.length]!));
  try {
    return await sellAtTills(tills.length, memberIds, forSeconds, prefix, async (till, sale) => {
      const { status, text } = await clients[till]!.request('/trpc/pos.checkout', tills[till]!.key, JSON.stringify(sale));
      if (status === 200) return { ok: true, points: (JSON.parse(text).result.data as { earned: { points: number } }).earned.points };
      return { ok: false, message: `${status} ${String(JSON.parse(text)?.error?.message ?? text).slice(0, 120)}` };
    });
  } finally {
    for (const client of clients) client.close();
  }
}

/** One reading of the server's /metrics: the value of a series, named with its labels as Prometheus prints it. */
async function scrapeMetrics(url: string): Promise<(series: string) => number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = new Map(text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const space = line.lastIndexOf(' ');
    return [line.slice(0, space), Number(line.slice(space + 1))] as const;
  }));
  return (series) => values.get(`omniloyal_${series}`) ?? 0;
}

/** The server's V8 heap (used and total, MB), to tell a growing heap from other memory. */
function heapMb(metric: (series: string) => number): { used: number; total: number } {
  return { used: round(metric('nodejs_heap_size_used_bytes') / 1048576), total: round(metric('nodejs_heap_size_total_bytes') / 1048576) };
}

/** The API processes' grouped sale writes so far (`omniloyal_checkout_writes`, `omniloyal_kept_member_sales`), added up over the processes. */
function checkoutWrites(metrics: ((series: string) => number)[]) {
  const total = (series: string) => metrics.reduce((sum, metric) => sum + metric(series), 0);
  return {
    calls: total('checkout_writes{measure="calls"}'),
    sales: total('checkout_writes{measure="sales"}'),
    busySeconds: total('checkout_writes{measure="busy_seconds"}'),
    keptMember: total('kept_member_sales{outcome="kept"}'),
    staleMember: total('kept_member_sales{outcome="stale"}'),
  };
}

/**
 * The Postgres backends of the API processes' pipelined connections, which run every plain sale's write
 * call one after another (found by the call they last ran; the warm-up made one on each). Only backends
 * running on this machine: a remote server's pids would name unrelated local processes.
 */
async function writerBackends(db: Db): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = ${API_DB} and query like 'select checkout_record_batch(%'`.execute(db);
  const local = postgresCpuMs(API_DB);
  return rows.map((row) => row.pid).filter((pid) => local.has(pid));
}

/** The server's WAL so far: records, bytes and flushes (pg_stat_wal, Postgres 14 and later). */
async function walSoFar(db: Db): Promise<{ records: number; bytes: number; syncs: number }> {
  const { rows } = await sql<{ records: string; bytes: string; syncs: string }>`
    select wal_records::text as records, wal_bytes::text as bytes, wal_sync::text as syncs from pg_stat_wal`.execute(db);
  return { records: Number(rows[0]!.records), bytes: Number(rows[0]!.bytes), syncs: Number(rows[0]!.syncs) };
}

/**
 * The floor under any API call on this machine: GET /health (HTTP plus one `select 1`) from the same 32
 * clients, for as long as the checkouts ran. A checkout can at best approach this rate.
 */
async function healthRate(urls: string[], forSeconds: number): Promise<number> {
  let answered = 0;
  const started = performance.now();
  const deadline = started + forSeconds * 1000;
  await Promise.all(Array.from({ length: TILLS }, async (_, i) => {
    const client = KeepAliveClient.for(urls[i % urls.length]!);
    while (performance.now() < deadline) {
      if ((await client.request('/health', undefined)).status === 200) answered += 1;
    }
    client.close();
  }));
  return round(answered / ((performance.now() - started) / 1000));
}

async function main(): Promise<void> {
  const { seedDemo } = await import('../apps/api/src/seed/seed-demo.ts');
  const { createApiKey } = await import('../apps/api/src/auth/api-keys.ts');
  const { startApiProcess } = await import('../apps/api/src/faults/api-process.ts');
  console.error(`api bench: ${TILLS} tills, ${API_PROCESSES} API process(es), ${seconds}s measured after ${WARMUP_SECONDS}s of warm-up`);

  await pgbenchInit();
  await recreateDatabase(API_DB);
  const db = await createDb({ databaseUrl: urlFor(API_DB), poolSize: 4 });
  const apis: Awaited<ReturnType<typeof startApiProcess>>[] = [];
  try {
    const seedStarted = performance.now();
    const seed = await seedDemo(db, { members: MEMBERS });
    const stores = await db.selectFrom('stores').select('id').where('program_id', '=', seed.programId).orderBy('id').execute();
    const tills: Till[] = [];
    for (let i = 0; i < TILLS; i++) {
      const storeId = stores[i % stores.length]!.id;
      const created = await createApiKey(db, { kind: 'terminal', programId: seed.programId, storeId, name: `bench till ${i + 1}` });
      tills.push({ key: created.key, keyId: created.id, storeId });
    }
    const memberIds = (await db.selectFrom('members').select('id').where('program_id', '=', seed.programId).where('merged_into', 'is', null).execute())
      .map((m) => m.id);
    await sql`analyze`.execute(db);
    console.error(`  demo data: ${memberIds.length} members, ${seed.counts.orders} orders (${round((performance.now() - seedStarted) / 1000)} s)`);

    const profileDir = process.env.BENCH_PROFILE_DIR;
    for (let i = 0; i < API_PROCESSES; i++) {
      apis.push(await startApiProcess({ databaseUrl: urlFor(API_DB), built: true, ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}) }));
    }
    const urls = apis.map((api) => api.url);
    const scrapeAll = () => Promise.all(urls.map(scrapeMetrics));
    const serverCpuMs = () => apis.reduce((sum, api) => sum + cpuMs(api.pid), 0);
    await runTills(urls, tills, memberIds, WARMUP_SECONDS, 'warmup');
    // pgbench right before and right after the tills, the API idle: this VM's speed drifts by a fifth within
    // minutes, and a reference measured a minute away (before the seeding) made the ratio drift with it
    const tpsBefore = await pgbenchTps(PGBENCH_SECONDS);
    console.error(`  pgbench TPC-B (scale 8, 8 clients, 2 threads), just before: ${tpsBefore} tps`);
    await checkpoint();
    // the bench database's statistics (pg_stat_user_functions and the like) then describe the measured phase only
    await sql`select pg_stat_reset()`.execute(db);
    const serverCpuBefore = serverCpuMs();
    const postgresCpuBefore = postgresCpuMs();
    const benchCpuBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    const writesBefore = checkoutWrites(await scrapeAll());
    const mainThreadsBefore = apis.map((api) => threadSched(api.pid));
    const writers = await writerBackends(db);
    const writersBefore = writers.map(threadSched);
    const walBefore = await walSoFar(db);
    const load = await runTills(urls, tills, memberIds, seconds, 'bench');
    const mainThreads = meanThreadShares(apis.map((api, i) => [mainThreadsBefore[i], threadSched(api.pid)]), load.elapsed);
    const writerShares = writers.length === API_PROCESSES ? meanThreadShares(writers.map((pid, i) => [writersBefore[i], threadSched(pid)]), load.elapsed) : null;
    const walAfter = await walSoFar(db);
    const afterLoad = await scrapeAll();
    const writesAfter = checkoutWrites(afterLoad);
    const serverCpu = serverCpuMs() - serverCpuBefore;
    const postgresCpu = postgresCpuMsSince(postgresCpuBefore);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const machine = machineCpuShares(machineBefore, machineCpu());
    const heap = heapMb(afterLoad[0]!);
    const tpsAfter = await pgbenchTps(PGBENCH_SECONDS);
    console.error(`  pgbench TPC-B, just after: ${tpsAfter} tps`);
    // A profile is written when the server exits: 10 s of /health (about 13,000 answers a second, each a
    // `select 1`) would mix into it work no till does, so a profiling run leaves that phase out.
    const healthPerSecond = profileDir ? null : await healthRate(urls, Math.min(seconds, 10));
    const inProcess = await inProcessCheckouts(urlFor(API_DB), seed.programId, tills, memberIds, Math.min(seconds, 10), 'inproc');
    // the target is each server's: the largest of the processes
    const rssByProcess = apis.map((api) => peakRssMb(api.pid));
    const rssMb = Math.max(...rssByProcess);
    while (apis.length > 0) await apis.pop()!.stop();

    // Every acknowledged sale is recorded once, with one earn; the ledger balances.
    const recordedOnce = async (prefix: string, acknowledged: number) => {
      const { rows } = await sql<{ n: number; earns: number }>`
        select count(*)::int as n, count(*) filter (where earn_transaction_id is not null)::int as earns
        from orders where program_id = ${seed.programId} and id like ${`${prefix}-%`}`.execute(db);
      return rows[0]!.n === acknowledged && rows[0]!.earns === acknowledged;
    };
    const report = await verify(db, { programId: seed.programId });

    const tps = round((tpsBefore + tpsAfter) / 2);
    const latencies = load.latencies.sort((a, b) => a - b);
    const perSecond = round(load.acked.size / load.elapsed);
    /** A total over the load, per acknowledged checkout. */
    const perCheckout = (total: number) => round(total / Math.max(1, load.acked.size));
    const p50 = round(percentile(latencies, 0.5));
    const p99 = round(percentile(latencies, 0.99));
    const failed = refusedSales(load);
    // The sales' write calls, one at a time: in flight nearly all the time, they set the pace of every till
    const writeCalls = Math.max(1, writesAfter.calls - writesBefore.calls);
    const writes = {
      salesPerCall: round((writesAfter.sales - writesBefore.sales) / writeCalls),
      msPerCall: round(((writesAfter.busySeconds - writesBefore.busySeconds) * 1000) / writeCalls),
      // of each process's time (each process makes one call at a time)
      inFlightShare: round((writesAfter.busySeconds - writesBefore.busySeconds) / (load.elapsed * API_PROCESSES)),
      // of the acknowledged checkouts: evaluated with a member kept in memory (no read), and evaluated again
      // because the write found that member changed (a tier moved by an earlier sale)
      keptMemberShare: round((writesAfter.keptMember - writesBefore.keptMember) / Math.max(1, load.acked.size)),
      staleMemberShare: round((writesAfter.staleMember - writesBefore.staleMember) / Math.max(1, load.acked.size)),
    };
    const figures = {
      bench: 'api',
      seconds,
      tills: TILLS,
      apiProcesses: API_PROCESSES,
      members: memberIds.length,
      pgbenchTps: tps,
      pgbenchRuns: [tpsBefore, tpsAfter],
      checkouts: load.acked.size,
      failed,
      checkoutsPerSecond: perSecond,
      vsPgbench: round(perSecond / tps),
      p50ms: p50,
      p99ms: p99,
      maxMs: round(latencies.at(-1) ?? 0),
      peakRssMb: rssMb,
      peakRssMbByProcess: rssByProcess,
      healthPerSecond,
      // the same checkouts without HTTP (tRPC's server-side caller in the bench process), for as long as /health
      inProcess: {
        checkoutsPerSecond: inProcess.checkoutsPerSecond,
        vsPgbench: round(inProcess.checkoutsPerSecond / tps),
        nodeCpuMsPerCheckout: inProcess.nodeCpuMsPerCheckout,
        postgresCpuMsPerCheckout: inProcess.postgresCpuMsPerCheckout,
        failed: inProcess.failed,
        recordedOnce: await recordedOnce('inproc', inProcess.acked.size),
      },
      heapAfterLoadMb: heap,
      // where the 2 cores went: the API process and the tills' client, per acknowledged checkout
      serverCpuMsPerCheckout: perCheckout(serverCpu),
      postgresCpuMsPerCheckout: perCheckout(postgresCpu),
      clientCpuMsPerCheckout: perCheckout((benchCpu.user + benchCpu.system) / 1000),
      // the machine's cores during the tills' load: busy, idle, and taken by the host (steal)
      machineCpuShares: machine,
      // the API's main thread (JavaScript runs there only): the mean over the processes; null without schedstat
      apiMainThread: mainThreads,
      // the backend running the sale writes (mean over the API processes): on a core, waiting for one, and
      // neither (waiting for the next call, or for its commit's WAL flush); null when not found or not readable
      writerBackend: writerShares,
      // the server's WAL during the load, per acknowledged checkout, and its flushes a second
      wal: {
        bytesPerCheckout: perCheckout(walAfter.bytes - walBefore.bytes),
        recordsPerCheckout: perCheckout(walAfter.records - walBefore.records),
        flushesPerSecond: round((walAfter.syncs - walBefore.syncs) / load.elapsed),
      },
      writes,
      targets: { vsPgbench: 1.0, p99ms: 50, peakRssMb: 300 },
      met: { throughput: perSecond / tps >= 1.0, p99: p99 < 50, rss: rssMb < 300 },
      recordedOnce: await recordedOnce('bench', load.acked.size),
      verifyOk: report.ok,
      failures: Object.fromEntries(load.failures),
    };
    console.log('');
    console.log('| measure                              |      value | target       |');
    console.log('|--------------------------------------|-----------:|--------------|');
    console.log(`| pgbench TPC-B tps (8 clients)        | ${String(tps).padStart(10)} |              |  (mean of ${tpsBefore} before and ${tpsAfter} after)`);
    console.log(`| pos.checkout per second (32 tills)   | ${String(perSecond).padStart(10)} | >= 1.00x     |  ${figures.vsPgbench}x pgbench`);
    console.log(`| checkout p50 ms                      | ${String(p50).padStart(10)} |              |`);
    console.log(`| checkout p99 ms                      | ${String(p99).padStart(10)} | < 50         |`);
    console.log(`| GET /health per second (32 clients) | ${String(healthPerSecond ?? 'skipped').padStart(10)} |              |  ${healthPerSecond === null ? 'not measured while profiling' : 'the floor: HTTP and one select 1'}`);
    console.log(`| pos.checkout per second, no HTTP     | ${String(inProcess.checkoutsPerSecond).padStart(10)} |              |  ${figures.inProcess.vsPgbench}x pgbench: tRPC's caller in the bench process`);
    console.log(`| API heap after the load MB            | ${String(heap.used).padStart(10)} |              |  used, of ${heap.total} total${API_PROCESSES > 1 ? ' (the first process)' : ''}`);
    console.log(`| API peak RSS MB                      | ${String(rssMb).padStart(10)} | < 300        |${API_PROCESSES > 1 ? `  the largest of ${API_PROCESSES} processes: ${rssByProcess.join(', ')}` : ''}`);
    console.log(`CPU per checkout: API${API_PROCESSES > 1 ? ` (${API_PROCESSES} processes)` : ''} ${figures.serverCpuMsPerCheckout} ms, Postgres ${figures.postgresCpuMsPerCheckout} ms, tills' client ${figures.clientCpuMsPerCheckout} ms`);
    console.log(`CPU per checkout without HTTP: the bench process ${inProcess.nodeCpuMsPerCheckout} ms, Postgres ${inProcess.postgresCpuMsPerCheckout} ms; ${inProcess.failed} failed, recorded once: ${figures.inProcess.recordedOnce}`);
    console.log(`the machine's cores during the load: ${round(machine.busy * 100)}% busy, ${round(machine.idle * 100)}% idle, ${round(machine.steal * 100)}% taken by the host (steal)`);
    if (mainThreads) console.log(`the API's main thread during the load: running ${round(mainThreads.running * 100)}%, waiting for a core ${round(mainThreads.waitingForCore * 100)}% of the time${API_PROCESSES > 1 ? ' (mean of the processes)' : ''}`);
    console.log(`sale writes: ${writes.salesPerCall} sales per call, ${writes.msPerCall} ms per call, a call in flight ${round(writes.inFlightShare * 100)}% of the time`);
    console.log(`kept members: ${round(writes.keptMemberShare * 100)}% of checkouts evaluated without a member read, ${round(writes.staleMemberShare * 100)}% evaluated again (member changed)`);
    if (writerShares) {
      const neither = round(100 - (writerShares.running + writerShares.waitingForCore) * 100);
      console.log(`the sale writes' backend during the load: running ${round(writerShares.running * 100)}%, waiting for a core ${round(writerShares.waitingForCore * 100)}%, neither ${neither}% (waiting for a call or for its commit's WAL flush)${API_PROCESSES > 1 ? ' (mean of the processes)' : ''}`);
    }
    console.log(`WAL per checkout: ${figures.wal.bytesPerCheckout} bytes in ${figures.wal.recordsPerCheckout} records; ${figures.wal.flushesPerSecond} flushes a second`);
    console.log(`acknowledged ${load.acked.size}, failed ${failed}; recorded once: ${figures.recordedOnce}; verify: ${report.ok ? 'clean' : 'DIFFERENCES FOUND'}`);
    for (const [message, n] of load.failures) console.log(`  failure x${n}: ${message}`);
    console.log(JSON.stringify(figures));
  } finally {
    for (const api of apis) await api.kill9();
    await db.destroy();
    if (!process.env.BENCH_KEEP_DB) await dropDatabase(API_DB);
    await pgbenchDrop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
