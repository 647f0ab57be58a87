import { describe, expect, it } from 'vitest';
import { analyseDefinition, compileLevelFunction, EXPRESSION_LIMITS, type LevelAnalysis } from '../../server/math/expression.ts';
import { GameError } from '../../shared/errors.ts';

function refusal(run: () => unknown): GameError {
  try {
    run();
  } catch (err) {
    if (err instanceof GameError) return err;
    throw err;
  }
  throw new Error('expected a GameError, nothing was thrown');
}

const analyse = (expression: string, domain: [number, number][]): LevelAnalysis => analyseDefinition({ expression, domain });
const powers = (n: number): string => Array.from({ length: n }, (_, i) => `x^${i + 1}`).join(', ');

describe('expressions that once hung the server', () => {
  it('analyses max(x^1, …, x^16) (9 arguments took 9.4 s, 12 took 125 s)', () => {
    const a = analyse(`max(${powers(16)})`, [[-1, 1]]);
    expect(a.fStar).toBe(0);
    expect(a.argmin).toEqual([0]);
  });

  it('accepts x^(1/3) on [−2, −0.1] (50 ms per gradient once): a real cube root, minimum at −2', () => {
    const a = analyse('x^(1/3)', [[-2, -0.1]]);
    expect(a.fStar).toBe(Math.cbrt(-2));
    expect(a.argmin).toEqual([-2]);
    const fn = compileLevelFunction('x^(1/3)', 1);
    expect(fn.f([-1])).toBe(-1);
    expect(fn.grad([-1])[0]).toBeCloseTo(1 / 3, 15);
  });
});

describe('poles between grid points', () => {
  const cases: [expression: string, domain: [number, number][], reason: string, x: string][] = [
    // Passed once with f* = −4.19e12.
    ['1/(x - 0.00123)', [[-1, 1]], 'POLE', '0.00123'],
    ['1/(x - 0.00123)^2', [[-1, 1]], 'POLE', '0.00123'],
    ['-1/abs(x - 0.00123)', [[-1, 1]], 'POLE', '0.00123'],
    ['x^(-2) + 1/(x - 0.7071)^3', [[0.1, 1]], 'POLE', '0.7071'],
    ['1/(x^2 - 2)', [[0, 2]], 'POLE', '1.41421'],
    ['tan(10*x)', [[0, 1]], 'POLE', '0.15708'],
    ['log((x - 0.00123)^2)', [[-1, 1]], 'GRADIENT_POLE', '0.00123'],
    ['sqrt(abs(x - 0.30017))', [[0, 1]], 'GRADIENT_POLE', '0.30017'],
    ['(x - 0.30017)^(1/3)', [[0, 1]], 'GRADIENT_POLE', '0.30017'],
    ['1/((x - 0.3123)^2 + (y - 0.7123)^2)', [[0, 1], [0, 1]], 'POLE', '(0.3123, 0.7123)'],
    ['log(abs(x - 0.3123) + abs(y - 0.7123))', [[0, 1], [0, 1]], 'GRADIENT_POLE', '(0.3123, 0.7123)'],
  ];
  for (const [expression, domain, reason, x] of cases) {
    it(`refuses ${expression} on ${JSON.stringify(domain)}: ${reason} at ${x}`, () => {
      const err = refusal(() => analyse(expression, domain));
      expect(err.code).toBe('INVALID_EXPRESSION');
      expect(err.detail).toEqual({ reason, params: { x } });
    });
  }

  it('refuses a pole along a line of a 2-D level, at a point of that line', () => {
    const err = refusal(() => analyse('1/(x - y + 0.00123)', [[0, 1], [0, 1]]));
    expect(err.detail.reason).toBe('POLE');
    const [x, y] = String(err.detail.params?.x).replace(/[()]/g, '').split(', ').map(Number);
    expect(x - y + 0.00123).toBeCloseTo(0, 5);
  });

  // Not finite only on a sliver narrower than the grid spacing (0.0005 here), strictly between grid points.
  const slivers: [expression: string, x: number][] = [
    ['log((x - 0.30017)^2 - 1e-8)', 0.30017],
    ['sqrt((x - 0.30017)^2 - 1e-8)', 0.30017],
    ['asin(1 + 1e-8 - (x - 0.30017)^2)', 0.30017],
    ['acosh(1 - 1e-8 + (x - 0.30017)^2)', 0.30017],
    ['atanh(1 + 1e-8 - (x - 0.30017)^2)', 0.30017],
  ];
  for (const [expression, centre] of slivers) {
    it(`refuses ${expression} on [0, 1]: not finite within 1e-4 of ${centre}`, () => {
      const err = refusal(() => analyse(expression, [[0, 1]]));
      expect(err.detail.reason).toMatch(/^(NOT_FINITE|GRADIENT_NOT_FINITE|POLE|GRADIENT_POLE)$/);
      expect(Math.abs(Number(err.detail.params?.x) - centre)).toBeLessThan(1.1e-4);
    });
  }

  it('refuses a removable singularity where f itself is 0/0', () => {
    const err = refusal(() => analyse('sin(x - 0.3)/(x - 0.3)', [[0, 1]]));
    expect(err.detail).toEqual({ reason: 'NOT_FINITE', params: { x: '0.3', value: 'NaN' } });
  });

  const accepted: [expression: string, domain: [number, number][]][] = [
    // Steep or wiggly, but finite with a finite slope everywhere.
    ['1/(x^2 + 1e-6)', [[-1, 1]]],
    ['sqrt(x^2 + 1e-12)', [[-1, 1]]],
    ['tan(x)', [[-1.5, 1.5]]],
    ['log(x^2 + 0.001) + 1/(2 + sin(50*x))', [[-3, 3]]],
    ['x*log(x)', [[0.001, 2]]],
    ['x^2 + y^2 + 1/(1 + x^2)', [[-1, 1], [-1, 1]]],
    ['abs(x - 0.3) + abs(y + 0.2)', [[-1, 1], [-1, 1]]],
  ];
  for (const [expression, domain] of accepted) {
    it(`accepts ${expression} on ${JSON.stringify(domain)}`, () => {
      expect(Number.isFinite(analyse(expression, domain).fStar)).toBe(true);
    });
  }
});

