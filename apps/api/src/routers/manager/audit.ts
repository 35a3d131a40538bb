import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { managerRead } from '../../trpc.ts';

export const auditRouter = {
  list: managerRead
    .input(z.object({ cursor: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      let query = ctx.db
        .selectFrom('audit_log')
        .select(['id', 'actor_kind', 'actor_email', 'action', 'target', 'before', 'after', 'created_at'])
        .where('program_id', '=', ctx.manager.programId)
        .orderBy('id', 'desc')
        .limit(input.limit + 1);
      if (input.cursor) query = query.where('id', '<', input.cursor);
      const rows = await query.execute();
      const page = rows.slice(0, input.limit);
      return {
        items: page.map((row) => ({
          id: row.id,
          at: row.created_at.toISOString(),
          actor: row.actor_email ?? row.actor_kind,
          action: row.action,
          target: row.target,
          before: row.before,
          after: row.after,
        })),
        nextCursor: rows.length > input.limit ? page[page.length - 1]?.id : undefined,
      };
    }),
} satisfies TRPCRouterRecord;
