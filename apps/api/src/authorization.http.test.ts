import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { randomUUID } from 'node:crypto';
import { apiClient, cookieOf, startServer, type ApiClient } from './testing/http.ts';
import { basket, setupProgram, TEST_PASSWORD, type ProgramFixture } from './testing/fixtures.ts';
import { everyone, procedurePaths, procedureSamples, procedureType, unique, type Who } from './testing/procedure-samples.ts';
import { callerFor } from './testing/test-context.ts';

/**
 * Every procedure, called over HTTP with every kind of credential: only what API.md allows gets
 * past authorization; and ids of another program are NOT_FOUND. A new procedure fails this test
 * until it is added to the matrix, so nothing ships without deciding who may call it.
 */
let t: TestDb;
let p: ProgramFixture;
let q: ProgramFixture;
let server: Awaited<ReturnType<typeof startServer>>;
const clients = {} as Record<Who, ApiClient>;
let memberId: string;
const matrix = procedureSamples({ memberId: () => memberId });


/** A client with a session of its own for `who` (logging out must not end the shared session). */
async function freshSession(who: Who): Promise<ApiClient> {
  if (who === 'anonymous' || who === 'terminal' || who === 'integration') return apiClient(server.url, sessionOf(who));
  const client = apiClient(server.url);
  const email = who === 'shopper' ? 'matrix@example.com' : `${who}.a@example.com`;
  await client.auth.login.mutate({ email, password: who === 'shopper' ? 'a long password' : TEST_PASSWORD, programId: p.programId });
  return client;
}

/** The credential of `who` for a copy of its client (a signup or login on it leaves the original alone). */
function sessionOf(who: Who): { key?: string; cookie?: string } {
  if (who === 'terminal') return { key: p.keys.terminal };
  if (who === 'integration') return { key: p.keys.integration };
  const cookie = cookieOf(clients[who]);
  return cookie ? { cookie } : {};
}

function call(client: ApiClient, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split('.').reduce<any>((node, key) => node[key], client);
  return procedureType(path) === 'query' ? procedure.query(input) : procedure.mutate(input);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { code: string }).code;
    throw error;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db, { tag: 'a' });
  q = await setupProgram(t.db, { tag: 'b' });
  server = await startServer(t.db, { rateLimits: { loginPerAddress: 10_000, loginPerEmail: 10_000 } });
  const anonymous = apiClient(server.url);
  const shopper = apiClient(server.url);
  const me = await shopper.auth.signup.mutate({ email: 'matrix@example.com', password: 'a long password', phone: '+1 206 555 0111', programId: p.programId });
  memberId = me.memberId;
  await callerFor(t.db, p.managers.owner).manager.members.adjust({ memberId, points: 5000, reason: 'matrix test funds', idempotencyKey: 'matrix-funds' });
  Object.assign(clients, { anonymous, shopper, terminal: apiClient(server.url, { key: p.keys.terminal }), integration: apiClient(server.url, { key: p.keys.integration }) });
  for (const role of ['owner', 'manager', 'analyst', 'support'] as const) {
    const client = apiClient(server.url);
    await client.auth.login.mutate({ email: `${role}.a@example.com`, password: TEST_PASSWORD });
    clients[role] = client;
  }
});
afterAll(async () => {
  await server?.close();
  await t?.destroy();
});

