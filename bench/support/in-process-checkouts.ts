/**
 * The same checkouts as bench:api's tills, without HTTP: 32 callers in the bench's own process call
 * `pos.checkout` through tRPC's server-side caller, each with its till's credential, on a pool of the
 * API's default size. Everything a till's request runs is there — the cashier middleware and its rate
 * limit, zod, the router, the rules, the grouped reads and writes — but no HTTP server, no sockets to the
 * tills and no tills' client. bench:api prints the rate beside pgbench's and the HTTP tills', so a run
 * says how much of the gap to pgbench is the transport and how much the checkout itself.
 */
import { randomUUID } from 'node:crypto';
import { postgresCpuMs, postgresCpuMsSince } from './process-cpu.ts';
import { round } from './pgbench.ts';

export interface Till {
  keyId: string;
  storeId: string;
}

export interface InProcessLoad {
  /** order id -> member and points, as the HTTP tills' acknowledgements (for the same audit) */
  acked: Map<string, { memberId: string; points: number }>;
  checkoutsPerSecond: number;
  /** the bench process's CPU per checkout: what the API process spends, less HTTP */
  nodeCpuMsPerCheckout: number;
  postgresCpuMsPerCheckout: number;
  failed: number;
}

export async function inProcessCheckouts(databaseUrl: string, programId: string, tills: Till[], memberIds: string[], forSeconds: number, prefix: string): Promise<InProcessLoad> {
  const { callerFor } = await import('../../apps/api/src/testing/test-context.ts');
  const { newSale } = await import('../../apps/api/src/faults/checkout-load.ts');
  // imported as the router's modules are (ES modules), so the ledger's group commit finds this db's pool
  const { createDb } = await import('../../packages/ledger/src/index.ts');
  const db = await createDb({ databaseUrl, migrate: false });
  try {
    const callers = tills.map((till) => callerFor(db, { kind: 'terminal', keyId: till.keyId, programId, storeId: till.storeId, channel: 'pos' }));
    const acked = new Map<string, { memberId: string; points: number }>();
    let failed = 0;
    let seq = 0;
    const run = async (seconds: number, orderPrefix: string, counted: boolean) => {
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(callers.map(async (caller, till) => {
        while (performance.now() < deadline) {
          seq += 1;
          const memberId = memberIds[Math.floor(Math.random() * memberIds.length)]!;
          const sale = newSale(`${orderPrefix}-${till}-${seq}-${randomUUID().slice(0, 8)}`, memberId, seq);
          try {
            const receipt = await caller.pos.checkout(sale);
            if (counted) acked.set(sale.orderId, { memberId, points: receipt.earned.points });
          } catch {
            failed += 1;
          }
        }
      }));
    };
    // the pool's connections and the statements' plans, as the API process had them after its warm-up
    await run(2, 'warmup-in-process', false);
    const cpuBefore = process.cpuUsage();
    const postgresBefore = postgresCpuMs();
    const started = performance.now();
    await run(forSeconds, prefix, true);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const n = Math.max(1, acked.size);
    return {
      acked,
      checkoutsPerSecond: round(acked.size / elapsed),
      nodeCpuMsPerCheckout: round((cpu.user + cpu.system) / 1000 / n),
      postgresCpuMsPerCheckout: round(postgresCpuMsSince(postgresBefore) / n),
      failed,
    };
  } finally {
    await db.destroy();
  }
}
