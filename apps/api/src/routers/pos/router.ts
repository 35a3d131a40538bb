import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { evaluateOrder, orderSchema, rewardDiscount } from '@omniloyal/core';
import { createMember, findMemberIdByIdentifier, getBalance, hold, release, getHold, type Db } from '@omniloyal/ledger';
import { cashierProcedure } from '../../trpc.ts';
import { checkout } from '../../services/checkout.ts';
import { assertEligible, findReward, memberRewards } from '../../services/reward-eligibility.ts';
import { refundOrder, type RefundRequest } from '../../services/refund.ts';
import { memberContext, resolveMember } from '../../services/members.ts';
import { versionAt } from '../../services/program-versions.ts';
import { limitInputs } from '../../services/rule-counters.ts';
import { earningBasis } from '../../services/earning-basis.ts';
import { pendingPoints } from '../../services/earn-summary.ts';
import { memberFromCode } from '../../services/member-codes.ts';
import { earnForEvent, signupEvent } from '../../services/events.ts';
import { maskName } from '../../services/masking.ts';
import { activeReservations } from '../../services/active-reservations.ts';
import { checkoutInput, externalId, refundInput } from '../inputs.ts';
import { emailInput, nameInput, phoneInput } from '../auth/schemas.ts';

/** How long a till's hold keeps a reward's points during a sale before the job gives them back. */
const SALE_HOLD_SECONDS = 15 * 60;

