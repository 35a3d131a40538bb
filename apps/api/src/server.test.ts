import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { buildServer } from './server.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.destroy());

it('answers /health with the database status', async () => {
  const app = await buildServer({ db: t.db });
  const response = await app.inject({ method: 'GET', url: '/health' });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  await app.close();
});
