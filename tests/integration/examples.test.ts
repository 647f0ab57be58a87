import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGRESSION_DATA, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { best, claimTeam, documentedCommand, loginArgs, RUNTIMES, runScript, runToEnd, STACK, stepLines, withLogin } from './examples-scripts.ts';

// The scripts play real levels of a real server (port 0), as a student would run them in class.
const [bowl, , , regression] = SLIDE_LEVELS;
const bowlArgs = ['--lr', String(bowl.reference.gd.lr), `--start=${bowl.start[0]}`];
let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;
let fStar = 0;
let nextTeam = 1;
const levelId: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer();
  const levels = [
    { title: 'bowl', expression: bowl.expression, domain: bowl.domain, delayMs: 100, budget: 20, password: 'bowl' },
    { title: 'regression', expression: regression.expression, domain: regression.domain, delayMs: 100, budget: 20, password: 'regression' },
    { title: 'pause', expression: bowl.expression, domain: bowl.domain, delayMs: 200, budget: 20, password: 'pause' },
    { title: 'slow', expression: bowl.expression, domain: bowl.domain, delayMs: 1500, budget: 20, password: 'slow' },
    ...RUNTIMES.map((_, i) => ({ title: `close-${i}`, expression: bowl.expression, domain: bowl.domain, delayMs: 200, budget: 20, password: `close-${i}` })),
  ];
  game = await createGame(server, { levels, teams: 30 });
  levels.forEach((level, i) => (levelId[level.title] = game.levels[i].id));
  await server.admin('POST', `/games/${game.gameId}/levels`, { title: 'draft', expression: bowl.expression, domain: bowl.domain, password: 'draft' });
  fStar = (await server.admin('GET', `/levels/${levelId.bowl}`)).fStar;
});
afterAll(async () => server.close());

/** A team no other test has used. */
const freshTeam = () => game.teams[nextTeam++ - 1];

/** The team's guesses as the instructor's monitor shows them. */
async function storedGuesses(level: string, teamId: number): Promise<{ x: number[] | number; fx: number; source: string }[]> {
  const { guesses } = await server.admin('GET', `/levels/${levelId[level]}/guesses`);
  return guesses.filter((g: { teamId: number }) => g.teamId === teamId);
}

/** The slides' regression error of the line IQ = a·s + b. */
const mse = (a: number, b: number) => REGRESSION_DATA.reduce((sum, [s, iq]) => sum + (iq - (s * a + b)) ** 2, 0) / REGRESSION_DATA.length;

/** f'(x) of the bowl, 0.4(x − 2)² + e^(−x/2). */
const bowlSlope = (x: number) => 0.8 * (x - 2) - 0.5 * Math.exp(-x / 2);

