import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;
const sockets: Socket[] = [];

/** Team codes handed out so far: a team's first login claims it, later ones send the code as its devices do. */
const codes = new Map<number, string>();
async function login(team: number, password: string): Promise<string> {
  const code = codes.get(team);
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password, ...(code ? { code } : {}) }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string; team: { code?: string } };
  if (body.team.code) codes.set(team, body.team.code);
  return body.token;
}

type Inbox = ReturnType<typeof inbox>;

/** A real socket.io-client connection, its inbox listening from the start; resolves once connected (or rejects with the handshake error). */
function connect(namespace: string, auth: Record<string, string> = {}): Promise<Socket & { box: Inbox }> {
  const socket = io(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const withBox = Object.assign(socket, { box: inbox(socket) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(withBox));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Collects "message" events; `next(type)` waits (bounded) for the next one of that type. */
function inbox(socket: Socket) {
  const seen: { at: number; message: any }[] = [];
  const types: string[] = [];
  const waiters: { type: string; resolve: (m: any) => void }[] = [];
  socket.on("message", (message: any) => {
    types.push(message.type);
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve({ at: Date.now(), message });
    else seen.push({ at: Date.now(), message });
  });
  return {
    /** How many messages of this type arrived so far. */
    count: (type: string) => types.filter((t) => t === type).length,
    next(type: string, timeoutMs = 5000): Promise<{ at: number; message: any }> {
      const index = seen.findIndex((s) => s.message.type === type);
      if (index >= 0) return Promise.resolve(seen.splice(index, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
  game = await createGame(server, {
    levels: [
      { expression: '(x - 3)^2 + 1', domain: [[-10, 10]], delayMs: 600, password: 'sock' },
      { expression: 'x^2', domain: [[-2, 2]], delayMs: 300, password: 'script' },
      { expression: 'x^2', domain: [[-2, 2]], delayMs: 0, budget: 1, password: 'tiny' },
    ],
    teams: 3,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe('Socket.IO /team', () => {
  it('refuses a handshake without a valid token with UNAUTHORIZED', async () => {
    await expect(connect('/team', { token: 'forged' })).rejects.toThrow('UNAUTHORIZED');
    await expect(connect('/team')).rejects.toThrow('UNAUTHORIZED');
  });

  it('sends the state on connect, pushes the result at readyAt and not before, to every device of the team', async () => {
    const token = await login(1, 'sock');
    const phone = await connect('/team', { token });
    const laptop = await connect('/team', { token });
    const phoneBox = phone.box;
    const laptopBox = laptop.box;
    const state = await phoneBox.next('state');
    expect(state.message).toMatchObject({ team: { number: 1 }, level: { status: 'open', delayMs: 600 }, guesses: [] });

    const ack = await phone.timeout(5000).emitWithAck('message', { type: 'guess', x: 4, id: 'g-1' });
    expect(ack).toMatchObject({ ok: true, id: 'g-1', guess: { x: 4, status: 'pending' } });
    const readyAt = Date.parse(ack.guess.readyAt);
    // The other device hears of it as a teammate's guess (own: false), without the phone's label.
    const onOther = (await laptopBox.next('accepted')).message;
    expect(onOther).toMatchObject({ guessId: ack.guess.id, status: 'pending', own: false, source: 'page' });
    expect(onOther).not.toHaveProperty('id');

    const [onPhone, onLaptop] = await Promise.all([phoneBox.next('ready'), laptopBox.next('ready')]);
    for (const pushed of [onPhone, onLaptop]) {
      expect(pushed.at).toBeGreaterThanOrEqual(readyAt);
      expect(pushed.message).toMatchObject({ guessId: ack.guess.id, status: 'ready', x: 4, fx: 2, grad: [2], slope: 2 });
    }
    expect([onPhone.message.own, onLaptop.message.own]).toEqual([true, false]);
    // The phone has its guess in the answer: it is not told again.
    expect([phoneBox.count('accepted'), laptopBox.count('accepted')]).toEqual([0, 1]);
  });

  it('follows the HTTP rules over the socket: GUESS_PENDING, INVALID_X, LEVEL_NOT_OPEN', async () => {
    const token = await login(2, 'sock');
    const socket = await connect('/team', { token });
    expect(await socket.timeout(5000).emitWithAck('message', { type: 'guess', x: 99 })).toEqual({ ok: false, error: { code: 'INVALID_X', message: expect.any(String) } });
    expect(await socket.timeout(5000).emitWithAck('message', { type: 'guess', x: '1' })).toMatchObject({ ok: false, error: { code: 'INVALID_X' } });
    expect(await socket.timeout(5000).emitWithAck('message', { type: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'INVALID_BODY' } });
    expect((await socket.timeout(5000).emitWithAck('message', { type: 'guess', x: 1 })).ok).toBe(true);
    expect(await socket.timeout(5000).emitWithAck('message', { type: 'guess', x: 2 })).toMatchObject({ ok: false, error: { code: 'GUESS_PENDING' } });
  });

  it('pushes level changes and the leaderboard to the teams and the board', async () => {
    const token = await login(3, 'sock');
    const team = (await connect('/team', { token })).box;
    const board = (await connect('/board')).box;
    const snapshot = await board.next('board');
    // The board follows the level opened last.
    expect(snapshot.message.board.current.level.id).toBe(game.levels[2].id);
    await server.admin('POST', `/levels/${game.levels[0].id}/pause`);
    expect((await team.next('level')).message.level).toMatchObject({ id: game.levels[0].id, status: 'paused' });
    await server.admin('POST', `/levels/${game.levels[0].id}/resume`);
    const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x: 3 }) });
    expect(res.status).toBe(202);
    // Team devices get the rows that changed (merged by team), not the whole table every time.
    let leaderboard;
    do leaderboard = await team.next('leaderboard', 5000);
    while (!leaderboard.message.leaderboard.some((e: any) => e.number === 3 && e.best === 1));
    expect(leaderboard.message).toMatchObject({ levelId: game.levels[0].id, partial: true });
    let update;
    do update = await board.next('update', 5000);
    while (!update.message.leaderboard.some((e: any) => e.number === 3 && e.best === 1));
    // Only changed rows travel; team 3's row now leads.
    expect(update.message.leaderboard.find((e: any) => e.number === 3)).toMatchObject({ rank: 1, number: 3, best: 1, guesses: 1 });
  });

  it('refuses the admin namespace without an admin token and streams guesses with f to the admin', async () => {
    await expect(connect('/admin', { token: 'forged' })).rejects.toThrow('UNAUTHORIZED');
    const admin = (await connect('/admin', { token: server.adminToken })).box;
    const token = await login(1, 'script');
    await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x: 1.5 }) });
    const pushed = await admin.next('guess');
    expect(pushed.message.guess).toMatchObject({ x: 1.5, fx: 2.25, source: 'http' });
  });
});

describe('plain WebSocket /api/ws', () => {
  function open(token: string) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${encodeURIComponent(token)}`);
    const messages: any[] = [];
    const types: string[] = [];
    const waiters: { type: string; resolve: (m: any) => void }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      types.push(message.type);
      const i = waiters.findIndex((w) => w.type === message.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(message);
      else messages.push(message);
    });
    const next = (type: string, timeoutMs = 5000) => {
      const i = messages.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(messages.splice(i, 1)[0]);
      return new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type}`)), timeoutMs);
        waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    };
    const count = (type: string) => types.filter((t) => t === type).length;
    return { ws, next, count, closed: new Promise<number>((resolve) => ws.on('close', (code) => resolve(code))) };
  }

  it('speaks guess → accepted → ready, with errors as messages', async () => {
    const token = await login(2, 'script');
    const client = open(token);
    expect(await client.next('state')).toMatchObject({ team: { number: 2 }, level: { dims: 1 } });
    client.ws.send('not json');
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_BODY' });
    client.ws.send(JSON.stringify({ type: 'guess', x: 5 }));
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_X' });
    client.ws.send(JSON.stringify({ type: 'guess', x: -1, id: 'first' }));
    const accepted = await client.next('accepted');
    expect(accepted).toMatchObject({ id: 'first', x: -1, status: 'pending', own: true, source: 'ws' });
    expect(accepted.guessId).toEqual(expect.any(Number));
    // Answers say what they answer: the error to "second" comes back labelled, after or before a pong.
    client.ws.send(JSON.stringify({ type: 'guess', x: 0, id: 'second' }));
    client.ws.send(JSON.stringify({ type: 'ping', id: 'p' }));
    expect(await client.next('error')).toMatchObject({ code: 'GUESS_PENDING', id: 'second' });
    expect(await client.next('pong')).toMatchObject({ id: 'p' });
    const ready = await client.next('ready');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(accepted.readyAt));
    expect(ready).toMatchObject({ guessId: accepted.guessId, fx: 1, slope: -2, own: true });
    // One guess, one `accepted`: the answer, not a second copy from the team's push.
    expect([client.count('accepted'), client.count('ready')]).toEqual([1, 1]);
    client.ws.close();
  });

  it('answers every error code of the HTTP door as a message, and survives junk', async () => {
    const token = await login(1, 'tiny');
    const client = open(token);
    await client.next('state');
    client.ws.send(JSON.stringify({ type: 'launch-rockets' }));
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_BODY' });
    client.ws.send(JSON.stringify({ type: 'guess', x: [1, 2] }));
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_X' });
    client.ws.send(JSON.stringify({ type: 'guess', x: 1, extra: true }));
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_BODY' });
    client.ws.send(JSON.stringify({ type: 'guess', x: 1, pad: 'p'.repeat(20_000) }));
    expect(await client.next('error')).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    client.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await client.next('pong')).toEqual({ type: 'pong' });
    client.ws.send(JSON.stringify({ type: 'guess', x: 1 }));
    await client.next('accepted');
    await client.next('ready');
    client.ws.send(JSON.stringify({ type: 'guess', x: 0 }));
    expect(await client.next('error')).toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    await server.admin('POST', `/levels/${game.levels[2].id}/close`);
    expect((await client.next('level')).level).toMatchObject({ status: 'closed' });
    client.ws.send(JSON.stringify({ type: 'guess', x: 0 }));
    expect(await client.next('error')).toMatchObject({ code: 'LEVEL_NOT_OPEN' });
    client.ws.send(JSON.stringify({ type: 'state' }));
    expect(await client.next('state')).toMatchObject({ level: { status: 'closed' }, remaining: 0 });
    client.ws.close();
  });

  it('answers a forged token with an UNAUTHORIZED error and closes the socket', async () => {
    const client = open('forged');
    expect(await client.next('error')).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    expect(await client.closed).toBe(4401);
  });

  it('keeps a guess whose socket dropped while pending: readable after reconnecting', async () => {
    const token = await login(3, 'script');
    const first = open(token);
    await first.next('state');
    first.ws.send(JSON.stringify({ type: 'guess', x: 0.5 }));
    const accepted = await first.next('accepted');
    first.ws.terminate();
    await new Promise((r) => setTimeout(r, 400));
    const again = open(token);
    const state = await again.next('state');
    expect(state.guesses).toContainEqual(expect.objectContaining({ id: accepted.guessId, status: 'ready', fx: 0.25 }));
    again.ws.close();
  });

  it('records which door each guess came through', async () => {
    const { guesses } = await server.admin('GET', `/levels/${game.levels[1].id}/guesses`);
    expect(new Set(guesses.map((g: any) => g.source))).toEqual(new Set(['http', 'ws']));
  });
});

