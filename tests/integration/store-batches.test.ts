/**
 * Writes of many rows at once are single statements, not one statement each inside a transaction: on a busy
 * PostgreSQL 300 team inserts in one batch outlasted Prisma's 5 s transaction limit and the instructor saw 500. And
 * should a transaction still run out of time, the answer is 503 STORAGE_ERROR (try again), not a bug's 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractError } from '../../server/errors.ts';
import type { NewReferenceRun } from '../../server/game/types.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('writes of many rows', () => {
  it('creates 500 teams in one call, answered in the order of their numbers, after teams already there', async () => {
    const { gameId } = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-1, 1]] }], teams: 3 });
    const { teams } = await server.admin('POST', `/games/${gameId}/teams`, { count: 500 });
    expect(teams.map((t: { number: number }) => t.number)).toEqual(Array.from({ length: 500 }, (_, i) => i + 4));
    expect(new Set(teams.map((t: { id: number }) => t.id)).size).toBe(500);
    expect((await server.admin('GET', `/games/${gameId}`)).teams).toHaveLength(503);
  });

  it('replaces a level’s reference runs with a large class’s worth in one go (SQLite takes them in chunks), kept in their order', async () => {
    const { levels, teams } = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-1, 1]] }], teams: 2 });
    const store = server.app.store;
    const run = (i: number): NewReferenceRun => ({
      teamId: i % 3 === 0 ? null : teams[i % 2].id,
      optimizer: (['gd', 'momentum', 'adam'] as const)[i % 3],
      variant: null,
      lr: i / 1000,
      beta: i % 3 === 1 ? 0.9 : null,
      steps: 2,
      diverged: false,
      path: [{ x: [i], fx: i * i }],
    });
    // Runs already there are replaced, not added to.
    await store.replaceReferenceRuns(levels[0].id, [run(7), run(8)]);
    const runs = Array.from({ length: 1200 }, (_, i) => run(i));
    await store.replaceReferenceRuns(levels[0].id, runs);
    const stored = await store.referenceRuns(levels[0].id);
    expect(stored).toHaveLength(1200);
    expect(stored).toMatchObject(runs);
  });

  it('answers a transaction that ran out of time as 503 STORAGE_ERROR', async () => {
    const db = server.app.database.db;
    const expired = await db
      .$transaction(
        async (tx) => {
          await new Promise((r) => setTimeout(r, 300));
          return tx.game.count();
        },
        { timeout: 50 },
      )
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(expired).not.toBeNull();
    expect((expired as { code?: string }).code).toBe('P2028');
    expect(contractError(expired)).toMatchObject({ status: 503, code: 'STORAGE_ERROR' });
  });
});
