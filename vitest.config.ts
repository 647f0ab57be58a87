import { defineConfig } from 'vitest/config';
import { postgresBin } from './tests/helpers/postgres.ts';

/** Integration tests about SQLite itself (its file, its writer, its migrations) and the slow end-to-end kinds. */
const SQLITE_ONLY = [
  'tests/integration/guess-writer.test.ts',
  'tests/integration/migrations.test.ts',
  'tests/integration/faults.test.ts',
  'tests/integration/data-protection.test.ts',
  'tests/integration/storage-faults.test.ts',
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

/**
 * Tests that bound how late a result may be (within 100 ms of readyAt under a flood, within 1 s across instances):
 * they run after the rest, two at a time, so that the other files' servers and browsers are not what they measure.
 */
const TIMED = ['tests/integration/flood.test.ts', 'tests/integration/cluster.test.ts'];

/**
 * Files at once in the first group. Most files wait on timers, sockets and browsers (two at a time kept the two
 * cores ~52 % busy), so three keep them busier; GD_TEST_WORKERS overrides it.
 */
const WORKERS = Number(process.env.GD_TEST_WORKERS ?? 3);

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
    maxWorkers: WORKERS,
    reporters: ['default'],
    projects: [
      // Several instances need PostgreSQL: the cluster test runs in the PostgreSQL project only.
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: ['tests/integration/cluster.test.ts', ...TIMED], globalSetup: ['tests/global-setup.ts'] } },
      { extends: true, test: { name: 'sqlite-timed', include: TIMED, exclude: ['tests/integration/cluster.test.ts'], maxWorkers: 2, sequence: { groupOrder: 1 }, globalSetup: ['tests/global-setup.ts'] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: ['tests/integration/**/*.test.ts'],
                exclude: [...SQLITE_ONLY, ...TIMED],
                globalSetup: ['tests/global-setup.ts', 'tests/global-setup-postgres.ts'],
                env: { GD_TEST_STORE: 'postgresql' },
              },
            },
            {
              extends: true as const,
              test: {
                name: 'postgresql-timed',
                include: TIMED,
                exclude: SQLITE_ONLY,
                maxWorkers: 2,
                sequence: { groupOrder: 1 },
                globalSetup: ['tests/global-setup.ts', 'tests/global-setup-postgres.ts'],
                env: { GD_TEST_STORE: 'postgresql' },
              },
            },
          ]
        : []),
    ],
  },
});
