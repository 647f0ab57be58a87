import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { GuessWriter } from '../../server/store/guess-writer.ts';
import { PrismaGuesses, SqliteGuesses } from '../../server/store/guesses.ts';
import { Store } from '../../server/store/repo.ts';
import type { NewGuess } from '../../server/game/types.ts';
import { tempDatabase } from '../helpers/server.ts';

const file = tempDatabase();
afterAll(() => file.remove());

describe('guesses written on their own connection (GuessWriter)', async () => {
  const database = await openDatabase(file.url);
  const { db } = database;
  // The writer under test: the one the database's Prisma adapter is guarded against.
  if (!(database.guesses instanceof SqliteGuesses)) throw new Error('a SQLite database writes guesses with the writer');
  const guesses: GuessWriter = database.guesses.writer;
  const fast = new Store(db, database.guesses);
  const prismaOnly = new Store(db, new PrismaGuesses(db));
  /** Stores through the store's write path (the writer when it can) and returns the guess once committed. */
  const write = async (store: Store, g: NewGuess) => {
    const inserted = await store.insertGuess(g);
    if ('refused' in inserted) throw new Error(`refused: ${inserted.refused}`);
    await inserted.committed;
    return inserted.guess;
  };
  afterAll(async () => {
    await database.close();
  });
  const game = await db.game.create({ data: { title: 'g' } });
  const level = await db.level.create({
    data: { gameId: game.id, index: 0, title: 'L', expression: 'x^2 + y^2', dims: 2, domain: '[[-1,1],[-1,1]]', password: 'p', start: '[0.5,0.5]', fStar: 0, argmin: '[0,0]', fMedian: 0.6 },
  });
  const team = await db.team.create({ data: { gameId: game.id, number: 1, name: 'T' } });
  const base = Date.parse('2026-11-28T09:00:00.123Z');
  const guess = (i: number) => ({
    teamId: team.id,
    levelId: level.id,
    x: [0.1 * i, -0.25],
    fx: 0.01 * i + 0.0625,
    grad: [0.2 * i, -0.5],
    submittedAt: base + i * 1000,
    readyAt: base + i * 1000 + 10_000,
    source: 'ws' as const,
  });

  it('stores rows that Prisma reads back exactly like the rows it writes itself', async () => {
    const a = await write(fast, guess(1));
    const b = await write(prismaOnly, guess(2));
    const c = await write(fast, guess(3));
    expect([a.id, b.id, c.id]).toEqual([a.id, a.id + 1, a.id + 2]);
    const back = await fast.guessesOf(level.id);
    expect(back).toEqual([a, b, c]);
    expect(back.map((g) => g.readyAt)).toEqual([1, 2, 3].map((i) => base + i * 1000 + 10_000));
    // Comparisons on DateTime columns (pending guesses after a restart) see both kinds of row alike.
    expect((await fast.pendingGuesses(base + 11_500)).map((g) => g.id)).toEqual([b.id, c.id]);
    const raw = new Database(file.file, { readonly: true });
    const stored = raw.prepare('SELECT "submittedAt", "readyAt" FROM "Guess" ORDER BY id').all() as { submittedAt: string; readyAt: string }[];
    raw.close();
    expect(stored[0]).toEqual({ submittedAt: '2026-11-28T09:00:01.123+00:00', readyAt: '2026-11-28T09:00:11.123+00:00' });
    expect(new Set(stored.map((r) => r.readyAt.length))).toEqual(new Set([stored[1].readyAt.length]));
  });

  it('never waits for a lock held by another process: it answers null, and the store then writes through Prisma', async () => {
    // It never waits: a busy wait here would hold the event loop (better-sqlite3 is synchronous).
    expect(guesses.lockWaitMs).toBe(0);
    const other = new Database(file.file);
    other.prepare('BEGIN IMMEDIATE').run();
    expect(guesses.insert(guess(4))).toBeNull();
    other.prepare('ROLLBACK').run();
    other.close();
    const stored = await write(fast, guess(5));
    expect(await fast.guessesOf(level.id)).toContainEqual(stored);
  });

  it('refuses a guess for a level that does not exist (foreign keys are on for this connection)', async () => {
    expect(() => guesses.insert({ ...guess(6), levelId: 999_999 })).toThrow(/FOREIGN KEY/);
    // The group it would have joined is not harmed.
    const next = guesses.insert(guess(7))!;
    await next.committed;
    expect((await fast.guessesOf(level.id)).map((g) => g.id)).toContain(next.id);
  });

  it('commits the guesses of one turn of the event loop together, and answers none before its commit', async () => {
    const reader = new Database(file.file, { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM "Guess"').get() as { n: number }).n;
    const before = count();
    const inserts = [8, 9, 10].map((i) => guesses.insert(guess(i))!);
    expect(inserts.map((p) => p.id)).toEqual([inserts[0].id, inserts[0].id + 1, inserts[0].id + 2]);
    let settled = 0;
    for (const p of inserts) void p.committed.then(() => settled++);
    await Promise.resolve();
    // Ids are known at once, but nothing is committed (or answered) within the turn.
    expect([count(), settled]).toEqual([before, 0]);
    await Promise.all(inserts.map((p) => p.committed));
    expect([count(), settled]).toEqual([before + 3, 3]);
    reader.close();
  });

  it('commits its open group before any statement of Prisma, so Prisma never waits on it', async () => {
    const pending = guesses.insert(guess(11))!;
    // Without the commit first, Prisma's connection would wait out its busy timeout and fail with SQLITE_BUSY.
    const other = await db.team.create({ data: { gameId: game.id, number: 2, name: 'U' } });
    await pending.committed;
    expect((await fast.guessesOf(level.id)).map((g) => g.id)).toContain(pending.id);
    await db.team.delete({ where: { id: other.id } });
  });

  it('waits for an open Prisma transaction instead of joining it, and stores the guess after it', async () => {
    const order: string[] = [];
    let stored: Promise<unknown> = Promise.resolve();
    await db.$transaction(async (tx) => {
      await tx.team.create({ data: { gameId: game.id, number: 3, name: 'V' } });
      stored = write(fast, guess(12)).then((g) => order.push(`guess ${g.id}`));
      await new Promise((r) => setTimeout(r, 100));
      order.push('transaction');
    });
    await stored;
    expect(order).toEqual(['transaction', expect.stringMatching(/^guess \d+$/)]);
    // A transaction that rolls back takes nothing of the guesses with it.
    const rolledBack = db.$transaction(async (tx) => {
      await tx.team.create({ data: { gameId: game.id, number: 4, name: 'W' } });
      stored = write(fast, guess(13));
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('undo');
    });
    await expect(rolledBack).rejects.toThrow('undo');
    const kept = (await stored) as { id: number };
    expect((await fast.guessesOf(level.id)).map((g) => g.id)).toContain(kept.id);
    expect(await db.team.count({ where: { number: 4 } })).toBe(0);
  });

  it("guards every way Prisma's adapter sends a statement (the adapter is pinned; an upgrade that adds one fails here)", async () => {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    const adapter = await new PrismaBetterSqlite3({ url: `file:${file.file}` }).connect();
    const methods = (o: object) => {
      const names = new Set<string>();
      for (let p = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const k of Object.getOwnPropertyNames(p)) if (typeof (o as any)[k] === 'function') names.add(k);
      names.delete('constructor');
      return [...names].sort();
    };
    // queryRaw, executeRaw and executeScript commit the writer's group first; startTransaction pauses it and the
    // transaction's commit and rollback resume it (server/store/db.ts). The rest send nothing of their own.
    expect(methods(adapter)).toEqual(['dispose', 'executeIO', 'executeRaw', 'executeScript', 'onError', 'performIO', 'queryRaw', 'startTransaction']);
    const tx = await adapter.startTransaction();
    expect(methods(tx)).toEqual(['commit', 'createSavepoint', 'executeIO', 'executeRaw', 'onError', 'performIO', 'queryRaw', 'releaseSavepoint', 'rollback', 'rollbackToSavepoint']);
    await tx.rollback();
    await adapter.dispose();
  });
});
