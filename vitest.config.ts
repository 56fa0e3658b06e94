import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/model/**/*.test.ts', 'test/machine/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/islands/**/*.test.ts'],
          environment: 'node',
        },
      },
      { test: { name: 'content', include: ['test/content/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
    ],
  },
});
