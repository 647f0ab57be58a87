import { describe, it, expect } from 'vitest';
import {
  ALLOWED_FUNCTIONS,
  analyseLevel,
  checkDomain,
  checkFiniteOverDomain,
  compileLevelFunction,
  isInDomain,
  sampleCurve,
  type LevelFunction,
  type Vec,
} from '../../server/math/expression.ts';
import { GameError } from '../../shared/errors.ts';

type Box = [number, number][];

/** Central finite difference of f, one coordinate at a time. */
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

/** Points strictly inside the box, offset from round numbers so they miss kinks such as abs(x − 0.3). */
function interiorPoints(domain: Box, perAxis: number): number[][] {
  const axis = ([lo, hi]: [number, number]) =>
    Array.from({ length: perAxis }, (_, i) => lo + ((hi - lo) * (i + 0.5 + 0.0123 * i)) / (perAxis + 0.3));
  const [xs, ys] = domain.map(axis);
  return ys ? xs.flatMap((x) => ys.map((y) => [x, y])) : xs.map((x) => [x]);
}

function expectGradientMatches(fn: LevelFunction, domain: Box, perAxis: number): void {
  const points = interiorPoints(domain, perAxis);
  expect(points.length).toBe(perAxis ** domain.length);
  for (const p of points) {
    const symbolic = fn.grad(p);
    const numeric = numericGrad(fn, p);
    expect(symbolic).toHaveLength(fn.dims);
    symbolic.forEach((g, i) => {
      const tol = 1e-5 * (1 + Math.abs(g) + Math.abs(fn.f(p)));
      if (Math.abs(g - numeric[i]) > tol) {
        throw new Error(`${fn.expression}: d/d${'xy'[i]} at (${p.join(', ')}) is ${g}, finite difference ${numeric[i]}`);
      }
    });
  }
}

function refusal(run: () => unknown): GameError {
  try {
    run();
  } catch (err) {
    if (err instanceof GameError) return err;
    throw err;
  }
  throw new Error('expected a GameError, nothing was thrown');
}

// Each allowed function, inside a domain where it and its derivative are finite.
const FUNCTION_CASES: { fn: string; expression: string; dims: 1 | 2; domain: Box }[] = [
  { fn: 'abs', expression: '2*abs(x - 0.3) + abs(x)^3', dims: 1, domain: [[-2, 2]] },
  { fn: 'sqrt', expression: 'sqrt(x^2 + 1) + sqrt(x + 3)', dims: 1, domain: [[-2, 2]] },
  { fn: 'exp', expression: 'exp(0.5*x) * x', dims: 1, domain: [[-3, 3]] },
  { fn: 'log', expression: 'log(x) + log(x^2 + 1, 3)', dims: 1, domain: [[0.2, 5]] },
  { fn: 'log10', expression: 'log10(x^2 + 0.5)', dims: 1, domain: [[-3, 3]] },
  { fn: 'log2', expression: 'log2(x + 4) * x', dims: 1, domain: [[-3, 3]] },
  { fn: 'sin', expression: 'sin(2*x) + x*sin(x)', dims: 1, domain: [[-4, 4]] },
  { fn: 'cos', expression: 'cos(x)^2 - cos(3*x)', dims: 1, domain: [[-4, 4]] },
  { fn: 'tan', expression: 'tan(x / 2)', dims: 1, domain: [[-2.5, 2.5]] },
  { fn: 'asin', expression: 'asin(x)', dims: 1, domain: [[-0.9, 0.9]] },
  { fn: 'acos', expression: 'acos(x / 2)', dims: 1, domain: [[-1.8, 1.8]] },
  { fn: 'atan', expression: 'atan(3*x)', dims: 1, domain: [[-2, 2]] },
  { fn: 'sinh', expression: 'sinh(x)', dims: 1, domain: [[-3, 3]] },
  { fn: 'cosh', expression: 'cosh(x - 1)', dims: 1, domain: [[-3, 3]] },
  { fn: 'tanh', expression: 'tanh(2*x)', dims: 1, domain: [[-3, 3]] },
  { fn: 'asinh', expression: 'asinh(x)', dims: 1, domain: [[-3, 3]] },
  { fn: 'acosh', expression: 'acosh(x)', dims: 1, domain: [[1.2, 4]] },
  { fn: 'atanh', expression: 'atanh(x)', dims: 1, domain: [[-0.9, 0.9]] },
  { fn: 'pow', expression: 'pow(x, 3) + pow(2, x) + pow(x + 3, x / 4)', dims: 1, domain: [[-2, 2]] },
  { fn: 'square', expression: 'square(x - 1)', dims: 1, domain: [[-3, 3]] },
  { fn: 'cube', expression: 'cube(x + 0.5)', dims: 1, domain: [[-3, 3]] },
  { fn: 'min', expression: 'min(x^2, x + 1, 2)', dims: 1, domain: [[-3, 3]] },
  { fn: 'max', expression: 'max(sin(x), 0.2*x, -0.5)', dims: 1, domain: [[-6, 6]] },
];

