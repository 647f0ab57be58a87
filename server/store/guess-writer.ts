import Database, { type Statement } from 'better-sqlite3';

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

/**
 * DateTime columns as the Prisma better-sqlite3 adapter writes them (its default `timestampFormat: 'iso8601'`),
 * so rows from either path read back alike.
 */
export const prismaDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

/**
 * The one write every guess makes, on its own better-sqlite3 connection with one prepared statement.
 *
 * Through Prisma the same insert cost ~0.7 ms of CPU (query building, the adapter preparing the SQL anew each
 * time, `RETURNING`); here it is one bound statement. This connection never waits for a lock
 * (`busy_timeout = 0`): while Prisma's connection holds a write transaction open across an await (a batch
 * `$transaction`), `insert` answers null and the caller writes through Prisma instead, which queues behind it.
 * The commit happens inside `insert`, so the caller's 202 still comes after the guess is on disk.
 */
export class GuessWriter {
  private readonly conn: Database.Database;
  private readonly statement: Statement<unknown[]>;

  constructor(file: string) {
    this.conn = new Database(file, { fileMustExist: true });
    try {
      // Per connection (journal_mode is already WAL in the file): the same durability as Prisma's connection.
      this.conn.pragma('synchronous = NORMAL');
      this.conn.pragma('foreign_keys = ON');
      this.conn.pragma('busy_timeout = 0');
      this.statement = this.conn.prepare(
        'INSERT INTO "Guess" ("teamId", "levelId", "x", "fx", "grad", "submittedAt", "readyAt", "source") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
    } catch (err) {
      this.conn.close();
      throw err;
    }
  }

  /** Commits the guess and returns its id, or null when another connection holds the write lock. */
  insert(g: GuessRow): number | null {
    try {
      const { lastInsertRowid } = this.statement.run(
        g.teamId,
        g.levelId,
        JSON.stringify(g.x),
        g.fx,
        JSON.stringify(g.grad),
        prismaDateTime(g.submittedAt),
        prismaDateTime(g.readyAt),
        g.source,
      );
      return Number(lastInsertRowid);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return null;
      throw err;
    }
  }

  close(): void {
    if (this.conn.open) this.conn.close();
  }
}
