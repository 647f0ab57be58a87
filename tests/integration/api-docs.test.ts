import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERROR_STATUS } from '../../shared/errors.ts';
import { REGRESSION_DATA } from '../../server/game/templates.ts';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { ROOT, explainFailure, runBlocks, shellBlocks, substitute, type RunResult } from './api-docs-runner.ts';
import { operations } from './openapi-routes.ts';

// docs/API.md is run as a student and an instructor would paste it: every ```sh block, in order, against a live server.
const API_MD = readFileSync(resolve(ROOT, 'docs/API.md'), 'utf8');
const tools = ['curl', 'jq', 'python3'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
if (tools.length) console.warn(`${tools.join(', ')} not installed here: the commands of docs/API.md are not run`);

/**
 * The document's placeholders and the test's values: its server, its admin password, and a class without the
 * 10-second waits (logins at once; results after 2 s, so that a second guess right after a first is still refused;
 * 100 ms once the document shortens the delay for the scripts).
 */
const placeholders = (url: string) => [
  { from: 'http://192.168.1.20:3000', to: url },
  { from: 'the-admin-password', to: ADMIN_PASSWORD },
  { from: '"loginDelayMs": 10000', to: '"loginDelayMs": 0' },
  { from: '"defaultDelayMs": 10000', to: '"defaultDelayMs": 2000' },
  { from: '"delayMs": 1000}', to: '"delayMs": 100}' },
];

describe('docs/API.md', () => {
  it('is self-contained: every link is a file of the repository or a heading of the page', () => {
    const slugs = new Set([...API_MD.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-')));
    const links = [...API_MD.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) {
      expect(link, 'no address outside the repository').not.toMatch(/^[a-z]+:|^\.\.\//);
      if (link.startsWith('#')) expect(slugs.has(link.slice(1)), link).toBe(true);
      else expect(existsSync(resolve(ROOT, 'docs', link.split('#')[0])), link).toBe(true);
    }
    expect(API_MD).not.toMatch(/shared\/DESIGN\.md/);
  });

  it('lists every error code with its status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(API_MD, code).toContain(`| ${status} | \`${code}\` |`);
  });

  it('names every call of the OpenAPI document', async () => {
    const server = await startTestServer();
    try {
      const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
      const missing = operations(document)
        .filter((op) => !(op.url === '/api/ws' ? API_MD.includes('/api/ws?token=') : API_MD.includes(`${op.method} ${op.url}`)))
        .map((op) => `${op.method} ${op.url}`);
      expect(missing).toEqual([]);
    } finally {
      await server.close();
    }
  });

  describe.skipIf(tools.length > 0)('its commands, run in order against a live server', () => {
    let server: TestServer;
    let run: RunResult;
    const blocks = shellBlocks(API_MD);

    beforeAll(async () => {
      server = await startTestServer();
      run = await runBlocks(substitute(blocks, placeholders(server.url)), 280_000);
    }, 300_000);
    afterAll(async () => {
      run?.cleanup();
      await server?.close();
    });

    /** The team's guesses in a level, as the instructor's monitor shows them. */
    const guessesOf = async (levelTitle: string, number: number) => {
      const games = await server.admin('GET', '/games');
      const week3 = games.find((g: { title: string; active: boolean }) => g.title === 'Week 3' && g.active);
      const detail = await server.admin('GET', `/games/${week3.id}`);
      const level = detail.levels.find((l: { title: string }) => l.title === levelTitle);
      const team = detail.teams.find((t: { number: number }) => t.number === number);
      const { guesses } = await server.admin('GET', `/levels/${level.id}/guesses`);
      return guesses.filter((g: { teamId: number }) => g.teamId === team.id) as { x: number | number[]; fx: number; source: string }[];
    };

    it('every block runs to its end', () => {
      expect(blocks.length).toBeGreaterThan(20);
      expect(blocks.filter((b) => b.status !== null).length).toBeGreaterThanOrEqual(4);
      expect(run.code, explainFailure(blocks, run, 'docs/API.md')).toBe(0);
      expect(run.reached).toBe(blocks.length);
    });

    it('the walkthrough played team 7: its guesses are stored, through HTTP', async () => {
      const bowl = await guessesOf('Function 1', 7);
      expect(bowl.map((g) => g.x)).toEqual([2.5]);
      expect(bowl[0].source).toBe('http');
    });

    it('the documented scripts used their teams’ budgets, and the level-4 command reached an MSE below 70', async () => {
      expect(await guessesOf('Function 1', 8)).toHaveLength(20);
      expect(await guessesOf('Function 1', 9)).toHaveLength(20);
      const regression = await guessesOf('Function 4: the regression line', 10);
      expect(regression.length).toBeGreaterThan(0);
      expect(regression.length).toBeLessThanOrEqual(20);
      expect(regression[0].x).toEqual([3.33, 50]);
      const best = Math.min(...regression.map((g) => g.fx));
      expect(best).toBeLessThan(70);
      // The documented expression is the slides' regression error: recomputed here from the stored guess.
      const [a, b] = regression.find((g) => g.fx === best)!.x as number[];
      const mse = REGRESSION_DATA.reduce((sum, [s, iq]) => sum + (iq - (a * s + b)) ** 2, 0) / REGRESSION_DATA.length;
      expect(best).toBeCloseTo(mse, 9);
    });

    it('the downloads are what they say: CSVs with their headers, a ZIP, a backup that restored as a new game', async () => {
      const standings = readFileSync(join(run.dir, 'standings.csv'), 'utf8');
      expect(standings.startsWith('\uFEFF')).toBe(true);
      expect(standings.split('\r\n').length).toBeGreaterThan(12);
      expect(readFileSync(join(run.dir, 'guesses.csv'), 'utf8').split('\r\n').length).toBeGreaterThan(40);
      expect(readFileSync(join(run.dir, 'results.zip')).subarray(0, 2).toString()).toBe('PK');
      expect(JSON.parse(readFileSync(join(run.dir, 'game.json'), 'utf8')).format).toBe('gd-arena-game');
      const titles = (await server.admin('GET', '/games')).map((g: { title: string }) => g.title);
      expect(titles.filter((t: string) => t.startsWith('Week 3'))).toHaveLength(3);
    });

    it('the refusals it shows are the documented ones', () => {
      expect(run.stdout).toMatch(/"code": "TEAM_CODE_REQUIRED"/);
      expect(run.stdout).toMatch(/^"GUESS_PENDING"$/m);
      expect(run.stdout).toMatch(/"code":"LEVEL_NOT_OPEN"/);
      expect(run.stdout).toMatch(/"code":"UNAUTHORIZED"/);
      expect(run.stdout).toMatch(/^stopping: BUDGET_EXHAUSTED: /m);
    });
  });
});
