import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    // One PostgreSQL server for the run: DATABASE_URL, else testcontainers, else embedded.
    globalSetup: ['@fleksi/test-support/global-setup'],
    // A smoke run of one workload takes 10 to 30 s on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
