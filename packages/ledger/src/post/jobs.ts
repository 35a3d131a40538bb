import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db.ts';
import { instant, parseInput, uuid } from './request.ts';

const batchInput = z.object({
  now: instant,
  limit: z.number().int().positive().max(100_000).default(1000),
  programId: uuid.optional(),
});
export type BatchJobInput = z.input<typeof batchInput>;

/**
 * Expires up to `limit` due lots (remaining > 0, expires_at <= now), set-based, one transaction per member.
 * Safe with two workers at once (SKIP LOCKED); call until it returns lots: 0.
 */
export async function expireDue(db: Db, input: BatchJobInput): Promise<{ transactions: number; lots: number; points: number }> {
  const { now, limit, programId } = parseInput(batchInput, input);
  const { rows } = await sql<{ r: { transactions: number; lots: number; points: number } }>`
    select ledger_expire_due(${now}::timestamptz, ${limit}::int, ${programId ?? null}::uuid) as r`.execute(db);
  return rows[0]!.r;
}

/** Moves pending lots whose available_at passed to available (members of up to `limit` due lots). */
export async function releasePending(db: Db, input: BatchJobInput): Promise<{ transactions: number; points: number }> {
  const { now, limit, programId } = parseInput(batchInput, input);
  const { rows } = await sql<{ r: { transactions: number; points: number } }>`
    select ledger_release_pending(${now}::timestamptz, ${limit}::int, ${programId ?? null}::uuid) as r`.execute(db);
  return rows[0]!.r;
}
