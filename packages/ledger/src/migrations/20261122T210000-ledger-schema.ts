import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The ledger's tables. Every statement sits inside `up` so the test templates' fingerprint
 * (which hashes the function source) changes whenever the SQL does.
 *
 * Choices worth knowing:
 * - `member_accounts` is the one row per member that every posting locks first; it carries the
 *   running totals (available, pending, held) and the ids of the member's three ledger accounts,
 *   so a posting learns everything it needs about the member from the lock itself. Every posting
 *   updates it: fillfactor 50 leaves room on the page for HOT updates (no index write per posting).
 * - `program_accounts` holds only the ids of the program's accounts, never totals: a running total
 *   on a per-program row would serialise every posting of the program on one row lock.
 * - `ledger_entries` and `point_lots` reference their transaction without a foreign key: they are
 *   written only by the posting functions, in the same statement as the transaction, and an FK
 *   check per row would be the largest cost on the hottest path. verify() checks the sums instead.
 * - A lot with a negative `remaining` is a debt lot (a reversal under allow-negative); see the
 *   functions migration for how later points pay it.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const statements = [
      `create table programs (
        id uuid primary key,
        name text not null,
        currency char(3) not null,
        time_zone text not null default 'UTC',
        created_at timestamptz not null default now()
      )`,
      `create table program_versions (
        program_id uuid not null references programs (id),
        version int not null,
        effective_at timestamptz not null,
        document jsonb not null,
        published_at timestamptz not null default now(),
        published_by text,
        primary key (program_id, version)
      )`,
      `create table program_drafts (
        program_id uuid primary key references programs (id),
        document jsonb not null,
        updated_at timestamptz not null default now()
      )`,
      `create table members (
        id uuid primary key,
        program_id uuid not null references programs (id),
        name text,
        birthday date,
        tier_id text,
        tier_since timestamptz,
        tags text[] not null default '{}',
        status text not null default 'active' check (status in ('active', 'merged')),
        merged_into uuid references members (id),
        enrolled_channel text not null,
        created_at timestamptz not null default now(),
        check ((status = 'merged') = (merged_into is not null))
      )`,
      `create index members_program_created on members (program_id, created_at)`,
      `create index members_merged_into on members (merged_into) where merged_into is not null`,
      `create table identifiers (
        id bigint generated always as identity primary key,
        program_id uuid not null references programs (id),
        member_id uuid not null references members (id),
        kind text not null check (kind in ('email', 'phone', 'card', 'app')),
        value text not null,
        created_at timestamptz not null default now(),
        unique (program_id, kind, value)
      )`,
      `create index identifiers_member on identifiers (member_id)`,
      `create table accounts (
        id bigint generated always as identity primary key,
        program_id uuid not null references programs (id),
        member_id uuid references members (id),
        kind text not null check (kind in ('available', 'pending', 'held', 'issued', 'redeemed', 'expired', 'adjusted', 'reversed')),
        check ((member_id is null) = (kind in ('issued', 'redeemed', 'expired', 'adjusted', 'reversed')))
      )`,
      `create unique index accounts_member_kind on accounts (member_id, kind) where member_id is not null`,
      `create unique index accounts_program_kind on accounts (program_id, kind) where member_id is null`,
      `create table program_accounts (
        program_id uuid primary key references programs (id),
        issued_account bigint not null references accounts (id),
        redeemed_account bigint not null references accounts (id),
        expired_account bigint not null references accounts (id),
        adjusted_account bigint not null references accounts (id),
        reversed_account bigint not null references accounts (id)
      )`,
      `create table member_accounts (
        member_id uuid primary key references members (id),
        program_id uuid not null references programs (id),
        available bigint not null default 0,
        pending bigint not null default 0 check (pending >= 0),
        held bigint not null default 0 check (held >= 0),
        available_account bigint not null references accounts (id),
        pending_account bigint not null references accounts (id),
        held_account bigint not null references accounts (id),
        merged_into uuid references members (id)
      ) with (fillfactor = 50)`,
      // No FK to programs here nor on holds: every insert would take KEY SHARE on the one program row,
      // and concurrent key-sharers of one row queue on MultiXact creation (a per-program hot row).
      `create table ledger_transactions (
        id uuid primary key,
        program_id uuid not null,
        idempotency_key text not null,
        request_hash text not null,
        kind text not null check (kind in ('earn', 'redeem', 'hold', 'capture', 'release', 'reverse', 'expire', 'adjust', 'merge', 'available')),
        member_id uuid not null,
        channel text,
        store_id text,
        terminal_id text,
        order_id text,
        rule_version int,
        rules jsonb,
        reason text,
        actor text,
        reverses uuid,
        points bigint not null,
        occurred_at timestamptz not null,
        created_at timestamptz not null default now(),
        result jsonb not null,
        unique (program_id, idempotency_key)
      )`,
      // History pages by member, newest first (uuid v7 ids are time-ordered).
      `create index ledger_transactions_member on ledger_transactions (member_id, id)`,
      `create index ledger_transactions_reverses on ledger_transactions (reverses) where reverses is not null`,
      `create index ledger_transactions_order on ledger_transactions (program_id, order_id) where order_id is not null`,
      // The primary key leads with the transaction so a transaction's entries are one index range.
      `create table ledger_entries (
        transaction_id uuid not null,
        id bigint generated always as identity,
        account_id bigint not null,
        lot_id bigint,
        amount bigint not null check (amount <> 0),
        primary key (transaction_id, id)
      )`,
      `create table point_lots (
        id bigint generated always as identity primary key,
        program_id uuid not null,
        member_id uuid not null,
        transaction_id uuid not null,
        amount bigint not null,
        remaining bigint not null,
        pending boolean not null,
        available_at timestamptz not null,
        expires_at timestamptz,
        created_at timestamptz not null default now(),
        check (amount > 0 and remaining between 0 and amount or amount < 0 and remaining between amount and 0)
      )`,
      // Open lots of a member, for spending (the member's row is locked, so a member's few lots are read whole).
      `create index point_lots_member_open on point_lots (member_id) where remaining <> 0`,
      `create index point_lots_due_expiry on point_lots (expires_at) where remaining > 0 and expires_at is not null`,
      `create index point_lots_due_available on point_lots (available_at) where pending`,
      `create table holds (
        id uuid primary key,
        program_id uuid not null,
        member_id uuid not null references members (id),
        transaction_id uuid not null,
        points bigint not null check (points > 0),
        captured bigint not null default 0,
        status text not null default 'active' check (status in ('active', 'captured', 'released', 'expired')),
        expires_at timestamptz not null,
        reward_id text,
        code text,
        created_at timestamptz not null default now(),
        unique (program_id, code)
      )`,
      `create index holds_member_active on holds (member_id) where status = 'active'`,
      `create index holds_due on holds (expires_at) where status = 'active'`,
      // Which lots lent points to a hold: release and expiry give them back to the same lots.
      `create table hold_lots (
        hold_id uuid not null references holds (id),
        lot_id bigint not null,
        points bigint not null check (points > 0),
        primary key (hold_id, lot_id)
      )`,
      `create table outbox (
        id bigint generated always as identity primary key,
        program_id uuid not null,
        type text not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        attempts int not null default 0,
        next_attempt_at timestamptz,
        delivered_at timestamptz
      )`,
      // No partial index on undelivered rows: delivery walks the primary key from its last delivered id,
      // and a second index would cost every posting an index insert.
      `create function ledger_append_only() returns trigger language plpgsql as $$
      begin
        raise exception using errcode = 'OLIMM',
          message = format('%s is append-only: %s is refused; post a correcting transaction instead', tg_table_name, lower(tg_op));
      end $$`,
      `create trigger ledger_transactions_append_only before update or delete on ledger_transactions
        for each row execute function ledger_append_only()`,
      `create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
        for each statement execute function ledger_append_only()`,
      `create trigger ledger_entries_append_only before update or delete on ledger_entries
        for each row execute function ledger_append_only()`,
      `create trigger ledger_entries_no_truncate before truncate on ledger_entries
        for each statement execute function ledger_append_only()`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};
