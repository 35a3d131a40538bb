import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { callerFor } from '../testing/test-context.ts';
import { setupProgram, signUpShopper, type ProgramFixture } from '../testing/fixtures.ts';

let t: TestDb;
let p: ProgramFixture;
beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

const hours = (n: number) => n * 3_600_000;

describe('reserved rewards offered at the till and in the portal', () => {
  it('are offered until they expire, not after, though the release job has not run yet', async () => {
    const email = 'reserves@example.com';
    const { memberId, credential } = await signUpShopper(t.db, p, email);
    await callerFor(t.db, p.managers.owner).manager.members.adjust({ memberId, points: 200, reason: 'gift', idempotencyKey: 'reserve-gift-1' });
    const reservedAt = new Date();
    const at = (offset: number) => ({ now: () => new Date(reservedAt.getTime() + offset) });
    const reservation = await callerFor(t.db, credential, at(0)).shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-1' });
    const expiresIn = new Date(reservation.expiresAt).getTime() - reservedAt.getTime();
    expect(expiresIn).toBe(hours(48));

    const shown = async (offset: number) => ({
      till: (await callerFor(t.db, p.terminal, at(offset)).pos.identify({ by: 'email', value: email })).reservations.map((r) => r.code),
      portal: (await callerFor(t.db, credential, at(offset)).shopper.reservations()).map((r) => r.code),
    });
    expect(await shown(expiresIn - 60_000)).toEqual({ till: [reservation.code], portal: [reservation.code] });
    expect(await shown(expiresIn + 60_000)).toEqual({ till: [], portal: [] });
  });
});
