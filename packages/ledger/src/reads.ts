import { sql } from 'kysely';
import type { Db } from './db.ts';
import { LedgerError } from './errors.ts';
import type { Balance } from './post/request.ts';
import type { HoldStatus, RuleCredit, TransactionKind } from './schema/ledger-tables.ts';

/** The member's running totals; a merged member answers with the member it was merged into. */
export async function getBalance(db: Db, memberId: string): Promise<Balance> {
  const row = await db.selectFrom('member_accounts as a')
    .leftJoin('member_accounts as survivor', 'survivor.member_id', 'a.merged_into')
    .select([
      sql<number>`coalesce(survivor.available, a.available)`.as('available'),
      sql<number>`coalesce(survivor.pending, a.pending)`.as('pending'),
      sql<number>`coalesce(survivor.held, a.held)`.as('held'),
    ])
    .where('a.member_id', '=', memberId)
    .executeTakeFirst();
  if (!row) throw new LedgerError('NOT_FOUND', `memberId: member ${memberId} not found`);
  return row;
}

export interface HistoryItem {
  id: string;
  at: Date;
  kind: TransactionKind;
  /** Signed change of the member's total balance (available + pending + held). */
  points: number;
  /**
   * Signed change of its held part: a hold's points go in; its capture, release or expiry takes the whole
   * hold out (captured plus returned). A hold and its release move no total points but do move what can be spent.
   */
  held: number;
  channel: string | null;
  storeId: string | null;
  orderId: string | null;
  reason: string | null;
  rules: RuleCredit[];
  /** The program version whose rules produced this change (earns), for the manager's explanation. */
  ruleVersion: number | null;
  reverses: string | null;
  /** The receipt, for details such as pending points, hold ids, shortfalls. */
  receipt: Record<string, unknown>;
}

/**
 * The member's ledger transactions, newest first, including those of members merged into it.
 * `cursor` is the last id of the previous page (uuid v7 ids sort by time).
 */
export async function memberHistory(
  db: Db,
  input: { memberId: string; cursor?: string; limit?: number },
): Promise<{ items: HistoryItem[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  let query = db.selectFrom('ledger_transactions')
    .select(['id', 'occurred_at', 'kind', 'points', 'channel', 'store_id', 'order_id', 'reason', 'rules', 'rule_version', 'reverses', 'result'])
    // One index condition (`= any(array(...))`), not `a or b`: an OR across the member and its merged
    // members defeats the (member_id, id) index and scans the whole table (70 ms at 200k transactions).
    .where(sql<boolean>`member_id = any(array(select ${input.memberId}::uuid union all select id from members where merged_into = ${input.memberId}))`)
    .where('kind', '!=', 'available')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (input.cursor) query = query.where('id', '<', input.cursor);
  const rows = await query.execute();
  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.occurred_at,
    kind: row.kind,
    points: row.points,
    held: heldChange(row.kind, row.result),
    channel: row.channel,
    storeId: row.store_id,
    orderId: row.order_id,
    reason: row.reason,
    rules: row.rules ?? [],
    ruleVersion: row.rule_version,
    reverses: row.reverses,
    receipt: row.result,
  }));
  return rows.length > limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
}

function heldChange(kind: TransactionKind, receipt: Record<string, unknown>): number {
  if (kind === 'hold') return Number(receipt.points);
  if (kind === 'capture' || kind === 'release') return -(Number(receipt.captured) + Number(receipt.returned));
  return 0;
}

export interface OpenLot {
  lotId: number;
  transactionId: string;
  amount: number;
  /** Negative on a debt lot. */
  remaining: number;
  pending: boolean;
  availableAt: Date;
  expiresAt: Date | null;
}

/** The member's open lots in spending order (first to expire first). */
export async function openLots(db: Db, memberId: string): Promise<OpenLot[]> {
  const rows = await db.selectFrom('point_lots')
    .select(['id', 'transaction_id', 'amount', 'remaining', 'pending', 'available_at', 'expires_at'])
    .where('member_id', '=', memberId).where('remaining', '!=', 0)
    .orderBy(sql`expires_at nulls last`).orderBy('id')
    .execute();
  return rows.map((row) => ({
    lotId: row.id,
    transactionId: row.transaction_id,
    amount: row.amount,
    remaining: row.remaining,
    pending: row.pending,
    availableAt: row.available_at,
    expiresAt: row.expires_at,
  }));
}

