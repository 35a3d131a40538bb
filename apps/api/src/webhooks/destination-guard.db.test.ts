import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { callerFor } from '../testing/test-context.ts';
import { setupProgram, signUpShopper, type ProgramFixture } from '../testing/fixtures.ts';
import { fanOutWebhookEvents } from './fan-out.ts';
import { deliverDueWebhooks, type WebhookFetch } from './deliver.ts';
import { startTestReceiver } from './test-receiver.ts';

const HOUR = 3600_000;
const devNetwork = { allowPrivateNetworks: true };

/** The field a BAD_REQUEST names: zod's path for a shape error, the message's "field: " prefix otherwise. */
async function refusedField(attempt: Promise<unknown>): Promise<{ code: string; field: string; message: string }> {
  const error = await attempt.then(
    () => { throw new Error('expected the registration to be refused'); },
    (refusal: { code: string; message: string; cause?: unknown }) => refusal,
  );
  if (error.cause instanceof ZodError) {
    const issue = error.cause.issues[0]!;
    return { code: error.code, field: issue.path.join('.'), message: issue.message };
  }
  const [, field = '', message = ''] = /^(\w+): (.*)$/s.exec(error.message) ?? [];
  return { code: error.code, field, message };
}

describe.each(testTargets())('webhook destinations on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  let memberId: string;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db);
    ({ memberId } = await signUpShopper(t.db, p, `destinations-${target}@example.com`));
  });
  afterAll(async () => t?.destroy());

  let adjustments = 0;
  /** One points.adjusted event in the outbox, fanned out to the endpoints that want it. */
  async function adjustmentEvent(now: Date) {
    adjustments += 1;
    await callerFor(t.db, p.managers.owner).manager.members.adjust({ memberId, points: 1, reason: 'test', idempotencyKey: `dest-${target}-${adjustments}` });
    await fanOutWebhookEvents(t.db, { now });
  }

  it.each([
    ['https://127.0.0.1/hooks', /must not point at 127\.0\.0\.1, a loopback address/],
    ['https://2130706433/hooks', /must not point at 127\.0\.0\.1, a loopback address/],
    ['https://10.0.0.5/hooks', /must not point at 10\.0\.0\.5, a private network address/],
    ['https://169.254.169.254/latest/meta-data/', /must not point at 169\.254\.169\.254, a link-local address/],
    ['https://[::1]/hooks', /must not point at ::1, a loopback address/],
    ['https://[::ffff:127.0.0.1]/hooks', /a loopback address \(IPv4 127\.0\.0\.1\)/],
    ['https://[fd12:3456::1]/hooks', /a unique-local address/],
    ['https://[ff02::1]/hooks', /a multicast address/],
    ['https://0.0.0.0/hooks', /the unspecified address/],
    ['https://localhost:8443/hooks', /must not point at localhost, this server itself/],
    ['https://admin.localhost/hooks', /must not point at admin\.localhost/],
    ['https://user:pass@example.com/hooks', /must not contain a user name or password/],
    ['http://hooks.example.com/x', /must use https:\/\//],
    ['ftp://example.com/hooks', /http:\/\/ or https:\/\//],
  ])('registration refuses %s, naming the url field', async (url, reason) => {
    const refused = await refusedField(callerFor(t.db, p.managers.owner).manager.webhooks.create({ url }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', field: 'url', message: expect.stringMatching(reason) });
    expect(await callerFor(t.db, p.managers.owner).manager.webhooks.list()).toEqual([]);
  });

  it('registration accepts a public https URL, and private ones only with the escape hatch on', async () => {
    const owner = callerFor(t.db, p.managers.owner);
    const endpoint = await owner.manager.webhooks.create({ url: 'https://hooks.example.com/x' });
    expect(endpoint.url).toBe('https://hooks.example.com/x');
    const local = await callerFor(t.db, p.managers.owner, { webhookDestinations: devNetwork }).manager.webhooks.create({ url: 'http://127.0.0.1:9/hooks' });
    expect(local.url).toBe('http://127.0.0.1:9/hooks');
    // Even then, credentials in the URL and other schemes are refused.
    const withCredentials = callerFor(t.db, p.managers.owner, { webhookDestinations: devNetwork }).manager.webhooks.create({ url: 'http://user:pass@127.0.0.1:9/hooks' });
    expect(await refusedField(withCredentials)).toMatchObject({ code: 'BAD_REQUEST', field: 'url' });
    for (const { id } of [endpoint, local]) await owner.manager.webhooks.delete({ id });
  });

  it('a public name resolving to a loopback address gets no request; the attempt is recorded and retried with backoff', async () => {
    const owner = callerFor(t.db, p.managers.owner);
    const endpoint = await owner.manager.webhooks.create({ url: 'https://hooks.example.com/rebind', eventTypes: ['points.adjusted'] });
    const asked: string[] = [];
    const sent: string[] = [];
    const fetchStub: WebhookFetch = async (url) => {
      sent.push(url);
      return new Response('ok', { status: 200 });
    };
    let answers = ['93.184.215.14', '127.0.0.1'];
    const resolveHost = async (host: string) => {
      asked.push(host);
      return answers;
    };

    const start = new Date();
    await adjustmentEvent(start);
    // One public address is not enough: fetch may connect to any of them.
    expect(await deliverDueWebhooks(t.db, { now: start, resolveHost, fetch: fetchStub })).toMatchObject({ attempted: 1, delivered: 0, failed: 0 });
    expect(asked).toEqual(['hooks.example.com']);
    expect(sent).toEqual([]);
    const [refused] = (await owner.manager.webhooks.deliveries({ endpointId: endpoint.id })).items;
    expect(refused).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: null,
      lastError: 'destination refused: hooks.example.com resolves to 127.0.0.1, a loopback address; webhooks go only to public addresses',
    });
    // Not due again until the backoff has passed, like any failed attempt.
    expect(new Date(refused!.nextAttemptAt!).getTime()).toBeGreaterThan(start.getTime());
    expect(await deliverDueWebhooks(t.db, { now: new Date(start.getTime() + 1_000), resolveHost, fetch: fetchStub })).toMatchObject({ attempted: 0 });

    // Once the name resolves to public addresses only, the retry goes out.
    answers = ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'];
    expect(await deliverDueWebhooks(t.db, { now: new Date(start.getTime() + HOUR), resolveHost, fetch: fetchStub })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(sent).toEqual(['https://hooks.example.com/rebind']);
    expect((await owner.manager.webhooks.deliveries({ endpointId: endpoint.id })).items).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 2, responseStatus: 200, lastError: null }),
    ]);
    await owner.manager.webhooks.delete({ id: endpoint.id });
  });

  it('a name that answers public to the check and loopback when the connection dials it is never connected to', async () => {
    // A listener on the loopback address the name turns to: any connection to it would be the rebinding getting through.
    let connections = 0;
    const listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const owner = callerFor(t.db, p.managers.owner);
      const port = (listener.address() as AddressInfo).port;
      const endpoint = await owner.manager.webhooks.create({ url: `https://rebind.example.com:${port}/hook`, eventTypes: ['points.adjusted'] });
      const asked: string[] = [];
      // zero-TTL rebinding: public for the first question, loopback from then on
      const resolveHost = async (host: string) => {
        asked.push(host);
        return asked.length === 1 ? ['93.184.215.14'] : ['127.0.0.1'];
      };
      const start = new Date();
      await adjustmentEvent(start);
      expect(await deliverDueWebhooks(t.db, { now: start, resolveHost })).toMatchObject({ attempted: 1, delivered: 0 });
      // the check, then the connection's own lookup, which refused to dial
      expect(asked).toEqual(['rebind.example.com', 'rebind.example.com']);
      expect(connections).toBe(0);
      const [refused] = (await owner.manager.webhooks.deliveries({ endpointId: endpoint.id })).items;
      expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
      expect(refused!.lastError).toContain('destination refused: rebind.example.com resolves to 127.0.0.1, a loopback address');
      await owner.manager.webhooks.delete({ id: endpoint.id });
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('the local receiver gets events with the escape hatch on; with it off, nothing is sent and the delivery fails at once', async () => {
    let secret = '';
    const receiver = await startTestReceiver({ secret: () => secret });
    try {
      const owner = callerFor(t.db, p.managers.owner, { webhookDestinations: devNetwork });
      const endpoint = await owner.manager.webhooks.create({ url: receiver.url, eventTypes: ['points.adjusted'] });
      secret = endpoint.secret;

      const now = new Date();
      await adjustmentEvent(now);
      expect(await deliverDueWebhooks(t.db, { now, destinations: devNetwork })).toMatchObject({ attempted: 1, delivered: 1 });
      expect(receiver.received).toEqual([expect.objectContaining({ verified: true, answered: 200 })]);

      // The same endpoint once the deployment no longer allows private networks (the default).
      await adjustmentEvent(now);
      expect(await deliverDueWebhooks(t.db, { now })).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
      expect(receiver.received).toHaveLength(1);
      const failed = await owner.manager.webhooks.deliveries({ endpointId: endpoint.id, status: 'failed' });
      expect(failed.items).toEqual([
        expect.objectContaining({ attempts: 1, responseStatus: null, lastError: expect.stringMatching(/^destination refused: url must use https:\/\//) }),
      ]);
      // A URL refused in itself is never retried.
      expect(await deliverDueWebhooks(t.db, { now: new Date(now.getTime() + 48 * HOUR) })).toMatchObject({ attempted: 0 });
      await owner.manager.webhooks.delete({ id: endpoint.id });
    } finally {
      await receiver.close();
    }
  });
});
