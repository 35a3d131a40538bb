import type { QueuedOperation } from './types.ts';

/**
 * Where queued operations survive a closed tab, a crash or a reboot. Operations are stored one by one
 * (not as one array written back whole) so two tabs or processes adding at once never lose each other's.
 */
export interface QueueStorage {
  /** Every operation, oldest first. */
  list(): Promise<QueuedOperation[]>;
  /** Appends; false (and nothing written) when an operation with this key is already there. */
  add(operation: QueuedOperation): Promise<boolean>;
  /** Replaces the operation with the same key, keeping its place; nothing when it is gone. */
  update(operation: QueuedOperation): Promise<void>;
  remove(key: string): Promise<void>;
  /**
   * Runs `work` only if no other tab or process sharing this storage is running it now; resolves to
   * undefined when it skipped. An optimisation: correctness rests on the API's idempotency keys.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T | undefined>;
}

/** Keeps nothing across restarts: for tests and tills that do not want an offline queue. */
export function memoryStorage(): QueueStorage {
  let operations: QueuedOperation[] = [];
  let busy = false;
  return {
    async list() {
      return operations.map((op) => structuredClone(op));
    },
    async add(operation) {
      if (operations.some((op) => op.key === operation.key)) return false;
      operations.push(structuredClone(operation));
      return true;
    },
    async update(operation) {
      operations = operations.map((op) => (op.key === operation.key ? structuredClone(operation) : op));
    },
    async remove(key) {
      operations = operations.filter((op) => op.key !== key);
    },
    async exclusive(work) {
      if (busy) return undefined;
      busy = true;
      try {
        return await work();
      } finally {
        busy = false;
      }
    },
  };
}
