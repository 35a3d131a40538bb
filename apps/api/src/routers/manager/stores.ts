import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { managerRead, managerWrite } from '../../trpc.ts';
import { writeAudit } from '../../services/audit.ts';

const storeId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');

export const storesRouter = {
  list: managerRead.query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom('stores')
      .select(['id', 'name', 'time_zone', 'address', 'created_at'])
      .where('program_id', '=', ctx.manager.programId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      timeZone: row.time_zone,
      address: row.address,
      createdAt: row.created_at.toISOString(),
    }));
  }),

  create: managerWrite
    .input(
      z.object({
        id: storeId,
        name: z.string().trim().min(1).max(200),
        timeZone: z.string().trim().min(1).max(64).optional(),
        address: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.timeZone && !isTimeZone(input.timeZone)) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `timeZone: ${input.timeZone} is not an IANA time zone` });
      }
      return ctx.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('stores')
          .values({
            program_id: ctx.manager.programId,
            id: input.id,
            name: input.name,
            time_zone: input.timeZone ?? null,
            address: input.address ?? null,
          })
          .onConflict((oc) => oc.columns(['program_id', 'id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new TRPCError({ code: 'CONFLICT', message: `id: a store ${input.id} already exists` });
        await writeAudit(trx, ctx.manager, { action: 'store.create', target: input.id, after: input });
        return { id: input.id, name: input.name, timeZone: input.timeZone ?? null, address: input.address ?? null };
      });
    }),
} satisfies TRPCRouterRecord;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
