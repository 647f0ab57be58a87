/**
 * The projector board is public: nothing about a level's function (expression, f*, argmin, median, samples,
 * reference runs) may reach it before the level is revealed, nor a guess's value before its readyAt — even with
 * the password and the guess values shown on the board. Scans GET /api/board and every /board socket payload
 * through draft → open → guesses → paused → closed (with reference runs already computed), then sees it all
 * arrive at reveal, pushed to the board without a refetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

const EXPRESSION = '0.5 * (x - 2.71828)^2 + 3.14159';
const f = (x: number) => 0.5 * (x - 2.71828) ** 2 + 3.14159;
const DELAY_MS = 700;

let server: TestServer;
let board: Socket;
let levelId: number;
let level: { fStar: number; median: number; argmin: number; password: string };
const payloads: { at: number; where: string; body: any }[] = [];

async function getBoard(where: string): Promise<any> {
  const res = await fetch(`${server.url}/api/board`);
  expect(res.status).toBe(200);
  const body = await res.json();
  payloads.push({ at: Date.now(), where, body });
  return body;
}

/** Every number anywhere in a payload, with its key path. */
function numbers(value: unknown, path = '', out: { path: string; value: number }[] = []) {
  if (typeof value === 'number') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

/** Every key anywhere in a payload. */
function keys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keys(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.add(k), keys(v, out));
  return out;
}

/** The longest array of numbers in a payload (samples of f would be hundreds long). */
function longestNumberArray(value: unknown): number {
  if (Array.isArray(value)) {
    const own = value.every((v) => typeof v === 'number') ? value.length : 0;
    return Math.max(own, ...value.map(longestNumberArray));
  }
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestNumberArray));
  return 0;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function expectNothingAboutTheFunction(phase: string) {
  expect(payloads.length, `${phase}: payloads were captured`).toBeGreaterThan(0);
  for (const { where, body } of payloads) {
    const text = JSON.stringify(body);
    for (const secret of [EXPRESSION, '2.71828', '3.14159']) expect(text.includes(secret), `${phase}: ${where} contains ${secret}`).toBe(false);
    const found = keys(body);
    for (const key of ['expression', 'fStar', 'argmin', 'median', 'samples', 'reveal', 'reference', 'paths']) {
      expect(found.has(key), `${phase}: ${where} has the key ${key}`).toBe(false);
    }
    for (const { path, value } of numbers(body)) {
      for (const [name, secret] of [['f*', level.fStar], ['median', level.median], ['argmin', level.argmin]] as const) {
        expect(near(value, secret), `${phase}: ${where} ${path} = ${value} is the ${name}`).toBe(false);
      }
    }
    expect(longestNumberArray(body), `${phase}: ${where} carries a long array of numbers`).toBeLessThan(20);
  }
}

