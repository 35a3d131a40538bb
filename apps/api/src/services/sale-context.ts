import { GroupCommit, groupPer, poolOf, type Db } from '@omniloyal/ledger';
import { namedStatementRows } from './named-statement.ts';
import { resolveMember, type ResolvedMember } from './members.ts';
import type { StoredRequest } from './record-once.ts';

export interface SaleContext {
  /** The order already recorded under this id, if any (its hash and first receipt). */
  first: StoredRequest | undefined;
  /** The member (merges followed), or undefined when the sale names none or no such member exists. */
  member: ResolvedMember | undefined;
}

interface ContextRow {
  id: string | null; name: string | null; tier_id: string | null; tier_since: Date | null; tags: string[] | null;
  birthday: string | null; status: string | null; merged_into: string | null; created_at: Date | null;
  request_hash: string | null; receipt: unknown;
}

type ContextKey = { programId: string; orderId: string; memberId?: string | undefined };

// One row per sale asked about, in the order asked: the ledger's `sale_contexts` (see the plan-once migration).
const SALE_CONTEXTS = 'select * from sale_contexts($1::uuid[], $2::uuid[], $3::text[])';

/** The context rows of several sales in one statement (named: parsed once per connection). */
async function readContexts(db: Db, keys: ContextKey[]): Promise<ContextRow[]> {
  return namedStatementRows<ContextRow>(db, 'sale_contexts', SALE_CONTEXTS, [
    keys.map((key) => key.memberId ?? null), keys.map((key) => key.programId), keys.map((key) => key.orderId),
  ]);
}

/**
 * On a pg Pool, the reads of concurrent sales share one statement and round trip, as their writes share
 * one call (the ledger's GroupCommit, here for reads): a checkout's read was one query, one pool checkout
 * and one Postgres wake-up per sale.
 */
const contextGroup = groupPer((db: Db) => new GroupCommit<ContextRow, ContextKey>({
  postMany: async (keys) => (await readContexts(db, keys)).map((row) => ({ ok: true as const, value: row })),
}));

/** Calls made and reads served through this db's group (tests read them to see that reads shared calls). */
export const saleContextGroupCounts = (db: Db) => contextGroup(db).counts;

/**
 * What a sale needs to read before the rules run, in one round trip: whether the order was recorded
 * already, and the member. A member merged into another (rare) takes the usual step-by-step lookup.
 */
export async function saleContext(db: Db, input: ContextKey): Promise<SaleContext> {
  const key = { programId: input.programId, orderId: input.orderId, memberId: input.memberId };
  const row = poolOf(db) ? await contextGroup(db).submit(key) : (await readContexts(db, [key]))[0]!;
  const first = row.request_hash === null ? undefined : { requestHash: row.request_hash, receipt: row.receipt };
  if (!input.memberId || row.id === null) return { first, member: undefined };
  if (row.status === 'merged' && row.merged_into) return { first, member: await resolveMember(db, input.programId, input.memberId) };
  return {
    first,
    member: {
      id: row.id, programId: input.programId, name: row.name, tierId: row.tier_id, tierSince: row.tier_since,
      tags: row.tags ?? [], birthday: row.birthday, createdAt: row.created_at!,
    },
  };
}
