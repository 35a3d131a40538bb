import { randomUUID } from 'node:crypto';
import { starbucksDemoProgram } from '@omniloyal/core';
import { basket, TEST_PASSWORD } from './fixtures.ts';
import { appRouter } from '../root.ts';

/**
 * Every procedure of the API with who may call it (API.md's credentials table) and a sample input that
 * passes validation. The authorization matrix and the bad-input fuzzer both read this list, and the
 * matrix fails when a procedure is missing from it.
 */
export type Who = 'anonymous' | 'shopper' | 'owner' | 'manager' | 'analyst' | 'support' | 'terminal' | 'integration';
export const everyone: Who[] = ['anonymous', 'shopper', 'owner', 'manager', 'analyst', 'support', 'terminal', 'integration'];
const read: Who[] = ['owner', 'manager', 'analyst'];
const write: Who[] = ['owner', 'manager'];
const members: Who[] = ['owner', 'manager', 'support'];
const membersRead: Who[] = ['owner', 'manager', 'support', 'analyst'];

let n = 0;
export const unique = () => `${Date.now()}-${++n}`;

export interface ProcedureSample {
  who: Who[];
  input?: () => unknown;
}

/** `memberId` is a member of the caller's program with points to spend. */
export function procedureSamples(ids: { memberId: () => string }): Record<string, ProcedureSample> {
  const memberId = ids.memberId;
  return {
    'auth.signup': { who: everyone, input: () => ({ email: `m${unique()}@example.com`, password: 'a long password' }) },
    'auth.login': { who: everyone, input: () => ({ email: 'analyst.a@example.com', password: TEST_PASSWORD }) },
    'auth.logout': { who: everyone },
    'auth.me': { who: everyone },
    'shopper.account': { who: ['shopper'] },
    'shopper.history': { who: ['shopper'] },
    'shopper.rewards': { who: ['shopper'] },
    'shopper.reserveReward': { who: ['shopper'], input: () => ({ rewardId: 'customize-drink', idempotencyKey: `key-${unique()}` }) },
    'shopper.reservations': { who: ['shopper'] },
    'shopper.cancelReservation': { who: ['shopper'], input: () => ({ code: 'ZZZZ-ZZZZ' }) },
    'shopper.identifiers.list': { who: ['shopper'] },
    'shopper.identifiers.add': { who: ['shopper'], input: () => ({ kind: 'card', value: `CARD${unique()}` }) },
    'shopper.identifiers.remove': { who: ['shopper'], input: () => ({ id: 999_999 }) },
    'shopper.memberCode': { who: ['shopper'] },
    'pos.identify': { who: ['terminal'], input: () => ({ by: 'phone', value: '+12065550111' }) },
    'pos.enroll': { who: ['terminal'], input: () => ({ email: `till${unique()}@example.com` }) },
    'pos.quote': { who: ['terminal'], input: () => ({ memberId: memberId(), order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) }) },
    'pos.hold': { who: ['terminal'], input: () => ({ holdId: randomUUID(), memberId: memberId(), rewardId: 'customize-drink' }) },
    'pos.release': { who: ['terminal'], input: () => ({ holdId: randomUUID() }) },
    'pos.checkout': { who: ['terminal'], input: () => ({ orderId: `o-${unique()}`, memberId: memberId(), order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]) }) },
    'pos.refund': { who: ['terminal'], input: () => ({ orderId: 'no-such-order', refundId: `r-${unique()}`, lines: [{ lineId: 'l1', quantity: 1 }] }) },
    'pos.void': { who: ['terminal'], input: () => ({ orderId: 'no-such-order' }) },
    'integration.recordOrder': { who: ['integration'], input: () => ({ orderId: `w-${unique()}`, member: { memberId: memberId() }, order: basket([{ sku: 'beans', category: 'packaged-coffee', unitPrice: 1500 }]) }) },
    'integration.refund': { who: ['integration'], input: () => ({ orderId: 'no-such-order', refundId: `r-${unique()}`, lines: [{ lineId: 'l1', quantity: 1 }] }) },
    'integration.recordEvent': { who: ['integration'], input: () => ({ eventId: `e-${unique()}`, member: { memberId: memberId() }, type: 'app-download' }) },
    'manager.program.get': { who: read },
    'manager.program.validate': { who: read, input: () => ({ document: starbucksDemoProgram }) },
    'manager.program.saveDraft': { who: write, input: () => ({ document: starbucksDemoProgram }) },
    'manager.program.simulate': { who: read, input: () => ({ document: starbucksDemoProgram, orders: [{ order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 500 }]), channel: 'pos' }] }) },
    'manager.program.publish': { who: write, input: () => ({ effectiveAt: new Date(Date.now() + 86_400_000).toISOString() }) },
    'manager.program.versions': { who: read },
    'manager.members.search': { who: membersRead, input: () => ({ q: 'example' }) },
    'manager.members.get': { who: membersRead, input: () => ({ memberId: memberId() }) },
    'manager.members.history': { who: membersRead, input: () => ({ memberId: memberId() }) },
    'manager.members.adjust': { who: members, input: () => ({ memberId: memberId(), points: 1, reason: 'matrix test', idempotencyKey: `adj-${unique()}` }) },
    'manager.members.merge': { who: members, input: () => ({ fromMemberId: randomUUID(), intoMemberId: memberId() }) },
    'manager.stores.list': { who: read },
    'manager.stores.create': { who: write, input: () => ({ id: `s-${unique()}`, name: 'Pike Place' }) },
    'manager.keys.list': { who: read },
    'manager.keys.create': { who: write, input: () => ({ kind: 'integration', channel: 'app' }) },
    'manager.keys.revoke': { who: write, input: () => ({ id: randomUUID() }) },
    'manager.audit.list': { who: read },
    'manager.analytics.summary': { who: read, input: () => ({ from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }) },
    'manager.analytics.series': { who: read, input: () => ({ metric: 'issued', bucket: 'month', from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }) },
    'manager.webhooks.list': { who: read },
    'manager.webhooks.create': { who: write, input: () => ({ url: 'https://hooks.example.com/omniloyal' }) },
    'manager.webhooks.delete': { who: write, input: () => ({ id: randomUUID() }) },
    'manager.webhooks.deliveries': { who: read, input: () => ({}) },
  };
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' } }>;

/** Every procedure path the router serves, e.g. `pos.checkout`. */
export function procedurePaths(): string[] {
  return Object.keys(procedures);
}

export function procedureType(path: string): 'query' | 'mutation' {
  return procedures[path]!._def.type;
}
