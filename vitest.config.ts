import { defineConfig } from 'vitest/config';

// Integration and e2e tests share one Redis; each test uses its own key prefix, so files may run in
// parallel. Timeouts are generous because CI machines are busy, not because tests are slow.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