/** "Points expiring soon": open points grouped by expiry, soonest first, up to `before` when given. */
export async function expiringPoints(db: Db, memberId: string, options: { before?: Date } = {}): Promise<{ points: number; at: Date }[]> {
  let query = db.selectFrom('point_lots')
    .select(['expires_at', sql<number>`sum(remaining)::bigint`.as('points')])
    .where('member_id', '=', memberId).where('remaining', '>', 0).where('expires_at', 'is not', null)
    .groupBy('expires_at').orderBy('expires_at');
  if (options.before) query = query.where('expires_at', '<=', options.before);
  const rows = await query.execute();
  return rows.map((row) => ({ points: row.points, at: row.expires_at! }));
}

export interface HoldView {
  holdId: string;
  programId: string;
  memberId: string;
  points: number;
  captured: number;
  status: HoldStatus;
  expiresAt: Date;
  rewardId: string | null;
  code: string | null;
  createdAt: Date;
}

/** A hold by id or by reservation code. */
export async function getHold(db: Db, input: { programId: string; holdId?: string; code?: string }): Promise<HoldView | undefined> {
  let query = db.selectFrom('holds').selectAll().where('program_id', '=', input.programId);
  if (input.holdId) query = query.where('id', '=', input.holdId);
  else if (input.code) query = query.where('code', '=', input.code);
  else return undefined;
  const row = await query.executeTakeFirst();
  return row && {
    holdId: row.id, programId: row.program_id, memberId: row.member_id, points: row.points, captured: row.captured,
    status: row.status, expiresAt: row.expires_at, rewardId: row.reward_id, code: row.code, createdAt: row.created_at,
  };
}

export interface TransactionView {
  id: string;
  kind: TransactionKind;
  memberId: string;
  points: number;
  orderId: string | null;
  reverses: string | null;
  occurredAt: Date;
  receipt: Record<string, unknown>;
}

/** The ledger transactions of an order (earns, redeems, captures, reversals), oldest first: what a refund reverses. */
export async function transactionsForOrder(db: Db, programId: string, orderId: string): Promise<TransactionView[]> {
  const rows = await db.selectFrom('ledger_transactions')
    .select(['id', 'kind', 'member_id', 'points', 'order_id', 'reverses', 'occurred_at', 'result'])
    .where('program_id', '=', programId).where('order_id', '=', orderId)
    .orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id, kind: row.kind, memberId: row.member_id, points: row.points, orderId: row.order_id,
    reverses: row.reverses, occurredAt: row.occurred_at, receipt: row.result,
  }));
}

export interface ProgramTotals {
  issued: number;
  redeemed: number;
  expired: number;
  adjusted: number;
  reversed: number;
  /** Points members own (available + pending + held): the outstanding liability. */
  outstanding: number;
}

/**
 * Program totals from entries (no running totals on program rows). issued, redeemed, expired count
 * points moved that way; adjusted and reversed are net credits to members (negative = taken away).
 * A range selects transactions by their own time (`occurred_at`: a sale replayed late from an offline
 * till counts when it happened), so `{ to }` alone gives what members held at that instant.
 */
export async function programTotals(db: Db, programId: string, range: { from?: Date; to?: Date } = {}): Promise<ProgramTotals> {
  const rows = await db.selectFrom('ledger_entries as e')
    .innerJoin('accounts as a', 'a.id', 'e.account_id')
    .select(['a.kind', sql<number>`sum(e.amount)::bigint`.as('sum')])
    .where('a.program_id', '=', programId)
    .$if(range.from !== undefined || range.to !== undefined, (q) => q
      .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
      .$if(range.from !== undefined, (q2) => q2.where('t.occurred_at', '>=', range.from!))
      .$if(range.to !== undefined, (q2) => q2.where('t.occurred_at', '<', range.to!)))
    .groupBy('a.kind')
    .execute();
  const total = (...kinds: string[]) => rows.filter((row) => kinds.includes(row.kind)).reduce((sum, row) => sum + row.sum, 0);
  // program accounts mirror members: credits to members are negative there (and -0 is not 0 to toEqual)
  const credited = (kind: string) => 0 - total(kind) || 0;
  return {
    issued: credited('issued'),
    redeemed: total('redeemed'),
    expired: total('expired'),
    adjusted: credited('adjusted'),
    reversed: credited('reversed'),
    outstanding: total('available', 'pending', 'held'),
  };
}
