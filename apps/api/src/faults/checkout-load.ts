import { sql } from 'kysely';
import { createMember, verify, type Db } from '@omniloyal/ledger';
import type { ApiClient } from '../testing/http.ts';

export interface Sale {
  orderId: string;
  memberId: string;
  order: { occurredAt: string; lines: { lineId: string; sku: string; category: string; quantity: number; unitPrice: number }[]; payments: { method: string; amount: number }[]; currency: string };
}

export interface Acknowledged {
  memberId: string;
  points: number;
  /** The API answered with the first receipt of an order it had already recorded (committed, answer lost). */
  replayed: boolean;
}

/**
 * Tills checking out as fast as the API answers, `concurrency` at a time. Like the SDK, a till that gets
 * no answer retries the same sale (same orderId, same content) until it is acknowledged. `acked` is what
 * the tills saw acknowledged; `stop()` lets each till finish its sale in hand (until `withinMs`) and
 * returns the sales never acknowledged.
 */
export function startCheckoutLoad(options: { client: (worker: number) => ApiClient; memberIds: string[]; concurrency: number; prefix: string }) {
  const acked = new Map<string, Acknowledged>();
  const sales = new Map<string, Sale>();
  let failures = 0;
  let stopping = false;
  let giveUpAt = Infinity;
  let seq = 0;
  const worker = async (w: number) => {
    const client = options.client(w);
    while (!stopping) {
      seq += 1;
      const sale = newSale(`${options.prefix}-${w}-${seq}`, options.memberIds[seq % options.memberIds.length]!, seq);
      sales.set(sale.orderId, sale);
      for (;;) {
        try {
          const receipt = await client.pos.checkout.mutate(sale);
          acked.set(sale.orderId, { memberId: sale.memberId, points: receipt.earned.points, replayed: receipt.replayed });
          break;
        } catch {
          failures += 1;
          if (Date.now() > giveUpAt) break;
          // A till's retry backoff, not a wait for a test condition.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }
  };
  const running = Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  return {
    acked,
    sales,
    failures: () => failures,
    async stop(withinMs = 30_000): Promise<Sale[]> {
      stopping = true;
      giveUpAt = Date.now() + withinMs;
      await running;
      return [...sales.values()].filter((sale) => !acked.has(sale.orderId));
    },
  };
}

const menu = [
  { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 },
  { sku: 'blueberry-muffin', category: 'bakery', unitPrice: 450 },
  { sku: 'cold-brew', category: 'handcrafted-drink', unitPrice: 495 },
];

export function newSale(orderId: string, memberId: string, n: number): Sale {
  const lines = [menu[n % 3]!, menu[(n + 1) % 3]!].map((item, i) => ({ lineId: `l${i + 1}`, ...item, quantity: 1 + ((n + i) % 3) }));
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { orderId, memberId, order: { occurredAt: new Date().toISOString(), lines, payments: [{ method: 'card', amount: total }], currency: 'USD' } };
}

export async function createMembers(db: Db, programId: string, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const member = await createMember(db, { programId, identifiers: [{ kind: 'email', value: `${tag}-${i}@example.com` }], enrolledChannel: 'pos' });
    ids.push(member.id);
  }
  return ids;
}

/**
 * What the fault tests assert after the fault: every acknowledged order is in `orders` exactly once with
 * exactly one earn transaction, nothing unacknowledged is there twice, each member's balance is the sum
 * of the points its receipts reported, and `verify()` is clean.
 */
export async function ledgerAudit(db: Db, programId: string, acked: Map<string, Acknowledged>) {
  const { rows: orders } = await sql<{ id: string; n: number }>`
    select id, count(*)::int as n from orders where program_id = ${programId} group by id`.execute(db);
  const { rows: earns } = await sql<{ order_id: string; n: number }>`
    select order_id, count(*)::int as n from ledger_transactions
    where program_id = ${programId} and kind = 'earn' and order_id is not null group by order_id`.execute(db);
  const orderCount = new Map(orders.map((o) => [o.id, o.n]));
  const earnCount = new Map(earns.map((e) => [e.order_id, e.n]));
  const missing = [...acked.keys()].filter((id) => orderCount.get(id) !== 1 || earnCount.get(id) !== 1);
  const duplicated = [...orderCount].filter(([, n]) => n > 1).map(([id]) => id).concat([...earnCount].filter(([, n]) => n > 1).map(([id]) => id));
  const expected = new Map<string, number>();
  for (const a of acked.values()) expected.set(a.memberId, (expected.get(a.memberId) ?? 0) + a.points);
  const { rows: balances } = await sql<{ member_id: string; total: number }>`
    select member_id, (available + pending + held)::bigint as total from member_accounts where member_id in (${sql.join([...expected.keys()])})`.execute(db);
  const balanceMismatches = balances.filter((b) => b.total !== expected.get(b.member_id)).map((b) => ({ memberId: b.member_id, balance: b.total, receipts: expected.get(b.member_id) }));
  const report = await verify(db, { programId });
  return { orders: orders.length, missing, duplicated, balanceMismatches, verifyOk: report.ok, report };
}