describe.each(RUNTIMES)('$name', (runtime) => {
  describe.skipIf(!runtime.available)('plays a level as a good student would', () => {
    it('reaches the minimum of the bowl with plain gradient descent, using the whole budget', async () => {
      const team = freshTeam();
      const { code, stdout, stderr } = await runToEnd(runtime, [...loginArgs({ server: server.url, team: team.number, password: 'bowl' }), ...bowlArgs]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stepLines(stdout)).toBe(20);
      expect(stdout).toMatch(/^stopping: BUDGET_EXHAUSTED: /m);
      expect(best(stdout).f - fStar).toBeLessThan(1e-3);
      const stored = await storedGuesses('bowl', team.id);
      expect(stored).toHaveLength(20);
      expect(stored.every((g) => g.source === 'http')).toBe(true);
    });

    it('reaches the bowl with momentum', async () => {
      const { momentum } = bowl.reference;
      const team = freshTeam();
      const args = ['--method', 'momentum', '--lr', String(momentum.lr), '--beta', String(momentum.beta), `--start=${bowl.start[0]}`];
      const { code, stdout } = await runToEnd(runtime, [...loginArgs({ server: server.url, team: team.number, password: 'bowl' }), ...args]);
      expect(code).toBe(0);
      expect(best(stdout).f - fStar).toBeLessThan(1e-2);
    });

    it('the level-4 command of the usage text brings the slide line 3.33x + 50 below MSE 70 within the 20 guesses', async () => {
      const documented = await documentedCommand(runtime, '--start=3.33,50');
      const team = freshTeam();
      const { code, stdout, stderr } = await runToEnd(runtime, withLogin(documented, { server: server.url, team: team.number, password: 'regression' }));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const stored = await storedGuesses('regression', team.id);
      expect(stored.length).toBeLessThanOrEqual(20);
      expect(stored[0].x).toEqual([3.33, 50]);
      const bestStored = Math.min(...stored.map((g) => g.fx));
      expect(bestStored).toBeLessThan(70);
      // The MSE is the slides' regression error, recomputed here from the printed line.
      const printed = best(stdout);
      expect(printed.f).toBeCloseTo(bestStored, 5);
      expect(mse(printed.x[0], printed.x[1])).toBeCloseTo(printed.f, 3);
    });

    it('a wrong password: one BAD_LOGIN line, exit code 1, no stack trace', async () => {
      const { code, stdout, stderr } = await runToEnd(runtime, loginArgs({ server: server.url, team: freshTeam().number, password: 'not-the-password' }));
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: BAD_LOGIN: wrong team number, password or PIN/)]);
      expect(stderr + stdout).not.toMatch(STACK);
    });

    it('a level that is still a draft: one LEVEL_NOT_OPEN line, exit code 1', async () => {
      const { code, stderr } = await runToEnd(runtime, loginArgs({ server: server.url, team: freshTeam().number, password: 'draft' }));
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: LEVEL_NOT_OPEN: this level has not started yet/)]);
    });

    it('waits out a pause in the middle and finishes the budget', async () => {
      const team = freshTeam();
      const run = runScript(runtime, [...loginArgs({ server: server.url, team: team.number, password: 'pause' }), ...bowlArgs, '--poll', '0.2']);
      await run.waitFor(/^step +3 /);
      await server.admin('POST', `/levels/${levelId.pause}/pause`);
      await run.waitFor(/^the level is paused: waiting/);
      await server.admin('POST', `/levels/${levelId.pause}/resume`);
      await run.waitFor(/^the level is open again: carrying on/);
      const { code, stdout, stderr } = await run.done;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stepLines(stdout)).toBe(20);
      expect(stdout).toMatch(/^stopping: BUDGET_EXHAUSTED: /m);
      expect(best(stdout).f - fStar).toBeLessThan(1e-3);
      expect(await storedGuesses('pause', team.id)).toHaveLength(20);
    });

    it('stops cleanly, with its best, when the instructor closes the level', async () => {
      const level = `close-${RUNTIMES.indexOf(runtime)}`;
      const run = runScript(runtime, [...loginArgs({ server: server.url, team: freshTeam().number, password: level }), ...bowlArgs]);
      await run.waitFor(/^step +2 /);
      await server.admin('POST', `/levels/${levelId[level]}/close`);
      const { code, stdout, stderr } = await run.done;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^stopping: LEVEL_NOT_OPEN: the level is closed$/m);
      expect(best(stdout).f).toBeGreaterThan(fStar);
    });

    it("continues from a teammate's pending guess instead of crashing on GUESS_PENDING", async () => {
      const team = freshTeam();
      const mate = await claimTeam(server.url, team.number, 'slow');
      // The teammate's guess stays pending longer than a script takes to start and log in on a loaded machine (CI
      // once took over 1.5 s); the script's own guess has the level's usual delay.
      await server.admin('PATCH', `/levels/${levelId.slow}`, { delayMs: 8000 });
      const sent = await fetch(`${server.url}/api/guesses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mate.token}` },
        body: JSON.stringify({ x: 0 }),
      });
      await server.admin('PATCH', `/levels/${levelId.slow}`, { delayMs: 1500 });
      expect(sent.status).toBe(202);
      // The script is told to start elsewhere; the team's pending guess makes it wait and continue from x = 0.
      const { code, stdout, stderr } = await runToEnd(runtime, [...loginArgs({ server: server.url, team: team.number, password: 'slow', code: mate.code }), '--lr', '0.3', '--start=-4', '--steps', '1']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^GUESS_PENDING: a guess of your team \(a teammate\?\) is pending: waiting for it$/m);
      expect(stdout).toMatch(/^teammate {2}x = 0\.00000 {2}f\(x\) = /m);
      const stored = await storedGuesses('slow', team.id);
      expect(stored).toHaveLength(2);
      expect(stored[0].x).toBe(0);
      expect(stored[1].x).toBeCloseTo(0 - 0.3 * bowlSlope(0), 9);
      expect(stdout).toMatch(/^stopping: made the 1 guesses of --steps$/m);
    }, 45_000);

    it('two copies for one team (two teammates) both finish, sharing the budget', async () => {
      const team = freshTeam();
      const { code: teamCode } = await claimTeam(server.url, team.number, 'bowl');
      const login = { server: server.url, team: team.number, password: 'bowl', code: teamCode };
      const first = runScript(runtime, [...loginArgs(login), ...bowlArgs]);
      await first.waitFor(/^step +2 /);
      // The second copy is started without --start: it picks up from the team's latest result.
      const second = runScript(runtime, [...loginArgs(login), '--lr', String(bowl.reference.gd.lr)]);
      const [a, b] = await Promise.all([first.done, second.done]);
      for (const run of [a, b]) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^stopping: BUDGET_EXHAUSTED: /m);
      }
      expect(b.stdout).toMatch(/^the team has made \d+ guesses here \(\d+ left\): continuing from its latest result$/m);
      // Every guess of the team was made by one of the two, and each reported its own.
      expect(stepLines(a.stdout) + stepLines(b.stdout)).toBe(20);
      const stored = await storedGuesses('bowl', team.id);
      expect(stored).toHaveLength(20);
      // A guess both copies sent at once costs one step of the path: the team still gets close.
      expect(Math.min(...stored.map((g) => g.fx)) - fStar).toBeLessThan(1e-2);
    });
  });
});
