import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const demoKeysFile = fileURLToPath(new URL('../../../.data/demo-keys.json', import.meta.url));
const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /pos/demo-config.json: the demo till key that the first boot wrote to `.data/demo-keys.json`, so
 * the cashier screen opens ready to sell on a developer's machine. Only for requests from this machine
 * (the socket's own address, never a forwarded header), and only while that file exists.
 */
export function registerPosDemoConfig(app: FastifyInstance, options: { file?: string } = {}): void {
  const file = options.file ?? demoKeysFile;
  app.get('/pos/demo-config.json', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!loopback.has(request.socket.remoteAddress ?? '')) return reply.code(404).send({ error: 'Not Found' });
    try {
      const keys = JSON.parse(await readFile(file, 'utf8')) as { terminalKey?: unknown; storeId?: unknown };
      if (typeof keys.terminalKey !== 'string') return reply.code(404).send({ error: 'Not Found' });
      return { terminalKey: keys.terminalKey, ...(typeof keys.storeId === 'string' ? { storeId: keys.storeId } : {}) };
    } catch {
      return reply.code(404).send({ error: 'Not Found' });
    }
  });
}
