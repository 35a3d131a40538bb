import { createDb, dbKind } from '@omniloyal/ledger';
import { buildServer } from './server.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const db = await createDb();
const app = await buildServer({ db, logger: true });
await app.listen({ port, host });
console.log(`Omniloyal API on http://${host}:${port} (database: ${dbKind(db)})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await db.destroy();
    process.exit(0);
  });
}
