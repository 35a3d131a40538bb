import { describe, expect, it } from 'vitest';
import { starbucksDemoProgram } from '@omniloyal/core';
import { credentialFromKey } from '../../auth/api-keys.ts';
import { callerFor } from '../../testing/test-context.ts';
import { basket, newOrderId, signUpShopper } from '../../testing/fixtures.ts';
import { useTestProgram } from '../../testing/use-test-program.ts';

const s = useTestProgram();

describe('the program editor', () => {
  it('validates with paths a manager can find, saves an invalid draft but refuses to publish it', async () => {
    const owner = callerFor(s.t.db, s.p.managers.owner);
    const broken = structuredClone(starbucksDemoProgram) as any;
    broken.earning.rules[1].award.of = ['no-such-rule'];
    broken.tiers.levels[1].threshold = -5;
    const verdict = await owner.manager.program.validate({ document: broken });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['tiers.levels[1].threshold']));
    const saved = await owner.manager.program.saveDraft({ document: broken });
    expect(saved.problems.length).toBeGreaterThan(0);
    await expect(owner.manager.program.publish({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^draft\./) });
  });

  it('simulates a draft against sample baskets and against the last days of real orders', async () => {
    const owner = callerFor(s.t.db, s.p.managers.owner);
    const { memberId } = await signUpShopper(s.t.db, s.p, 'sim@example.com');
    await callerFor(s.t.db, s.p.terminal).pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 }]) });
    const double = structuredClone(starbucksDemoProgram);
    double.earning.rules[0]!.award = { kind: 'per-amount', rate: { points: '2', per: 100 }, rounding: 'floor', tierMultiplier: true };
    const sample = await owner.manager.program.simulate({ document: double, orders: [{ order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 }]), channel: 'pos' }] });
    expect(sample.orders).toBe(1);
    const replay = await owner.manager.program.simulate({ document: double, replayDays: 7 });
    expect(replay.orders).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(replay)).toContain('base-stars');
  });

  it('publishes with a version history, rolls back by publishing an older version, and audits both', async () => {
    const owner = callerFor(s.t.db, s.p.managers.owner);
    await owner.manager.program.saveDraft({ document: starbucksDemoProgram });
    const v2 = await owner.manager.program.publish({});
    const v3 = await owner.manager.program.publish({ fromVersion: 1 });
    expect(v3.version).toBe(v2.version + 1);
    const versions = await owner.manager.program.versions();
    expect(versions.map((v) => v.version)).toEqual([v3.version, v2.version, 1]);
    expect(versions[0]!.publishedBy).toBe('owner.a@example.com');
    const audit = await owner.manager.audit.list();
    expect(audit.items.slice(0, 3).map((entry) => entry.action)).toEqual(['program.rollback', 'program.publish', 'program.saveDraft']);
    expect(audit.items[0]).toMatchObject({ actor: 'owner.a@example.com', after: { version: v3.version, fromVersion: 1 } });
  });
});

describe('stores, keys and members', () => {
  it('shows a key once, stores only its hash, and revokes it at once', async () => {
    const owner = callerFor(s.t.db, s.p.managers.owner);
    await owner.manager.stores.create({ id: 'pike-place', name: 'Pike Place', timeZone: 'America/Los_Angeles' });
    await expect(owner.manager.stores.create({ id: 'pike-place', name: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', message: /^id:/ });
    const created = await owner.manager.keys.create({ kind: 'terminal', storeId: 'pike-place' });
    expect(created.key).toMatch(/^olt_/);
    const listed = await owner.manager.keys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const stored = await s.t.db.selectFrom('api_keys').select('key_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.key);
    expect(await credentialFromKey(s.t.db, created.key)).toMatchObject({ kind: 'terminal', storeId: 'pike-place' });
    await owner.manager.keys.revoke({ id: created.id });
    expect(await credentialFromKey(s.t.db, created.key)).toBeUndefined();
    const actions = (await owner.manager.audit.list()).items.map((entry) => entry.action);
    expect(actions.slice(0, 3)).toEqual(['key.revoke', 'key.create', 'store.create']);
  });

  it('finds members by email, phone or name, explains their ledger, adjusts with a reason', async () => {
    const support = callerFor(s.t.db, s.p.managers.support);
    const { memberId } = await signUpShopper(s.t.db, s.p, 'grace@example.com', { name: 'Grace Hopper', phone: '+1 (206) 555-0142' });
    for (const q of ['grace@example.com', '+1 206 555 0142', 'Hopper']) {
      expect((await support.manager.members.search({ q })).map((m) => m.memberId)).toContain(memberId);
    }
    const adjusted = await support.manager.members.adjust({ memberId, points: -10, reason: 'duplicate welcome', idempotencyKey: 'adj-grace-1' });
    expect(adjusted.balance.available).toBe(15);
    expect((await support.manager.members.adjust({ memberId, points: -10, reason: 'duplicate welcome', idempotencyKey: 'adj-grace-1' })).replayed).toBe(true);
    await expect(support.manager.members.adjust({ memberId, points: -100, reason: 'too much', idempotencyKey: 'adj-grace-2' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await support.manager.members.get({ memberId })).toMatchObject({ memberId, name: 'Grace Hopper', balance: { available: 15 } });
    const page = await support.manager.members.history({ memberId });
    expect(page.items.map((item) => [item.kind, item.points, item.reason])).toEqual([
      ['adjust', -10, 'duplicate welcome'],
      ['earn', 25, 'Welcome bonus'],
    ]);
    expect(page.nextCursor).toBeUndefined();
    const current = (await callerFor(s.t.db, s.p.managers.owner).manager.program.versions())[0]!.version;
    expect(page.items[1]).toMatchObject({ rules: [expect.objectContaining({ ruleId: 'welcome-bonus' })], ruleVersion: current });
  });

  it('pages a member\'s ledger, newest first, each entry once', async () => {
    const support = callerFor(s.t.db, s.p.managers.support);
    const { memberId } = await signUpShopper(s.t.db, s.p, 'ada@example.com');
    for (let i = 1; i <= 4; i++) await support.manager.members.adjust({ memberId, points: i, reason: `goodwill ${i}`, idempotencyKey: `adj-ada-${i}` });
    const whole = (await support.manager.members.history({ memberId })).items.map((item) => item.reason);
    expect(whole).toEqual(['goodwill 4', 'goodwill 3', 'goodwill 2', 'goodwill 1', 'Welcome bonus']);
    const pages: (string | null)[][] = [];
    let cursor: string | undefined;
    do {
      const page = await support.manager.members.history({ memberId, limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((item) => item.reason));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['goodwill 4', 'goodwill 3'], ['goodwill 2', 'goodwill 1'], ['Welcome bonus']]);
  });
});
