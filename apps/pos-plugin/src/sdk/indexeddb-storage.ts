import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueueStorage } from './storage.ts';
import type { QueuedOperation } from './types.ts';

interface QueueDb extends DBSchema {
  operations: { key: number; value: QueuedOperation & { seq?: number }; indexes: { key: string } };
}

/**
 * The browser's durable queue: one IndexedDB record per operation, ordered by an auto-increment
 * sequence; a unique index on the operation key makes adding the same sale twice a no-op. Replays
 * are kept to one tab at a time with the Web Locks API where the browser has it.
 */
export function indexedDbStorage(name = 'omniloyal-pos-queue'): QueueStorage {
  let opened: Promise<IDBPDatabase<QueueDb>> | undefined;
  const db = () =>
    (opened ??= openDB<QueueDb>(name, 1, {
      upgrade(database) {
        const store = database.createObjectStore('operations', { keyPath: 'seq', autoIncrement: true });
        store.createIndex('key', 'key', { unique: true });
      },
    }));
  const strip = ({ seq: _seq, ...operation }: QueuedOperation & { seq?: number }) => operation as QueuedOperation;

  return {
    async list() {
      return (await (await db()).getAll('operations')).map(strip);
    },
    async add(operation) {
      try {
        await (await db()).add('operations', strip(operation));
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConstraintError') return false;
        throw error;
      }
    },
    async update(operation) {
      const tx = (await db()).transaction('operations', 'readwrite');
      const seq = await tx.store.index('key').getKey(operation.key);
      if (seq !== undefined) await tx.store.put({ ...strip(operation), seq });
      await tx.done;
    },
    async remove(key) {
      const tx = (await db()).transaction('operations', 'readwrite');
      const seq = await tx.store.index('key').getKey(key);
      if (seq !== undefined) await tx.store.delete(seq);
      await tx.done;
    },
    async exclusive(work) {
      const locks = (globalThis.navigator as Navigator | undefined)?.locks;
      if (!locks) return work();
      return locks.request(`${name}:replay`, { ifAvailable: true }, async (lock) => (lock ? work() : undefined));
    },
  };
}
