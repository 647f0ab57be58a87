/**
 * Sign-in through the real HTTP API and sockets: the first device of a team claims it with a code that later
 * devices need, two devices at once cannot both claim, the instructor's reset ends the team's sessions (its sockets
 * are closed), tokens survive a restart, and a device already in switches level without the login wait.
 * The counting of attempts (which needs a clock the test moves) is in sign-in-limits.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { buildApp } from '../../server/app.ts';
import { ADMIN_PASSWORD, createGame, startTestServer, tempDatabase, type TestServer } from '../helpers/server.ts';

const LOGIN_DELAY_MS = 300;
const CODE = /^[ACDEFGHJKMNPQRTUVWXY34679]{4}$/;
let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;
const sockets: Socket[] = [];
const plain: WebSocket[] = [];

type Call = { url: string; payload?: unknown; token?: string; remoteAddress?: string; method?: 'GET' | 'POST' };
async function call(o: Call) {
  const res = await server.app.inject({
    method: o.method ?? (o.payload === undefined ? 'GET' : 'POST'),
    url: o.url,
    payload: o.payload as object | undefined,
    remoteAddress: o.remoteAddress ?? '10.30.0.1',
    headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}
const login = (payload: Record<string, unknown>, o: Omit<Call, 'url' | 'payload'> = {}) => call({ url: '/api/login', payload, ...o });

/** Resolves with the order in which the named promises settled. */
async function order(named: Record<string, Promise<unknown>>): Promise<string[]> {
  const seen: string[] = [];
  await Promise.all(Object.entries(named).map(([name, p]) => p.then(() => seen.push(name))));
  return seen;
}
const timer = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
  game = await createGame(server, {
    levels: [
      { expression: '(x - 2)^2', domain: [[-10, 10]], password: 'alpha' },
      { expression: 'x^2 + 1', domain: [[-10, 10]], password: 'beta' },
    ],
    teams: 12,
    loginDelayMs: LOGIN_DELAY_MS,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of plain) w.terminate();
  await server.close();
});

describe('the first device of a team', () => {
  it('claims the team with a code that later devices need; a missing or wrong code is refused after the same wait', async () => {
    const first = await login({ team: 1, password: 'alpha' });
    expect(first.status).toBe(200);
    const code: string = first.body.team.code;
    expect(code).toMatch(CODE);
    expect(first.body.team).toMatchObject({ id: game.teams[0].id, number: 1 });

    for (const attempt of [{}, { code: 'QQQQ' === code ? 'AAAA' : 'QQQQ' }, { code: '' }]) {
      const answer = login({ team: 1, password: 'alpha', ...attempt }, { remoteAddress: '10.30.0.2' });
      // The refusal waits the game's login delay, as a wrong password does: a timer set to it fires first.
      expect(await order({ delay: timer(LOGIN_DELAY_MS), answer })).toEqual(['delay', 'answer']);
      expect(await answer).toMatchObject({ status: 401, body: { error: { code: 'TEAM_CODE_REQUIRED' } } });
    }
    // A wrong password with the right code says nothing about the code.
    expect(await login({ team: 1, password: 'alphaa', code }, { remoteAddress: '10.30.0.2' })).toMatchObject({ status: 401, body: { error: { code: 'BAD_LOGIN' } } });

    // Typed on a phone: lower case, a space.
    const second = await login({ team: 1, password: 'alpha', code: ` ${code.slice(0, 2).toLowerCase()} ${code.slice(2)}` }, { remoteAddress: '10.30.0.3' });
    expect(second.status).toBe(200);
    expect(second.body.team).toMatchObject({ id: game.teams[0].id, code });
    for (const token of [first.body.token, second.body.token]) {
      expect((await call({ url: '/api/me', token })).body.team).toMatchObject({ number: 1, code });
    }
    // The instructor sees it too.
    const detail = await server.admin('GET', `/games/${game.gameId}`);
    expect(detail.teams.find((t: any) => t.number === 1).code).toBe(code);
    // Another team is not claimed by it.
    expect(detail.teams.find((t: any) => t.number === 2).code).toBeNull();
  });

  it('is one device only when several log in at once: the others then need its code', async () => {
    const devices = await Promise.all(Array.from({ length: 6 }, (_, i) => login({ team: 2, password: 'alpha' }, { remoteAddress: `10.30.1.${i + 1}` })));
    const claimed = devices.filter((d) => d.status === 200);
    expect(claimed).toHaveLength(1);
    expect(devices.filter((d) => d.status === 401).map((d) => d.body.error.code)).toEqual(Array(5).fill('TEAM_CODE_REQUIRED'));
    const code = claimed[0].body.team.code;
    expect(code).toMatch(CODE);
    const joined = await Promise.all(Array.from({ length: 5 }, (_, i) => login({ team: 2, password: 'alpha', code }, { remoteAddress: `10.30.1.${i + 1}` })));
    expect(joined.map((d) => [d.status, d.body.team.code])).toEqual(Array(5).fill([200, code]));
  });

  it('still needs the PIN where the game asks for one, and no code helps without it', async () => {
    await server.admin('PATCH', `/games/${game.gameId}`, { requirePin: true });
    await server.admin('PATCH', `/teams/${game.teams[2].id}`, { pin: '4321' });
    try {
      expect(await login({ team: 3, password: 'alpha' })).toMatchObject({ status: 401, body: { error: { code: 'BAD_LOGIN' } } });
      const first = await login({ team: 3, password: 'alpha', pin: '4321' });
      expect(first.status).toBe(200);
      const code = first.body.team.code;
      expect(await login({ team: 3, password: 'alpha', pin: '1234', code })).toMatchObject({ status: 401, body: { error: { code: 'BAD_LOGIN' } } });
      expect(await login({ team: 3, password: 'alpha', pin: '4321' })).toMatchObject({ status: 401, body: { error: { code: 'TEAM_CODE_REQUIRED' } } });
      expect((await login({ team: 3, password: 'alpha', pin: '4321', code })).status).toBe(200);
    } finally {
      await server.admin('PATCH', `/games/${game.gameId}`, { requirePin: false });
    }
  });
});

