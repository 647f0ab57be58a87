/**
 * Slow and greedy clients (issue 16, point 4): 2 000 connections that never finish their headers or trickle their
 * bodies, while a team logs in and plays; every one of them is then closed by the server's own timeouts. One
 * address cannot hold more than its share of connections. A WebSocket is not cut by the idle timeout.
 *
 * The attackers connect from other loopback addresses (127.0.0.2…) than the team (127.0.0.1), as students' laptops
 * on the classroom network would. Each connection is one file descriptor on each side: this file holds ~4 000 in
 * one process (`ulimit -n` is 20 000 here; see server/http/server-options.ts for what the server keeps under it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import WebSocket from 'ws';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.destroy();
  for (const s of servers) await s.close();
});

async function server(overrides: Parameters<typeof startTestServer>[0]): Promise<TestServer & { port: number }> {
  const s = await startTestServer(overrides);
  servers.push(s);
  return Object.assign(s, { port: Number(new URL(s.url).port) });
}

interface Slow {
  socket: Socket;
  received: string;
  closed: Promise<void>;
  isClosed: boolean;
}

/** A connection from `localAddress` that has connected; what the server sends is kept, and when it closes. */
function open(port: number, localAddress: string): Promise<Slow> {
  return new Promise((resolveOpen, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    sockets.push(socket);
    const slow: Slow = { socket, received: '', isClosed: false, closed: new Promise((r) => socket.once('close', () => r())) };
    slow.closed.then(() => (slow.isClosed = true));
    socket.on('data', (d) => (slow.received += d));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolveOpen(slow));
    socket.once('error', reject);
  });
}

/** Opens `count` connections from `addresses` in turn, a batch at a time (the listen backlog is 511). */
async function openMany(port: number, count: number, addresses: string[]): Promise<Slow[]> {
  const out: Slow[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, (_, j) => open(port, addresses[(i + j) % addresses.length]));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

const connections = (s: TestServer) => new Promise<number>((r, j) => s.app.server.getConnections((err, n) => (err ? j(err) : r(n))));

const json = async (url: string, init: RequestInit & { body?: string } = {}) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('2 000 slow connections', () => {
  it('do not keep a team from logging in and guessing, and are all closed by the server’s timeouts', async () => {
    const s = await server({ headersTimeoutMs: 8000, requestTimeoutMs: 10_000 });
    await createGame(s, { levels: [{ expression: 'x^2 + 1', domain: [[-5, 5]], delayMs: 0, budget: null, password: 'calm' }], teams: 2 });
    const attackers = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

    const slow = await openMany(s.port, 2000, attackers);
    // Half never finish their headers (a header line now and then), half send headers then trickle the body.
    const unfinished = slow.slice(0, 1000);
    const trickled = slow.slice(1000);
    for (const c of unfinished) c.socket.write('POST /api/login HTTP/1.1\r\nHost: arena\r\n');
    for (const c of trickled) c.socket.write('POST /api/login HTTP/1.1\r\nHost: arena\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{');
    const drip = setInterval(() => {
      for (const c of unfinished) if (!c.isClosed) c.socket.write('X-Slow: 1\r\n');
      for (const c of trickled) if (!c.isClosed) c.socket.write(' ');
    }, 500);

    try {
      // All 2 000 are in the server now (accepted from the listen queue).
      await expect.poll(() => connections(s), { timeout: 20_000 }).toBeGreaterThanOrEqual(2000);
      expect(slow.filter((c) => c.isClosed)).toHaveLength(0);

      const login = await json(`${s.url}/api/login`, { method: 'POST', body: JSON.stringify({ team: 1, password: 'calm' }) });
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${login.body.token}` };
      const guess = await json(`${s.url}/api/guesses`, { method: 'POST', headers: auth, body: JSON.stringify({ x: 2 }) });
      expect(guess.status).toBe(202);
      const result = await json(`${s.url}/api/guesses/${guess.body.id}?wait=1`, { headers: auth });
      expect(result.body).toMatchObject({ status: 'ready', x: 2, fx: 5 });

      // The server, not the client, ends every slow connection, with 408 Request Timeout.
      await Promise.all(slow.map((c) => c.closed));
      expect(unfinished.filter((c) => !c.received.startsWith('HTTP/1.1 408'))).toHaveLength(0);
      expect(trickled.filter((c) => !c.received.startsWith('HTTP/1.1 408'))).toHaveLength(0);
    } finally {
      clearInterval(drip);
    }
    expect((await json(`${s.url}/api/health`)).status).toBe(200);
  }, 60_000);
});

describe('connections from one address', () => {
  it('are capped: past the cap a new one is closed at once, other addresses are served, and a freed slot is used again', async () => {
    const s = await server({ maxConnectionsPerAddress: 50, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const held = await openMany(s.port, 60, ['127.0.0.20']);
    // Ten are over the cap: the server closes them before they send a byte, and says nothing.
    await expect.poll(() => held.filter((c) => c.isClosed).length, { timeout: 10_000 }).toBe(10);
    expect(held.filter((c) => c.isClosed && c.received !== '')).toHaveLength(0);
    expect(held.filter((c) => !c.isClosed)).toHaveLength(50);
    // Another address is not affected…
    expect((await json(`${s.url}/api/health`)).status).toBe(200);
    // …and the capped one is served again once it holds fewer.
    const fromCapped = () =>
      new Promise<number>((resolveStatus, reject) => {
        const req = request({ host: '127.0.0.1', port: s.port, path: '/api/health', localAddress: '127.0.0.20', agent: false }, (res) => {
          res.resume();
          resolveStatus(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    await expect(fromCapped()).rejects.toThrow();
    held[0].socket.destroy();
    await held[0].closed;
    await expect.poll(() => fromCapped().catch(() => 0), { timeout: 10_000 }).toBe(200);
  }, 30_000);
});

describe('the idle timeout', () => {
  it('closes an idle HTTP connection but not a WebSocket: a script idle past it still plays', async () => {
    // Only the idle timeout is short: the headers and request limits cannot be what closes the idle connection.
    const s = await server({ connectionTimeoutMs: 1000, headersTimeoutMs: 20_000, requestTimeoutMs: 20_000 });
    await createGame(s, { levels: [{ expression: 'x^2', domain: [[-5, 5]], delayMs: 0, budget: null, password: 'idle' }], teams: 1 });
    const { body } = await json(`${s.url}/api/login`, { method: 'POST', body: JSON.stringify({ team: 1, password: 'idle' }) });

    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/ws?token=${body.token}`);
    const messages: any[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    await expect.poll(() => messages.some((m) => m.type === 'state'), { timeout: 10_000 }).toBe(true);
    const idle = await open(s.port, '127.0.0.30');

    // The server cuts the idle connection opened after the WebSocket: by then the WebSocket was idle longer.
    await idle.closed;
    expect(idle.received).toBe('');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.send(JSON.stringify({ type: 'guess', x: 3 }));
    await expect.poll(() => messages.find((m) => m.type === 'accepted' || m.type === 'error'), { timeout: 10_000 }).toMatchObject({ type: 'accepted', x: 3 });
    await expect.poll(() => messages.find((m) => m.type === 'ready'), { timeout: 10_000 }).toMatchObject({ x: 3, fx: 9 });
    ws.close();
  }, 30_000);
});
