/**
 * The fair share of each socket and token (server/realtime/fair-share.ts), as a client sees it on every door: a
 * client that waits for its answers is never refused; messages sent at once beyond the queue are refused with
 * RATE_LIMITED without reaching the game; a flood closes the socket (4429 on the plain WebSocket, a server
 * disconnect on Socket.IO) and its token may not reconnect for a few seconds; the board and the admin socket,
 * which send nothing the server acts on, are closed when they send junk; HTTP team calls made at once beyond the
 * token's share get 429 RATE_LIMITED with a Retry-After.
 *
 * Bursts are written to the wire in one write (flood-clients.ts), so that the server reads them in one go and what
 * it admits does not depend on the machine's speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { FAIR_SHARE } from '../../server/realtime/fair-share.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { acks, eventPacket, frames, openScript, openSocketIo, type RawClient } from './flood-clients.ts';

let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;
const sockets: Socket[] = [];
const raws: RawClient[] = [];
let nextTeam = 1;
/** Team codes, from each team's first login (later devices of the team need it). */
const codes = new Map<number, string>();

/** Messages a socket takes at once: the one handled and its queue. */
const TAKEN = 1 + FAIR_SHARE.queue;

/** A fresh team's token (each test its own team, so no share carries over). */
async function login(password = 'quick'): Promise<string> {
  const team = nextTeam++;
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string; team: { code?: string } };
  if (body.team.code) codes.set(team, body.team.code);
  return body.token;
}

async function script(token: string): Promise<RawClient> {
  const client = await openScript(server.url, token);
  raws.push(client);
  return client;
}

function connect(namespace: string, auth: Record<string, string> = {}): Promise<Socket> {
  const socket = io(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const parsed = (received: string[]) => received.map((m) => JSON.parse(m) as { type: string; id?: string; code?: string; message?: string });
const pings = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify({ type: 'ping', id: `p${from + i}` }));

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
  game = await createGame(server, {
    levels: [
      { expression: '(x - 1)^2', domain: [[-10, 10]], delayMs: 0, budget: null, password: 'quick' },
      { expression: '(x - 1)^2', domain: [[-10, 10]], delayMs: 3000, budget: null, password: 'slow' },
    ],
    teams: 16,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const r of raws) r.ws.terminate();
  await server.close();
});

