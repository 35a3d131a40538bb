import type { Kysely } from 'kysely';
import { patchFunction } from './patch-function.ts';

/**
 * A sale may come evaluated with a member row the API kept in memory instead of reading it again
 * (apps/api services/member-cache.ts): its item then carries `expect`, the member's tier, tags and
 * birthday as the rules saw them. `checkout_record_batch` checks them first, in the writes' transaction:
 * a sale whose member has changed since (a tier moved by an earlier sale, tags edited, merged into
 * another member) writes nothing and answers STALE_MEMBER, and the API evaluates it again from a fresh
 * read. The other sales of the batch go on as before, and a sale without `expect` is not checked.
 *
 * The check is in the transaction that writes, so a sale is never earned on a member that changed before
 * its write began; a change committed while the batch runs is the same race as a read before the write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await patchFunction(db, 'checkout_record_batch(jsonb, boolean)', {
    from: `v_results jsonb;`,
    to: `v_results jsonb;
      v_stale int[];`,
  }, {
    from: `if p_safe then return checkout_record_batch_safe(items); end if;`,
    to: `if p_safe then return checkout_record_batch_safe(items); end if;
      -- 0. the sales whose member is no longer as they were evaluated with (expect) are set aside
      select array_agg(t.ord::int order by t.ord) into v_stale
      from jsonb_array_elements(items) with ordinality as t(x, ord)
      where t.x ? 'expect' and not exists (select 1 from members m
        where m.id = (t.x->>'memberId')::uuid and m.program_id = (t.x->>'programId')::uuid and m.status = 'active'
          and jsonb_build_object('tierId', m.tier_id, 'tags', m.tags, 'birthday', m.birthday) = t.x->'expect');
      if v_stale is not null then
        items := coalesce((select jsonb_agg(t.x order by t.ord) from jsonb_array_elements(items) with ordinality as t(x, ord)
          where t.ord <> all(v_stale)), '[]');
      end if;`,
  }, {
    from: `return v_results;`,
    to: `if v_stale is not null then
        -- the answers of the sales written, and STALE_MEMBER at the places of those set aside
        select jsonb_agg(case when n = any(v_stale)
            then jsonb_build_object('error', jsonb_build_object('code', 'STALE_MEMBER', 'message', 'the member changed since this sale was evaluated'))
            else v_results->(n - 1 - (select count(*) from unnest(v_stale) s where s < n))::int end order by n)
        into v_results from generate_series(1, jsonb_array_length(items) + cardinality(v_stale)) n;
      end if;
      return v_results;`,
  });
}
