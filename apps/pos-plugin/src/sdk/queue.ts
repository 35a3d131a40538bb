import { toPosError } from './errors.ts';
import type { QueueStorage } from './storage.ts';
import type { Transport } from './transport.ts';
import type { CheckoutReceipt, QueuedOperation, RefundReceipt } from './types.ts';

export interface ReplayReport {
  /** Operations the API accepted in this replay, in order, with what it answered. */
  posted: { operation: QueuedOperation; receipt: CheckoutReceipt | RefundReceipt }[];
  /** Operations the API refused (4xx): kept as `failed` for the till to look at. */
  failed: QueuedOperation[];
  /** Pending operations still waiting because the API could not be reached. */
  remaining: number;
  /** True when another tab or process was already replaying this queue. */
  skipped: boolean;
}

/** Sends one queued operation, exactly as it was recorded at the sale: same idempotency key, same sale time. */
export function sendOperation(transport: Transport, operation: QueuedOperation, retries?: number): Promise<CheckoutReceipt | RefundReceipt> {
  const options = retries === undefined ? {} : { retries };
  switch (operation.kind) {
    case 'checkout':
      return transport.call('pos.checkout', (t) => t.pos.checkout.mutate(operation.input), options);
    case 'refund':
      return transport.call('pos.refund', (t) => t.pos.refund.mutate(operation.input), options);
    case 'void':
      return transport.call('pos.void', (t) => t.pos.void.mutate(operation.input), options);
  }
}

/**
 * Replays pending operations oldest first. Stops at the first operation the API cannot take now
 * (network, timeout, 5xx), so nothing overtakes it; a refusal (4xx, e.g. CONFLICT) is recorded on the
 * operation and the replay goes on. Posting twice is harmless — the API answers a repeated key with
 * the first receipt — so a crash between posting and removing costs one extra request, never points.
 */
export async function replayQueue(
  storage: QueueStorage,
  transport: Transport,
  options: { retries?: number; onPosted?: (posted: ReplayReport['posted'][number]) => void; onFailed?: (operation: QueuedOperation) => void } = {},
): Promise<ReplayReport> {
  const run = async (): Promise<ReplayReport> => {
    const report: ReplayReport = { posted: [], failed: [], remaining: 0, skipped: false };
    const done = new Set<string>();
    for (;;) {
      const next = (await storage.list()).find((op) => op.status === 'pending' && !done.has(op.key));
      if (!next) break;
      done.add(next.key);
      try {
        const receipt = await sendOperation(transport, next, options.retries ?? 0);
        await storage.remove(next.key);
        report.posted.push({ operation: next, receipt });
        options.onPosted?.({ operation: next, receipt });
      } catch (error) {
        const failure = toPosError(error);
        if (failure.retryable) {
          await storage.update({ ...next, attempts: next.attempts + 1 });
          break;
        }
        const failed: QueuedOperation = {
          ...next,
          attempts: next.attempts + 1,
          status: 'failed',
          error: { ...(failure.code ? { code: failure.code } : {}), message: failure.message },
        };
        await storage.update(failed);
        report.failed.push(failed);
        options.onFailed?.(failed);
      }
    }
    report.remaining = (await storage.list()).filter((op) => op.status === 'pending').length;
    return report;
  };
  if (!storage.exclusive) return run();
  const result = await storage.exclusive(run);
  if (result) return result;
  return { posted: [], failed: [], remaining: (await storage.list()).filter((op) => op.status === 'pending').length, skipped: true };
}
