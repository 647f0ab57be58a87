import Database, { type Statement } from 'better-sqlite3';
import { isoTime } from '../iso-time.ts';

/** A guess as the writer stores it: times in epoch milliseconds, x and grad as arrays. */
export interface GuessRow {
  teamId: number;
  levelId: number;
  x: number[];
  fx: number;
  grad: number[];
  submittedAt: number;
  readyAt: number;
  source: string;
}

/** An inserted guess: its id at once, and a promise that settles when its transaction is on disk (or failed). */
export interface PendingInsert {
  id: number;
  committed: Promise<void>;
}

/**
 * DateTime columns as the Prisma better-sqlite3 adapter writes them (its default `timestampFormat: 'iso8601'`),
 * so rows from either path read back alike.
 */
export const prismaDateTime = (ms: number): string => `${isoTime(ms).slice(0, -1)}+00:00`;

/** The longest a group stays open while guesses keep arriving, and the most guesses in one. */
const MAX_GROUP_MS = 2;
const MAX_GROUP_ROWS = 256;

const isBusy = (err: unknown) => Boolean((err as { code?: string } | null)?.code?.startsWith('SQLITE_BUSY'));

/**
 * The one write every guess makes, on its own better-sqlite3 connection with one prepared statement, committed
 * in groups.
 *
 * Through Prisma the insert cost ~0.7 ms of CPU (query building, the adapter preparing the SQL anew, `RETURNING`).
 * A commit by itself costs ~20 µs (three pages appended to the WAL: the table, its index, AUTOINCREMENT's counter),
 * so guesses that arrive close together share one transaction: the first opens it (`BEGIN IMMEDIATE`), each insert
 * gets its id at once, and the transaction commits at the end of the first turn of the event loop in which no
 * guess arrived (`setImmediate`), or once it is MAX_GROUP_MS old or MAX_GROUP_ROWS long. A lone guess waits one turn
 * of the loop; a flood of them is written in groups of tens. Callers answer a guess only after `committed`
 * resolves: an acknowledged guess is on disk.
 *
 * Prisma's connection writes the same file, so it must never wait on this one's open transaction (its busy wait
 * would block the thread that is to commit it): `commit()` runs before every statement Prisma sends, and while a
 * Prisma transaction is open this writer stays out of the way (`insert` answers null; see `whenFree`).
 * This connection itself never waits for a lock (`busy_timeout = 0`): another process holding it also gives null.
 */
export class GuessWriter {
  private readonly conn: Database.Database;
  private readonly statement: Statement<unknown[]>;
  private readonly begin: Statement<unknown[]>;
  private readonly end: Statement<unknown[]>;
  private readonly noop: Statement<unknown[]>;
  private readonly rollback: Statement<unknown[]>;
  private probed: { at: number; writable: boolean } | null = null;
  /** The open transaction's waiters, or null when none is open. */
  private batch: { resolve: () => void; reject: (err: unknown) => void }[] | null = null;
  /** When the open transaction began, and whether a guess joined it since the last turn of the loop. */
  private batchStarted = 0;
  private joined = false;
  private paused = 0;
  private freed: (() => void)[] = [];

