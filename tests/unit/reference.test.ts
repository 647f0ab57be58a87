import { describe, it, expect, beforeAll } from 'vitest';
import { parse } from 'mathjs';
import type { Tensor2D } from '@tensorflow/tfjs';
import { ALLOWED_FUNCTIONS, compileLevelFunction, type LevelFunction, type Vec } from '../../server/math/expression.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { loadTf, type TfModule } from '../../server/reference/backend.ts';
import { toTf } from '../../server/reference/to-tf.ts';
import { runReference, type ReferenceRunSpec, type ReferenceTrace } from '../../server/reference/optimizers.ts';
import { divergenceLimits, fSpread, isPastLimits } from '../../server/reference/divergence.ts';
import { planDefaultRuns } from '../../server/reference/runs.ts';
import { isLineFit, standardisedPlan } from '../../server/reference/standardised.ts';
import { leastSquaresLine } from '../../shared/line-fit.ts';
import { referenceSettings } from '../../server/reference/settings.ts';
import { COMPARISON_CAP } from '../../shared/comparison.ts';
import { fitRegression, leastSquares, regressionMse } from '../../server/reference/regression.ts';
import { niceDown, suggestReference } from '../../server/reference/defaults.ts';
import type { Optimizer } from '../../shared/protocol.ts';

const TEMPLATES = [...SLIDE_LEVELS, ...CLASSIC_LEVELS];

let tf: TfModule;
beforeAll(async () => {
  ({ tf } = await loadTf());
});

/** Points tf sees exactly: float32 numbers, so only the arithmetic (not the input rounding) differs. */
const f32 = (p: Vec): number[] => p.map((v) => Math.fround(v));

/** A grid over the domain (n per axis) plus deterministic pseudo-random points. */
function pointsOf(domain: readonly (readonly [number, number])[], n: number, extra: number): number[][] {
  const axes = domain.map(([lo, hi]) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n));
  const grid = domain.length === 1 ? axes[0].map((x) => [x]) : axes[0].flatMap((x) => axes[1].map((y) => [x, y]));
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const random = Array.from({ length: extra }, () => domain.map(([lo, hi]) => lo + (hi - lo) * rand()));
  return [...grid, ...random].map(f32);
}

// ---- the independent computation: textbook updates in float64 over the symbolic gradient ----

interface Textbook {
  optimizer: Optimizer;
  lr: number;
  beta?: number;
  steps: number;
}

/** ε as tf.train.adam uses it when none is given: the backend's epsilon (1e-7 on float32 backends). */
const ADAM_EPSILON = 1e-7;

function textbookPath(fn: LevelFunction, run: Textbook, start: Vec): number[][] {
  const x = [...start];
  const v = x.map(() => 0); // momentum's velocity, Adam's first moment
  const s = x.map(() => 0); // Adam's second moment
  const [b1, b2] = [0.9, 0.999];
  const path = [[...x]];
  for (let t = 1; t <= run.steps; t++) {
    const g = fn.grad(x);
    for (let i = 0; i < x.length; i++) {
      if (run.optimizer === 'gd') {
        x[i] -= run.lr * g[i];
      } else if (run.optimizer === 'momentum') {
        v[i] = (run.beta ?? 0.9) * v[i] + g[i];
        x[i] -= run.lr * v[i];
      } else {
        v[i] = b1 * v[i] + (1 - b1) * g[i];
        s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i];
        const mHat = v[i] / (1 - b1 ** t);
        const sHat = s[i] / (1 - b2 ** t);
        x[i] -= (run.lr * mHat) / (Math.sqrt(sHat) + ADAM_EPSILON);
      }
    }
    path.push([...x]);
  }
  return path;
}

/** Largest deviation of a tf path from the textbook one, relative to 1 + |x|. */
function deviation(trace: ReferenceTrace, expected: number[][]): number {
  expect(trace.path).toHaveLength(expected.length);
  let worst = 0;
  trace.path.forEach((point, t) =>
    point.x.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - expected[t][i]) / (1 + Math.abs(expected[t][i])));
    }),
  );
  return worst;
}

