import type { Job } from './job.ts';
import { releaseExpiredHoldsJob } from './release-expired-holds.ts';
import { releasePendingJob } from './release-pending.ts';
import { expireLotsJob } from './expire-lots.ts';
import { expiringSoonJob } from './expiring-soon.ts';
import { recomputeTiersJob } from './recompute-tiers.ts';
import { deliverWebhooksJob } from './deliver-webhooks.ts';

/**
 * In the order a run takes them: holds and pending points first (they change what can expire),
 * then expiry, notices, tiers, and last the webhooks, so a run's own events go out in the same run.
 */
export const allJobs: readonly Job[] = [
  releaseExpiredHoldsJob,
  releasePendingJob,
  expireLotsJob,
  expiringSoonJob,
  recomputeTiersJob,
  deliverWebhooksJob,
];

export function jobNamed(name: string): Job | undefined {
  return allJobs.find((job) => job.name === name);
}
