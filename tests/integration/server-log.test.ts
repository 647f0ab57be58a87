/**
 * The request log of the real process (the built server, LOG_LEVEL=info) never holds a credential: the token a
 * script puts in `/api/ws?token=…`, nor an Authorization header.
 */
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiClient, startServer, type ServerProcess } from '../../bench/load-process.ts';
import { ADMIN_PASSWORD, createGame, tempDatabase } from '../helpers/server.ts';

const db = tempDatabase();
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  db.remove();
});

describe('the request log', () => {
  it('shows /api/ws?token=[redacted] and no token or password anywhere', async () => {
    server = await startServer({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, env: { LOG_LEVEL: 'info' }, startTimeoutMs: 45_000 });
    const api = apiClient(server.url);
    const adminToken = await api.signIn(ADMIN_PASSWORD);
    await createGame(api, { levels: [{ expression: 'x^2', domain: [[-2, 2]], delayMs: 0, password: 'quiet' }], teams: 1 });
    const token = await api.login(1, 'quiet');
    expect((await api.call('GET', '/api/me', undefined, token)).status).toBe(200);

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${encodeURIComponent(token)}`);
    const first = await new Promise<any>((resolveMessage, reject) => {
      ws.once('message', (data) => resolveMessage(JSON.parse(String(data))));
      ws.once('error', reject);
    });
    expect(first.type).toBe('state');
    ws.close();
    // The process logs the upgrade request once it has answered it; then stop it so every line is written.
    await expect.poll(() => server!.output().includes('/api/ws?token=[redacted]'), { timeout: 10_000 }).toBe(true);
    expect(await server.stop()).toBe(0);

    const log = server.output();
    expect(log).toContain('"url":"/api/me"');
    for (const secret of [token, encodeURIComponent(token), adminToken, ADMIN_PASSWORD]) expect(log).not.toContain(secret);
  }, 60_000);
});