describe('backend', () => {
  it('loads once and names its backend (the CPU backend here: tfjs-node cannot install on this machine)', async () => {
    const first = await loadTf();
    const second = await loadTf();
    expect(second).toBe(first);
    expect(['cpu', 'tensorflow']).toContain(first.backend);
    expect(first.tf.getBackend()).toBe(first.backend);
  });

  it('uses the epsilon the textbook Adam below assumes', () => {
    expect(tf.backend().epsilon()).toBe(ADAM_EPSILON);
  });
});

describe('translation to tf', () => {
  /** f (and both tf gradients) of the translation at the points, with what mathjs says there. */
  function compare(fn: LevelFunction, points: number[][]): { fx: number[]; vgValue: number[]; tape: number[][]; vg: number[][] } {
    const f = toTf(tf, fn.node, fn.dims);
    try {
      const P = tf.tensor2d(points, [points.length, fn.dims], 'float32');
      const value = f(P);
      const taped = tf.grad((Q) => tf.sum(f(Q as Tensor2D)))(P) as Tensor2D;
      const vg = f.valueAndGrad(P);
      const out = { fx: value.arraySync(), tape: taped.arraySync(), vg: vg.grad.arraySync(), vgValue: vg.value.arraySync() };
      tf.dispose([P, value, taped, vg.value, vg.grad]);
      return out;
    } finally {
      f.dispose();
    }
  }

  // float32 arithmetic against mathjs' float64: a few 1e-7 per operation, more where it is ill-conditioned; the
  // observed worst is 4e-5 on Rastrigin, whose cos(2πx) takes arguments up to 32 (float32 rounds 2πx by ~2e-6).
  // A wrong translation (log10 for log, a lost minus, a wrong derivative) is off by far more than 1e-4.
  const TOL = 1e-4;
  const close = (got: number, want: number): boolean => Math.abs(got - want) <= TOL * (1 + Math.abs(want));

  it.each(TEMPLATES.map((t) => [t.key, t] as const))(
    'the tf gradient equals the symbolic gradient at many points of %s (and so does f)',
    (_key, template) => {
      const fn = compileLevelFunction(template.expression, template.dims);
      const points = pointsOf(template.domain, template.dims === 1 ? 201 : 21, 100);
      const { fx, tape, vg, vgValue } = compare(fn, points);
      const bad: string[] = [];
      points.forEach((p, k) => {
        const want = fn.f(p);
        const grad = fn.grad(p);
        if (!close(fx[k], want) || !close(vgValue[k], want)) bad.push(`f(${p}) = ${fx[k]} / ${vgValue[k]}, mathjs ${want}`);
        grad.forEach((g, i) => {
          if (!close(tape[k][i], g)) bad.push(`tf.grad at ${p}: ${tape[k][i]}, symbolic ${g}`);
          if (!close(vg[k][i], g)) bad.push(`valueAndGrad at ${p}: ${vg[k][i]}, symbolic ${g}`);
        });
      });
      expect(bad.slice(0, 5)).toEqual([]);
    },
  );

  it('translates every function a level may use, with the semantics of mathjs', () => {
    // One expression per allowed function (arguments kept inside each one's domain), plus the operators.
    const uses: Record<string, string> = {
      log: 'log(x + 6) + log(x + 6, 3) + log(2, x + 7)',
      pow: 'pow(x + 6, 1.5) + pow(2, x) + (x + 6)^(x / 4)',
      min: 'min(x^2, 2*x + 1) + min(x, 0.5, 3)',
      max: 'max(x^2, 2*x + 1) + max(1, x, -x)',
      asin: 'asin(x / 6)',
      acos: 'acos(x / 6)',
      atanh: 'atanh(x / 6)',
      acosh: 'acosh(x + 7)',
      sqrt: 'sqrt(x + 6)',
      log10: 'log10(x + 6)',
      log2: 'log2(x + 6)',
      tan: 'tan(x / 4)',
    };
    const expressions = ALLOWED_FUNCTIONS.map((name) => uses[name] ?? `${name}(x / 2 - 0.3)`);
    expressions.push('-x^3 / 7 + +x - 2*pi*x / e + 3', '1 + x + 2 + x^2 + 3', '7');
    const points = pointsOf([[-4.9, 4.9]], 60, 40).filter((p) => Math.abs(p[0]) > 1e-3);
    for (const expression of expressions) {
      const fn = compileLevelFunction(expression, 1);
      const { fx, tape, vg } = compare(fn, points);
      points.forEach((p, k) => {
        expect(close(fx[k], fn.f(p)), `${expression} at ${p}: ${fx[k]} vs ${fn.f(p)}`).toBe(true);
        // min/max are not differentiable where the arguments tie: the grid avoids the ties exactly.
        expect(close(tape[k][0], fn.grad(p)[0]), `tf.grad of ${expression} at ${p}`).toBe(true);
        expect(close(vg[k][0], fn.grad(p)[0]), `valueAndGrad of ${expression} at ${p}`).toBe(true);
      });
    }
  });

  it('agrees with the symbolic gradient at the kinks: d|x| = 0 at 0, a tie of min/max splits evenly', () => {
    for (const expression of ['abs(x)', 'min(x, -x)', 'max(x, 0) + abs(x - 1)']) {
      const fn = compileLevelFunction(expression, 1);
      const points = [[0], [1], [-1]];
      const { tape, vg } = compare(fn, points);
      points.forEach((p, k) => {
        expect(tape[k][0]).toBeCloseTo(fn.grad(p)[0], 6);
        expect(vg[k][0]).toBeCloseTo(fn.grad(p)[0], 6);
      });
    }
  });

  it('gives NaN where mathjs (predictable) does, and refuses what is not a level expression', () => {
    const fn = compileLevelFunction('sqrt(x) + log(x)', 1);
    const { fx } = compare(fn, [[-1], [4]]);
    expect(fx[0]).toBeNaN();
    expect(fx[1]).toBeCloseTo(2 + Math.log(4), 5);

    const refuse = (expression: string, dims: 1 | 2, message: RegExp) =>
      expect(() => toTf(tf, parse(expression), dims)).toThrow(message);
    refuse('x!', 1, /operator "!"/);
    refuse('x == 1', 1, /OperatorNode|operator/);
    refuse('foo(x)', 1, /function "foo"/);
    refuse('x + z', 1, /unknown symbol "z"/);
    refuse('x + y', 1, /unknown symbol "y"/);
    refuse('x ? 1 : 2', 1, /ConditionalNode/);
    refuse('[x, 1]', 1, /ArrayNode/);
    refuse('sin(x, 2)', 1, /sin takes 1 to 1/);
    refuse('"text" + x', 1, /not a number/);
  });
});

