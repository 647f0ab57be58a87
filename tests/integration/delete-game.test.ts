/**
 * Deleting a game or resetting a level removes exactly what it should, on both stores. On SQLite a game's guesses go
 * a slice at a time and its cascade runs with a temporary index by team (bench/delete-game.ts measures why): the
 * slices must add up, and the temporary index must be gone afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteGuesses } from '../../server/store/guesses.ts';
import { TEMPORARY_TEAM_INDEX } from '../../server/store/repo.ts';
import { createGame, startTestServer, teamLogins, TEST_STORE, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Writes `count` ready guesses for the teams in turn: through the guess writer on SQLite (fast), else one by one. */
async function guesses(levelId: number, teamIds: number[], count: number): Promise<void> {
  const t0 = Date.now() - 3_600_000;
  const row = (i: number) => ({ teamId: teamIds[i % teamIds.length], levelId, x: [i / count], fx: (i / count) ** 2, grad: [(2 * i) / count], submittedAt: t0 + i, readyAt: t0 + i, source: 'http' as const });
  if (TEST_STORE === 'sqlite') {
    const writer = (server.app.database.guesses as SqliteGuesses).writer;
    let committed: Promise<void> = Promise.resolve();
    for (let i = 0; i < count; i++) committed = writer.insert(row(i))!.committed;
    await committed;
  } else {
    for (let i = 0; i < count; i++) await server.app.store.createGuess(row(i));
  }
}

describe('deleting a game', () => {
  it('removes its levels, teams, sessions and every guess, and nothing of another game', async () => {
    // More guesses than one slice on SQLite (2 000), so the slices must add up.
    const many = TEST_STORE === 'sqlite' ? 4_500 : 30;
    const doomed = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-2, 2]], delayMs: 0, password: 'doomed-1' }, { expression: '(x - 1)^2', domain: [[-2, 2]], delayMs: 0, password: 'doomed-2' }], teams: 3 });
    await guesses(doomed.levels[0].id, doomed.teams.map((t) => t.id), many);
    await guesses(doomed.levels[1].id, doomed.teams.map((t) => t.id), 7);
    await teamLogins(server.url)(1, 'doomed-1');

    const kept = await createGame(server, { levels: [{ expression: 'x^2 + 1', domain: [[-2, 2]], delayMs: 0, password: 'kept-1' }], teams: 2 });
    await guesses(kept.levels[0].id, kept.teams.map((t) => t.id), 11);
    await teamLogins(server.url)(2, 'kept-1');
    const db = server.app.database.db;
    const keptBefore = { guesses: await db.guess.count(), sessions: await db.teamSession.count({ where: { teamId: { in: kept.teams.map((t) => t.id) } } }) };
    expect(keptBefore.guesses).toBe(many + 7 + 11);

    await server.admin('DELETE', `/games/${doomed.gameId}`);

    expect(await db.game.count({ where: { id: doomed.gameId } })).toBe(0);
    expect(await db.level.count({ where: { gameId: doomed.gameId } })).toBe(0);
    expect(await db.team.count({ where: { gameId: doomed.gameId } })).toBe(0);
    expect(await db.teamSession.count({ where: { teamId: { in: doomed.teams.map((t) => t.id) } } })).toBe(0);
    expect(await db.guess.count({ where: { levelId: { in: doomed.levels.map((l) => l.id) } } })).toBe(0);
    expect(await db.guess.count()).toBe(11);
    expect(await db.teamSession.count({ where: { teamId: { in: kept.teams.map((t) => t.id) } } })).toBe(keptBefore.sessions);
    expect(keptBefore.sessions).toBe(1);
    expect((await server.admin('GET', `/games/${kept.gameId}`)).teams).toHaveLength(2);

    if (TEST_STORE === 'sqlite') {
      expect(await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE name = '${TEMPORARY_TEAM_INDEX}'`)).toEqual([]);
      expect(await db.$queryRawUnsafe('PRAGMA foreign_key_check')).toEqual([]);
    }
  });

  it('resetting a level removes all its guesses, however many slices they take, and no other level’s', async () => {
    const many = TEST_STORE === 'sqlite' ? 4_001 : 25;
    const { levels, teams } = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-2, 2]], delayMs: 0, password: 'reset-1' }, { expression: 'x^2 + 2', domain: [[-2, 2]], delayMs: 0, password: 'reset-2' }], teams: 2 });
    await guesses(levels[0].id, teams.map((t) => t.id), many);
    await guesses(levels[1].id, teams.map((t) => t.id), 5);
    await server.admin('POST', `/levels/${levels[0].id}/reset`, {});
    const db = server.app.database.db;
    expect(await db.guess.count({ where: { levelId: levels[0].id } })).toBe(0);
    expect(await db.guess.count({ where: { levelId: levels[1].id } })).toBe(5);
    await server.admin('DELETE', `/levels/${levels[1].id}`);
    expect(await db.guess.count({ where: { levelId: levels[1].id } })).toBe(0);
    expect(await db.level.count({ where: { id: levels[1].id } })).toBe(0);
  });
});
