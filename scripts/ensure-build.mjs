// `npm start` after a pull: regenerate the Prisma client and rebuild the pages and the server when a source they
// are made from changed since they were built. Kept cheap (a few hundred stat calls): it runs before every start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (...p) => resolve(ROOT, ...p);
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -Infinity);

function newestUnder(dir) {
  let newest = -Infinity;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether the tools that build (esbuild, vite, the Prisma CLI) are installed: not in a production install. */
export function hasBuildTools() {
  return ['esbuild', 'vite', 'prisma'].every((p) => existsSync(at('node_modules', p, 'package.json')));
}

/** What is out of date: the Prisma client, the pages, the server bundle. */
export function staleParts() {
  const client = at('server/store/generated/client.ts');
  const prisma = mtime(client) < mtime(at('prisma/schema.prisma'));
  const pagesBuilt = mtime(at('dist/client/index.html'));
  const pages = pagesBuilt < Math.max(newestUnder(at('client')), newestUnder(at('shared')), mtime(at('vite.config.ts')));
  let server = true;
  const record = at('dist/server/inputs.json');
  if (!prisma && existsSync(record) && existsSync(at('dist/server/main.js'))) {
    const { builtAt, inputs } = JSON.parse(readFileSync(record, 'utf8'));
    server = inputs.some((input) => mtime(at(input)) > builtAt) || mtime(at('scripts/build-server.mjs')) > builtAt;
  }
  return { prisma, pages, server };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => execFileSync(npm, ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });

/** Builds what is out of date (everything with `force`). */
export async function buildAll({ force = false } = {}) {
  const stale = force ? { prisma: true, pages: true, server: true } : staleParts();
  if (stale.prisma) run('generate');
  if (stale.pages) {
    execFileSync(process.execPath, [at('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    console.log('gd-arena: pages built into dist/client');
  }
  if (stale.server || stale.prisma) run('build:server');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (hasBuildTools()) await buildAll();
  else if (!existsSync(at('dist/server/main.js'))) {
    console.error('gd-arena: no build in dist/server and no build tools to make one: run `npm install`, then `npm start`.');
    process.exit(1);
  }
}
