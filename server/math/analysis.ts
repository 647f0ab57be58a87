/**
 * Everything the game needs to know about a new level, computed in one synchronous call (run in a worker by
 * server/math/analyser.ts): the checks (domain, expression, cost of a gradient, finiteness and poles), f* with its
 * argmin (dense grid, then local refinement inside the box), the median of f, the start, and the plot samples.
 */
import { levelError, refuse } from './errors.ts';
import { checkDomain, linspace, type Box } from './domain.ts';
import { checkFiniteOverDomain } from './finite.ts';
import { compileLevelFunction, type LevelFunction } from './level-function.ts';
import { gridMinima, goldenSection, nelderMead, type Candidate } from './optimise.ts';
import { sampleCurve } from './sampling.ts';
import type { CurveSamples } from '../../shared/protocol.ts';

/** What a level definition analyses to; stored with the level (all but samples) and drawn by previews and reveals. */
export interface LevelAnalysis {
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  fStar: number;
  argmin: number[];
  median: number;
  start: number[];
  samples: CurveSamples;
}

export interface LevelDefinition {
  expression: string;
  domain: unknown;
  start?: number | number[];
}

/** One gradient may cost at most this much (every guess computes one, on the event loop). */
export const GRADIENT_BUDGET_MS = 1;

const ANALYSIS_GRID = { 1: 2001, 2: 201 } as const;
const REFINED_CANDIDATES = 6;

/** f* and its argmin (dense grid, then local refinement inside the box) and the median of f over the grid. */
export function analyseLevel(fn: LevelFunction, domain: Box): { fStar: number; argmin: number[]; median: number } {
  const n = ANALYSIS_GRID[fn.dims];
  const axes = domain.map(([lo, hi]) => linspace(lo, hi, n));
  const shape = axes.map((a) => a.length);
  const total = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(total);
  const pointAt = (k: number): number[] => (fn.dims === 1 ? [axes[0][k]] : [axes[0][k % n], axes[1][Math.floor(k / n)]]);
  for (let k = 0; k < total; k++) values[k] = fn.f(pointAt(k));

  const finite = values.filter(Number.isFinite).sort();
  if (finite.length === 0) refuse('NOWHERE_FINITE', {}, 'f is not finite anywhere on the domain');
  const mid = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;

  let best: Candidate = { p: [], fx: Number.POSITIVE_INFINITY };
  for (const k of gridMinima(values, shape).slice(0, REFINED_CANDIDATES)) {
    const p = pointAt(k);
    let found: Candidate = { p, fx: values[k] };
    if (fn.dims === 1) {
      const lo = axes[0][Math.max(0, k - 1)];
      const hi = axes[0][Math.min(n - 1, k + 1)];
      const refined = goldenSection((x) => fn.f([x]), lo, hi);
      if (refined.fx < found.fx) found = refined;
    } else {
      const step = domain.map(([lo, hi]) => (hi - lo) / (n - 1));
      // A restart from the first result lets the simplex re-expand along a narrow valley.
      let refined = nelderMead((q) => fn.f(q), p, step, domain, 400);
      refined = nelderMead((q) => fn.f(q), refined.p, step.map((s) => s / 10), domain, 400);
      if (refined.fx < found.fx) found = refined;
    }
    if (found.fx < best.fx) best = found;
  }
  return { fStar: best.fx, argmin: best.p, median };
}

/**
 * Milliseconds one gradient costs: on 9 points spread over the domain, the fastest of 3 runs each (so a busy
 * machine, which only ever adds time, cannot make a cheap function look slow), then the median over the points.
 */
export function gradientCost(fn: LevelFunction, domain: Box, now: () => number = () => performance.now()): number {
  const fractions = fn.dims === 1 ? [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.95].map((t) => [t]) : [0.1, 0.5, 0.9].flatMap((s) => [0.1, 0.5, 0.9].map((t) => [s, t]));
  const points = fractions.map((t) => t.map((v, i) => domain[i][0] + v * (domain[i][1] - domain[i][0])));
  const fastest = points.map(() => Number.POSITIVE_INFINITY);
  const median = (): number => [...fastest].sort((a, b) => a - b)[fastest.length >> 1];
  for (let run = 0; run < 3; run++) {
    points.forEach((p, i) => {
      const t0 = now();
      fn.grad(p);
      fastest[i] = Math.min(fastest[i], now() - t0);
    });
    // Plainly over budget after one round: no need to spend two more rounds of a slow function.
    if (median() > 10 * GRADIENT_BUDGET_MS) break;
  }
  return median();
}

/** Validates `start` against the level's dimension, or places it a tenth of the way into the domain. */
function levelStart(start: number | number[] | undefined, domain: Box): number[] {
  const dims = domain.length;
  if (start === undefined) return domain.map(([lo, hi]) => lo + 0.1 * (hi - lo));
  const p = typeof start === 'number' ? [start] : start;
  if (!Array.isArray(p) || p.length !== dims || p.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw levelError('INVALID_BODY', 'BAD_START', { dims }, `start must have ${dims} finite coordinate(s)`);
  }
  return [...p];
}

/**
 * Checks and analyses a level definition, synchronously (call it through analyseLevelDefinition, which runs it in
 * a worker with a time limit). Throws INVALID_DOMAIN, INVALID_EXPRESSION or INVALID_BODY with a reason.
 */
export function analyseDefinition(input: LevelDefinition, options: { now?: () => number } = {}): LevelAnalysis {
  const dims = Array.isArray(input.domain) && input.domain.length === 2 ? 2 : 1;
  const domain = checkDomain(input.domain, dims);
  const expression = typeof input.expression === 'string' ? input.expression.trim() : input.expression;
  const fn = compileLevelFunction(expression, dims);
  const cost = gradientCost(fn, domain, options.now);
  if (cost > GRADIENT_BUDGET_MS) {
    refuse('TOO_SLOW', { ms: GRADIENT_BUDGET_MS }, `one gradient of f takes ${cost.toPrecision(2)} ms, more than the ${GRADIENT_BUDGET_MS} ms a level may take`);
  }
  checkFiniteOverDomain(fn, domain);
  let { fStar, argmin, median } = analyseLevel(fn, domain);
  const start = levelStart(input.start, domain);
  let samples = sampleCurve(fn, domain, undefined, [argmin]);
  // The curve's refinement may land in a dip narrower than the analysis grid: then that dip holds f*.
  if (samples.dims === 1) {
    const { xs, fx } = samples;
    const i = fx.reduce((best, v, k) => (v < fx[best] ? k : best), 0);
    if (fx[i] < fStar) {
      const refined = goldenSection((x) => fn.f([x]), xs[Math.max(0, i - 1)], xs[Math.min(xs.length - 1, i + 1)]);
      ({ fx: fStar, p: argmin } = refined.fx < fx[i] ? refined : { fx: fx[i], p: [xs[i]] });
      samples = sampleCurve(fn, domain, undefined, [argmin]);
    }
  }
  return { expression, dims, domain, fStar, argmin, median, start, samples };
}
