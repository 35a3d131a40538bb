import { sql, type Kysely } from 'kysely';

/**
 * Operations tables: webhook endpoints and their per-endpoint deliveries (one outbox event fans out to
 * every endpoint that wants it, each retried on its own schedule), and the expiry notices already sent
 * (so "points expiring within 30 days" goes out once per member and expiry date, however often the job runs).
 * `outbox.delivered_at` marks an event as fanned out into `webhook_deliveries`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table webhook_endpoints (
      id uuid primary key,
      program_id uuid not null references programs(id),
      url text not null,
      secret text not null,
      event_types text[] not null default '{}',
      description text,
      created_by uuid,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    )`,
    `create index webhook_endpoints_program on webhook_endpoints (program_id) where deleted_at is null`,
    `create table webhook_deliveries (
      id bigint generated always as identity primary key,
      program_id uuid not null,
      endpoint_id uuid not null references webhook_endpoints(id),
      outbox_id bigint not null,
      event_type text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      last_attempt_at timestamptz,
      response_status int,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (endpoint_id, outbox_id)
    )`,
    `create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`,
    `create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id desc)`,
    `create table expiry_notices (
      member_id uuid not null,
      expires_at timestamptz not null,
      points bigint not null,
      created_at timestamptz not null default now(),
      primary key (member_id, expires_at)
    )`,
  ];
  // One statement per query: prepared statements (pg and PGlite) take one command each.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table expiry_notices, webhook_deliveries, webhook_endpoints`.execute(db);
}
