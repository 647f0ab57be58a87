import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { Store } from '../../server/store/repo.ts';
import { tempDatabase } from '../helpers/server.ts';

const file = tempDatabase();
afterAll(() => file.remove());

describe('guesses written on their own connection (GuessWriter)', async () => {
  const { db, guesses } = await openDatabase(file.url);
  const fast = new Store(db, guesses);
  const prismaOnly = new Store(db);
  afterAll(async () => {
    guesses.close();
    await db.$disconnect();
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
    const a = await fast.createGuess(guess(1));
    const b = await prismaOnly.createGuess(guess(2));
    const c = await fast.createGuess(guess(3));
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

  it('never waits for a lock held elsewhere: it answers null and the store writes through Prisma once the lock is free', async () => {
    const other = new Database(file.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const started = performance.now();
    expect(guesses.insert(guess(4))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    other.prepare('ROLLBACK').run();
    other.close();
    const stored = await fast.createGuess(guess(5));
    expect(await fast.guessesOf(level.id)).toContainEqual(stored);
  });

  it('refuses a guess for a level that does not exist (foreign keys are on for this connection)', () => {
    expect(() => guesses.insert({ ...guess(6), levelId: 999_999 })).toThrow(/FOREIGN KEY/);
  });
});