describe('compileLevelFunction: values', () => {
  it('evaluates f and the gradient at a point', () => {
    const fn = compileLevelFunction('x^2 + 1', 1);
    expect(fn.f([3])).toBe(10);
    expect(fn.grad([3])).toEqual([6]);
    expect(fn.dims).toBe(1);
    expect(fn.expression).toBe('x^2 + 1');
  });

  it('evaluates a 2-D function with the constants pi and e', () => {
    const fn = compileLevelFunction('x*y + pi*x + e^y', 2);
    expect(fn.f([2, 0])).toBeCloseTo(2 * Math.PI + 1, 14);
    const [gx, gy] = fn.grad([2, 1]);
    expect(gx).toBeCloseTo(1 + Math.PI, 14);
    expect(gy).toBeCloseTo(2 + Math.E, 14);
  });

  it('accepts implicit multiplication', () => {
    expect(compileLevelFunction('2x + 3 pi', 1).f([1])).toBeCloseTo(2 + 3 * Math.PI, 14);
  });

  it('returns NaN, never a complex number, outside the real domain', () => {
    expect(compileLevelFunction('sqrt(x)', 1).f([-1])).toBeNaN();
    expect(compileLevelFunction('log(x)', 1).f([-1])).toBeNaN();
    expect(compileLevelFunction('acos(x)', 1).f([2])).toBeNaN();
  });

  it('refuses a point of the wrong dimension', () => {
    const fn = compileLevelFunction('x + y', 2);
    expect(() => fn.f([1])).toThrow(RangeError);
  });
});

describe('compileLevelFunction: symbolic gradient', () => {
  it('has a gradient case for every allowed function', () => {
    expect(FUNCTION_CASES.map((c) => c.fn).sort()).toEqual([...ALLOWED_FUNCTIONS].sort());
  });

  for (const c of FUNCTION_CASES) {
    it(`matches a central difference for ${c.fn}: ${c.expression}`, () => {
      expectGradientMatches(compileLevelFunction(c.expression, c.dims), c.domain, 41);
    });
  }

  it('matches a central difference for 2-D mixtures', () => {
    expectGradientMatches(compileLevelFunction('x*y + sin(x)*exp(y / 2) - x^2*cos(y)', 2), [[-2, 2], [-2, 2]], 9);
    expectGradientMatches(compileLevelFunction('x^y + log(x*y)', 2), [[0.5, 3], [0.5, 3]], 9);
    expectGradientMatches(compileLevelFunction('min(x, y)^2 + max(abs(x), abs(y))', 2), [[-2, 2], [-2, 2]], 9);
  });

  it('gives abs the slope 0 at its kink instead of NaN', () => {
    const fn = compileLevelFunction('abs(x)', 1);
    expect(fn.grad([0])).toEqual([0]);
    expect(fn.grad([-2])).toEqual([-1]);
    expect(fn.grad([2])).toEqual([1]);
  });

  it('gives min and max the average of both sides at a tie', () => {
    expect(compileLevelFunction('min(x, 3*x)', 1).grad([0])).toEqual([2]);
    expect(compileLevelFunction('max(x, 3*x)', 1).grad([0])).toEqual([2]);
    expect(compileLevelFunction('max(x, 3*x)', 1).grad([1])).toEqual([3]);
    expect(compileLevelFunction('min(x, 3*x)', 1).grad([1])).toEqual([1]);
  });
});

