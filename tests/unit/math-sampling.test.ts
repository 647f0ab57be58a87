import { describe, expect, it } from 'vitest';
import { analyseDefinition, compileLevelFunction, sampleCurve, type LevelFunction } from '../../server/math/expression.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS } from '../../server/game/templates.ts';
import type { CurveSamples } from '../../shared/protocol.ts';

function curve(samples: CurveSamples): { xs: number[]; fx: number[] } {
  if (samples.dims !== 1) throw new Error('expected a 1-D curve');
  return samples;
}

/** Largest gap between f at the middle of a drawn segment and the segment, as a share of the curve's height. */
function worstChord(fn: LevelFunction, { xs, fx }: { xs: number[]; fx: number[] }): number {
  const height = Math.max(...fx) - Math.min(...fx);
  let worst = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const m = (xs[i] + xs[i + 1]) / 2;
    worst = Math.max(worst, Math.abs(fn.f([m]) - (fx[i] + fx[i + 1]) / 2) / height);
  }
  return worst;
}

// A dip the analysis grid (step 0.005) sees, but neither the points nor the midpoints of the plot's (step 0.025).
const NARROW = 'x^2/100 - exp(-((x - 0.30625)/0.002)^2)';

describe('1-D samples', () => {
  it('miss a narrow minimum on an even grid alone (what the reveal drew before)', () => {
    const { fx } = curve(sampleCurve(compileLevelFunction(NARROW, 1), [[-5, 5]]));
    expect(Math.min(...fx)).toBeGreaterThan(-1e-3);
  });

  it('include the argmin and f* of a custom level with a narrow minimum, and draw the dip itself', () => {
    const level = analyseDefinition({ expression: NARROW, domain: [[-5, 5]] });
    const { xs, fx } = curve(level.samples);
    const at = xs.indexOf(level.argmin[0]);
    expect(at).toBeGreaterThan(0);
    expect(fx[at]).toBe(level.fStar);
    expect(Math.min(...fx)).toBe(level.fStar);
    expect(level.fStar).toBeLessThan(-0.99);
    // The bend is refined: the drawn segments stay within a thousandth of the height of the true curve.
    expect(xs.filter((x) => Math.abs(x - 0.30625) < 0.004).length).toBeGreaterThan(10);
    expect(worstChord(compileLevelFunction(NARROW, 1), { xs, fx })).toBeLessThanOrEqual(1e-3);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect([xs[0], xs[xs.length - 1]]).toEqual([-5, 5]);
  });

  it('give f* from a dip narrower than the analysis grid when the refinement of the curve lands in it', () => {
    // The analysis grid misses this dip (its nearest points are 0.0023 away: 21 widths); the plot's midpoint 0.3125 does not.
    const level = analyseDefinition({ expression: 'x^2/100 - exp(-((x - 0.3123)/0.0005)^2)', domain: [[-5, 5]] });
    expect(level.fStar).toBeLessThan(-0.99);
    expect(level.argmin[0]).toBeCloseTo(0.3123, 4);
    const { xs, fx } = curve(level.samples);
    expect(Math.min(...fx)).toBe(level.fStar);
    expect(xs).toContain(level.argmin[0]);
  });

  it('keep the even grid of a smooth level, plus its argmin', () => {
    for (const t of [...SLIDE_LEVELS, ...CLASSIC_LEVELS].filter((l) => l.dims === 1)) {
      const level = analyseDefinition({ expression: t.expression, domain: t.domain });
      const { xs, fx } = curve(level.samples);
      const even = curve(sampleCurve(compileLevelFunction(t.expression, 1), t.domain));
      expect(even.xs).toHaveLength(401);
      const inserted = xs.filter((x) => !even.xs.includes(x));
      expect(inserted.length, t.key).toBeLessThanOrEqual(1);
      expect(xs.length).toBe(401 + inserted.length);
      expect(xs).toContain(level.argmin[0]);
      expect(fx[xs.indexOf(level.argmin[0])]).toBe(level.fStar);
    }
  });

  it('add a point of `include` once, and ignore one outside the domain', () => {
    const fn = compileLevelFunction('x^2', 1);
    expect(curve(sampleCurve(fn, [[-2, 2]], undefined, [[0]])).xs).toHaveLength(401);
    expect(curve(sampleCurve(fn, [[-2, 2]], undefined, [[0.00123]])).xs).toHaveLength(402);
    expect(curve(sampleCurve(fn, [[-2, 2]], undefined, [[3]])).xs).toHaveLength(401);
  });

  it('cap the number of points per axis', () => {
    expect(curve(sampleCurve(compileLevelFunction('x', 1), [[0, 1]], 1e9)).xs).toHaveLength(4001);
    const grid = sampleCurve(compileLevelFunction('x + y', 2), [[0, 1], [0, 1]], 1e9);
    if (grid.dims !== 2) throw new Error('expected a grid');
    expect([grid.xs.length, grid.ys.length, grid.values.length, grid.values[0].length]).toEqual([201, 201, 201, 201]);
  });
});

describe('2-D samples', () => {
  it('stay the 61 × 61 grid of the reveal', () => {
    const t = SLIDE_LEVELS[3];
    const level = analyseDefinition({ expression: t.expression, domain: t.domain, start: t.start });
    if (level.samples.dims !== 2) throw new Error('expected a grid');
    expect(level.samples.xs).toHaveLength(61);
    expect(level.samples.ys).toHaveLength(61);
    expect(level.samples.values.map((row) => row.length)).toEqual(Array(61).fill(61));
    expect(level.samples).toEqual(sampleCurve(compileLevelFunction(t.expression, 2), t.domain));
  });
});
