import { callLedgerJson, GroupCommit, groupPer, isLedgerErrorCode, LedgerError, poolOf, type Db } from '@omniloyal/ledger';
import type { CheckoutReceipt } from './receipt.ts';
import type { MemberExpectation } from './member-cache.ts';

/** The order row of a sale without rewards, as `checkout_record_batch` stores it. */
export interface SaleOrder {
  id: string;
  channel: string;
  storeId: string | null;
  terminalId: string | null;
  occurredAt: string;
  currency: string;
  subtotal: number;
  lines: unknown;
  payments: unknown;
  earned: number;
  linePoints: { lineId: string; points: number }[];
  requestHash: string;
}

export interface SaleRecord {
  programId: string;
  memberId: string | null;
  /** The prepared earn (`prepareEarn`), when the sale earns points. */
  earn?: string;
  /** The tier rules for the earn (`tierRules`). */
  tier?: { at: string; windowStart: string; levels: { id: string; threshold: number }[] };
  /** The member as the rules saw it, when it came from memory (member-cache.ts): checked before anything is written. */
  expect?: MemberExpectation;
  /** The receipt; `checkout_record_batch` fills in the balance. */
  receipt: CheckoutReceipt;
  order: SaleOrder;
}

type Answer = { receipt: CheckoutReceipt } | { error: { code: string; message: string } };

/**
 * Posts a sale's writes — earn, tier, order — in one transaction and one round trip. On a Postgres pool
 * the sales of concurrent requests go together through `checkout_record_batch` (group commit, see the
 * ledger's group-commit.ts); each sale's error is its own.
 */
export function recordCheckout(db: Db, sale: SaleRecord): Promise<CheckoutReceipt> {
  const { earn, ...rest } = sale;
  // the prepared earn is JSON already: spliced in rather than parsed and serialised again
  const json = earn ? `${JSON.stringify(rest).slice(0, -1)},"earn":${earn}}` : JSON.stringify(rest);
  if (poolOf(db)) return checkoutGroup(db).submit(json);
  return postSales(db, [json]).then(([answer]) => {
    if (!answer!.ok) throw answer!.error;
    return answer!.value;
  });
}

/** Calls made and sales posted through this db's group (tests read them to see that sales shared calls). */
export const checkoutGroupCounts = (db: Db) => checkoutGroup(db).counts;

/**
 * The sales that arrive while a call runs wait and go together in a later call: a call costs Postgres about
 * 0.55 ms of CPU whatever its size, plus about 0.12 ms per sale (bench:checkout-batch: 675 µs per sale alone,
 * 175 µs in calls of 13), so bigger batches are much cheaper per sale.
 *
 * The calls go on the db's pipelined connection, up to two at a time: the second is written while the first
 * runs, so Postgres starts it as soon as the first commits. With one call at a time, Postgres sat idle
 * between calls while the answer reached the API and the next call came back (0.4 + 0.6-0.9 ms of a 3.6 ms
 * call, timed from the API). The second call goes once the queue holds 0.8 of the last call's sales
 * (GroupCommit's minShareBehind): sent sooner, calls get smaller and cost more per sale. bench:api, 20-s
 * runs alternated on one VM, checkouts/s against pgbench: one call at a time 0.69-0.92x; pipelined with
 * 0.3 0.71/0.84x, 0.5 0.83-0.91x, 0.8 0.80-0.94x (four runs), 1.0 0.86/1.00x, 1.5 0.83/0.90x. Two calls
 * on two pooled connections were worse than one: they ran side by side and slowed each other down (0.25 ->
 * 0.31 ms of Postgres CPU per checkout at the same rate).
 *
 * Pipelined, the writes' backend hardly ever waits for a call. Of its time off a core (perf sched, 4 s of
 * bench:api), about half went to its commit's WAL flush (fdatasync waiting on the disk), two fifths to
 * waiting for a core, 3% to waiting for a call. Committing asynchronously would spare it the flush (three
 * alternated rounds: 2,819 -> 3,011 checkouts/s on average, the cores then the limit), but a sale would be
 * visible, and a retry answered as recorded, before it was durable: the commit stays synchronous, and a call
 * answers only once its sales are on disk.
 */
const checkoutGroup = groupPer((db: Db) => new GroupCommit<CheckoutReceipt>({ postMany: (items) => postSales(db, items), maxInFlight: 2, minShareBehind: 0.8 }));

const PIPELINED = { pipelined: true };

async function postSales(db: Db, items: string[]) {
  const json = `[${items.join(',')}]`;
  let answers: Answer[];
  try {
    answers = await callLedgerJson<Answer[]>(db, 'checkout_record_batch', json, false, PIPELINED);
  } catch (error) {
    if (error instanceof LedgerError) throw error;
    // failed as a whole (an order recorded concurrently): again, each sale in its own subtransaction
    answers = await callLedgerJson<Answer[]>(db, 'checkout_record_batch', json, true, PIPELINED);
  }
  return answers.map((answer) => ('receipt' in answer
    ? { ok: true as const, value: answer.receipt }
    : { ok: false as const, error: saleError(answer.error) }));
}

/** The member of a sale evaluated from memory has changed since: the sale wrote nothing and is to be evaluated again. */
export class StaleMember extends Error {}

function saleError(error: { code: string; message: string }): Error {
  if (isLedgerErrorCode(error.code)) return new LedgerError(error.code, error.message);
  if (error.code === 'STALE_MEMBER') return new StaleMember(error.message);
  // The same order posted at the same moment by another request: recordOnce answers with its receipt.
  if (error.code === 'DUPLICATE') return Object.assign(new Error(error.message), { code: '23505' });
  return new Error(`checkout_record_batch failed: ${error.message}`);
}
