import type { Db } from '@omniloyal/ledger';
import { namedStatementRows } from './named-statement.ts';
import { resolveMember, type ResolvedMember } from './members.ts';
import type { StoredRequest } from './record-once.ts';

export interface SaleContext {
  /** The order already recorded under this id, if any (its hash and first receipt). */
  first: StoredRequest | undefined;
  /** The member (merges followed), or undefined when the sale names none or no such member exists. */
  member: ResolvedMember | undefined;
}

const SALE_CONTEXT = `
  select m.id, m.name, m.tier_id, m.tier_since, m.tags, m.birthday, m.status, m.merged_into, m.created_at, o.request_hash, o.receipt
  from (select 1) as one
  left join members m on m.id = $1::uuid and m.program_id = $2::uuid
  left join orders o on o.program_id = $2::uuid and o.id = $3`;

/**
 * What a sale needs to read before the rules run, in one round trip: whether the order was recorded
 * already, and the member. A member merged into another (rare) takes the usual step-by-step lookup.
 */
export async function saleContext(db: Db, input: { programId: string; orderId: string; memberId?: string | undefined }): Promise<SaleContext> {
  const rows = await namedStatementRows<{
    id: string | null; name: string | null; tier_id: string | null; tier_since: Date | null; tags: string[] | null;
    birthday: string | null; status: string | null; merged_into: string | null; created_at: Date | null;
    request_hash: string | null; receipt: unknown;
  }>(db, 'sale_context', SALE_CONTEXT, [input.memberId ?? null, input.programId, input.orderId]);
  const row = rows[0]!;
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
