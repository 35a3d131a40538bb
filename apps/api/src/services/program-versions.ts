import { compileProgram, versionInEffect, type CompiledProgram, type ProgramDocument } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { TRPCError } from '@trpc/server';

export interface PublishedVersion {
  version: number;
  effectiveAt: string;
  document: ProgramDocument;
  compiled: CompiledProgram;
}

/**
 * Published versions are immutable, so each is compiled once per process. The list of versions is
 * re-read at most every CACHE_MS (and at once after a publish on this server), so another server's
 * publish is seen within that time. A version meant to apply "now" should be published a few seconds ahead.
 */
const CACHE_MS = 1_000;
const cache = new Map<string, { until: number; versions: PublishedVersion[] }>();

export async function publishedVersions(db: Db, programId: string, now = Date.now()): Promise<PublishedVersion[]> {
  const cached = cache.get(programId);
  if (cached && cached.until > now) return cached.versions;
  const known = new Map(cached?.versions.map((v) => [v.version, v]));
  const rows = await db
    .selectFrom('program_versions')
    .select(['version', 'effective_at'])
    .where('program_id', '=', programId)
    .orderBy('version')
    .execute();
  const missing = rows.filter((row) => !known.has(row.version)).map((row) => row.version);
  if (missing.length > 0) {
    const documents = await db
      .selectFrom('program_versions')
      .select(['version', 'effective_at', 'document'])
      .where('program_id', '=', programId)
      .where('version', 'in', missing)
      .execute();
    for (const row of documents) {
      const document = row.document as ProgramDocument;
      known.set(row.version, {
        version: row.version,
        effectiveAt: row.effective_at.toISOString(),
        document,
        compiled: compileProgram(document),
      });
    }
  }
  const versions = rows.map((row) => known.get(row.version)!);
  cache.set(programId, { until: now + CACHE_MS, versions });
  return versions;
}

export function forgetPublishedVersions(programId: string): void {
  cache.delete(programId);
}

/** The version in effect at `at` (the order's own time), or PRECONDITION_FAILED when none was yet. */
export async function versionAt(db: Db, programId: string, at: string | Date): Promise<PublishedVersion> {
  const version = versionInEffect(await publishedVersions(db, programId), at);
  if (!version) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `No published program version was in effect at ${typeof at === 'string' ? at : at.toISOString()}`,
    });
  }
  return version;
}
