/**
 * pgbench's TPC-B tps, the reference every throughput bench prints its figures beside: run against the
 * same server in the same run, in a database of its own (scale 8, 8 clients, 2 threads).
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';

export const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PGBENCH_DB = 'omniloyal_bench_pgbench';

export function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a connection to the server's admin database. */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (forcing out connections) and creates a database. */
export async function recreateDatabase(database: string): Promise<void> {
  await admin(async (client) => {
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.query(`create database "${database}"`);
  });
}

export async function dropDatabase(database: string): Promise<void> {
  await admin((client) => client.query(`drop database if exists "${database}" with (force)`));
}

/** Flushes dirty buffers before a measurement, so no phase pays for the previous one's checkpoint. */
export async function checkpoint(): Promise<void> {
  await admin((client) => client.query('checkpoint'));
}

function pgbenchArgs(): string[] {
  const url = new URL(urlFor(PGBENCH_DB));
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), PGBENCH_DB];
}

const pgbenchEnv = () => ({ ...process.env, PGPASSWORD: decodeURIComponent(new URL(adminUrl).password) });

export async function pgbenchInit(): Promise<void> {
  await recreateDatabase(PGBENCH_DB);
  execFileSync('pgbench', ['-i', '-s', '8', '-q', ...pgbenchArgs()], { env: pgbenchEnv(), stdio: 'pipe' });
}

/** TPC-B tps over `seconds`, 8 clients (excluding connection time). */
export async function pgbenchTps(seconds: number): Promise<number> {
  await checkpoint();
  const out = execFileSync('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), '-n', ...pgbenchArgs()], { env: pgbenchEnv(), encoding: 'utf8' });
  const match = /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(out);
  if (!match) throw new Error(`cannot read pgbench tps from:\n${out}`);
  return round(Number(match[1]));
}

export async function pgbenchDrop(): Promise<void> {
  await dropDatabase(PGBENCH_DB);
}

export const round = (n: number) => Math.round(n * 100) / 100;

/** The value at fraction `p` (0–1) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
