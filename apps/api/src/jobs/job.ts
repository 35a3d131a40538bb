import type { Db } from '@omniloyal/ledger';
import type { WebhookDestinationPolicy } from '../webhooks/destination-guard.ts';

/** What a deployment configures for its jobs: read from the environment once, by main.ts or the CLI. */
export interface JobSettings {
  /** Where webhooks may be delivered; public addresses over https only when absent. */
  webhookDestinations?: WebhookDestinationPolicy;
}

/**
 * A background job: one bounded batch of work at `now`, returning how much it did (0 = nothing left).
 * Every job is idempotent and safe with several servers running it at once; runners call a job
 * again until it returns 0.
 */
export interface Job {
  name: string;
  runBatch(db: Db, now: Date, settings?: JobSettings): Promise<{ done: number; detail: Record<string, number> }>;
}
