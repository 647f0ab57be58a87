import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { PrismaClient as PrismaClientPg } from './generated-pg/client.ts';
import { applyMigrations, sqlitePath } from './migrate.ts';
import { applyPostgresMigrations } from './migrate-pg.ts';
import { GuessWriter } from './guess-writer.ts';
import { FileGuard } from './file-guard.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PostgresGuesses, PrismaGuesses, SqliteGuesses, type GuessWrites } from './guesses.ts';

/**
 * The Prisma client. Both databases' clients are generated from the same models, so the repositories use one
 * type (SQLite's); the PostgreSQL client has the same API.
 */
export type Db = PrismaClient;

/** An open database: the Prisma client, the guess write path, and what start-up reports. */
export interface Database {
  engine: 'sqlite' | 'postgresql';
  db: Db;
  guesses: GuessWrites;
  /** Migrations applied at this start. */
  applied: string[];
  /** The file, or the server and database, for logs (never a password). */
  location: string;
  /** PostgreSQL's connection pool (the Socket.IO adapter shares it); null on SQLite. */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/** Opens the database a DATABASE_URL names: a `file:` SQLite file (the default) or a `postgresql://` server. */
export function openDatabase(databaseUrl: string, onError: (err: unknown) => void = () => undefined, options: { guessWriter?: 'grouped' | 'prisma' } = {}): Promise<Database> {
  return isPostgresUrl(databaseUrl) ? openPostgres(databaseUrl, onError) : openSqlite(databaseUrl, options.guessWriter ?? 'grouped');
}

/** Migrates the PostgreSQL database, then opens the Prisma client on a pool of connections to it. */
async function openPostgres(url: string, onError: (err: unknown) => void): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle connection the server dropped must not end the process: it is logged, and the next query reconnects.
  pool.on('error', onError);
  try {
    const applied = await applyPostgresMigrations(pool);
    const db = new PrismaClientPg({ adapter: new PrismaPg(pool) }) as unknown as Db;
    await db.$connect();
    const parsed = new URL(url);
    return {
      engine: 'postgresql',
      db,
      guesses: new PostgresGuesses(db),
      applied,
      location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
      pool,
      close: async () => {
        await db.$disconnect();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** Statements that only read (Prisma's reads, and the pragmas it asks for). */
const READS = /^\s*(SELECT|WITH|PRAGMA)\b/i;

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
function guarded(factory: PrismaBetterSqlite3, guard: () => Guard | null, file: FileGuard): PrismaBetterSqlite3 {
  const first = (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    // A write to a file that is no longer the server's (deleted, replaced) is refused: nothing more is lost.
    const sql = (args[0] as { sql?: unknown } | undefined)?.sql;
    if (typeof sql === 'string' && !READS.test(sql)) {
      try {
        file.assertIntact();
      } catch (err) {
        return Promise.reject(err);
      }
    }
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
        file.assertIntact();
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
async function openSqlite(databaseUrl: string, guessWriter: 'grouped' | 'prisma'): Promise<Database> {
  const file = sqlitePath(databaseUrl);
  if (file === ':memory:') throw new Error('DATABASE_URL names an in-memory database: the game must be kept in a file');
  mkdirSync(dirname(file), { recursive: true });
  // Held before anything touches the file: a second server on it refuses to start, before it even migrates it.
  const fileGuard = FileGuard.take(file);
  let db: Db | null = null;
  try {
    const applied = applyMigrations(file);
    fileGuard.watch();
    let guesses: GuessWriter | null = null;
    const adapter = guarded(new PrismaBetterSqlite3({ url: `file:${file}` }), () => guesses, fileGuard);
    db = new PrismaClient({ adapter });
    await db.$connect();
    // WAL lets the board's reads run beside the writes of guesses; NORMAL sync is durable across a process crash.
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    // better-sqlite3 waits synchronously: a lock held by an outside process (a sqlite3 shell) stalls every team for
    // this long before the request answers 503. No other server can hold it (the file guard), so keep it short.
    await db.$executeRawUnsafe('PRAGMA busy_timeout = 1000');
    guesses = new GuessWriter(file, () => fileGuard.assertIntact());
    const writer = guesses;
    const prisma = db;
    return {
      engine: 'sqlite',
      db,
      guesses: guessWriter === 'prisma' ? new PrismaGuesses(db, fileGuard) : new SqliteGuesses(db, writer, fileGuard),
      applied,
      location: file,
      pool: null,
      close: async () => {
        writer.close();
        await prisma.$disconnect();
        fileGuard.close();
      },
    };
  } catch (err) {
    await db?.$disconnect();
    fileGuard.close();
    throw err;
  }
}
