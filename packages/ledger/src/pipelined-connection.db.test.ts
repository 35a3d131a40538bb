import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';
import { createDb, pipelineOf } from './db.ts';
import { PipelinedConnection } from './pipelined-connection.ts';

interface Backend { pid: number; tx: string }
const backend = { text: 'select pg_backend_pid() as pid, txid_current()::text as tx' };

// PGlite is one connection in the process: there is nothing to pipeline to.
describe.runIf(testTargets().includes('postgres'))('the pipelined connection', () => {
  let t: TestDb;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.destroy();
  });

  const backends = async (pid: number) => (await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount;

  it('runs calls sent together on one backend, in order, each in its own transaction; a failing call fails alone', async () => {
    const connection = new PipelinedConnection({ connectionString: t.url! });
    try {
      const [first, failing, last] = await Promise.allSettled([
        connection.query<Backend>(backend),
        connection.query({ text: 'select 1 / 0' }),
        connection.query<Backend>(backend),
      ]);
      expect(failing).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
      if (first.status !== 'fulfilled' || last.status !== 'fulfilled') throw new Error('the calls around the failing one failed');
      const [a, b] = [first.value.rows[0]!, last.value.rows[0]!];
      expect(b.pid).toBe(a.pid);
      // the last call ran after the first had committed, in a transaction of its own
      expect(BigInt(b.tx)).toBeGreaterThan(BigInt(a.tx));
    } finally {
      await connection.end();
    }
  });

  it('opens a new connection when its backend is gone, and closes it on end', async () => {
    const connection = new PipelinedConnection({ connectionString: t.url! });
    const { rows: [before] } = await connection.query<Backend>(backend);
    await admin.query('select pg_terminate_backend($1)', [before!.pid]);
    // a call that meets the dead connection fails (it is not acknowledged); the one after gets a new backend
    await connection.query(backend).catch(() => undefined);
    const { rows: [after] } = await connection.query<Backend>(backend);
    expect(after!.pid).not.toBe(before!.pid);

    await connection.end();
    expect(await backends(after!.pid)).toBe(0);
    await expect(connection.query(backend)).rejects.toThrow('closed');
  });

  it('is closed with the db that owns it', async () => {
    const db = await createDb({ databaseUrl: t.url, poolSize: 2 });
    const { rows: [row] } = await pipelineOf(db)!.query<Backend>(backend);
    expect(await backends(row!.pid)).toBe(1);
    await db.destroy();
    expect(await backends(row!.pid)).toBe(0);
  });
});
