import { sql, type Kysely } from 'kysely';

/**
 * Tables the API keeps beside the ledger: stores, credentials, sessions, keys, orders and refunds
 * (what a till or a site sent, so refunds can be priced line by line), the audit log, member codes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table stores (
      program_id uuid not null references programs(id),
      id text not null,
      name text not null,
      time_zone text,
      address text,
      created_at timestamptz not null default now(),
      primary key (program_id, id)
    )`,
    `create table managers (
      id uuid primary key,
      program_id uuid not null references programs(id),
      email text not null unique,
      name text,
      password_hash text not null,
      role text not null check (role in ('owner', 'manager', 'analyst', 'support')),
      created_at timestamptz not null default now()
    )`,
    `create table shopper_credentials (
      member_id uuid primary key references members(id),
      program_id uuid not null references programs(id),
      email text not null,
      password_hash text not null,
      created_at timestamptz not null default now(),
      unique (program_id, email)
    )`,
    `create table sessions (
      id uuid primary key,
      token_hash text not null unique,
      kind text not null check (kind in ('shopper', 'manager')),
      program_id uuid not null references programs(id),
      member_id uuid references members(id),
      manager_id uuid references managers(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    `create index sessions_expires_at on sessions (expires_at)`,
    `create table api_keys (
      id uuid primary key,
      program_id uuid not null references programs(id),
      kind text not null check (kind in ('terminal', 'integration')),
      store_id text,
      channel text not null check (channel in ('pos', 'web', 'app', 'partner')),
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      created_by uuid references managers(id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      foreign key (program_id, store_id) references stores(program_id, id),
      check ((kind = 'terminal') = (store_id is not null and channel = 'pos'))
    )`,
    `create table orders (
      program_id uuid not null references programs(id),
      id text not null,
      member_id uuid references members(id),
      channel text not null,
      store_id text,
      terminal_id uuid references api_keys(id),
      occurred_at timestamptz not null,
      currency char(3) not null,
      subtotal bigint not null,
      lines jsonb not null,
      payments jsonb not null,
      earn_transaction_id uuid,
      earned bigint not null default 0,
      line_points jsonb not null default '[]',
      redeemed bigint not null default 0,
      discount_total bigint not null default 0,
      discounts jsonb not null default '[]',
      request_hash text not null,
      receipt jsonb not null,
      created_at timestamptz not null default now(),
      primary key (program_id, id)
    )`,
    `create index orders_member on orders (member_id, occurred_at)`,
    `create index orders_program_time on orders (program_id, occurred_at)`,
    `create table refunds (
      program_id uuid not null references programs(id),
      id text not null,
      order_id text not null,
      lines jsonb not null,
      points_reversed bigint not null,
      request_hash text not null,
      receipt jsonb not null,
      created_at timestamptz not null default now(),
      primary key (program_id, id),
      foreign key (program_id, order_id) references orders(program_id, id)
    )`,
    `create index refunds_order on refunds (program_id, order_id)`,
    `create table audit_log (
      id bigint generated always as identity primary key,
      program_id uuid not null references programs(id),
      actor_kind text not null,
      actor_id text,
      actor_email text,
      action text not null,
      target text,
      before jsonb,
      after jsonb,
      created_at timestamptz not null default now()
    )`,
    `create index audit_log_program on audit_log (program_id, id desc)`,
    `create table member_codes (
      token_hash text primary key,
      member_id uuid not null references members(id),
      expires_at timestamptz not null
    )`,
  ];
  // One statement per query: prepared statements (pg and PGlite) take one command each.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table member_codes, audit_log, refunds, orders, api_keys, sessions, shopper_credentials, managers, stores`.execute(db);
}
