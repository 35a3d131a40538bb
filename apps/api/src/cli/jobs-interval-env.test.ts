import { describe, expect, it } from 'vitest';
import { jobsIntervalMsFromEnv } from './jobs-interval-env.ts';

describe('JOBS_INTERVAL_SECONDS', () => {
  it('defaults to 30 s and takes whole seconds', () => {
    expect(jobsIntervalMsFromEnv({})).toBe(30_000);
    expect(jobsIntervalMsFromEnv({ JOBS_INTERVAL_SECONDS: '' })).toBe(30_000);
    expect(jobsIntervalMsFromEnv({ JOBS_INTERVAL_SECONDS: '5' })).toBe(5_000);
    expect(jobsIntervalMsFromEnv({ JOBS_INTERVAL_SECONDS: ' 600 ' })).toBe(600_000);
  });

  it('refuses anything else, naming the setting', () => {
    for (const bad of ['0', '-5', '1.5', 'soon', '86401', '   ']) {
      expect(() => jobsIntervalMsFromEnv({ JOBS_INTERVAL_SECONDS: bad }), bad).toThrow(/^JOBS_INTERVAL_SECONDS: must be a whole number of seconds from 1 to 86400/);
    }
  });
});
