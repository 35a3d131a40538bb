/**
 * The same checkouts as bench:api's tills, without HTTP: 32 callers in the bench's own process call
 * `pos.checkout` through tRPC's server-side caller, each with its till's credential, on a pool of the
 * API's default size. Everything a till's request runs is there — the cashier middleware and its rate
 * limit, zod, the router, the rules, the grouped reads and writes — but no HTTP server, no sockets to the
 * tills and no tills' client. bench:api prints the rate beside pgbench's and the HTTP tills', so a run
 * says how much of the gap to pgbench is the transport and how much the checkout itself.
 */
import { postgresCpuMs, postgresCpuMsSince } from './process-cpu.ts';
import { round } from './pgbench.ts';
import { refusedSales, sellAtTills, type Acknowledged, type Till } from './till-sales.ts';

export interface InProcessLoad {
  /** as the HTTP tills' acknowledgements (for the same audit) */
  acked: Acknowledged;
  checkoutsPerSecond: number;
  /** the bench process's CPU per checkout: what the API process spends, less HTTP */
  nodeCpuMsPerCheckout: number;
  postgresCpuMsPerCheckout: number;
  /** refused sales, the warm-up's included */
  failed: number;
}

export async function inProcessCheckouts(databaseUrl: string, programId: string, tills: Till[], memberIds: string[], forSeconds: number, prefix: string): Promise<InProcessLoad> {
  const { callerFor } = await import('../../apps/api/src/testing/test-context.ts');
  // imported as the router's modules are (ES modules), so the ledger's group commit finds this db's pool
  const { createDb } = await import('../../packages/ledger/src/index.ts');
  const db = await createDb({ databaseUrl, migrate: false });
  try {
    const callers = tills.map((till) => callerFor(db, { kind: 'terminal', keyId: till.keyId, programId, storeId: till.storeId, channel: 'pos' }));
    const run = (seconds: number, orderPrefix: string) => sellAtTills(callers.length, memberIds, seconds, orderPrefix, async (till, sale) => {
      try {
        return { ok: true, points: (await callers[till]!.pos.checkout(sale)).earned.points };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    });
    // the pool's connections and the statements' plans, as the API process had them after its warm-up
    const warmup = await run(2, 'warmup-in-process');
    const cpuBefore = process.cpuUsage();
    const postgresBefore = postgresCpuMs();
    const measured = await run(forSeconds, prefix);
    const cpu = process.cpuUsage(cpuBefore);
    const n = Math.max(1, measured.acked.size);
    return {
      acked: measured.acked,
      checkoutsPerSecond: round(measured.acked.size / measured.elapsed),
      nodeCpuMsPerCheckout: round((cpu.user + cpu.system) / 1000 / n),
      postgresCpuMsPerCheckout: round(postgresCpuMsSince(postgresBefore) / n),
      failed: refusedSales(warmup) + refusedSales(measured),
    };
  } finally {
    await db.destroy();
  }
}
