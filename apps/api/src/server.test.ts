import { describe, expect, it } from 'vitest';
import { buildServer } from './server.ts';
import { apiClient, startServer } from './testing/http.ts';
import { dbKind } from '@omniloyal/ledger';
import { checkoutGroupCounts } from './services/checkout-record.ts';
import { callerFor } from './testing/test-context.ts';
import { basket, newOrderId, signUpShopper, TEST_PASSWORD } from './testing/fixtures.ts';
import { useTestProgram } from './testing/use-test-program.ts';

const s = useTestProgram();

describe('the server', () => {
  it('answers /health with the database status', async () => {
    const app = await buildServer({ db: s.t.db, serveApps: false });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
    await app.close();
  });

  it('tags every response with a request id, keeping a well-formed one the caller sent', async () => {
    const app = await buildServer({ db: s.t.db, serveApps: false });
    const mine = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'till-7-req-0001' } });
    expect(mine.headers['x-request-id']).toBe('till-7-req-0001');
    const junk = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });

  it('logs one line per request, with its request id and path and without its query', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await buildServer({ db: s.t.db, serveApps: false, logger: { level: 'info', stream: { write: (line) => lines.push(JSON.parse(line)) } } });
    // The query holds letters, not digits: a digit string could turn up by chance in a line's time or pid.
    await app.inject({ method: 'GET', url: '/health?input=%7B%22email%22%3A%22query-secret%40example.com%22%7D', headers: { 'x-request-id': 'till-7-req-0002' } });
    await app.close();
    const mine = lines.filter((line) => line.reqId === 'till-7-req-0002');
    expect(mine).toEqual([expect.objectContaining({ msg: 'request completed', method: 'GET', path: '/health', statusCode: 200 })]);
    expect(JSON.stringify(lines)).not.toMatch(/query-secret|input=/);
  });

  it('exposes Prometheus metrics with request latency per route', async () => {
    const app = await buildServer({ db: s.t.db, serveApps: false });
    await app.inject({ method: 'GET', url: '/health' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/omniloyal_http_request_duration_seconds_count\{route="\/health",status="200"\} 1/);
    expect(metrics.body).toMatch(/omniloyal_process_resident_memory_bytes/);
    await app.close();
  });

  it('shows in /metrics the grouped sale writes: calls, sales and seconds with a call in flight', async () => {
    const app = await buildServer({ db: s.t.db, serveApps: false });
    const { memberId } = await signUpShopper(s.t.db, s.p, 'metrics@example.com');
    const till = callerFor(s.t.db, s.p.terminal);
    const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
    const before = { ...checkoutGroupCounts(s.t.db) };
    await Promise.all([1, 2, 3].map(() => till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) })));
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const gauge = (measure: string) => Number(new RegExp(`omniloyal_checkout_writes\\{measure="${measure}"\\} (\\S+)`).exec(body)?.[1]);
    const counts = checkoutGroupCounts(s.t.db);
    expect(gauge('calls')).toBe(counts.calls);
    expect(gauge('sales')).toBe(counts.requests);
    expect(gauge('busy_seconds')).toBeCloseTo(counts.busyMs / 1000, 6);
    if (dbKind(s.t.db) === 'postgres') {
      // on a pool the three sales went through the group, and its calls took time
      expect(counts.requests - before.requests).toBe(3);
      expect(counts.busyMs).toBeGreaterThan(before.busyMs);
    }
    await app.close();
  });

  it('finishes a request in flight when it shuts down, and takes no new ones', async () => {
    const app = await buildServer({ db: s.t.db, serveApps: false });
    let entered!: () => void;
    let release!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.addHook('preHandler', async (request) => {
      if (request.url === '/health') {
        entered();
        await gate;
      }
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const inFlight = fetch(`${url}/health`);
    await inHandler;
    const closing = app.close();
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    await closing;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('keeps sessions in httpOnly SameSite cookies that expire', async () => {
    const server = await startServer(s.t.db);
    try {
      const response = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'analyst.a@example.com', password: TEST_PASSWORD }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^omniloyal_session=ses_[\w-]+;/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
      expect(expires - Date.now()).toBeGreaterThan(11 * 3_600_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
    } finally {
      await server.close();
    }
  });

  it('limits login attempts per email, then answers TOO_MANY_REQUESTS', async () => {
    const server = await startServer(s.t.db, { rateLimits: { loginPerEmail: 3, loginPerAddress: 100 } });
    try {
      const client = apiClient(server.url);
      const attempt = async () => {
        try {
          await client.auth.login.mutate({ email: 'owner.a@example.com', password: 'wrong password' });
          return 'OK';
        } catch (error) {
          return (error as { data?: { code?: string } }).data?.code ?? 'unknown';
        }
      };
      expect([await attempt(), await attempt(), await attempt(), await attempt()]).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);
      // The right password is refused too while the limit lasts: guessing cannot continue.
      await expect(client.auth.login.mutate({ email: 'owner.a@example.com', password: TEST_PASSWORD })).rejects.toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
    } finally {
      await server.close();
    }
  });

  it('limits requests per terminal key', async () => {
    const server = await startServer(s.t.db, { rateLimits: { keyPerSecond: 2 } });
    try {
      const till = apiClient(server.url, { key: s.p.keys.terminal });
      const codes = await Promise.all(
        [1, 2, 3].map(() =>
          till.pos.identify.query({ by: 'phone', value: '+12065550100' }).then(
            () => 'OK',
            (error: { data?: { code?: string } }) => error.data?.code ?? 'unknown',
          ),
        ),
      );
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
