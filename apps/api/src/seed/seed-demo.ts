import { sql } from 'kysely';
import { starbucksDemoProgram, type Channel, type Reward } from '@omniloyal/core';
import { adjust, createProgram, getBalance, hold, merge, type Db } from '@omniloyal/ledger';
import { TRPCError } from '@trpc/server';
import { createApiKey } from '../auth/api-keys.ts';
import { hashPassword } from '../auth/password.ts';
import { checkout, type RedeemItem } from '../services/checkout.ts';
import { earnForEvent, signupEvent } from '../services/events.ts';
import { createManager } from '../services/managers.ts';
import { publishVersion } from '../services/publish-version.ts';
import { refundOrder } from '../services/refund.ts';
import { reservationCode } from '../services/reservation-code.ts';
import { insertMembers } from '../cli/import/insert-members.ts';
import { allJobs } from '../jobs/all-jobs.ts';
import { runJobsOnce } from '../jobs/run-jobs-once.ts';
import { demoStores } from './demo-catalog.ts';
import { demoYear, type DemoAction, type DemoShopper } from './demo-history.ts';
import { seededRandom } from './random.ts';
import { DEMO_MANAGER, DEMO_SHOPPER } from './demo-logins.ts';

const DAY = 86_400_000;
const RESERVATION_TTL_SECONDS = 48 * 3600;

export interface DemoSeed {
  programId: string;
  storeId: string;
  terminalKey: string;
  integrationKey: string;
  manager: { email: string; password: string };
  shopper: { email: string; password: string };
  counts: { members: number; orders: number; refunds: number; reservations: number; redemptions: number; merges: number; adjustments: number };
  ms: number;
}

/**
 * The Starbucks-style demo: the program, 3 stores, a till key per store, web and app integration keys,
 * a manager and a shopper login, and `members` members with a year of history ending at the start of
 * `now`'s day (UTC: the same demo at any hour of a day). History
 * goes through the same code paths as live traffic (checkout, refunds, holds, jobs at past times), so
 * every balance, chart and explanation in it is one the product itself produced.
 */
export async function seedDemo(
  db: Db,
  options: { now?: Date; members?: number; seed?: number; log?: (line: string) => void } = {},
): Promise<DemoSeed> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed ?? 2026);
  const document = starbucksDemoProgram;

  const program = await createProgram(db, { name: document.program.name, currency: document.program.currency, timeZone: document.program.timeZone });
  const programId = program.id;
  const historyStart = new Date(now.getTime() - 400 * DAY);
  await publishVersion(db, { programId, document, effectiveAt: historyStart, publishedBy: 'seed-demo', now: historyStart });
  for (const store of demoStores) {
    await db.insertInto('stores').values({ program_id: programId, id: store.id, name: store.name, time_zone: store.timeZone, address: store.address }).execute();
  }
  const manager = await createManager(db, { programId, email: DEMO_MANAGER.email, password: DEMO_MANAGER.password, role: 'owner', name: 'Demo Manager' });
  await createManager(db, { programId, email: 'analyst@demo.omniloyal.dev', password: DEMO_MANAGER.password, role: 'analyst', name: 'Demo Analyst' });
  const tills = new Map<string, string>();
  const tillKeys = new Map<string, string>();
  for (const store of demoStores) {
    const key = await createApiKey(db, { kind: 'terminal', programId, storeId: store.id, name: `Till 1 at ${store.name}` });
    tills.set(store.id, key.id);
    tillKeys.set(store.id, key.key);
  }
  const webKey = await createApiKey(db, { kind: 'integration', programId, channel: 'web', name: 'Online store' });
  await createApiKey(db, { kind: 'integration', programId, channel: 'app', name: 'Mobile app' });

  const { shoppers, actions } = demoYear(random, options.members ?? 1000, demoStores.map((s) => s.id), now);
  const memberIds = await enrolShoppers(db, programId, shoppers);
  await db.insertInto('shopper_credentials').values({
    member_id: memberIds[0]!, program_id: programId, email: DEMO_SHOPPER.email, password_hash: await hashPassword(DEMO_SHOPPER.password),
  }).execute();
  log(`seed-demo: ${shoppers.length} members enrolled`);
  await refreshStatistics(db);

  const counts = { members: shoppers.length, orders: 0, refunds: 0, reservations: 0, redemptions: 0, merges: 0, adjustments: 0 };
  const context = { db, programId, now, shoppers, memberIds, tills, counts, random };
  let done = 0;
  for (const action of actions) {
    await play(context, action);
    if (++done % 1000 === 0) {
      log(`seed-demo: ${done} of ${actions.length} history steps`);
      await refreshStatistics(db);
    }
  }

  // A few shoppers enrolled twice (a phone at the till, an e-mail online) and were merged by support.
  const posOnly = shoppers.filter((s) => s.channels === 'pos').slice(0, 6);
  const webOnly = shoppers.filter((s) => s.channels === 'web').slice(0, 6);
  for (const [i, from] of posOnly.entries()) {
    const into = webOnly[i];
    if (!into) break;
    await merge(db, {
      programId, key: `demo-merge-${from.index}`, fromMemberId: memberIds[from.index]!, intoMemberId: memberIds[into.index]!,
      actor: manager.email, reason: 'Same person: enrolled in store by phone and online by e-mail', now: new Date(now.getTime() - 2 * DAY),
    });
    counts.merges += 1;
  }
  // Goodwill from support, with reasons the console shows.
  const reasons = ['Drink remade wrong — sorry!', 'Mobile order was not ready on time', 'Stars missing from a paper receipt'];
  for (let i = 0; i < 12; i++) {
    const shopper = shoppers[1 + ((i * 37) % (shoppers.length - 1))] ?? shoppers[0]!;
    if (posOnly.includes(shopper)) continue;
    await adjust(db, {
      programId, key: `demo-adjust-${i}`, memberId: memberIds[shopper.index]!, points: random.pick([25, 30, 50]), reason: reasons[i % reasons.length]!,
      actor: manager.email, now: new Date(now.getTime() - random.int(3, 200) * DAY),
    });
    counts.adjustments += 1;
  }
  await runJobsOnce(db, { now, jobs: allJobs });
  await refreshStatistics(db);

  const storeId = demoStores[0].id;
  const seed: DemoSeed = {
    programId,
    storeId,
    terminalKey: tillKeys.get(storeId)!,
    integrationKey: webKey.key,
    manager: DEMO_MANAGER,
    shopper: DEMO_SHOPPER,
    counts,
    ms: Math.round(performance.now() - started),
  };
  log(`seed-demo: done in ${(seed.ms / 1000).toFixed(1)} s — ${JSON.stringify(counts)}`);
  return seed;
}

