import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64, shown once at endpoint creation. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The three Standard Webhooks headers for one attempt. The id stays the same across retries and
 * endpoints (receivers deduplicate on it); the timestamp is the attempt's wall-clock time, because
 * receivers reject signatures older than a few minutes.
 */
export function signedHeaders(secret: string, messageId: string, body: string, signedAt = new Date()): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, signedAt, body);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
