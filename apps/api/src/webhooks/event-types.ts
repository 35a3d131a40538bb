import type { OutboxTable } from '@omniloyal/ledger';

/**
 * The public names of outbox events, as integrators see them in a webhook's `type`. The outbox keeps the
 * ledger's short names; endpoints subscribe by public name.
 */
export const webhookEventTypes = {
  earned: 'points.earned',
  redeemed: 'points.redeemed',
  reversed: 'points.reversed',
  adjusted: 'points.adjusted',
  expired: 'points.expired',
  expiring_soon: 'points.expiring_soon',
  tier_changed: 'member.tier_changed',
  merged: 'member.merged',
} as const satisfies Record<OutboxTable['type'], string>;

export type OutboxType = keyof typeof webhookEventTypes;
export type WebhookEventType = (typeof webhookEventTypes)[OutboxType];
export const publicEventTypes = Object.values(webhookEventTypes) as [WebhookEventType, ...WebhookEventType[]];

export function publicEventType(outboxType: string): string {
  return webhookEventTypes[outboxType as OutboxType] ?? outboxType;
}