/**
 * ANALYZE as the tables fill. The plans a session caches for the ledger's functions are made with the
 * statistics of the moment: made on empty tables, a key lookup (an idempotency key, an order id) picks
 * the program's (program_id, occurred_at) index and scans every row of the program. The embedded
 * database has no autovacuum to refresh them, and the first boot serves the demo from the session that
 * seeded it; a fresh ANALYZE makes every session re-plan. The seed takes a fifth less time with it
 * (PGlite: 14.9–15.7 s against 18.4–19.7 s).
 */
async function refreshStatistics(db: Db): Promise<void> {
  await sql`analyze`.execute(db);
}

async function enrolShoppers(db: Db, programId: string, shoppers: readonly DemoShopper[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < shoppers.length; start += 1000) {
    const chunk = shoppers.slice(start, start + 1000);
    const { created, alreadyMembers } = await insertMembers(db, programId, chunk.map((s) => ({
      identifiers: [
        ...(s.email ? [{ kind: 'email' as const, value: s.email }] : []),
        ...(s.phone ? [{ kind: 'phone' as const, value: s.phone }] : []),
        ...(s.card ? [{ kind: 'card' as const, value: s.card }] : []),
      ],
      name: s.name,
      birthday: s.birthday,
      enrolledChannel: s.enrolledChannel,
      createdAt: s.enrolledAt,
    })));
    if (alreadyMembers.length > 0) throw new Error('seed-demo: the program already has members with the demo identifiers');
    ids.push(...created);
  }
  return ids;
}

interface PlayContext {
  db: Db;
  programId: string;
  now: Date;
  shoppers: readonly DemoShopper[];
  memberIds: readonly string[];
  tills: Map<string, string>;
  counts: DemoSeed['counts'];
  random: ReturnType<typeof seededRandom>;
}

const spendable = starbucksDemoProgram.rewards.filter((r) => r.cost > 0 && !r.tiers?.length && !r.birthdayWindowDays && !r.channels?.length);
const categoriesOf = (reward: Reward) => ('lines' in reward.benefit && reward.benefit.lines?.categories) || [];

