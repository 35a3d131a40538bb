import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStorage } from './file-storage.ts';
import type { QueuedOperation } from './types.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pos-file-storage-'));
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

const operation = (orderId: string): QueuedOperation => ({
  key: `void:${orderId}`,
  kind: 'void',
  input: { orderId },
  queuedAt: '2026-01-01T00:00:00.000Z',
  attempts: 0,
  status: 'pending',
});

it('loses nothing when two processes add at once, keeps one copy per key, and leaves no temporary files', async () => {
  const path = join(folder, 'queue.json');
  const a = fileStorage(path);
  const b = fileStorage(path);
  const added = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).add(operation(`o${i % 30}`))));
  expect(added.filter(Boolean)).toHaveLength(30);
  expect((await a.list()).map((op) => op.key).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `void:o${i}`).sort());

  await b.update({ ...operation('o3'), status: 'failed', error: { code: 'CONFLICT', message: 'no' } });
  await a.remove('void:o4');
  const after = await a.list();
  expect(after).toHaveLength(29);
  expect(after.find((op) => op.key === 'void:o3')).toMatchObject({ status: 'failed' });
  expect((await readdir(folder)).filter((name) => name !== 'queue.json')).toEqual([]);
});

it('lets one replay run at a time across instances, and takes over a lock left by a dead process', async () => {
  const path = join(folder, 'locked.json');
  const a = fileStorage(path);
  const b = fileStorage(path);
  let release!: () => void;
  const first = a.exclusive!(() => new Promise<string>((resolve) => (release = () => resolve('a ran'))));
  await expect.poll(async () => (await readdir(folder)).includes('locked.json.replay.lock')).toBe(true);
  expect(await b.exclusive!(async () => 'b ran')).toBeUndefined();
  release();
  expect(await first).toBe('a ran');
  expect(await b.exclusive!(async () => 'b ran')).toBe('b ran');

  const stale = fileStorage(path, { staleLockMs: -1 });
  const held = a.exclusive!(() => new Promise<void>((resolve) => (release = resolve)));
  await expect.poll(async () => (await readdir(folder)).includes('locked.json.replay.lock')).toBe(true);
  expect(await stale.exclusive!(async () => 'taken over')).toBe('taken over');
  release();
  await held;
});
