/**
 * What the board's charts are built from, without a browser: the 1-D y-axis that keeps f* in view, the data plot's
 * lines (client/board/data-lines.ts), the level's own names (level-text.ts) and the runs' settings (runs.ts).
 */
import { describe, expect, it } from 'vitest';
import { leastSquaresLine, lineMse } from '../../shared/line-fit.ts';
import type { FeedItem, LeaderboardEntry } from '../../shared/protocol.ts';
import { compileLevelFunction, sampleCurve } from '../../server/math/expression.ts';
import { clampInto, curveYBounds, niceBounds } from '../../client/board/reveal-scale.ts';
import { dataBounds, leaderLine, revealLines, segment } from '../../client/board/data-lines.ts';
import { axisNames, displayExpression, levelSummary, pointText } from '../../client/board/level-text.ts';
import { runNameKey, runSettings, shownRuns, teamVerdicts } from '../../client/board/runs.ts';
import { publicLevel, slideReveal } from './client-board-reveals.ts';

const fmt = (v: number) => Number(v.toPrecision(6)).toString();

describe('the 1-D reveal’s y-axis', () => {
  it('holds f* even when the samples step over a narrow minimum', () => {
    // A bowl with a needle 0.001 wide at x = 1.2345: 401 even samples miss it.
    const xs = Array.from({ length: 401 }, (_, i) => -5 + i * 0.025);
    const f = (x: number) => 0.1 * x * x - 30 * Math.exp(-(((x - 1.2345) / 0.001) ** 2));
    const fStar = f(1.2345);
    const samples = { dims: 1 as const, xs, fx: xs.map(f) };
    expect(Math.min(...samples.fx)).toBeGreaterThan(-1);
    const [lo, hi] = curveYBounds(samples, fStar);
    expect(lo).toBeLessThanOrEqual(fStar);
    expect(hi).toBeGreaterThanOrEqual(2.5);
    // Without f* the axis would start near 0 and the star would be off the chart.
    expect(niceBounds(Math.min(...samples.fx), Math.max(...samples.fx))[0]).toBeGreaterThan(fStar);
  });

  it('holds f* with the server’s own samples of a narrow minimum too', () => {
    const fn = compileLevelFunction('0.1*x^2 - 30*exp(-((x - 1.2345)/0.001)^2)', 1);
    const samples = sampleCurve(fn, [[-5, 5]], undefined, [[1.2345]]);
    if (samples.dims !== 1) throw new Error('1-D samples expected');
    const fStar = fn.f([1.2345]);
    const [lo] = curveYBounds(samples, fStar);
    expect(lo).toBeLessThanOrEqual(fStar);
  });

  it('ignores values that are not finite, and puts a mark that left the plot on its edge', () => {
    expect(curveYBounds({ dims: 1, xs: [0, 1, 2], fx: [1, Infinity, 3] }, 1)).toEqual(niceBounds(1, 3));
    expect(clampInto(50, -1e30, [0, 10], [-5, 5])).toEqual({ x: 10, y: -5 });
    expect(clampInto(3, Infinity, [0, 10], [-5, 5])).toEqual({ x: 3, y: 5 });
  });
});

describe('level 4’s data plot', () => {
  const level = publicLevel('regression');
  const points = level.data!.points;
  const teams = [
    { teamId: 1, number: 1, guesses: [[3.33, 50], [2, 62], [1.8, 65]] },
    { teamId: 2, number: 2, guesses: [[1, 80]] },
  ];

  it('draws after the reveal the least-squares line, the default start’s (the slide’s 3.33x + 50) and each team’s best', () => {
    const { reveal } = slideReveal('regression', teams);
    const lines = revealLines(points, reveal);
    expect(lines.map((l) => [l.kind, l.number ?? null])).toEqual([
      ['fit', null],
      ['start', null],
      ['team', 1],
      ['team', 2],
    ]);
    const [fit, start, team1] = lines;
    expect(fit.a).toBeCloseTo(1.7908, 4);
    expect(fit.b).toBeCloseTo(65.2126, 4);
    expect(fit.mse).toBeCloseTo(65.468, 3);
    expect([start.a, start.b]).toEqual([3.33, 50]);
    expect(start.mse).toBeCloseTo(156.95, 2);
    expect([team1.a, team1.b]).toEqual([1.8, 65]);
    expect(team1.mse).toBeCloseTo(lineMse(points, { a: 1.8, b: 65 }), 12);
    expect(leastSquaresLine(points).mse).toBeCloseTo(fit.mse, 12);
  });

  it('draws while the level runs the leading team’s best line, else its latest, and nothing without values', () => {
    const board: LeaderboardEntry[] = [
      { rank: 1, teamId: 1, number: 1, name: '', best: lineMse(points, { a: 1.8, b: 65 }), bestAt: null, guesses: 3 },
      { rank: 2, teamId: 2, number: 2, name: '', best: lineMse(points, { a: 1, b: 80 }), bestAt: null, guesses: 1 },
    ];
    const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s)).toISOString();
    const feed: FeedItem[] = [
      { teamId: 1, number: 1, name: '', at: at(9), x: [2, 62], fx: lineMse(points, { a: 2, b: 62 }) },
      { teamId: 2, number: 2, name: '', at: at(8), x: [1, 80], fx: board[1].best! },
      { teamId: 1, number: 1, name: '', at: at(5), x: [1.8, 65], fx: board[0].best! },
    ];
    expect(leaderLine(points, board, feed)).toMatchObject({ kind: 'leader', teamId: 1, a: 1.8, b: 65, latest: false });
    // The best has left the feed: the latest line, said so.
    expect(leaderLine(points, board, feed.slice(0, 2))).toMatchObject({ teamId: 1, a: 2, b: 62, latest: true });
    // The instructor hides values: the feed has no x, no line.
    expect(leaderLine(points, board, feed.map(({ x, fx, ...rest }) => rest))).toBeNull();
    expect(leaderLine(points, [], feed)).toBeNull();
  });

  it('frames the data with room, lines crossing the whole plot', () => {
    const { x, y } = dataBounds(points);
    expect(x[0]).toBeLessThan(10.7);
    expect(x[1]).toBeGreaterThan(20.33);
    expect(y[0]).toBeLessThan(80);
    expect(y[1]).toBeGreaterThan(110);
    expect(segment({ a: 2, b: 1 }, [0, 10])).toEqual([{ x: 0, y: 1 }, { x: 10, y: 21 }]);
  });

  it('says what the level is, from its columns and axes, in the page’s language', () => {
    expect(levelSummary(level, 'en')).toEqual({ key: 'board.data.summary', params: { n: 9, feature: 'swear factor', target: 'IQ', a: 'a', b: 'b' } });
    expect(levelSummary(level, 'zh-TW')?.params.feature).toBe('髒話因子');
    expect(levelSummary(publicLevel('bowl'), 'en')).toBeNull();
  });
});

