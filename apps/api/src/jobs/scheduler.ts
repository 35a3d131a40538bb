import type { Db } from '@omniloyal/ledger';
import type { Logger } from 'pino';
import { runJobsOnce, type JobTotals } from './run-jobs-once.ts';
import type { JobSettings } from './job.ts';

export interface Scheduler {
  /** Waits for a run in progress to finish; no new run starts after this. */
  stop(): Promise<void>;
}

/**
 * Runs every job inside the server every `intervalMs` (default 30 s). Runs never overlap in one
 * process; across servers the jobs themselves are safe to run at once. A failing run is logged and
 * the next one tries again.
 */
export function startScheduler(
  db: Db,
  options: { intervalMs?: number; log?: Pick<Logger, 'info' | 'error'>; now?: () => Date; onRun?: (totals: JobTotals) => void; settings?: JobSettings } = {},
): Scheduler {
  const intervalMs = options.intervalMs ?? 30_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const tick = () => {
    if (stopped) return;
    running = runJobsOnce(db, { now: options.now?.() ?? new Date(), maxBatches: 10, settings: options.settings })
      .then((totals) => {
        options.onRun?.(totals);
        const busy = Object.fromEntries(Object.entries(totals).filter(([, detail]) => Object.values(detail).some((n) => n > 0)));
        if (Object.keys(busy).length > 0) options.log?.info({ jobs: busy }, 'background jobs ran');
      })
      .catch((error: unknown) => options.log?.error({ err: error }, 'background jobs failed; retrying at the next interval'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, Math.min(intervalMs, 1_000));

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
