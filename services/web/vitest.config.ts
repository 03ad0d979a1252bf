import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    // One file drives one seeded server and one browser. The demo seed takes about
    // two minutes on two idle cores, and more while other suites run beside it.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
