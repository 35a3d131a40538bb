/**
 * Group commit: requests that arrive while `maxInFlight` calls are already running wait in a queue, and
 * the next call posts the whole queue at once — one round trip and one commit for all of them. Each
 * commit costs Postgres a WAL flush and Node a round trip (on a small machine, mostly system calls), a
 * fixed cost per call rather than per request, so under concurrency this multiplies throughput; a
 * request that arrives when nothing is running goes at once, alone, so a quiet system waits for nothing.
 *
 * Sending waits for the end of the current turn of the event loop: requests that arrive in one turn
 * leave together, not the first one alone. The exception is the end of a call that leaves none in flight:
 * what queued while it ran goes at once (see `send`).
 *
 * `postMany` must isolate the requests of one call from each other (each succeeds or fails on its own)
 * and answer only after its transaction committed, so an acknowledged request is durable. A call that
 * fails as a whole fails each of its requests with that error.
 */
export type GroupAnswer<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** `I` is what a request carries: the postings' serialised JSON by default, or any value (a read's keys). */
export interface GroupCommitOptions<R, I = string> {
  /** Posts several requests in one call; answers in request order. */
  postMany: (items: I[]) => Promise<GroupAnswer<R>[]>;
  /** Posts a request that travels alone, when that is cheaper than a batch of one. */
  postOne?: (item: I) => Promise<R>;
  maxInFlight?: number;
  maxBatch?: number;
  /**
   * For calls that queue behind each other on one pipelined connection: a call is sent while another is in
   * flight only once the queue holds this share of the last call's requests; until then they wait, and go
   * when a call ends. Without it the first request to arrive would go alone right behind the running call,
   * and the calls would alternate between full and nearly empty ones, each paying a call's fixed cost.
   */
  minShareBehind?: number;
}

interface Waiting<R, I> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<R, I = string> {
  /**
   * Calls made and requests posted through this group (tests read them to see requests shared calls), and
   * the milliseconds during which a call was in flight: with one call at a time, near all of the time means
   * the calls are the bottleneck of everything that waits on them (bench:api prints it; /metrics shows it).
   */
  readonly counts = { calls: 0, requests: 0, busyMs: 0 };
  private busySince = 0;
  private readonly queue: Waiting<R, I>[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly minShareBehind: number;
  private lastBatch = 0;

  constructor(private readonly options: GroupCommitOptions<R, I>) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxBatch = options.maxBatch ?? 100;
    this.minShareBehind = options.minShareBehind ?? 0;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Whether a call may be sent now. */
  private mayPost(): boolean {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return false;
    return this.inFlight === 0 || this.queue.length >= this.lastBatch * this.minShareBehind;
  }

  private pump(): void {
    if (this.flushScheduled || !this.mayPost()) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.send();
    });
  }

  private send(): void {
    while (this.mayPost()) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.lastBatch = batch.length;
      if (this.inFlight++ === 0) this.busySince = performance.now();
      void this.post(batch).finally(() => {
        if (--this.inFlight > 0) return this.pump();
        this.counts.busyMs += performance.now() - this.busySince;
        // None left in flight: what queued while the call ran goes at once rather than at the end of this
        // turn, which also runs the answers' continuations and whatever other I/O is ready: meanwhile the
        // database would sit idle. bench:api, 20-s runs alternated on one VM: the checkouts' write calls were
        // in flight 89-91% of the time instead of 87-88%, and the in-process checkouts (no HTTP) reached
        // 0.85-0.93x pgbench instead of 0.79-0.86x (five rounds); over HTTP, where the API's own thread is as
        // busy as the writes, 0.77-0.80x against 0.75-0.81x.
        this.send();
      });
    }
  }

  private async post(batch: Waiting<R, I>[]): Promise<void> {
    this.counts.calls++;
    this.counts.requests += batch.length;
    const { postOne, postMany } = this.options;
    if (batch.length === 1 && postOne) {
      const only = batch[0]!;
      await postOne(only.item).then(only.resolve, only.reject);
      return;
    }
    let answers: GroupAnswer<R>[];
    try {
      answers = await postMany(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => {
      const answer = answers[i]!;
      if (answer.ok) waiting.resolve(answer.value);
      else waiting.reject(answer.error);
    });
  }
}

/** One group per pool (or other owner), made on first use. */
export function groupPer<K extends object, R, I = string>(make: (owner: K) => GroupCommit<R, I>): (owner: K) => GroupCommit<R, I> {
  const groups = new WeakMap<K, GroupCommit<R, I>>();
  return (owner) => {
    let group = groups.get(owner);
    if (!group) {
      group = make(owner);
      groups.set(owner, group);
    }
    return group;
  };
}