function nextBoardMessage(predicate: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      board.off('message', listener);
      reject(new Error(`no matching /board message within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (m: any) => {
      if (!predicate(m)) return;
      clearTimeout(timer);
      board.off('message', listener);
      resolve(m);
    };
    board.on('message', listener);
  });
}

async function login(team: number): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: level.password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function guess(token: string, x: number): Promise<{ id: number; readyAt: string }> {
  const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
  expect(res.status).toBe(202);
  return res.json();
}

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
  const game = await createGame(server, {
    levels: [{ title: 'Leak check', expression: EXPRESSION, domain: [[-6, 6]], delayMs: DELAY_MS, password: 'board-leak', timeLimitMs: 600_000 }],
    teams: 3,
    open: false,
  });
  levelId = game.levels[0].id;
  // The most the board is ever allowed to show: the password and the values of ready guesses.
  await server.admin('PATCH', `/games/${game.gameId}`, { showFeedValues: true });
  await server.admin('PATCH', `/levels/${levelId}`, { showPassword: true, start: -4 });
  const admin = await server.admin('GET', `/levels/${levelId}`);
  level = { fStar: admin.fStar, median: admin.median, argmin: admin.argmin, password: admin.password };
  expect(level.fStar).toBeCloseTo(3.14159, 4);

  board = io(`${server.url}/board`, { transports: ['websocket'], forceNew: true, reconnection: false });
  board.on('message', (m: any) => payloads.push({ at: Date.now(), where: `socket ${m.type}`, body: m }));
  await new Promise<void>((resolve, reject) => {
    board.once('connect', () => resolve());
    board.once('connect_error', reject);
  });
});

afterAll(async () => {
  board?.disconnect();
  await server?.close();
});

describe('the board before reveal', () => {
  it('learns nothing about the function through draft, open, guesses, paused and closed', async () => {
    await getBoard('GET draft');
    await server.admin('POST', `/levels/${levelId}/open`);
    const opened = await getBoard('GET open');
    expect(opened.current.level.status).toBe('open');
    expect(opened.current.password).toBe(level.password);

    const tokens = [await login(1), await login(2), await login(3)];
    // Guesses whose values are nowhere near f* or the median (a coincidence would look like a leak).
    const xs = [[-5, 5.5], [-3, 0], [4.9, -1.7]];
    for (const x of xs.flat()) expect(near(f(x), level.median) || near(f(x), level.fStar)).toBe(false);

    const submitted: { x: number; fx: number; readyAt: number }[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [i, token] of tokens.entries()) {
        const x = xs[i][round];
        const accepted = await guess(token, x);
        submitted.push({ x, fx: f(x), readyAt: Date.parse(accepted.readyAt) });
      }
      await new Promise((r) => setTimeout(r, DELAY_MS + 400));
    }
    await getBoard('GET open with guesses');

    // No value reached the board before its readyAt…
    for (const { at, where, body } of payloads) {
      for (const g of submitted) {
        if (at >= g.readyAt) continue;
        const leaked = numbers(body).find(({ value }) => near(value, g.fx));
        expect(leaked, `${where} at ${at} carries f(${g.x}) before readyAt ${g.readyAt}`).toBeUndefined();
      }
    }
    // …and after it, the values the instructor allowed did (so the scan above can see a value when there is one).
    const bestOfTeam1 = Math.min(f(-5), f(5.5));
    const live = await getBoard('GET after readyAt');
    expect(live.current.leaderboard.find((e: any) => e.number === 1).best).toBeCloseTo(bestOfTeam1, 9);
    expect(live.feed.some((item: any) => item.fx !== undefined && near(item.fx, f(5.5)))).toBe(true);
    // Points and regret would give f* and the median away while the level is played.
    expect(live.current.leaderboard.every((e: any) => !('points' in e) && !('regret' in e))).toBe(true);

    await server.admin('POST', `/levels/${levelId}/pause`);
    const paused = await getBoard('GET paused');
    expect(paused.current.level.status).toBe('paused');
    expect(paused.current.leaderboard.every((e: any) => !('points' in e) && !('regret' in e))).toBe(true);

    await server.admin('POST', `/levels/${levelId}/close`);
    const closed = await getBoard('GET closed');
    expect(closed.current.level.status).toBe('closed');
    // The settlement shows ranks and best f; points and regret wait for the reveal (f* = best − regret would follow).
    expect(closed.current.leaderboard.find((e: any) => e.number === 1)).toMatchObject({ rank: expect.any(Number), best: expect.any(Number) });
    expect(closed.current.leaderboard.every((e: any) => !('points' in e) && !('regret' in e))).toBe(true);

    // Reference runs computed by the instructor before the reveal stay on the admin side.
    const reference = await server.admin('POST', `/levels/${levelId}/reference`, { runs: [{ optimizer: 'gd', lr: 0.3, steps: 12 }], teams: true });
    expect(reference.runs.length).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 400));
    await getBoard('GET closed with reference runs');

    expectNothingAboutTheFunction('before reveal');
  });

  it('sends each feed item once: updates carry what changed, not the history', () => {
    const updates = payloads.filter((p) => p.where === 'socket update');
    expect(updates.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    for (const [i, { body }] of updates.entries()) {
      for (const item of body.feed) {
        const key = `${item.teamId}|${item.at}|${item.fx ?? ''}`;
        expect(seen.has(key), `feed item ${key} sent again in update ${i} (first in ${seen.get(key)})`).toBe(false);
        seen.set(key, i);
      }
    }
    // Six ready guesses, shown with their values: six items in all.
    expect([...seen.keys()].filter((k) => !k.endsWith('|'))).toHaveLength(6);
  });
});

describe('the board at reveal', () => {
  it('receives the function, its samples, every path and the reference runs — pushed, no refetch needed', async () => {
    const pushed = nextBoardMessage((m) => m.type === 'board' && m.board.current?.level.status === 'revealed');
    await server.admin('POST', `/levels/${levelId}/reveal`);
    const { board: snapshot } = await pushed;
    const reveal = snapshot.current.reveal;
    expect(reveal.expression).toBe(EXPRESSION);
    expect(reveal.fStar).toBeCloseTo(3.14159, 4);
    expect(reveal.argmin).toBeCloseTo(2.71828, 2);
    expect(reveal.median).toBeCloseTo(level.median, 9);
    expect(reveal.samples.dims).toBe(1);
    expect(reveal.samples.xs.length).toBeGreaterThan(100);
    expect(reveal.samples.fx[0]).toBeCloseTo(f(reveal.samples.xs[0]), 6);
    expect(reveal.paths.map((p: any) => p.number).sort()).toEqual([1, 2, 3]);
    expect(reveal.paths.find((p: any) => p.number === 3).path.map((p: any) => p.x)).toEqual([4.9, -1.7]);
    const defaultRun = reveal.reference.find((r: any) => r.teamId === null && r.optimizer === 'gd');
    expect(defaultRun.path[0].x).toBe(-4);
    expect(defaultRun.path).toHaveLength(13);
    expect(reveal.reference.some((r: any) => r.teamId !== null)).toBe(true);

    const fetched = await getBoard('GET revealed');
    expect(fetched.current.reveal.expression).toBe(EXPRESSION);
    expect(fetched.current.leaderboard.find((e: any) => e.number === 1)).toMatchObject({ points: expect.any(Number), regret: expect.any(Number) });
  });
});