export const posRouter = {
  /** Finds the member at the till by the QR code from the app, a phone, an email or a card number. */
  identify: cashierProcedure
    .input(z.object({ by: z.enum(['qr', 'phone', 'email', 'card']), value: z.string().trim().min(1).max(320) }))
    .query(async ({ ctx, input }) => {
      const programId = ctx.terminal.programId;
      const found =
        input.by === 'qr'
          ? await memberFromCode(ctx.db, input.value, ctx.now())
          : await findMemberIdByIdentifier(ctx.db, programId, input.by, input.value);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `value: no member with this ${input.by === 'qr' ? 'code (it may have expired)' : input.by}` });
      const member = await resolveMember(ctx.db, programId, found, 'value');
      const now = ctx.now();
      const { document } = await versionAt(ctx.db, programId, now);
      // the reservations do not depend on the rewards: read at the same time, one round trip less at the till
      const [{ balance, forChannel }, reservations] = await Promise.all([
        memberRewards(ctx.db, { member, document, at: now.toISOString() }),
        activeReservations(ctx.db, member.id, now),
      ]);
      const rewards = forChannel('pos');
      const tier = document.tiers.levels.find((level) => level.id === member.tierId) ?? document.tiers.levels[0]!;
      return {
        memberId: member.id,
        name: maskName(member.name),
        tier: { id: tier.id, name: tier.name },
        balance,
        rewards: rewards.filter((r) => r.usable).map((r) => ({ rewardId: r.reward.id, name: r.reward.name, points: r.reward.cost })),
        reservations: reservations.map((r) => ({ holdId: r.holdId, code: r.code, rewardId: r.rewardId, points: r.points, expiresAt: r.expiresAt.toISOString() })),
      };
    }),

  /** Enrols a member at the till by phone and/or email. */
  enroll: cashierProcedure
    .input(
      z
        .object({ phone: phoneInput.optional(), email: emailInput.optional(), name: nameInput.optional() })
        .refine((v) => v.phone || v.email, { message: 'give a phone or an email', path: ['phone'] }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const programId = ctx.terminal.programId;
        const member = await createMember(trx, {
          programId,
          identifiers: [...(input.phone ? [{ kind: 'phone' as const, value: input.phone }] : []), ...(input.email ? [{ kind: 'email' as const, value: input.email }] : [])],
          ...(input.name ? { name: input.name } : {}),
          enrolledChannel: 'pos',
        });
        const welcome = await earnForEvent(
          trx,
          signupEvent(programId, await resolveMember(trx, programId, member.id), 'pos', ctx.now(), { terminalId: ctx.terminal.keyId, storeId: ctx.terminal.storeId }),
        );
        return {
          memberId: member.id,
          name: member.name,
          identifiers: member.identifiers.map(({ kind, value }) => ({ kind, value })),
          welcome: { points: welcome.points, rules: welcome.rules },
          balance: await getBalance(trx, member.id),
        };
      }),
    ),

  /** What the basket would earn and which rewards apply, without writing anything. */
  quote: cashierProcedure
    .input(z.object({ memberId: z.uuid().optional(), order: orderSchema }))
    .query(async ({ ctx, input }) => {
      const programId = ctx.terminal.programId;
      const version = await versionAt(ctx.db, programId, input.order.occurredAt);
      if (input.order.currency !== version.document.program.currency) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `order.currency: this program counts in ${version.document.program.currency}` });
      }
      const member = input.memberId ? await resolveMember(ctx.db, programId, input.memberId) : undefined;
      if (!member) return { earn: { points: 0, pending: 0, rules: [] }, rewards: [] };
      const limits = await limitInputs(ctx.db, { programId, memberId: member.id, document: version.document, at: input.order.occurredAt, eventType: 'purchase' });
      const result = evaluateOrder(version.compiled, { order: input.order, channel: 'pos', member: memberContext(member), ...limits });
      const { forChannel } = await memberRewards(ctx.db, { member, document: version.document, at: input.order.occurredAt });
      const usable = forChannel('pos').filter((r) => r.usable);
      return {
        earn: {
          points: result.points,
          pending: pendingPoints(result, input.order.occurredAt),
          pendingUntil: result.pendingUntil,
          rules: result.lines.filter((l) => l.points !== 0).map(({ ruleId, name, points, explanation }) => ({ ruleId, name, points, explanation })),
        },
        rewards: usable
          .map((r) => {
            const discount = rewardDiscount(r.reward, input.order);
            // What the basket would earn with this reward applied, so the cashier sees the trade-off.
            return { rewardId: r.reward.id, name: r.reward.name, points: r.reward.cost, discount, earnWith: evaluateOrder(version.compiled, { order: earningBasis(input.order, [{ amount: discount.amount, ...(discount.lineId ? { lineId: discount.lineId } : {}) }]), channel: 'pos', member: memberContext(member), ...limits }).points };
          })
          .filter((r) => r.discount.amount > 0 || r.discount.description),
      };
    }),

  /** Reserves a reward's points during the sale; released by pos.release, captured by checkout, or by the TTL job. */
  hold: cashierProcedure
    .input(z.object({ holdId: z.uuid(), memberId: z.uuid(), rewardId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.terminal.programId;
      const now = ctx.now();
      const member = await resolveMember(ctx.db, programId, input.memberId);
      const existing = await getHold(ctx.db, { programId, holdId: input.holdId });
      const { document } = await versionAt(ctx.db, programId, now);
      const reward = findReward(document, input.rewardId, 'rewardId');
      if (!existing) await assertEligible(ctx.db, { document, reward, member, channel: 'pos', at: now.toISOString(), field: 'rewardId' });
      const receipt = await hold(ctx.db, {
        programId,
        key: `hold:${input.holdId}`,
        holdId: input.holdId,
        memberId: member.id,
        points: reward.cost,
        rewardId: reward.id,
        ttlSeconds: SALE_HOLD_SECONDS,
        now: now.toISOString(),
        channel: 'pos',
        storeId: ctx.terminal.storeId,
        terminalId: ctx.terminal.keyId,
      });
      return { holdId: receipt.holdId, points: receipt.points, expiresAt: receipt.expiresAt, balance: receipt.balance };
    }),

  release: cashierProcedure.input(z.object({ holdId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const programId = ctx.terminal.programId;
    const existing = await getHold(ctx.db, { programId, holdId: input.holdId });
    if (!existing) throw new TRPCError({ code: 'NOT_FOUND', message: `holdId: hold ${input.holdId} was not found` });
    const receipt = await release(ctx.db, {
      programId,
      key: `release:${input.holdId}`,
      now: ctx.now().toISOString(),
      holdId: input.holdId,
      channel: 'pos',
      storeId: ctx.terminal.storeId,
      terminalId: ctx.terminal.keyId,
    });
    return { holdId: input.holdId, released: true, balance: receipt.balance };
  }),

  checkout: cashierProcedure.input(checkoutInput).mutation(({ ctx, input }) =>
    checkout(ctx.db, {
      programId: ctx.terminal.programId,
      channel: 'pos',
      terminalStoreId: ctx.terminal.storeId,
      terminalId: ctx.terminal.keyId,
      orderId: input.orderId,
      ...(input.memberId ? { memberId: input.memberId } : {}),
      order: input.order,
      ...(input.redeem ? { redeem: input.redeem } : {}),
      now: ctx.now(),
    }),
  ),

  refund: cashierProcedure
    .input(refundInput)
    .mutation(({ ctx, input }) => refundAtTill(ctx, { orderId: input.orderId, refundId: input.refundId, lines: input.lines })),

  /** Reverses everything the order still has: all remaining lines and every reward used. */
  void: cashierProcedure
    .input(z.object({ orderId: externalId }))
    .mutation(({ ctx, input }) => refundAtTill(ctx, { orderId: input.orderId, refundId: `void:${input.orderId}`, lines: 'all' })),
} satisfies TRPCRouterRecord;

/** A refund or void from this till: the till's program, store and key, the request's clock. */
function refundAtTill(
  ctx: { db: Db; now: () => Date; terminal: { programId: string; storeId: string; keyId: string } },
  refund: Pick<RefundRequest, 'orderId' | 'refundId' | 'lines'>,
) {
  const { programId, storeId, keyId } = ctx.terminal;
  return refundOrder(ctx.db, { programId, channel: 'pos', storeId, terminalId: keyId, now: ctx.now(), ...refund });
}
