import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const bowl = SLIDE_LEVELS[0];
let server: TestServer;
let fStar = 0;

beforeAll(async () => {
  server = await startTestServer();
  const game = await createGame(server, {
    levels: [
      { expression: bowl.expression, domain: bowl.domain, delayMs: 50, budget: 20, password: 'bowl' },
      { expression: bowl.expression, domain: bowl.domain, delayMs: 50, budget: 20, password: 'bowl-py' },
    ],
    teams: 3,
  });
  fStar = (await server.admin('GET', `/levels/${game.levels[0].id}`)).fStar;
});
afterAll(async () => server.close());

/** The "best x = …  f = …" line the examples print last. */
function best(stdout: string): { x: number; f: number } {
  const match = /best x = (\S+)\s+f = (\S+)/.exec(stdout);
  if (!match) throw new Error(`no best line in:\n${stdout}`);
  return { x: Number(match[1]), f: Number(match[2]) };
}

describe('the script examples reach the minimum of the bowl level', () => {
  it('examples/gd.mjs (Node, plain gradient descent)', async () => {
    const { stdout } = await run(process.execPath, [resolve(ROOT, 'examples/gd.mjs'), '--server', server.url, '--team', '1', '--password', 'bowl', '--lr', String(bowl.reference.gd.lr), `--start=${bowl.start[0]}`], { timeout: 60_000 });
    expect(stdout.match(/^step /gm)).toHaveLength(20);
    expect(stdout).toContain('stopping: BUDGET_EXHAUSTED');
    expect(best(stdout).f - fStar).toBeLessThan(1e-3);
  });

  it('examples/gd.mjs with momentum', async () => {
    const { reference } = bowl;
    const { stdout } = await run(process.execPath, [resolve(ROOT, 'examples/gd.mjs'), '--server', server.url, '--team', '2', '--password', 'bowl', '--method', 'momentum', '--lr', String(reference.momentum.lr), '--beta', String(reference.momentum.beta), `--start=${bowl.start[0]}`], { timeout: 60_000 });
    expect(best(stdout).f - fStar).toBeLessThan(1e-2);
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('examples/gd.py (Python standard library)', async () => {
    const { stdout } = await run('/usr/bin/python3', [resolve(ROOT, 'examples/gd.py'), '--server', server.url, '--team', '3', '--password', 'bowl-py', '--lr', String(bowl.reference.gd.lr), `--start=${bowl.start[0]}`], { timeout: 60_000 });
    expect(stdout.match(/^step /gm)).toHaveLength(20);
    expect(best(stdout).f - fStar).toBeLessThan(1e-3);
  });

  it('stored each guess with the door it came through', async () => {
    const games = await server.admin('GET', '/games');
    const { levels } = await server.admin('GET', `/games/${games[0].id}`);
    const { guesses } = await server.admin('GET', `/levels/${levels[0].id}/guesses`);
    expect(guesses).toHaveLength(40);
    expect(guesses.every((g: { source: string }) => g.source === 'http')).toBe(true);
  });
});
