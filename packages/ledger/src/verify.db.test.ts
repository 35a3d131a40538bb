import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';
import { at, key, setupProgram } from './testing/fixtures.ts';
import { earn } from './post/earn.ts';
import { unbalancedTransactionsSql, verify } from './verify.ts';

describe.each(testTargets())('verify on %s', (target) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(target);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("reports a transaction whose entries do not sum to zero, verifying its program or all, and not another program's", async () => {
    const [a, b] = [await setupProgram(t.db, 'A'), await setupProgram(t.db, 'B')];
    const earnIn = async (fx: typeof a) =>
      (await earn(t.db, { programId: fx.program.id, key: key(), memberId: await fx.newMember(), channel: 'web', now: at(0), lots: [{ points: 10 }] })).transactionId;
    const broken = await earnIn(a);
    await earnIn(b);
    // a stray entry on the program's own issuing account: the transaction no longer balances, no member total moves
    await sql`insert into ledger_entries (transaction_id, account_id, amount)
      select transaction_id, account_id, 5 from ledger_entries where transaction_id = ${broken} and lot_id is null`.execute(t.db);

    expect((await verify(t.db, { programId: a.program.id })).unbalancedTransactions).toEqual([{ transactionId: broken, sum: 5 }]);
    expect(await verify(t.db, { programId: b.program.id })).toMatchObject({ ok: true, unbalancedTransactions: [] });
    expect((await verify(t.db)).unbalancedTransactions).toEqual([{ transactionId: broken, sum: 5 }]);
  });

  it("finds one program's transactions by a join, even where their ids do not fit in work_mem", async () => {
    const { program } = await setupProgram(t.db, 'C');
    // with the least work_mem, an `id in (select ...)` behind an OR is a subplan searched for every entry
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64kB'`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${unbalancedTransactionsSql(program.id)}`.execute(trx);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).not.toContain('SubPlan');
    expect(plan).toMatch(/Nested Loop|Join/);
  });
});
