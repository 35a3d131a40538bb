import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { managerRead, managerWrite } from '../../trpc.ts';
import { createApiKey, revokeApiKey } from '../../auth/api-keys.ts';
import { writeAudit } from '../../services/audit.ts';
import { notFound } from '../../errors.ts';

const createKeyInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), storeId: z.string().min(1).max(64), name: z.string().trim().min(1).max(200).optional() }),
  z.object({
    kind: z.literal('integration'),
    channel: z.enum(['web', 'app', 'partner']),
    name: z.string().trim().min(1).max(200).optional(),
  }),
]);

export const keysRouter = {
  list: managerRead.query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom('api_keys')
      .select(['id', 'kind', 'store_id', 'channel', 'name', 'prefix', 'created_at', 'revoked_at'])
      .where('program_id', '=', ctx.manager.programId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      storeId: row.store_id,
      channel: row.channel,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
    }));
  }),

  /** The key is in this answer and nowhere else, ever. */
  create: managerWrite.input(createKeyInput).mutation(async ({ ctx, input }) => {
    const programId = ctx.manager.programId;
    if (input.kind === 'terminal') {
      const store = await ctx.db
        .selectFrom('stores')
        .select('id')
        .where('program_id', '=', programId)
        .where('id', '=', input.storeId)
        .executeTakeFirst();
      if (!store) throw new TRPCError({ code: 'NOT_FOUND', message: `storeId: store ${input.storeId} was not found` });
    }
    return ctx.db.transaction().execute(async (trx) => {
      const spec =
        input.kind === 'terminal'
          ? { kind: 'terminal' as const, programId, storeId: input.storeId, name: input.name, createdBy: ctx.manager.managerId }
          : { kind: 'integration' as const, programId, channel: input.channel, name: input.name, createdBy: ctx.manager.managerId };
      const created = await createApiKey(trx, spec);
      await writeAudit(trx, ctx.manager, {
        action: 'key.create',
        target: created.id,
        after: { kind: input.kind, prefix: created.prefix, ...(input.kind === 'terminal' ? { storeId: input.storeId } : { channel: input.channel }) },
      });
      return { id: created.id, key: created.key, prefix: created.prefix };
    });
  }),

  revoke: managerWrite.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const revoked = await revokeApiKey(trx, ctx.manager.programId, input.id, ctx.now());
      if (!revoked) throw notFound(`Key ${input.id}`);
      await writeAudit(trx, ctx.manager, { action: 'key.revoke', target: input.id });
      return { id: input.id, revoked: true };
    });
  }),
} satisfies TRPCRouterRecord;
