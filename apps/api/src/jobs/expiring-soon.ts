import { sql } from 'kysely';
import type { Job } from './job.ts';

export const EXPIRING_SOON_DAYS = 30;

/**
 * Emits one `expiring_soon` outbox event per member and expiry date whose open points expire within
 * 30 days. `expiry_notices` remembers what was sent: its primary key makes a rerun, or a second server
 * running at the same time, send nothing twice (the loser of the insert race skips the row).
 */
export const expiringSoonJob: Job = {
  name: 'expiring-soon',
  async runBatch(db, now) {
    const { rows } = await sql<{ notices: number; points: number }>`
      with due as (
        select l.program_id, l.member_id, l.expires_at, sum(l.remaining)::bigint as points
        from point_lots l join members m on m.id = l.member_id and m.status = 'active'
        where l.remaining > 0 and l.expires_at > ${now}::timestamptz
          and l.expires_at <= ${now}::timestamptz + ${`${EXPIRING_SOON_DAYS} days`}::interval
          and not exists (select 1 from expiry_notices n where n.member_id = l.member_id and n.expires_at = l.expires_at)
        group by l.program_id, l.member_id, l.expires_at
        order by l.expires_at, l.member_id
        limit 1000
      ), fresh as (
        insert into expiry_notices (member_id, expires_at, points)
        select member_id, expires_at, points from due
        on conflict do nothing
        returning member_id, expires_at, points
      ), events as (
        insert into outbox (program_id, type, payload)
        select d.program_id, 'expiring_soon',
          jsonb_build_object('memberId', f.member_id, 'points', f.points, 'expiresAt', f.expires_at, 'noticeAt', ${now}::timestamptz)
        from fresh f join due d on d.member_id = f.member_id and d.expires_at = f.expires_at
        returning 1
      )
      select (select count(*) from events)::int as notices, coalesce((select sum(points) from fresh), 0)::bigint as points`.execute(db);
    const result = rows[0]!;
    return { done: result.notices, detail: result };
  },
};
