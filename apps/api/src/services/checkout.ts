import { TRPCError } from '@trpc/server';
import {
  evaluateOrder,
  rewardDiscount,
  type Channel,
  type Order,
  type ProgramDocument,
  type Reward,
} from '@omniloyal/core';
import { capture, earn, getBalance, getHold, redeem, requestHash, type Db } from '@omniloyal/ledger';
import { earningBasis, foldAttribution, type AppliedDiscount } from './earning-basis.ts';
import { memberContext, resolveMember, type ResolvedMember } from './members.ts';
import { versionAt } from './program-versions.ts';
import { limitInputs } from './rule-counters.ts';
import { assertEligible, findReward } from './reward-eligibility.ts';
import { updateTierAfterEarn } from './tier-status.ts';
import type { CheckoutReceipt } from './receipt.ts';
import { pendingPoints } from './earn-summary.ts';
import { recordOnce } from './record-once.ts';

export type RedeemItem = { holdId: string } | { code: string } | { rewardId: string };

export interface CheckoutRequest {
  programId: string;
  channel: Channel;
  /** The till's store (from its key); an order naming another store is refused. */
  terminalStoreId?: string;
  terminalId?: string;
  orderId: string;
  memberId?: string;
  order: Order;
  redeem?: RedeemItem[];
  /** The clock of the request (defaults to the database's). */
  now?: Date;
}

/**
 * Records a sale once: captures or redeems the rewards used, earns points by the program version in
 * effect at the order's own time, and stores the order with its receipt, all in one transaction.
 * The orderId is the idempotency key: the same request again returns the first receipt and writes
 * nothing; the same orderId with different content is CONFLICT.
 */
export async function checkout(db: Db, request: CheckoutRequest): Promise<CheckoutReceipt> {
  const hash = requestHash('checkout', {
    orderId: request.orderId,
    memberId: request.memberId,
    order: request.order,
    redeem: request.redeem,
    channel: request.channel,
    store: request.terminalStoreId,
  });
  const key = {
    table: 'orders' as const,
    programId: request.programId,
    id: request.orderId,
    hash,
    conflict: `orderId: order ${request.orderId} was already recorded with different content`,
  };
  return recordOnce(db, key, async () => {
    const version = await versionAt(db, request.programId, request.order.occurredAt);
    const document = version.document;
    validateOrder(request, document);
    return db.transaction().execute(async (trx) => {
      const member = request.memberId ? await resolveMember(trx, request.programId, request.memberId) : undefined;
      if (!member && request.redeem?.length) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'memberId: rewards can only be redeemed for a member' });
      }
      const source = {
        programId: request.programId,
        channel: request.channel,
        storeId: request.order.storeId ?? request.terminalStoreId,
        terminalId: request.terminalId,
        orderId: request.orderId,
        occurredAt: request.order.occurredAt,
        ...(request.now ? { now: request.now.toISOString() } : {}),
      };
      const redemptions = member ? await applyRedemptions(trx, request, member, document, source) : [];
      const discounts: AppliedDiscount[] = redemptions.map((r) => ({ amount: r.discount.amount, ...(r.discount.lineId ? { lineId: r.discount.lineId } : {}) }));
      const basis = earningBasis(request.order, discounts);

      let earned: CheckoutReceipt['earned'] = { points: 0, pending: 0, pendingUntil: null, rules: [] };
      let lineAttribution: { lineId: string; points: number }[] = [];
      let earnTransactionId: string | null = null;
      let balance = null;
      if (member) {
        const limits = await limitInputs(trx, { programId: request.programId, memberId: member.id, document, at: request.order.occurredAt, eventType: 'purchase' });
        const result = evaluateOrder(version.compiled, { order: basis, channel: request.channel, member: memberContext(member), ...limits });
        lineAttribution = foldAttribution(result.lineAttribution);
        const rules = result.lines.filter((line) => line.points !== 0);
        if (result.points > 0) {
          const receipt = await earn(trx, {
            ...source,
            key: `order:${request.orderId}:earn`,
            memberId: member.id,
            lots: result.lots.filter((lot) => lot.points > 0),
            ruleVersion: version.version,
            rules: rules.map(({ ruleId, name, points }) => ({ ruleId, name, points })),
            reason: purchaseReason[request.channel],
          });
          earnTransactionId = receipt.transactionId;
          await updateTierAfterEarn(trx, { programId: request.programId, member, document, at: request.order.occurredAt });
        }
        const pending = pendingPoints(result, request.order.occurredAt);
        earned = {
          points: result.points,
          pending,
          pendingUntil: result.pendingUntil,
          rules: rules.map(({ ruleId, name, points, explanation }) => ({ ruleId, name, points, explanation })),
        };
        balance = await getBalance(trx, member.id);
      }

      const pointName = (n: number) => (Math.abs(n) === 1 ? document.program.pointName.one : document.program.pointName.other);
      const receipt: CheckoutReceipt = {
        orderId: request.orderId,
        memberId: member?.id ?? null,
        occurredAt: request.order.occurredAt,
        programVersion: version.version,
        earned,
        redeemed: redemptions.map((r) => ({ rewardId: r.reward.id, name: r.reward.name, points: r.points, ...(r.holdId ? { holdId: r.holdId } : {}) })),
        discounts: redemptions.map((r) => ({
          rewardId: r.reward.id,
          amount: r.discount.amount,
          ...(r.discount.lineId ? { lineId: r.discount.lineId } : {}),
          description: r.discount.description,
        })),
        discountTotal: discounts.reduce((sum, d) => sum + d.amount, 0),
        balance,
        lines: [
          ...redemptions.map((r) => `${r.reward.name}: −${r.points} ${pointName(r.points)}`),
          ...earned.rules.map((rule) => rule.explanation),
          ...(earned.pending > 0 && earned.pendingUntil ? [`${earned.pending} ${pointName(earned.pending)} can be used from ${earned.pendingUntil.slice(0, 10)}`] : []),
        ],
        replayed: false,
      };
      await trx
        .insertInto('orders')
        .values({
          program_id: request.programId,
          id: request.orderId,
          member_id: member?.id ?? null,
          channel: request.channel,
          store_id: source.storeId ?? null,
          terminal_id: request.terminalId ?? null,
          occurred_at: request.order.occurredAt,
          currency: request.order.currency,
          subtotal: request.order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
          lines: JSON.stringify(request.order.lines),
          payments: JSON.stringify(request.order.payments),
          earn_transaction_id: earnTransactionId,
          earned: earned.points,
          line_points: JSON.stringify(lineAttribution),
          redeemed: redemptions.reduce((sum, r) => sum + r.points, 0),
          discount_total: receipt.discountTotal,
          discounts: JSON.stringify(redemptions.map((r) => ({ rewardId: r.reward.id, transactionId: r.transactionId, points: r.points, amount: r.discount.amount, lineId: r.discount.lineId ?? null }))),
          request_hash: hash,
          receipt: JSON.stringify(receipt),
        })
        .execute();
      return receipt;
    });
  });
}

