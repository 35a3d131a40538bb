import type { Condition } from '../program/condition.ts';
import type { Channel } from '../program/order.ts';

/** What is fixed for one rule set: the event type, the channel and the member's tier. */
export interface KnownFacts {
  eventType: string;
  channel: Channel;
  tierId: string | undefined;
}

/**
 * Partially evaluates a condition for facts known before the basket is seen. Rule sets
 * are compiled per (event type, channel, tier), so "channel in [app]" or "tier in [gold]"
 * cost nothing at evaluation time, and rules that cannot match are dropped entirely.
 */
export function specialize(c: Condition, known: KnownFacts): Condition | boolean {
  if ('all' in c) {
    const rest: Condition[] = [];
    for (const part of c.all) {
      const s = specialize(part, known);
      if (s === false) return false;
      if (s !== true) rest.push(s);
    }
    return rest.length === 0 ? true : rest.length === 1 ? (rest[0] as Condition) : { all: rest };
  }
  if ('any' in c) {
    const rest: Condition[] = [];
    for (const part of c.any) {
      const s = specialize(part, known);
      if (s === true) return true;
      if (s !== false) rest.push(s);
    }
    return rest.length === 0 ? false : rest.length === 1 ? (rest[0] as Condition) : { any: rest };
  }
  if ('not' in c) {
    const s = specialize(c.not, known);
    return typeof s === 'boolean' ? !s : { not: s };
  }
  switch (c.field) {
    case 'channel':
      return c.value.includes(known.channel) === (c.op === 'in');
    case 'eventType':
      return c.value.includes(known.eventType) === (c.op === 'in');
    case 'tier':
      return (known.tierId !== undefined && c.value.includes(known.tierId)) === (c.op === 'in');
    default:
      return c;
  }
}