  /** `intact` throws when the file is no longer the server's (see FileGuard): then nothing is written. */
  constructor(
    file: string,
    private readonly intact: () => void = () => undefined,
  ) {
    this.conn = new Database(file, { fileMustExist: true });
    try {
      // Per connection (journal_mode is already WAL in the file): the same durability as Prisma's connection.
      this.conn.pragma('synchronous = NORMAL');
      this.conn.pragma('foreign_keys = ON');
      this.conn.pragma('busy_timeout = 0');
      this.statement = this.conn.prepare(
        'INSERT INTO "Guess" ("teamId", "levelId", "x", "fx", "grad", "submittedAt", "readyAt", "source") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      this.begin = this.conn.prepare('BEGIN IMMEDIATE');
      this.end = this.conn.prepare('COMMIT');
      this.rollback = this.conn.prepare('ROLLBACK');
      // A write that changes nothing: SQLite still refuses it on a file it could only open read-only.
      this.noop = this.conn.prepare('DELETE FROM "Guess" WHERE 0');
    } catch (err) {
      this.conn.close();
      throw err;
    }
  }

  /**
   * Inserts the guess into the open transaction (opening one) and returns its id; `committed` settles when the
   * transaction does. Null when the write lock is not to be had now: a Prisma transaction is open (wait for
   * `whenFree`) or another process holds it. Throws when this guess alone cannot be stored (a constraint).
   */
  insert(g: GuessRow): PendingInsert | null {
    if (this.paused > 0 || !this.conn.open) return null;
    this.intact();
    if (!this.batch) {
      try {
        this.begin.run();
      } catch (err) {
        if (isBusy(err)) return null;
        throw err;
      }
      this.batch = [];
      this.batchStarted = performance.now();
      setImmediate(this.endOfTurn);
    }
    this.joined = true;
    let id: number;
    try {
      id = Number(
        this.statement.run(g.teamId, g.levelId, JSON.stringify(g.x), g.fx, JSON.stringify(g.grad), prismaDateTime(g.submittedAt), prismaDateTime(g.readyAt), g.source)
          .lastInsertRowid,
      );
    } catch (err) {
      // A failed statement leaves the transaction open, unless SQLite rolled it back (disk full, I/O error).
      if (!this.conn.inTransaction) this.fail(err);
      throw err;
    }
    let settle!: { resolve: () => void; reject: (err: unknown) => void };
    const committed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.batch!.push(settle);
    return { id, committed };
  }

  /** Runs a pragma on this connection (diagnostics, and the tests that make its writes fail the way a disk does). */
  pragma(statement: string): unknown {
    return this.conn.pragma(statement, { simple: true });
  }

  /** How long this connection waits for a lock held elsewhere: never (0), so the event loop never stalls on it. */
  get lockWaitMs(): number {
    return Number(this.conn.pragma('busy_timeout', { simple: true }));
  }

  /** At the end of each turn of the loop: commit, unless guesses are still arriving and the group is young. */
  private readonly endOfTurn = (): void => {
    const batch = this.batch;
    if (!batch) return;
    if (this.joined && batch.length < MAX_GROUP_ROWS && performance.now() - this.batchStarted < MAX_GROUP_MS) {
      this.joined = false;
      setImmediate(this.endOfTurn);
      return;
    }
    this.commit();
  };

  /** Commits the open transaction now, if there is one. */
  commit(): void {
    const batch = this.batch;
    if (!batch) return;
    try {
      this.end.run();
    } catch (err) {
      this.fail(err);
      return;
    }
    this.batch = null;
    for (const waiter of batch) waiter.resolve();
  }

  /** Prisma opens a transaction: commit ours, and stay out of its way until `resume`. */
  pause(): void {
    this.commit();
    this.paused++;
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    if (this.paused === 0) for (const resolve of this.freed.splice(0)) resolve();
  }

  /** Resolves when no Prisma transaction is open; false at once when none is (the lock is held elsewhere). */
  whenFree(): Promise<boolean> {
    if (this.paused === 0) return Promise.resolve(false);
    return new Promise((resolve) => this.freed.push(() => resolve(true)));
  }

  /**
   * Whether the file takes writes (tried at most every `maxAgeMs`): SQLite opens a file it cannot write read-only
   * when its WAL files are there, and then only writes fail. A lock held elsewhere counts as writable.
   */
  writable(now = Date.now(), maxAgeMs = 5000): boolean {
    if (this.probed && now - this.probed.at < maxAgeMs) return this.probed.writable;
    let writable = true;
    if (!this.batch && this.paused === 0 && this.conn.open) {
      try {
        this.begin.run();
        this.noop.run();
      } catch (err) {
        writable = isBusy(err);
      } finally {
        if (this.conn.inTransaction) this.rollback.run();
      }
    }
    this.probed = { at: now, writable };
    return writable;
  }

  close(): void {
    if (!this.conn.open) return;
    this.commit();
    this.conn.close();
    for (const resolve of this.freed.splice(0)) resolve();
  }

  /** The open transaction is lost: roll back what is left of it and fail every guess in it. */
  private fail(err: unknown): void {
    const batch = this.batch ?? [];
    this.batch = null;
    if (this.conn.inTransaction) {
      try {
        this.rollback.run();
      } catch {
        // Nothing more to undo.
      }
    }
    for (const waiter of batch) waiter.reject(err);
  }
}
