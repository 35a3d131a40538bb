import type { MemberContext } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { TRPCError } from '@trpc/server';

export interface ResolvedMember {
  id: string;
  programId: string;
  name: string | null;
  tierId: string | null;
  tierSince: Date | null;
  tags: string[];
  birthday: string | null;
  createdAt: Date;
}

/** A members row as the reads below select it. */
export interface MemberRow {
  id: string;
  program_id: string;
  name: string | null;
  tier_id: string | null;
  tier_since: Date | null;
  tags: string[];
  birthday: string | null;
  created_at: Date;
  status: string;
  merged_into: string | null;
}

export function memberFromRow(row: MemberRow): ResolvedMember {
  return {
    id: row.id,
    programId: row.program_id,
    name: row.name,
    tierId: row.tier_id,
    tierSince: row.tier_since,
    tags: row.tags,
    birthday: row.birthday,
    createdAt: row.created_at,
  };
}

/**
 * The rows `read` gives for the member with this id or, while the first of them is a merged member,
 * for the member it was merged into (at most 16 hops: a chain that long is a loop). Empty when there
 * is no such member.
 */
export async function readFollowingMerges<R extends Pick<MemberRow, 'status' | 'merged_into'>>(memberId: string, read: (id: string) => Promise<R[]>): Promise<R[]> {
  let id = memberId;
  for (let hops = 0; hops < 16; hops++) {
    const rows = await read(id);
    const first = rows[0];
    if (!first || !(first.status === 'merged' && first.merged_into)) return rows;
    id = first.merged_into;
  }
  return [];
}

/**
 * The member with this id in this program, following merges to the surviving member (a till may still
 * hold the id of a member merged a minute ago). NOT_FOUND names the field the id came from; a member
 * of another program is NOT_FOUND too, so ids of other programs reveal nothing.
 */
export async function resolveMember(db: Db, programId: string, memberId: string, field = 'memberId'): Promise<ResolvedMember> {
  const [row] = await readFollowingMerges(memberId, (id) => db
    .selectFrom('members')
    .select(['id', 'program_id', 'name', 'tier_id', 'tier_since', 'tags', 'birthday', 'status', 'merged_into', 'created_at'])
    .where('id', '=', id)
    .where('program_id', '=', programId)
    .execute());
  if (!row) throw memberNotFound(memberId, field);
  return memberFromRow(row);
}

/** NOT_FOUND for a member id, naming the field it came from. */
export function memberNotFound(memberId: string, field = 'memberId'): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${field}: member ${memberId} was not found` });
}

export function memberContext(member: ResolvedMember): MemberContext {
  return {
    memberId: member.id,
    ...(member.tierId ? { tier: member.tierId } : {}),
    tags: member.tags,
    ...(member.birthday ? { birthday: member.birthday } : {}),
    enrolledAt: member.createdAt.toISOString(),
  };
}
