import { fanOutWebhookEvents } from '../webhooks/fan-out.ts';
import { deliverDueWebhooks } from '../webhooks/deliver.ts';
import type { Job } from './job.ts';

/** Fans new outbox events out to endpoints, then sends what is due (first attempts and retries). */
export const deliverWebhooksJob: Job = {
  name: 'deliver-webhooks',
  async runBatch(db, now, settings) {
    const fanned = await fanOutWebhookEvents(db, { now, limit: 1000 });
    const sent = await deliverDueWebhooks(db, { now, limit: 100, destinations: settings?.webhookDestinations });
    return { done: fanned.events + sent.attempted, detail: { events: fanned.events, ...sent } };
  },
};
