import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, type Db } from './db.ts';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';
import { key, setupProgram } from './testing/fixtures.ts';
import { LedgerError } from './errors.ts';
import { earn } from './post/earn.ts';
import { redeem } from './post/redeem.ts';
import { capture, hold, release, releaseExpiredHolds } from './post/holds.ts';
import { reverse, type RefundPolicy } from './post/reverse.ts';
import { expireDue, releasePending } from './post/jobs.ts';
import { retriedSqlStates } from './post/request.ts';
import { programTotals } from './reads.ts';
import { verify } from './verify.ts';

const CLIENTS = 16;
const MEMBERS = 5;
const RUN_MS = 10_000;
const OP_TIMEOUT_MS = 15_000;

/** Fails the operation (and so the test) if it does not answer in time: nothing may hang on a lock. */
function timed<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${OP_TIMEOUT_MS} ms`)), OP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Concurrency needs real connections: PGlite is one connection, so this suite runs where Postgres is configured.
for (const target of testTargets().filter((t) => t === 'postgres')) {
  describe(`concurrent postings on ${target}`, () => {
    let t: TestDb;
    let pool: Db;
    beforeAll(async () => {
      t = await createTestDb('postgres');
      pool = await createDb({ databaseUrl: t.url, poolSize: 20, migrate: false });
    });
    afterAll(async () => {
      await pool?.destroy();
      await t?.destroy();
    });

    it(`${CLIENTS} clients earn, redeem, hold, capture, release and reverse on ${MEMBERS} members for ${RUN_MS / 1000} s`, async () => {
      const { program, newMember } = await setupProgram(t.db, 'Concurrency');
      const programId = program.id;
      const members: string[] = [];
      for (let i = 0; i < MEMBERS; i++) members.push(await newMember());
      // the last member takes allow-negative reversals; the others must never go below zero
      const negativeAllowed = members[MEMBERS - 1]!;
      const acknowledged: Record<string, number> = { earn: 0, redeem: 0, hold: 0, capture: 0, release: 0, reverse: 0 };
      const refused: Record<string, number> = {};
      const deadlocksBefore = await deadlocks(t.db);
      const deadline = Date.now() + RUN_MS;

      async function client(n: number) {
        const earns: { id: string; member: string; left: number }[] = [];
        const random = (max: number) => Math.floor(Math.random() * max);
        while (Date.now() < deadline) {
          const memberId = members[random(MEMBERS)]!;
          const op = random(10);
          try {
            if (op < 3) {
              const soon = new Date(Date.now() + random(4000)).toISOString();
              const receipt = await timed('earn', earn(pool, { programId, key: key(), memberId, channel: 'web', lots: [
                { points: 1 + random(40), expiresAt: op === 0 ? soon : null },
                ...(op === 1 ? [{ points: 1 + random(10), availableAt: new Date(Date.now() + random(3000)).toISOString() }] : []),
              ] }));
              acknowledged.earn!++;
              earns.push({ id: receipt.transactionId, member: memberId, left: receipt.points });
            } else if (op < 5) {
              await timed('redeem', redeem(pool, { programId, key: key(), memberId, points: 1 + random(30), channel: 'pos' }));
              acknowledged.redeem!++;
            } else if (op < 8) {
              const h = await timed('hold', hold(pool, { programId, key: key(), memberId, points: 1 + random(25), channel: 'pos', ttlSeconds: op === 7 ? 1 : 600 }));
              acknowledged.hold!++;
              if (random(2) === 0) {
                await timed('capture', capture(pool, { programId, key: key(), holdId: h.holdId, channel: 'pos', ...(random(2) ? { points: 1 } : {}) }));
                acknowledged.capture!++;
              } else {
                await timed('release', release(pool, { programId, key: key(), holdId: h.holdId, channel: 'pos' }));
                acknowledged.release!++;
              }
            } else {
              const target = earns.find((e) => e.left > 0);
              if (!target) continue;
              const points = 1 + random(target.left);
              const policy: RefundPolicy = target.member === negativeAllowed ? 'allow-negative' : n % 2 ? 'floor-at-zero' : 'claw-back-pending-first';
              await timed('reverse', reverse(pool, { programId, key: key(), transactionId: target.id, points, policy, channel: 'pos' }));
              target.left -= points;
              acknowledged.reverse!++;
            }
          } catch (error) {
            // Expected refusals only: too few points, or a 1-second hold that expired before its capture.
            if (!(error instanceof LedgerError) || !['INSUFFICIENT_POINTS', 'HOLD_NOT_ACTIVE'].includes(error.code)) throw error;
            refused[error.code] = (refused[error.code] ?? 0) + 1;
          }
        }
      }

      /** Two job workers at once, as in production: SKIP LOCKED keeps them off each other and off busy members. */
      async function jobs() {
        while (Date.now() < deadline) {
          const now = new Date().toISOString();
          await timed('expireDue', expireDue(pool, { now, programId, limit: 50 }));
          await timed('releasePending', releasePending(pool, { now, programId, limit: 50 }));
          await timed('releaseExpiredHolds', releaseExpiredHolds(pool, { now, limit: 50 }));
        }
      }

      await Promise.all([...Array.from({ length: CLIENTS }, (_, n) => client(n)), jobs(), jobs()]);
      // every hold either captured, released or expired by the job
      await releaseExpiredHolds(pool, { now: new Date(Date.now() + 3_600_000).toISOString(), limit: 100_000 });

      const report = await verify(pool, { programId });
      expect(report).toMatchObject({ ok: true, memberDifferences: [], unbalancedTransactions: [], orphanEntryTransactions: [] });
      const { rows: balances } = await sql<{ member_id: string; available: number; pending: number; held: number }>`
        select member_id, available, pending, held from member_accounts where program_id = ${programId}`.execute(pool);
      for (const balance of balances) {
        expect(balance.held).toBe(0);
        expect(balance.pending).toBeGreaterThanOrEqual(0);
        if (balance.member_id !== negativeAllowed) expect(balance.available).toBeGreaterThanOrEqual(0);
      }
      // every acknowledged operation is in the ledger exactly once (job-made transactions have system keys)
      const { rows: counts } = await sql<{ kind: string; n: number }>`
        select kind, count(*)::int as n from ledger_transactions
        where program_id = ${programId} and request_hash <> 'system' group by kind`.execute(pool);
      const inLedger = Object.fromEntries(counts.map((row) => [row.kind, row.n]));
      expect(inLedger).toMatchObject(acknowledged);
      // conservation: what members own is what was issued, minus redeemed and expired, plus net corrections
      const totals = await programTotals(pool, programId);
      expect(totals.issued - totals.redeemed - totals.expired + totals.adjusted + totals.reversed).toBe(totals.outstanding);
      expect(acknowledged.earn! + acknowledged.redeem! + acknowledged.hold!).toBeGreaterThan(200);
      expect(retriedSqlStates['40P01'] ?? 0).toBe(0);
      expect(await deadlocks(t.db)).toBe(deadlocksBefore);
    }, 60_000);
  });
}

async function deadlocks(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`select deadlocks::int as n from pg_stat_database where datname = current_database()`.execute(db);
  return rows[0]!.n;
}
