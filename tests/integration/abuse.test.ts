/**
 * Abuse: what a student with a script (or a browser's devtools) can try against the public doors, and what the
 * server must do — slow and refuse a password guesser, keep each token to its own team and level, keep team
 * names inert text, refuse oversized and deeply nested bodies on every door. (Sign-in limits in detail, on a clock
 * the test moves: sign-in-limits.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';

/** Failed logins per (address, team number); per address: 5 times as many. */
const LOGIN_LIMIT = 8;
const LOGIN_DELAY_MS = 300;
let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;
const sockets: Socket[] = [];
const wss: WebSocket[] = [];

type Inject = { method?: 'GET' | 'POST' | 'PATCH'; url: string; payload?: unknown; token?: string; headers?: Record<string, string>; remoteAddress?: string };
async function call(o: Inject) {
  const res = await server.app.inject({
    method: o.method ?? (o.payload === undefined ? 'GET' : 'POST'),
    url: o.url,
    payload: o.payload as string | object | undefined,
    remoteAddress: o.remoteAddress ?? '127.0.0.1',
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
  });
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // not JSON
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** Team codes as the first device of each team was shown them: later devices of the team give them. */
const codes = new Map<number, string>();
async function login(team: number, password: string, remoteAddress = '10.1.0.1'): Promise<string> {
  const res = await call({ url: '/api/login', payload: { team, password, code: codes.get(team) }, remoteAddress });
  expect(res.status).toBe(200);
  codes.set(team, res.body.team.code);
  return res.body.token;
}

async function storedGuesses(levelId: number): Promise<any[]> {
  return (await server.admin('GET', `/levels/${levelId}/guesses`)).guesses;
}

function connect(namespace: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolveConnect, reject) => {
    socket.once('connect', () => resolveConnect(socket));
    socket.once('connect_error', reject);
  });
}

/** Collects every "message" a socket receives. */
function record(socket: Socket): any[] {
  const seen: any[] = [];
  socket.on('message', (m: any) => seen.push(m));
  return seen;
}

beforeAll(async () => {
  // A day-long failure window: the exact counts below cannot straddle the end of a window.
  server = await startTestServer({ loginFailureLimit: LOGIN_LIMIT, loginFailureWindowMs: 24 * 3600_000, logLevel: 'error' });
  game = await createGame(server, {
    levels: [
      { expression: '(x - 2)^2', domain: [[-10, 10]], delayMs: 200, password: 'alpha', budget: null },
      { expression: 'x^2 + 1', domain: [[-10, 10]], delayMs: 200, password: 'beta', budget: null },
    ],
    teams: 4,
    loginDelayMs: LOGIN_DELAY_MS,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of wss) w.terminate();
  await server.close();
});

describe('a parallel password guesser', () => {
  it('is slowed by the login delay, refused with 429 once over the limit, and blocked even when it finds the password', async () => {
    const guesser = '10.9.9.9';
    const attempts = Array.from({ length: 40 }, (_, i) => ({ team: 1, password: `guess-${i}` }));
    const started = Date.now();
    const answers = await Promise.all(
      attempts.map(async (body) => {
        const res = await call({ url: '/api/login', payload: body, remoteAddress: guesser });
        return { ...res, after: Date.now() - started };
      }),
    );
    const bad = answers.filter((a) => a.status === 401);
    const limited = answers.filter((a) => a.status === 429);
    // The check and the count are serialised: exactly the limit gets through to a verdict, the rest is refused.
    expect(bad).toHaveLength(LOGIN_LIMIT);
    expect(limited).toHaveLength(attempts.length - LOGIN_LIMIT);
    for (const a of bad) {
      expect(a.body.error.code).toBe('BAD_LOGIN');
      // Each verdict waits the game's login delay: a wrong password costs the guesser time.
      expect(a.after).toBeGreaterThanOrEqual(LOGIN_DELAY_MS - 5);
    }
    for (const a of limited) {
      expect(a.body.error.code).toBe('RATE_LIMITED');
      expect(a.headers['retry-after']).toBe(String(a.body.error.params.retryAfterS));
    }
    // Even the right password is refused for that team from that address now, so guessing on cannot find it…
    expect((await call({ url: '/api/login', payload: { team: 1, password: 'alpha' }, remoteAddress: guesser })).status).toBe(429);
    // …while another team behind the same address, and the team itself at another address, log in normally.
    await login(2, 'alpha', guesser);
    await login(1, 'alpha', '10.1.0.2');
  });

  it('cannot escape the limit by naming other team numbers: its address is stopped after 5 times the limit', async () => {
    const guesser = '10.9.9.8';
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => call({ url: '/api/login', payload: { team: (i % 20) + 1, password: `g-${i}` }, remoteAddress: guesser })));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5 * LOGIN_LIMIT);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(60 - 5 * LOGIN_LIMIT);
  });

  it('cannot escape the limit with forged X-Forwarded-For headers (no proxy is trusted by default)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call({ url: '/api/login', payload: { team: 1, password: `nope-${i}` }, remoteAddress: '10.9.9.10', headers: { 'x-forwarded-for': `192.168.7.${i}` } }),
      ),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(LOGIN_LIMIT);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - LOGIN_LIMIT);
  });

  it('is stopped sooner on the admin sign-in: 5 a minute from one address are hashed, the others refused at once', async () => {
    const minute = Math.floor(Date.now() / 60_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call({ url: '/api/admin/login', payload: { password: `admin-${i}` }, remoteAddress: '10.9.9.11' })),
    );
    // 5 a minute (a burst that crosses into the next minute may get one more; exact counts: sign-in-limits.test.ts).
    const hashed = answers.filter((a) => a.status === 401).length;
    expect(hashed).toBeGreaterThan(0);
    expect(hashed).toBeLessThanOrEqual(Math.floor(Date.now() / 60_000) === minute ? 5 : 6);
    expect(answers.filter((a) => a.status === 429).map((a) => a.body.error.code)).toEqual(Array(20 - hashed).fill('RATE_LIMITED'));
    // Attempts refused at the same moment hold their place until they give it back, so a burst may get fewer: one at
    // a time, the guesser gets the rest, then even the right password is refused.
    let last = 0;
    for (let i = 0; i < 6 && last !== 429; i++) last = (await call({ url: '/api/admin/login', payload: { password: `more-${i}` }, remoteAddress: '10.9.9.11' })).status;
    expect(last).toBe(429);
    expect((await call({ url: '/api/admin/login', payload: { password: ADMIN_PASSWORD }, remoteAddress: '10.9.9.11' })).status).toBe(429);
  });
});

