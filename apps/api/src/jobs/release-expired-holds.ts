import { releaseExpiredHolds } from '@omniloyal/ledger';
import type { Job } from './job.ts';

/** Gives back the points of holds whose TTL passed (abandoned till sales, uncollected reservations). */
export const releaseExpiredHoldsJob: Job = {
  name: 'release-expired-holds',
  async runBatch(db, now) {
    const result = await releaseExpiredHolds(db, { now, limit: 1000 });
    return { done: result.holds, detail: result };
  },
};
