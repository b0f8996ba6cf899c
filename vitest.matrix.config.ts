import { defineConfig } from 'vitest/config';

// `npm run test:matrix` only (scripts/test-matrix.mjs): the hello case of every runtime id, with the
// integration project's engine setup and timeouts. Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/matrix/**/*.test.ts'],
    globalSetup: ['test/helpers/integration-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
