import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { QueueStorage } from './storage.ts';
import type { QueuedOperation } from './types.ts';

export interface FileStorageOptions {
  /** A lock left by a process that died is taken over after this long. */
  staleLockMs?: number;
}

/**
 * Node's durable queue: one JSON file. Every change is a read-modify-write under a lock file shared by
 * every process using the path, and lands atomically (write a temporary file, then rename over), so a
 * crash leaves either the old queue or the new one, never half of one.
 */
export function fileStorage(path: string, options: FileStorageOptions = {}): QueueStorage {
  const staleLockMs = options.staleLockMs ?? 30_000;
  const changeLock = `${path}.lock`;
  const replayLock = `${path}.replay.lock`;

  async function read(): Promise<QueuedOperation[]> {
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { operations?: QueuedOperation[] };
      return parsed.operations ?? [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async function write(operations: QueuedOperation[]): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ version: 1, operations }, null, 2)}\n`, { flush: true });
    await rename(temporary, path);
  }

  async function change<T>(edit: (operations: QueuedOperation[]) => { operations?: QueuedOperation[]; result: T }): Promise<T> {
    const release = await acquire(changeLock, { wait: true, staleLockMs });
    try {
      const { operations, result } = edit(await read());
      if (operations) await write(operations);
      return result;
    } finally {
      await release!();
    }
  }

  return {
    list: read,
    add: (operation) =>
      change((ops) => (ops.some((op) => op.key === operation.key) ? { result: false } : { operations: [...ops, operation], result: true })),
    update: (operation) => change((ops) => ({ operations: ops.map((op) => (op.key === operation.key ? operation : op)), result: undefined })),
    remove: (key) => change((ops) => ({ operations: ops.filter((op) => op.key !== key), result: undefined })),
    async exclusive(work) {
      const release = await acquire(replayLock, { wait: false, staleLockMs });
      if (!release) return undefined;
      try {
        return await work();
      } finally {
        await release();
      }
    },
  };
}

/** A lock file created with O_EXCL: exactly one creator wins, across processes. */
async function acquire(lockPath: string, options: { wait: boolean; staleLockMs: number }): Promise<(() => Promise<void>) | undefined> {
  await mkdir(dirname(lockPath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > options.staleLockMs) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (!options.wait) return undefined;
    // Changes hold the lock for one small file write; a short poll is enough.
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 + attempt)));
  }
}
