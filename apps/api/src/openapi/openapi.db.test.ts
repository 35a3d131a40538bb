import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { buildServer } from '../server.ts';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { registerPosDemoConfig } from '../pos-demo-config.ts';
import { posOutputs } from './pos-outputs.ts';

let t: TestDb;
let program: ProgramFixture;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  t = await createTestDb();
  program = await setupProgram(t.db);
  app = await buildServer({ db: t.db, serveApps: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await t?.destroy();
});

type Doc = { openapi: string; paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>; components: { schemas: Record<string, { required?: string[] }> } };

/** A till in another language: plain fetch, following only what /openapi.json says. */
async function call(doc: Doc, name: string, input: unknown): Promise<{ status: number; body: any }> {
  const path = `/trpc/pos.${name}`;
  const operation = doc.paths[path]!;
  const headers = { authorization: `Bearer ${program.keys.terminal}`, 'content-type': 'application/json' };
  const response = operation.get
    ? await fetch(`${base}${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: await response.json() };
}

describe('GET /openapi.json', () => {
  it('describes every pos procedure, and a till using plain HTTP by it gets the answers it describes', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['checkout', 'enroll', 'hold', 'identify', 'quote', 'refund', 'release', 'void'].map((n) => `/trpc/pos.${n}`));
    expect(Object.keys(doc.paths['/trpc/pos.identify']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/trpc/pos.checkout']!)).toEqual(['post']);
    expect(doc.components.schemas.CheckoutInput!.required).toEqual(expect.arrayContaining(['orderId', 'order']));
    expect(doc.components.schemas.RefundInput!.required).toEqual(expect.arrayContaining(['orderId', 'refundId', 'lines']));

    const enrolled = await call(doc, 'enroll', { phone: '+12025550177', name: 'Grace Hopper' });
    expect(enrolled.status).toBe(200);
    posOutputs.enroll.parse(enrolled.body.result.data);
    const member = await call(doc, 'identify', { by: 'phone', value: '+12025550177' });
    const memberId = posOutputs.identify.parse(member.body.result.data).memberId;
    const order = {
      occurredAt: new Date().toISOString(),
      lines: [
        { lineId: 'l1', sku: 'drip', category: 'brewed-coffee', quantity: 1, unitPrice: 295 },
        { lineId: 'l2', sku: 'shot', category: 'customization', quantity: 1, unitPrice: 125 },
      ],
      payments: [{ method: 'card', amount: 420 }],
      currency: 'USD',
    };
    posOutputs.quote.parse((await call(doc, 'quote', { memberId, order })).body.result.data);
    const holdId = '0190a6c2-7c1a-7000-8000-000000000001';
    posOutputs.hold.parse((await call(doc, 'hold', { holdId, memberId, rewardId: 'customize-drink' })).body.result.data);
    posOutputs.release.parse((await call(doc, 'release', { holdId })).body.result.data);
    const receipt = posOutputs.checkout.parse((await call(doc, 'checkout', { orderId: 'plain-http-1', memberId, order, redeem: [{ rewardId: 'customize-drink' }] })).body.result.data);
    expect(receipt).toMatchObject({ redeemed: [{ rewardId: 'customize-drink', points: 25 }], earned: { points: 2 } });
    posOutputs.refund.parse((await call(doc, 'refund', { orderId: 'plain-http-1', refundId: 'plain-http-1-r1', lines: [{ lineId: 'l1', quantity: 1 }] })).body.result.data);
    posOutputs.refund.parse((await call(doc, 'void', { orderId: 'plain-http-1' })).body.result.data);

    const conflict = await call(doc, 'checkout', { orderId: 'plain-http-1', memberId, order: { ...order, currency: 'USD', payments: [] } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ message: expect.any(String), data: { code: 'CONFLICT', httpStatus: 409 } });
    const bad = await call(doc, 'refund', { orderId: 'plain-http-1', refundId: 'x', lines: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data.fields).toEqual([expect.objectContaining({ path: 'lines' })]);
  });
});

describe('GET /pos/demo-config.json', () => {
  it('gives the demo till key to this machine only, and only when the demo keys file exists', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'demo-keys-'));
    const file = join(folder, 'demo-keys.json');
    const server = Fastify();
    registerPosDemoConfig(server, { file });
    try {
      expect((await server.inject({ url: '/pos/demo-config.json', remoteAddress: '127.0.0.1' })).statusCode).toBe(404);
      await writeFile(file, JSON.stringify({ terminalKey: 'tk_demo', integrationKey: 'ik_secret', storeId: 'store-1' }));
      const local = await server.inject({ url: '/pos/demo-config.json', remoteAddress: '127.0.0.1' });
      expect(local.json()).toEqual({ terminalKey: 'tk_demo', storeId: 'store-1' });
      expect((await server.inject({ url: '/pos/demo-config.json', remoteAddress: '::1' })).statusCode).toBe(200);
      const remote = await server.inject({ url: '/pos/demo-config.json', remoteAddress: '192.168.1.20', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(remote.statusCode).toBe(404);
    } finally {
      await server.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
