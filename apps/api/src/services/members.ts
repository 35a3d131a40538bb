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

/**
 * The member with this id in this program, following merges to the surviving member (a till may still
 * hold the id of a member merged a minute ago). NOT_FOUND names the field the id came from; a member
 * of another program is NOT_FOUND too, so ids of other programs reveal nothing.
 */
export async function resolveMember(db: Db, programId: string, memberId: string, field = 'memberId'): Promise<ResolvedMember> {
  let id = memberId;
  for (let hops = 0; hops < 16; hops++) {
    const row = await db
      .selectFrom('members')
      .select(['id', 'program_id', 'name', 'tier_id', 'tier_since', 'tags', 'birthday', 'status', 'merged_into', 'created_at'])
      .where('id', '=', id)
      .where('program_id', '=', programId)
      .executeTakeFirst();
    if (!row) break;
    if (row.status === 'merged' && row.merged_into) {
      id = row.merged_into;
      continue;
    }
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
  throw memberNotFound(memberId, field);
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
