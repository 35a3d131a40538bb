import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundleApi, bundleFile } from '../../scripts/bundle.ts';

const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const apiDir = fileURLToPath(new URL('../../', import.meta.url));

export interface ApiProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** The last ~64 KB of stdout and stderr, for failure messages. */
  output(): string;
  /** The scheduler's "background jobs ran" log lines, parsed: what this process's jobs did. */
  jobRuns(): Record<string, Record<string, number>>[];
  /** kill -9: no shutdown hook runs, requests in flight are cut. */
  kill9(): Promise<void>;
  /** SIGTERM: the graceful shutdown main.ts installs. */
  stop(): Promise<void>;
}

/** A free loopback port (the kernel picks; we let it go and the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The servers this process started that are still running: killed when this process exits, crash included.
 * A bench or test that died mid-run left its server behind, whose background jobs then ran every 30 s, with
 * the real clock, on the next run's database of the same name (a demo seed failed when they expired its
 * history's points under it).
 */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

/** dist/main.js is built once per test or bench process, however many servers it starts (the sources do not change meanwhile). */
let bundled: Promise<void> | undefined;

/**
 * The real API as its own OS process: `node --import tsx src/main.ts` (one process, so a kill -9 hits
 * the server itself, not a wrapper), or with `built` what `npm start` runs, dist/main.js, built afresh
 * first, once per calling process (the benches measure the production build). On DATABASE_URL, with its job scheduler. Resolves once GET /health answers 200, polling with a deadline.
 */
export async function startApiProcess(options: { databaseUrl: string; port?: number; env?: Record<string, string>; readyWithinMs?: number; nodeArgs?: string[]; built?: boolean }): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  if (options.built) await (bundled ??= bundleApi());
  const entry = options.built ? ['--enable-source-maps', bundleFile] : ['--import', 'tsx', mainFile];
  // nodeArgs: flags for node itself, such as --cpu-prof (not allowed in NODE_OPTIONS)
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(port), HOST: '127.0.0.1', OMNILOYAL_DEMO: 'off', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last 64 KB or more of output, as chunks: under load the server writes a log line per request,
  // and copying a 64 KB string per line cost the benches' client more CPU than its requests did.
  const chunks: string[] = [];
  let kept = 0;
  let partial = '';
  const jobRuns: Record<string, Record<string, number>>[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    chunks.push(text);
    kept += text.length;
    while (kept - chunks[0]!.length >= 65_536) kept -= chunks.shift()!.length;
    const pending = partial + text;
    const end = pending.lastIndexOf('\n');
    if (end >= 0 && pending.includes('background jobs ran')) {
      for (const line of pending.slice(0, end).split('\n')) if (line.includes('background jobs ran')) jobRuns.push(JSON.parse(line).jobs);
    }
    partial = pending.slice(end + 1);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  running.add(child);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve(signal ?? String(code));
  }));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const api: ApiProcess = {
    url,
    port,
    pid: child.pid!,
    child,
    exited,
    output: () => chunks.join('').slice(-65_536),
    jobRuns: () => jobRuns,
    async kill9() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await waitUntil(async () => {
      if (gone) throw new Error(`the API exited before it was ready:\n${api.output()}`);
      return (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;
    }, options.readyWithinMs ?? 45_000, `the API on ${port} to answer /health`);
  } catch (error) {
    await api.kill9();
    throw error;
  }
  return api;
}

/** Polls `condition` (about every 25 ms) until it is true; throws after `withinMs`. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
