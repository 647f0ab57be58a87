import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let game: Awaited<ReturnType<typeof createGame>>;

async function teamGuesses(team: number, password: string, xs: number[]) {
  const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password }) });
  const { token } = (await login.json()) as { token: string };
  for (const x of xs) {
    const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
    const { id } = (await res.json()) as { id: number };
    await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${token}` } });
  }
  return token;
}

beforeAll(async () => {
  server = await startTestServer();
  game = await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-4, 4]], delayMs: 0, password: 'ref' }], teams: 3 });
});
afterAll(async () => server.close());

describe('POST /api/admin/levels/:id/reference', () => {
  it('returns steps + 1 points following x ← x − lr·g for gd and v ← βv + g for momentum', async () => {
    const levelId = game.levels[0].id;
    const { runs, backend } = await server.admin('POST', `/levels/${levelId}/reference`, {
      runs: [
        { optimizer: 'gd', lr: 0.25, steps: 3, start: 3 },
        { optimizer: 'momentum', lr: 0.1, beta: 0.5, steps: 2, start: 3 },
      ],
    });
    expect(backend).toMatch(/cpu|tensorflow/);
    // gd on (x−1)²: g = 2(x−1); x: 3 → 2 → 1.5 → 1.25
    expect(runs[0]).toMatchObject({ optimizer: 'gd', teamId: null, diverged: false, steps: 3 });
    expect(runs[0].path.map((p: { x: number }) => p.x)).toEqual([3, 2, 1.5, 1.25].map((v) => expect.closeTo(v, 5)));
    expect(runs[0].path.map((p: { fx: number }) => p.fx)).toEqual([4, 1, 0.25, 0.0625].map((v) => expect.closeTo(v, 5)));
    // momentum: v1 = 4, x1 = 2.6; v2 = 0.5·4 + 3.2 = 5.2, x2 = 2.08
    expect(runs[1].path.map((p: { x: number }) => p.x)).toEqual([3, 2.6, 2.08].map((v) => expect.closeTo(v, 5)));
  });

  it('marks a run diverged where it leaves the domain by far, without clamping it to the domain', async () => {
    const levelId = game.levels[0].id;
    // x ← x − 2.4 (x − 1): each step overshoots 1.4 times farther, out of [−4, 4] and on until one domain width past it.
    const { runs } = await server.admin('POST', `/levels/${levelId}/reference`, { runs: [{ optimizer: 'gd', lr: 1.2, steps: 400, start: 3 }] });
    expect(runs[0].diverged).toBe(true);
    expect(runs[0].path.length).toBeLessThan(401);
    expect(Math.abs(runs[0].path.at(-1).x)).toBeGreaterThan(4);
    expect(runs[0].path.every((p: { fx: number }) => Number.isFinite(p.fx))).toBe(true);
  });

  it('sends the reference paths with the reveal: from the default start and from each team\'s first guess, k points for k guesses; to a team only its own', async () => {
    const levelId = game.levels[0].id;
    const token = await teamGuesses(1, 'ref', [-3, -1, 0.5]);
    await teamGuesses(2, 'ref', [2]);
    const before = await (await fetch(`${server.url}/api/board`)).json();
    expect(before.current.reveal).toBeUndefined();
    await server.admin('POST', `/levels/${levelId}/close`);
    await server.admin('POST', `/levels/${levelId}/reveal`);
    const me = await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    const team1 = me.team.id;
    const mine = me.reveal.reference.filter((r: { teamId: number | null }) => r.teamId === team1);
    expect(mine.map((r: { optimizer: string }) => r.optimizer).sort()).toEqual(['adam', 'gd', 'momentum']);
    for (const run of mine) {
      expect(run.path).toHaveLength(3);
      expect(run.path[0].x).toBe(-3);
    }
    const fromDefault = me.reveal.reference.filter((r: { teamId: number | null }) => r.teamId === null);
    expect(fromDefault.length).toBeGreaterThanOrEqual(3);
    // A team's reveal is its share: its own path and the runs from its own start beside the level's; the board's has
    // every team's (team 2's path and runs from x = 2).
    expect(me.reveal.paths.map((p: { teamId: number }) => p.teamId)).toEqual([team1]);
    expect(me.reveal.paths[0].path.map((p: { x: number }) => p.x)).toEqual([-3, -1, 0.5]);
    expect(me.reveal.reference.every((r: { teamId: number | null }) => r.teamId === null || r.teamId === team1)).toBe(true);
    const board = await (await fetch(`${server.url}/api/board`)).json();
    const team2 = board.current.reveal.paths.find((p: { number: number }) => p.number === 2);
    expect(team2.path.map((p: { x: number }) => p.x)).toEqual([2]);
    const theirs = board.current.reveal.reference.filter((r: { teamId: number | null }) => r.teamId === team2.teamId);
    expect(theirs.map((r: { optimizer: string }) => r.optimizer).sort()).toEqual(['adam', 'gd', 'momentum']);
    expect(board.current.reveal.reference.length).toBe(me.reveal.reference.length + theirs.length);
    const { reference: _r, paths: _p, ...common } = board.current.reveal;
    expect(me.reveal).toMatchObject(common);
  });
});
