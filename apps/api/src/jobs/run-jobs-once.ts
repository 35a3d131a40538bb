import type { Db } from '@omniloyal/ledger';
import { allJobs } from './all-jobs.ts';
import type { Job, JobSettings } from './job.ts';

export type JobTotals = Record<string, Record<string, number>>;

/**
 * Runs each job in batches until it has nothing left at `now` (or `maxBatches`, so a flood of work
 * cannot starve the other jobs), and returns the summed details per job. The CLI, tests and the
 * scheduler all go through here.
 */
export async function runJobsOnce(
  db: Db,
  options: { now?: Date; jobs?: readonly Job[]; maxBatches?: number; settings?: JobSettings } = {},
): Promise<JobTotals> {
  const now = options.now ?? new Date();
  const totals: JobTotals = {};
  for (const job of options.jobs ?? allJobs) {
    const sum: Record<string, number> = {};
    for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
      const { done, detail } = await job.runBatch(db, now, options.settings);
      for (const [key, value] of Object.entries(detail)) sum[key] = (sum[key] ?? 0) + Number(value);
      if (done === 0) break;
    }
    totals[job.name] = sum;
  }
  return totals;
}
