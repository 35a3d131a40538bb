/**
 * A throwaway Postgres cluster of our own, for tests and scripts that restart Postgres or need a
 * streaming replica: never the machine's shared cluster on 5432. Debian's binaries, run as the
 * `postgres` OS user when we are root, trust auth on 127.0.0.1 only, a free port in 54330–54399,
 * `wal_level=replica`. Always `stop()` it (in a finally): that stops the server and deletes its files.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TempPostgres {
  port: number;
  dataDir: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Restart the server. `immediate` is a crash (recovery from WAL on start); `fast` a clean stop. */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stop only (files kept; `start()` brings it back). */
  halt(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** A streaming replica of this cluster (pg_basebackup -R), started on its own free port. */
  makeReplica(): Promise<TempPostgres>;
  /** Stop the server and delete its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a Postgres binary as the `postgres` user when we are root (initdb and postgres refuse root). */
async function pgTool(tool: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  const { stdout } = await run(file, argv, { timeout: timeoutMs });
  return stdout;
}

async function makeDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(uid.trim()), Number(gid.trim()));
  }
  return dir;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const claimed = new Set<number>();

/** Clusters still running: stopped and deleted if this process exits without `stop()` (a failed run). */
const live = new Map<string, string[]>();
process.once('exit', () => {
  for (const [dataDir, owned] of live) {
    try {
      const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', dataDir, 'stop', '-m', 'immediate']] : [join(PG_BIN, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate']];
      execFileSync(file, argv, { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already stopped
    }
    for (const dir of owned) rmSync(dir, { recursive: true, force: true });
  }
});
async function freePort(): Promise<number> {
  // Start at a random offset so parallel test files rarely race for the same port.
  const offset = Math.floor(Math.random() * 70);
  for (let i = 0; i < 70; i++) {
    const port = 54330 + ((offset + i) % 70);
    if (claimed.has(port)) continue;
    if (await portIsFree(port)) {
      claimed.add(port);
      return port;
    }
  }
  throw new Error('no free port in 54330–54399 for a temporary Postgres');
}

function settings(port: number, dataDir: string): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dataDir}'`,
    'wal_level = replica',
    'max_wal_senders = 5',
    'hot_standby = on',
    'max_connections = 200',
    'shared_buffers = 128MB',
    'logging_collector = off',
    '',
  ].join('\n');
}

function cluster(dataDir: string, port: number, owned: string[]): TempPostgres {
  const log = join(dataDir, '..', `${port}.log`);
  const ctl = (args: string[]) => pgTool('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', ...args]);
  let stopped = false;
  live.set(dataDir, owned);
  const self: TempPostgres = {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => void (await ctl(['start'])),
    halt: async (mode = 'fast') => void (await ctl(['stop', '-m', mode])),
    restart: async (mode = 'fast') => {
      await ctl(['stop', '-m', mode]);
      await ctl(['start']);
    },
    async makeReplica() {
      const parent = await makeDir('omniloyal-replica-');
      const replicaDir = join(parent, 'data');
      const replicaPort = await freePort();
      await pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
      // The copy carries the primary's settings; only the port and the socket directory differ.
      appendFileSync(join(replicaDir, 'postgresql.auto.conf'), `\nport = ${replicaPort}\nunix_socket_directories = '${replicaDir}'\n`);
      const replica = cluster(replicaDir, replicaPort, [parent]);
      await replica.start();
      return replica;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (existsSync(join(dataDir, 'postmaster.pid'))) await ctl(['stop', '-m', 'immediate']);
      } finally {
        live.delete(dataDir);
        claimed.delete(port);
        for (const dir of owned) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return self;
}

/** initdb + start a new cluster (about 1–2 s on this machine). */
export async function startTempPostgres(): Promise<TempPostgres> {
  const parent = await makeDir('omniloyal-pg-');
  const dataDir = join(parent, 'data');
  const port = await freePort();
  let pg: TempPostgres | undefined;
  try {
    await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    appendFileSync(join(dataDir, 'postgresql.conf'), settings(port, dataDir));
    writeFileSync(
      join(dataDir, 'pg_hba.conf'),
      ['host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', 'local all all trust', 'local replication all trust', ''].join('\n'),
    );
    pg = cluster(dataDir, port, [parent]);
    await pg.start();
    return pg;
  } catch (error) {
    if (pg) await pg.stop().catch(() => {});
    else rmSync(parent, { recursive: true, force: true });
    claimed.delete(port);
    throw error;
  }
}

/** Polls `pg_isready` until the server answers or the deadline passes. */
export async function waitForPostgres(port: number, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      await run(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], { timeout: 5_000 });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`Postgres on ${port} not ready after ${deadlineMs} ms`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
