import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { apiClient, startServer, type ServerProcess } from '../../bench/load-process.ts';
import { ADMIN_PASSWORD, createGame, tempDatabase } from '../helpers/server.ts';

const db = tempDatabase();
const servers: ServerProcess[] = [];

/** The real process (server/main.ts) on the test's database, on `port` (a free one when absent), once it listens. */
async function start(port?: number): Promise<ServerProcess> {
  const server = await startServer({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, port, startTimeoutMs: 45_000 });
  servers.push(server);
  return server;
}

afterAll(async () => {
  for (const s of servers) await s.kill();
  db.remove();
});

describe('a server killed with SIGKILL while a guess is pending', () => {
  it('restarts on the same file and delivers the result at its readyAt, with the token still valid', async () => {
    let server = await start();
    const { url, port } = server;
    const api = apiClient(url);
    await api.signIn(ADMIN_PASSWORD);
    await createGame(api, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 20_000, password: 'survive', timeLimitMs: 600_000 }], teams: 2 });

    const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team: 1, password: 'survive' }) });
    const { token } = (await login.json()) as { token: string };
    const accepted = await fetch(`${url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x: 3 }) });
    expect(accepted.status).toBe(202);
    const guess = (await accepted.json()) as { id: number; readyAt: string };

    await server.kill();
    server = await start(port);

    // The token survives the restart; the result is still hidden before readyAt and pushed at readyAt.
    const socket = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      // Pushed at readyAt; or, when the restart itself took longer than the delay (a loaded machine), ready in
      // the state the socket receives on connect — delivered at once.
      const pushed = new Promise<{ at: number; message: any }>((resolvePush, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready push')), 40_000);
        socket.on('message', (message: any) => {
          const fromState = message.type === 'state' ? message.guesses.find((g: any) => g.id === guess.id && g.status === 'ready') : null;
          if ((message.type === 'ready' && message.guessId === guess.id) || fromState) {
            clearTimeout(timer);
            resolvePush({ at: Date.now(), message: fromState ?? { ...message, id: message.guessId } });
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
    expect(await server.stop()).toBe(0);
  }, 120_000);

  it('closes a level whose time limit ran out while the server was down', async () => {
    const server = await start();
    const api = apiClient(server.url);
    await api.signIn(ADMIN_PASSWORD);
    const { levels } = await createGame(api, { levels: [{ expression: 'x^2', domain: [[-1, 1]], password: 'short', timeLimitMs: 2000 }] });
    await server.kill();
    await new Promise((r) => setTimeout(r, 2200));
    const restarted = await start(server.port);
    const level = await api.admin('GET', `/levels/${levels[0].id}`);
    expect(level.status).toBe('closed');
    await restarted.kill();
  }, 60_000);
});
