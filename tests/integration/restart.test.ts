import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createServer } from 'node:net';
import { io } from 'socket.io-client';
import { ADMIN_PASSWORD, createGame, tempDatabase } from '../helpers/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const db = tempDatabase();
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the real process (server/main.ts) on the test's database; resolves once it listens. */
async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, ADMIN_PASSWORD, LOG_LEVEL: 'warn', SEED_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output}`);
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  db.remove();
});

describe('a server killed with SIGKILL while a guess is pending', () => {
  it('restarts on the same file and delivers the result at its readyAt, with the token still valid', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await startProcess(port);
    const adminToken = ((await (await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_PASSWORD }) })).json()) as { token: string }).token;
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    await createGame({ admin }, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 20_000, password: 'survive', timeLimitMs: 600_000 }], teams: 2 });

    const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team: 1, password: 'survive' }) });
    const { token } = (await login.json()) as { token: string };
    const accepted = await fetch(`${url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x: 3 }) });
    expect(accepted.status).toBe(202);
    const guess = (await accepted.json()) as { id: number; readyAt: string };

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    child = await startProcess(port);

    // The token survives the restart; the result is still hidden before readyAt and pushed at readyAt.
    const socket = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      // Pushed at readyAt; or, when the restart itself took longer than the delay (a loaded machine), ready in
      // the state the socket receives on connect — delivered at once.
      const pushed = new Promise<{ at: number; message: any }>((resolvePush, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready push')), 40_000);
        socket.on('message', (message: any) => {
          const fromState = message.type === 'state' ? message.guesses.find((g: any) => g.id === guess.id && g.status === 'ready') : null;
          if (message.type === 'ready' || fromState) {
            clearTimeout(timer);
            resolvePush({ at: Date.now(), message: fromState ?? message });
          }
        });
      });
      const asked = Date.now();
      const early = (await (await fetch(`${url}/api/guesses/${guess.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
      if (Date.now() < Date.parse(guess.readyAt)) expect(early).toMatchObject({ status: 'pending' });
      else if (asked >= Date.parse(guess.readyAt)) expect(early).toMatchObject({ status: 'ready', fx: 4 });
      const { at, message } = await pushed;
      expect(at).toBeGreaterThanOrEqual(Date.parse(guess.readyAt));
      expect(message).toMatchObject({ id: guess.id, status: 'ready', x: 3, fx: 4, slope: 4 });
    } finally {
      socket.disconnect();
    }
    const me = (await (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(me.guesses).toHaveLength(1);
    expect(me.level).toMatchObject({ status: 'open' });
    expect(Date.parse(me.level.closesAt)).toBeGreaterThan(Date.now());
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(child.exitCode).toBe(0);
  }, 120_000);

  it('closes a level whose time limit ran out while the server was down', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await startProcess(port);
    const adminToken = ((await (await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_PASSWORD }) })).json()) as { token: string }).token;
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const { levels } = await createGame({ admin }, { levels: [{ expression: 'x^2', domain: [[-1, 1]], password: 'short', timeLimitMs: 2000 }] });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 2200));
    child = await startProcess(port);
    const level = await admin('GET', `/levels/${levels[0].id}`);
    expect(level.status).toBe('closed');
    child.kill('SIGKILL');
  }, 60_000);
});
