import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { apiClient, cookieOf, startServer } from './testing/http.ts';
import { setupProgram, TEST_PASSWORD, type ProgramFixture } from './testing/fixtures.ts';
import { procedurePaths, procedureSamples, procedureType, type Who } from './testing/procedure-samples.ts';
import { callerFor } from './testing/test-context.ts';

/**
 * Random and malformed input to every procedure over HTTP, as a careless or hostile client would send
 * it: never a 500, never a stack trace, a BAD_REQUEST always names the field, and a rejected request
 * changes nothing in the ledger.
 */
let t: TestDb;
let p: ProgramFixture;
let server: Awaited<ReturnType<typeof startServer>>;
let memberId: string;
const headers = {} as Record<Who, Record<string, string>>;
const samples = procedureSamples({ memberId: () => memberId });
// CI runs a dozen cases per procedure; FUZZ_RUNS=200 digs deeper before a release.
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db);
  server = await startServer(t.db, { rateLimits: { loginPerAddress: 100_000, loginPerEmail: 100_000 } });
  const shopper = apiClient(server.url);
  memberId = (await shopper.auth.signup.mutate({ email: 'fuzz@example.com', password: 'a long password', programId: p.programId })).memberId;
  await callerFor(t.db, p.managers.owner).manager.members.adjust({ memberId, points: 100_000, reason: 'fuzz funds', idempotencyKey: 'fuzz-funds' });
  headers.anonymous = {};
  headers.shopper = { cookie: cookieOf(shopper)! };
  headers.terminal = { authorization: `Bearer ${p.keys.terminal}` };
  headers.integration = { authorization: `Bearer ${p.keys.integration}` };
  for (const role of ['owner', 'manager', 'analyst', 'support'] as const) {
    const client = apiClient(server.url);
    await client.auth.login.mutate({ email: `${role}.a@example.com`, password: TEST_PASSWORD });
    headers[role] = { cookie: cookieOf(client)! };
  }
});
afterAll(async () => {
  await server?.close();
  await t?.destroy();
});

/** Rows of every table a write could touch: a rejected request must leave all of them as they were. */
async function footprint(): Promise<string> {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*) from ledger_transactions)::int as transactions, (select count(*) from ledger_entries)::int as entries,
    (select count(*) from point_lots)::int as lots, (select coalesce(sum(remaining), 0) from point_lots)::int as remaining,
    (select count(*) from holds where status = 'active')::int as holds, (select count(*) from orders)::int as orders,
    (select count(*) from refunds)::int as refunds, (select count(*) from members)::int as members,
    (select count(*) from identifiers)::int as identifiers, (select count(*) from program_versions)::int as versions,
    (select count(*) from api_keys)::int as keys, (select count(*) from stores)::int as stores`.execute(t.db);
  return JSON.stringify(rows[0]);
}

async function send(path: string, who: Who, input: unknown): Promise<{ status: number; body: any }> {
  const hasInput = input !== undefined;
  const response =
    procedureType(path) === 'query'
      ? await fetch(`${server.url}/trpc/${path}${hasInput ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`, { headers: headers[who] })
      : await fetch(`${server.url}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers[who], 'content-type': 'application/json' },
          ...(hasInput ? { body: JSON.stringify(input) } : {}),
        });
  return { status: response.status, body: await response.json() };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The sample with one value somewhere inside replaced by `value` (or removed when value is undefined). */
function mutate(sample: Json, pick: number, value: Json | undefined): Json | undefined {
  const spots: { parent: any; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach((child, i) => (spots.push({ parent: node, key: i }), walk(child)));
    else if (node && typeof node === 'object') for (const [k, child] of Object.entries(node)) spots.push({ parent: node, key: k }), walk(child);
  };
  const copy = structuredClone(sample);
  walk(copy);
  if (spots.length === 0) return value;
  const spot = spots[pick % spots.length]!;
  if (value === undefined && !Array.isArray(spot.parent)) delete spot.parent[spot.key];
  else spot.parent[spot.key] = value ?? null;
  return copy;
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('', ' ', -1, 0, 1.5, 2 ** 53, -(2 ** 60), 1e308, '9'.repeat(400), 'x'.repeat(10_000), "'; drop table members; --", '../../etc/passwd', '\u0000', '😀', [], {}, true, null),
);

describe('bad input over HTTP', () => {
  for (const path of procedurePaths()) {
    const sample = samples[path]!;
    const who = sample.who.includes('anonymous') ? 'anonymous' : sample.who[0]!;
    it(`${path} (${who})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.option(hostile, { nil: undefined }), fc.boolean(), async (pick, value, whole) => {
          const base = (sample.input?.() ?? {}) as Json;
          const input = whole ? value : mutate(base, pick, value);
          const before = await footprint();
          const { status, body } = await send(path, who, input);
          expect(status, JSON.stringify(body)).toBeLessThan(500);
          if (status >= 400) {
            const error = body.error;
            expect(error.data.code).not.toBe('INTERNAL_SERVER_ERROR');
            expect(JSON.stringify(error)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
            if (error.data.code === 'BAD_REQUEST') expect(error.message).toMatch(/^[A-Za-z_$][\w$]*(\[\d+\]|\.[\w$]+)*: \S/);
            expect(await footprint()).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
