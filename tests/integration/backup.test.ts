import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

// A game exported as JSON and imported again (the admin panel's backup of one game).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
});
afterAll(async () => server.close());

const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

/** The backup without what a restore is free to change: ids and keys, and the clock of a running level. */
const comparable = (backup: any) => ({
  game: backup.game,
  levels: backup.levels.map(({ key: _k, closesAt: _c, remainingMs: _r, status, ...l }: any) => ({ ...l, status: status === 'open' ? 'paused' : status })),
  teams: backup.teams.map(({ key: _k, ...t }: any) => t),
  guesses: backup.guesses.map(({ level, team, ...g }: any) => ({
    ...g,
    level: backup.levels.findIndex((l: any) => l.key === level),
    team: backup.teams.findIndex((t: any) => t.key === team),
  })),
});

describe('a game backup (export.json → import)', () => {
  it('restores levels, teams and every guess as a new inactive game; an open level comes back paused', async () => {
    const game = await createGame(server, {
      levels: [
        { expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 0, password: 'first' },
        { expression: 'x^2 + y^2', domain: [[-2, 2], [-2, 2]], delayMs: 0, password: 'second' },
      ],
      teams: 3,
    });
    await server.admin('PATCH', `/teams/${game.teams[1].id}`, { name: '<b>梯度</b> "下降"' });
    const codes = new Map<number, string>();
    for (const [team, password, x] of [[1, 'first', 0.5], [2, 'first', 3], [1, 'second', [0.5, -0.5]], [3, 'second', [1, 1]]] as const) {
      // Team 1 logs in twice: its second device sends the code its first claim got.
      const answer = (await call('POST', '/api/login', { team, password, ...(codes.has(team) ? { code: codes.get(team) } : {}) })).body;
      codes.set(team, answer.team.code);
      const token = answer.token;
      expect((await call('POST', '/api/guesses', { x }, token)).status).toBe(202);
    }
    await server.admin('POST', `/levels/${game.levels[0].id}/close`);
    await server.admin('POST', `/levels/${game.levels[0].id}/reveal`);

    const backup = await server.admin('GET', `/games/${game.gameId}/export.json`);
    expect(backup).toMatchObject({ format: 'gd-arena-game', version: 1 });
    expect(backup.guesses).toHaveLength(4);
    const restored = await server.admin('POST', '/games/import', backup);
    expect(restored).toMatchObject({ title: backup.game.title, active: false, levels: 2, teams: 3 });
    expect(restored.id).not.toBe(game.gameId);

    const again = await server.admin('GET', `/games/${restored.id}/export.json`);
    expect(comparable(again)).toEqual(comparable(backup));
    expect(again.levels.map((l: any) => l.status)).toEqual(['revealed', 'paused']);
    // The original is untouched.
    expect(comparable(await server.admin('GET', `/games/${game.gameId}/export.json`))).toEqual(comparable(backup));
  });

  it('pushes a result that was not yet due when the backup was taken at its readyAt', async () => {
    const game = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-3, 3]], delayMs: 1500, password: 'later' }], teams: 1 });
    const token = (await call('POST', '/api/login', { team: 1, password: 'later' })).body.token;
    expect((await call('POST', '/api/guesses', { x: 2 }, token)).status).toBe(202);
    const backup = await server.admin('GET', `/games/${game.gameId}/export.json`);
    const restored = await server.admin('POST', '/games/import', backup);
    await server.admin('POST', `/games/${restored.id}/activate`);
    const level = (await server.admin('GET', `/games/${restored.id}`)).levels[0];
    await server.admin('POST', `/levels/${level.id}/resume`);
    const restoredToken = (await call('POST', '/api/login', { team: 1, password: 'later' })).body.token;
    const socket = io(`${server.url}/team`, { auth: { token: restoredToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const ready = await new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready push')), 5000);
        socket.on('message', (m: any) => {
          if (m.type === 'ready') {
            clearTimeout(timer);
            resolve(m);
          }
        });
      });
      expect(ready).toMatchObject({ x: 2, fx: 4, status: 'ready' });
      expect(Date.now()).toBeGreaterThanOrEqual(backup.guesses[0].readyAt);
    } finally {
      socket.disconnect();
    }
  });

  it('restores all or nothing: a backup naming a team it does not hold leaves no game behind', async () => {
    const game = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-3, 3]], delayMs: 0, password: 'whole' }], teams: 1 });
    const token = (await call('POST', '/api/login', { team: 1, password: 'whole' })).body.token;
    await call('POST', '/api/guesses', { x: 1 }, token);
    const backup = await server.admin('GET', `/games/${game.gameId}/export.json`);
    const before = (await server.admin('GET', '/games')).length;
    const broken = { ...backup, guesses: [...backup.guesses, { ...backup.guesses[0], team: 999_999 }] };
    const res = await call('POST', '/api/admin/games/import', broken, server.adminToken);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_BODY' } } });
    expect((await server.admin('GET', '/games')).length).toBe(before);
    // A file that is not a backup at all.
    expect((await call('POST', '/api/admin/games/import', { format: 'something-else' }, server.adminToken)).status).toBe(400);
  });
});
