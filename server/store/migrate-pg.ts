import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Pool } from 'pg';
import { pendingMigrations } from './migration-files.ts';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/postgresql/migrations');
/** Any fixed number: instances starting together take turns at migrating. */
const MIGRATION_LOCK = 7_341_001;

/**
 * Applies prisma/postgresql/migrations in order, recording them in Prisma's own _prisma_migrations table (as
 * `prisma migrate deploy` does, so a machine with the schema engine can take over). Instances that start together
 * wait for each other on an advisory lock. Returns the names applied now.
 */
export async function applyPostgresMigrations(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const done = new Set(
      (await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')).rows.map((r) => r.migration_name),
    );
    const applied: string[] = [];
    for (const { name, sql, checksum } of pendingMigrations(dir, done)) {
      // One transaction per migration (PostgreSQL's DDL is transactional): a failure leaves no half-migrated schema.
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)', [randomUUID(), checksum, name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(name);
    }
    return applied;
  } finally {
    // Closing this connection (not returning it to the pool) ends its session, and the advisory lock with it.
    client.release(true);
  }
}
