import { describe, it, expect } from 'vitest';
import {
  analyseLevel,
  checkDomain,
  checkFiniteOverDomain,
  compileLevelFunction,
  isInDomain,
  sampleCurve,
  type LevelFunction,
  type Vec,
} from '../../server/math/expression.ts';
import { CLASSIC_LEVELS, REGRESSION_DATA, SLIDE_LEVELS, SLIDE_LINE, type LevelTemplate } from '../../server/game/templates.ts';
import { leastSquaresLine, lineMse, mseHessianEigenvalues } from '../../shared/line-fit.ts';
import { DEFAULT_BUDGET, DEFAULT_DELAY_MS } from '../../shared/optimizers.ts';

type Grad = (p: Vec) => number[];

// Plain loops, independent of the TensorFlow.js reference runs: the textbook update rules.
function gd(grad: Grad, start: Vec, lr: number, steps: number): number[][] {
  const path = [[...start]];
  let x = [...start];
  for (let t = 0; t < steps; t++) {
    const g = grad(x);
    x = x.map((xi, i) => xi - lr * g[i]);
    path.push(x);
  }
  return path;
}

function momentum(grad: Grad, start: Vec, lr: number, beta: number, steps: number): number[][] {
  const path = [[...start]];
  let x = [...start];
  let v = x.map(() => 0);
  for (let t = 0; t < steps; t++) {
    const g = grad(x);
    v = v.map((vi, i) => beta * vi + g[i]);
    x = x.map((xi, i) => xi - lr * v[i]);
    path.push(x);
  }
  return path;
}

function adam(grad: Grad, start: Vec, lr: number, steps: number): number[][] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const path = [[...start]];
  let x = [...start];
  let m = x.map(() => 0);
  let s = x.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const g = grad(x);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    s = s.map((si, i) => b2 * si + (1 - b2) * g[i] ** 2);
    x = x.map((xi, i) => xi - (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(s[i] / (1 - b2 ** t)) + eps));
    path.push(x);
  }
  return path;
}

const last = (path: number[][]): number[] => path[path.length - 1];

function numericGrad(fn: LevelFunction, p: Vec): number[] {
  return p.map((_, i) => {
    const h = 1e-6 * Math.max(1, Math.abs(p[i]));
    const plus = [...p];
    const minus = [...p];
    plus[i] += h;
    minus[i] -= h;
    return (fn.f(plus) - fn.f(minus)) / (2 * h);
  });
}

function level(key: string): LevelTemplate {
  const found = [...SLIDE_LEVELS, ...CLASSIC_LEVELS].find((t) => t.key === key);
  if (!found) throw new Error(`no template ${key}`);
  return found;
}

const compile = (t: LevelTemplate): LevelFunction => compileLevelFunction(t.expression, t.dims);

