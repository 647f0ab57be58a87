import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, sqlitePath } from './migrate.ts';
import { GuessWriter } from './guess-writer.ts';

export type Db = PrismaClient;

/**
 * Migrates the SQLite file, then opens the Prisma client on it (better-sqlite3 driver adapter, WAL) and, beside
 * it, the connection that writes guesses (see GuessWriter).
 */
export async function openDatabase(databaseUrl: string): Promise<{ db: Db; guesses: GuessWriter; applied: string[]; file: string }> {
  const file = sqlitePath(databaseUrl);
  const applied = applyMigrations(file);
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}` });
  const db = new PrismaClient({ adapter });
  await db.$connect();
  // WAL lets the board's reads run beside the writes of guesses; NORMAL sync is durable across a process crash.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  let guesses: GuessWriter;
  try {
    guesses = new GuessWriter(file);
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
  return { db, guesses, applied, file };
}
