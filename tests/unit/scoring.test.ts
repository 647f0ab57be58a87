import { describe, expect, it } from 'vitest';
import { levelPoints, POINTS_RESOLUTION, rankLevel, rankOverall, regretOf } from '../../server/game/scoring.ts';
import type { GuessRecord } from '../../server/game/rules.ts';
import { leastSquaresLine, lineMse } from '../../shared/line-fit.ts';
import { REGRESSION_DATA, SLIDE_LINE } from '../../server/game/templates.ts';

const teams = [1, 2, 3, 4].map((n) => ({ id: n * 10, number: n, name: `Team ${n}` }));
let nextId = 1;
const g = (teamId: number, fx: number, readyAt: number): GuessRecord => ({ id: nextId++, teamId, levelId: 1, x: [0], fx, grad: [0], submittedAt: readyAt - 10, readyAt });

describe('levelPoints: log-regret between the median and f*', () => {
  it('is 1000 at f*, 0 at or above the median, 0 without a guess', () => {
    expect(levelPoints(-2, -2, 8)).toBe(1000);
    expect(levelPoints(8, -2, 8)).toBe(0);
    expect(levelPoints(20, -2, 8)).toBe(0);
    expect(levelPoints(null, -2, 8)).toBe(0);
  });

  it('follows 1000 · (1 − ln(1 + R·r/S) / ln(1 + R)) with R = 10⁴: about 250 points per tenfold regret', () => {
    expect(POINTS_RESOLUTION).toBe(1e4);
    // S = 10; r/S = 10⁻¹, 10⁻², 10⁻³, 10⁻⁴.
    expect([1, 0.1, 0.01, 0.001].map((r) => levelPoints(r, 0, 10))).toEqual([250, 499, 740, 925]);
    expect(levelPoints(5, 0, 10)).toBe(75);
    // Monotone: a lower best never earns fewer points.
    let previous = -1;
    for (let r = 10; r >= 0; r -= 0.01) {
      const p = levelPoints(r, 0, 10);
      expect(p).toBeGreaterThanOrEqual(previous);
      previous = p;
    }
  });

  it('gives a team a hair below the numerical f* regret 0 and 1000 points, never a negative regret', () => {
    const fStar = 0.34884763481823616;
    const below = fStar - 5.551115123125783e-17;
    expect(regretOf(below, fStar)).toBe(0);
    expect(Object.is(regretOf(below, fStar), -0)).toBe(false);
    expect(levelPoints(below, fStar, 4.385)).toBe(1000);
    expect(levelPoints(fStar - 1, fStar, 4.385)).toBe(1000);
    expect(regretOf(null, fStar)).toBeNull();
    const [row] = rankLevel([teams[0]], [g(10, below, 5)], { fStar, median: 4.385 }, 10);
    expect(row.regret).toBe(0);
    expect(row.points).toBe(1000);
  });

  it('separates a descent from typing the slide’s line on level 4 (the worked example of docs/LESSONS.md)', () => {
    const fStar = leastSquaresLine(REGRESSION_DATA).mse;
    const median = 456.5913; // the median of f over level 4's domain (analyseLevel's 201 × 201 grid)
    expect(fStar).toBeCloseTo(65.4683, 4);
    const slide = lineMse(REGRESSION_DATA, SLIDE_LINE);
    expect(slide).toBeCloseTo(156.953, 3);
    expect(levelPoints(slide, fStar, median)).toBe(158); // was 766 on the linear scale
    expect(levelPoints(68.66, fStar, median)).toBe(521); // a 20-guess grid scan (was 988)
    expect(levelPoints(73.26, fStar, median)).toBe(425); // GD's 20 evaluations from the slide's line
    expect(levelPoints(65.5, fStar, median)).toBe(936); // a descent to the valley floor near the answer
    expect(levelPoints(fStar, fStar, median)).toBe(1000);
  });
});

describe('rankLevel', () => {
  it('orders by best f, ties broken by the earlier moment the best was found (not by fewer guesses); no result last', () => {
    const guesses = [
      g(10, 5, 100), g(10, 1, 200), // team 1: best 1 found at 200, 2 guesses
      g(20, 1, 300), // team 2: best 1 found at 300 with 1 guess: behind team 1 despite fewer guesses
      g(30, 1, 50), g(30, 9, 60), g(30, 9, 70), // team 3: best 1 found first → first
    ];
    const ranks = rankLevel(teams, guesses, { fStar: 0, median: 10 }, 1000);
    expect(ranks.map((r) => [r.number, r.rank, r.best, r.bestAt, r.guesses])).toEqual([
      [3, 1, 1, 50, 3],
      [1, 2, 1, 200, 2],
      [2, 3, 1, 300, 1],
      [4, 4, null, null, 0],
    ]);
    expect(ranks[0]).toMatchObject({ points: 250, regret: 1 });
    expect(ranks[3]).toMatchObject({ points: 0, regret: null });
  });

  it('counts best values within a relative 1e-9 as equal, and values further apart as different', () => {
    const tied = rankLevel(teams.slice(0, 2), [g(10, 2 + 1e-9, 100), g(20, 2, 300)], { fStar: 0, median: 10 }, 1000);
    // 2 + 1e-9 and 2 differ by 5e-10 relative: equal, so the earlier best (team 1) leads although its value is higher.
    expect(tied.map((r) => [r.number, r.rank])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    const apart = rankLevel(teams.slice(0, 2), [g(10, 2 + 1e-8, 100), g(20, 2, 300)], { fStar: 0, median: 10 }, 1000);
    expect(apart.map((r) => r.number)).toEqual([2, 1]);
  });

  it('keeps the moment a team first held its best when a later guess only equals it', () => {
    const [row] = rankLevel([teams[0]], [g(10, 3, 100), g(10, 3 * (1 + 1e-10), 200), g(10, 3, 300)], { fStar: 0, median: 10 }, 1000);
    expect(row).toMatchObject({ best: 3, bestAt: 100, guesses: 3 });
  });

  it('gives equal ranks to equal bests found at the same moment', () => {
    const ranks = rankLevel(teams, [g(10, 1, 100), g(20, 1, 100), g(30, 2, 50)], { fStar: 0, median: 10 }, 1000);
    expect(ranks.map((r) => [r.number, r.rank])).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
      [4, 4],
    ]);
  });

  it('ignores results not yet disclosed but counts their guesses', () => {
    const ranks = rankLevel(teams, [g(10, -5, 2000), g(20, 3, 500)], { fStar: -5, median: 5 }, 1000);
    expect(ranks[0]).toMatchObject({ number: 2, best: 3 });
    expect(ranks.find((r) => r.number === 1)).toMatchObject({ best: null, guesses: 1, points: 0 });
  });
});

describe('rankOverall', () => {
  it('sums the points of settled levels, ties share a rank', () => {
    const l1 = rankLevel(teams, [g(10, 0, 1), g(20, 1, 1)], { fStar: 0, median: 10 }, 10);
    const l2 = rankLevel(teams, [g(20, 0, 1), g(30, 1, 1)], { fStar: 0, median: 10 }, 10);
    const overall = rankOverall(teams, [{ levelId: 1, standings: l1 }, { levelId: 2, standings: l2 }]);
    expect(overall.map((o) => [o.number, o.rank, o.points])).toEqual([
      [2, 1, 1250],
      [1, 2, 1000],
      [3, 3, 250],
      [4, 4, 0],
    ]);
    expect(overall[0].levels).toEqual({ '1': 250, '2': 1000 });
  });
});