describe('level templates', () => {
  it('ships the four slide levels in lecture order', () => {
    expect(SLIDE_LEVELS.map((t) => [t.key, t.dims])).toEqual([
      ['bowl', 1],
      ['local-minima', 1],
      ['shelf', 1],
      ['regression', 2],
    ]);
    expect(SLIDE_LEVELS.map((t) => t.title.en)).toEqual([
      'Function 1',
      'Function 2',
      'Function 3',
      'Function 4: the regression line',
    ]);
    for (const t of SLIDE_LEVELS) {
      expect(t.delayMs).toBe(DEFAULT_DELAY_MS);
      expect(t.budget).toBe(DEFAULT_BUDGET);
    }
  });

  it('runs GD, momentum and Adam of a level for the same number of steps (the same number of evaluations)', () => {
    for (const t of [...SLIDE_LEVELS, ...CLASSIC_LEVELS]) {
      const { gd: g, momentum: m, adam: a } = t.reference;
      expect([m.steps, a.steps], t.key).toEqual([g.steps, g.steps]);
    }
    // The 1-D slide levels show what a team that used its whole budget is compared with.
    for (const t of SLIDE_LEVELS.filter((l) => l.dims === 1)) expect(t.reference.gd.steps).toBe(DEFAULT_BUDGET - 1);
  });

  it('ships Rosenbrock, a double well and a bumpy Rastrigin as classics', () => {
    expect(CLASSIC_LEVELS.map((t) => [t.key, t.dims])).toEqual([
      ['rosenbrock', 2],
      ['double-well', 1],
      ['rastrigin', 1],
    ]);
  });

  it('has unique keys', () => {
    const keys = [...SLIDE_LEVELS, ...CLASSIC_LEVELS].map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  for (const t of [...SLIDE_LEVELS, ...CLASSIC_LEVELS]) {
    describe(t.key, () => {
      it('is accepted as a level: valid domain, finite f and gradient, start inside', () => {
        const fn = compile(t);
        expect(checkDomain(t.domain, t.dims)).toEqual(t.domain);
        expect(() => checkFiniteOverDomain(fn, t.domain)).not.toThrow();
        expect(t.start).toHaveLength(t.dims);
        expect(isInDomain(t.start, t.domain)).toBe(true);
        expect(t.title.en.length).toBeGreaterThan(0);
        expect(t.title['zh-TW'].length).toBeGreaterThan(0);
        expect(t.description.en.length).toBeGreaterThan(0);
        expect(t.description['zh-TW'].length).toBeGreaterThan(0);
      });

      it('has a symbolic gradient that matches a central difference', () => {
        const fn = compile(t);
        const perAxis = t.dims === 1 ? 60 : 12;
        const axes = t.domain.map(([lo, hi]) =>
          Array.from({ length: perAxis }, (_, i) => lo + ((hi - lo) * (i + 0.37)) / perAxis),
        );
        const points = t.dims === 1 ? axes[0].map((x) => [x]) : axes[0].flatMap((x) => axes[1].map((y) => [x, y]));
        for (const p of points) {
          const symbolic = fn.grad(p);
          const numeric = numericGrad(fn, p);
          symbolic.forEach((g, i) => {
            expect(Math.abs(g - numeric[i])).toBeLessThan(1e-5 * (1 + Math.abs(g) + Math.abs(fn.f(p))));
          });
        }
      });

      it('has reference runs that stay finite and improve on the start', () => {
        const fn = compile(t);
        const grad: Grad = (p) => fn.grad(p);
        const { gd: g, momentum: m, adam: a } = t.reference;
        for (const path of [
          gd(grad, t.start, g.lr, g.steps),
          momentum(grad, t.start, m.lr, m.beta, m.steps),
          adam(grad, t.start, a.lr, a.steps),
        ]) {
          expect(path.every((p) => Number.isFinite(fn.f(p)))).toBe(true);
          expect(fn.f(last(path))).toBeLessThan(fn.f(t.start));
        }
      });
    });
  }

  it('keeps 1-D slide levels within a few hundred so the plot reads well', () => {
    for (const t of SLIDE_LEVELS.filter((s) => s.dims === 1)) {
      const samples = sampleCurve(compile(t), t.domain);
      if (samples.dims !== 1) throw new Error('expected a curve');
      expect(Math.max(...samples.fx)).toBeLessThan(50);
      expect(Math.min(...samples.fx)).toBeGreaterThan(-50);
    }
  });
});

describe('Function 1 (bowl): plain descent works', () => {
  const t = level('bowl');
  const fn = compile(t);
  const grad: Grad = (p) => fn.grad(p);
  const { fStar, argmin } = analyseLevel(fn, t.domain);

  it('has its single minimum at x ≈ 2.2073, f ≈ 0.3488', () => {
    expect(argmin[0]).toBeCloseTo(2.2073, 4);
    expect(fStar).toBeCloseTo(0.34885, 5);
    expect(fn.f(t.start)).toBeCloseTo(21.789, 3);
  });

  it('is convex on the domain (every sampled second difference is positive)', () => {
    const { xs, fx } = sampleCurve(fn, t.domain) as { xs: number[]; fx: number[] };
    for (let i = 1; i < xs.length - 1; i++) expect(fx[i - 1] - 2 * fx[i] + fx[i + 1]).toBeGreaterThan(0);
  });

  it('GD and momentum with the reference settings reach the minimum in a team’s 19 steps, and Adam gets there on the way', () => {
    const { gd: g, momentum: m, adam: a } = t.reference;
    expect(Math.abs(last(gd(grad, t.start, g.lr, g.steps))[0] - argmin[0])).toBeLessThan(0.02);
    expect(Math.abs(last(momentum(grad, t.start, m.lr, m.beta, m.steps))[0] - argmin[0])).toBeLessThan(0.02);
    // Adam's steps stay about lr long: it passes the minimum and swings around it.
    expect(Math.min(...adam(grad, t.start, a.lr, a.steps).map((p) => fn.f(p))) - fStar).toBeLessThan(0.01);
  });

  it('keeps plain descent inside its stability limit everywhere on the domain (lr · f″ < 2)', () => {
    const { xs } = sampleCurve(fn, t.domain) as { xs: number[] };
    const curvature = Math.max(...xs.map((x) => (fn.grad([x + 1e-4])[0] - fn.grad([x - 1e-4])[0]) / 2e-4));
    expect(curvature).toBeCloseTo(3.85, 2);
    expect(t.reference.gd.lr * curvature).toBeLessThan(1.2);
  });
});

describe('Function 2 (local minima): GD is trapped, momentum gets through', () => {
  const t = level('local-minima');
  const fn = compile(t);
  const grad: Grad = (p) => fn.grad(p);
  const { fStar, argmin } = analyseLevel(fn, t.domain);
  const { gd: g, momentum: m, adam: a } = t.reference;

  it('has its global minimum at x ≈ 1.6425, f ≈ −2.6016', () => {
    expect(argmin[0]).toBeCloseTo(1.6425, 4);
    expect(fStar).toBeCloseTo(-2.6016, 4);
  });

  it('traps plain descent (at 65 % of its stability limit) in the local minimum at x ≈ −1.235, f ≈ 4.627', () => {
    expect(g.lr * 12.9).toBeLessThan(0.66 * 2);
    const end = last(gd(grad, t.start, g.lr, g.steps));
    expect(end[0]).toBeCloseTo(-1.2348, 3);
    expect(fn.f(end)).toBeCloseTo(4.6266, 3);
    // A true local minimum: flat, curving up, and f* is far below it.
    expect(Math.abs(fn.grad(end)[0])).toBeLessThan(1e-3);
    expect(fn.f([end[0] - 0.3])).toBeGreaterThan(fn.f(end));
    expect(fn.f([end[0] + 0.3])).toBeGreaterThan(fn.f(end));
    expect(fn.f(end) - fStar).toBeGreaterThan(7);
  });

  it('carries momentum with the same learning rate into the global minimum within a team’s 19 steps', () => {
    expect(m.lr).toBe(g.lr);
    const path = momentum(grad, t.start, m.lr, m.beta, m.steps);
    expect(Math.abs(last(path)[0] - argmin[0])).toBeLessThan(0.1);
    expect(Math.min(...path.map((p) => fn.f(p))) - fStar).toBeLessThan(0.01);
  });

  it('does not hang on a knife edge: momentum works for learning rates 0.08 to 0.14', () => {
    for (const lr of [0.08, 0.09, 0.11, 0.12, 0.13, 0.14]) {
      const path = momentum(grad, t.start, lr, m.beta, m.steps);
      expect(Math.min(...path.map((p) => fn.f(p))) - fStar, `lr ${lr}`).toBeLessThan(0.05);
    }
  });

  it('lets Adam reach the global basin too, with lr 0.5 (at 0.3 it is trapped like GD)', () => {
    const best = (lr: number) => Math.min(...adam(grad, t.start, lr, a.steps).map((p) => fn.f(p)));
    expect(best(a.lr) - fStar).toBeLessThan(0.05);
    expect(best(0.3)).toBeGreaterThan(4.6);
  });
});

describe('Function 3 (shelf): GD stalls on the shelf, momentum carries through', () => {
  const t = level('shelf');
  const fn = compile(t);
  const grad: Grad = (p) => fn.grad(p);
  const { fStar, argmin } = analyseLevel(fn, t.domain);
  const { gd: g, momentum: m, adam: a } = t.reference;

  it('has a deep valley at x ≈ 2.997, f ≈ −7.98, behind a nearly flat shelf', () => {
    expect(argmin[0]).toBeCloseTo(2.997, 3);
    expect(fStar).toBeCloseTo(-7.978, 3);
    for (const x of [-0.5, 0, 0.5, 1]) {
      expect(Math.abs(fn.grad([x])[0])).toBeLessThan(0.3);
      expect(Math.abs(fn.f([x]))).toBeLessThan(0.25);
    }
  });

  it('stalls plain descent on the shelf (卡住), at every learning rate it can take', () => {
    const path = gd(grad, t.start, g.lr, g.steps);
    const end = last(path);
    expect(end[0]).toBeGreaterThan(-1);
    expect(end[0]).toBeLessThan(1.3);
    expect(fn.f(end)).toBeGreaterThan(0);
    // Crawling: the last step moves by less than a twentieth.
    expect(Math.abs(end[0] - path[path.length - 2][0])).toBeLessThan(0.05);
    expect(fn.f(end) - fStar).toBeGreaterThan(7.9);
    // The valley's floor curves by 20, so GD is stable below 0.1; twice that still stalls in a team's steps.
    for (const lr of [0.035, 0.1, 0.14, 0.2]) expect(fn.f(last(gd(grad, t.start, lr, g.steps))), `lr ${lr}`).toBeGreaterThan(0);
  });

  it('carries momentum with the same learning rate into the valley (卡住靠慣性)', () => {
    expect(m.lr).toBe(g.lr);
    const end = last(momentum(grad, t.start, m.lr, m.beta, m.steps));
    expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.15);
    expect(fn.f(end)).toBeLessThan(-7.5);
  });

  it('does not hang on a knife edge: momentum still reaches the valley for learning rates ±0.01 around the reference', () => {
    for (const lr of [m.lr - 0.01, m.lr + 0.01]) {
      const path = momentum(grad, t.start, lr, m.beta, m.steps);
      expect(Math.min(...path.map((p) => fn.f(p))), `lr ${lr}`).toBeLessThan(-7);
    }
  });

  it('lets Adam reach the valley too', () => {
    const end = last(adam(grad, t.start, a.lr, a.steps));
    expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.2);
  });
});

