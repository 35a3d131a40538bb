import { PosError, toPosError } from './errors.ts';
import { memoryStorage, type QueueStorage } from './storage.ts';
import { createTransport, type TransportOptions } from './transport.ts';
import { replayQueue, type ReplayReport } from './queue.ts';
import { newId } from './ids.ts';
import type {
  CheckoutInput,
  CheckoutReceipt,
  CheckoutRequest,
  EnrollInput,
  HoldInput,
  IdentifyInput,
  QueuedOperation,
  QuoteInput,
  RefundReceipt,
  RefundRequest,
  ReleaseInput,
  VoidRequest,
} from './types.ts';

export interface PosClientOptions extends TransportOptions {
  /** Where checkouts and refunds wait while the API is unreachable; default: memory only. */
  storage?: QueueStorage;
  /** The till's clock, for the sale's own time. */
  now?: () => Date;
}

export const OFFLINE_RECEIPT_MESSAGE = 'Saved on this till. The points will be added when the till reconnects.';

/** What a checkout, refund or void gives back: the API's receipt, or a local one while offline. */
export type Outcome<R> =
  | { status: 'posted'; receipt: R }
  | { status: 'queued'; key: string; queuedAt: string; occurredAt?: string; message: string; error: PosError };

export interface PosStatus {
  /** Whether the last call reached the API. */
  online: boolean;
  /** Operations waiting to be replayed. */
  pending: number;
  /** Operations the API refused on replay, waiting for the till's attention. */
  failed: number;
  replaying: boolean;
}

export type PosEvent =
  | { type: 'status'; status: PosStatus }
  | { type: 'posted'; operation: QueuedOperation; receipt: CheckoutReceipt | RefundReceipt }
  | { type: 'failed'; operation: QueuedOperation };

export type PosClient = ReturnType<typeof createPosClient>;

/**
 * The cashier SDK: every pos.* procedure, typed from the API's router. Checkout, refund and void never
 * lose a sale: when the API cannot be reached they are stored with their idempotency key and the
 * sale's own time, and replayed in order once it answers again.
 */
