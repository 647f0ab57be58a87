import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { ADMIN_PASSWORD, adminApi, createGame, tempDatabase } from '../helpers/server.ts';
import { best, loginArgs, RUNTIMES, runScript, runToEnd, STACK, stepLines } from './examples-scripts.ts';

// The example scripts against a server that goes away and comes back on the same port and database file, and one
// that refuses logins for a while (429).
const bowl = SLIDE_LEVELS[0];
const db = tempDatabase();
// Long enough that the refusal still holds when a script starts on a loaded machine (CI once took over 4 s between
// the third failed login and the script's first request).
const LOGIN_WINDOW_MS = 10_000;
let app: FastifyInstance;
let port = 0;
let url = '';
let adminToken = '';
let fStar = 0;
let levelId = 0;
let teams: { id: number; number: number }[] = [];
let nextTeam = 0;

/** The app on the test's database file, listening on `port` (a free one the first time). */
async function start(): Promise<void> {
  app = await buildApp({
    databaseUrl: db.url,
    adminPassword: ADMIN_PASSWORD,
    logLevel: 'silent',
    seedDemo: false,
    loginFailureLimit: 2,
    loginFailureWindowMs: LOGIN_WINDOW_MS,
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  port = address.port;
  url = `http://127.0.0.1:${port}`;
}

/** The admin's calls (the port and the token survive a restart). */
const admin = (method: string, path: string, body?: unknown) => adminApi(url, adminToken)(method, path, body);

beforeAll(async () => {
  await start();
  const login = await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_PASSWORD }) });
  adminToken = ((await login.json()) as { token: string }).token;
  const game = await createGame({ admin }, { levels: [{ expression: bowl.expression, domain: bowl.domain, delayMs: 300, budget: 20, password: 'bowl' }], teams: 10 });
  levelId = game.levels[0].id;
  teams = game.teams;
  fStar = (await admin('GET', `/levels/${levelId}`)).fStar;
});
afterAll(async () => {
  await app?.close();
  db.remove();
});

describe.each(RUNTIMES)('$name', (runtime) => {
  describe.skipIf(!runtime.available)('in a class where things go wrong', () => {
    it('survives a server restart in the middle: waits, carries on with the same token, finishes the budget', async () => {
      const team = teams[nextTeam++];
      const run = runScript(runtime, [...loginArgs({ server: url, team: team.number, password: 'bowl' }), '--lr', String(bowl.reference.gd.lr), `--start=${bowl.start[0]}`]);
      await run.waitFor(/^step +3 /);
      await app.close();
      await run.waitFor(/^no answer from http:\/\/127\.0\.0\.1:\d+ \(.+\): retrying for up to 300 s$/);
      await start();
      await run.waitFor(/^the server answers again: carrying on$/);
      const { code, stdout, stderr } = await run.done;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      // A guess stored just as the server went down is recognised as the script's own, not sent twice.
      expect(stepLines(stdout)).toBe(20);
      expect(stdout).toMatch(/^stopping: BUDGET_EXHAUSTED: /m);
      expect(best(stdout).f - fStar).toBeLessThan(1e-3);
      const { guesses } = await admin('GET', `/levels/${levelId}/guesses`);
      expect(guesses.filter((g: { teamId: number }) => g.teamId === team.id)).toHaveLength(20);
    }, 60_000);

    it('waits as long as a 429 says, then reports the wrong password in one line', async () => {
      const team = teams[nextTeam++].number;
      // Fail as a password guesser would, until the server refuses this address and team for a while.
      let status = 0;
      for (let i = 0; i < 5 && status !== 429; i++) {
        const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: 'guess' }) });
        status = res.status;
      }
      expect(status).toBe(429);
      const { code, stdout, stderr } = await runToEnd(runtime, loginArgs({ server: url, team, password: 'still-wrong' }));
      expect(stdout).toMatch(/^RATE_LIMITED: Too many failed logins.*; waiting ([1-9]|10) s as the server asks$/m);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: BAD_LOGIN: /)]);
      expect(stderr + stdout).not.toMatch(STACK);
    }, 45_000);
  });
});

describe.each(RUNTIMES)('$name with no server at all', (runtime) => {
  it.skipIf(!runtime.available)('gives up after --retry-for with one line and exit code 1', async () => {
    // A port nothing listens on: the app's own, while it is closed.
    await app.close();
    try {
      const { code, stdout, stderr } = await runToEnd(runtime, [...loginArgs({ server: url, team: 1, password: 'bowl' }), '--retry-for', '1']);
      expect(stdout).toMatch(/^no answer from .+: retrying for up to 1 s$/m);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: no answer from http:\/\/127\.0\.0\.1:\d+ for 1 s \(.+\): is the server running, and is --server right\?$/)]);
    } finally {
      await start();
    }
  });
});