describe('the leaderboard for a crowd of teams', () => {
  it('sends everyone the top 10, and a team below it its own row alone', async () => {
    const crowd = await createGame(server, { levels: [{ expression: 'x^2', domain: [[-20, 20]], delayMs: 0, password: 'crowd' }], teams: 12 });
    const tokens = await Promise.all(crowd.teams.map((t) => login(t.number, 'crowd')));
    const first = (await connect('/team', { token: tokens[0] })).box;
    const last = (await connect('/team', { token: tokens[11] })).box;
    await Promise.all([first.next('state'), last.next('state')]);
    const guess = (token: string, x: number) =>
      fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
    // Teams 1–11 find f = 0.01, 0.04, …; team 12 finds 25, the worst.
    for (const [i, token] of tokens.entries()) expect((await guess(token, i < 11 ? (i + 1) / 10 : 5)).status).toBe(202);
    const lastTeam = crowd.teams[11].id;
    let own;
    do own = (await last.next('leaderboard', 5000)).message;
    while (!own.leaderboard.some((row: any) => row.teamId === lastTeam && row.best === 25));
    expect(own.leaderboard).toEqual([expect.objectContaining({ teamId: lastTeam, rank: 12, best: 25, guesses: 1 })]);
    // Team 1 sees the top of the table settle, never the row of team 12.
    const seen: any[] = [];
    for (;;) {
      const message = await first.next('leaderboard', 1500).then((m) => m.message, () => null);
      if (!message) break;
      seen.push(...message.leaderboard);
    }
    expect(seen.some((row) => row.teamId === crowd.teams[0].id && Math.abs(row.best - 0.01) < 1e-9 && row.rank === 1)).toBe(true);
    expect(seen.some((row) => row.teamId === lastTeam)).toBe(false);
  });
});