async function play(c: PlayContext, action: DemoAction): Promise<void> {
  const member = (index: number) => ({ id: c.memberIds[index]!, programId: c.programId, name: c.shoppers[index]!.name, tierId: null, tierSince: null, tags: [], birthday: c.shoppers[index]!.birthday, createdAt: c.shoppers[index]!.enrolledAt });
  switch (action.kind) {
    case 'enrol': {
      const shopper = c.shoppers[action.shopper]!;
      await earnForEvent(c.db, signupEvent(c.programId, member(action.shopper), shopper.enrolledChannel, action.at, {
        ...(shopper.enrolledChannel === 'pos' ? { storeId: shopper.homeStore, terminalId: c.tills.get(shopper.homeStore)! } : {}),
      }));
      return;
    }
    case 'jobs':
      await runJobsOnce(c.db, { now: action.at, jobs: allJobs });
      return;
    case 'reserve': {
      const memberId = c.memberIds[action.shopper]!;
      const { available } = await getBalance(c.db, memberId);
      const reward = [...spendable].reverse().find((r) => r.cost <= available && r.cost <= 200);
      if (!reward) return;
      await hold(c.db, {
        programId: c.programId, key: `reserve:${memberId}:${action.reservation}`, memberId, points: reward.cost, rewardId: reward.id,
        code: reservationCode(memberId, action.reservation), ttlSeconds: RESERVATION_TTL_SECONDS, channel: 'web', now: action.at,
      });
      c.counts.reservations += 1;
      return;
    }
    case 'refund': {
      const order = await c.db.selectFrom('orders').select('lines').where('program_id', '=', c.programId).where('id', '=', action.orderId).executeTakeFirst();
      if (!order) return;
      const lines = action.whole ? 'all' as const : [{ lineId: (order.lines as { lineId: string }[])[0]!.lineId, quantity: 1 }];
      await refundOrder(c.db, {
        programId: c.programId, channel: action.channel, ...(action.storeId ? { storeId: action.storeId, terminalId: c.tills.get(action.storeId)! } : {}),
        orderId: action.orderId, refundId: action.refundId, lines, now: action.at,
      });
      c.counts.refunds += 1;
      return;
    }
    case 'order': {
      const memberId = c.memberIds[action.shopper]!;
      const lines = action.lines.map((l, i) => ({ lineId: `l${i + 1}`, ...l }));
      let redeem: RedeemItem[] | undefined;
      if (action.reservation) {
        const code = reservationCode(memberId, action.reservation);
        const reserved = await c.db.selectFrom('holds').select(['status', 'reward_id']).where('program_id', '=', c.programId).where('code', '=', code).executeTakeFirst();
        if (reserved?.status === 'active') {
          redeem = [{ code }];
          addLineFor(lines, spendable.find((r) => r.id === reserved.reward_id));
        }
      } else if (action.redeem) {
        const { available } = await getBalance(c.db, memberId);
        const affordable = spendable.filter((r) => r.cost <= available);
        const reward = affordable.length > 0 ? affordable[c.random.int(Math.max(0, affordable.length - 3), affordable.length - 1)] : undefined;
        if (reward) {
          redeem = [{ rewardId: reward.id }];
          addLineFor(lines, reward);
        }
      }
      const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
      const request = {
        programId: c.programId,
        channel: action.channel as Channel,
        ...(action.storeId && action.channel === 'pos' ? { terminalStoreId: action.storeId, terminalId: c.tills.get(action.storeId)! } : {}),
        orderId: action.orderId,
        memberId,
        order: { occurredAt: action.at.toISOString(), ...(action.storeId ? { storeId: action.storeId } : {}), lines, payments: [{ method: action.payment, amount: total }], currency: 'USD' },
        now: action.at,
      };
      try {
        const receipt = await checkout(c.db, { ...request, ...(redeem ? { redeem } : {}) });
        c.counts.redemptions += receipt.redeemed.length;
      } catch (error) {
        // A reward the rules refuse here (a per-member limit, say) is simply not used: the sale goes on.
        if (!(redeem && error instanceof TRPCError && error.code === 'PRECONDITION_FAILED')) throw error;
        await checkout(c.db, request);
      }
      c.counts.orders += 1;
      return;
    }
  }
}

/** A free-item reward needs an item of its kind in the basket. */
function addLineFor(lines: { lineId: string; sku: string; category: string; quantity: number; unitPrice: number }[], reward: Reward | undefined): void {
  const category = reward ? categoriesOf(reward)[0] : undefined;
  if (!category || lines.some((l) => l.category === category)) return;
  const prices: Record<string, number> = { customization: 125, 'brewed-coffee': 345, bakery: 375, 'handcrafted-drink': 575, lunch: 895, 'packaged-coffee': 1595, merchandise: 2495 };
  lines.push({ lineId: `l${lines.length + 1}`, sku: `reward-${category}`, category, quantity: 1, unitPrice: prices[category] ?? 500 });
}
