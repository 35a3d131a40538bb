import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { managerRead } from '../../trpc.ts';
import { versionAt } from '../../services/program-versions.ts';
import { analyticsSummary } from '../../services/analytics/summary.ts';
import { metricSeries, seriesMetrics } from '../../services/analytics/series.ts';

const range = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'must be after from', path: ['to'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 5 * 366 * 86_400_000, { message: 'a range is at most 5 years', path: ['to'] });

const MAX_BUCKETS = 800;
const BUCKET_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;

async function programZone(ctx: { readDb: import('@omniloyal/ledger').Db }, programId: string): Promise<string> {
  const row = await ctx.readDb.selectFrom('programs').select('time_zone').where('id', '=', programId).executeTakeFirstOrThrow();
  return row.time_zone;
}

// Reports read a replica when the deployment has one (ctx.readDb): they may trail by milliseconds. The
// program version stays on the primary, so a version published a moment ago is the one in the cache.
export const analyticsRouter = {
  summary: managerRead.input(range).query(async ({ ctx, input }) => {
    const programId = ctx.manager.programId;
    const { document } = await versionAt(ctx.db, programId, ctx.now());
    return analyticsSummary(ctx.readDb, { programId, document, zone: await programZone(ctx, programId), from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString() });
  }),

  series: managerRead
    .input(z.object({ metric: z.enum(seriesMetrics), bucket: z.enum(['day', 'week', 'month']) }).and(range))
    .query(async ({ ctx, input }) => {
      if ((Date.parse(input.to) - Date.parse(input.from)) / BUCKET_MS[input.bucket] > MAX_BUCKETS) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `bucket: more than ${MAX_BUCKETS} ${input.bucket}s; pick a larger bucket` });
      }
      const programId = ctx.manager.programId;
      return {
        metric: input.metric,
        bucket: input.bucket,
        points: await metricSeries(ctx.readDb, {
          programId,
          zone: await programZone(ctx, programId),
          metric: input.metric,
          bucket: input.bucket,
          from: new Date(input.from).toISOString(),
          to: new Date(input.to).toISOString(),
          now: ctx.now(),
        }),
      };
    }),
} satisfies TRPCRouterRecord;
