import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One embedded PostgreSQL for the whole run when TEST_DATABASE_URL does not name a server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database and end-to-end suites each create a database and start bots; two cores are all this project
    // may assume, so keep the worker count small and predictable.
    pool: 'forks',
    maxWorkers: 2,
  },
});
