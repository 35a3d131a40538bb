import { TRPCError } from '@trpc/server';
import {
  evaluateOrder,
  rewardDiscount,
  type Channel,
  type Order,
  type ProgramDocument,
  type Reward,
} from '@omniloyal/core';
import { capture, earn, getBalance, getHold, LedgerError, prepareEarn, redeem, redeemExpiredHold, requestHash, type Db, type EarnInput } from '@omniloyal/ledger';
import { earningBasis, foldAttribution, type AppliedDiscount } from './earning-basis.ts';
import { memberContext, memberNotFound, resolveMember, type ResolvedMember } from './members.ts';
import { versionAt, type PublishedVersion } from './program-versions.ts';
import { limitInputs } from './rule-counters.ts';
import { assertEligible, findReward } from './reward-eligibility.ts';
import { tierRules, updateTierAfterEarn } from './tier-status.ts';
import { recordCheckout, StaleMember, type SaleOrder } from './checkout-record.ts';
import { forgetStaleMember, keepMember, keptMember, memberExpectation } from './member-cache.ts';
import type { CheckoutReceipt } from './receipt.ts';
import { pendingPoints } from './earn-summary.ts';
import { recordOnce } from './record-once.ts';
import { saleContext } from './sale-context.ts';

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
  if (request.redeem?.length) {
    return recordOnce(db, key, async () => saleWithRewards(db, request, await saleVersion(db, request), hash));
  }
  const kept = request.memberId ? keptMember(db, request.programId, request.memberId) : undefined;
  if (kept) {
    // No read: a repeated order id is found by the write (its order insert), and a member changed since by
    // the write's check (StaleMember), after which the sale is evaluated again from a fresh read.
    try {
      return await recordOnce(db, key, async () => plainSale(db, request, await saleVersion(db, request), kept, hash, true), { stored: undefined });
    } catch (error) {
      if (!(error instanceof StaleMember)) throw error;
      forgetStaleMember(db, kept);
    }
  }
  // the common sale reads its replay check and its member in one round trip
  const context = await saleContext(db, request);
  if (context.member && context.member.id === request.memberId) keepMember(db, context.member);
  return recordOnce(db, key, async () => plainSale(db, request, await saleVersion(db, request), context.member, hash), { stored: context.first });
}

/** The program version in effect at the order's time, checked against the order. */
async function saleVersion(db: Db, request: CheckoutRequest): Promise<PublishedVersion> {
  const version = await versionAt(db, request.programId, request.order.occurredAt);
  validateOrder(request, version.document);
  return version;
}

/**
 * A sale without rewards, the common case, in one write round trip: the rules are evaluated here, and
 * `checkout_record_batch` posts the earn, moves the tier and stores the order, grouped with concurrent sales.
 */
async function plainSale(
  db: Db,
  request: CheckoutRequest,
  version: PublishedVersion,
  member: ResolvedMember | undefined,
  hash: string,
  /** The member was kept in memory: the write checks it is still as the rules saw it. */
  fromMemory = false,
): Promise<CheckoutReceipt> {
  if (request.memberId && !member) throw memberNotFound(request.memberId);
  const sale = await evaluateSale(db, request, version, member, []);
  return recordCheckout(db, {
    programId: request.programId,
    memberId: member?.id ?? null,
    ...(fromMemory && member ? { expect: memberExpectation(member) } : {}),
    ...(sale.earn ? { earn: prepareEarn(sale.earn), tier: tierRules(version.document, request.order.occurredAt) } : {}),
    receipt: sale.receipt,
    order: orderRow(request, member, sale, hash),
  });
}

