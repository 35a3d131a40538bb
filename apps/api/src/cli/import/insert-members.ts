import { sql } from 'kysely';
import { inTransaction, type Db, type IdentifierKind } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';

export interface MemberToInsert {
  /** Already normalised (ledger normalizeIdentifier); at least one. */
  identifiers: { kind: IdentifierKind; value: string }[];
  name?: string | null;
  birthday?: string | null;
  enrolledChannel: string;
  /** When the member enrolled (the demo's history); defaults to now. */
  createdAt?: Date;
  tags?: string[];
}

/**
 * Creates many members in three round trips, with the same rows createMember writes (member, its three
 * accounts, its lock row with their ids, its identifiers). A row any of whose identifiers is already
 * taken is skipped and reported as already a member, so importing the same file twice adds nothing.
 * Callers pass rows whose identifiers are distinct from each other.
 */
export async function insertMembers(
  db: Db,
  programId: string,
  rows: readonly MemberToInsert[],
): Promise<{ created: string[]; alreadyMembers: number[] }> {
  if (rows.length === 0) return { created: [], alreadyMembers: [] };
  return inTransaction(db, async (trx) => {
    const wanted = rows.flatMap((row) => row.identifiers);
    // A lateral probe per identifier: always the unique index, even while a bulk import has left the
    // table's statistics stale (a planner that still thinks it small would scan it whole per batch).
    const { rows: taken } = await sql<{ kind: string; value: string }>`
      select w.kind, w.value
      from unnest(${wanted.map((i) => i.kind)}::text[], ${wanted.map((i) => i.value)}::text[]) as w(kind, value)
      cross join lateral (
        select 1 from identifiers i where i.program_id = ${programId} and i.kind = w.kind and i.value = w.value limit 1
      ) found`.execute(trx);
    const takenSet = new Set(taken.map((i) => `${i.kind}\u0000${i.value}`));
    const alreadyMembers: number[] = [];
    const fresh: (MemberToInsert & { id: string })[] = [];
    rows.forEach((row, index) => {
      if (row.identifiers.some((i) => takenSet.has(`${i.kind}\u0000${i.value}`))) alreadyMembers.push(index);
      else fresh.push({ ...row, id: uuidv7() });
    });
    if (fresh.length === 0) return { created: [], alreadyMembers };

    const members = JSON.stringify(fresh.map((row) => ({
      id: row.id,
      name: row.name ?? null,
      birthday: row.birthday ?? null,
      channel: row.enrolledChannel,
      created_at: (row.createdAt ?? new Date()).toISOString(),
      tags: row.tags ?? [],
    })));
    await sql`
      with input as (
        select * from jsonb_to_recordset(${members}::jsonb) as x(id uuid, name text, birthday date, channel text, created_at timestamptz, tags text[])
      ), inserted as (
        insert into members (id, program_id, name, birthday, enrolled_channel, created_at, tags)
        select id, ${programId}, name, birthday, channel, created_at, tags from input
        returning id
      ), accounts_made as (
        insert into accounts (program_id, member_id, kind)
        select ${programId}, inserted.id, k.kind from inserted cross join (values ('available'), ('pending'), ('held')) as k(kind)
        returning id, member_id, kind
      )
      insert into member_accounts (member_id, program_id, available_account, pending_account, held_account)
      select member_id, ${programId}, max(id) filter (where kind = 'available'), max(id) filter (where kind = 'pending'),
        max(id) filter (where kind = 'held')
      from accounts_made group by member_id`.execute(trx);

    const identifiers = fresh.flatMap((row) => row.identifiers.map((i) => ({ member_id: row.id, kind: i.kind, value: i.value })));
    await sql`
      insert into identifiers (program_id, member_id, kind, value)
      select ${programId}, member_id, kind, value
      from jsonb_to_recordset(${JSON.stringify(identifiers)}::jsonb) as x(member_id uuid, kind text, value text)`.execute(trx);
    return { created: fresh.map((row) => row.id), alreadyMembers };
  });
}
