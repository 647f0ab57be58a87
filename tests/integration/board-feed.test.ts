/**
 * The board's "Guesses arriving" feed is the level's guesses, not a memory of one process: a restarted server (or
 * another instance) shows the same feed beside the same ranking, and a change of the game's "values in the feed"
 * setting shows the feed of the new kind at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { ADMIN_PASSWORD, adminApi, createGame, tempDatabase, teamLogins } from '../helpers/server.ts';

const db = tempDatabase();
let app: FastifyInstance;
let port = 0;
let url = '';
let adminToken = '';

/** The app on the test's database, on `port` (a free one the first time: the same one after a restart). */
async function start(): Promise<void> {
  app = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  port = address.port;
  url = `http://127.0.0.1:${port}`;
  const login = await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_PASSWORD }) });
  adminToken = ((await login.json()) as { token: string }).token;
}

/** The admin's calls (its token survives the restart, as the port does). */
const admin = (method: string, path: string, body?: unknown) => adminApi(url, adminToken)(method, path, body);

async function json(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** The feed on GET /api/board: who and when, with x and f(x) where shown. */
async function feed(): Promise<{ number: number; at: string; x?: number; fx?: number }[]> {
  return (await json('/api/board')).feed;
}

beforeAll(async () => {
  await start();
});
afterAll(async () => {
  await app?.close();
  db.remove();
});

describe('the board feed', () => {
  it('lists the same guesses after a restart, and follows the game’s setting for values', async () => {
    const game = await createGame({ admin }, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 50, password: 'feed' }], teams: 3 });
    const login = teamLogins(url);
    // Team 1 twice, then teams 2 and 3: four guesses, each result waited for.
    const sent: { number: number; x: number }[] = [];
    for (const [number, x] of [[1, 4], [2, -2], [1, 2], [3, 0.5]] as const) {
      const token = await login(number, 'feed');
      const auth = { authorization: `Bearer ${token}` };
      const guess = await json('/api/guesses', { method: 'POST', body: JSON.stringify({ x }), headers: auth });
      await json(`/api/guesses/${guess.id}?wait=1`, { headers: auth });
      sent.push({ number, x });
    }
    const newestFirst = sent.reverse().map((s) => s.number);

    const before = await feed();
    expect(before.map((item) => item.number)).toEqual(newestFirst);
    expect(before.every((item) => item.fx === undefined)).toBe(true);

    await app.close();
    await start();
    expect(await feed()).toEqual(before);

    // Values in the feed: each item is the result, at the moment it was due, with x and f(x).
    await admin('PATCH', `/games/${game.gameId}`, { showFeedValues: true });
    const withValues = await feed();
    expect(withValues.map((item) => [item.number, item.x, item.fx])).toEqual(sent.map((s) => [s.number, s.x, (s.x - 1) ** 2]));
    for (const [i, item] of withValues.entries()) expect(Date.parse(item.at)).toBeGreaterThan(Date.parse(before[i].at));

    // A guess made now joins the top of the feed that was read from the store.
    const token = await login(2, 'feed');
    const auth = { authorization: `Bearer ${token}` };
    const guess = await json('/api/guesses', { method: 'POST', body: JSON.stringify({ x: 1.5 }), headers: auth });
    await json(`/api/guesses/${guess.id}?wait=1`, { headers: auth });
    await expect.poll(async () => (await feed()).map((item) => [item.number, item.x])).toEqual([[2, 1.5], ...withValues.map((item) => [item.number, item.x])]);
  });
});
