import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { Db } from '@omniloyal/ledger';
import type { AddressInfo } from 'node:net';
import { buildServer, type ServerOptions } from '../server.ts';
import type { AppRouter } from '../root.ts';

/** The real server on a free port, for tests that go over HTTP like a till or a browser would. */
export async function startServer(db: Db, options: Partial<ServerOptions> = {}) {
  const app = await buildServer({ db, serveApps: false, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, url, close: () => app.close() };
}

export type ApiClient = TRPCClient<AppRouter>;

/**
 * A typed client as a till (Bearer key) or a browser (cookie jar: the session cookie a login sets is
 * sent back on later calls).
 */
export function apiClient(url: string, auth: { key?: string; cookie?: string } = {}): ApiClient {
  let cookie = auth.cookie;
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/trpc`,
        headers: () => ({
          ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
          ...(cookie ? { cookie } : {}),
        }),
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          const set = response.headers.get('set-cookie');
          if (set) cookie = set.split(';')[0];
          return response;
        },
      }),
    ],
  });
  cookies.set(client, () => cookie);
  return client;
}

// A tRPC client is a proxy where every property is a procedure path, so the jar lives beside it.
const cookies = new WeakMap<object, () => string | undefined>();

/** The session cookie a client currently sends, if any. */
export function cookieOf(client: ApiClient): string | undefined {
  return cookies.get(client)?.();
}
