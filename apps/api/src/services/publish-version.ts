import type { ProgramDocument } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { forgetPublishedVersions } from './program-versions.ts';

/**
 * Freezes a document as the program's next numbered version, effective at `effectiveAt`.
 * Versions are numbered under a lock on the program row so two publishes never take one number.
 * Call inside a transaction when the publish must be atomic with other writes (the audit entry).
 */
export async function publishVersion(
  db: Db,
  input: { programId: string; document: ProgramDocument; effectiveAt: Date; publishedBy: string; now?: Date },
): Promise<{ version: number; effectiveAt: string }> {
  await db.selectFrom('programs').select('id').where('id', '=', input.programId).forUpdate().executeTakeFirstOrThrow();
  const last = await db
    .selectFrom('program_versions')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('program_id', '=', input.programId)
    .executeTakeFirst();
  const version = (last?.max ?? 0) + 1;
  await db
    .insertInto('program_versions')
    .values({
      program_id: input.programId,
      version,
      effective_at: input.effectiveAt,
      document: JSON.stringify(input.document),
      published_at: input.now ?? new Date(),
      published_by: input.publishedBy,
    })
    .execute();
  forgetPublishedVersions(input.programId);
  return { version, effectiveAt: input.effectiveAt.toISOString() };
}
