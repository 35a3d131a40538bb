import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { adjust, getBalance, memberHistory, merge, normalizeIdentifier, openLots } from '@omniloyal/ledger';
import { memberSupport, memberSupportRead } from '../../trpc.ts';
import { resolveMember } from '../../services/members.ts';
import { versionAt } from '../../services/program-versions.ts';
import { tierStatus } from '../../services/tier-status.ts';
import { writeAudit } from '../../services/audit.ts';
import { idempotencyKey } from '../inputs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const membersRouter = {
  /** By member id, exact email, phone or card, or part of a name. */
  search: memberSupportRead
    .input(z.object({ q: z.string().trim().min(2, 'type at least 2 characters').max(200), limit: z.number().int().min(1).max(100).default(20) }))
    .query(async ({ ctx, input }) => {
      const programId = ctx.manager.programId;
      const q = input.q;
      const byIdentifier = [
        ...(q.includes('@') ? [normalizeIdentifier('email', q)] : []),
        ...(/^[+\d][\d ()-]{5,}$/.test(q) ? [normalizeIdentifier('phone', q)] : []),
        normalizeIdentifier('card', q),
      ];
      const rows = await ctx.db
        .selectFrom('members as m')
        .innerJoin('member_accounts as a', 'a.member_id', 'm.id')
        .select(['m.id', 'm.name', 'm.tier_id', 'm.status', 'm.enrolled_channel', 'm.created_at', 'a.available', 'a.pending', 'a.held'])
        .where('m.program_id', '=', programId)
        .where((eb) =>
          eb.or([
            ...(UUID.test(q) ? [eb('m.id', '=', q)] : []),
            eb('m.id', 'in', eb.selectFrom('identifiers').select('member_id').where('program_id', '=', programId).where('value', 'in', byIdentifier)),
            eb('m.name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
          ]),
        )
        .orderBy('m.created_at', 'desc')
        .limit(input.limit)
        .execute();
      return rows.map((row) => ({
        memberId: row.id,
        name: row.name,
        tierId: row.tier_id,
        status: row.status,
        enrolledChannel: row.enrolled_channel,
        enrolledAt: row.created_at.toISOString(),
        balance: { available: row.available, pending: row.pending, held: row.held },
      }));
    }),

  /** The member as support sees it: identifiers, balances, tier, open lots and holds. The ledger is `history`. */
  get: memberSupportRead
    .input(z.object({ memberId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const programId = ctx.manager.programId;
      const member = await resolveMember(ctx.db, programId, input.memberId);
      const now = ctx.now();
      const { document } = await versionAt(ctx.db, programId, now);
      const identifiers = await ctx.db.selectFrom('identifiers').select(['id', 'kind', 'value']).where('member_id', '=', member.id).orderBy('id').execute();
      const lots = await openLots(ctx.db, member.id);
      const holds = await ctx.db
        .selectFrom('holds')
        .select(['id', 'points', 'reward_id', 'code', 'expires_at', 'created_at'])
        .where('member_id', '=', member.id)
        .where('status', '=', 'active')
        .execute();
      const merged = await ctx.db.selectFrom('members').select(['id', 'name']).where('merged_into', '=', member.id).execute();
      return {
        memberId: member.id,
        requestedId: input.memberId,
        name: member.name,
        birthday: member.birthday,
        tags: member.tags,
        enrolledAt: member.createdAt.toISOString(),
        tier: await tierStatus(ctx.db, document, member, now.toISOString()),
        balance: await getBalance(ctx.db, member.id),
        identifiers,
        mergedMembers: merged,
        lots: lots.map((lot) => ({
          lotId: lot.lotId,
          amount: lot.amount,
          remaining: lot.remaining,
          pending: lot.pending,
          availableAt: lot.availableAt.toISOString(),
          expiresAt: lot.expiresAt?.toISOString() ?? null,
        })),
        holds: holds.map((h) => ({ holdId: h.id, points: h.points, rewardId: h.reward_id, code: h.code, expiresAt: h.expires_at.toISOString() })),
      };
    }),

  /**
   * The member's ledger, newest first, a page at a time (`cursor`: the last entry of the page before), with
   * the rule version and rules behind every change. Its own procedure so that loading older entries reads
   * those entries only, not the whole member again; a merged member's id pages its survivor's ledger.
   */
  history: memberSupportRead
    .input(z.object({ memberId: z.uuid(), cursor: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const member = await resolveMember(ctx.db, ctx.manager.programId, input.memberId);
      const history = await memberHistory(ctx.db, { memberId: member.id, limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
      return {
        // every field of the ledger's entry but its stored receipt (the API's own record of the answer)
        items: history.items.map(({ receipt: _receipt, at, ...item }) => ({ ...item, at: at.toISOString() })),
        ...(history.nextCursor ? { nextCursor: history.nextCursor } : {}),
      };
    }),

  adjust: memberSupport
    .input(
      z.object({
        memberId: z.uuid(),
        points: z.number().int('must be a whole number').refine((n) => n !== 0, 'must not be zero').refine((n) => Math.abs(n) <= 1_000_000, 'must be at most 1,000,000 either way'),
        reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(500),
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.manager.programId;
      return ctx.db.transaction().execute(async (trx) => {
        const member = await resolveMember(trx, programId, input.memberId);
        const before = await getBalance(trx, member.id);
        const receipt = await adjust(trx, {
          programId,
          key: `adjust:${input.idempotencyKey}`,
          memberId: member.id,
          points: input.points,
          reason: input.reason,
          actor: ctx.manager.email,
          now: ctx.now().toISOString(),
        });
        if (!receipt.replayed) {
          await writeAudit(trx, ctx.manager, { action: 'member.adjust', target: member.id, before, after: { ...receipt.balance, points: input.points, reason: input.reason } });
        }
        return { transactionId: receipt.transactionId, memberId: member.id, points: input.points, balance: receipt.balance, replayed: receipt.replayed };
      });
    }),

  /** Folds one member (say, enrolled at a till by phone) into another (enrolled online by email). */
  merge: memberSupport
    .input(z.object({ fromMemberId: z.uuid(), intoMemberId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.manager.programId;
      if (input.fromMemberId === input.intoMemberId) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'intoMemberId: a member cannot be merged into itself' });
      }
      return ctx.db.transaction().execute(async (trx) => {
        // Both must be of this program (NOT_FOUND otherwise, naming the field).
        await trx.selectFrom('members').select('id').where('id', '=', input.fromMemberId).where('program_id', '=', programId).executeTakeFirst()
          .then((row) => { if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `fromMemberId: member ${input.fromMemberId} was not found` }); });
        const into = await resolveMember(trx, programId, input.intoMemberId, 'intoMemberId');
        const receipt = await merge(trx, {
          programId,
          key: `merge:${input.fromMemberId}:${input.intoMemberId}`,
          fromMemberId: input.fromMemberId,
          intoMemberId: into.id,
          actor: ctx.manager.email,
          now: ctx.now().toISOString(),
        });
        if (!receipt.replayed) {
          await writeAudit(trx, ctx.manager, { action: 'member.merge', target: into.id, before: { fromMemberId: input.fromMemberId }, after: { moved: receipt.moved, balance: receipt.balance } });
        }
        return { memberId: into.id, mergedMemberId: input.fromMemberId, moved: receipt.moved, balance: receipt.balance, replayed: receipt.replayed };
      });
    }),
} satisfies TRPCRouterRecord;
