import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testTargets, type TestDb } from '../testing/test-db.ts';
import { at, key, setupProgram } from '../testing/fixtures.ts';
import { earn } from './earn.ts';
import { redeem } from './redeem.ts';
import { capture, hold, redeemExpiredHold, release, releaseExpiredHolds } from './holds.ts';
import { reverse } from './reverse.ts';
import { adjust } from './adjust.ts';
import { merge } from './merge.ts';
import { expireDue, releasePending } from './jobs.ts';
import { expiringPoints, getBalance, getHold, memberHistory, openLots, programTotals, transactionsForOrder } from '../reads.ts';
import { findMemberByIdentifier, findMemberIdByIdentifier, getMember } from '../members.ts';
import { verify } from '../verify.ts';

describe.each(testTargets())('postings on %s', (target) => {
  let t: TestDb;
  let programId: string;
  let newMember: () => Promise<string>;
  beforeAll(async () => {
    t = await createTestDb(target);
    const fx = await setupProgram(t.db);
    programId = fx.program.id;
    newMember = fx.newMember;
  });
  afterAll(async () => {
    if (t) expect(await verify(t.db)).toMatchObject({ ok: true, memberDifferences: [], unbalancedTransactions: [] });
    await t?.destroy();
  });

  const give = (memberId: string, lots: { points: number; availableAt?: string; expiresAt?: string | null }[], extra: object = {}) =>
    earn(t.db, { programId, key: key(), memberId, channel: 'web', now: at(0), lots, ...extra });
  const remaining = async (memberId: string) => (await openLots(t.db, memberId)).map((lot) => lot.remaining);

  describe('redeem', () => {
    it('spends the first lots to expire first, never-expiring last, then oldest', async () => {
      const m = await newMember();
      await give(m, [{ points: 10, expiresAt: null }]);
      await give(m, [{ points: 10, expiresAt: at(200) }]);
      await give(m, [{ points: 10, expiresAt: at(100) }, { points: 5, expiresAt: null }]);
      const receipt = await redeem(t.db, { programId, key: key(), memberId: m, points: 15, channel: 'pos', rewardId: 'coffee', now: at(1) });
      expect(receipt).toMatchObject({ kind: 'redeem', points: 15, rewardId: 'coffee', balance: { available: 20 } });
      expect((await openLots(t.db, m)).map((lot) => [lot.remaining, lot.expiresAt?.toISOString() ?? null]))
        .toEqual([[5, at(200)], [10, null], [5, null]]);
    });

    it('refuses to overspend, and pending points cannot be spent until available', async () => {
      const m = await newMember();
      await give(m, [{ points: 10 }, { points: 50, availableAt: at(14) }]);
      await expect(redeem(t.db, { programId, key: key(), memberId: m, points: 11, channel: 'web', now: at(1) }))
        .rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS', message: expect.stringContaining('10 points available') });
      expect(await getBalance(t.db, m)).toEqual({ available: 10, pending: 50, held: 0 });
      // once the pending period is over, a spending posting promotes the lot itself
      const receipt = await redeem(t.db, { programId, key: key(), memberId: m, points: 55, channel: 'web', now: at(14) });
      expect(receipt.balance).toEqual({ available: 5, pending: 0, held: 0 });
    });
  });

  describe('holds', () => {
    it('holds, partially captures and returns the rest to the same lots', async () => {
      const m = await newMember();
      await give(m, [{ points: 30, expiresAt: at(50) }, { points: 30, expiresAt: at(90) }]);
      const h = await hold(t.db, { programId, key: key(), memberId: m, points: 40, channel: 'pos', code: 'R-1', now: at(1), ttlSeconds: 600 });
      expect(h).toMatchObject({ kind: 'hold', points: 40, code: 'R-1', balance: { available: 20, pending: 0, held: 40 } });
      expect(await remaining(m)).toEqual([20]);
      const c = await capture(t.db, { programId, key: key(), code: 'R-1', points: 35, channel: 'pos', now: at(1) });
      expect(c).toMatchObject({ kind: 'capture', captured: 35, returned: 5, balance: { available: 25, held: 0 } });
      expect(await remaining(m)).toEqual([25]);
      expect(await getHold(t.db, { programId, holdId: h.holdId })).toMatchObject({ status: 'captured', captured: 35 });
      await expect(capture(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'HOLD_NOT_ACTIVE' });
      await expect(release(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'HOLD_NOT_ACTIVE' });
    });

    it('releases, refuses unknown holds, over-captures and taken hold ids', async () => {
      const m = await newMember();
      await give(m, [{ points: 30 }]);
      const h = await hold(t.db, { programId, key: key(), memberId: m, points: 30, channel: 'pos', now: at(1) });
      await expect(hold(t.db, { programId, key: key(), memberId: m, points: 1, channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
      await expect(capture(t.db, { programId, key: key(), holdId: h.holdId, points: 31, channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('points') });
      await expect(capture(t.db, { programId, key: key(), holdId: '0190a000-0000-7000-8000-000000000000', channel: 'pos' }))
        .rejects.toMatchObject({ code: 'NOT_FOUND' });
      const r = await release(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(1) });
      expect(r).toMatchObject({ kind: 'release', returned: 30, balance: { available: 30, held: 0 } });
      await give(m, [{ points: 5 }]);
      await expect(hold(t.db, { programId, key: key(), memberId: m, holdId: h.holdId, points: 1, channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('holdId') });
    });

    it('expires holds after their TTL and refuses to capture them', async () => {
      const m = await newMember();
      await give(m, [{ points: 12, expiresAt: at(30) }]);
      const h = await hold(t.db, { programId, key: key(), memberId: m, points: 10, channel: 'pos', now: at(1), ttlSeconds: 3600 });
      expect(await releaseExpiredHolds(t.db, { now: at(1) })).toEqual({ holds: 0, points: 0 });
      await expect(capture(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(2) }))
        .rejects.toMatchObject({ code: 'HOLD_NOT_ACTIVE', message: expect.stringContaining('expired') });
      const done = await releaseExpiredHolds(t.db, { now: at(2), limit: 1000 });
      expect(done.holds).toBeGreaterThanOrEqual(1);
      expect(await getBalance(t.db, m)).toEqual({ available: 12, pending: 0, held: 0 });
      expect(await getHold(t.db, { programId, holdId: h.holdId })).toMatchObject({ status: 'expired' });
      expect(await remaining(m)).toEqual([12]);
    });

    it('redeems an expired hold once for a sale made while it stood, and only an expired one', async () => {
      const m = await newMember();
      await give(m, [{ points: 30, expiresAt: at(30) }]);
      const expired = await hold(t.db, { programId, key: key(), memberId: m, points: 10, channel: 'pos', now: at(1), ttlSeconds: 3600 });
      const active = await hold(t.db, { programId, key: key(), memberId: m, points: 5, channel: 'pos', now: at(2), ttlSeconds: 3 * 86400 });
      await releaseExpiredHolds(t.db, { now: at(2) });
      const use = (holdId: string, k: string) =>
        redeemExpiredHold(t.db, { programId, key: k, holdId, memberId: m, points: 10, channel: 'pos', rewardId: 'coffee', now: at(3) });
      const receipt = await use(expired.holdId, `hold-used:${expired.holdId}`);
      expect(receipt).toMatchObject({ kind: 'redeem', points: 10, balance: { available: 15, held: 5 } });
      expect(await getHold(t.db, { programId, holdId: expired.holdId })).toMatchObject({ status: 'captured' });
      expect(await use(expired.holdId, `hold-used:${expired.holdId}`)).toEqual({ ...receipt, replayed: true });
      // a hold that did not expire is captured or released, never redeemed again; nothing is written
      await expect(use(active.holdId, key())).rejects.toMatchObject({ code: 'HOLD_NOT_ACTIVE', message: expect.stringContaining('is active, not expired') });
      await expect(use(expired.holdId, key())).rejects.toMatchObject({ code: 'HOLD_NOT_ACTIVE', message: expect.stringContaining('is captured, not expired') });
      expect(await getBalance(t.db, m)).toEqual({ available: 15, pending: 0, held: 5 });
      await expect(use('00000000-0000-7000-8000-000000000000', key())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('reverse', () => {
    it('reverses an earn from its own lots first, pending included', async () => {
      const m = await newMember();
      await give(m, [{ points: 100 }]);
      const e = await give(m, [{ points: 40, availableAt: at(14) }, { points: 10 }]);
      const r = await reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 45, policy: 'floor-at-zero', channel: 'pos', now: at(1) });
      expect(r).toMatchObject({ kind: 'reverse', points: 45, shortfall: 0, reverses: e.transactionId, balance: { available: 105, pending: 0 } });
      await expect(reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 6, policy: 'floor-at-zero', channel: 'pos', now: at(1) }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('5 points') });
    });

    it('floor-at-zero reverses only what is there and reports the shortfall', async () => {
      const m = await newMember();
      const e = await give(m, [{ points: 50 }]);
      await redeem(t.db, { programId, key: key(), memberId: m, points: 45, channel: 'web', now: at(1) });
      const r = await reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 50, policy: 'floor-at-zero', channel: 'web', now: at(2) });
      expect(r).toMatchObject({ points: 5, requested: 50, shortfall: 45, debt: 0, balance: { available: 0 } });
    });

    it('claw-back-pending-first takes other pending lots before available ones', async () => {
      const m = await newMember();
      const e = await give(m, [{ points: 50 }]);
      await give(m, [{ points: 30 }, { points: 20, availableAt: at(14) }]);
      await redeem(t.db, { programId, key: key(), memberId: m, points: 60, channel: 'web', now: at(1) });
      const r = await reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 40, policy: 'claw-back-pending-first', channel: 'web', now: at(2) });
      expect(r).toMatchObject({ points: 40, shortfall: 0, balance: { available: 0, pending: 0 } });
    });

    it('allow-negative leaves a debt that later points pay first', async () => {
      const m = await newMember();
      const e = await give(m, [{ points: 50 }]);
      await redeem(t.db, { programId, key: key(), memberId: m, points: 50, channel: 'web', now: at(1) });
      const r = await reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 30, policy: 'allow-negative', channel: 'web', now: at(2) });
      expect(r).toMatchObject({ points: 30, debt: 30, balance: { available: -30 } });
      await expect(redeem(t.db, { programId, key: key(), memberId: m, points: 1, channel: 'web', now: at(2) }))
        .rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
      const pendingEarn = await give(m, [{ points: 20, availableAt: at(10) }]);
      expect(pendingEarn.balance).toEqual({ available: -30, pending: 20, held: 0 });
      const later = await give(m, [{ points: 25 }]);
      expect(later.balance).toEqual({ available: -5, pending: 20, held: 0 });
      expect(await releasePending(t.db, { now: at(10), programId })).toMatchObject({ points: 20 });
      expect(await getBalance(t.db, m)).toEqual({ available: 15, pending: 0, held: 0 });
      expect(await remaining(m)).toEqual([15]);
      const report = await verify(t.db);
      expect(report.ok).toBe(true);
    });

    it('returns a redeem as new lots keeping the spent lots expiries', async () => {
      const m = await newMember();
      await give(m, [{ points: 10, expiresAt: at(30) }, { points: 10, expiresAt: at(60) }]);
      const red = await redeem(t.db, { programId, key: key(), memberId: m, points: 15, channel: 'web', now: at(1) });
      const r1 = await reverse(t.db, { programId, key: key(), transactionId: red.transactionId, points: 12, policy: 'floor-at-zero', channel: 'web', now: at(2) });
      expect(r1).toMatchObject({ points: 12, reversedKind: 'redeem', balance: { available: 17 } });
      expect((await openLots(t.db, m)).map((lot) => [lot.remaining, lot.expiresAt?.toISOString()])).toEqual([
        [10, at(30)], [5, at(60)], [2, at(60)],
      ]);
      await reverse(t.db, { programId, key: key(), transactionId: red.transactionId, points: 3, policy: 'floor-at-zero', channel: 'web', now: at(2) });
      expect(await getBalance(t.db, m)).toMatchObject({ available: 20 });
      await expect(reverse(t.db, { programId, key: key(), transactionId: red.transactionId, points: 1, policy: 'floor-at-zero', channel: 'web', now: at(2) }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    });

    it('refuses unknown transactions and kinds that cannot be reversed', async () => {
      const m = await newMember();
      await give(m, [{ points: 10 }]);
      const h = await hold(t.db, { programId, key: key(), memberId: m, points: 5, channel: 'pos', now: at(1) });
      await expect(reverse(t.db, { programId, key: key(), transactionId: h.transactionId, points: 1, policy: 'floor-at-zero', channel: 'pos' }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('transactionId') });
      await expect(reverse(t.db, { programId, key: key(), transactionId: '0190a000-0000-7000-8000-000000000000', points: 1, policy: 'floor-at-zero', channel: 'pos' }))
        .rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(reverse(t.db, { programId, key: key(), transactionId: h.transactionId, points: 1, policy: 'sometimes' as never, channel: 'pos' }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('policy') });
      await release(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(1) });
    });
  });

  describe('expire and pending', () => {
    it('expires due lots in batches, pending ones too, and only due ones', async () => {
      const { program, newMember: member } = await setupProgram(t.db, 'Expiry');
      const a = await member();
      const b = await member();
      await earn(t.db, { programId: program.id, key: key(), memberId: a, channel: 'web', now: at(0), lots: [
        { points: 10, expiresAt: at(30) }, { points: 5, expiresAt: at(60) }, { points: 7, expiresAt: at(31), availableAt: at(40) }] });
      await earn(t.db, { programId: program.id, key: key(), memberId: b, channel: 'web', now: at(0), lots: [{ points: 3, expiresAt: at(29) }] });
      await redeem(t.db, { programId: program.id, key: key(), memberId: a, points: 4, channel: 'web', now: at(1) });
      expect(await expireDue(t.db, { now: at(31), limit: 2, programId: program.id })).toEqual({ transactions: 2, lots: 2, points: 9 });
      expect(await expireDue(t.db, { now: at(31), programId: program.id })).toEqual({ transactions: 1, lots: 1, points: 7 });
      expect(await expireDue(t.db, { now: at(31), programId: program.id })).toEqual({ transactions: 0, lots: 0, points: 0 });
      expect(await getBalance(t.db, a)).toEqual({ available: 5, pending: 0, held: 0 });
      expect(await getBalance(t.db, b)).toEqual({ available: 0, pending: 0, held: 0 });
      expect(await programTotals(t.db, program.id)).toEqual({ issued: 25, redeemed: 4, expired: 16, adjusted: 0, reversed: 0, outstanding: 5 });
      expect(await expiringPoints(t.db, a)).toEqual([{ points: 5, at: new Date(at(60)) }]);
      const { items } = await memberHistory(t.db, { memberId: a });
      expect(items.map((item) => [item.kind, item.points])).toEqual([['expire', -7], ['expire', -6], ['redeem', -4], ['earn', 22]]);
    });

    it('moves due pending lots to available', async () => {
      const m = await newMember();
      await give(m, [{ points: 8, availableAt: at(5) }, { points: 2, availableAt: at(9) }]);
      expect(await releasePending(t.db, { now: at(4), programId })).toEqual({ transactions: 0, points: 0 });
      await releasePending(t.db, { now: at(5), programId });
      expect(await getBalance(t.db, m)).toEqual({ available: 8, pending: 2, held: 0 });
    });
  });

  describe('adjust', () => {
    it('credits a lot with an expiry, debits lots, and never goes below zero', async () => {
      const m = await newMember();
      const plus = await adjust(t.db, { programId, key: key(), memberId: m, points: 25, reason: 'goodwill', actor: 'manager@example.com', expiresAt: at(90), now: at(0) });
      expect(plus).toMatchObject({ kind: 'adjust', points: 25, reason: 'goodwill', balance: { available: 25 } });
      const minus = await adjust(t.db, { programId, key: key(), memberId: m, points: -20, reason: 'correction', actor: 'm', now: at(0) });
      expect(minus.balance.available).toBe(5);
      await expect(adjust(t.db, { programId, key: key(), memberId: m, points: -6, reason: 'x', actor: 'm' }))
        .rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
      await expect(adjust(t.db, { programId, key: key(), memberId: m, points: 5, reason: ' ', actor: 'm' }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('reason') });
      const { items } = await memberHistory(t.db, { memberId: m, limit: 1 });
      expect(items[0]).toMatchObject({ kind: 'adjust', points: -20, reason: 'correction' });
    });
  });

  describe('merge', () => {
    it('moves lots, holds, balances and identifiers, and later postings follow the merge', async () => {
      const from = await newMember();
      const into = await newMember();
      await give(from, [{ points: 30, expiresAt: at(40) }, { points: 10, availableAt: at(14) }], { orderId: 'order-merge' });
      await give(into, [{ points: 5 }]);
      const h = await hold(t.db, { programId, key: key(), memberId: from, points: 20, channel: 'pos', now: at(1) });
      const fromEmail = (await getMember(t.db, from))!.identifiers[0]!.value;
      const k = key();
      const receipt = await merge(t.db, { programId, key: k, fromMemberId: from, intoMemberId: into, now: at(2) });
      expect(receipt).toMatchObject({ kind: 'merge', fromMemberId: from, points: 40, balance: { available: 15, pending: 10, held: 20 } });
      expect(await merge(t.db, { programId, key: k, fromMemberId: from, intoMemberId: into, now: at(3) })).toEqual({ ...receipt, replayed: true });
      await expect(merge(t.db, { programId, key: key(), fromMemberId: from, intoMemberId: into }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('already merged') });
      await expect(merge(t.db, { programId, key: key(), fromMemberId: into, intoMemberId: into }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('intoMemberId') });
      expect((await findMemberByIdentifier(t.db, programId, 'email', fromEmail))!.id).toBe(into);
      // the till's lookup by id only: the same member, the identifier normalised as typed; nobody for an unknown one
      expect(await findMemberIdByIdentifier(t.db, programId, 'email', ` ${fromEmail.toUpperCase()} `)).toBe(into);
      expect(await findMemberIdByIdentifier(t.db, programId, 'email', `nobody-${fromEmail}`)).toBeUndefined();
      expect(await getMember(t.db, from)).toMatchObject({ status: 'merged', mergedInto: into, identifiers: [] });
      await release(t.db, { programId, key: key(), holdId: h.holdId, channel: 'pos', now: at(3) });
      expect(await getBalance(t.db, into)).toEqual({ available: 35, pending: 10, held: 0 });
      // a posting addressed to the merged member lands on the survivor
      await redeem(t.db, { programId, key: key(), memberId: from, points: 35, channel: 'web', now: at(3) });
      expect(await getBalance(t.db, from)).toEqual({ available: 0, pending: 10, held: 0 });
      const [earned] = await transactionsForOrder(t.db, programId, 'order-merge');
      await reverse(t.db, { programId, key: key(), transactionId: earned!.id, points: 10, policy: 'floor-at-zero', channel: 'pos', now: at(4) });
      expect(await getBalance(t.db, into)).toEqual({ available: 0, pending: 0, held: 0 });
      const history = await memberHistory(t.db, { memberId: into });
      expect(history.items.map((item) => item.kind)).toEqual(['reverse', 'redeem', 'release', 'merge', 'hold', 'earn', 'earn']);
    });

    it('refuses unknown members', async () => {
      const m = await newMember();
      await expect(merge(t.db, { programId, key: key(), fromMemberId: m, intoMemberId: '0190a000-0000-7000-8000-000000000000' }))
        .rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('intoMemberId') });
    });
  });

  describe('the ledger itself', () => {
    it('refuses UPDATE, DELETE and TRUNCATE on transactions and entries', async () => {
      const m = await newMember();
      await give(m, [{ points: 1 }]);
      for (const statement of [
        sql`update ledger_transactions set points = 1000`,
        sql`delete from ledger_transactions`,
        sql`update ledger_entries set amount = amount * 2`,
        sql`delete from ledger_entries`,
        sql`truncate ledger_entries`,
        sql`truncate ledger_transactions`,
      ]) {
        await expect(statement.execute(t.db)).rejects.toThrow(/append-only/);
      }
    });

    it('verify reports running totals that differ from entries and lots', async () => {
      const m = await newMember();
      await give(m, [{ points: 10 }]);
      await sql`update member_accounts set available = available + 1 where member_id = ${m}`.execute(t.db);
      const report = await verify(t.db);
      expect(report.ok).toBe(false);
      expect(report.memberDifferences).toEqual([{ memberId: m, field: 'available', fromRunningTotals: 11, fromEntries: 10, fromLots: 10 }]);
      await sql`update member_accounts set available = available - 1 where member_id = ${m}`.execute(t.db);
      await sql`update point_lots set remaining = remaining - 1 where member_id = ${m}`.execute(t.db);
      expect((await verify(t.db)).memberDifferences).toEqual([{ memberId: m, field: 'available', fromRunningTotals: 10, fromEntries: 10, fromLots: 9 }]);
      await sql`update point_lots set remaining = remaining + 1 where member_id = ${m}`.execute(t.db);
    });
  });
});