describe('size and depth limits', () => {
  const { length, nodes, depth } = EXPRESSION_LIMITS;

  it('refuses brackets nested too deep before parsing (mathjs overflows its stack near 300)', () => {
    const deep = `${'('.repeat(400)}x${')'.repeat(400)}`;
    expect(deep.length).toBeLessThanOrEqual(length);
    expect(refusal(() => compileLevelFunction(deep, 1)).detail).toEqual({ reason: 'TOO_DEEP', params: { max: depth } });
    expect(compileLevelFunction(`${'('.repeat(depth - 1)}x${')'.repeat(depth - 1)}`, 1).f([2])).toBe(2);
  });

  it('refuses operators nested too deep, and counts a long sum as one level', () => {
    expect(refusal(() => compileLevelFunction(`${'-'.repeat(depth + 1)}x`, 1)).detail).toEqual({ reason: 'TOO_DEEP', params: { max: depth } });
    expect(refusal(() => compileLevelFunction(`${'x^'.repeat(depth + 1)}x`, 1)).detail.reason).toBe('TOO_DEEP');
    const sum = compileLevelFunction(Array.from({ length: 200 }, (_, i) => `${i}*x`).join('+'), 1);
    expect(sum.f([1])).toBe((199 * 200) / 2);
  });

  it('refuses more than the allowed number of nodes', () => {
    const big = Array.from({ length: nodes }, () => 'x').join('+');
    expect(big.length).toBeLessThanOrEqual(length);
    expect(refusal(() => compileLevelFunction(big, 1)).detail).toEqual({ reason: 'TOO_MANY_NODES', params: { max: nodes } });
  });
});

describe('the cost of a gradient', () => {
  it('refuses a level whose gradient costs more than 1 ms (measured with a clock that moves 2 ms per reading)', () => {
    let t = 0;
    const now = (): number => (t += 2);
    const err = refusal(() => analyseDefinition({ expression: 'x^2', domain: [[-1, 1]] }, { now }));
    expect(err.code).toBe('INVALID_EXPRESSION');
    expect(err.detail).toEqual({ reason: 'TOO_SLOW', params: { ms: 1 } });
  });

  it('accepts it under the budget (a clock that moves 0.005 ms per reading)', () => {
    let t = 0;
    const now = (): number => (t += 0.005);
    expect(analyseDefinition({ expression: 'x^2', domain: [[-1, 1]] }, { now }).fStar).toBe(0);
  });
});
