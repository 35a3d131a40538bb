import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Concurrency needs real connections (PGlite is one): that file runs only where Postgres is configured.
    exclude: process.env.DATABASE_URL ? [] : ['src/**/*.concurrency.db.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
