import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

// A level whose secrets are distinctive strings: the expression, f* = −7.654321 at x = 1.2345, and its median.
const EXPRESSION = '(x - 1.2345)^2 / 3 - 7.654321';
let server: TestServer;
let levelId: number;
let secrets: string[] = [];
const captured: { where: string; text: string }[] = [];
const sockets: Socket[] = [];
const wss: WebSocket[] = [];

const FORBIDDEN_KEYS = ['"expression"', '"fStar"', '"median"', '"samples"', '"argmin"', '"reveal"', '"reference"', '"regret"'];

async function get(path: string, token?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  captured.push({ where: `GET ${path}`, text });
  return JSON.parse(text);
}

function scan(phase: string) {
  for (const { where, text } of captured) {
    for (const secret of [...secrets, ...FORBIDDEN_KEYS]) {
      expect(text.includes(secret), `${phase}: ${where} contains ${secret}`).toBe(false);
    }
  }
}

beforeAll(async () => {
  server = await startTestServer();
  const game = await createGame(server, { levels: [{ expression: EXPRESSION, domain: [[-10, 10]], delayMs: 100, password: 'leak', timeLimitMs: 600_000 }], teams: 2, open: false });
  levelId = game.levels[0].id;
  const level = await server.admin('GET', `/levels/${levelId}`);
  secrets = [EXPRESSION, 'x - 1.2345', String(level.fStar), String(level.median), String(level.argmin), '7.654321'];
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of wss) w.close();
  await server.close();
});

describe('before reveal, nothing about the function reaches a team or the board', () => {
  it('holds through draft, open with guesses, paused and closed — on HTTP, Socket.IO and the plain WebSocket', async () => {
    const board = io(`${server.url}/board`, { transports: ['websocket'], forceNew: true });
    sockets.push(board);
    board.on('message', (m: unknown) => captured.push({ where: 'board socket', text: JSON.stringify(m) }));
    await get('/api/board');

    await server.admin('POST', `/levels/${levelId}/open`);
    const tokens: string[] = [];
    for (const team of [1, 2]) {
      const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: 'leak' }) });
      const text = await res.text();
      captured.push({ where: 'POST /api/login', text });
      tokens.push(JSON.parse(text).token);
    }
    const teamSocket = io(`${server.url}/team`, { auth: { token: tokens[0] }, transports: ['websocket'], forceNew: true });
    sockets.push(teamSocket);
    teamSocket.on('message', (m: unknown) => captured.push({ where: 'team socket', text: JSON.stringify(m) }));
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${tokens[1]}`);
    wss.push(ws);
    ws.on('message', (d) => captured.push({ where: 'plain websocket', text: String(d) }));
    await new Promise((r) => ws.once('open', r));

    for (const x of [-8, 6, 9]) {
      for (const token of tokens) {
        const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
        const body = await res.json();
        captured.push({ where: 'POST /api/guesses', text: JSON.stringify(body) });
        await get(`/api/guesses/${body.id}?wait=1`, token);
      }
    }
    for (const token of tokens) {
      await get('/api/me', token);
      await get('/api/guesses', token);
    }
    const snapshot = await get('/api/board');
    // Points would give away f* and the median: the live leaderboard has none before the level is settled.
    expect(snapshot.current.leaderboard.every((e: object) => !('points' in e))).toBe(true);
    scan('open');

    await server.admin('POST', `/levels/${levelId}/pause`);
    await get('/api/board');
    await get('/api/me', tokens[0]);
    scan('paused');

    // Settled: points and regret may now be shown, but still not the function itself.
    await server.admin('POST', `/levels/${levelId}/close`);
    // From here on the stricter rules apply to everything captured, pushes of the close included.
    captured.length = 0;
    await get('/api/board');
    await get('/api/me', tokens[0]);
    for (const { where, text } of captured) {
      for (const secret of [...secrets, '"expression"', '"samples"', '"fStar"', '"median"']) expect(text.includes(secret), `closed: ${where} contains ${secret}`).toBe(false);
    }

    await server.admin('POST', `/levels/${levelId}/reveal`);
    const me = await get('/api/me', tokens[0]);
    expect(me.reveal).toMatchObject({ expression: EXPRESSION, fStar: expect.closeTo(-7.654321, 6), argmin: expect.closeTo(1.2345, 3) });
    expect(me.reveal.samples.xs.length).toBeGreaterThan(100);
    const board2 = await get('/api/board');
    expect(board2.current.reveal.expression).toBe(EXPRESSION);
    expect(board2.current.reveal.paths).toHaveLength(2);
  });
});
