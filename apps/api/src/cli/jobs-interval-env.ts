import { z } from 'zod';
import { CliError } from './program-option.ts';

const DEFAULT_SECONDS = 30;

const seconds = z.coerce.number().int().min(1).max(86_400);

/**
 * How often the server runs its background jobs (expiry, releases, webhooks, tiers), from
 * JOBS_INTERVAL_SECONDS: 30 s by default. Shorter delivers webhooks and releases holds sooner at the
 * cost of more idle runs; every server of a deployment may run them (the jobs claim their work). A bad
 * value is a CliError, reported as one line.
 */
export function jobsIntervalMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.JOBS_INTERVAL_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_SECONDS * 1000;
  const parsed = seconds.safeParse(raw.trim());
  if (!parsed.success) throw new CliError(`JOBS_INTERVAL_SECONDS: must be a whole number of seconds from 1 to 86400, not ${JSON.stringify(raw)}`);
  return parsed.data * 1000;
}
