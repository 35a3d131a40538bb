import { defineConfig } from 'vitest/config';

// Browser tests start a real server and Chromium: slow to boot, so generous timeouts and one file at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
