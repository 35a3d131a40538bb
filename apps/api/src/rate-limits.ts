import { TRPCError } from '@trpc/server';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitSettings {
  /** Login attempts per email per 15 minutes, and per client address per minute. */
  loginPerEmail: number;
  loginPerAddress: number;
  /** Requests per second for one terminal or integration key. */
  keyPerSecond: number;
}

export const defaultRateLimits: RateLimitSettings = { loginPerEmail: 10, loginPerAddress: 30, keyPerSecond: 2_000 };

/**
 * In-process limiters (rate-limiter-flexible). With N servers behind one address a client gets at most
 * N times the limit, which still stops guessing passwords and runaway tills.
 */
export function createRateLimiters(settings: RateLimitSettings = defaultRateLimits) {
  const loginEmail = new RateLimiterMemory({ points: settings.loginPerEmail, duration: 15 * 60 });
  const loginAddress = new RateLimiterMemory({ points: settings.loginPerAddress, duration: 60 });
  const key = new RateLimiterMemory({ points: settings.keyPerSecond, duration: 1 });
  return {
    async login(address: string, email: string): Promise<void> {
      await consume(loginAddress, address);
      await consume(loginEmail, email.trim().toLowerCase());
    },
    async key(keyId: string): Promise<void> {
      await consume(key, keyId);
    },
  };
}
export type RateLimiters = ReturnType<typeof createRateLimiters>;

async function consume(limiter: RateLimiterMemory, subject: string): Promise<void> {
  try {
    await limiter.consume(subject);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.ceil(error.msBeforeNext / 1000);
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many requests; try again in ${seconds} s` });
    }
    throw error;
  }
}