/** What a shopper reads in their history; the order id is shown beside it, not inside it. */
const purchaseReason: Record<Channel, string> = {
  pos: 'In-store purchase',
  web: 'Online purchase',
  app: 'App purchase',
  partner: 'Partner purchase',
};

function validateOrder(request: CheckoutRequest, document: ProgramDocument): void {
  if (request.order.currency !== document.program.currency) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `order.currency: this program counts in ${document.program.currency}, not ${request.order.currency}`,
    });
  }
  if (request.terminalStoreId && request.order.storeId && request.order.storeId !== request.terminalStoreId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `order.storeId: this till belongs to store ${request.terminalStoreId}` });
  }
}

interface Redemption {
  reward: Reward;
  points: number;
  holdId?: string;
  transactionId: string;
  discount: { amount: number; lineId?: string; description: string };
}

async function applyRedemptions(
  db: Db,
  request: CheckoutRequest,
  member: ResolvedMember,
  document: ProgramDocument,
  source: { programId: string; channel: string; storeId?: string | undefined; terminalId?: string | undefined; orderId: string; occurredAt: string; now?: string },
): Promise<Redemption[]> {
  const out: Redemption[] = [];
  for (const [index, item] of (request.redeem ?? []).entries()) {
    const field = `redeem[${index}]`;
    if ('rewardId' in item) {
      const reward = findReward(document, item.rewardId, `${field}.rewardId`);
      await assertEligible(db, { document, reward, member, channel: request.channel, at: request.order.occurredAt, field });
      const receipt = await redeem(db, {
        ...source,
        key: `order:${request.orderId}:redeem:${index}`,
        memberId: member.id,
        points: reward.cost,
        rewardId: reward.id,
        reason: reward.name,
      });
      out.push({ reward, points: reward.cost, transactionId: receipt.transactionId, discount: rewardDiscount(reward, request.order) });
      continue;
    }
    const hold = await getHold(db, { programId: request.programId, ...('holdId' in item ? { holdId: item.holdId } : { code: item.code }) });
    const what = 'holdId' in item ? `${field}.holdId` : `${field}.code`;
    if (!hold) throw new TRPCError({ code: 'NOT_FOUND', message: `${what}: no such reservation` });
    const owner = await resolveMember(db, request.programId, hold.memberId);
    if (owner.id !== member.id) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `${what}: this reservation belongs to another member` });
    }
    if (!hold.rewardId) throw new TRPCError({ code: 'BAD_REQUEST', message: `${what}: this hold is not for a reward` });
    const reward = findReward(document, hold.rewardId, what);
    const receipt = await capture(db, {
      ...source,
      key: `order:${request.orderId}:capture:${hold.holdId}`,
      holdId: hold.holdId,
      rewardId: reward.id,
    });
    out.push({ reward, points: hold.points, holdId: hold.holdId, transactionId: receipt.transactionId, discount: rewardDiscount(reward, request.order) });
  }
  return out;
}

