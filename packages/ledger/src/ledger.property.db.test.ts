import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';
import { at, key, setupProgram, T0 } from './testing/fixtures.ts';
import { LedgerModel, type ModelResult } from './testing/model.ts';
import { LedgerError } from './errors.ts';
import { earn } from './post/earn.ts';
import { redeem } from './post/redeem.ts';
import { capture, hold, release } from './post/holds.ts';
import { reverse, refundPolicies } from './post/reverse.ts';
import { adjust } from './post/adjust.ts';
import { expireDue, releasePending } from './post/jobs.ts';
import { getBalance, openLots } from './reads.ts';
import { verify } from './verify.ts';

const MEMBERS = 3;
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const command = fc.oneof(
  fc.record({ t: fc.constant('earn' as const), m: member, lots: fc.array(fc.record({
    points: fc.integer({ min: 1, max: 50 }),
    pendingDays: fc.constantFrom(0, 0, 3),
    expiresIn: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ t: fc.constant('redeem' as const), m: member, points: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ t: fc.constant('hold' as const), m: member, points: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ t: fc.constant('capture' as const), h: fc.nat(), points: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) }),
  fc.record({ t: fc.constant('release' as const), h: fc.nat() }),
  fc.record({ t: fc.constant('reverse' as const), x: fc.nat(), points: fc.integer({ min: 1, max: 60 }), policy: fc.constantFrom(...refundPolicies) }),
  fc.record({ t: fc.constant('adjust' as const), m: member, points: fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0) }),
  fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('expire' as const) }),
  fc.record({ t: fc.constant('releasePending' as const) }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const day = (date: Date | null) => (date === null ? null : Math.round((date.getTime() - T0.getTime()) / 86_400_000));

describe.each(testTargets())('the ledger against an in-memory model on %s', (target) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(target);
  });
  afterAll(async () => t?.destroy());

  it('random operation sequences agree on balances, lots and rejections; every write replayed with its key changes nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
      const { program, newMember } = await setupProgram(t.db, 'Property');
      const programId = program.id;
      const members: string[] = [];
      for (let i = 0; i < MEMBERS; i++) members.push(await newMember());
      const model = new LedgerModel();
      const txIds: string[] = [];
      const holdIds: string[] = [];
      let now = 0;

      /** Runs a write, compares its outcome with the model's, and replays it with the same key. */
      async function write<R extends { replayed: boolean }>(post: () => Promise<R>, expected: ModelResult): Promise<R | undefined> {
        let receipt: R | undefined;
        let code: string | undefined;
        try {
          receipt = await post();
        } catch (error) {
          if (!(error instanceof LedgerError)) throw error;
          code = error.code;
        }
        expect(code ?? 'ok').toBe(expected.ok ? 'ok' : expected.code);
        if (receipt) {
          expect(receipt.replayed).toBe(false);
          expect(await post()).toEqual({ ...receipt, replayed: true });
        }
        return receipt;
      }

      for (const c of commands as Command[]) {
        const nowIso = at(now);
        switch (c.t) {
          case 'earn': {
            const lots = c.lots.map((l) => ({ points: l.points, availableAt: now + l.pendingDays, expiresAt: l.expiresIn === null ? null : now + l.expiresIn }));
            const request = {
              programId, key: key(), memberId: members[c.m]!, channel: 'web', now: nowIso,
              lots: lots.map((l) => ({ points: l.points, availableAt: at(l.availableAt), expiresAt: l.expiresAt === null ? null : at(l.expiresAt) })),
            };
            const index = model.earn(c.m, now, lots);
            const receipt = await write(() => earn(t.db, request), { ok: true });
            txIds[index] = receipt!.transactionId;
            break;
          }
          case 'redeem': {
            const request = { programId, key: key(), memberId: members[c.m]!, points: c.points, channel: 'web', now: nowIso };
            const expected = model.redeem(c.m, now, c.points);
            const receipt = await write(() => redeem(t.db, request), expected);
            if (expected.ok) txIds[expected.tx!] = receipt!.transactionId;
            break;
          }
          case 'hold': {
            const request = { programId, key: key(), memberId: members[c.m]!, points: c.points, channel: 'pos', now: nowIso, ttlSeconds: 366 * 24 * 3600 };
            const expected = model.hold(c.m, now, c.points);
            const receipt = await write(() => hold(t.db, request), expected);
            if (expected.ok) holdIds[expected.hold!] = receipt!.holdId;
            break;
          }
          case 'capture':
          case 'release': {
            if (holdIds.length === 0) break;
            const index = c.h % holdIds.length;
            const points = c.t === 'capture' ? c.points : undefined;
            const request = { programId, key: key(), holdId: holdIds[index]!, channel: 'pos', now: nowIso, ...(points ? { points } : {}) };
            const expected = model.endHold(index, c.t === 'release' ? 0 : points ?? 'all');
            const receipt = await write(() => (c.t === 'capture' ? capture(t.db, request) : release(t.db, request)), expected);
            if (expected.ok && expected.tx !== undefined) txIds[expected.tx] = receipt!.transactionId;
            break;
          }
          case 'reverse': {
            if (txIds.length === 0) break;
            const index = c.x % txIds.length;
            const request = { programId, key: key(), transactionId: txIds[index]!, points: c.points, policy: c.policy, channel: 'pos', now: nowIso };
            await write(() => reverse(t.db, request), model.reverse(index, now, c.points, c.policy));
            break;
          }
          case 'adjust': {
            const request = { programId, key: key(), memberId: members[c.m]!, points: c.points, reason: 'property', actor: 'test', now: nowIso };
            await write(() => adjust(t.db, request), model.adjust(c.m, now, c.points));
            break;
          }
          case 'advance':
            now += c.days;
            break;
          case 'expire':
            model.expire(now);
            await expireDue(t.db, { now: nowIso, programId, limit: 10_000 });
            break;
          case 'releasePending':
            model.releasePending(now, MEMBERS);
            await releasePending(t.db, { now: nowIso, programId, limit: 10_000 });
            break;
        }
        for (let m = 0; m < MEMBERS; m++) expect(await getBalance(t.db, members[m]!)).toEqual(model.balance(m));
      }
      for (let m = 0; m < MEMBERS; m++) {
        const lots = (await openLots(t.db, members[m]!)).map((lot) => [lot.remaining, lot.pending, day(lot.expiresAt)]);
        expect(lots).toEqual(model.openLots(m));
      }
      const report = await verify(t.db, { programId });
      expect(report).toMatchObject({ ok: true, memberDifferences: [], unbalancedTransactions: [] });
    }), { numRuns: 25 });
  });
});
