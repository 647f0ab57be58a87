import { defineConfig } from 'vitest/config';
import { postgresBin } from './tests/helpers/postgres.ts';

/** Integration tests about SQLite itself (its file, its writer, its migrations) and the slow end-to-end kinds. */
const SQLITE_ONLY = [
  'tests/integration/guess-writer.test.ts',
  'tests/integration/migrations.test.ts',
  'tests/integration/faults.test.ts',
  'tests/integration/fuzz.test.ts',
  'tests/integration/examples*.test.ts',
  // A fake clock moves in steps while requests wait on it: storage must answer within a step (SQLite's does; the
  // limits' SQL is the same on PostgreSQL, where sign-in.test.ts checks it on the real clock).
  'tests/integration/service-clock.test.ts',
  'tests/integration/sign-in-limits.test.ts',
  // The HTTP layer (timeouts, connection caps, static files, the request log) does not touch the database.
  'tests/integration/slow-clients.test.ts',
  'tests/integration/static-files.test.ts',
  'tests/integration/server-log.test.ts',
];

const postgres = postgresBin();
if (!postgres) console.log('PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/postgres): the integration tests run on SQLite only');

export default defineConfig({
  test: {
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
    projects: [
      // Several instances need PostgreSQL: the cluster test runs in the PostgreSQL project only.
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: ['tests/integration/cluster.test.ts'], globalSetup: ['tests/global-setup.ts'] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: ['tests/integration/**/*.test.ts'],
                exclude: SQLITE_ONLY,
                globalSetup: ['tests/global-setup.ts', 'tests/global-setup-postgres.ts'],
                env: { GD_TEST_STORE: 'postgresql' },
              },
            },
          ]
        : []),
    ],
  },
});
