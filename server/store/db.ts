import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { PrismaClient as PrismaClientPg } from './generated-pg/client.ts';
import { applyMigrations, sqlitePath } from './migrate.ts';
import { applyPostgresMigrations } from './migrate-pg.ts';
import { GuessWriter } from './guess-writer.ts';
import { PostgresGuesses, SqliteGuesses, type GuessWrites } from './guesses.ts';

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
export function openDatabase(databaseUrl: string, onError: (err: unknown) => void = () => undefined): Promise<Database> {
  return isPostgresUrl(databaseUrl) ? openPostgres(databaseUrl, onError) : openSqlite(databaseUrl);
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
async function openSqlite(databaseUrl: string): Promise<Database> {
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
  const writer = guesses;
  return {
    engine: 'sqlite',
    db,
    guesses: new SqliteGuesses(db, writer),
    applied,
    location: file,
    pool: null,
    close: async () => {
      writer.close();
      await db.$disconnect();
    },
  };
}
