import { sql } from 'kysely';
import { publishedVersions } from '../services/program-versions.ts';
import { tierStatus } from '../services/tier-status.ts';
import { versionInEffect } from '@omniloyal/core';
import type { Job } from './job.ts';

const BATCH = 200;

/**
 * Upgrades happen at earn time; this job handles what time alone changes. When a member's status period
 * has run out (tier_since older than the program's statusMonths), the rolling window has moved on: the
 * member keeps the tier if still qualified (status renewed from now), or moves to what the points now
 * qualify for, with a `tier_changed` event in the same transaction. Members are locked with SKIP LOCKED,
 * so two servers split the work, and a recomputed member is no longer due, so a rerun changes nothing.
 */
export const recomputeTiersJob: Job = {
  name: 'recompute-tiers',
  async runBatch(db, now) {
    let examined = 0;
    let changed = 0;
    const programs = await db.selectFrom('programs').select('id').orderBy('id').execute();
    for (const { id: programId } of programs) {
      const version = versionInEffect(await publishedVersions(db, programId), now);
      if (!version) continue;
      const { document } = version;
      const baseTier = document.tiers.levels[0]?.id;
      if (!baseTier) continue;
      await db.transaction().execute(async (trx) => {
        const { rows: due } = await sql<{ id: string; name: string | null; tier_id: string; tier_since: Date; tags: string[]; birthday: string | null; created_at: Date }>`
          select id, name, tier_id, tier_since, tags, birthday::text as birthday, created_at from members
          where program_id = ${programId} and status = 'active' and tier_id is not null and tier_id <> ${baseTier}
            and tier_since < ${now}::timestamptz - make_interval(months => ${document.tiers.statusMonths})
          order by id limit ${BATCH} for update skip locked`.execute(trx);
        for (const row of due) {
          examined += 1;
          const member = { id: row.id, programId, name: row.name, tierId: row.tier_id, tierSince: row.tier_since, tags: row.tags, birthday: row.birthday, createdAt: row.created_at };
          const status = await tierStatus(trx, document, member, now.toISOString());
          await trx.updateTable('members').set({ tier_id: status.tierId, tier_since: now }).where('id', '=', row.id).execute();
          if (status.tierId === row.tier_id) continue;
          changed += 1;
          await trx.insertInto('outbox').values({
            program_id: programId,
            type: 'tier_changed',
            payload: JSON.stringify({ memberId: row.id, from: row.tier_id, to: status.tierId, at: now.toISOString(), reason: 'status period ended' }),
          }).execute();
        }
      });
    }
    return { done: examined, detail: { examined, changed } };
  },
};