describe("the instructor's reset of a team code", () => {
  it("frees the team for its next first device and ends every session of it: tokens refused, sockets on both doors closed", async () => {
    const team = game.teams[4];
    const first = await login({ team: team.number, password: 'alpha' });
    const code = first.body.team.code;
    const second = await login({ team: team.number, password: 'beta', code });
    expect(second.status).toBe(200);
    const other = await login({ team: 6, password: 'alpha' });

    const socket = io(`${server.url}/team`, { auth: { token: first.body.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${second.body.token}`);
    plain.push(ws);
    const wsState = new Promise<void>((resolve) => ws.on('message', (d) => JSON.parse(String(d)).type === 'state' && resolve()));
    await wsState;
    const bystander = io(`${server.url}/team`, { auth: { token: other.body.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(bystander);
    await new Promise<void>((resolve) => bystander.once('connect', () => resolve()));

    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const closed = new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    const reset = await server.admin('POST', `/teams/${team.id}/reset-code`);
    expect(reset.code).toBeNull();
    expect(await disconnected).toBe('io server disconnect');
    expect(await closed).toBe(4401);

    for (const token of [first.body.token, second.body.token]) {
      expect(await call({ url: '/api/me', token })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
      expect(await call({ url: '/api/guesses', payload: { x: 1 }, token })).toMatchObject({ status: 401 });
    }
    // Another team's device is not touched.
    expect(bystander.connected).toBe(true);
    expect((await call({ url: '/api/me', token: other.body.token })).status).toBe(200);

    // The next device claims the team anew, without a code, and is shown the new one.
    const again = await login({ team: team.number, password: 'alpha' });
    expect(again.status).toBe(200);
    expect(again.body.team.code).toMatch(CODE);
    expect((await login({ team: team.number, password: 'alpha' })).body.error.code).toBe('TEAM_CODE_REQUIRED');
  });
});

describe('a device already in', () => {
  it('switches level with the password alone: the same team, a new token for the new level, no login wait', async () => {
    const [alpha, beta] = game.levels;
    const device = await login({ team: 7, password: 'alpha' });
    const { token, team } = device.body;
    const delayMs = 4000;
    await server.admin('PATCH', `/games/${game.gameId}`, { loginDelayMs: delayMs });
    try {
      const switched = login({ password: 'beta' }, { token });
      // A login from scratch at the same moment waits the delay; the switch answers before half of it has passed.
      const fresh = login({ team: 8, password: 'beta' }, { remoteAddress: '10.30.2.1' });
      expect(await order({ switched, half: timer(delayMs / 2), fresh })).toEqual(['switched', 'half', 'fresh']);
      const answer = await switched;
      expect(answer.status).toBe(200);
      expect(answer.body.team).toEqual({ id: team.id, number: 7, name: team.name, code: team.code });
      expect(answer.body.level).toMatchObject({ id: beta.id });
      expect(answer.body.token).not.toBe(token);
      expect((await call({ url: '/api/me', token: answer.body.token })).body).toMatchObject({ team: { id: team.id, code: team.code }, level: { id: beta.id } });
      // The old token stays in the old level (another device may still use it).
      expect((await call({ url: '/api/me', token })).body.level.id).toBe(alpha.id);
      // Naming its own team is the same switch.
      expect((await login({ team: '7', password: 'alpha' }, { token: answer.body.token })).body.level.id).toBe(alpha.id);
    } finally {
      await server.admin('PATCH', `/games/${game.gameId}`, { loginDelayMs: LOGIN_DELAY_MS });
    }
  });

  it('is refused a wrong password (BAD_LOGIN) and a draft level (LEVEL_NOT_OPEN); without a token the team is required', async () => {
    const draft = await server.admin('POST', `/games/${game.gameId}/levels`, { title: 'Draft', expression: 'x^2', domain: [[-1, 1]], password: 'draft-level' });
    const { token } = (await login({ team: 9, password: 'alpha' })).body;
    expect(await login({ password: 'no-such-level' }, { token })).toMatchObject({ status: 401, body: { error: { code: 'BAD_LOGIN' } } });
    expect(await login({ password: 'draft-level' }, { token })).toMatchObject({ status: 409, body: { error: { code: 'LEVEL_NOT_OPEN' } } });
    expect(await login({ password: 'beta' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_BODY' } } });
    // A forged or ended token cannot switch, and says so.
    expect(await login({ password: 'beta' }, { token: 'forged-token' })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    // Naming another team is a login as that team (which needs its own code once claimed).
    expect(await login({ team: 1, password: 'beta' }, { token })).toMatchObject({ status: 401, body: { error: { code: 'TEAM_CODE_REQUIRED' } } });
    await server.admin('DELETE', `/levels/${draft.id}`);
  });
});

describe('team tokens', () => {
  it('survive a restart of the server, with the team code', async () => {
    const db = tempDatabase();
    const start = async () => {
      const app = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
      await app.ready();
      return app;
    };
    let app = await start();
    try {
      const inject = async (url: string, payload?: object, token?: string) => {
        const res = await app.inject({ method: payload ? 'POST' : 'GET', url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
        return res.json();
      };
      const admin = (await inject('/api/admin/login', { password: ADMIN_PASSWORD })).token;
      const created = await inject('/api/admin/games', { title: 'Restart', loginDelayMs: 0 }, admin);
      await inject(`/api/admin/games/${created.id}/activate`, {}, admin);
      const level = await inject(`/api/admin/games/${created.id}/levels`, { title: 'L', expression: 'x^2', domain: [[-1, 1]], password: 'again' }, admin);
      await inject(`/api/admin/levels/${level.id}/open`, {}, admin);
      await inject(`/api/admin/games/${created.id}/teams`, { count: 1 }, admin);
      const { token, team } = await inject('/api/login', { team: 1, password: 'again' });
      await app.close();
      app = await start();
      expect(await inject('/api/me', undefined, token)).toMatchObject({ team: { number: 1, code: team.code }, level: { id: level.id } });
      expect((await inject('/api/login', { team: 1, password: 'again' })).error.code).toBe('TEAM_CODE_REQUIRED');
    } finally {
      await app.close();
      db.remove();
    }
  });
});
