import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { findMemberByIdentifier, getBalance, verify } from '@omniloyal/ledger';
import { callerFor } from '../../testing/test-context.ts';
import { basket, newOrderId, setupProgram, type ProgramFixture } from '../../testing/fixtures.ts';
import { importMembersCsv } from './import-members.ts';

const sample = [
  'email,phone,name,birthday,card',
  'ada@example.com,+44 20 7946 0018,Ada Lovelace,1815-12-10,', // line 2
  'not-an-email,,Bad Email,,', // line 3: bad
  ',+1 206 555 0100,Grace Hopper,,CARD-0001', // line 4
  ',,,1990-01-01,', // line 5: no identifier
  'linus@example.com,,Linus,2001-02-30,', // line 6: no such day
  'ADA@example.com,,Ada again,,', // line 7: repeats line 2
  'katherine@example.com,,"Johnson, Katherine",1918-08-26,', // line 8
  '"Quoted, Name"@example.com,,,,', // line 9: not valid CSV (a stray quote)
].join('\n');

describe.each(testTargets())('import-members on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db);
    dir = await mkdtemp(join(tmpdir(), 'omniloyal-import-'));
  });
  afterAll(async () => {
    await t?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps good rows, reports bad ones by line, and adds nothing twice when re-run', async () => {
    const file = join(dir, 'members.csv');
    await writeFile(file, sample);
    const report = await importMembersCsv(t.db, { programId: p.programId, file, batchSize: 2 });
    expect(report).toMatchObject({ rows: 8, imported: 3, alreadyMembers: 0, bad: 5, duplicates: 1 });
    expect(report.badRows.map((b) => b.line)).toEqual([3, 5, 6, 7, 9]);
    expect(report.badRows[4]!.reason).toMatch(/^not valid CSV/);
    expect(report.badRows[0]!.reason).toMatch(/^email:/);
    expect(report.badRows[3]!.reason).toBe('repeats an identifier of line 2');

    const grace = await findMemberByIdentifier(t.db, p.programId, 'card', 'card-0001');
    expect(grace).toMatchObject({ name: 'Grace Hopper', enrolledChannel: 'import' });
    expect(grace!.identifiers.map((i) => i.kind).sort()).toEqual(['card', 'phone']);
    const katherine = await findMemberByIdentifier(t.db, p.programId, 'email', 'katherine@example.com');
    expect(katherine).toMatchObject({ name: 'Johnson, Katherine', birthday: '1918-08-26' });

    const again = await importMembersCsv(t.db, { programId: p.programId, file });
    expect(again).toMatchObject({ imported: 0, alreadyMembers: 3, bad: 5 });

    // An imported member is a whole member: a till can sell to it, and the ledger verifies.
    const receipt = await callerFor(t.db, p.terminal).pos.checkout({
      orderId: newOrderId(), memberId: grace!.id, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 550 }]),
    });
    expect(receipt.earned.points).toBe(5);
    expect(await getBalance(t.db, grace!.id)).toMatchObject({ available: 5 });
    expect((await verify(t.db)).ok).toBe(true);
  });

  // 100,000 rows is a throughput test for real Postgres; PGlite (one connection, in-process) runs the small file above.
  if (target === 'postgres') {
    it('imports 100,000 rows with bad rows mixed in, in under 60 s', async () => {
      const file = join(dir, 'big.csv');
      const out = createWriteStream(file);
      out.write('email,phone,name,birthday,card\n');
      let bad = 0;
      for (let i = 0; i < 100_000; i++) {
        let row = `member${i}@bulk.example.com,+1555${String(i).padStart(7, '0')},Member ${i},1980-01-${String((i % 28) + 1).padStart(2, '0')},`;
        if (i % 97 === 0) {
          row = i % 2 === 0 ? `broken-${i},,No Address,,` : `member-x${i}@bulk.example.com,,Bad Day,1980-13-45,`;
          bad += 1;
        }
        if (!out.write(`${row}\n`)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');

      const report = await importMembersCsv(t.db, { programId: p.programId, file });
      const rate = Math.round(report.rows / (report.ms / 1000));
      console.log(`import-members: ${report.rows} rows in ${(report.ms / 1000).toFixed(1)} s on Postgres = ${rate} rows/s (${report.imported} new, ${report.bad} bad)`);
      expect(report).toMatchObject({ rows: 100_000, imported: 100_000 - bad, bad, alreadyMembers: 0 });
      expect(report.ms).toBeLessThan(60_000);
      const rerun = await importMembersCsv(t.db, { programId: p.programId, file });
      expect(rerun).toMatchObject({ imported: 0, alreadyMembers: 100_000 - bad });
    }, 180_000);
  }
});