describe('authorization matrix', () => {
  it('covers every procedure', () => {
    expect(procedurePaths().filter((path) => !(path in matrix)).map((path) => `add ${path} to the matrix`)).toEqual([]);
  });

  for (const [path, entry] of Object.entries(matrix)) {
    it(`${path}: only ${entry.who.length === everyone.length ? 'anyone' : entry.who.join(', ')}`, async () => {
      for (const who of everyone) {
        // Signing up, in or out sets or ends the caller's session: do it on a copy of the session.
        const client = path === 'auth.logout' ? await freshSession(who) : path.startsWith('auth.') ? apiClient(server.url, sessionOf(who)) : clients[who];
        const code = await codeOf(call(client, path, entry.input?.()));
        if (entry.who.includes(who)) {
          expect([who, path, code]).not.toEqual([who, path, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
        } else {
          expect([who, path, code]).toEqual([who, path, who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN']);
        }
      }
    });
  }

  it('refuses a revoked or made-up key before any procedure runs', async () => {
    expect(await codeOf(apiClient(server.url, { key: 'olt_not-a-key' }).auth.me.query())).toBe('UNAUTHORIZED');
  });
});

describe('another program’s ids are NOT_FOUND', () => {
  it('for tills, sites and managers of program A given program B’s members, orders, holds and keys', async () => {
    const stranger = apiClient(server.url);
    const other = await stranger.auth.signup.mutate({ email: 'other@example.com', password: 'a long password', phone: '+1 206 555 0222', programId: q.programId });
    await callerFor(t.db, q.managers.owner).manager.members.adjust({ memberId: other.memberId, points: 500, reason: 'funds', idempotencyKey: 'other-funds' });
    const otherTill = apiClient(server.url, { key: q.keys.terminal });
    const order = await otherTill.pos.checkout.mutate({ orderId: 'b-order', memberId: other.memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) });
    const otherHold = await otherTill.pos.hold.mutate({ holdId: randomUUID(), memberId: other.memberId, rewardId: 'customize-drink' });
    const reservation = await stranger.shopper.reserveReward.mutate({ rewardId: 'customize-drink', idempotencyKey: 'other-reservation' });
    const otherKey = (await callerFor(t.db, q.managers.owner).manager.keys.list())[0]!;

    const till = clients.terminal;
    const site = clients.integration;
    const owner = clients.owner;
    const attempts: [string, Promise<unknown>][] = [
      ['pos.identify', till.pos.identify.query({ by: 'phone', value: '+12065550222' })],
      ['pos.quote', till.pos.quote.query({ memberId: other.memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) })],
      ['pos.checkout', till.pos.checkout.mutate({ orderId: `x-${unique()}`, memberId: other.memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) })],
      ['pos.hold', till.pos.hold.mutate({ holdId: randomUUID(), memberId: other.memberId, rewardId: 'customize-drink' })],
      ['pos.release', till.pos.release.mutate({ holdId: otherHold.holdId })],
      ['pos.refund', till.pos.refund.mutate({ orderId: order.orderId, refundId: `x-${unique()}`, lines: [{ lineId: 'l1', quantity: 1 }] })],
      ['pos.void', till.pos.void.mutate({ orderId: order.orderId })],
      ['integration.recordOrder', site.integration.recordOrder.mutate({ orderId: `x-${unique()}`, member: { memberId: other.memberId }, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) })],
      ['integration.refund', site.integration.refund.mutate({ orderId: order.orderId, refundId: `x-${unique()}`, lines: [{ lineId: 'l1', quantity: 1 }] })],
      ['integration.recordEvent', site.integration.recordEvent.mutate({ eventId: `x-${unique()}`, member: { memberId: other.memberId }, type: 'app-download' })],
      ['manager.members.get', owner.manager.members.get.query({ memberId: other.memberId })],
      ['manager.members.history', owner.manager.members.history.query({ memberId: other.memberId })],
      ['manager.members.adjust', owner.manager.members.adjust.mutate({ memberId: other.memberId, points: 10, reason: 'cross-program', idempotencyKey: `x-${unique()}` })],
      ['manager.members.merge', owner.manager.members.merge.mutate({ fromMemberId: other.memberId, intoMemberId: memberId })],
      ['manager.keys.revoke', owner.manager.keys.revoke.mutate({ id: otherKey.id })],
      ['manager.keys.create', owner.manager.keys.create.mutate({ kind: 'terminal', storeId: q.storeId })],
      ['shopper.cancelReservation', clients.shopper.shopper.cancelReservation.mutate({ code: reservation.code })],
    ];
    const codes = await Promise.all(attempts.map(async ([path, attempt]) => [path, await codeOf(attempt)]));
    expect(codes).toEqual(attempts.map(([path]) => [path, 'NOT_FOUND']));
    // And nothing of program B moved: 25 welcome + 500 + 5 earned − 25 held at the till − 25 reserved.
    expect((await stranger.shopper.account.query()).balance).toEqual({ available: 480, pending: 0, held: 50 });
  });
});