describe('a client that waits for its answers', () => {
  it('is never refused, however fast it goes, on any door', async () => {
    const token = await login();
    const client = await script(token);
    for (let i = 0; i < 300; i++) {
      client.ws.send(JSON.stringify(i % 3 === 0 ? { type: 'guess', x: 1 - i / 1000, id: `s${i}` } : { type: 'ping', id: `s${i}` }));
      await client.until((r) => r.some((m) => m.includes(`"id":"s${i}"`)));
    }
    const answers = parsed(client.received).filter((m) => m.id?.startsWith('s'));
    expect(answers).toHaveLength(300);
    expect(answers.filter((m) => m.code === 'RATE_LIMITED')).toEqual([]);
    expect(answers.filter((m) => m.type === 'accepted')).toHaveLength(100);

    const page = await connect('/team', { token });
    for (let i = 0; i < 200; i++) expect(await page.timeout(5000).emitWithAck('message', { type: 'ping', id: `q${i}` })).toEqual({ ok: true, type: 'pong', id: `q${i}` });

    for (let i = 0; i < 200; i++) {
      const res = await server.app.inject({ url: i % 2 ? '/api/me' : '/api/guesses', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('the plain WebSocket', () => {
  it('takes one message and a queue at once, refuses the rest with RATE_LIMITED unread, and stays open', async () => {
    const client = await script(await login());
    const before = client.received.length;
    client.wire.write(frames(pings(100)));
    await client.until((r) => r.length - before === 100);
    const answers = parsed(client.received.slice(before));
    // The refusals go out as the frames are counted, before any answer: they could not echo an id unread.
    expect(answers.filter((m) => m.type === 'pong').map((m) => m.id)).toEqual(Array.from({ length: TAKEN }, (_, i) => `p${i}`));
    const refused = answers.filter((m) => m.type === 'error');
    expect(refused).toHaveLength(100 - TAKEN);
    for (const m of refused) expect(m).toEqual({ type: 'error', code: 'RATE_LIMITED', message: expect.any(String) });
    // Still open, and a message sent after the answers is taken.
    client.ws.send(JSON.stringify({ type: 'ping', id: 'after' }));
    await client.until((r) => r.some((m) => m.includes('"id":"after"')));
  });

  it('closes a flood with 4429 without its messages reaching the game, and refuses the token for a while', async () => {
    const token = await login();
    const client = await script(token);
    const before = client.received.length;
    client.wire.write(frames(Array.from({ length: 2000 }, () => JSON.stringify({ type: 'guess', x: 2 }))));
    expect(await client.closed).toBe(4429);
    const answers = parsed(client.received.slice(before));
    expect(answers.every((m) => m.type === 'error' && m.code === 'RATE_LIMITED')).toBe(true);
    // The allowance of refusals, then the one saying the connection is closed (a slow read may refill a few).
    expect(answers.length).toBeGreaterThanOrEqual(FAIR_SHARE.refusals + 1);
    expect(answers.length).toBeLessThan(FAIR_SHARE.refusals + 20);
    expect(answers.at(-1)?.message).toMatch(/closed/);
    // Not one of the 2 000 guesses was stored: the one taken first was dropped with the socket.
    const stored = (await server.admin('GET', `/levels/${game.levels[0].id}/guesses`)).guesses as { teamId: number }[];
    const teamId = game.teams.find((t) => t.number === nextTeam - 1)?.id;
    expect(stored.filter((g) => g.teamId === teamId)).toEqual([]);

    // Reconnecting at once is refused the same way, before any state is sent…
    const again = await script(token);
    expect(await again.closed).toBe(4429);
    expect(parsed(again.received)).toEqual([{ type: 'error', code: 'RATE_LIMITED', message: expect.stringMatching(/closed/) }]);
    // …while another device of the team, with its own token, plays on.
    const other = await script(await loginAgain(nextTeam - 1));
    expect(parsed(other.received)[0]).toMatchObject({ type: 'state' });
  });
});

/** Another device of a team already claimed: it needs the team's code. */
async function loginAgain(team: number): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: 'quick', code: codes.get(team) }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('Socket.IO /team', () => {
  it('acks messages beyond the queue with RATE_LIMITED and their id; a page that keeps at it is disconnected', async () => {
    const page = await openSocketIo(server.url, '/team', { token: await login() });
    raws.push(page);
    expect(page.joined).toMatch(/^40\/team,/);
    page.wire.write(frames(Array.from({ length: 100 }, (_, i) => eventPacket('/team', i, 'message', { type: 'ping', id: `p${i}` }))));
    await page.until((r) => acks(r, '/team').size === 100);
    const answers = acks(page.received, '/team');
    for (let i = 0; i < 100; i++) {
      if (i < TAKEN) expect(answers.get(i)).toEqual({ ok: true, type: 'pong', id: `p${i}` });
      else expect(answers.get(i)).toEqual({ ok: false, id: `p${i}`, error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    }
    page.send(eventPacket('/team', 100, 'message', { type: 'ping', id: 'after' }));
    await page.until((r) => acks(r, '/team').get(100)?.ok === true);

    // Another burst uses up the allowance of refusals: the rest is refused, then the page is disconnected.
    page.wire.write(frames(Array.from({ length: 40 }, (_, i) => eventPacket('/team', 101 + i, 'message', { type: 'ping', id: `b${i}` }))));
    expect(await page.closed).not.toBe(0);
    const second = [...acks(page.received, '/team')].filter(([ackId]) => ackId > 100).map(([, a]) => a);
    expect(second.length).toBeGreaterThan(0);
    for (const a of second) expect(a).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(page.received).toContain('41/team,');
  });

  it('disconnects a flood before reading it through, and refuses its token at the handshake for a while', async () => {
    const token = await login();
    const page = await openSocketIo(server.url, '/team', { token });
    raws.push(page);
    page.wire.write(frames(Array.from({ length: 2000 }, (_, i) => eventPacket('/team', i, 'message', { type: 'guess', x: 2, id: `g${i}` }))));
    await page.closed;
    // More at once than the page may have taken or refused: disconnected without answers.
    expect([...acks(page.received, '/team').values()].filter((a) => a.ok)).toEqual([]);
    expect(page.received).toContain('41/team,');
    const stored = (await server.admin('GET', `/levels/${game.levels[0].id}/guesses`)).guesses as { teamId: number }[];
    const teamId = game.teams.find((t) => t.number === nextTeam - 1)?.id;
    expect(stored.filter((g) => g.teamId === teamId)).toEqual([]);
    await expect(connect('/team', { token })).rejects.toThrow('RATE_LIMITED');
  });

  it('closes a connection that sends packets no namespace accounts for', async () => {
    const page = await openSocketIo(server.url, '/team', { token: await login() });
    raws.push(page);
    // Events to a namespace this connection never joined: decoded, then dropped by Socket.IO.
    page.wire.write(frames(Array.from({ length: 500 }, () => '42/nowhere,["message",{}]')));
    await page.closed;
  });
});

describe('the board and the admin socket', () => {
  for (const namespace of ['/board', '/admin']) {
    it(`${namespace}: stays connected while it only listens, and is closed when it sends junk`, async () => {
      const auth: Record<string, string> = namespace === '/admin' ? { token: server.adminToken } : {};
      const quiet = await connect(namespace, auth);
      const noisy = await openSocketIo(server.url, namespace, auth);
      raws.push(noisy);
      expect(noisy.joined.startsWith(`40${namespace},`)).toBe(true);
      noisy.wire.write(frames(Array.from({ length: FAIR_SHARE.packetBurst * 3 }, (_, i) => `42${namespace},["hello",${i}]`)));
      await noisy.closed;
      expect(quiet.connected).toBe(true);
    });
  }
});

describe('HTTP team calls', () => {
  it('answers calls made at once beyond the token share with 429 RATE_LIMITED and a Retry-After; the game never sees them', async () => {
    const token = await login('slow');
    const auth = { authorization: `Bearer ${token}` };
    const posted = await server.app.inject({ method: 'POST', url: '/api/guesses', payload: { x: 3 }, headers: auth });
    expect(posted.statusCode).toBe(202);
    const id = JSON.parse(posted.body).id as number;
    // Each waits for the result (3 s): they are all in flight together, and the last ones are refused at once.
    const waits = Array.from({ length: FAIR_SHARE.tokenInFlight + 8 }, () => server.app.inject({ url: `/api/guesses/${id}?wait=1`, headers: auth }));
    await new Promise<void>((resolve) => {
      for (const w of waits) void w.then((r) => r.statusCode === 429 && resolve());
    });
    // While they wait, the token's guess and state calls are refused too, before reaching the game.
    const refusedGuess = await server.app.inject({ method: 'POST', url: '/api/guesses', payload: { x: 5 }, headers: auth });
    const refusedMe = await server.app.inject({ url: '/api/me', headers: auth });
    const answers = await Promise.all(waits);
    const ok = answers.filter((r) => r.statusCode === 200);
    const limited = [...answers.filter((r) => r.statusCode === 429), refusedGuess, refusedMe];
    expect(ok).toHaveLength(FAIR_SHARE.tokenInFlight);
    expect(limited).toHaveLength(10);
    for (const r of ok) expect(JSON.parse(r.body)).toMatchObject({ status: 'ready', fx: 4 });
    for (const r of limited) {
      expect(r.statusCode).toBe(429);
      expect(JSON.parse(r.body)).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    const teamId = game.teams.find((t) => t.number === nextTeam - 1)?.id;
    const stored = (await server.admin('GET', `/levels/${game.levels[1].id}/guesses`)).guesses as { teamId: number; x: number }[];
    expect(stored.filter((g) => g.teamId === teamId).map((g) => g.x)).toEqual([3]);
    // Once answered, the token is free again.
    expect((await server.app.inject({ url: '/api/me', headers: auth })).statusCode).toBe(200);
  });
});
