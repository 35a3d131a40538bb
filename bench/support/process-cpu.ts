/**
 * CPU time of processes on this machine, from /proc (Linux; clock ticks of 10 ms): what the benches
 * print per request to show where the cores went.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU milliseconds of each local Postgres process by pid: all of them, or only the backends connected
 * to `database`. Empty when Postgres does not run on this machine.
 */
export function postgresCpuMs(database?: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ours = database === undefined
        ? readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres'
        : (() => {
          const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
          return title.startsWith('postgres: ') && title.includes(` ${database} `);
        })();
      if (ours) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // the process ended while we looked
    }
  }
  return byPid;
}

/** CPU milliseconds the same Postgres processes used since `before` (processes that ended in between are not counted). */
export function postgresCpuMsSince(before: Map<number, number>, database?: string): number {
  let total = 0;
  for (const [pid, ms] of postgresCpuMs(database)) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** The whole machine's CPU time so far, in clock ticks, from /proc/stat's first line (all cores). */
export interface MachineCpu {
  busy: number;
  idle: number;
  /** Time the hypervisor ran something else while this VM wanted the core. */
  steal: number;
}

export function machineCpu(): MachineCpu {
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    .trim().split(/\s+/).slice(1, 9).map(Number) as [number, number, number, number, number, number, number, number];
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/**
 * How the machine's cores were spent between two readings, as shares of the time: a bench that leaves
 * cores idle is held back by something other than CPU, and one whose VM lost time to steal measured a
 * slower machine than its neighbours' runs did.
 */
export function machineCpuShares(before: MachineCpu, after: MachineCpu): MachineCpu {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = Math.max(1, busy + idle + steal);
  const share = (ticks: number) => Math.round((ticks / total) * 1000) / 1000;
  return { busy: share(busy), idle: share(idle), steal: share(steal) };
}

/** A thread's time on a core and waiting in a run queue for one, so far (nanoseconds). */
export interface ThreadSched {
  runNs: number;
  waitNs: number;
}

/**
 * A process's main thread's, from /proc/<pid>/task/<pid>/schedstat (the kernel's scheduler statistics; the
 * main thread's id is the pid); undefined where the kernel does not keep them or the process is gone.
 */
export function threadSched(pid: number): ThreadSched | undefined {
  try {
    const [runNs, waitNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
    return Number.isFinite(runNs) && Number.isFinite(waitNs) ? { runNs, waitNs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Shares of `seconds` a thread spent running and waiting for a core (`spent`: the difference of two
 * readings, or their sum over several threads' differences). A thread that
 * runs or waits nearly all the time (runnable near 1) is what a single-threaded server's pace is held by;
 * time waiting means the cores were busy with something else at that moment.
 */
export function threadShares(spent: ThreadSched, seconds: number): { running: number; waitingForCore: number } {
  const share = (ns: number) => Math.round((ns / (seconds * 1e9)) * 1000) / 1000;
  return { running: share(spent.runNs), waitingForCore: share(spent.waitNs) };
}
