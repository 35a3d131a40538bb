import type pg from 'pg';
import type { Db } from '../db.ts';
import { LedgerError } from '../errors.ts';
import { callLedgerJson } from './request.ts';
import type { EarnBatchResult, EarnReceipt } from './earn.ts';

/**
 * Group commit for single earns on a Postgres pool. Each earn costs Postgres a commit (a WAL flush) and
 * Node a round trip; under concurrency most of that is fixed cost per call, not per earn. So while
 * `MAX_IN_FLIGHT` calls are already running, further earns wait in a queue and the next call posts the
 * whole queue through `ledger_earn_batch`: one round trip and one commit for all of them. An earn that
 * arrives when the pool is not busy goes at once, alone, so a quiet system pays no latency for this.
 *
 * Each earn is still isolated: the batch function posts every item on its own and reports each result
 * (a CONFLICT, an unknown member) to that caller only. A batch that fails as a whole on something
 * unexpected is run again with a subtransaction per item, so one bad item cannot fail its neighbours.
 * A caller is answered only after the batch has committed, so an acknowledged earn is durable.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 100;

interface Waiting {
  json: string;
  resolve: (receipt: EarnReceipt) => void;
  reject: (error: unknown) => void;
}

class EarnGroup {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(private readonly db: Db) {}

  submit(json: string): Promise<EarnReceipt> {
    return new Promise<EarnReceipt>((resolve, reject) => {
      this.queue.push({ json, resolve, reject });
      this.pump();
    });
  }

  /**
   * Sends at the end of this turn of the event loop, not at once: the callers a batch's answers just
   * woke come back within the same turn, and should leave together rather than the first one alone.
   */
  private pump(): void {
    if (this.flushScheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.post(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async post(batch: Waiting[]): Promise<void> {
    groupCommitCounts.calls++;
    groupCommitCounts.earns += batch.length;
    if (batch.length === 1) {
      // Alone: the single-earn function, which raises its own error (same codes and messages as a batch item).
      const only = batch[0]!;
      await callLedgerJson<EarnReceipt>(this.db, 'ledger_earn', only.json).then(only.resolve, only.reject);
      return;
    }
    let answers: EarnBatchResult[];
    try {
      answers = await postBatch(this.db, batch.map((item) => item.json));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const answer = answers[i]!;
      if (answer.ok) item.resolve(answer.receipt);
      else item.reject(new LedgerError(answer.code, answer.message));
    });
  }
}

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

/** Round trips and earns posted through groups in this process (tests read it to see that earns shared calls). */
export const groupCommitCounts = { calls: 0, earns: 0 };

const groups = new WeakMap<pg.Pool, EarnGroup>();

/** Posts one prepared earn (its request JSON) through the pool's group. */
export function groupEarn(db: Db, pool: pg.Pool, json: string): Promise<EarnReceipt> {
  let group = groups.get(pool);
  if (!group) {
    group = new EarnGroup(db);
    groups.set(pool, group);
  }
  return group.submit(json);
}
