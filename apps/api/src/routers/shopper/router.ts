import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { addIdentifier, getHold, hold, release, removeIdentifier } from '@omniloyal/ledger';
import { shopperProcedure } from '../../trpc.ts';
import { resolveMember } from '../../services/members.ts';
import { versionAt } from '../../services/program-versions.ts';
import { shopperAccount } from '../../services/shopper-account.ts';
import { shopperHistory } from '../../services/shopper-history.ts';
import { assertEligible, findReward, memberRewards } from '../../services/reward-eligibility.ts';
import { issueMemberCode } from '../../services/member-codes.ts';
import { reservationCode } from '../../services/reservation-code.ts';
import { activeReservations } from '../../services/active-reservations.ts';
import { idempotencyKey } from '../inputs.ts';
import { phoneInput } from '../auth/schemas.ts';

/** A reward reserved in the portal waits this long for the till. */
const RESERVATION_HOURS = 48;
/** "Expiring soon" looks this far ahead. */
const EXPIRING_WINDOW_DAYS = 90;

export const shopperRouter = {
  account: shopperProcedure.query(async ({ ctx }) => {
    const { programId, memberId } = ctx.shopper;
    const now = ctx.now();
    const { document } = await versionAt(ctx.db, programId, now);
    // The member, balance, tier points and expiring points in one statement: one round trip and one
    // pool connection per page view instead of two round trips over four connections.
    const { member, balance, status, expiring } = await shopperAccount(ctx.db, {
      programId,
      memberId,
      document,
      at: now.toISOString(),
      expiringBefore: new Date(now.getTime() + EXPIRING_WINDOW_DAYS * 86_400_000),
    });
    const next = document.rewards
      .filter((reward) => reward.cost > balance.available && (!reward.tiers || reward.tiers.includes(status.tierId)))
      .sort((a, b) => a.cost - b.cost)[0];
    return {
      memberId: member.id,
      name: member.name,
      pointName: document.program.pointName,
      tier: {
        id: status.tierId,
        name: status.name,
        qualifyingPoints: status.qualifyingPoints,
        ...(status.nextTier ? { nextTier: status.nextTier, pointsToNextTier: status.pointsToNextTier } : {}),
        ...(status.validUntil ? { validUntil: status.validUntil } : {}),
      },
      balance,
      expiring: expiring.map((e) => ({ points: e.points, at: e.at.toISOString() })),
      ...(next ? { nextReward: { rewardId: next.id, name: next.name, points: next.cost, pointsNeeded: next.cost - balance.available } } : {}),
    };
  }),

  history: shopperProcedure
    .input(z.object({ cursor: z.uuid().optional(), limit: z.number().int().min(1).max(100).default(20) }).default({ limit: 20 }))
    .query(async ({ ctx, input }) => {
      // The member, the page and its store names in one statement: one round trip instead of two.
      const page = await shopperHistory(ctx.db, {
        programId: ctx.shopper.programId,
        memberId: ctx.shopper.memberId,
        limit: input.limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      });
      return {
        items: page.items.map((item) => ({
          id: item.id,
          at: item.at.toISOString(),
          kind: item.kind,
          points: item.points,
          held: item.held,
          channel: item.channel,
          ...(item.store ? { store: { id: item.store.id, name: item.store.name ?? item.store.id } } : {}),
          orderId: item.orderId,
          reason: item.reason ?? reasonFor(item.kind),
          rules: item.rules.map(({ ruleId, name, points }) => ({ ruleId, name, points })),
        })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    }),

  rewards: shopperProcedure.query(async ({ ctx }) => {
    const { programId } = ctx.shopper;
    const member = await resolveMember(ctx.db, programId, ctx.shopper.memberId);
    const now = ctx.now();
    const { document } = await versionAt(ctx.db, programId, now);
    const { forChannel } = await memberRewards(ctx.db, { member, document, at: now.toISOString() });
    const inStore = new Map(forChannel('pos').map((entry) => [entry.reward.id, entry]));
    return forChannel('web').map((entry) => ({
      rewardId: entry.reward.id,
      name: entry.reward.name,
      description: entry.reward.description ?? null,
      points: entry.reward.cost,
      channels: entry.reward.channels ?? ['web', 'app', 'pos', 'partner'],
      tiers: entry.reward.tiers ?? null,
      affordable: entry.affordable,
      usable: entry.usable,
      reservable: inStore.get(entry.reward.id)?.usable ?? false,
      ...(entry.reason ? { reason: entry.reason } : {}),
    }));
  }),

  /** Reserves a reward for the store: its points are held and a code lets a till capture them. */
  reserveReward: shopperProcedure
    .input(z.object({ rewardId: z.string().min(1).max(100), idempotencyKey }))
    .mutation(async ({ ctx, input }) => {
      const { programId } = ctx.shopper;
      const member = await resolveMember(ctx.db, programId, ctx.shopper.memberId);
      const now = ctx.now();
      const { document } = await versionAt(ctx.db, programId, now);
      const reward = findReward(document, input.rewardId, 'rewardId');
      const key = `reserve:${member.id}:${input.idempotencyKey}`;
      const code = reservationCode(member.id, input.idempotencyKey);
      const existing = await getHold(ctx.db, { programId, code });
      if (!existing) await assertEligible(ctx.db, { document, reward, member, channel: 'pos', at: now.toISOString(), field: 'rewardId' });
      const receipt = await hold(ctx.db, {
        programId,
        key,
        memberId: member.id,
        points: reward.cost,
        rewardId: reward.id,
        code,
        ttlSeconds: RESERVATION_HOURS * 3600,
        now: now.toISOString(),
        channel: 'web',
      });
      return { code: receipt.code!, holdId: receipt.holdId, rewardId: reward.id, points: receipt.points, expiresAt: receipt.expiresAt, balance: receipt.balance };
    }),

  /** Rewards reserved for the store and not used yet, so every device shows the same codes. */
  reservations: shopperProcedure.query(async ({ ctx }) => {
    const member = await resolveMember(ctx.db, ctx.shopper.programId, ctx.shopper.memberId);
    const { document } = await versionAt(ctx.db, ctx.shopper.programId, ctx.now());
    const reservations = await activeReservations(ctx.db, member.id, ctx.now());
    return reservations.map((r) => ({
      code: r.code,
      holdId: r.holdId,
      rewardId: r.rewardId,
      name: document.rewards.find((reward) => reward.id === r.rewardId)?.name ?? r.rewardId,
      points: r.points,
      expiresAt: r.expiresAt.toISOString(),
      reservedAt: r.reservedAt.toISOString(),
    }));
  }),

  cancelReservation: shopperProcedure.input(z.object({ code: z.string().trim().min(4).max(32) })).mutation(async ({ ctx, input }) => {
    const { programId } = ctx.shopper;
    const member = await resolveMember(ctx.db, programId, ctx.shopper.memberId);
    const reservation = await getHold(ctx.db, { programId, code: input.code.toUpperCase() });
    const owner = reservation ? await resolveMember(ctx.db, programId, reservation.memberId) : undefined;
    if (!reservation || owner?.id !== member.id) throw new TRPCError({ code: 'NOT_FOUND', message: 'code: no such reservation' });
    const receipt = await release(ctx.db, { programId, key: `cancel:${reservation.holdId}`, holdId: reservation.holdId, channel: 'web', now: ctx.now().toISOString() });
    return { code: reservation.code, cancelled: true, balance: receipt.balance };
  }),

  identifiers: {
    list: shopperProcedure.query(async ({ ctx }) => {
      const member = await resolveMember(ctx.db, ctx.shopper.programId, ctx.shopper.memberId);
      const rows = await ctx.db
        .selectFrom('identifiers')
        .select(['id', 'kind', 'value', 'created_at'])
        .where('member_id', '=', member.id)
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ id: row.id, kind: row.kind, value: row.value, addedAt: row.created_at.toISOString() }));
    }),
    add: shopperProcedure
      .input(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('phone'), value: phoneInput }),
          z.object({ kind: z.literal('card'), value: z.string().trim().regex(/^[0-9A-Za-z -]{6,32}$/, 'must be a card number of 6 to 32 letters or digits') }),
        ]),
      )
      .mutation(async ({ ctx, input }) => {
        const member = await resolveMember(ctx.db, ctx.shopper.programId, ctx.shopper.memberId);
        const added = await addIdentifier(ctx.db, { programId: ctx.shopper.programId, memberId: member.id, kind: input.kind, value: input.value });
        return { id: added.id, kind: added.kind, value: added.value };
      }),
    remove: shopperProcedure.input(z.object({ id: z.number().int().positive() })).mutation(async ({ ctx, input }) => {
      const member = await resolveMember(ctx.db, ctx.shopper.programId, ctx.shopper.memberId);
      const identifier = await ctx.db
        .selectFrom('identifiers')
        .select(['kind'])
        .where('id', '=', input.id)
        .where('member_id', '=', member.id)
        .executeTakeFirst();
      if (!identifier) throw new TRPCError({ code: 'NOT_FOUND', message: `id: identifier ${input.id} was not found` });
      if (identifier.kind === 'email') {
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'id: the email you sign in with cannot be removed' });
      }
      await removeIdentifier(ctx.db, { programId: ctx.shopper.programId, memberId: member.id, identifierId: input.id });
      return { id: input.id, removed: true };
    }),
  },

  /** A short-lived token for the member QR code a till scans. */
  memberCode: shopperProcedure.mutation(async ({ ctx }) => {
    const member = await resolveMember(ctx.db, ctx.shopper.programId, ctx.shopper.memberId);
    return issueMemberCode(ctx.db, member.id, ctx.now());
  }),
} satisfies TRPCRouterRecord;

function reasonFor(kind: string): string {
  switch (kind) {
    case 'earn': return 'Points earned';
    case 'redeem': return 'Reward redeemed';
    case 'hold': return 'Reward reserved';
    case 'capture': return 'Reserved reward used';
    case 'release': return 'Reservation released';
    case 'reverse': return 'Refund';
    case 'expire': return 'Points expired';
    case 'adjust': return 'Adjustment';
    case 'merge': return 'Accounts merged';
    default: return kind;
  }
}