describe('compileLevelFunction: refusals', () => {
  type Case = [label: string, expression: string, dims: 1 | 2, message: string, reason: string, params: Record<string, string | number>];
  const cases: Case[] = [
    ['a parse error, with its position', '2*(x', 1, 'cannot parse the expression: Parenthesis ) expected (char 5)', 'PARSE', { char: 5 }],
    ['a dangling operator', 'x +', 1, 'Unexpected end of expression (char 4)', 'PARSE', { char: 4 }],
    ['an empty expression', '   ', 1, 'the expression is empty', 'EMPTY', {}],
    ['the variable z', 'x + z', 2, 'unknown variable "z"', 'UNKNOWN_VARIABLE', { name: 'z', variables: 'x, y' }],
    ['y on a 1-D level', 'x + y', 1, 'unknown variable "y": a 1-D level uses only x', 'VARIABLE_NOT_IN_1D', { name: 'y' }],
    ['an assignment', 'x=1', 1, 'assignments (like x = 1) are not allowed', 'NOT_ALLOWED', { construct: 'assignment' }],
    ['import', 'import("fs")', 1, 'the function "import" is not allowed', 'FUNCTION_NOT_ALLOWED', { name: 'import' }],
    ['evaluate', 'evaluate("x")', 1, 'the function "evaluate" is not allowed', 'FUNCTION_NOT_ALLOWED', { name: 'evaluate' }],
    ['parse', 'parse("x")', 1, 'the function "parse" is not allowed', 'FUNCTION_NOT_ALLOWED', { name: 'parse' }],
    ['simplify', 'simplify("x")', 1, 'the function "simplify" is not allowed', 'FUNCTION_NOT_ALLOWED', { name: 'simplify' }],
    ['a function definition', 'f(x)=x', 1, 'function definitions (like f(x) = …) are not allowed', 'NOT_ALLOWED', { construct: 'function-definition' }],
    ['a matrix', '[1,2]', 1, 'matrices and vectors ([…]) are not allowed', 'NOT_ALLOWED', { construct: 'matrix' }],
    ['a string', '"x^2"', 1, 'strings are not allowed', 'NOT_ALLOWED', { construct: 'string' }],
    ['a unit', '5 cm', 1, 'units are not allowed ("cm")', 'UNIT', { name: 'cm' }],
    ['an unknown function', 'foo(x)', 1, 'unknown function "foo"', 'UNKNOWN_FUNCTION', { name: 'foo' }],
    ['a function used as a variable', 'sin * x', 1, '"sin" is a function: call it like sin(x)', 'FUNCTION_AS_VARIABLE', { name: 'sin' }],
    ['a wrong number of arguments', 'sin(x, 2)', 1, 'sin takes 1 argument, not 2', 'ARGUMENT_COUNT', { name: 'sin', min: 1, max: 1, count: 2 }],
    ['too many arguments to max', `max(${Array(17).fill('x').join(', ')})`, 1, 'max takes 2 to 16 arguments, not 17', 'ARGUMENT_COUNT', { name: 'max', min: 2, max: 16, count: 17 }],
    ['a comparison', 'x < 2', 1, 'the operator "<" is not allowed', 'OPERATOR_NOT_ALLOWED', { operator: '<' }],
    ['a conditional', 'x > 0 ? x : 0', 1, 'conditionals (a ? b : c) are not allowed', 'NOT_ALLOWED', { construct: 'conditional' }],
    ['two statements', 'x; x^2', 1, 'write a single expression (no ; or line breaks)', 'NOT_ALLOWED', { construct: 'block' }],
    ['a boolean', 'true', 1, 'the constant true is not allowed: use numbers', 'NOT_ALLOWED', { construct: 'constant' }],
    ['the imaginary unit', 'x + i', 1, 'unknown variable "i"', 'UNKNOWN_VARIABLE', { name: 'i', variables: 'x' }],
    ['a factorial', 'x!', 1, 'the operator "!" is not allowed', 'OPERATOR_NOT_ALLOWED', { operator: '!' }],
    ['an element-wise operator', 'x .^ 2', 1, 'the operator ".^" is not allowed', 'OPERATOR_NOT_ALLOWED', { operator: '.^' }],
    ['an object', '{a: x}', 1, 'objects ({…}) are not allowed', 'NOT_ALLOWED', { construct: 'object' }],
    ['indexing', 'x[1]', 1, 'indexing and properties are not allowed', 'NOT_ALLOWED', { construct: 'indexing' }],
    ['a range', '1:x', 1, 'ranges (a:b) are not allowed', 'NOT_ALLOWED', { construct: 'range' }],
    ['a call of a property', 'x.f(2)', 1, 'only named functions can be called', 'NOT_ALLOWED', { construct: 'call' }],
  ];
  for (const [label, expression, dims, message, reason, params] of cases) {
    it(`refuses ${label}: ${expression}`, () => {
      const err = refusal(() => compileLevelFunction(expression, dims));
      expect(err.code).toBe('INVALID_EXPRESSION');
      expect(err.status).toBe(400);
      expect(err.message).toContain(message);
      expect(err.detail).toEqual({ reason, params });
    });
  }

  it('refuses an expression that is too long', () => {
    const err = refusal(() => compileLevelFunction('x + '.repeat(600) + 'x', 1));
    expect(err.code).toBe('INVALID_EXPRESSION');
    expect(err.message).toBe('the expression is longer than 2000 characters');
    expect(err.detail).toEqual({ reason: 'TOO_LONG', params: { max: 2000 } });
  });
});

