/**
 * The SQLite file is protected from operators' mistakes: a second server on the same file refuses to start, and a
 * file deleted or replaced under a running server makes it refuse writes (503 STORAGE_ERROR, health says why)
 * instead of acknowledging guesses into a file nobody will open again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { startServer } from '../../bench/load-process.ts';
import { ADMIN_PASSWORD, createGame, startTestServer, tempDatabase, type TestServer } from '../helpers/server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function playing(): Promise<{ server: TestServer; token: string; guess: (x: number) => Promise<Response>; health: () => Promise<any> }> {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 0, budget: null, password: 'safe' }], teams: 1 });
  const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team: 1, password: 'safe' }) });
  const { token } = (await login.json()) as { token: string };
  const guess = (x: number) =>
    fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
  const health = async () => (await fetch(`${server.url}/api/health`)).json();
  return { server, token, guess, health };
}

describe('one server per database file', () => {
  it('refuses a second server on the same file, in the same process and as a process of its own', async () => {
    const db = tempDatabase();
    const first = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
    await first.ready();
    cleanups.push(async () => {
      await first.close();
      db.remove();
    });
    await expect(buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false })).rejects.toThrow(/another GD Arena server is using .*gd-|another GD Arena server is using/);
    const second = await startServer({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, expectExit: true, startTimeoutMs: 45_000 });
    expect(second.output()).toMatch(/another GD Arena server is using .* \(process \d+ on /);
    expect(second.output()).not.toMatch(/\n\s+at /);
    // Once the first is closed, the file is free again.
    await first.close();
    const again: FastifyInstance = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
    await again.ready();
    await again.close();
  }, 60_000);
});

describe('a database file taken away under a running server', () => {
  it('refuses writes once the file is deleted, and health says so', async () => {
    const { server, guess, health } = await playing();
    expect((await guess(0.5)).status).toBe(202);
    expect(await health()).toMatchObject({ ok: true, storage: 'ok' });
    const file = new URL(server.app.config.databaseUrl.replace('file:', 'file://')).pathname;
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    await expect.poll(async () => (await health()).storage, { timeout: 5_000 }).toBe('file-gone');
    expect(await health()).toMatchObject({ ok: false, writable: false });
    const refused = await guess(2);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'STORAGE_ERROR' } });
    // An admin change is refused the same way (through Prisma, not the guess writer).
    const change = await server.admin('POST', '/games', { title: 'after the file went' }).then(() => 'stored', (err: Error) => err.message);
    expect(change).toMatch(/503/);
  });

  it('refuses writes once the file is replaced (a restore copied over it), and health says so', async () => {
    const { server, guess, health } = await playing();
    expect((await guess(0.5)).status).toBe(202);
    const file = new URL(server.app.config.databaseUrl.replace('file:', 'file://')).pathname;
    copyFileSync(file, `${file}.copy`);
    renameSync(`${file}.copy`, file);
    await expect.poll(async () => (await health()).storage, { timeout: 5_000 }).toBe('file-replaced');
    expect((await guess(2)).status).toBe(503);
  });
});
