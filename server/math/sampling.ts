/** Samples of f for the reveal and the admin preview: an adaptive curve on 1-D levels, a grid on 2-D. */
import type { CurveSamples } from '../../shared/protocol.ts';
import { linspace, type Box, type Vec } from './domain.ts';
import type { LevelFunction } from './level-function.ts';

const DEFAULT_POINTS = { 1: 401, 2: 61 } as const;
const MAX_POINTS = { 1: 4001, 2: 201 } as const;
/** Extra points a 1-D curve may gain where it bends sharply. */
const MAX_REFINED = 600;
/** A chord is refined when its midpoint is off the curve by more than this share of the plot's height (~½ px). */
const BEND_TOLERANCE = 1e-3;

interface Interval {
  a: number;
  b: number;
  fa: number;
  fb: number;
  m: number;
  fm: number;
  error: number;
}

/** Inserts sorted points into the sorted xs (with their values), skipping ones already there or outside [lo, hi]. */
function insertPoints(xs: number[], fx: number[], extra: { x: number; f: number }[]): void {
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  for (const { x, f } of extra) {
    if (!(x > lo && x < hi)) continue;
    let i = 0;
    while (xs[i] < x) i++;
    if (xs[i] === x) continue;
    xs.splice(i, 0, x);
    fx.splice(i, 0, f);
  }
}

/**
 * A 1-D curve: n even points, plus `include` (the argmin, so the star is on the chart), plus midpoints wherever a
 * chord is visibly off the curve — so a narrow minimum is drawn with its bottom. A smooth curve keeps its even grid.
 */
function adaptiveCurve(fn: LevelFunction, [lo, hi]: readonly [number, number], n: number, include: readonly Vec[]): CurveSamples {
  const xs = linspace(lo, hi, n);
  const fx = xs.map((x) => fn.f([x]));
  insertPoints(
    xs,
    fx,
    include.filter((p) => p.length === 1 && Number.isFinite(p[0])).map((p) => ({ x: p[0], f: fn.f(p) })),
  );
  const finite = fx.filter(Number.isFinite);
  const height = finite.length > 0 ? Math.max(...finite) - Math.min(...finite) : 0;
  if (!(height > 0)) return { dims: 1, xs, fx };
  const tolerance = BEND_TOLERANCE * height;
  const minWidth = (hi - lo) * 1e-9;

  const queue: Interval[] = [];
  const consider = (a: number, fa: number, b: number, fb: number): void => {
    if (!(b - a > minWidth)) return;
    const m = a + (b - a) / 2;
    const fm = fn.f([m]);
    const error = Number.isFinite(fm) ? Math.abs(fm - (fa + fb) / 2) : Number.POSITIVE_INFINITY;
    if (error > tolerance) queue.push({ a, b, fa, fb, m, fm, error });
  };
  for (let i = 0; i + 1 < xs.length; i++) consider(xs[i], fx[i], xs[i + 1], fx[i + 1]);

  const added: { x: number; f: number }[] = [];
  while (queue.length > 0 && added.length < MAX_REFINED) {
    // Worst chord first, so the budget goes where the curve is furthest from its drawing.
    let worst = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i].error > queue[worst].error) worst = i;
    const [{ a, b, fa, fb, m, fm }] = queue.splice(worst, 1);
    added.push({ x: m, f: fm });
    consider(a, fa, m, fm);
    consider(m, fm, b, fb);
  }
  insertPoints(xs, fx, added.sort((u, v) => u.x - v.x));
  return { dims: 1, xs, fx };
}

/**
 * Samples of f for the reveal plot: on 1-D levels n even points (default 401) refined where the curve bends
 * sharply, always including the points of `include` (pass the argmin); on 2-D an n × n grid (default 61) with
 * values[j][i] = f(xs[i], ys[j]).
 */
export function sampleCurve(fn: LevelFunction, domain: Box, n?: number, include: readonly Vec[] = []): CurveSamples {
  const count = (d: 1 | 2): number => Math.min(MAX_POINTS[d], Math.max(2, Math.floor(n ?? DEFAULT_POINTS[d])));
  if (fn.dims === 1) return adaptiveCurve(fn, domain[0], count(1), include);
  const size = count(2);
  const xs = linspace(domain[0][0], domain[0][1], size);
  const ys = linspace(domain[1][0], domain[1][1], size);
  return { dims: 2, xs, ys, values: ys.map((y) => xs.map((x) => fn.f([x, y]))) };
}
