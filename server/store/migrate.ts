import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pendingMigrations } from './migration-files.ts';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

/** The file path of a `file:` SQLite URL (relative paths are relative to the working directory). */
export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got ${databaseUrl}`);
  const path = databaseUrl.slice('file:'.length).split('?')[0];
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Applies prisma/migrations in order, recording them in Prisma's own _prisma_migrations table, so the file stays
 * compatible with `prisma migrate deploy` on a machine that has the schema engine. Returns the names applied now.
 */
export function applyMigrations(file: string, dir = MIGRATIONS_DIR): string[] {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const done = new Set(
      (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    const applied: string[] = [];
    for (const { name, sql, checksum } of pendingMigrations(dir, done)) {
      // One transaction per migration: a failure leaves the file as it was before that migration.
      db.transaction(() => {
        db.exec(sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
           VALUES (?, ?, ?, ?, 1, ?)`,
        ).run(randomUUID(), checksum, Date.now(), name, Date.now());
      })();
      applied.push(name);
    }
    return applied;
  } finally {
    db.close();
  }
}
