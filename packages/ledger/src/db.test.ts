import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';

describe.each(testTargets())('createDb on %s', (target) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(target);
  });
  afterAll(async () => t?.destroy());

  it('parses int8 and integer numeric into numbers', async () => {
    const { rows } = await sql<{ a: number; b: number; c: number }>`
      select 9007199254740991::int8 as a, sum(x)::numeric as b, 0.25::numeric as c from (values (1::int8), (2::int8)) v(x)`.execute(t.db);
    expect(rows[0]).toEqual({ a: 9007199254740991, b: 3, c: 0.25 });
  });

  it('keeps dates as calendar days', async () => {
    const { rows } = await sql<{ d: string }>`select '1990-05-01'::date as d`.execute(t.db);
    expect(rows[0]!.d).toBe('1990-05-01');
  });

  it('refuses int8 values beyond 2^53 instead of rounding them', async () => {
    await expect(sql`select 9007199254740993::int8 as a`.execute(t.db)).rejects.toThrow(/not a safe integer/);
  });
});
