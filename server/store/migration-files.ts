import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A migration in Prisma's layout: `<dir>/<name>/migration.sql`, with the checksum Prisma records for it. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations of `dir` not in `done`, in order of their names (Prisma's timestamps). */
export function pendingMigrations(dir: string, done: ReadonlySet<string>): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !done.has(e.name) && existsSync(resolve(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(resolve(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
