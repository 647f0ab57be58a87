// `prisma generate` needs no schema engine, but the CLI looks for one: point it at any existing file when the
// engine could not be downloaded (this machine, CI), so generation works offline.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('prisma CLI not installed; run npm install');
  process.exit(1);
}
// One client per provider: SQLite's from the source of truth, PostgreSQL's from the schema derived from it.
execFileSync(process.execPath, [fileURLToPath(new URL('./prisma-schemas.mjs', import.meta.url))], { stdio: 'inherit' });
execFileSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
execFileSync(process.execPath, [cli, 'generate', '--schema', 'prisma/postgresql/schema.prisma'], { stdio: 'inherit', env, cwd: fileURLToPath(new URL('..', import.meta.url)) });