describe('checkFiniteOverDomain', () => {
  const cases: [expression: string, domain: Box, message: string, reason: string, params: Record<string, string>][] = [
    ['1/x', [[-1, 1]], 'f is not finite at x = 0 (f = Infinity)', 'NOT_FINITE', { x: '0', value: 'Infinity' }],
    // 0 is off the 2001-point grid of [-1, 2]; it is tested anyway.
    ['1/x', [[-1, 2]], 'f is not finite at x = 0 (f = Infinity)', 'NOT_FINITE', { x: '0', value: 'Infinity' }],
    ['log(x)', [[-1, 1]], 'f is not finite at x = -1 (f = NaN)', 'NOT_FINITE', { x: '-1', value: 'NaN' }],
    ['sqrt(x)', [[-4, -1]], 'f is not finite at x = -4 (f = NaN)', 'NOT_FINITE', { x: '-4', value: 'NaN' }],
    ['sqrt(x)', [[0, 1]], 'the gradient of f is not finite at x = 0', 'GRADIENT_NOT_FINITE', { x: '0' }],
    ['1/(x - y)', [[0, 1], [0, 1]], 'f is not finite at (x, y) = (0, 0) (f = Infinity)', 'NOT_FINITE', { x: '(0, 0)', value: 'Infinity' }],
  ];
  for (const [expression, domain, message, reason, params] of cases) {
    it(`refuses ${expression} on ${JSON.stringify(domain)}`, () => {
      const fn = compileLevelFunction(expression, domain.length as 1 | 2);
      const err = refusal(() => checkFiniteOverDomain(fn, domain));
      expect(err.code).toBe('INVALID_EXPRESSION');
      expect(err.message).toBe(message);
      expect(err.detail).toEqual({ reason, params });
    });
  }

  it('accepts functions that are finite with a finite gradient', () => {
    expect(() => checkFiniteOverDomain(compileLevelFunction('log(x)', 1), [[0.1, 2]])).not.toThrow();
    expect(() => checkFiniteOverDomain(compileLevelFunction('1/x', 1), [[0.5, 3]])).not.toThrow();
    expect(() => checkFiniteOverDomain(compileLevelFunction('abs(x) + abs(y)', 2), [[-1, 1], [-1, 1]])).not.toThrow();
  });
});

