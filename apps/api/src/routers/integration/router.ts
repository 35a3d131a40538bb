import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { evaluateEvent } from '@omniloyal/core';
import { earn, findMemberByIdentifier, getBalance, type Db } from '@omniloyal/ledger';
import { integrationProcedure } from '../../trpc.ts';
import { checkout } from '../../services/checkout.ts';
import { refundOrder } from '../../services/refund.ts';
import { memberContext, resolveMember, type ResolvedMember } from '../../services/members.ts';
import { versionAt } from '../../services/program-versions.ts';
import { limitInputs } from '../../services/rule-counters.ts';
import { updateTierAfterEarn } from '../../services/tier-status.ts';
import { pendingPoints } from '../../services/earn-summary.ts';
import { checkoutInput, externalId, refundInput } from '../inputs.ts';
import { emailInput } from '../auth/schemas.ts';

const memberRef = z.union([z.object({ email: emailInput }).strict(), z.object({ memberId: z.uuid() }).strict()], {
  error: 'member is { email } or { memberId }',
});

async function memberOf(db: Db, programId: string, ref: z.infer<typeof memberRef>): Promise<ResolvedMember> {
  if ('memberId' in ref) return resolveMember(db, programId, ref.memberId, 'member.memberId');
  const found = await findMemberByIdentifier(db, programId, 'email', ref.email);
  if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'member.email: no member has this email' });
  return resolveMember(db, programId, found.id, 'member.email');
}

export const integrationRouter = {
  /** An online order (web, app or partner): earns and redeems exactly like a till sale. */
  recordOrder: integrationProcedure
    .input(checkoutInput.omit({ memberId: true }).extend({ member: memberRef.optional() }))
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.integration.programId;
      const member = input.member ? await memberOf(ctx.db, programId, input.member) : undefined;
      return checkout(ctx.db, {
        programId,
        channel: ctx.integration.channel,
        terminalId: ctx.integration.keyId,
        orderId: input.orderId,
        ...(member ? { memberId: member.id } : {}),
        order: input.order,
        ...(input.redeem ? { redeem: input.redeem } : {}),
      });
    }),

  refund: integrationProcedure.input(refundInput).mutation(({ ctx, input }) =>
    refundOrder(ctx.db, {
      programId: ctx.integration.programId,
      channel: ctx.integration.channel,
      terminalId: ctx.integration.keyId,
      orderId: input.orderId,
      refundId: input.refundId,
      lines: input.lines,
      now: ctx.now(),
    }),
  ),

  /** A non-purchase event (sign-up, referral, app download, custom): earns through the same rules. */
  recordEvent: integrationProcedure
    .input(
      z.object({
        eventId: externalId,
        member: memberRef,
        type: z.string().trim().min(1).max(64),
        occurredAt: z.iso.datetime({ offset: true }).optional(),
        properties: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.integration.programId;
      const member = await memberOf(ctx.db, programId, input.member);
      // A retry without occurredAt must evaluate at the first attempt's time, or it would not be the same request.
      const first = await ctx.db
        .selectFrom('ledger_transactions')
        .select('occurred_at')
        .where('program_id', '=', programId)
        .where('idempotency_key', '=', `event:${input.eventId}`)
        .executeTakeFirst();
      const occurredAt = input.occurredAt ?? first?.occurred_at.toISOString() ?? ctx.now().toISOString();
      const version = await versionAt(ctx.db, programId, occurredAt);
      const limits = await limitInputs(ctx.db, { programId, memberId: member.id, document: version.document, at: occurredAt });
      const result = evaluateEvent(version.compiled, {
        event: { type: input.type, occurredAt, ...(input.properties ? { properties: input.properties } : {}) },
        channel: ctx.integration.channel,
        member: memberContext(member),
        ...limits,
      });
      const rules = result.lines.filter((line) => line.points !== 0);
      let replayed = false;
      if (result.points > 0) {
        const receipt = await ctx.db.transaction().execute(async (trx) => {
          const posted = await earn(trx, {
            programId,
            key: `event:${input.eventId}`,
            channel: ctx.integration.channel,
            terminalId: ctx.integration.keyId,
            occurredAt,
            memberId: member.id,
            lots: result.lots.filter((lot) => lot.points > 0),
            ruleVersion: version.version,
            rules: rules.map(({ ruleId, name, points }) => ({ ruleId, name, points })),
            reason: `Event ${input.type}`,
          });
          if (!posted.replayed) await updateTierAfterEarn(trx, { programId, member, document: version.document, at: occurredAt });
          return posted;
        });
        replayed = receipt.replayed;
      }
      return {
        eventId: input.eventId,
        memberId: member.id,
        points: result.points,
        pending: pendingPoints(result, occurredAt),
        rules: rules.map(({ ruleId, name, points, explanation }) => ({ ruleId, name, points, explanation })),
        balance: await getBalance(ctx.db, member.id),
        replayed,
      };
    }),
} satisfies TRPCRouterRecord;
