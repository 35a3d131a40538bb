import type { Db } from '../db.ts';
import { LedgerError } from '../errors.ts';
import { GroupCommit, groupPer } from '../group-commit.ts';
import { callLedgerJson } from './request.ts';
import type { EarnBatchResult, EarnReceipt } from './earn.ts';

/**
 * Group commit for single earns on a Postgres pool (see group-commit.ts): while two calls run, further
 * earns wait and then go together through `ledger_earn_batch`, which posts each on its own and reports
 * each result (a CONFLICT, an unknown member) to that caller only. An earn travelling alone uses the
 * single-earn function. Two calls in flight measured best on 2 cores (bench/ledger.ts, 8 clients:
 * about 2,450 earns/s sending at once, 2,870 with one call in flight, 3,470 with two, 3,020 with three).
 */
const groupOf = groupPer((db: Db) => new GroupCommit<EarnReceipt>({
  postOne: (json) => callLedgerJson<EarnReceipt>(db, 'ledger_earn', json),
  postMany: async (items) => (await postBatch(db, items)).map((answer) => answer.ok
    ? { ok: true, value: answer.receipt }
    : { ok: false, error: new LedgerError(answer.code, answer.message) }),
  maxInFlight: 2,
  maxBatch: 100,
}));

/** Calls made and earns posted through this db's group (tests read them to see that earns shared calls). */
export const earnGroupCounts = (db: Db) => groupOf(db).counts;

/** One `ledger_earn_batch` call; on an unexpected whole-batch failure, again with a subtransaction per item. */
export async function postBatch(db: Db, items: readonly string[]): Promise<EarnBatchResult[]> {
  const json = `[${items.join(',')}]`;
  try {
    return await callLedgerJson<EarnBatchResult[]>(db, 'ledger_earn_batch', json, false);
  } catch (error) {
    if (error instanceof LedgerError) throw error;
    return callLedgerJson<EarnBatchResult[]>(db, 'ledger_earn_batch', json, true);
  }
}

/** Posts one prepared earn (its request JSON) through the db's group. */
export function groupEarn(db: Db, json: string): Promise<EarnReceipt> {
  return groupOf(db).submit(json);
}
