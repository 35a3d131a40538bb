import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '@omniloyal/ledger';
import { basket, newOrderId } from './testing/fixtures.ts';
import { startServer } from './testing/http.ts';
import { useTestProgram } from './testing/use-test-program.ts';

const s = useTestProgram();
let server: Awaited<ReturnType<typeof startServer>>;
let memberId: string;

beforeAll(async () => {
  server = await startServer(s.t.db);
  memberId = (await createMember(s.t.db, { programId: s.p.programId, identifiers: [{ kind: 'phone', value: '+15550001111' }], enrolledChannel: 'pos' })).id;
});
afterAll(async () => server?.close());

interface Call {
  path: string;
  /** The input as the client sends it (JSON text), or undefined for none. */
  input?: string;
  method: 'GET' | 'POST';
  key?: string;
}

interface Answer {
  result?: { data?: unknown };
  error?: { data: { code: string } };
}

async function send(call: Call, batch: boolean) {
  const headers: Record<string, string> = call.key ? { authorization: `Bearer ${call.key}` } : {};
  // a batch of one: the same call, through tRPC's own adapter
  const input = batch && call.input !== undefined ? `{"0":${call.input}}` : call.input;
  const query = new URLSearchParams(batch ? { batch: '1' } : {});
  if (call.method === 'GET' && input !== undefined) query.set('input', input);
  const url = `${server.url}/trpc/${call.path}${query.size ? `?${query}` : ''}`;
  const response = await fetch(url, call.method === 'GET'
    ? { headers }
    : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: input ?? '' });
  const body = (await response.json()) as Answer | Answer[];
  return { status: response.status, body: Array.isArray(body) ? body[0]! : body };
}

/** The answer without a receipt's `replayed` flag: the second of two identical checkouts is a replay. */
function firstTime(answer: Awaited<ReturnType<typeof send>>) {
  const data = answer.body.result?.data;
  return data && typeof data === 'object' && 'replayed' in data ? { ...answer, body: { result: { data: { ...data, replayed: false } } } } : answer;
}

describe('tRPC over HTTP: a single call answered directly', () => {
  const sale = () => JSON.stringify({ orderId: newOrderId('direct'), memberId, order: basket([{ sku: 'latte', category: 'beverage', unitPrice: 550 }]) });
  const cases: [string, () => Call][] = [
    ['a checkout', () => ({ path: 'pos.checkout', method: 'POST', key: s.p.keys.terminal, input: sale() })],
    ['a query', () => ({ path: 'pos.identify', method: 'GET', key: s.p.keys.terminal, input: '{"by":"phone","value":"+15550001111"}' })],
    ['a domain error (no such member)', () => ({ path: 'pos.identify', method: 'GET', key: s.p.keys.terminal, input: '{"by":"phone","value":"+15559999999"}' })],
    ['bad input, naming the field', () => ({ path: 'pos.checkout', method: 'POST', key: s.p.keys.terminal, input: `{"orderId":"x-1","memberId":"${memberId}"}` })],
    ['a body that is not JSON', () => ({ path: 'pos.checkout', method: 'POST', key: s.p.keys.terminal, input: '{"orderId":' })],
    ['an empty body', () => ({ path: 'pos.checkout', method: 'POST', key: s.p.keys.terminal })],
    ['a query without input', () => ({ path: 'auth.me', method: 'GET' })],
    ['a revoked or unknown key', () => ({ path: 'pos.checkout', method: 'POST', key: 'olk_not-a-real-key', input: sale() })],
    ['no credential', () => ({ path: 'pos.checkout', method: 'POST', input: sale() })],
    ['the wrong kind of credential', () => ({ path: 'manager.stores.list', method: 'GET', key: s.p.keys.terminal })],
  ];

  it.each(cases)('answers %s exactly as tRPC answers the same call in a batch of one', async (_name, make) => {
    const call = make();
    const direct = await send(call, false);
    const viaAdapter = await send(call, true);
    expect(firstTime(direct)).toEqual(firstTime(viaAdapter));
  });

  it('answers each kind of outcome with its own status', async () => {
    const statuses = await Promise.all(cases.map(async ([, make]) => (await send(make(), false)).status));
    expect(statuses).toEqual([200, 200, 404, 400, 400, 400, 200, 401, 401, 403]);
  });

  it('answers a reused order id with other content CONFLICT, as the adapter does', async () => {
    const orderId = newOrderId('direct-conflict');
    const first = { path: 'pos.checkout', method: 'POST' as const, key: s.p.keys.terminal, input: JSON.stringify({ orderId, memberId, order: basket([{ sku: 'latte', category: 'beverage', unitPrice: 550 }]) }) };
    expect((await send(first, false)).status).toBe(200);
    const other = { ...first, input: JSON.stringify({ orderId, memberId, order: basket([{ sku: 'mocha', category: 'beverage', unitPrice: 650 }]) }) };
    const direct = await send(other, false);
    expect(direct.status).toBe(409);
    expect(direct).toEqual(await send(other, true));
  });

  it('leaves what it does not answer to tRPC: a method that does not suit the procedure, an unknown path', async () => {
    const wrongMethod = await fetch(`${server.url}/trpc/pos.identify`, { method: 'POST', headers: { authorization: `Bearer ${s.p.keys.terminal}`, 'content-type': 'application/json' }, body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as Answer).error?.data.code).toBe('METHOD_NOT_SUPPORTED');
    const unknown = await fetch(`${server.url}/trpc/pos.nothing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
  });
});
