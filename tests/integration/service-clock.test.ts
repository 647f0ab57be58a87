import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TeamServerMessage } from '../../shared/protocol.ts';
import { FakeClock, flush } from '../helpers/fake-clock.ts';
import { ADMIN_PASSWORD, buildTestApp } from '../helpers/server.ts';

// The game service on a fake clock: the default 10 s delays are checked to the millisecond without waiting.
const clock = new FakeClock();
let app: FastifyInstance;
let close: () => Promise<void>;
let adminToken = '';
let levelId = 0;
const pushed: { at: number; teamId: number; message: TeamServerMessage }[] = [];
/** Messages to every team of a level (the top of the leaderboard goes out this way). */
const toLevel: { at: number; message: TeamServerMessage }[] = [];

async function inject(method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) {
  const res = await app.inject({ method, url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, body: res.json() };
}

/**
 * Runs a request whose answer waits on the clock: advances time until it settles. Some of its work is real (a
 * password hash on the thread pool), so each step also lets real time pass; the wait is bounded in both.
 */
async function settle<T>(promise: Promise<T>, stepMs = 1000, maxMs = 120_000): Promise<{ value: T; elapsed: number }> {
  const started = clock.now();
  const realStart = Date.now();
  let done = false;
  let value!: T;
  void promise.then((v) => {
    done = true;
    value = v;
  });
  await flush();
  while (!done && Date.now() - realStart < 10_000) {
    if (clock.now() - started < maxMs) await clock.advance(stepMs);
    await flush();
    if (!done) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (!done) throw new Error('request did not settle');
  return { value, elapsed: clock.now() - started };
}

beforeAll(async () => {
  ({ app, close } = await buildTestApp({
    clock,
    observe: (to, message) => {
      if (to === 'board' || to === 'admin') return;
      if (to.teamId !== undefined) pushed.push({ at: clock.now(), teamId: to.teamId, message: message as TeamServerMessage });
      else toLevel.push({ at: clock.now(), message: message as TeamServerMessage });
    },
  }));
  adminToken = (await settle(inject('POST', '/api/admin/login', { password: ADMIN_PASSWORD }))).value.body.token;
  const game = await inject('POST', '/api/admin/games', { title: 'Clock' }, adminToken);
  const level = await inject('POST', `/api/admin/games/${game.body.id}/levels`, { title: 'L', expression: '(x - 1)^2', domain: [[-5, 5]], password: 'tick', timeLimitMs: 300_000 }, adminToken);
  levelId = level.body.id;
  await inject('POST', `/api/admin/games/${game.body.id}/teams`, { count: 2 }, adminToken);
  await inject('POST', `/api/admin/levels/${levelId}/open`, undefined, adminToken);
});
afterAll(async () => close());

describe('on a fake clock', () => {
  let token = '';

  it('answers a login after exactly the default 10 000 ms, success and failure alike', async () => {
    const ok = await settle(inject('POST', '/api/login', { team: 1, password: 'tick' }), 100);
    expect(ok.value.status).toBe(200);
    expect(ok.elapsed).toBe(10_000);
    token = ok.value.body.token;
    const bad = await settle(inject('POST', '/api/login', { team: 1, password: 'tock' }), 100);
    expect(bad.value.status).toBe(401);
    expect(bad.elapsed).toBe(10_000);
  });

  it('discloses a result at readyAt and not a millisecond before, by GET and by push', async () => {
    const accepted = await inject('POST', '/api/guesses', { x: 4 }, token);
    expect(accepted.status).toBe(202);
    const readyAt = Date.parse(accepted.body.readyAt);
    expect(readyAt - clock.now()).toBe(10_000);
    await clock.advance(9_999);
    expect((await inject('GET', `/api/guesses/${accepted.body.id}`, undefined, token)).body).toMatchObject({ status: 'pending' });
    expect(pushed.some((p) => p.message.type === 'ready')).toBe(false);
    await clock.advance(1);
    expect((await inject('GET', `/api/guesses/${accepted.body.id}`, undefined, token)).body).toMatchObject({ status: 'ready', fx: 9, slope: 6 });
    const ready = pushed.find((p) => p.message.type === 'ready');
    expect(ready).toMatchObject({ at: readyAt, teamId: 1, message: { guessId: accepted.body.id, fx: 9 } });
  });

  it('holds GET ?wait=1 until readyAt', async () => {
    const accepted = await inject('POST', '/api/guesses', { x: 2 }, token);
    const waited = await settle(inject('GET', `/api/guesses/${accepted.body.id}?wait=1`, undefined, token), 250);
    expect(waited.elapsed).toBe(10_000);
    expect(waited.value.body).toMatchObject({ status: 'ready', fx: 1 });
  });

  it("pushes the teams' leaderboard 200 ms after a change in a quiet second, then at most once a second", async () => {
    const second = (await settle(inject('POST', '/api/login', { team: 2, password: 'tick' }), 100)).value.body.token;
    await clock.advance(5_000);
    const first = await inject('POST', '/api/guesses', { x: 1.5 }, token);
    await clock.advance(300);
    await inject('POST', '/api/guesses', { x: 1 }, second);
    const readyAt = Date.parse(first.body.readyAt);
    await clock.advance(readyAt - clock.now());
    const from = toLevel.length;
    // Team 1's result changes its row at readyAt: out 200 ms later. Team 2's, 300 ms after, waits for the second.
    await clock.advance(2_000);
    await flush();
    const pushes = toLevel.slice(from).filter((p) => p.message.type === 'leaderboard');
    expect(pushes.map((p) => p.at - readyAt)).toEqual([200, 1200]);
    const last = pushes[1].message;
    expect(last.type === 'leaderboard' && last.leaderboard.find((row) => row.teamId === 2)).toMatchObject({ rank: 1, best: 0 });
  });

  it('closes the level by itself when its time limit runs out', async () => {
    const level = (await inject('GET', `/api/admin/levels/${levelId}`, undefined, adminToken)).body;
    await clock.advance(Date.parse(level.closesAt) - clock.now() - 1);
    expect((await inject('GET', `/api/admin/levels/${levelId}`, undefined, adminToken)).body.status).toBe('open');
    await clock.advance(1);
    await flush();
    const closed = (await inject('GET', `/api/admin/levels/${levelId}`, undefined, adminToken)).body;
    expect(closed.status).toBe('closed');
    expect((await inject('POST', '/api/guesses', { x: 0 }, token)).body.error.code).toBe('LEVEL_NOT_OPEN');
    // The settled table (ranks and best f; points come with the reveal) reaches the teams at the board's pace.
    const closedAt = clock.now();
    const from = toLevel.length;
    await clock.advance(200);
    await flush();
    const settled = toLevel.slice(from).find((p) => p.message.type === 'leaderboard');
    expect(settled?.at).toBe(closedAt + 200);
    // The whole table, not a partial update: rows below the top went to their own team only while the level ran.
    expect(settled?.message).toMatchObject({ type: 'leaderboard', levelId });
    expect(settled?.message.type === 'leaderboard' && settled.message.partial).toBeFalsy();
    expect(settled?.message.type === 'leaderboard' && settled.message.leaderboard.map((row) => row.number).sort()).toEqual([1, 2]);
    expect(settled?.message.type === 'leaderboard' && settled.message.leaderboard.every((row) => typeof row.rank === 'number' && !('points' in row))).toBe(true);
  });
});