describe('Function 4 (regression): the MSE of the slides’ line fit', () => {
  const DATA = [
    [15.35, 80],
    [14.35, 81],
    [13.9, 85],
    [10.7, 90],
    [18.4, 91],
    [12.2, 95],
    [15.606, 101],
    [17.7, 102],
    [20.33, 110],
  ] as const;
  const mse = (a: number, b: number) => DATA.reduce((acc, [s, iq]) => acc + (iq - (a * s + b)) ** 2, 0) / DATA.length;
  const mseGrad: Grad = ([a, b]) => [
    DATA.reduce((acc, [s, iq]) => acc - (2 * s * (iq - (a * s + b))) / DATA.length, 0),
    DATA.reduce((acc, [s, iq]) => acc - (2 * (iq - (a * s + b))) / DATA.length, 0),
  ];
  // Closed-form least squares, independent of analyseLevel.
  const n = DATA.length;
  const sMean = DATA.reduce((acc, [s]) => acc + s, 0) / n;
  const iqMean = DATA.reduce((acc, [, iq]) => acc + iq, 0) / n;
  const aLs =
    DATA.reduce((acc, [s, iq]) => acc + (s - sMean) * (iq - iqMean), 0) /
    DATA.reduce((acc, [s]) => acc + (s - sMean) ** 2, 0);
  const bLs = iqMean - aLs * sMean;
  const fLs = mse(aLs, bLs);

  const t = level('regression');
  const fn = compile(t);
  const { gd: g, momentum: m, adam: a } = t.reference;

  it('agrees with the numbers of the design: a ≈ 1.7908, b ≈ 65.2126, MSE ≈ 65.468; the slide’s line ≈ 156.95', () => {
    expect(aLs).toBeCloseTo(1.7908, 4);
    expect(bLs).toBeCloseTo(65.2126, 4);
    expect(fLs).toBeCloseTo(65.468, 3);
    expect(fn.f([3.33, 50])).toBeCloseTo(156.95, 2);
    expect(t.start).toEqual([3.33, 50]);
    expect(isInDomain([aLs, bLs], t.domain)).toBe(true);
  });

  it('carries its axis names, its data set with column names and a one-line summary, from which both lines follow', () => {
    expect(t.axes).toEqual(['a', 'b']);
    expect(t.data?.columns).toEqual([
      { en: 'swear factor', 'zh-TW': '髒話因子' },
      { en: 'IQ', 'zh-TW': 'IQ' },
    ]);
    expect(t.data?.points).toEqual(DATA.map(([s, iq]) => [s, iq]));
    expect(REGRESSION_DATA).toEqual(t.data?.points);
    for (const lang of ['en', 'zh-TW'] as const) {
      expect(t.summary?.[lang]).toMatch(/IQ = a·\((swear factor|髒話因子)\) \+ b/);
      expect(t.summary?.[lang]).not.toMatch(/\n/);
    }
    const ls = leastSquaresLine(t.data!.points);
    expect([ls.a, ls.b, ls.mse]).toEqual([aLs, bLs, fLs].map((v) => expect.closeTo(v, 9)));
    expect(lineMse(t.data!.points, SLIDE_LINE)).toBeCloseTo(156.95, 2);
    expect(t.start).toEqual([SLIDE_LINE.a, SLIDE_LINE.b]);
    // The other templates keep x (and y) and carry no data.
    for (const other of [...SLIDE_LEVELS, ...CLASSIC_LEVELS].filter((o) => o.key !== 'regression')) {
      expect(other.axes).toBeUndefined();
      expect(other.data).toBeUndefined();
    }
  });

  it('is the mean squared error of the nine data points, term by term', () => {
    expect(t.expression.match(/\)\^2/g)).toHaveLength(9);
    for (const [x, y] of [[0, 30], [1.7908, 65.2126], [4, 100], [2.5, 41], [0.3, 97]]) {
      expect(fn.f([x, y])).toBeCloseTo(mse(x, y), 9);
      const [gx, gy] = fn.grad([x, y]);
      const [ex, ey] = mseGrad([x, y]);
      expect(gx).toBeCloseTo(ex, 9);
      expect(gy).toBeCloseTo(ey, 9);
    }
  });

  it('analyseLevel finds the least-squares answer', () => {
    const { fStar, argmin } = analyseLevel(fn, t.domain);
    expect(Math.abs(argmin[0] - aLs)).toBeLessThan(1e-3);
    expect(Math.abs(argmin[1] - bLs)).toBeLessThan(1e-3);
    expect(Math.abs(fStar - fLs)).toBeLessThan(1e-3);
    expect(fStar).toBeCloseTo(65.468, 3);
  });

  it('runs plain descent well inside its stability limit: it drops into the valley at once, then crawls along it', () => {
    const [big, small] = mseHessianEigenvalues(DATA);
    expect(big).toBeCloseTo(492.3, 1);
    expect(small).toBeCloseTo(0.0671, 4);
    expect(g.lr).toBeLessThanOrEqual(0.5 * (2 / big)); // at most half of 2/λmax = 0.00406
    const path = gd(mseGrad, t.start, g.lr, g.steps);
    // Down into the valley within 3 steps (no zig-zag across it) …
    expect(mse(path[3][0], path[3][1]) - fLs).toBeLessThan(8);
    // … and then barely along it: b still near the start's 50, far from 65.2, and f still 7 above f*.
    const end = last(path);
    expect(end[1] - 50).toBeLessThan(1);
    expect(mse(end[0], end[1]) - fLs).toBeGreaterThan(7);
  });

  it('is beaten along the valley by momentum with the same learning rate, and no stable GD learning rate does better', () => {
    expect(m.lr).toBe(g.lr);
    // Momentum is stable below 2(1 + β)/λmax ≈ 0.0080: its lr is a quarter of that.
    expect(m.lr).toBeLessThan(0.3 * ((2 * (1 + m.beta)) / 492.3));
    const gdBest = Math.min(...gd(mseGrad, t.start, g.lr, g.steps).map(([a, b]) => mse(a, b)));
    const mBest = Math.min(...momentum(mseGrad, t.start, m.lr, m.beta, m.steps).map(([a, b]) => mse(a, b)));
    expect(gdBest - mBest).toBeGreaterThan(4.5);
    expect(mBest - fLs).toBeLessThan(3);
    // Plain descent diverges above 2/λmax ≈ 0.00406; no stable learning rate gets within 7 of f* in as many steps.
    for (let lr = 0.0005; lr < 0.00406; lr += 0.0001) {
      const end = last(gd(mseGrad, t.start, lr, g.steps));
      expect(mse(end[0], end[1]) - fLs).toBeGreaterThan(7);
    }
  });

  it('lets Adam, which rescales each coordinate, get closer still', () => {
    const end = last(adam(mseGrad, t.start, a.lr, a.steps));
    expect(mse(end[0], end[1]) - fLs).toBeLessThan(4);
  });
});
