import type { FastifyInstance } from 'fastify';
import { buildServer } from '@omniloyal/api';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { setupProgram, type ProgramFixture } from '@omniloyal/api/testing';

export interface ApiUnderTest {
  t: TestDb;
  program: ProgramFixture;
  /** `http://127.0.0.1:<port>`: stays the same across stop() and start(). */
  url: string;
  /** Closes the HTTP server: the till sees connection refused, as when the network drops. */
  stop(): Promise<void>;
  /** Serves again on the same port. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** The real API over HTTP on a fresh database with one program, store and till key. */
export async function startApi(options: { serveApps?: boolean } = {}): Promise<ApiUnderTest> {
  const t = await createTestDb();
  const program = await setupProgram(t.db);
  let app: FastifyInstance | undefined;
  let port = 0;
  const start = async () => {
    app = await buildServer({ db: t.db, serveApps: options.serveApps ?? false });
    await app.listen({ port, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  };
  const stop = async () => {
    if (!app) return;
    const closing = app.close();
    // A dropped network cuts every connection. close() alone ends only idle ones and waits for the rest: a
    // request in flight, or a socket Chromium opened ahead and never used, held a till test's stop() past
    // its 60-s limit once (a full PGlite `npm test`, 2026-11-23).
    app.server.closeAllConnections();
    await closing;
    app = undefined;
  };
  await start();
  return {
    t,
    program,
    url: `http://127.0.0.1:${port}`,
    stop,
    start,
    async destroy() {
      await stop();
      await t.destroy();
    },
  };
}

/** A till basket in the demo program's categories; amounts in cents. */
export function tillOrder(lines: { sku: string; category: string; unitPrice: number; quantity?: number }[], occurredAt?: string) {
  const items = lines.map((line, i) => ({ lineId: `l${i + 1}`, sku: line.sku, category: line.category, quantity: line.quantity ?? 1, unitPrice: line.unitPrice }));
  const total = items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { ...(occurredAt ? { occurredAt } : {}), lines: items, payments: [{ method: 'card', amount: total }], currency: 'USD' };
}
