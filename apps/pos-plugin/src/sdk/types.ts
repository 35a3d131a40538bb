import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@omniloyal/api';

/** The pos.* procedures' inputs and outputs, straight from the API's router type. */
export type PosInputs = inferRouterInputs<AppRouter>['pos'];
export type PosOutputs = inferRouterOutputs<AppRouter>['pos'];

export type IdentifyInput = PosInputs['identify'];
export type IdentifyResult = PosOutputs['identify'];
export type EnrollInput = PosInputs['enroll'];
export type EnrollResult = PosOutputs['enroll'];
export type QuoteInput = PosInputs['quote'];
export type QuoteResult = PosOutputs['quote'];
export type HoldInput = PosInputs['hold'];
export type HoldResult = PosOutputs['hold'];
export type ReleaseInput = PosInputs['release'];
export type ReleaseResult = PosOutputs['release'];
export type CheckoutRequest = PosInputs['checkout'];
export type CheckoutReceipt = PosOutputs['checkout'];
export type RefundRequest = PosInputs['refund'];
export type RefundReceipt = PosOutputs['refund'];
export type VoidRequest = PosInputs['void'];
export type Order = CheckoutRequest['order'];

/** A checkout as a till hands it over: the sale's time defaults to now, when the SDK is called. */
export type CheckoutInput = Omit<CheckoutRequest, 'order'> & { order: Omit<Order, 'occurredAt'> & { occurredAt?: string } };

/** A checkout, refund or void waiting in durable storage for the API to come back. */
export type QueuedOperation = {
  /** Unique per operation: `checkout:<orderId>`, `refund:<refundId>`, `void:<orderId>`; the idempotency key rides inside `input`. */
  key: string;
  /** When the till queued it; the sale's own time is `input.order.occurredAt`. */
  queuedAt: string;
  attempts: number;
  status: 'pending' | 'failed';
  /** Why the API refused it on replay (a 4xx): for the till's attention, never retried by itself. */
  error?: { code?: string; message: string };
} & ({ kind: 'checkout'; input: CheckoutRequest } | { kind: 'refund'; input: RefundRequest } | { kind: 'void'; input: VoidRequest });
