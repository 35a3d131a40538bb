import type { Db } from '@omniloyal/ledger';

/**
 * A background job: one bounded batch of work at `now`, returning how much it did (0 = nothing left).
 * Every job is idempotent and safe with several servers running it at once; runners call a job
 * again until it returns 0.
 */
export interface Job {
  name: string;
  runBatch(db: Db, now: Date): Promise<{ done: number; detail: Record<string, number> }>;
}
