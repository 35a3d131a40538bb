import type { Channel } from '@omniloyal/core';
import { drinks, extras, firstNames, food, lastNames, merchandise, packagedCoffee, type Product } from './demo-catalog.ts';
import type { Random } from './random.ts';

const DAY = 86_400_000;

export type Habit = 'light' | 'occasional' | 'regular' | 'heavy' | 'super';
export type ChannelMix = 'pos' | 'web' | 'app' | 'omni';

export interface DemoShopper {
  index: number;
  name: string;
  email: string | null;
  phone: string | null;
  card: string | null;
  birthday: string | null;
  habit: Habit;
  channels: ChannelMix;
  homeStore: string;
  enrolledChannel: Channel;
  enrolledAt: Date;
}

export interface DemoLine { sku: string; category: string; quantity: number; unitPrice: number }

export type DemoAction =
  | { kind: 'enrol'; at: Date; shopper: number }
  | { kind: 'order'; at: Date; shopper: number; orderId: string; channel: Channel; storeId?: string; lines: DemoLine[]; payment: string; redeem: boolean; reservation?: string }
  | { kind: 'refund'; at: Date; orderId: string; refundId: string; channel: Channel; storeId?: string; whole: boolean }
  | { kind: 'reserve'; at: Date; shopper: number; reservation: string }
  | { kind: 'jobs'; at: Date };

const habits: readonly (readonly [Habit, number])[] = [['light', 50], ['occasional', 30], ['regular', 13], ['heavy', 6], ['super', 1]];
const ordersFor: Record<Habit, [number, number]> = { light: [1, 2], occasional: [2, 3], regular: [3, 5], heavy: [8, 12], super: [16, 20] };
/** ~30% omnichannel; the rest keep to one channel, most of them in store. */
const mixes: readonly (readonly [ChannelMix, number])[] = [['pos', 40], ['web', 15], ['app', 15], ['omni', 30]];

/**
 * The demo's year: its shoppers and every action, ending at the start of `now`'s day (UTC), so one seed
 * gives the same history at any hour of a day. Ending at the minute, each shopper's orders were drawn
 * over a span that grew by the minute: an order could move to another day, out of the tier window or
 * past `now` (and every later draw with it), and two quickstarts eleven minutes apart gave the demo
 * shopper Gold and Green.
 */
export function demoYear(random: Random, count: number, storeIds: readonly string[], now: Date): { shoppers: DemoShopper[]; actions: DemoAction[] } {
  const end = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const shoppers = demoShoppers(random, count, storeIds, end);
  return { shoppers, actions: demoActions(random, shoppers, end) };
}

/** The demo's shoppers: who they are, how often they buy, where; enrolments spread over the year. */
function demoShoppers(random: Random, count: number, storeIds: readonly string[], now: Date): DemoShopper[] {
  return Array.from({ length: count }, (_, index) => {
    // The first shopper is the demo login: an omnichannel regular with something on every page.
    const habit = index === 0 ? 'heavy' : random.weighted(habits);
    const channels = index === 0 ? 'omni' : random.weighted(mixes);
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const online = channels !== 'pos';
    const enrolledChannel: Channel = channels === 'omni' ? random.pick(['pos', 'web', 'app'] as const) : channels;
    // Heavier buyers tend to be older members; everyone enrolled at least two weeks ago.
    const maxAgeDays = habit === 'light' ? 360 : 364;
    const minAgeDays = habit === 'heavy' || habit === 'super' ? 250 : 14;
    const enrolledAt = index === 0
      ? new Date(now.getTime() - 340 * DAY)
      : new Date(now.getTime() - random.int(minAgeDays, maxAgeDays) * DAY - random.int(0, 12 * 3600) * 1000);
    return {
      index,
      name: `${first} ${last}`,
      email: index === 0 ? 'shopper@demo.omniloyal.dev' : online || random.chance(0.3) ? `${first}.${last}.${index}@example.com`.toLowerCase() : null,
      phone: !online || channels === 'omni' || random.chance(0.2) ? `+1206555${String(index).padStart(4, '0')}` : null,
      card: channels === 'pos' && random.chance(0.4) ? `SBX${String(100000 + index)}` : null,
      birthday: random.chance(0.6) ? `${random.int(1955, 2006)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` : null,
      habit,
      channels,
      homeStore: random.pick(storeIds),
      enrolledChannel,
      enrolledAt,
    };
  });
}

function line(product: Product, quantity = 1): DemoLine {
  return { sku: product.sku, category: product.category, quantity, unitPrice: product.unitPrice };
}

/** A café visit: a drink or two, often food, sometimes an extra shot; big buyers often fetch for the team. */
function cafeBasket(random: Random, habit: Habit): DemoLine[] {
  const teamRun = (habit === 'heavy' || habit === 'super') && random.chance(0.6);
  const lines = [line(random.pick(drinks), teamRun ? random.int(5, 9) : random.chance(0.15) ? 2 : 1)];
  if (teamRun) lines.push(line(random.pick(food), random.int(3, 6)));
  if (random.chance(0.55)) lines.push(line(random.pick(food)));
  if (random.chance(0.2)) lines.push(line(random.pick(extras)));
  return lines;
}

