import { mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import { createDatabase, dropDatabase } from './postgres.ts';
import type { AppOptions } from '../../server/app.ts';
import type { SqliteGuesses } from '../../server/store/guesses.ts';

export const ADMIN_PASSWORD = 'test-admin-password';
const TMP = process.env.GD_TEST_TMP ?? resolve(import.meta.dirname, '../.tmp', `run-${process.pid}`);

/** Which database the integration tests run on: the vitest project sets it (SQLite unless told otherwise). */
export const TEST_STORE: 'sqlite' | 'postgresql' = process.env.GD_TEST_STORE === 'postgresql' ? 'postgresql' : 'sqlite';

/**
 * A fresh database per test file: a SQLite file (removed with its WAL files on cleanup), or on PostgreSQL runs a
 * database of its own on the run's cluster.
 */
export function tempDatabase(): { url: string; file: string; remove(): void } {
  if (TEST_STORE === 'postgresql') {
    const server = process.env.GD_TEST_PG_SERVER;
    if (!server) throw new Error('GD_TEST_PG_SERVER is not set: the PostgreSQL global setup did not run');
    const name = `gd_${randomUUID().replace(/-/g, '')}`;
    createDatabase(server, name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.toString(), file: '', remove: () => dropDatabase(server, name) };
  }
  mkdirSync(TMP, { recursive: true });
  const file = resolve(TMP, `${randomUUID()}.db`);
  return {
    url: `file:${file}`,
    file,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    },
  };
}

/** Builds the app (not the process) on its own database; `inject` works without listening. */
export async function buildTestApp(overrides: Partial<Config> & AppOptions = {}): Promise<{ app: FastifyInstance; db: ReturnType<typeof tempDatabase>; close(): Promise<void> }> {
  const db = tempDatabase();
  const app = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false, ...overrides });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      db.remove();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  adminToken: string;
  /** Calls the JSON API as the admin; rejects on a non-2xx answer. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, for socket and browser tests. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const { app, close } = await buildTestApp(overrides);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  const login = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: ADMIN_PASSWORD }),
  });
  const { token: adminToken } = (await login.json()) as { token: string };
  return { app, url, adminToken, admin: adminApi(url, adminToken), close };
}

/** How long an admin call in a test may take before it fails naming itself (a test's own limit is 30 s). */
const ADMIN_CALL_MS = 20_000;

/** Calls the JSON API of the server at `url` as the admin; rejects on a non-2xx answer, or naming the call after 20 s. */
export function adminApi(url: string, adminToken: string): TestServer['admin'] {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ADMIN_CALL_MS),
    }).catch((err: unknown) => {
      if (err instanceof Error && err.name === 'TimeoutError') throw new Error(`${method} ${path} → no answer within ${ADMIN_CALL_MS} ms`);
      throw err;
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export interface LevelSpec {
  title?: string;
  expression: string;
  domain: [number, number][];
  delayMs?: number;
  budget?: number | null;
  password?: string;
  timeLimitMs?: number;
}

/** An active game with levels (opened unless `open: false`) and teams 1..teams, logins without delay. */
export async function createGame(
  server: Pick<TestServer, 'admin'>,
  spec: { levels: LevelSpec[]; teams?: number; open?: boolean; loginDelayMs?: number; showLeaderboard?: boolean },
): Promise<{ gameId: number; levels: { id: number; password: string }[]; teams: { id: number; number: number; name: string }[] }> {
  const game = await server.admin('POST', '/games', {
    title: 'Test game',
    loginDelayMs: spec.loginDelayMs ?? 0,
    showLeaderboard: spec.showLeaderboard ?? true,
  });
  await server.admin('POST', `/games/${game.id}/activate`);
  const levels = [];
  for (const [i, level] of spec.levels.entries()) {
    const created = await server.admin('POST', `/games/${game.id}/levels`, {
      title: level.title ?? `Level ${i + 1}`,
      expression: level.expression,
      domain: level.domain,
      delayMs: level.delayMs ?? 200,
      budget: level.budget === undefined ? 20 : level.budget,
      password: level.password ?? `pw-${i + 1}`,
      ...(level.timeLimitMs ? { timeLimitMs: level.timeLimitMs } : {}),
    });
    if (spec.open !== false) await server.admin('POST', `/levels/${created.id}/open`);
    levels.push({ id: created.id as number, password: created.password as string });
  }
  const { teams } = await server.admin('POST', `/games/${game.id}/teams`, { count: spec.teams ?? 2 });
  return { gameId: game.id, levels, teams };
}

/**
 * Logs teams in the way their devices do: a team's first login claims it and its code is kept; its later logins
 * (another level, another device) send that code. Resolves with the token.
 */
export function teamLogins(url: string): (team: number, password: string) => Promise<string> {
  const codes = new Map<number, string>();
  return async (team, password) => {
    const code = codes.get(team);
    const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password, ...(code ? { code } : {}) }) });
    const body = (await res.json()) as { token?: string; team?: { code?: string }; error?: { code: string } };
    if (res.status !== 200 || !body.token) throw new Error(`login of team ${team} → ${res.status} ${JSON.stringify(body)}`);
    if (body.team?.code) codes.set(team, body.team.code);
    return body.token;
  };
}

/**
 * Writes `perTeam` ready guesses for each team, an hour in the past, straight through SQLite's guess writer (hundreds
 * of thousands in seconds, past the rules and the delay; the HTTP door would take minutes): guess i of the k-th team
 * at x = −5 + ((7919·i + spread·k) mod 10 000) / 1000, with f and its slope from `fn`.
 */
export async function writeReadyGuesses(
  app: FastifyInstance,
  levelId: number,
  teams: readonly { id: number }[],
  perTeam: number,
  fn: { f(x: number): number; slope(x: number): number },
  spread = 1,
): Promise<void> {
  const writer = (app.database.guesses as SqliteGuesses).writer;
  const t0 = Date.now() - 3_600_000;
  for (const [k, team] of teams.entries()) {
    let committed: Promise<void> = Promise.resolve();
    for (let i = 0; i < perTeam; i++) {
      const x = -5 + ((i * 7919 + k * spread) % 10_000) / 1000;
      const at = t0 + i * 10 + k;
      committed = writer.insert({ teamId: team.id, levelId, x: [x], fx: fn.f(x), grad: [fn.slope(x)], submittedAt: at, readyAt: at, source: 'http' })!.committed;
    }
    await committed;
  }
}
