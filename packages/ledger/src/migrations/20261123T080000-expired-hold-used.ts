import { sql, type Kysely } from 'kysely';

/**
 * A reservation that an offline till used while it stood, after the expiry job gave its points back.
 *
 * The sale redeems the points again (the reward was given), and the hold is then `captured`: before,
 * it stayed `expired`, so the hold's own record said the reward was never taken though the ledger had
 * spent its points. Both happen in one call under the member's lock: the redeem (`ledger_redeem`, with
 * its replay and its refusal when the points were spent since) and the hold's new status, or neither.
 *
 * Only an `expired` hold can be used this way. A hold still `active` is captured as usual; a `released`
 * one was given back on purpose. A replay of the same sale answers the first receipt and changes nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create function ledger_redeem_expired_hold(req jsonb) returns jsonb language plpgsql as $$
    declare
      h holds;
      v_result jsonb;
    begin
      select * into h from holds where id = (req->>'holdId')::uuid and program_id = (req->>'programId')::uuid;
      if h.id is null then
        perform ledger_fail('NOT_FOUND', format('hold %s not found in this program', req->>'holdId'));
      end if;
      -- the redeem takes the member's lock and answers a replay; the hold is read again under that lock
      v_result := ledger_redeem(req);
      select * into h from holds where id = h.id;
      if h.status = 'expired' then
        update holds set status = 'captured', captured = points where id = h.id;
      elsif not (v_result->>'replayed')::boolean then
        perform ledger_fail('HOLD_NOT_ACTIVE', format('hold %s is %s, not expired', h.id, h.status));
      end if;
      return v_result;
    end $$`).execute(db);
}
