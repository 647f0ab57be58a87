import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker imports the server's modules (mathjs, TensorFlow.js, Prisma) once, not once per file: ~60 s of a run.
    // Safe while no test mocks modules or leaves fake timers or globals behind (none does: keep it so). Each file
    // still builds its own app on its own database.
    isolate: false,
    // Browser and process tests start servers and Chromium: two at a time on a 2-core machine.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
