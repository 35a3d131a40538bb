import { expireDue } from '@omniloyal/ledger';
import type { Job } from './job.ts';

/** Expires due lots (oldest first, set-based, SKIP LOCKED in the ledger function). */
export const expireLotsJob: Job = {
  name: 'expire-lots',
  async runBatch(db, now) {
    const result = await expireDue(db, { now, limit: 1000 });
    return { done: result.lots, detail: result };
  },
};
