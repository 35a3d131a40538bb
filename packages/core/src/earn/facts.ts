import type { Channel, EarnEvent, MemberContext, Order, OrderLine } from '../program/order.ts';
import type { LocalParts, ZonedClock } from '../time/zonedClock.ts';
import type { FactIndex } from './factIndex.ts';

/**
 * Everything a condition may ask about one order or event, computed once per
 * evaluation: the subtotal and the basket's bit masks in one pass over the lines.
 * Local time and the birthday are looked up lazily: most rules never ask.
 */
export interface Facts {
  eventType: string;
  channel: Channel;
  member: MemberContext;
  tier: number;
  order: Order | undefined;
  event: EarnEvent | undefined;
  lines: readonly OrderLine[];
  subtotal: number;
  skuMask: number;
  categoryMask: number;
  paymentMask: number;
  tagMask: number;
  ms: number;
  clock: ZonedClock;
  parts: LocalParts | undefined;
  /** Birthday month * 100 + day, parsed on first use; -1 when unknown, -2 before parsing. */
  birthday: number;
  /** Per weight group (see attribution): summed amount or quantity, -1 until computed. */
  groupTotals: Float64Array;
}

const NO_ORDER: Order = { occurredAt: '', lines: [], payments: [], currency: '' };
const NO_MEMBER: MemberContext = {};

function tagMaskOf(member: MemberContext, index: FactIndex): number {
  const tags = member.tags;
  const bits = index.tags;
  if (!tags || !bits) return 0;
  const lengths = index.tagLengths;
  let m = 0;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as string;
    if ((lengths & (1 << (tag.length & 31))) !== 0) m |= bits.get(tag) ?? 0;
  }
  return m;
}

/**
 * The one Facts object of a compiled program, refilled by every evaluation (they are
 * synchronous and nothing keeps a reference past its return), so evaluating allocates
 * no facts. Every field is written here first so the object keeps one hidden class.
 */
export function newFacts(clock: ZonedClock, groupTotals: Float64Array): Facts {
  return {
    eventType: 'purchase',
    channel: 'pos',
    member: NO_MEMBER,
    tier: 0,
    order: undefined,
    event: undefined,
    lines: NO_ORDER.lines,
    subtotal: 0,
    skuMask: 0,
    categoryMask: 0,
    paymentMask: 0,
    tagMask: 0,
    ms: 0,
    clock,
    parts: undefined,
    birthday: -2,
    groupTotals,
  };
}

/** Refills `f` for an order: the subtotal and the basket's bit masks in one pass over the lines. */
export function orderFacts(f: Facts, order: Order, ms: number, channel: Channel, member: MemberContext, tier: number, index: FactIndex): Facts {
  const lines = order.lines;
  const skuBits = index.skus;
  const categoryBits = index.categories;
  const skuLengths = index.skuLengths;
  const categoryLengths = index.categoryLengths;
  let subtotal = 0;
  let skuMask = 0;
  let categoryMask = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as OrderLine;
    subtotal += line.quantity * line.unitPrice;
    // (The length tests are lengthBit inlined, see FactIndex.skuLengths.)
    const sku = line.sku;
    if (skuBits !== undefined && (skuLengths & (1 << (sku.length & 31))) !== 0) skuMask |= skuBits.get(sku) ?? 0;
    const category = line.category;
    if (categoryBits !== undefined && category !== undefined && (categoryLengths & (1 << (category.length & 31))) !== 0) categoryMask |= categoryBits.get(category) ?? 0;
  }
  let paymentMask = 0;
  const methodBits = index.paymentMethods;
  if (methodBits !== undefined) {
    const payments = order.payments;
    const lengths = index.paymentMethodLengths;
    for (let i = 0; i < payments.length; i++) {
      const method = (payments[i] as { method: string }).method;
      if ((lengths & (1 << (method.length & 31))) !== 0) paymentMask |= methodBits.get(method) ?? 0;
    }
  }
  const groupTotals = f.groupTotals;
  for (let g = 0; g < groupTotals.length; g++) groupTotals[g] = -1;
  f.eventType = 'purchase';
  f.channel = channel;
  f.member = member;
  f.tier = tier;
  f.order = order;
  f.event = undefined;
  f.lines = lines;
  f.subtotal = subtotal;
  f.skuMask = skuMask;
  f.categoryMask = categoryMask;
  f.paymentMask = paymentMask;
  f.tagMask = tagMaskOf(member, index);
  f.ms = ms;
  f.parts = undefined;
  f.birthday = -2;
  return f;
}

/** An event is an order without lines or payments, plus its type and properties. */
export function eventFacts(f: Facts, event: EarnEvent, ms: number, channel: Channel, member: MemberContext, tier: number, index: FactIndex): Facts {
  orderFacts(f, NO_ORDER, ms, channel, member, tier, index);
  f.eventType = event.type;
  f.order = undefined;
  f.event = event;
  return f;
}

export function localParts(f: Facts): LocalParts {
  return (f.parts ??= f.clock.partsAt(f.ms));
}

/** "1990-07-14" → 714; -1 when absent or malformed. */
export function birthdayOf(f: Facts): number {
  if (f.birthday === -2) {
    const b = f.member.birthday;
    const mmdd = b && b.length === 10 ? Number(b.slice(5, 7)) * 100 + Number(b.slice(8, 10)) : -1;
    f.birthday = Number.isNaN(mmdd) ? -1 : mmdd;
  }
  return f.birthday;
}

/** Summed weight of a group over the lines (amount or quantity), computed once per evaluation. */
export function groupTotal(f: Facts, group: number, weightOf: (line: OrderLine) => number): number {
  let t = f.groupTotals[group] as number;
  if (t < 0) {
    t = 0;
    const lines = f.lines;
    for (let i = 0; i < lines.length; i++) t += weightOf(lines[i] as OrderLine);
    f.groupTotals[group] = t;
  }
  return t;
}
