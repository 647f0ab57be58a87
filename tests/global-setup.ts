import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Once per run: the Prisma client exists and the pages are built from the current sources (the server serves them). */
export default function setup(): () => void {
  // Each project of the run (SQLite, PostgreSQL) lists this setup: the first one does the work.
  if (process.env.GD_TEST_TMP) return () => undefined;
  if (!existsSync(resolve(root, 'server/store/generated/client.ts')) || !existsSync(resolve(root, 'server/store/generated-pg/client.ts'))) {
    execFileSync(process.execPath, [resolve(root, 'scripts/prisma-generate.mjs')], { cwd: root, stdio: 'inherit' });
  }
  if (process.env.SKIP_CLIENT_BUILD !== '1') {
    execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  // Each run has its own folder of test databases, so two runs side by side never delete each other's files.
  const tmp = resolve(root, 'tests/.tmp', `run-${process.pid}`);
  process.env.GD_TEST_TMP = tmp;
  return () => rmSync(tmp, { recursive: true, force: true });
}