/** A sale that redeems or captures rewards: step by step in one transaction. */
async function saleWithRewards(db: Db, request: CheckoutRequest, version: PublishedVersion, hash: string): Promise<CheckoutReceipt> {
  const document = version.document;
  return db.transaction().execute(async (trx) => {
    const member = request.memberId ? await resolveMember(trx, request.programId, request.memberId) : undefined;
    if (!member) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'memberId: rewards can only be redeemed for a member' });
    }
    const redemptions = await applyRedemptions(trx, request, member, document, saleSource(request));
    const sale = await evaluateSale(trx, request, version, member, redemptions);
    let earnTransactionId: string | null = null;
    if (sale.earn) {
      earnTransactionId = (await earn(trx, sale.earn)).transactionId;
      await updateTierAfterEarn(trx, { programId: request.programId, member, document, at: request.order.occurredAt });
    }
    const receipt: CheckoutReceipt = { ...sale.receipt, balance: await getBalance(trx, member.id) };
    const order = orderRow(request, member, sale, hash);
    await trx
      .insertInto('orders')
      .values({
        program_id: request.programId,
        id: order.id,
        member_id: member.id,
        channel: order.channel,
        store_id: order.storeId,
        terminal_id: order.terminalId,
        occurred_at: order.occurredAt,
        currency: order.currency,
        subtotal: order.subtotal,
        lines: JSON.stringify(order.lines),
        payments: JSON.stringify(order.payments),
        earn_transaction_id: earnTransactionId,
        earned: order.earned,
        line_points: JSON.stringify(order.linePoints),
        redeemed: redemptions.reduce((sum, r) => sum + r.points, 0),
        discount_total: receipt.discountTotal,
        discounts: JSON.stringify(redemptions.map((r) => ({ rewardId: r.reward.id, transactionId: r.transactionId, points: r.points, amount: r.discount.amount, lineId: r.discount.lineId ?? null }))),
        request_hash: hash,
        receipt: JSON.stringify(receipt),
      })
      .execute();
    return receipt;
  });
}

type SaleSource = ReturnType<typeof saleSource>;

/** Where and when a sale happened, as every posting of it records. */
function saleSource(request: CheckoutRequest) {
  return {
    programId: request.programId,
    channel: request.channel,
    storeId: request.order.storeId ?? request.terminalStoreId,
    terminalId: request.terminalId,
    orderId: request.orderId,
    occurredAt: request.order.occurredAt,
    ...(request.now ? { now: request.now.toISOString() } : {}),
  };
}

interface EvaluatedSale {
  /** The earn to post, when the sale earns points. */
  earn?: EarnInput;
  lineAttribution: { lineId: string; points: number }[];
  /** The receipt, its balance still to be filled in by whoever posts the sale. */
  receipt: CheckoutReceipt;
}

/** Runs the rules on what the member paid (after reward discounts) and writes the receipt's words. */
async function evaluateSale(
  db: Db,
  request: CheckoutRequest,
  version: PublishedVersion,
  member: ResolvedMember | undefined,
  redemptions: Redemption[],
): Promise<EvaluatedSale> {
  const document = version.document;
  const discounts: AppliedDiscount[] = redemptions.map((r) => ({ amount: r.discount.amount, ...(r.discount.lineId ? { lineId: r.discount.lineId } : {}) }));
  let earned: CheckoutReceipt['earned'] = { points: 0, pending: 0, pendingUntil: null, rules: [] };
  let lineAttribution: { lineId: string; points: number }[] = [];
  let earnInput: EarnInput | undefined;
  if (member) {
    const basis = earningBasis(request.order, discounts);
    const limits = await limitInputs(db, { programId: request.programId, memberId: member.id, document, at: request.order.occurredAt, eventType: 'purchase' });
    const result = evaluateOrder(version.compiled, { order: basis, channel: request.channel, member: memberContext(member), ...limits });
    lineAttribution = foldAttribution(result.lineAttribution);
    const rules = result.lines.filter((line) => line.points !== 0);
    if (result.points > 0) {
      earnInput = {
        ...saleSource(request),
        key: `order:${request.orderId}:earn`,
        memberId: member.id,
        lots: result.lots.filter((lot) => lot.points > 0),
        ruleVersion: version.version,
        rules: rules.map(({ ruleId, name, points }) => ({ ruleId, name, points })),
        reason: purchaseReason[request.channel],
      };
    }
    earned = {
      points: result.points,
      pending: pendingPoints(result, request.order.occurredAt),
      pendingUntil: result.pendingUntil,
      rules: rules.map(({ ruleId, name, points, explanation }) => ({ ruleId, name, points, explanation })),
    };
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
    balance: null,
    lines: [
      ...redemptions.map((r) => `${r.reward.name}: −${r.points} ${pointName(r.points)}`),
      ...earned.rules.map((rule) => rule.explanation),
      ...(earned.pending > 0 && earned.pendingUntil ? [`${earned.pending} ${pointName(earned.pending)} can be used from ${earned.pendingUntil.slice(0, 10)}`] : []),
    ],
    replayed: false,
  };
  return { ...(earnInput ? { earn: earnInput } : {}), lineAttribution, receipt };
}