/** An online order: beans and merchandise; heavy and super buyers order for the office. */
function onlineBasket(random: Random, habit: Habit): DemoLine[] {
  const bags = habit === 'super' ? random.int(10, 18) : habit === 'heavy' ? random.int(3, 7) : random.int(1, 2);
  const lines = [line(random.pick(packagedCoffee), bags)];
  if (random.chance(habit === 'super' ? 0.6 : 0.3)) lines.push(line(random.pick(merchandise), habit === 'super' ? random.int(2, 5) : 1));
  return lines;
}

/** Between 7:00 and 19:00 in US time zones. */
function daytime(random: Random, day: number): Date {
  return new Date(day + random.int(11 * 60, 23 * 60) * 60_000 + random.int(0, 59) * 1000);
}

/**
 * Every action of the demo year in time order: enrolments, orders in each shopper's channels, a few
 * refunds (some online orders returned in store), reservations made online and collected (or not) at a
 * till, and the background jobs once a week, so expiries and hold timeouts happen when they would have.
 */
function demoActions(random: Random, shoppers: readonly DemoShopper[], now: Date): DemoAction[] {
  const actions: DemoAction[] = [];
  let orderSeq = 0;
  let reservationSeq = 0;
  for (const shopper of shoppers) {
    actions.push({ kind: 'enrol', at: shopper.enrolledAt, shopper: shopper.index });
    const [min, max] = ordersFor[shopper.habit];
    // An omnichannel shopper has bought in at least two channels; that is what makes them one.
    const count = shopper.channels === 'omni' ? Math.max(2, random.int(min, max)) : random.int(min, max);
    const span = now.getTime() - shopper.enrolledAt.getTime() - DAY;
    let firstChannel: Channel | undefined;
    for (let n = 0; n < count; n++) {
      const day = Math.floor((shopper.enrolledAt.getTime() + DAY + random.next() * span) / DAY) * DAY;
      const at = daytime(random, day);
      if (at.getTime() <= shopper.enrolledAt.getTime() || at.getTime() >= now.getTime()) continue;
      let channel: Channel = shopper.channels === 'omni' ? random.weighted([['pos', 45], ['app', 35], ['web', 20]] as const) : shopper.channels;
      if (n === 1 && channel === firstChannel && shopper.channels === 'omni') channel = channel === 'pos' ? random.pick(['app', 'web'] as const) : 'pos';
      firstChannel ??= channel;
      const orderId = `demo-${channel}-${String(++orderSeq).padStart(6, '0')}`;
      const online = channel === 'web';
      const bigSpender = shopper.habit === 'heavy' || shopper.habit === 'super';
      const lines = online || (bigSpender && channel === 'app' && random.chance(0.3)) ? onlineBasket(random, shopper.habit) : cafeBasket(random, shopper.habit);
      const storeId = channel === 'web' ? undefined : random.chance(0.75) ? shopper.homeStore : random.pick(['seattle-pike-place', 'nyc-union-square', 'chicago-michigan-ave']);
      const payment = channel === 'pos' ? random.weighted([['card', 60], ['mobile-wallet', 25], ['cash', 15]] as const)
        : channel === 'app' ? random.weighted([['stored-value', 60], ['card', 40]] as const) : random.weighted([['card', 80], ['paypal', 20]] as const);

      // Omnichannel shoppers sometimes reserve a reward online and collect it at the till.
      if (shopper.channels === 'omni' && channel === 'pos' && (shopper.index === 0 || random.chance(0.12))) {
        const reservation = `res-${++reservationSeq}`;
        const reservedAt = new Date(at.getTime() - random.int(2, 30) * 3600_000);
        if (reservedAt.getTime() > shopper.enrolledAt.getTime()) {
          actions.push({ kind: 'reserve', at: reservedAt, shopper: shopper.index, reservation });
          // One in four is never collected: the hold times out and the Stars come back.
          const collected = shopper.index === 0 ? reservationSeq % 2 === 1 : random.chance(0.75);
          actions.push({ kind: 'order', at, shopper: shopper.index, orderId, channel, ...(storeId ? { storeId } : {}), lines, payment, redeem: false, ...(collected ? { reservation } : {}) });
          continue;
        }
      }
      actions.push({ kind: 'order', at, shopper: shopper.index, orderId, channel, ...(storeId ? { storeId } : {}), lines, payment, redeem: random.chance(0.35) });

      if (random.chance(shopper.index === 0 ? 0.15 : 0.04)) {
        const refundAt = new Date(at.getTime() + random.int(1, 10) * DAY);
        if (refundAt.getTime() < now.getTime()) {
          // A third of online orders come back to a store: a return in store reverses points earned online.
          const inStore = channel === 'web' && random.chance(0.33);
          actions.push({
            kind: 'refund', at: refundAt, orderId, refundId: `${orderId}-return`, channel: inStore ? 'pos' : channel,
            ...(inStore ? { storeId: shopper.homeStore } : storeId ? { storeId } : {}), whole: random.chance(0.6),
          });
        }
      }
    }
  }
  const first = Math.min(...actions.map((a) => a.at.getTime()));
  for (let at = first + 7 * DAY; at < now.getTime(); at += 7 * DAY) actions.push({ kind: 'jobs', at: new Date(at) });
  return actions.sort((a, b) => a.at.getTime() - b.at.getTime());
}
