import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { apiClient, startServer, type ServerProcess } from '../../bench/load-process.ts';
import { ADMIN_PASSWORD, createGame, tempDatabase } from '../helpers/server.ts';

const db = tempDatabase();
/** Longest a start may take (the built server starts in 1–3 s; a loaded machine, far slower). */
const START_MS = 45_000;
/** A delay no kill-and-restart can outlast: a start longer than START_MS fails the test instead. */
const HIDDEN_MS = 3 * START_MS;
const servers: ServerProcess[] = [];

/** The real process (the built server) on the test's database, on `port` (a free one when absent), once it listens. */
async function start(port?: number): Promise<ServerProcess> {
  const server = await startServer({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, port, startTimeoutMs: START_MS });
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
    // Two levels: on `survive` the result falls due around the restart; on `hidden` it falls due long after any
    // restart can take (START_MS bounds one), so it is certainly still hidden when asked for after the restart.
    await createGame(api, {
      levels: [
        { expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 4000, password: 'survive', timeLimitMs: 600_000 },
        { expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: HIDDEN_MS, password: 'hidden', timeLimitMs: 600_000 },
      ],
      teams: 2,
    });
    const token = await api.login(1, 'survive');
    const hiddenToken = await api.login(2, 'hidden');
    const accepted = await api.call('POST', '/api/guesses', { x: 3 }, token);
    expect(accepted.status).toBe(202);
    const guess = accepted.body as { id: number; readyAt: string };
    const hidden = (await api.call('POST', '/api/guesses', { x: 2 }, hiddenToken)).body as { id: number; readyAt: string };

    await server.kill();
    server = await start(port);

    // The tokens survive the restart; a result not yet due is still hidden…
    expect(Date.now()).toBeLessThan(Date.parse(hidden.readyAt));
    const early = await api.call('GET', `/api/guesses/${hidden.id}`, undefined, hiddenToken);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ id: hidden.id, status: 'pending', readyAt: hidden.readyAt });
    expect(early.body).not.toHaveProperty('fx');

    // …and one that falls due is pushed at its readyAt, or, when the restart took longer than the delay, found
    // ready in the state the socket receives on connect. Either way never before readyAt, with the right f(x).
    const socket = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
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
      const { at, message } = await pushed;
      expect(at).toBeGreaterThanOrEqual(Date.parse(guess.readyAt));
      expect(message).toMatchObject({ id: guess.id, status: 'ready', x: 3, fx: 4, slope: 4 });
    } finally {
      socket.disconnect();
    }
    const me = (await api.call('GET', '/api/me', undefined, token)).body as any;
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
    const opened = await api.admin('GET', `/levels/${levels[0].id}`);
    expect(opened.status).toBe('open');
    await server.kill();
    // Down until the level's own closing time has passed (the moment the server set, not a guess of it).
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(opened.closesAt) - Date.now() + 50)));
    const restarted = await start(server.port);
    const level = await api.admin('GET', `/levels/${levels[0].id}`);
    expect(level.status).toBe('closed');
    await restarted.kill();
  }, 60_000);
});