/** The order as stored (the fields both ways of posting a sale share). */
function orderRow(request: CheckoutRequest, member: ResolvedMember | undefined, sale: EvaluatedSale, hash: string): SaleOrder {
  return {
    id: request.orderId,
    channel: request.channel,
    storeId: request.order.storeId ?? request.terminalStoreId ?? null,
    terminalId: request.terminalId ?? null,
    occurredAt: request.order.occurredAt,
    currency: request.order.currency,
    subtotal: request.order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    lines: request.order.lines,
    payments: request.order.payments,
    earned: member ? sale.receipt.earned.points : 0,
    linePoints: sale.lineAttribution,
    requestHash: hash,
  };
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
  source: SaleSource,
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
    if (hold.status === 'captured') {
      throw new TRPCError({ code: 'CONFLICT', message: `${what}: this reservation was already used by another sale` });
    }
    const soldAt = heldAtSale(request, hold.expiresAt);
    if (hold.status === 'expired' && soldAt) {
      // A till took the reservation (offline) before it expired, and the expiry job has since returned its
      // points: the sale redeems them now, as the reward was given, and the hold is captured. The key is
      // the hold's, so one sale only can do this; spent meanwhile, the sale is refused.
      const receipt = await redeemExpiredHold(db, {
        ...source, key: `hold-used:${hold.holdId}`, holdId: hold.holdId, memberId: member.id, points: hold.points, rewardId: reward.id, reason: reward.name,
      })
        .catch((error: unknown) => {
          throw expiredHoldRefusal(error, what);
        });
      out.push({ reward, points: hold.points, holdId: hold.holdId, transactionId: receipt.transactionId, discount: rewardDiscount(reward, request.order) });
      continue;
    }
    // judged at the sale's time: a sale queued offline while the hold stood captures it though it expired since
    const receipt = await capture(db, { ...source, ...(soldAt ? { now: soldAt } : {}), key: `order:${request.orderId}:capture:${hold.holdId}`, holdId: hold.holdId, rewardId: reward.id });
    out.push({ reward, points: hold.points, holdId: hold.holdId, transactionId: receipt.transactionId, discount: rewardDiscount(reward, request.order) });
  }
  return out;
}

/**
 * The sale's time (ISO) when the sale happened in the past and before the hold expired — a sale queued
 * at an offline till and posted later; undefined otherwise (a sale at the till's own clock, or too late).
 */
function heldAtSale(request: CheckoutRequest, expiresAt: Date): string | undefined {
  const soldAt = new Date(request.order.occurredAt);
  const clock = request.now ?? new Date();
  return soldAt < clock && soldAt < expiresAt ? soldAt.toISOString() : undefined;
}

/** The words for a ledger refusal of an expired reservation's points, naming the field. */
function expiredHoldRefusal(error: unknown, field: string): unknown {
  if (!(error instanceof LedgerError)) return error;
  if (error.code === 'INSUFFICIENT_POINTS') {
    return new TRPCError({ code: 'PRECONDITION_FAILED', message: `${field}: this reservation expired after the sale and its points were spent since (${error.message})` });
  }
  if (error.code === 'CONFLICT') {
    return new TRPCError({ code: 'CONFLICT', message: `${field}: this reservation was already used by another sale` });
  }
  return error;
}
