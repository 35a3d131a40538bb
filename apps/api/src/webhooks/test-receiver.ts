import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  attempt: number;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  answered: number;
}

/**
 * A real HTTP receiver for tests: answers 500 to the first `failFirst` attempts of each webhook id,
 * then 200, and checks every request's signature with the standardwebhooks package (a bad one → 401).
 */
export async function startTestReceiver(options: { secret: () => string; failFirst?: number; alwaysFail?: boolean }) {
  const received: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      let verified = false;
      try {
        new Webhook(options.secret()).verify(payload, headerRecord(req.headers));
        verified = true;
      } catch {
        verified = false;
      }
      const answered = !verified ? 401 : options.alwaysFail || attempt <= (options.failFirst ?? 0) ? 500 : 200;
      received.push({ id, attempt, verified, body: JSON.parse(payload), answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]));
}
