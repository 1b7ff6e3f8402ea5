import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database and end-to-end suites each start their own embedded database or server; two cores
    // are all this project may assume, so keep the worker count small and predictable.
    pool: 'forks',
    maxWorkers: 2,
  },
});
