import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { staleParts } from '../scripts/ensure-build.mjs';
import { buildServer } from '../scripts/build-server.mjs';

const root = resolve(import.meta.dirname, '..');

/**
 * Once per run: the Prisma clients exist, the pages are built from the current sources (the server serves them),
 * and the server is built (dist/server/main.js: the tests that start the server as a process run it with node).
 */
export default async function setup(): Promise<() => void> {
  // Each project of the run (SQLite, PostgreSQL) lists this setup: the first one does the work.
  if (process.env.GD_TEST_TMP) return () => undefined;
  if (!existsSync(resolve(root, 'server/store/generated/client.ts')) || !existsSync(resolve(root, 'server/store/generated-pg/client.ts'))) {
    execFileSync(process.execPath, [resolve(root, 'scripts/prisma-generate.mjs')], { cwd: root, stdio: 'inherit' });
  }
  if (process.env.SKIP_CLIENT_BUILD !== '1') {
    // Vitest sets NODE_ENV=test, which would make Vite bundle the development builds of Lit (larger, chattier):
    // the tests serve the pages a class gets.
    execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  // Rebuilt only when a source it is made of changed, so a run beside another does not pull it from under its servers.
  if (staleParts().server) await buildServer();
  // Each run has its own folder of test databases, so two runs side by side never delete each other's files.
  const tmp = resolve(root, 'tests/.tmp', `run-${process.pid}`);
  process.env.GD_TEST_TMP = tmp;
  return () => rmSync(tmp, { recursive: true, force: true });
}
