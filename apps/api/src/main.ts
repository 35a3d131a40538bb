import { dbKind } from '@omniloyal/ledger';
import { buildServer } from './server.ts';
import { openDb } from './cli/open-db.ts';
import { CliError } from './cli/program-option.ts';
import { demoOnFirstBoot } from './seed/first-boot.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { webhookDestinationsFromEnv } from './cli/webhook-destinations-env.ts';
import { jobsIntervalMsFromEnv } from './cli/jobs-interval-env.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
/** A bad setting (a CliError) stops the server with its one-line message, not a stack trace. */
function exitOnCliError(error: unknown): never {
  if (!(error instanceof CliError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Read once here and handed to the API and the jobs; nothing deeper reads the environment.
const { webhookDestinations, jobsIntervalMs } = (() => {
  try {
    return { webhookDestinations: webhookDestinationsFromEnv(), jobsIntervalMs: jobsIntervalMsFromEnv() };
  } catch (error) {
    return exitOnCliError(error);
  }
})();

const { db, readDb, close } = await openDb().catch(exitOnCliError);
// The demo is for the embedded database (a fresh `npm start`); a real Postgres is never seeded unasked.
if (dbKind(db) === 'pglite' && process.env.OMNILOYAL_DEMO !== 'off') {
  await demoOnFirstBoot(db, { baseUrl: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, log: (line) => console.log(line) });
}
const app = await buildServer({ db, ...(readDb ? { readDb } : {}), logger: true, webhookDestinations });
await app.listen({ port, host });
if (webhookDestinations.allowPrivateNetworks) app.log.warn('WEBHOOK_ALLOW_PRIVATE_NETWORKS=1: webhooks may go to loopback and private addresses over plain http (development only)');
const scheduler = startScheduler(db, { intervalMs: jobsIntervalMs, log: app.log, settings: { webhookDestinations } });
console.log(`Omniloyal API on http://${host}:${port} (database: ${dbKind(db)})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await scheduler.stop();
    await app.close();
    await close();
    process.exit(0);
  });
}