describe('a level’s own names', () => {
  it('writes the expression, points and axes in them', () => {
    expect(axisNames(publicLevel('regression'))).toEqual(['a', 'b']);
    expect(axisNames({ dims: 2, axes: [] as unknown as string[] })).toEqual(['x', 'y']);
    expect(displayExpression('(80 - (15.35*x + y))^2 + exp(x) - max(x, y) + 2x', ['a', 'b'])).toBe('(80 - (15.35*a + b))^2 + exp(a) - max(a, b) + 2a');
    expect(displayExpression('x^4 - 3*x^2 + x', ['x'])).toBe('x^4 - 3*x^2 + x');
    expect(pointText([1.79, 65.2], ['a', 'b'], fmt)).toBe('(a, b) ≈ (1.79, 65.2)');
    expect(pointText([-1.2], ['x'], fmt, '=')).toBe('x = -1.2');
  });
});

describe('the runs the board draws', () => {
  it('are the plain optimizers in order, then the standardised run, each with its settings', () => {
    const { reveal } = slideReveal('regression');
    const runs = shownRuns(reveal);
    expect(runs.map((r) => [r.optimizer, r.variant ?? null])).toEqual([
      ['gd', null],
      ['momentum', null],
      ['adam', null],
      ['gd', 'standardised'],
    ]);
    expect(runs.map(runNameKey)).toEqual(['opt.gd', 'opt.momentum', 'opt.adam', 'opt.variant.standardised']);
    expect(runSettings(runs[0], fmt)).toEqual({ key: 'opt.settings', params: { lr: '0.002', steps: 150 } });
    expect(runSettings(runs[1], fmt)).toEqual({ key: 'opt.settingsBeta', params: { lr: '0.002', beta: '0.97', steps: 150 } });
    expect(runSettings(runs[3], fmt)).toEqual({ key: 'opt.settings', params: { lr: '0.49', steps: 150 } });
  });

  it('compare each team over as many evaluations as it made, pending guesses counted', () => {
    const teams = [{ teamId: 1, number: 1, guesses: [[-4], [0], [2]] }];
    const { reveal, leaderboard } = slideReveal('bowl', teams);
    const verdict = teamVerdicts(reveal, leaderboard).get(1)!;
    expect(verdict).toMatchObject({ guesses: 3, evaluations: 3, capped: false });
    expect(verdict.optimizers.map((o) => o.optimizer)).toEqual(['gd', 'momentum', 'adam']);
    expect(teamVerdicts(reveal, [{ teamId: 1, guesses: 5 }]).get(1)?.guesses).toBe(5);
  });

  it('call a team whose best is its first guess even with the runs from it, though the runs are float32', () => {
    const teams = [{ teamId: 1, number: 1, guesses: [[-4]] }];
    const { reveal, leaderboard } = slideReveal('bowl', teams);
    // As TensorFlow.js computes them: every coordinate and value rounded to float32.
    const f32 = (x: number | number[]) => (typeof x === 'number' ? Math.fround(x) : x.map(Math.fround));
    const tf = { ...reveal, reference: reveal.reference.map((r) => ({ ...r, path: r.path.map((p) => ({ x: f32(p.x), fx: Math.fround(p.fx) })) })) };
    expect(tf.reference.find((r) => r.teamId === 1)!.path[0].fx).not.toBe(reveal.paths[0].path[0].fx);
    expect(teamVerdicts(tf, leaderboard).get(1)!.optimizers.map((o) => o.outcome)).toEqual(['tie', 'tie', 'tie']);
  });
});
