import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Operations tables: webhook endpoints, per-endpoint deliveries, expiry notices sent. */
export interface OpsTables {
  webhook_endpoints: {
    id: string;
    program_id: string;
    url: string;
    /** The `whsec_...` signing secret; stored because every delivery is signed with it. */
    secret: string;
    /** Event types wanted; empty means every type. */
    event_types: ColumnType<string[], string[] | undefined, string[]>;
    description: string | null;
    created_by: string | null;
    created_at: Timestamp;
    deleted_at: NullableTimestamp;
  };
  webhook_deliveries: {
    id: Generated<number>;
    program_id: string;
    endpoint_id: string;
    outbox_id: number;
    event_type: string;
    status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: Timestamp;
    last_attempt_at: NullableTimestamp;
    response_status: ColumnType<number | null, number | null | undefined, number | null>;
    last_error: ColumnType<string | null, string | null | undefined, string | null>;
    delivered_at: NullableTimestamp;
    created_at: Timestamp;
  };
  expiry_notices: {
    member_id: string;
    expires_at: Timestamp;
    points: number;
    created_at: Timestamp;
  };
}
