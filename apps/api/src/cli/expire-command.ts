import type { Command } from 'commander';
import { runJobsOnce } from '../jobs/run-jobs-once.ts';
import { allJobs, jobNamed } from '../jobs/all-jobs.ts';
import { withDb } from './open-db.ts';
import { CliError } from './program-option.ts';
import { webhookDestinationsFromEnv } from './webhook-destinations-env.ts';

function parseNow(value: string | undefined): Date {
  if (!value) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new CliError(`--now: "${value}" is not a date-time like 2026-07-01T00:00:00Z`);
  return now;
}

function printTotals(totals: Record<string, Record<string, number>>): void {
  for (const [job, detail] of Object.entries(totals)) {
    console.log(`${job}: ${Object.entries(detail).map(([key, value]) => `${key} ${value}`).join(', ') || 'nothing to do'}`);
  }
}

export function expireCommand(program: Command): void {
  program
    .command('expire')
    .description('expire due points now: release expired holds, make pending points available, expire due lots, send "expiring soon" notices')
    .option('--now <iso>', 'act as if it were this time (default: now)')
    .action(async (options: { now?: string }) => {
      const now = parseNow(options.now);
      const jobs = ['release-expired-holds', 'release-pending', 'expire-lots', 'expiring-soon'].map((name) => jobNamed(name)!);
      printTotals(await withDb((db) => runJobsOnce(db, { now, jobs })));
    });

  program
    .command('run-jobs')
    .description(`run every background job once, as the server does on its schedule (${allJobs.map((j) => j.name).join(', ')})`)
    .option('--now <iso>', 'act as if it were this time (default: now)')
    .option('--job <name>', 'run only this job')
    .action(async (options: { now?: string; job?: string }) => {
      const now = parseNow(options.now);
      const job = options.job ? jobNamed(options.job) : undefined;
      if (options.job && !job) throw new CliError(`--job: no job named ${options.job}; jobs are ${allJobs.map((j) => j.name).join(', ')}`);
      // As the server does: webhooks go to private networks only where WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 says so.
      const settings = { webhookDestinations: webhookDestinationsFromEnv() };
      printTotals(await withDb((db) => runJobsOnce(db, { now, settings, ...(job ? { jobs: [job] } : {}) })));
    });
}
