import { TRPCError } from '@trpc/server';
import { refundPoints, versionInEffect, type OrderLine, type ProgramDocument } from '@omniloyal/core';
import { getBalance, requestHash, reverse, type Db } from '@omniloyal/ledger';
import { publishedVersions } from './program-versions.ts';
import type { RefundReceipt } from './receipt.ts';
import { recordOnce } from './record-once.ts';

export interface RefundRequest {
  programId: string;
  channel: string;
  storeId?: string;
  terminalId?: string;
  orderId: string;
  refundId: string;
  /** Lines and quantities returned; `'all'` returns whatever is left (a void). */
  lines: { lineId: string; quantity: number }[] | 'all';
  now: Date;
}

/**
 * Reverses what an order earned for the lines returned (core's refund maths: proportional, never more
 * than was earned, everything once every line is back) under the program's refund policy, and gives back
 * a reward's points once the line it paid for (or, for basket discounts, the whole order) is returned.
 * Any channel of the program may refund any of its orders: a web order can be returned at a till.
 * Idempotent by refundId; the same refundId with other lines is CONFLICT.
 */
export async function refundOrder(db: Db, request: RefundRequest): Promise<RefundReceipt> {
  const hash = requestHash('refund', { orderId: request.orderId, lines: request.lines });
  const key = {
    table: 'refunds' as const,
    programId: request.programId,
    id: request.refundId,
    hash,
    conflict: `refundId: refund ${request.refundId} was already recorded with different lines`,
  };
  return recordOnce(db, key, () =>
    db.transaction().execute(async (trx) => {
      // Lock the order row: two refunds of one order must see each other's quantities.
      const order = await trx
        .selectFrom('orders')
        .select(['id', 'member_id', 'occurred_at', 'lines', 'earned', 'line_points', 'earn_transaction_id', 'discounts'])
        .where('program_id', '=', request.programId)
        .where('id', '=', request.orderId)
        .forUpdate()
        .executeTakeFirst();
      if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: `orderId: order ${request.orderId} was not found` });
      const orderLines = order.lines as OrderLine[];
      const earlier = await trx
        .selectFrom('refunds')
        .select(['lines', 'receipt'])
        .where('program_id', '=', request.programId)
        .where('order_id', '=', request.orderId)
        .execute();
      const refundedQty = new Map<string, number>();
      const reversedPoints = new Map<string, number>();
      const returnedRewards = new Set<string>();
      for (const refund of earlier) {
        for (const line of refund.lines as { lineId: string; quantity: number; points: number }[]) {
          refundedQty.set(line.lineId, (refundedQty.get(line.lineId) ?? 0) + line.quantity);
          reversedPoints.set(line.lineId, (reversedPoints.get(line.lineId) ?? 0) + line.points);
        }
        for (const reward of (refund.receipt as RefundReceipt).rewardsReturned) returnedRewards.add(reward.transactionId);
      }

      const requested = request.lines === 'all'
        ? orderLines.map((line) => ({ lineId: line.lineId, quantity: line.quantity - (refundedQty.get(line.lineId) ?? 0) })).filter((l) => l.quantity > 0)
        : request.lines;
      requested.forEach((line, i) => {
        const original = orderLines.find((l) => l.lineId === line.lineId);
        if (!original) throw new TRPCError({ code: 'BAD_REQUEST', message: `lines[${i}].lineId: order ${request.orderId} has no line ${line.lineId}` });
        const left = original.quantity - (refundedQty.get(line.lineId) ?? 0);
        if (line.quantity > left) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: `lines[${i}].quantity: only ${left} of line ${line.lineId} left to refund` });
        }
      });
      if (new Set(requested.map((l) => l.lineId)).size !== requested.length) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'lines: each line may appear once' });
      }

      const maths = refundPoints({
        earnedTotal: order.earned,
        lineAttribution: order.line_points,
        alreadyReversedByLine: [...refundedQty].map(([lineId, quantity]) => ({ lineId, quantity, points: reversedPoints.get(lineId) ?? 0 })),
        refundLines: requested,
        orderLines,
      });
      const document = await documentAt(trx, request.programId, order.occurred_at);
      const source = {
        programId: request.programId,
        channel: request.channel,
        storeId: request.storeId,
        terminalId: request.terminalId,
        orderId: request.orderId,
        now: request.now.toISOString(),
      };
      let shortfall = 0;
      let debt = 0;
      if (maths.points > 0 && order.earn_transaction_id && order.member_id) {
        const receipt = await reverse(trx, {
          ...source,
          key: `refund:${request.refundId}:earn`,
          transactionId: order.earn_transaction_id,
          points: maths.points,
          policy: document.refunds.whenSpent,
          reason: 'Refund of returned items',
        });
        shortfall = receipt.shortfall;
        debt = receipt.debt;
      }

      // A reward comes back once what it paid for is entirely returned.
      const fullyReturned = (lineId: string) => {
        const line = orderLines.find((l) => l.lineId === lineId);
        const now = (refundedQty.get(lineId) ?? 0) + (requested.find((l) => l.lineId === lineId)?.quantity ?? 0);
        return line !== undefined && now >= line.quantity;
      };
      const rewardsReturned: RefundReceipt['rewardsReturned'] = [];
      for (const used of order.discounts) {
        if (returnedRewards.has(used.transactionId)) continue;
        const back = used.lineId ? fullyReturned(used.lineId) : orderLines.every((l) => fullyReturned(l.lineId));
        if (!back) continue;
        await reverse(trx, {
          ...source,
          key: `refund:${request.refundId}:reward:${used.transactionId}`,
          transactionId: used.transactionId,
          points: used.points,
          policy: document.refunds.whenSpent,
          reason: 'Reward returned with a refund',
        });
        rewardsReturned.push({ rewardId: used.rewardId, points: used.points, transactionId: used.transactionId });
      }

      const pointName = (n: number) => (Math.abs(n) === 1 ? document.program.pointName.one : document.program.pointName.other);
      const reversed = maths.points - shortfall;
      const receipt: RefundReceipt = {
        refundId: request.refundId,
        orderId: request.orderId,
        memberId: order.member_id,
        reversed,
        shortfall,
        debt,
        rewardsReturned,
        balance: order.member_id ? await getBalance(trx, order.member_id) : null,
        lines: [
          ...(maths.points > 0 ? [`Refund: −${reversed} ${pointName(reversed)} earned on the returned items`] : []),
          ...(shortfall > 0 ? [`${shortfall} ${pointName(shortfall)} had already been spent and were not taken back`] : []),
          ...(debt > 0 ? [`${debt} ${pointName(debt)} had already been spent: the balance is ${debt} below zero until new points arrive`] : []),
          ...rewardsReturned.map((r) => `Reward returned: +${r.points} ${pointName(r.points)}`),
        ],
        replayed: false,
      };
      const byLine = new Map(maths.byLine.map((l) => [l.lineId, l.points]));
      await trx
        .insertInto('refunds')
        .values({
          program_id: request.programId,
          id: request.refundId,
          order_id: request.orderId,
          lines: JSON.stringify(requested.map((l) => ({ ...l, points: byLine.get(l.lineId) ?? 0 }))),
          points_reversed: reversed,
          request_hash: hash,
          receipt: JSON.stringify(receipt),
        })
        .execute();
      return receipt;
    }),
  );
}

/** The document in effect when the order happened: its refund policy is the one the shopper earned under. */
async function documentAt(db: Db, programId: string, at: Date): Promise<ProgramDocument> {
  const versions = await publishedVersions(db, programId);
  const version = versionInEffect(versions, at) ?? versions.at(-1);
  if (!version) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The program has no published version' });
  return version.document;
}
