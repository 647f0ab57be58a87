/**
 * The one write every guess makes, per database. SQLite: the guess writer's grouped commits on its own connection
 * (rules checked by the one server that holds the file). PostgreSQL: one call of gd_insert_guess, which checks the
 * rules in the database, so they hold across instances.
 */
import type { Db } from './db.ts';
import type { GuessWriter } from './guess-writer.ts';
import type { FileGuard } from './file-guard.ts';
import type { NewGuess, StoredGuess } from '../game/types.ts';

/** A rule the database refused the guess for (another instance got there first). */
export type GuessRefusal = 'GUESS_PENDING' | 'BUDGET_EXHAUSTED' | 'LEVEL_NOT_OPEN';

export type StorageTrouble = 'read-only' | 'disk-full' | 'file-gone' | 'file-replaced' | 'unreachable';

export type InsertedGuess = { guess: StoredGuess; committed: Promise<void> } | { refused: GuessRefusal };

export interface GuessWrites {
  /** Stores a guess: its id at once, and `committed`, which settles once it is durable (or failed). */
  insert(g: NewGuess): Promise<InsertedGuess>;
  /** Whether the database takes writes. */
  writable(): boolean;
  /** Why it does not, when it does not: 'read-only', 'disk-full', 'file-gone', 'file-replaced', 'unreachable'. */
  trouble(): StorageTrouble | null;
  close(): void;
}

const stored = (id: number, g: NewGuess): StoredGuess => ({ id, teamId: g.teamId, levelId: g.levelId, x: g.x, fx: g.fx, grad: g.grad, submittedAt: g.submittedAt, readyAt: g.readyAt, source: g.source });

/** Plain Prisma, one insert per guess (SQLite's path while the writer cannot take the lock; the bench's baseline). */
export class PrismaGuesses implements GuessWrites {
  constructor(
    private readonly db: Db,
    private readonly file?: FileGuard,
  ) {}

  async insert(g: NewGuess): Promise<InsertedGuess> {
    const row = await this.db.guess.create({
      data: { teamId: g.teamId, levelId: g.levelId, x: JSON.stringify(g.x), fx: g.fx, grad: JSON.stringify(g.grad), submittedAt: new Date(g.submittedAt), readyAt: new Date(g.readyAt), source: g.source },
    });
    return { guess: stored(row.id, g), committed: Promise.resolve() };
  }

  writable(): boolean {
    return this.trouble() === null;
  }

  trouble(): StorageTrouble | null {
    return this.file?.trouble() ?? null;
  }

  close(): void {}
}

/** SQLite: the writer's fast path, or Prisma while the writer cannot take the lock. */
export class SqliteGuesses implements GuessWrites {
  private readonly prisma: PrismaGuesses;

  constructor(
    db: Db,
    readonly writer: GuessWriter,
    private readonly file?: FileGuard,
  ) {
    this.prisma = new PrismaGuesses(db);
  }

  async insert(g: NewGuess): Promise<InsertedGuess> {
    for (;;) {
      const pending = this.writer.insert(g);
      if (pending) return { guess: stored(pending.id, g), committed: pending.committed };
      // A Prisma transaction is open: after it. Otherwise another process holds the lock: Prisma's busy wait.
      if (!(await this.writer.whenFree())) break;
    }
    return this.prisma.insert(g);
  }

  writable(): boolean {
    return this.trouble() === null;
  }

  trouble(): StorageTrouble | null {
    return this.file?.trouble() ?? (this.writer.writable() ? null : 'read-only');
  }

  close(): void {
    this.writer.close();
  }
}

const REFUSALS: Record<number, GuessRefusal> = { [-1]: 'GUESS_PENDING', [-2]: 'BUDGET_EXHAUSTED', [-3]: 'LEVEL_NOT_OPEN' };

/** PostgreSQL: the rules and the insert in one call (see the function in the migration). */
export class PostgresGuesses implements GuessWrites {
  private failedAt = 0;

  constructor(private readonly db: Db) {}

  async insert(g: NewGuess): Promise<InsertedGuess> {
    let rows: { id: number }[];
    try {
      rows = await this.db.$queryRaw<{ id: number }[]>`SELECT gd_insert_guess(${g.teamId}::integer, ${g.levelId}::integer, ${JSON.stringify(g.x)}, ${g.fx}::double precision, ${JSON.stringify(g.grad)}, ${g.submittedAt}::double precision, ${g.readyAt}::double precision, ${g.source}) AS id`;
    } catch (err) {
      this.failedAt = Date.now();
      throw err;
    }
    this.failedAt = 0;
    const id = Number(rows[0].id);
    if (id < 0) return { refused: REFUSALS[id] };
    return { guess: stored(id, g), committed: Promise.resolve() };
  }

  /** A server that answers is writable; after a failed write, not until one succeeds or 5 s pass. */
  writable(): boolean {
    return this.trouble() === null;
  }

  trouble(): StorageTrouble | null {
    return Date.now() - this.failedAt > 5000 ? null : 'unreachable';
  }

  close(): void {}
}
