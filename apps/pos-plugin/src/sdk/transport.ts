import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@omniloyal/api';
import { PosError, toPosError } from './errors.ts';

export interface RetryPolicy {
  /** Further attempts after the first, for network errors, timeouts and 5xx. Never for 4xx. */
  retries: number;
  /** The first backoff; each retry doubles it up to `maxDelayMs`, and a random jitter spreads tills apart. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TransportOptions {
  /** The API's origin, e.g. `https://loyalty.example.com`; tRPC lives under `/trpc`. */
  url: string;
  terminalKey: string;
  /** Per attempt; default 8 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof globalThis.fetch;
  /** How to wait between retries; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  /** Told after every call whether the API was reached (any HTTP answer) or not. */
  onReachability?: (reachable: boolean) => void;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 4_000 };

export interface Transport {
  readonly trpc: TRPCClient<AppRouter>;
  /** Runs one call with timeout and retries; failures come out as PosError. */
  call<T>(procedure: string, run: (trpc: TRPCClient<AppRouter>) => Promise<T>, options?: { retries?: number }): Promise<T>;
}

/** "Full jitter" backoff: a random wait up to the exponential ceiling, so tills coming back together do not stampede. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export function createTransport(options: TransportOptions): Transport {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 8_000;
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  const timedFetch: typeof globalThis.fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return baseFetch(input, { ...init, signal });
  };

  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${options.url.replace(/\/+$/, '')}/trpc`,
        fetch: timedFetch,
        headers: () => ({ authorization: `Bearer ${options.terminalKey}` }),
      }),
    ],
  });

  async function call<T>(procedure: string, run: (client: TRPCClient<AppRouter>) => Promise<T>, callOptions: { retries?: number } = {}): Promise<T> {
    const retries = callOptions.retries ?? policy.retries;
    for (let attempt = 0; ; attempt++) {
      let failure: PosError;
      try {
        const result = await run(trpc);
        options.onReachability?.(true);
        return result;
      } catch (error) {
        failure = toPosError(error, procedure);
      }
      options.onReachability?.(!failure.isNetwork);
      if (!failure.retryable || attempt >= retries) throw failure;
      await sleep(backoffDelay(policy, attempt, random));
    }
  }

  return { trpc, call };
}

export { PosError };
