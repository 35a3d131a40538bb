import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { findMemberIdByIdentifier, getBalance, type Db } from '@omniloyal/ledger';
import { integrationProcedure } from '../../trpc.ts';
import { checkout } from '../../services/checkout.ts';
import { refundOrder } from '../../services/refund.ts';
import { resolveMember, type ResolvedMember } from '../../services/members.ts';
import { earnForEvent } from '../../services/events.ts';
import { checkoutInput, externalId, refundInput } from '../inputs.ts';
import { emailInput } from '../auth/schemas.ts';

const memberRef = z.union([z.object({ email: emailInput }).strict(), z.object({ memberId: z.uuid() }).strict()], {
  error: 'member is { email } or { memberId }',
});

async function memberOf(db: Db, programId: string, ref: z.infer<typeof memberRef>): Promise<ResolvedMember> {
  if ('memberId' in ref) return resolveMember(db, programId, ref.memberId, 'member.memberId');
  const found = await findMemberIdByIdentifier(db, programId, 'email', ref.email);
  if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'member.email: no member has this email' });
  return resolveMember(db, programId, found, 'member.email');
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
        now: ctx.now(),
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
      const result = await ctx.db.transaction().execute((trx) =>
        earnForEvent(trx, {
          programId,
          member,
          channel: ctx.integration.channel,
          eventId: input.eventId,
          type: input.type,
          ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
          ...(input.properties ? { properties: input.properties } : {}),
          terminalId: ctx.integration.keyId,
          now: ctx.now(),
        }),
      );
      return { ...result, balance: await getBalance(ctx.db, member.id) };
    }),
} satisfies TRPCRouterRecord;