describe('a team token', () => {
  it('cannot read or submit for another team or another level over HTTP', async () => {
    const [alpha, beta] = game.levels;
    const t1 = await login(1, 'alpha');
    const t2 = await login(2, 'alpha');
    const t1beta = await login(1, 'beta');
    const theirs = await call({ url: '/api/guesses', payload: { x: 1 }, token: t2 });
    const mineElsewhere = await call({ url: '/api/guesses', payload: { x: 1 }, token: t1beta });
    expect([theirs.status, mineElsewhere.status]).toEqual([202, 202]);

    // Another team's guess, or my own in another level: not found, whichever id is asked.
    for (const id of [theirs.body.id, mineElsewhere.body.id]) {
      expect(await call({ url: `/api/guesses/${id}`, token: t1 })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      expect((await call({ url: `/api/guesses/${id}?wait=1`, token: t1 })).status).toBe(404);
    }
    expect((await call({ url: '/api/guesses', token: t1 })).body.guesses).toEqual([]);
    expect((await call({ url: '/api/me', token: t1 })).body).toMatchObject({ team: { number: 1 }, level: { id: alpha.id }, guesses: [] });

    // A body naming another team or level is refused outright, and nothing is stored anywhere.
    const before = [(await storedGuesses(alpha.id)).length, (await storedGuesses(beta.id)).length];
    for (const payload of [{ x: 1, teamId: game.teams[1].id }, { x: 1, team: 2 }, { x: 1, levelId: beta.id }, { x: 1, token: t2 }]) {
      expect(await call({ url: '/api/guesses', payload, token: t1 })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_BODY' } } });
    }
    expect([(await storedGuesses(alpha.id)).length, (await storedGuesses(beta.id)).length]).toEqual(before);

    // The admin doors refuse it.
    for (const url of ['/api/admin/games', `/api/admin/levels/${alpha.id}/guesses`, `/api/admin/levels/${alpha.id}/monitor`]) {
      expect(await call({ url, token: t1 })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    }
    expect((await call({ url: `/api/admin/levels/${alpha.id}/close`, payload: {}, token: t1 })).status).toBe(401);
  });

  it('hears only its own team and level over Socket.IO, and cannot name another team in a message', async () => {
    const [alpha] = game.levels;
    const t3 = await login(3, 'alpha');
    const t4 = await login(4, 'alpha');
    const t3beta = await login(3, 'beta');
    const three = await connect('/team', { token: t3 });
    const threeHeard = record(three);
    const four = await connect('/team', { token: t4 });
    const fourHeard = record(four);
    const threeBeta = await connect('/team', { token: t3beta });
    const threeBetaHeard = record(threeBeta);

    const ack = await four.timeout(5000).emitWithAck('message', { type: 'guess', x: 3.25 });
    expect(ack.ok).toBe(true);
    await expect.poll(() => fourHeard.some((m) => m.type === 'ready' && m.guessId === ack.guess.id), { timeout: 5000 }).toBe(true);
    // Team 3's devices, in this level and in the other, never receive team 4's guess.
    for (const heard of [threeHeard, threeBetaHeard]) {
      expect(heard.filter((m) => (m.type === 'accepted' || m.type === 'ready') && m.guessId === ack.guess.id)).toEqual([]);
      expect(JSON.stringify(heard.filter((m) => m.type !== 'leaderboard'))).not.toContain('3.25');
    }

    const before = (await storedGuesses(alpha.id)).length;
    for (const message of [{ type: 'guess', x: 1, teamId: game.teams[3].id }, { type: 'guess', x: 1, levelId: game.levels[1].id }, { type: 'state', team: 4 }]) {
      expect(await three.timeout(5000).emitWithAck('message', message)).toMatchObject({ ok: false, error: { code: 'INVALID_BODY' } });
    }
    expect((await storedGuesses(alpha.id)).length).toBe(before);
    // The team namespace does not open the admin one.
    await expect(connect('/admin', { token: t3 })).rejects.toThrow('UNAUTHORIZED');
  });

  it('cannot name another team on the plain WebSocket either', async () => {
    const t2 = await login(2, 'beta');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${t2}`);
    wss.push(ws);
    const heard: any[] = [];
    ws.on('message', (d) => heard.push(JSON.parse(String(d))));
    await expect.poll(() => heard.some((m) => m.type === 'state'), { timeout: 5000 }).toBe(true);
    ws.send(JSON.stringify({ type: 'guess', x: 1, teamId: game.teams[0].id }));
    await expect.poll(() => heard.find((m) => m.type === 'error'), { timeout: 5000 }).toMatchObject({ code: 'INVALID_BODY' });
  });
});

describe('team names with HTML or script in them', () => {
  const NAMES = [
    '<script>window.__pwned = "script"</script>',
    '<img src=x onerror="window.__pwned = \'img\'">',
    '"><svg onload="window.__pwned = \'svg\'"></svg>',
    '=HYPERLINK("http://evil.example","click")',
  ];
  let evil: { id: number; number: number; name: string }[] = [];

  beforeAll(async () => {
    const { teams } = await server.admin('POST', `/games/${game.gameId}/teams`, { teams: NAMES.map((name, i) => ({ number: 101 + i, name })) });
    evil = teams;
    // Each plays once in the level the board follows (the one opened last), so the names are on its leaderboard and feed.
    for (const team of evil) {
      const token = await login(team.number, 'beta', '10.1.0.3');
      expect((await call({ url: '/api/guesses', payload: { x: 2 + team.number / 1000 }, token })).status).toBe(202);
    }
    await new Promise((r) => setTimeout(r, 700));
  });

  it('stores them unchanged and returns them as JSON strings, never as markup', async () => {
    const board = await call({ url: '/api/board' });
    expect(board.headers['content-type']).toMatch(/^application\/json/);
    const names = board.body.current.leaderboard.map((e: any) => e.name);
    for (const name of NAMES) expect(names).toContain(name);
    const token = await login(evil[0].number, 'beta', '10.1.0.3');
    expect((await call({ url: '/api/me', token })).body.team.name).toBe(NAMES[0]);
  });

  it('neutralises a formula in the CSV export', async () => {
    const csv = await fetch(`${server.url}/api/admin/games/${game.gameId}/export.csv`, { headers: { authorization: `Bearer ${server.adminToken}` } }).then((r) => r.text());
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  const built = existsSync(resolve(import.meta.dirname, '../../dist/client/board.html')) && existsSync(resolve(import.meta.dirname, '../../dist/client/index.html'));
  it.skipIf(!hasChromium || !built)('shows them as text on the board and the play page, running nothing', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}/board`);
      // Lit renders into shadow roots; Playwright's text and CSS locators pierce them.
      for (const name of NAMES) await page.getByText(name, { exact: false }).first().waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);

      // The page logs in as the team's first device.
      await server.admin('POST', `/teams/${evil[1].id}/reset-code`);
      const play = await browser.newPage();
      play.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await play.goto(`${server.url}/`);
      await play.locator('gd-login-form input[name=team]').fill(String(evil[1].number));
      await play.locator('gd-login-form input[name=password]').fill('beta');
      await play.locator('gd-login-form input[name=password]').press('Enter');
      await play.getByText(NAMES[1], { exact: false }).first().waitFor({ timeout: 20_000 });
      expect(await play.evaluate(() => (window as any).__pwned)).toBeUndefined();
      expect(await play.locator('img[src="x"], svg[onload]').count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('oversized and deeply nested bodies', () => {
  const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses them on every HTTP body with 413 or 400, stores nothing, and keeps answering', async () => {
    const token = await login(1, 'alpha');
    const [alpha] = game.levels;
    const before = (await storedGuesses(alpha.id)).length;
    const gamesBefore = (await server.admin('GET', '/games')).length;
    const raw = (url: string, payload: string, auth?: string) => call({ url, payload, token: auth, headers: { 'content-type': 'application/json' }, remoteAddress: '10.1.0.4' });
    const big = 'a'.repeat(1024 * 1024 + 10);
    const routes: [string, string | undefined, (inner: string) => string][] = [
      ['/api/login', undefined, (inner) => `{"team":1,"password":${inner}}`],
      ['/api/guesses', token, (inner) => `{"x":${inner}}`],
      ['/api/admin/games', server.adminToken, (inner) => `{"title":${inner}}`],
      [`/api/admin/games/${game.gameId}/levels`, server.adminToken, (inner) => `{"title":"t","expression":"x^2","domain":${inner}}`],
      [`/api/admin/games/${game.gameId}/teams`, server.adminToken, (inner) => `{"teams":${inner}}`],
    ];
    for (const [url, auth, body] of routes) {
      expect(await raw(url, body(`"${big}"`), auth)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
      // Under the 1 MB limit: 300 000 levels of arrays, 100 000 of objects.
      for (const inner of [nested(300_000), nestedObject(100_000)]) {
        const res = await raw(url, body(inner), auth);
        expect(res.status, `${url} ${inner.slice(0, 8)}`).toBe(400);
        expect(['INVALID_BODY', 'INVALID_X', 'BAD_LOGIN']).toContain(res.body.error.code);
      }
    }
    expect((await storedGuesses(alpha.id)).length).toBe(before);
    expect((await server.admin('GET', '/games')).length).toBe(gamesBefore);
    expect((await call({ url: '/api/health' })).status).toBe(200);
  }, 60_000);

  it('refuses them over Socket.IO: nested x answered INVALID_X, an oversized message drops only that connection', async () => {
    const token = await login(2, 'alpha');
    // A raw Socket.IO client, so the nested payload is built as text (socket.io-client would recurse over it).
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    wss.push(ws);
    const frames: string[] = [];
    ws.on('message', (d) => {
      const text = String(d);
      if (text === '2') ws.send('3');
      else frames.push(text);
    });
    await expect.poll(() => frames.some((f) => f.startsWith('0{')), { timeout: 5000 }).toBe(true);
    ws.send(`40/team,${JSON.stringify({ token })}`);
    await expect.poll(() => frames.some((f) => f.startsWith('40/team,')), { timeout: 5000 }).toBe(true);
    ws.send(`42/team,7["message",{"type":"guess","x":${nested(30_000)}}]`);
    await expect.poll(() => frames.find((f) => f.startsWith('43/team,7')), { timeout: 10_000 }).toBeDefined();
    const ack = JSON.parse(frames.find((f) => f.startsWith('43/team,7'))!.slice('43/team,7'.length))[0];
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_X' } });
    ws.send(`42/team,8["message",{"type":"state","pad":${nested(10_000, '{"a":1}')}}]`);
    await expect.poll(() => frames.find((f) => f.startsWith('43/team,8')), { timeout: 10_000 }).toBeDefined();
    expect(JSON.parse(frames.find((f) => f.startsWith('43/team,8'))!.slice('43/team,8'.length))[0]).toMatchObject({ ok: false, error: { code: 'INVALID_BODY' } });

    // Over maxHttpBufferSize (64 KB): the server closes this connection, and only this one.
    const bystander = await connect('/team', { token: await login(3, 'alpha') });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(`42/team,9["message",{"type":"guess","x":${nested(40_000)}}]`);
    await closed;
    expect(bystander.connected).toBe(true);
    expect((await bystander.timeout(5000).emitWithAck('message', { type: 'guess', x: 0.5 })).ok).toBe(true);
  }, 30_000);

  it('refuses them on the plain WebSocket: INVALID_X under 16 KB, PAYLOAD_TOO_LARGE above, closed above 1 MB', async () => {
    const token = await login(4, 'beta');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${token}`);
    wss.push(ws);
    const heard: any[] = [];
    ws.on('message', (d) => heard.push(JSON.parse(String(d))));
    await expect.poll(() => heard.some((m) => m.type === 'state'), { timeout: 5000 }).toBe(true);
    ws.send(`{"type":"guess","x":${nested(5000)}}`);
    await expect.poll(() => heard.find((m) => m.type === 'error'), { timeout: 5000 }).toMatchObject({ code: 'INVALID_X' });
    ws.send(`{"type":"guess","x":${nested(200_000)}}`);
    await expect.poll(() => heard.filter((m) => m.type === 'error')[1], { timeout: 5000 }).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(`{"type":"guess","x":"${'a'.repeat(1024 * 1024 + 1)}"}`);
    expect(await closed).toBe(1009);
    expect((await call({ url: '/api/health' })).status).toBe(200);
  });
});
