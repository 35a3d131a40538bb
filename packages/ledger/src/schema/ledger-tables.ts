import type { ColumnType, JSONColumnType } from 'kysely';

/** Tables of the ledger itself: programs, members, accounts, transactions, entries, lots, holds, outbox. */
export interface LedgerTables {
  programs: ProgramsTable;
  program_versions: ProgramVersionsTable;
  program_drafts: ProgramDraftsTable;
  members: MembersTable;
  identifiers: IdentifiersTable;
  accounts: AccountsTable;
  program_accounts: ProgramAccountsTable;
  member_accounts: MemberAccountsTable;
  member_qualifying_bounds: MemberQualifyingBoundsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  point_lots: PointLotsTable;
  holds: HoldsTable;
  hold_lots: HoldLotsTable;
  outbox: OutboxTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Identity columns: Postgres generates them and refuses values. */
type Identity = ColumnType<number, never, never>;

export type IdentifierKind = 'email' | 'phone' | 'card' | 'app';
export type MemberStatus = 'active' | 'merged';
export type TransactionKind =
  | 'earn' | 'redeem' | 'hold' | 'capture' | 'release' | 'reverse' | 'expire' | 'adjust' | 'merge' | 'available';
export type AccountKind = 'available' | 'pending' | 'held' | 'issued' | 'redeemed' | 'expired' | 'adjusted' | 'reversed';
export type HoldStatus = 'active' | 'captured' | 'released' | 'expired';
export interface RuleCredit { ruleId: string; name: string; points: number }

export interface ProgramsTable {
  id: string;
  name: string;
  currency: string;
  time_zone: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

export interface ProgramVersionsTable {
  program_id: string;
  version: number;
  effective_at: Timestamp;
  document: ColumnType<Record<string, unknown>, string, string>;
  published_at: ColumnType<Date, Date | string | undefined, Date | string>;
  published_by: string | null;
}

export interface ProgramDraftsTable {
  program_id: string;
  document: ColumnType<Record<string, unknown>, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MembersTable {
  id: string;
  program_id: string;
  name: string | null;
  birthday: ColumnType<string | null, string | null | undefined, string | null>;
  tier_id: string | null;
  tier_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** Changed only by merge, inside the ledger. */
  status: ColumnType<MemberStatus, MemberStatus | undefined, never>;
  merged_into: ColumnType<string | null, string | null | undefined, never>;
  enrolled_channel: string;
  created_at: CreatedAt;
}

export interface IdentifiersTable {
  id: Identity;
  program_id: string;
  member_id: string;
  kind: IdentifierKind;
  value: string;
  created_at: CreatedAt;
}

export interface AccountsTable {
  id: Identity;
  program_id: string;
  member_id: string | null;
  kind: AccountKind;
}

/** Ids of a program's accounts; never totals (program totals are sums of entries). */
export interface ProgramAccountsTable {
  program_id: string;
  issued_account: number;
  redeemed_account: number;
  expired_account: number;
  adjusted_account: number;
  reversed_account: number;
}

/** The member's lock row: running totals, and the ids of the member's three accounts. */
export interface MemberAccountsTable {
  member_id: string;
  program_id: string;
  available: ColumnType<number, number | undefined, number>;
  pending: ColumnType<number, number | undefined, number>;
  held: ColumnType<number, number | undefined, number>;
  available_account: number;
  pending_account: number;
  held_account: number;
  merged_into: ColumnType<string | null, string | null | undefined, never>;
  /** Every point the member was ever credited by an earn (pending included); only differences are meaningful. */
  earned_total: ColumnType<number, number | undefined, number>;
}

/**
 * The last exact count of a member's qualifying points (from `since` on) and the member's `earned_total`
 * then: with today's `earned_total`, an upper bound for any window from `since` (the qualifying-bound migration).
 */
export interface MemberQualifyingBoundsTable {
  member_id: string;
  counted: number;
  since: Timestamp;
  earned_total: number;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface LedgerTransactionsTable {
  id: string;
  program_id: string;
  idempotency_key: string;
  request_hash: string;
  kind: TransactionKind;
  member_id: string;
  channel: string | null;
  store_id: string | null;
  terminal_id: string | null;
  order_id: string | null;
  rule_version: number | null;
  rules: JSONColumnType<RuleCredit[] | null, string | null, never>;
  reason: string | null;
  actor: string | null;
  reverses: string | null;
  /** The signed change of the member's total balance (available + pending + held). */
  points: number;
  occurred_at: Timestamp;
  created_at: CreatedAt;
  result: JSONColumnType<Record<string, unknown>, string, never>;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface LedgerEntriesTable {
  transaction_id: string;
  id: Identity;
  account_id: number;
  lot_id: number | null;
  amount: number;
}

export interface PointLotsTable {
  id: Identity;
  program_id: string;
  member_id: string;
  transaction_id: string;
  amount: number;
  /** Negative only on a debt lot (an allow-negative reversal). */
  remaining: number;
  pending: boolean;
  available_at: Timestamp;
  expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  created_at: CreatedAt;
}

export interface HoldsTable {
  id: string;
  program_id: string;
  member_id: string;
  transaction_id: string;
  points: number;
  captured: ColumnType<number, number | undefined, number>;
  status: ColumnType<HoldStatus, HoldStatus | undefined, HoldStatus>;
  expires_at: Timestamp;
  reward_id: string | null;
  code: string | null;
  created_at: CreatedAt;
}

export interface HoldLotsTable {
  hold_id: string;
  lot_id: number;
  points: number;
}

export interface OutboxTable {
  id: Identity;
  program_id: string;
  type: 'earned' | 'redeemed' | 'reversed' | 'merged' | 'adjusted' | 'expired' | 'tier_changed' | 'expiring_soon';
  payload: JSONColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

