import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, sqlitePath } from './migrate.ts';
import { GuessWriter } from './guess-writer.ts';

export type Db = PrismaClient;

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;
type Guard = { commit(): void; pause(): void; resume(): void };

/** Runs `before` ahead of every statement the wrapped queryable sends (it may be an adapter or a transaction). */
function beforeEach<T extends object>(target: T, wrap: Partial<Record<keyof T, (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop) as unknown;
      if (typeof value !== 'function') return value;
      const original = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(t, args);
      const wrapper = wrap[prop as keyof T];
      return wrapper ? wrapper(original) : original;
    },
  });
}

/**
 * The driver adapter with the guess writer's rules around it (see GuessWriter): the writer's open transaction is
 * committed before any statement of Prisma's, and the writer pauses while a Prisma transaction is open.
 */
function guarded(factory: PrismaBetterSqlite3, guard: () => Guard | null): PrismaBetterSqlite3 {
  const first = (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    guard()?.commit();
    return original(...args);
  };
  const ending = (original: (...args: unknown[]) => unknown) => async (...args: unknown[]) => {
    try {
      return await original(...args);
    } finally {
      guard()?.resume();
    }
  };
  const adapter = (inner: Adapter): Adapter =>
    beforeEach(inner, {
      queryRaw: first,
      executeRaw: first,
      executeScript: first,
      startTransaction: (original) => async (...args: unknown[]) => {
        guard()?.pause();
        try {
          const tx = (await original(...args)) as Transaction;
          return beforeEach(tx, { commit: ending, rollback: ending });
        } catch (err) {
          guard()?.resume();
          throw err;
        }
      },
    });
  return beforeEach(factory, {
    connect: (original) => async () => adapter((await original()) as Adapter),
  });
}

/**
 * Migrates the SQLite file, then opens the Prisma client on it (better-sqlite3 driver adapter, WAL) and, beside
 * it, the connection that writes guesses (see GuessWriter).
 */
export async function openDatabase(databaseUrl: string): Promise<{ db: Db; guesses: GuessWriter; applied: string[]; file: string }> {
  const file = sqlitePath(databaseUrl);
  const applied = applyMigrations(file);
  let guesses: GuessWriter | null = null;
  const adapter = guarded(new PrismaBetterSqlite3({ url: `file:${file}` }), () => guesses);
  const db = new PrismaClient({ adapter });
  await db.$connect();
  // WAL lets the board's reads run beside the writes of guesses; NORMAL sync is durable across a process crash.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  try {
    guesses = new GuessWriter(file);
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
  return { db, guesses, applied, file };
}
