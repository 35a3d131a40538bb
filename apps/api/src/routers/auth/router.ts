import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { createMember, findMemberIdByIdentifier } from '@omniloyal/ledger';
import { publicProcedure } from '../../trpc.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, endSession } from '../../auth/sessions.ts';
import { birthdayInput, emailInput, nameInput, passwordInput, phoneInput } from './schemas.ts';
import type { Context } from '../../context.ts';
import { earnForEvent, signupEvent } from '../../services/events.ts';
import { resolveMember } from '../../services/members.ts';

async function programFor(ctx: Context, requested: string | undefined): Promise<string> {
  const programId = requested ?? (await ctx.defaultProgramId());
  if (!programId) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'No loyalty program is set up yet' });
  const program = await ctx.db.selectFrom('programs').select('id').where('id', '=', programId).executeTakeFirst();
  if (!program) throw new TRPCError({ code: 'NOT_FOUND', message: `programId: program ${programId} was not found` });
  return programId;
}

async function me(ctx: Context) {
  const credential = ctx.credential;
  if (credential.kind === 'shopper') {
    const member = await ctx.db
      .selectFrom('members')
      .leftJoin('shopper_credentials', 'shopper_credentials.member_id', 'members.id')
      .select(['members.id', 'members.name', 'shopper_credentials.email'])
      .where('members.id', '=', credential.memberId)
      .executeTakeFirst();
    return { kind: 'shopper' as const, memberId: credential.memberId, programId: credential.programId, name: member?.name ?? null, email: member?.email ?? null };
  }
  if (credential.kind === 'manager') {
    return { kind: 'manager' as const, managerId: credential.managerId, programId: credential.programId, email: credential.email, role: credential.role };
  }
  if (credential.kind === 'terminal' || credential.kind === 'integration') {
    return { kind: credential.kind, programId: credential.programId, channel: credential.channel };
  }
  return { kind: 'anonymous' as const };
}

export const authRouter = {
  /** Enrols a member from the web channel with an email and password, and signs them in. */
  signup: publicProcedure
    .input(
      z.object({
        email: emailInput,
        password: passwordInput,
        name: nameInput.optional(),
        phone: phoneInput.optional(),
        birthday: birthdayInput.optional(),
        programId: z.uuid().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const programId = await programFor(ctx, input.programId);
      const taken = await findMemberIdByIdentifier(ctx.db, programId, 'email', input.email);
      if (taken) {
        throw new TRPCError({ code: 'CONFLICT', message: 'email: this email is already enrolled; sign in instead' });
      }
      if (input.phone && (await findMemberIdByIdentifier(ctx.db, programId, 'phone', input.phone))) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'phone: this phone is already enrolled with another member; sign up without it and ask us to merge the two',
        });
      }
      const passwordHash = await hashPassword(input.password);
      const { memberId, session } = await ctx.db.transaction().execute(async (trx) => {
        const member = await createMember(trx, {
          programId,
          identifiers: [{ kind: 'email', value: input.email }, ...(input.phone ? [{ kind: 'phone' as const, value: input.phone }] : [])],
          name: input.name,
          birthday: input.birthday,
          enrolledChannel: 'web',
        });
        await trx
          .insertInto('shopper_credentials')
          .values({ member_id: member.id, program_id: programId, email: input.email, password_hash: passwordHash })
          .execute();
        await earnForEvent(trx, signupEvent(programId, await resolveMember(trx, programId, member.id), 'web', ctx.now()));
        const session = await createSession(trx, { kind: 'shopper', programId, memberId: member.id }, ctx.now());
        return { memberId: member.id, session };
      });
      ctx.setSessionCookie(session.token, session.expiresAt);
      return { kind: 'shopper' as const, memberId, programId, name: input.name ?? null, email: input.email };
    }),

  login: publicProcedure
    .input(z.object({ email: emailInput, password: z.string().min(1).max(200), programId: z.uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.rateLimits.login(ctx.clientAddress, input.email);
      const manager = await ctx.db
        .selectFrom('managers')
        .select(['id', 'program_id', 'password_hash', 'email', 'role'])
        .where('email', '=', input.email)
        .executeTakeFirst();
      if (manager && (await verifyPassword(input.password, manager.password_hash))) {
        const session = await createSession(ctx.db, { kind: 'manager', programId: manager.program_id, managerId: manager.id }, ctx.now());
        ctx.setSessionCookie(session.token, session.expiresAt);
        return { kind: 'manager' as const, managerId: manager.id, programId: manager.program_id, email: manager.email, role: manager.role };
      }
      const programId = input.programId ?? (await ctx.defaultProgramId());
      const shopper = programId
        ? await ctx.db
            .selectFrom('shopper_credentials')
            .innerJoin('members', 'members.id', 'shopper_credentials.member_id')
            .select(['members.id', 'members.name', 'members.status', 'members.merged_into', 'shopper_credentials.password_hash'])
            .where('shopper_credentials.program_id', '=', programId)
            .where('shopper_credentials.email', '=', input.email)
            .executeTakeFirst()
        : undefined;
      const ok = await verifyPassword(input.password, shopper?.password_hash ?? decoyPasswordHash);
      if (!shopper || !ok || !programId) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The email or password is not right' });
      }
      // A member merged into another signs in as the surviving member.
      const memberId = shopper.status === 'merged' && shopper.merged_into ? shopper.merged_into : shopper.id;
      const session = await createSession(ctx.db, { kind: 'shopper', programId, memberId }, ctx.now());
      ctx.setSessionCookie(session.token, session.expiresAt);
      return { kind: 'shopper' as const, memberId, programId, name: shopper.name, email: input.email };
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    const credential = ctx.credential;
    if (credential.kind === 'shopper' || credential.kind === 'manager') await endSession(ctx.db, credential.sessionId);
    ctx.clearSessionCookie();
    return { ok: true };
  }),

  me: publicProcedure.query(({ ctx }) => me(ctx)),
} satisfies TRPCRouterRecord;
