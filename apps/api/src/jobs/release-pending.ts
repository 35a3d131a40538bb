import { releasePending } from '@omniloyal/ledger';
import type { Job } from './job.ts';

/** Makes pending points available once the program's returns window has passed. */
export const releasePendingJob: Job = {
  name: 'release-pending',
  async runBatch(db, now) {
    const result = await releasePending(db, { now, limit: 1000 });
    return { done: result.transactions, detail: result };
  },
};
