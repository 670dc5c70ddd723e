import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One process per core (the machine has two), each running test files one after another.
    pool: 'forks',
    maxWorkers: 2,
    // The files share their worker's loaded modules instead of loading them again for each file:
    // that halves the suite's CPU time. No test mocks modules or patches globals, and every file
    // stops the mocks and servers it starts.
    isolate: false,
  },
});