describe('runReference', () => {
  const bowl = SLIDE_LEVELS.find((t) => t.key === 'bowl')!;
  const wavy = SLIDE_LEVELS.find((t) => t.key === 'local-minima')!;
  const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
  const rosenbrock = CLASSIC_LEVELS.find((t) => t.key === 'rosenbrock')!;

  const cases = [
    { level: bowl, starts: [[-4], [6.5], [0.25]] },
    { level: wavy, starts: [[-4.5], [5], [1]] },
    { level: regression, starts: [[3.33, 50], [0.5, 90]] },
    { level: rosenbrock, starts: [[-1.5, 2], [1.5, -0.5]] },
  ].flatMap(({ level, starts }) =>
    (['gd', 'momentum', 'adam'] as const).map((optimizer) => ({ level, starts, run: { optimizer, ...level.reference[optimizer] } })),
  );

  it.each(cases.map((c) => [c.level.key, c.run.optimizer, c] as const))(
    'follows the textbook update rule on %s with %s (within float32)',
    async (_key, _optimizer, { level, starts, run }) => {
      const fn = compileLevelFunction(level.expression, level.dims);
      const [traces] = await runReference(fn, [{ ...run, starts }]);
      traces.forEach((trace, i) => {
        expect(trace.diverged).toBe(false);
        expect(trace.path[0].x).toEqual(starts[i]);
        expect(trace.path[0].fx).toBeCloseTo(fn.f(starts[i]), 3);
        // float32 against float64 over up to 60 steps. Observed worst: 4e-6 for GD and momentum; 3e-5 for Adam,
        // which divides by √v̂: near a minimum the gradient is float32 noise and still moves x by up to ~lr.
        expect(deviation(trace, textbookPath(fn, run, starts[i]))).toBeLessThan(run.optimizer === 'adam' ? 2e-4 : 2e-5);
        trace.path.forEach((point) => expect(Math.abs(point.fx - fn.f(point.x))).toBeLessThan(1e-4 * (1 + Math.abs(point.fx))));
      });
    },
  );

  it('trains all starts of all runs together exactly as it would one at a time', async () => {
    const fn = compileLevelFunction(wavy.expression, 1);
    const starts = [[-4.5], [-2], [0.3], [2.2], [5.9]];
    const runs: ReferenceRunSpec[] = [
      { optimizer: 'gd', lr: 0.11, steps: 40, starts },
      { optimizer: 'momentum', lr: 0.11, beta: 0.9, steps: 40, starts },
      { optimizer: 'adam', lr: 0.5, steps: 40, starts },
    ];
    const together = await runReference(fn, runs);
    for (const [r, run] of runs.entries()) {
      for (const [s, start] of starts.entries()) {
        const [[alone]] = await runReference(fn, [{ ...run, starts: [start] }]);
        expect(together[r][s]).toEqual(alone);
      }
    }
  });

  it('cuts each run at its own number of steps (a team with k guesses gets k − 1 steps)', async () => {
    const fn = compileLevelFunction(regression.expression, 2);
    const a = [3.33, 50];
    const b = [1, 80];
    const [short, long, none, other] = await runReference(fn, [
      { optimizer: 'momentum', lr: 0.004, beta: 0.95, steps: 4, starts: [a] },
      { optimizer: 'momentum', lr: 0.004, beta: 0.95, steps: 19, starts: [b, a] },
      { optimizer: 'momentum', lr: 0.004, beta: 0.95, steps: 0, starts: [b] },
      { optimizer: 'gd', lr: 0.004, steps: 7, starts: [] },
    ]);
    expect(short[0].path).toHaveLength(5);
    expect(long.map((t) => t.path.length)).toEqual([20, 20]);
    expect(long[1].path.slice(0, 5)).toEqual(short[0].path);
    expect(none[0].path).toEqual([{ x: b, fx: long[0].path[0].fx }]);
    expect(other).toEqual([]);
  });

  it('marks a too-large learning rate as diverged and stops the path at the first non-finite f', async () => {
    // x ← x − 1.5·2x = −2x: x_k = (−2)^k and f = 4^k, exact in float32 until 4^64 = 2^128 overflows to ∞.
    const fn = compileLevelFunction('x^2', 1);
    const [[far], [near]] = await runReference(fn, [
      { optimizer: 'gd', lr: 1.5, steps: 100, starts: [[1]] },
      { optimizer: 'gd', lr: 1.5, steps: 50, starts: [[1]] },
    ]);
    expect(far.diverged).toBe(true);
    expect(far.path).toHaveLength(64);
    far.path.forEach((point, k) => expect(point).toEqual({ x: [(-2) ** k], fx: 4 ** k }));
    expect(near.diverged).toBe(false);
    expect(near.path).toHaveLength(51);

    // The same on a slide level: plain descent far above 2/L leaves the domain (allowed) and blows up.
    const slide = compileLevelFunction(bowl.expression, 1);
    const [[blown]] = await runReference(slide, [{ optimizer: 'gd', lr: 10, steps: 200, starts: [bowl.start] }]);
    expect(blown.diverged).toBe(true);
    expect(blown.path.length).toBeLessThan(201);
    expect(blown.path.every((p) => Number.isFinite(p.fx) && Number.isFinite(p.x[0]))).toBe(true);
    const last = blown.path.at(-1)!.x;
    const next = last[0] - 10 * slide.grad(last)[0];
    expect(Number.isFinite(Math.fround(slide.f([next])))).toBe(false);
  });

  it('marks a path diverged when it goes a domain width outside the domain, not only on float32 overflow', async () => {
    // GD just past its stability limit 2/λmax = 0.00406 on level 4: it zig-zags ever wider across the valley. Its
    // f stays finite for hundreds of steps (20 873 at step 150, a ≈ 11.9); a passes 4 + 4 = 8 at step 120.
    const fn = compileLevelFunction(regression.expression, 2);
    const bounds = { domain: regression.domain, spread: fSpread(fn, regression.domain) };
    const spec: ReferenceRunSpec = { optimizer: 'gd', lr: 0.0041, steps: 150, starts: [regression.start] };
    const [[unbounded]] = await runReference(fn, [spec]);
    const [[bounded]] = await runReference(fn, [spec], bounds);
    expect(unbounded.diverged).toBe(false);
    expect(unbounded.path).toHaveLength(151);
    expect(unbounded.path[150].fx).toBeGreaterThan(20_000);
    expect(bounded.diverged).toBe(true);
    expect(bounded.path).toHaveLength(120);
    expect(bounded.path).toEqual(unbounded.path.slice(0, 120));
    expect(Math.abs(unbounded.path[120].x[0] - 2.78)).toBeGreaterThan(5.2);
    expect(bounded.path.every((p) => p.x[0] >= -4 && p.x[0] <= 8)).toBe(true);
    // The template's own settings stay well inside: nothing diverges from the slide's line.
    const runs = (['gd', 'momentum', 'adam'] as const).map((optimizer) => ({ ...regression.reference[optimizer], optimizer, starts: [regression.start] }));
    for (const [trace] of await runReference(fn, runs, bounds)) expect(trace.diverged).toBe(false);
  });

  it('counts as diverged a point a domain width outside, or f 10 × (|f(start)| + spread) above the start, or not finite', () => {
    const limits = divergenceLimits([[0, 4], [30, 100]], 156.95, 4772.9);
    expect(limits).toEqual({ lo: [-4, -40], hi: [8, 170], fMax: expect.closeTo(156.95 + 10 * (156.95 + 4772.9), 6) });
    expect(isPastLimits([7.9, 169], 1000, limits)).toBe(false);
    expect(isPastLimits([8.1, 50], 1000, limits)).toBe(true);
    expect(isPastLimits([2, -40.5], 1000, limits)).toBe(true);
    expect(isPastLimits([2, 50], 49_455, limits)).toBe(false);
    expect(isPastLimits([2, 50], 49_456, limits)).toBe(true);
    expect(isPastLimits([2, 50], Number.NaN, limits)).toBe(true);
    expect(isPastLimits([2, Number.POSITIVE_INFINITY], 3, null)).toBe(true);
    expect(isPastLimits([1e30], 1e30, null)).toBe(false);
    // A start where f is negative: the rise is measured from it, by |f(start)|.
    expect(divergenceLimits([[-5, 6]], -8, 26).fMax).toBeCloseTo(-8 + 10 * (8 + 26), 9);
  });

  it('leaves tf.memory() flat across repeated runs', async () => {
    const fn = compileLevelFunction(regression.expression, 2);
    const runs: ReferenceRunSpec[] = (['gd', 'momentum', 'adam'] as const).map((optimizer) => ({
      optimizer,
      lr: optimizer === 'adam' ? 1 : 0.004,
      steps: 30,
      starts: [[3.33, 50], [1, 60]],
    }));
    await runReference(fn, runs);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await runReference(fn, runs);
      await runReference(compileLevelFunction('x^2', 1), [{ optimizer: 'gd', lr: 1.5, steps: 80, starts: [[1]] }]);
      expect(tf.memory().numTensors).toBe(before);
    }
    await expect(runReference(fn, [{ optimizer: 'gd', lr: -1, steps: 3, starts: [[0, 0]] }])).rejects.toThrow(/lr/);
    await expect(runReference(fn, [{ optimizer: 'gd', lr: 1, steps: 3, starts: [[0]] }])).rejects.toThrow(/2 finite/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the runs of a reveal', () => {
  const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
  const bowl = SLIDE_LEVELS.find((t) => t.key === 'bowl')!;

  it('give the three optimizers the same number of evaluations: k points for a team with k guesses, at most 200', () => {
    const teams = [
      { teamId: 1, x: [1], count: 20 },
      { teamId: 2, x: [2], count: 3 },
      { teamId: 3, x: [-1], count: 20 },
      { teamId: 4, x: [0], count: 10_000 },
      { teamId: 5, x: [0], count: 0 },
    ];
    const plan = planDefaultRuns(bowl, bowl.reference, teams);
    const stepsOf = (teamId: number | null) =>
      plan.specs.flatMap((spec, i) => plan.owners[i].flatMap((owner, j) => (owner === teamId ? [[spec.optimizer, spec.steps, spec.starts[j]]] : [])));
    expect(stepsOf(null)).toEqual((['gd', 'momentum', 'adam'] as const).map((o) => [o, 19, bowl.start]));
    expect(stepsOf(1)).toEqual([['gd', 19, [1]], ['momentum', 19, [1]], ['adam', 19, [1]]]);
    expect(stepsOf(2)).toEqual([['gd', 2, [2]], ['momentum', 2, [2]], ['adam', 2, [2]]]);
    expect(stepsOf(4)).toEqual((['gd', 'momentum', 'adam'] as const).map((o) => [o, COMPARISON_CAP - 1, [0]]));
    expect(stepsOf(5)).toEqual([]);
    // Teams with as many guesses share one batch per optimizer.
    const gd19 = plan.specs.findIndex((s, i) => s.optimizer === 'gd' && s.steps === 19 && plan.owners[i][0] !== null);
    expect(plan.owners[gd19]).toEqual([1, 3]);
    // Every spec carries the settings it ran with.
    for (const spec of plan.specs) {
      expect(spec.lr).toBe(bowl.reference[spec.optimizer].lr);
      expect(spec.beta).toBe(spec.optimizer === 'momentum' ? bowl.reference.momentum.beta : undefined);
    }
  });

  it('use a template’s settings when the level is one, and suggest equal-step settings otherwise', () => {
    const fn = compileLevelFunction(regression.expression, 2);
    expect(referenceSettings({ ...regression, expression: regression.expression.replace(/ /g, '') }, fn)).toBe(regression.reference);
    const custom = compileLevelFunction('(x - 1)^2 + 3', 1);
    const suggested = referenceSettings({ expression: '(x - 1)^2 + 3', domain: [[-4, 4]], start: [-3] }, custom);
    expect(new Set([suggested.gd.steps, suggested.momentum.steps, suggested.adam.steps]).size).toBe(1);
  });

  it('add GD on the standardised feature on a data level: the same share of its stability limit, a round bowl, near least squares in a few steps', async () => {
    const fn = compileLevelFunction(regression.expression, 2);
    const points = regression.data!.points;
    expect(isLineFit(fn, regression.domain, points)).toBe(true);
    expect(isLineFit(compileLevelFunction('(x - 1)^2 + (y - 60)^2', 2), regression.domain, points)).toBe(false);
    expect(standardisedPlan(compileLevelFunction('(x - 1)^2 + (y - 60)^2', 2), regression, 0.002)).toBeNull();
    expect(standardisedPlan(fn, { ...regression, data: null }, 0.002)).toBeNull();

    const plan = standardisedPlan(fn, regression, regression.reference.gd.lr)!;
    // GD's lr 0.002 is 0.49 of its limit 2/492.3; the standardised limit is 2/2 = 1.
    expect(plan.lr).toBe(0.49);
    const back = plan.fromStandardised(plan.toStandardised([3.33, 50]));
    expect(back[0]).toBeCloseTo(3.33, 12);
    expect(back[1]).toBeCloseTo(50, 12);
    // The same line, the same MSE, in either coordinates.
    expect(plan.fn.f(plan.toStandardised([3.33, 50]))).toBeCloseTo(fn.f([3.33, 50]), 9);
    const ls = leastSquaresLine(points);
    const [[trace]] = await runReference(plan.fn, [{ optimizer: 'gd', lr: plan.lr, steps: 19, starts: [plan.toStandardised(regression.start)] }]);
    const [a, b] = plan.fromStandardised(trace.path[19].x);
    expect(Math.abs(a - ls.a)).toBeLessThan(1e-3);
    expect(Math.abs(b - ls.b)).toBeLessThan(1e-2);
    expect(fn.f([a, b]) - ls.mse).toBeLessThan(1e-4);
    // Plain GD from the same start and as many steps is still 7 above it.
    const [[plain]] = await runReference(fn, [{ optimizer: 'gd', lr: regression.reference.gd.lr, steps: 19, starts: [regression.start] }]);
    expect(plain.path[19].fx - ls.mse).toBeGreaterThan(7);
  });
});

describe('the slides’ regression as a model', () => {
  it('reaches the closed-form answer with momentum, and plain GD is far slower on the narrow valley', async () => {
    const closed = leastSquares();
    expect(closed.a).toBeCloseTo(1.7908, 4);
    expect(closed.b).toBeCloseTo(65.2126, 4);
    expect(closed.mse).toBeCloseTo(65.468, 3);
    expect(regressionMse({ a: 3.33, b: 50 })).toBeCloseTo(156.95, 2);

    const before = tf.memory().numTensors;
    const fit = await fitRegression();
    expect(tf.memory().numTensors).toBe(before);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit); // plain JSON for the admin route
    expect(fit.data).toHaveLength(9);
    const gd = fit.runs.find((r) => r.optimizer === 'gd')!;
    const momentum = fit.runs.find((r) => r.optimizer === 'momentum')!;
    for (const run of [gd, momentum]) {
      expect(run.loss).toHaveLength(run.epochs);
      expect(run.loss[0]).toBeCloseTo(156.95, 1); // both start from the slide's line
    }
    // Level 4's settings: lr 0.002 (half of GD's stability limit), β 0.97, 1000 epochs.
    expect([gd.lr, momentum.lr, momentum.beta, gd.epochs]).toEqual([0.002, 0.002, 0.97, 1000]);
    // The MSE to 3 decimals; a within 0.01 and b within 0.15 along the valley floor (b moves ≈ −15.4·a).
    expect(Math.abs(momentum.a - closed.a)).toBeLessThan(0.01);
    expect(Math.abs(momentum.b - closed.b)).toBeLessThan(0.15);
    expect(momentum.mse - closed.mse).toBeLessThan(1e-3);
    // GD with the same learning rate: still well above the optimum after all epochs.
    expect(gd.mse).toBeGreaterThan(closed.mse + 3);
    const reached = momentum.loss.findIndex((l) => l < closed.mse + 0.01);
    expect(reached).toBeGreaterThan(0);
    expect(gd.loss[reached]).toBeGreaterThan(closed.mse + 3);
  });
});

describe('suggested settings for a level without a template', () => {
  it('rounds learning rates down to 1, 2 or 5 times a power of ten', () => {
    expect([0.26, 0.077, 0.0199, 1, 3.9, 7, 1000].map(niceDown)).toEqual([0.2, 0.05, 0.01, 1, 2, 5, 1000]);
  });

  it.each(TEMPLATES.map((t) => [t.key, t] as const))('suggests settings on %s that descend and do not diverge', async (_key, t) => {
    const fn = compileLevelFunction(t.expression, t.dims);
    const s = suggestReference(fn, t.domain, t.start);
    expect(s.momentum.beta).toBeGreaterThan(0);
    const runs = (['gd', 'momentum', 'adam'] as const).map((optimizer) => ({ ...s[optimizer], optimizer, starts: [t.start] }));
    const traces = await runReference(fn, runs);
    for (const [[trace]] of traces.map((x) => [x])) {
      expect(trace.diverged).toBe(false);
      expect(trace.path).toHaveLength(s.gd.steps + 1);
      expect(Math.min(...trace.path.map((p) => p.fx))).toBeLessThan(fn.f(t.start));
    }
    // Plain descent never overshoots: lr ≤ 1/L ≤ 2/L, so f goes down at every step of GD.
    const gdPath = traces[0][0].path;
    gdPath.slice(1).forEach((p, k) => expect(p.fx).toBeLessThanOrEqual(gdPath[k].fx + 1e-6 * (1 + Math.abs(gdPath[k].fx))));
  });
});
