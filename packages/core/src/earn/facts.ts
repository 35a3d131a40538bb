import type { Channel, EarnEvent, MemberContext, Order, OrderLine } from '../program/order.ts';
import type { LocalParts, ZonedClock } from '../time/zonedClock.ts';

/**
 * Everything a condition may ask about one order or event, computed once per
 * evaluation. Local time is looked up lazily: most rules never ask for it.
 */
export interface Facts {
  eventType: string;
  channel: Channel;
  member: MemberContext;
  order: Order | undefined;
  event: EarnEvent | undefined;
  lines: readonly OrderLine[];
  subtotal: number;
  ms: number;
  clock: ZonedClock;
  parts: LocalParts | undefined;
  /** Birthday month * 100 + day, parsed once; -1 when unknown. */
  birthday: number;
}

const NO_LINES: readonly OrderLine[] = [];

export function orderFacts(order: Order, ms: number, channel: Channel, member: MemberContext, clock: ZonedClock): Facts {
  const lines = order.lines;
  let subtotal = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as OrderLine;
    subtotal += line.quantity * line.unitPrice;
  }
  return { eventType: 'purchase', channel, member, order, event: undefined, lines, subtotal, ms, clock, parts: undefined, birthday: -2 };
}

export function eventFacts(event: EarnEvent, ms: number, channel: Channel, member: MemberContext, clock: ZonedClock): Facts {
  return { eventType: event.type, channel, member, order: undefined, event, lines: NO_LINES, subtotal: 0, ms, clock, parts: undefined, birthday: -2 };
}

export function localParts(f: Facts): LocalParts {
  return (f.parts ??= f.clock.partsAt(f.ms));
}

/** "1990-07-14" → 714; -1 when absent or malformed. */
export function birthdayOf(f: Facts): number {
  if (f.birthday === -2) {
    const b = f.member.birthday;
    f.birthday = b && b.length === 10 ? Number(b.slice(5, 7)) * 100 + Number(b.slice(8, 10)) : -1;
    if (Number.isNaN(f.birthday)) f.birthday = -1;
  }
  return f.birthday;
}