describe('checkDomain', () => {
  it('returns a fresh copy of a valid domain', () => {
    const input = [[-1, 2.5]];
    const checked = checkDomain(input, 1);
    expect(checked).toEqual([[-1, 2.5]]);
    expect(checked).not.toBe(input);
    expect(checkDomain([[0, 4], [30, 100]], 2)).toEqual([[0, 4], [30, 100]]);
  });

  const bad: [label: string, domain: unknown, dims: 1 | 2, message: string, reason: string, params: Record<string, string | number>][] = [
    ['not a list', 'x', 1, 'the domain must be a list of 1 interval(s) [lo, hi]', 'NOT_A_LIST', { dims: 1 }],
    ['too few intervals', [[0, 1]], 2, 'a 2-D level needs 2 interval(s), got 1', 'INTERVAL_COUNT', { dims: 2, count: 1 }],
    ['too many intervals', [[0, 1], [0, 1]], 1, 'a 1-D level needs 1 interval(s), got 2', 'INTERVAL_COUNT', { dims: 1, count: 2 }],
    ['an interval of three numbers', [[0, 1, 2]], 1, 'the interval for x must be [lo, hi]', 'BAD_INTERVAL', { axis: 'x' }],
    ['lo = hi', [[0, 1], [2, 2]], 2, 'the interval for y must have lo < hi, got [2, 2]', 'EMPTY_INTERVAL', { axis: 'y', lo: 2, hi: 2 }],
    ['lo > hi', [[3, -3]], 1, 'the interval for x must have lo < hi, got [3, -3]', 'EMPTY_INTERVAL', { axis: 'x', lo: 3, hi: -3 }],
    ['NaN', [[Number.NaN, 1]], 1, 'the interval for x must hold two finite numbers', 'NOT_FINITE_BOUND', { axis: 'x' }],
    ['Infinity', [[0, Number.POSITIVE_INFINITY]], 1, 'the interval for x must hold two finite numbers', 'NOT_FINITE_BOUND', { axis: 'x' }],
    ['strings', [['0', '1']], 1, 'the interval for x must hold two finite numbers', 'NOT_FINITE_BOUND', { axis: 'x' }],
    ['a width that overflows', [[-1.7e308, 1.7e308]], 1, 'the interval for x is too wide', 'TOO_WIDE', { axis: 'x' }],
    ['3 dimensions', [[0, 1]], 3 as 1, 'a level has 1 or 2 dimensions', 'DIMENSIONS', {}],
  ];
  for (const [label, domain, dims, message, reason, params] of bad) {
    it(`refuses ${label}`, () => {
      const err = refusal(() => checkDomain(domain, dims));
      expect(err.code).toBe('INVALID_DOMAIN');
      expect(err.message).toBe(message);
      expect(err.detail).toEqual({ reason, params });
    });
  }
});

describe('isInDomain', () => {
  const box: Box = [[0, 4], [30, 100]];
  it('accepts points inside and on the bounds', () => {
    expect(isInDomain([1, 50], box)).toBe(true);
    expect(isInDomain([0, 100], box)).toBe(true);
    expect(isInDomain([-1], [[-1, 1]])).toBe(true);
  });
  it('refuses points outside, non-finite, or of the wrong dimension', () => {
    expect(isInDomain([4.0001, 50], box)).toBe(false);
    expect(isInDomain([1, 29.9], box)).toBe(false);
    expect(isInDomain([Number.NaN, 50], box)).toBe(false);
    expect(isInDomain([1], box)).toBe(false);
    expect(isInDomain([0, 0], [[-1, 1]])).toBe(false);
  });
});

