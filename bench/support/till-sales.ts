/**
 * What a bench's tills do, whatever carries their sales: each till sells to random members, one sale at a
 * time, until the deadline; acknowledged sales are kept for the audit (each recorded once, with its
 * points), with their latencies, and refused ones are counted by message. bench:api drives it over HTTP
 * and, without HTTP, through tRPC's server-side caller.
 */
import { randomUUID } from 'node:crypto';

export type Acknowledged = Map<string, { memberId: string; points: number }>;

/** A till: its key (for HTTP), the key's id and its store (for a credential without HTTP). */
export interface Till {
  key: string;
  keyId: string;
  storeId: string;
}

export interface TillSales {
  acked: Acknowledged;
  latencies: number[];
  failures: Map<string, number>;
  elapsed: number;
}

/** A sale's outcome as a till sees it: the points its receipt earned, or why it was refused. */
export type SaleOutcome = { ok: true; points: number } | { ok: false; message: string };

export async function sellAtTills(
  tills: number,
  memberIds: string[],
  forSeconds: number,
  prefix: string,
  sell: (till: number, sale: import('../../apps/api/src/faults/checkout-load.ts').Sale) => Promise<SaleOutcome>,
): Promise<TillSales> {
  const { newSale } = await import('../../apps/api/src/faults/checkout-load.ts');
  const acked: Acknowledged = new Map();
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const started = performance.now();
  const deadline = started + forSeconds * 1000;
  let seq = 0;
  await Promise.all(Array.from({ length: tills }, async (_, till) => {
    while (performance.now() < deadline) {
      seq += 1;
      const memberId = memberIds[Math.floor(Math.random() * memberIds.length)]!;
      const sale = newSale(`${prefix}-${till}-${seq}-${randomUUID().slice(0, 8)}`, memberId, seq);
      const t0 = performance.now();
      const outcome = await sell(till, sale);
      if (outcome.ok) {
        latencies.push(performance.now() - t0);
        acked.set(sale.orderId, { memberId, points: outcome.points });
      } else {
        failures.set(outcome.message, (failures.get(outcome.message) ?? 0) + 1);
      }
    }
  }));
  return { acked, latencies, failures, elapsed: (performance.now() - started) / 1000 };
}

/** How many sales were refused, whatever the message. */
export const refusedSales = (sales: Pick<TillSales, 'failures'>) => [...sales.failures.values()].reduce((a, b) => a + b, 0);
