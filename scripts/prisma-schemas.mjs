// prisma/schema.prisma (SQLite) is the source of truth; the PostgreSQL schema is derived from it: the same models,
// another provider and client. Run by `npm run generate`; a test checks the committed copy is current.
import { readFileSync, writeFileSync } from 'node:fs';

const source = new URL('../prisma/schema.prisma', import.meta.url);
const target = new URL('../prisma/postgresql/schema.prisma', import.meta.url);

/** The PostgreSQL schema text for the SQLite schema text. */
export function postgresSchema(sqlite) {
  const body = sqlite
    .replace(/^\/\/.*\n(\/\/.*\n)*/, '')
    .replace('output       = "../server/store/generated"', 'output       = "../../server/store/generated-pg"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    // Lines for PostgreSQL only (indexes the several instances need) are comments in the SQLite schema; lines for
    // SQLite only end with "// sqlite only".
    .replace(/^.*\/\/ sqlite only\n/gm, '')
    .replace(/^(\s*)\/\/ postgresql: (.*)$/gm, '$1$2');
  return (
    '// Derived from prisma/schema.prisma by scripts/prisma-schemas.mjs: edit that file, then run `npm run generate`.\n' +
    '// Migrations for PostgreSQL are in prisma/postgresql/migrations, applied at start-up like SQLite\'s.\n' +
    body
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = postgresSchema(readFileSync(source, 'utf8'));
  writeFileSync(target, text);
}
