import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Tables the API keeps beside the ledger: credentials, sessions, stores, orders, audit log. */
export interface AppTables {
  stores: {
    program_id: string;
    id: string;
    name: string;
    time_zone: string | null;
    address: string | null;
    created_at: Timestamp;
  };
  managers: {
    id: string;
    program_id: string;
    email: string;
    name: string | null;
    password_hash: string;
    role: 'owner' | 'manager' | 'analyst' | 'support';
    created_at: Timestamp;
  };
  shopper_credentials: {
    member_id: string;
    program_id: string;
    email: string;
    password_hash: string;
    created_at: Timestamp;
  };
  sessions: {
    id: string;
    token_hash: string;
    kind: 'shopper' | 'manager';
    program_id: string;
    member_id: string | null;
    manager_id: string | null;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  api_keys: {
    id: string;
    program_id: string;
    kind: 'terminal' | 'integration';
    store_id: string | null;
    channel: 'pos' | 'web' | 'app' | 'partner';
    name: string;
    prefix: string;
    key_hash: string;
    created_by: string | null;
    created_at: Timestamp;
    revoked_at: Timestamp | null;
  };
  orders: {
    program_id: string;
    id: string;
    member_id: string | null;
    channel: string;
    store_id: string | null;
    terminal_id: string | null;
    occurred_at: Timestamp;
    currency: string;
    subtotal: number;
    lines: Json<unknown>;
    payments: Json<unknown>;
    earn_transaction_id: string | null;
    earned: number;
    line_points: Json<{ lineId: string; points: number }[]>;
    redeemed: number;
    discount_total: number;
    /** Rewards used on the order: { rewardId, transactionId, points, amount, lineId } — what a refund gives back. */
    discounts: Json<{ rewardId: string; transactionId: string; points: number; amount: number; lineId: string | null }[]>;
    request_hash: string;
    receipt: Json<unknown>;
    created_at: Timestamp;
  };
  refunds: {
    program_id: string;
    id: string;
    order_id: string;
    lines: Json<unknown>;
    points_reversed: number;
    request_hash: string;
    receipt: Json<unknown>;
    created_at: Timestamp;
  };
  audit_log: {
    id: Generated<number>;
    program_id: string;
    actor_kind: string;
    actor_id: string | null;
    actor_email: string | null;
    action: string;
    target: string | null;
    before: Json<unknown> | null;
    after: Json<unknown> | null;
    created_at: Timestamp;
  };
  member_codes: {
    token_hash: string;
    member_id: string;
    expires_at: Timestamp;
  };
}