export function createPosClient(options: PosClientOptions) {
  const storage = options.storage ?? memoryStorage();
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(event: PosEvent) => void>();
  const status: PosStatus = { online: true, pending: 0, failed: 0, replaying: false };

  const emit = (event: PosEvent) => listeners.forEach((listener) => listener(event));
  const setStatus = (change: Partial<PosStatus>) => {
    const before = JSON.stringify(status);
    Object.assign(status, change);
    if (JSON.stringify(status) !== before) emit({ type: 'status', status: { ...status } });
  };
  const transport = createTransport({
    ...options,
    onReachability(reachable) {
      setStatus({ online: reachable });
      options.onReachability?.(reachable);
    },
  });

  async function refreshCounts(): Promise<QueuedOperation[]> {
    const operations = await storage.list();
    setStatus({ pending: operations.filter((op) => op.status === 'pending').length, failed: operations.filter((op) => op.status === 'failed').length });
    return operations;
  }

  let replaying: Promise<ReplayReport> | undefined;
  /** Posts what is waiting, oldest first; one replay at a time per client, one per storage across tabs. */
  function replay(): Promise<ReplayReport> {
    replaying ??= (async () => {
      setStatus({ replaying: true });
      try {
        return await replayQueue(storage, transport, {
          onPosted: (posted) => emit({ type: 'posted', ...posted }),
          onFailed: (operation) => emit({ type: 'failed', operation }),
        });
      } finally {
        await refreshCounts();
        setStatus({ replaying: false });
        replaying = undefined;
      }
    })();
    return replaying;
  }

  /**
   * Sends now if nothing is waiting before it; otherwise, or when the API cannot be reached, stores it
   * behind the others so the order of sales and refunds is kept.
   */
  async function submit<R>(operation: QueuedOperation, send: () => Promise<R>, occurredAt?: string): Promise<Outcome<R>> {
    const waiting = (await storage.list()).some((op) => op.status === 'pending');
    let error: PosError;
    if (!waiting || (await replay()).remaining === 0) {
      try {
        return { status: 'posted', receipt: await send() };
      } catch (caught) {
        error = toPosError(caught);
        if (!error.retryable) throw error;
      }
    } else {
      error = new PosError('offline', 'Earlier sales are still waiting to be posted.');
    }
    await storage.add(operation);
    await refreshCounts();
    return { status: 'queued', key: operation.key, queuedAt: operation.queuedAt, ...(occurredAt ? { occurredAt } : {}), message: OFFLINE_RECEIPT_MESSAGE, error };
  }

  const queued = (fields: Pick<QueuedOperation, 'key' | 'kind' | 'input'>) =>
    ({ ...fields, queuedAt: now().toISOString(), attempts: 0, status: 'pending' }) as QueuedOperation;

  return {
    identify: (input: IdentifyInput) => transport.call('pos.identify', (t) => t.pos.identify.query(input)),
    /** Not retried: enrolment has no idempotency key, and a timed-out attempt may have created the member. */
    enroll: (input: EnrollInput) => transport.call('pos.enroll', (t) => t.pos.enroll.mutate(input), { retries: 0 }),
    quote: (input: QuoteInput) => transport.call('pos.quote', (t) => t.pos.quote.query(input)),
    hold: (input: HoldInput) => transport.call('pos.hold', (t) => t.pos.hold.mutate(input)),
    release: (input: ReleaseInput) => transport.call('pos.release', (t) => t.pos.release.mutate(input)),

    /** Records the sale; the sale's time is fixed here (or by the caller), never at replay. */
    checkout(input: CheckoutInput): Promise<Outcome<CheckoutReceipt>> {
      const request = { ...input, order: { ...input.order, occurredAt: input.order.occurredAt ?? now().toISOString() } } as CheckoutRequest;
      return submit(
        queued({ key: `checkout:${request.orderId}`, kind: 'checkout', input: request }),
        () => transport.call('pos.checkout', (t) => t.pos.checkout.mutate(request)),
        request.order.occurredAt,
      );
    },
    refund(input: RefundRequest): Promise<Outcome<RefundReceipt>> {
      return submit(queued({ key: `refund:${input.refundId}`, kind: 'refund', input }), () => transport.call('pos.refund', (t) => t.pos.refund.mutate(input)));
    },
    void(input: VoidRequest): Promise<Outcome<RefundReceipt>> {
      return submit(queued({ key: `void:${input.orderId}`, kind: 'void', input }), () => transport.call('pos.void', (t) => t.pos.void.mutate(input)));
    },

    replay,
    /** Everything stored: pending operations and the ones the API refused. */
    queue: () => refreshCounts(),
    /** Drops a refused operation once the till has dealt with it. */
    async dismiss(key: string) {
      await storage.remove(key);
      await refreshCounts();
    },
    /** Puts a refused operation back in line (e.g. after fixing what the API complained about elsewhere). */
    async retry(key: string) {
      const operation = (await storage.list()).find((op) => op.key === key);
      if (operation) await storage.update({ ...operation, status: 'pending' });
      await refreshCounts();
    },
    status: (): PosStatus => ({ ...status }),
    /** Asks the API's /health whether it can be reached now; updates `status().online`. */
    async ping(): Promise<boolean> {
      const reachable = await (options.fetch ?? globalThis.fetch)(`${options.url.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(options.timeoutMs ?? 8_000) }).then(
        (response) => response.status < 500,
        () => false,
      );
      setStatus({ online: reachable });
      return reachable;
    },
    subscribe(listener: (event: PosEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Replays every `intervalMs` while something waits, and at once when the browser says it is back online. */
    startAutoReplay(intervalMs = 10_000): () => void {
      const tick = async () => {
        const operations = await refreshCounts();
        if (operations.some((op) => op.status === 'pending')) await replay().catch(() => undefined);
      };
      const timer = setInterval(() => void tick(), intervalMs);
      const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void; removeEventListener?: (type: string, fn: () => void) => void };
      const onOnline = () => void tick();
      target.addEventListener?.('online', onOnline);
      void tick();
      return () => {
        clearInterval(timer);
        target.removeEventListener?.('online', onOnline);
      };
    },
    newOrderId: () => newId(),
    newRefundId: () => newId(),
    newHoldId: () => newId(),
  };
}
