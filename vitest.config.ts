import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser and process tests start servers and Chromium: two at a time on a 2-core machine.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
