import { TRPCError } from '@trpc/server';
import type { Db } from '@omniloyal/ledger';

/** A request recorded under a natural key (an order id, a refund id) with the hash of its content. */
export interface RecordKey {
  table: 'orders' | 'refunds';
  programId: string;
  id: string;
  hash: string;
  /** The CONFLICT message when the key was used for different content, naming the field. */
  conflict: string;
}

/** What is stored under a key: the hash of the first request and its receipt. */
export interface StoredRequest {
  requestHash: string;
  receipt: unknown;
}

/**
 * Runs `write` once per key: a retry with the same content gets the first receipt (marked replayed)
 * and writes nothing; the same key with other content is CONFLICT. Two identical requests at once:
 * the second loses the race (a unique violation, or a CONFLICT over what the first wrote) and answers
 * with the first's receipt.
 * `known` is what the caller already read under the key (undefined: nothing), saving the read.
 */
export async function recordOnce<R extends { replayed: boolean }>(
  db: Db,
  key: RecordKey,
  write: () => Promise<R>,
  known?: { stored: StoredRequest | undefined },
): Promise<R> {
  const first = known ? replayOf<R>(known.stored, key) : await firstReceipt<R>(db, key);
  if (first) return first;
  try {
    return await write();
  } catch (error) {
    // Lost a race with an identical request: its insert of the key won (unique violation), or what it
    // wrote first made this one's writes conflict (the reservation it captured is captured already).
    // Either way the key now holds the first receipt.
    const code = (error as { code?: string }).code;
    if (code === '23505' || code === 'CONFLICT') {
      const again = await firstReceipt<R>(db, key);
      if (again) return again;
    }
    throw error;
  }
}

async function firstReceipt<R>(db: Db, key: RecordKey): Promise<R | undefined> {
  const row = await db
    .selectFrom(key.table)
    .select(['request_hash', 'receipt'])
    .where('program_id', '=', key.programId)
    .where('id', '=', key.id)
    .executeTakeFirst();
  return replayOf<R>(row ? { requestHash: row.request_hash, receipt: row.receipt } : undefined, key);
}

function replayOf<R>(stored: StoredRequest | undefined, key: RecordKey): R | undefined {
  if (!stored) return undefined;
  if (stored.requestHash !== key.hash) throw new TRPCError({ code: 'CONFLICT', message: key.conflict });
  return { ...(stored.receipt as R), replayed: true };
}
