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
import { CLASSIC_LEVELS, SLIDE_LEVELS, type LevelTemplate } from '../../server/game/templates.ts';

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
      'Function 4: the regression line (x = a, y = b)',
    ]);
    for (const t of SLIDE_LEVELS) {
      expect(t.delayMs).toBe(10_000);
      expect(t.budget).toBe(20);
    }
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

  it('GD, momentum and Adam with the reference settings all reach the minimum', () => {
    const { gd: g, momentum: m, adam: a } = t.reference;
    expect(Math.abs(last(gd(grad, t.start, g.lr, g.steps))[0] - argmin[0])).toBeLessThan(0.01);
    expect(Math.abs(last(momentum(grad, t.start, m.lr, m.beta, m.steps))[0] - argmin[0])).toBeLessThan(0.02);
    expect(Math.abs(last(adam(grad, t.start, a.lr, a.steps))[0] - argmin[0])).toBeLessThan(0.1);
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

  it('traps plain descent in the local minimum at x ≈ −1.235, f ≈ 4.627', () => {
    const end = last(gd(grad, t.start, g.lr, g.steps));
    expect(end[0]).toBeCloseTo(-1.2348, 3);
    expect(fn.f(end)).toBeCloseTo(4.6266, 3);
    // A true local minimum: flat, curving up, and f* is far below it.
    expect(Math.abs(fn.grad(end)[0])).toBeLessThan(1e-3);
    expect(fn.f([end[0] - 0.3])).toBeGreaterThan(fn.f(end));
    expect(fn.f([end[0] + 0.3])).toBeGreaterThan(fn.f(end));
    expect(fn.f(end) - fStar).toBeGreaterThan(7);
  });

  it('carries momentum with the same learning rate into the global minimum', () => {
    expect(m.lr).toBe(g.lr);
    const end = last(momentum(grad, t.start, m.lr, m.beta, m.steps));
    expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.1);
    expect(fn.f(end) - fStar).toBeLessThan(0.05);
  });

  it('does not hang on a knife edge: momentum works for learning rates ±0.01 around the reference', () => {
    for (const lr of [m.lr - 0.01, m.lr + 0.01]) {
      const end = last(momentum(grad, t.start, lr, m.beta, m.steps));
      expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.2);
    }
  });

  it('lets Adam reach the global basin too', () => {
    const end = last(adam(grad, t.start, a.lr, a.steps));
    expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.3);
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

  it('stalls plain descent on the shelf', () => {
    const path = gd(grad, t.start, g.lr, g.steps);
    const end = last(path);
    expect(end[0]).toBeGreaterThan(-1);
    expect(end[0]).toBeLessThan(1.3);
    expect(fn.f(end)).toBeGreaterThan(0);
    // Stalled: the last step moves by less than a hundredth.
    expect(Math.abs(end[0] - path[path.length - 2][0])).toBeLessThan(0.01);
    expect(fn.f(end) - fStar).toBeGreaterThan(7.9);
  });

  it('carries momentum with the same learning rate into the valley', () => {
    expect(m.lr).toBe(g.lr);
    expect(m.beta).toBe(0.9);
    const end = last(momentum(grad, t.start, m.lr, m.beta, m.steps));
    expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.15);
    expect(fn.f(end)).toBeLessThan(-7.5);
  });

  it('does not hang on a knife edge: momentum works for learning rates ±0.02 around the reference', () => {
    for (const lr of [m.lr - 0.02, m.lr + 0.02]) {
      const end = last(momentum(grad, t.start, lr, m.beta, m.steps));
      expect(Math.abs(end[0] - argmin[0])).toBeLessThan(0.2);
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

  it('zig-zags plain descent across the narrow valley, then leaves it crawling', () => {
    const path = gd(mseGrad, t.start, g.lr, g.steps);
    const turns = path.slice(2).filter((p, i) => (p[0] - path[i + 1][0]) * (path[i + 1][0] - path[i][0]) < 0).length;
    expect(turns).toBeGreaterThan(20);
    const end = last(path);
    expect(mse(end[0], end[1]) - fLs).toBeGreaterThan(7);
    // Barely started along the valley floor: b is still near the start's 50, far from 65.2.
    expect(end[1] - 50).toBeLessThan(1);
  });

  it('is beaten by momentum with the same learning rate, and by more than any stable GD learning rate manages', () => {
    expect(m.lr).toBe(g.lr);
    const gdEnd = last(gd(mseGrad, t.start, g.lr, g.steps));
    const mEnd = last(momentum(mseGrad, t.start, m.lr, m.beta, m.steps));
    const mGap = mse(mEnd[0], mEnd[1]) - fLs;
    expect(mGap).toBeLessThan(2);
    expect(mGap).toBeLessThan(0.6 * (mse(gdEnd[0], gdEnd[1]) - fLs));
    // Momentum travels along the valley floor several times as far as plain descent.
    expect(mEnd[1] - 50).toBeGreaterThan(5 * (gdEnd[1] - 50));
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
