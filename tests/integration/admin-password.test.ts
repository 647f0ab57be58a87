import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { tempDatabase } from '../helpers/server.ts';

const db = tempDatabase();
afterAll(() => db.remove());

async function start(adminPassword: string): Promise<FastifyInstance> {
  const app = await buildApp({ databaseUrl: db.url, adminPassword, logLevel: 'silent', seedDemo: false });
  await app.ready();
  return app;
}

const signIn = async (app: FastifyInstance, password: string) => {
  const res = await app.inject({ method: 'POST', url: '/api/admin/login', payload: { password } });
  return { status: res.statusCode, token: res.json().token as string | undefined };
};
const games = async (app: FastifyInstance, token: string) =>
  (await app.inject({ method: 'GET', url: '/api/admin/games', headers: { authorization: `Bearer ${token}` } })).statusCode;

describe('changing ADMIN_PASSWORD', () => {
  it('keeps admin sessions across a restart with the same password, and ends them all when it changes', async () => {
    let app = await start('first-password');
    const first = await signIn(app, 'first-password');
    const second = await signIn(app, 'first-password');
    expect(first.status).toBe(200);
    expect(await games(app, first.token!)).toBe(200);
    await app.close();

    app = await start('first-password');
    expect(await games(app, first.token!)).toBe(200);
    await app.close();

    app = await start('second-password');
    expect(await games(app, first.token!)).toBe(401);
    expect(await games(app, second.token!)).toBe(401);
    expect((await signIn(app, 'first-password')).status).toBe(401);
    const fresh = await signIn(app, 'second-password');
    expect(fresh.status).toBe(200);
    expect(await games(app, fresh.token!)).toBe(200);
    await app.close();
  });
});
