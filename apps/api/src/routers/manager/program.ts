import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { compareSimulations, orderSchema, validateProgram, type ProgramDocument } from '@omniloyal/core';
import { managerRead, managerWrite } from '../../trpc.ts';
import { writeAudit } from '../../services/audit.ts';
import { forgetPublishedVersions, publishedVersions, versionAt } from '../../services/program-versions.ts';
import { publishVersion } from '../../services/publish-version.ts';
import { replayOrders } from '../../services/replay-orders.ts';

const documentInput = z.object({ document: z.record(z.string(), z.unknown()) });
const sampleOrder = z.object({
  order: orderSchema,
  channel: z.enum(['web', 'app', 'pos', 'partner']),
  member: z
    .object({ tier: z.string().optional(), tags: z.array(z.string()).optional(), birthday: z.iso.date().optional() })
    .default({}),
});
const simulateInput = z.union([
  z.object({ document: z.record(z.string(), z.unknown()).optional(), orders: z.array(sampleOrder).min(1).max(10_000) }),
  z.object({ document: z.record(z.string(), z.unknown()).optional(), replayDays: z.number().int().min(1).max(365) }),
]);

async function loadDraft(db: import('@omniloyal/ledger').Db, programId: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('program_drafts').select('document').where('program_id', '=', programId).executeTakeFirst();
  return row?.document;
}

function requireValid(document: unknown, field = 'document'): ProgramDocument {
  const result = validateProgram(document);
  if (!result.ok) {
    const first = result.problems[0]!;
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${first.path ? `${field}.${first.path}` : field}: ${first.message}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems)` : ''}`,
    });
  }
  return result.document;
}

export const programRouter = {
  get: managerRead.query(async ({ ctx }) => {
    const programId = ctx.manager.programId;
    const draft = await loadDraft(ctx.db, programId);
    const versions = await publishedVersions(ctx.db, programId);
    const now = ctx.now();
    const inEffect = versions.filter((v) => new Date(v.effectiveAt) <= now).at(-1);
    return {
      draft: draft ?? null,
      draftProblems: draft === undefined ? [] : validateProblems(draft),
      published: inEffect ? { version: inEffect.version, effectiveAt: inEffect.effectiveAt, document: inEffect.document } : null,
      scheduled: versions
        .filter((v) => new Date(v.effectiveAt) > now)
        .map((v) => ({ version: v.version, effectiveAt: v.effectiveAt })),
    };
  }),

  validate: managerRead.input(documentInput).mutation(({ input }) => {
    const problems = validateProblems(input.document);
    return { ok: problems.length === 0, problems };
  }),

  /** Drafts may be invalid while being edited; the answer lists the problems. Publishing needs none. */
  saveDraft: managerWrite.input(documentInput).mutation(async ({ ctx, input }) => {
    const programId = ctx.manager.programId;
    return ctx.db.transaction().execute(async (trx) => {
      const before = await loadDraft(trx, programId);
      const now = ctx.now();
      await trx
        .insertInto('program_drafts')
        .values({ program_id: programId, document: JSON.stringify(input.document), updated_at: now })
        .onConflict((oc) => oc.column('program_id').doUpdateSet({ document: JSON.stringify(input.document), updated_at: now }))
        .execute();
      await writeAudit(trx, ctx.manager, { action: 'program.saveDraft', target: programId, before, after: input.document });
      return { savedAt: now.toISOString(), problems: validateProblems(input.document) };
    });
  }),

  simulate: managerRead.input(simulateInput).mutation(async ({ ctx, input }) => {
    const programId = ctx.manager.programId;
    const now = ctx.now();
    const candidate = requireValid(input.document ?? (await loadDraft(ctx.db, programId)) ?? null);
    const current = await versionAt(ctx.db, programId, now);
    const orders = 'orders' in input ? input.orders : await replayOrders(ctx.db, programId, input.replayDays, now);
    const comparison = compareSimulations(current.document, candidate, orders);
    return { orders: orders.length, currentVersion: current.version, ...comparison };
  }),

  /** Publishes the draft, or an older version again (a rollback), effective now or at a later time. */
  publish: managerWrite
    .input(
      z
        .object({ effectiveAt: z.iso.datetime({ offset: true }).optional(), fromVersion: z.number().int().positive().optional() })
        .default({}),
    )
    .mutation(async ({ ctx, input }) => {
      const programId = ctx.manager.programId;
      const now = ctx.now();
      const effectiveAt = input.effectiveAt ? new Date(input.effectiveAt) : now;
      if (effectiveAt.getTime() < now.getTime() - 60_000) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'effectiveAt: a version cannot take effect in the past' });
      }
      const published = await ctx.db.transaction().execute(async (trx) => {
        let document: ProgramDocument;
        if (input.fromVersion) {
          const row = await trx
            .selectFrom('program_versions')
            .select('document')
            .where('program_id', '=', programId)
            .where('version', '=', input.fromVersion)
            .executeTakeFirst();
          if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `fromVersion: version ${input.fromVersion} was not found` });
          document = row.document as ProgramDocument;
        } else {
          const draft = await loadDraft(trx, programId);
          if (draft === undefined) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'There is no draft to publish' });
          document = requireValid(draft, 'draft');
        }
        const { version } = await publishVersion(trx, {
          programId,
          document,
          effectiveAt,
          publishedBy: ctx.manager.email,
          now,
        });
        await writeAudit(trx, ctx.manager, {
          action: input.fromVersion ? 'program.rollback' : 'program.publish',
          target: programId,
          after: { version, effectiveAt: effectiveAt.toISOString(), fromVersion: input.fromVersion },
        });
        return { version, effectiveAt: effectiveAt.toISOString() };
      });
      forgetPublishedVersions(programId);
      return published;
    }),

  versions: managerRead.query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom('program_versions')
      .select(['version', 'effective_at', 'published_at', 'published_by'])
      .where('program_id', '=', ctx.manager.programId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => ({
      version: row.version,
      effectiveAt: row.effective_at.toISOString(),
      publishedAt: row.published_at.toISOString(),
      publishedBy: row.published_by,
    }));
  }),
} satisfies TRPCRouterRecord;

function validateProblems(document: unknown): { path: string; message: string }[] {
  const result = validateProgram(document);
  return result.ok ? [] : result.problems;
}