describe('analyseLevel', () => {
  it('finds the minimum of a parabola off the grid', () => {
    const { fStar, argmin } = analyseLevel(compileLevelFunction('(x - 1.2345)^2 + 2', 1), [[-5, 5]]);
    expect(fStar).toBeCloseTo(2, 12);
    expect(argmin[0]).toBeCloseTo(1.2345, 6);
  });

  it('finds a minimum on the boundary', () => {
    const { fStar, argmin } = analyseLevel(compileLevelFunction('x', 1), [[2, 5]]);
    expect(fStar).toBe(2);
    expect(argmin).toEqual([2]);
  });

  it('finds the bottom of a kink', () => {
    const { fStar, argmin } = analyseLevel(compileLevelFunction('abs(x - 0.7071) + 1', 1), [[-3, 3]]);
    expect(fStar).toBeCloseTo(1, 9);
    expect(argmin[0]).toBeCloseTo(0.7071, 9);
  });

  it('finds the global minimum among several local ones', () => {
    const fn = compileLevelFunction('0.5*(x - 2.5)^2 + 3*cos(2*x)', 1);
    const { fStar, argmin } = analyseLevel(fn, [[-5, 6.5]]);
    // Brute force on a grid a thousand times finer than the analysis grid.
    let best = Number.POSITIVE_INFINITY;
    let bestX = Number.NaN;
    for (let i = 0; i <= 2_000_000; i++) {
      const x = -5 + (11.5 * i) / 2_000_000;
      const v = 0.5 * (x - 2.5) ** 2 + 3 * Math.cos(2 * x);
      if (v < best) [best, bestX] = [v, x];
    }
    expect(fStar).toBeLessThanOrEqual(best);
    expect(fStar).toBeCloseTo(best, 9);
    expect(argmin[0]).toBeCloseTo(bestX, 4);
  });

  it('finds the minimum of a 2-D bowl and of Rosenbrock’s banana', () => {
    const bowl = analyseLevel(compileLevelFunction('(x - 1)^2 + 2*(y + 0.5)^2 + 3', 2), [[-3, 3], [-3, 3]]);
    expect(bowl.fStar).toBeCloseTo(3, 12);
    expect(bowl.argmin[0]).toBeCloseTo(1, 6);
    expect(bowl.argmin[1]).toBeCloseTo(-0.5, 6);
    const banana = analyseLevel(compileLevelFunction('(1 - x)^2 + 100*(y - x^2)^2', 2), [[-2, 2], [-1, 3]]);
    expect(banana.fStar).toBeCloseTo(0, 10);
    expect(banana.argmin[0]).toBeCloseTo(1, 5);
    expect(banana.argmin[1]).toBeCloseTo(1, 5);
  });

  it('computes the median of f over a uniform grid', () => {
    // |x| is uniform on [0, 1], so the median of x^2 on [-1, 1] is 0.5^2.
    expect(analyseLevel(compileLevelFunction('x^2', 1), [[-1, 1]]).median).toBeCloseTo(0.25, 12);
    expect(analyseLevel(compileLevelFunction('3*x', 1), [[0, 10]]).median).toBeCloseTo(15, 12);
    expect(analyseLevel(compileLevelFunction('x + y', 2), [[0, 1], [0, 2]]).median).toBeCloseTo(1.5, 12);
  });
});

describe('sampleCurve', () => {
  it('samples a 1-D level with 401 points by default', () => {
    const samples = sampleCurve(compileLevelFunction('x^2', 1), [[-2, 2]]);
    if (samples.dims !== 1) throw new Error('expected a 1-D curve');
    expect(samples.xs).toHaveLength(401);
    expect(samples.fx).toHaveLength(401);
    expect([samples.xs[0], samples.xs[200], samples.xs[400]]).toEqual([-2, 0, 2]);
    expect([samples.fx[0], samples.fx[200], samples.fx[400]]).toEqual([4, 0, 4]);
  });

  it('samples a 2-D level on a 61 × 61 grid with values[j][i] = f(xs[i], ys[j])', () => {
    const samples = sampleCurve(compileLevelFunction('x - 10*y', 2), [[0, 6], [1, 4]]);
    if (samples.dims !== 2) throw new Error('expected a 2-D grid');
    expect(samples.xs).toHaveLength(61);
    expect(samples.ys).toHaveLength(61);
    expect(samples.values).toHaveLength(61);
    expect(samples.values[0]).toHaveLength(61);
    expect(samples.xs[60]).toBe(6);
    expect(samples.ys[60]).toBe(4);
    expect(samples.values[0][60]).toBe(6 - 10 * 1);
    expect(samples.values[60][0]).toBe(0 - 10 * 4);
    expect(samples.values[30][10]).toBeCloseTo(samples.xs[10] - 10 * samples.ys[30], 12);
  });

  it('takes the number of points per axis', () => {
    const one = sampleCurve(compileLevelFunction('x', 1), [[0, 1]], 11);
    const two = sampleCurve(compileLevelFunction('x', 2), [[0, 1], [0, 1]], 5);
    expect(one.xs).toHaveLength(11);
    if (two.dims !== 2) throw new Error('expected a 2-D grid');
    expect(two.values.map((row) => row.length)).toEqual([5, 5, 5, 5, 5]);
  });
});
