import { afterAll, describe, expect, it } from 'vitest';
import { createReferenceRunner, ReferenceRunError, type ReferenceLevel, type ReferenceRunRecord } from '../../server/reference/runner.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { leastSquaresLine } from '../../shared/line-fit.ts';
import { COMPARISON_CAP } from '../../shared/comparison.ts';

// The runner end to end: a real worker thread, TensorFlow.js loaded there (the CPU backend on this machine).

const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
const shelf = SLIDE_LEVELS.find((t) => t.key === 'shelf')!;
const level4: ReferenceLevel = { expression: regression.expression, dims: 2, domain: regression.domain, start: regression.start, data: regression.data };
const level3: ReferenceLevel = { expression: shelf.expression, dims: 1, domain: shelf.domain, start: shelf.start, data: null };

const logs: { obj: Record<string, unknown>; msg: string }[] = [];
const runner = createReferenceRunner({ log: (obj, msg) => logs.push({ obj, msg }) });
afterAll(() => runner.close());

const find = (records: ReferenceRunRecord[], teamId: number | null, optimizer: string, variant: string | null = null) =>
  records.filter((r) => r.teamId === teamId && r.optimizer === optimizer && r.variant === variant);

describe('createReferenceRunner', () => {
  it('loads TensorFlow.js in its worker on first use and says which backend runs', async () => {
    expect(runner.backend()).toBe('not loaded');
    const records = await runner.defaultRuns(level3, []);
    expect(['cpu', 'tensorflow']).toContain(runner.backend());
    expect(logs).toContainEqual({ obj: { backend: runner.backend() }, msg: `TensorFlow.js backend: ${runner.backend()}` });
    // The lesson of level 3 from its start: GD stalls on the shelf, momentum carries through to the valley.
    expect(records.map((r) => [r.optimizer, r.variant, r.teamId, r.steps, r.path.length])).toEqual([
      ['gd', null, null, 19, 20],
      ['momentum', null, null, 19, 20],
      ['adam', null, null, 19, 20],
    ]);
    expect(records[0].path[19].fx).toBeGreaterThan(0);
    expect(records[1].path[19].fx).toBeLessThan(-7.5);
    expect(records[1]).toMatchObject({ lr: 0.07, beta: 0.75 });
    expect(records[0].beta).toBeNull();
  });

  it('runs a reveal of level 4: equal evaluations per team, the cap, and GD on the standardised feature near least squares', async () => {
    const teams = [
      { teamId: 7, x: [1, 80], count: 20 },
      { teamId: 8, x: [3, 40], count: 5 },
      { teamId: 9, x: [2, 70], count: 10_000 },
    ];
    const records = await runner.defaultRuns(level4, teams);
    const ls = leastSquaresLine(regression.data!.points);
    for (const { teamId, x, count } of teams) {
      const points = Math.min(count, COMPARISON_CAP);
      for (const optimizer of ['gd', 'momentum', 'adam']) {
        const [record] = find(records, teamId, optimizer);
        expect(record, `${optimizer} of team ${teamId}`).toMatchObject({ steps: points - 1, diverged: false, variant: null });
        expect(record.path).toHaveLength(points);
        expect(record.path[0].x).toEqual(x);
      }
      const [std] = find(records, teamId, 'gd', 'standardised');
      expect(std).toMatchObject({ steps: points - 1, lr: 0.49, beta: null, diverged: false });
      expect(std.path).toHaveLength(points);
      expect(std.path[0].x).toEqual(x);
      if (points >= 5) expect(std.path[4].fx - ls.mse).toBeLessThan(1e-3);
    }
    // From the level's start: the template's 150 steps for all three, and the standardised run.
    for (const optimizer of ['gd', 'momentum', 'adam']) expect(find(records, null, optimizer)[0].path).toHaveLength(151);
    const [std] = find(records, null, 'gd', 'standardised');
    const [a, b] = std.path[19].x;
    expect(Math.abs(a - ls.a)).toBeLessThan(1e-3);
    expect(Math.abs(b - ls.b)).toBeLessThan(1e-2);
    // Plain runs come first, so a page that looks for "the gd run" without reading `variant` finds the plain one.
    expect(records.findIndex((r) => r.variant !== null)).toBe(records.length - 4);
  });

  it('runs the instructor’s settings, from a start of their choice and from each team’s first guess', async () => {
    const records = await runner.run(level4, [{ optimizer: 'gd', lr: 0.0041, steps: 150 }, { optimizer: 'momentum', lr: 0.002, steps: 10, start: [1, 60] }], [{ teamId: 3, x: [2, 60], count: 4 }]);
    expect(records.map((r) => [r.optimizer, r.teamId, r.steps, r.beta])).toEqual([
      ['gd', null, 150, null],
      ['gd', 3, 3, null],
      ['momentum', null, 10, 0.9],
      ['momentum', 3, 3, 0.9],
    ]);
    // Just past GD's stability limit: marked diverged where it leaves the domain by a width.
    expect(records[0].diverged).toBe(true);
    expect(records[0].path.length).toBeLessThan(151);
    expect(records[2].path[0].x).toEqual([1, 60]);
  });

  it('runs a spec from a team’s start for that team, and tells the settings a level’s lesson is shown with', async () => {
    const [record] = await runner.run(level3, [{ optimizer: 'gd', lr: 0.07, steps: 4, start: [-2], teamId: 12 }]);
    expect(record).toMatchObject({ teamId: 12, steps: 4, variant: null });
    expect(record.path[0].x).toEqual([-2]);
    expect(await runner.settings(level3)).toEqual(shelf.reference);
    const custom = await runner.settings({ expression: '(x - 1)^2', dims: 1, domain: [[-3, 3]], start: [-2], data: null });
    expect(custom.gd.steps).toBe(custom.momentum.steps);
    expect(custom.gd.lr).toBeGreaterThan(0);
  });

  it('answers the slides’ regression fit from the worker', async () => {
    const fit = await runner.regression();
    expect(fit.backend).toBe(runner.backend());
    expect(fit.runs.map((r) => r.optimizer)).toEqual(['gd', 'momentum']);
  });

  it('fails a request for an expression that does not compile, and keeps serving', async () => {
    const error = await runner.defaultRuns({ ...level3, expression: 'x +' }, []).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ReferenceRunError);
    expect(error).toMatchObject({ reason: 'failed', code: 'INVALID_EXPRESSION' });
    await expect(runner.defaultRuns(level3, [])).resolves.toHaveLength(3);
  });

  it('stops the worker of a request over its time limit and reports it; a closed runner refuses', async () => {
    const log: string[] = [];
    // 1 ms: no worker can start, load tf and answer in that time.
    const hasty = createReferenceRunner({ log: (_obj, msg) => log.push(msg), timeoutMs: 1 });
    const error = await hasty.defaultRuns(level3, []).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ReferenceRunError', reason: 'timeout' });
    expect(log).toContain('reference run over its time limit: worker stopped');
    await hasty.close();
    await expect(hasty.defaultRuns(level3, [])).rejects.toMatchObject({ reason: 'closed' });
  });
});
