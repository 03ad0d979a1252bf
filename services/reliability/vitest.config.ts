import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    globalSetup: ['@fleksi/test-support/global-setup'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
