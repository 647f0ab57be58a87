import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS, compileLevelFunction } from '../../server/math/expression.ts';
import { tapeOf } from '../../server/math/level-function.ts';

// The reference: mathjs from its ESM entry, configured as the game always was.
const reference = create(all, { predictable: true });

const SEED = Number(process.env.MATH_TEST_SEED ?? 20240611);
console.log(`math-tape.test.ts: random expressions from seed ${SEED} (set MATH_TEST_SEED to change it)`);

/** mulberry32: a small seeded generator, so a failing expression can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ARITY: Record<string, number> = { log: 2, pow: 2, min: 3, max: 3 };
const LEAVES = ['x', 'y', '2', '-0.5', '0', '1', '3', '(1/3)', '(2/3)', 'pi', 'e', '0.25'];

/** A random expression over the whole whitelist (or only the functions given), at most `depth` deep. */
function expression(rand: () => number, depth: number, dims: 1 | 2, functions: readonly string[]): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  if (depth === 0 || rand() < 0.25) {
    const leaf = pick(LEAVES);
    return leaf === 'y' && dims === 1 ? 'x' : leaf;
  }
  const sub = (): string => expression(rand, depth - 1, dims, functions);
  const r = rand();
  if (r < 0.45) return `(${sub()} ${pick(['+', '-', '*', '/', '^'])} ${sub()})`;
  if (r < 0.5) return `-${sub()}`;
  const name = pick(functions);
  const n = name === 'log' ? 1 + Math.floor(rand() * 2) : (ARITY[name] ?? 1);
  return `${name}(${Array.from({ length: n }, sub).join(', ')})`;
}

function points(rand: () => number, dims: 1 | 2, n: number): number[][] {
  const special = [0, 1, -1, 0.5, -8, 2];
  return Array.from({ length: n }, (_, i) => {
    const coordinate = (): number => (i < special.length && rand() < 0.5 ? special[i] : (rand() - 0.5) * 8);
    return dims === 1 ? [coordinate()] : [coordinate(), coordinate()];
  });
}

describe('the tape evaluates f exactly as mathjs (predictable) does', () => {
  it('on 400 random expressions over every allowed function, bit for bit', () => {
    const rand = random(SEED);
    let finite = 0;
    let compared = 0;
    for (let e = 0; e < 400; e++) {
      const dims = e % 2 === 0 ? 1 : 2;
      const text = expression(rand, 4, dims, ALLOWED_FUNCTIONS);
      const fn = compileLevelFunction(text, dims);
      const code = reference.parse(text).compile();
      for (const p of points(rand, dims, 12)) {
        const want = code.evaluate(dims === 1 ? { x: p[0] } : { x: p[0], y: p[1] });
        const got = fn.f(p);
        if (!Object.is(got, typeof want === 'number' ? want : Number.NaN)) {
          throw new Error(`${text} at (${p.join(', ')}): tape ${got}, mathjs ${String(want)}`);
        }
        compared += 1;
        if (Number.isFinite(got)) finite += 1;
      }
    }
    expect(compared).toBe(4800);
    // The comparison means something only if most values are ordinary numbers.
    expect(finite / compared).toBeGreaterThan(0.5);
  });

  it('follows mathjs on powers of negative numbers and at infinities', () => {
    const pow = compileLevelFunction('x^y', 2);
    const cases = [
      [-8, 1 / 3],
      [-8, 2 / 3],
      [-8, 0.5],
      [-2, Infinity],
      [-0.5, -Infinity],
      [-0.5, Infinity],
      [0, -1],
      [-1, Infinity],
      [-27, -1 / 3],
      [-2, 0.1],
    ];
    for (const [x, y] of cases) expect(pow.f([x, y])).toBe(reference.evaluate('x^y', { x, y }));
    expect(compileLevelFunction('x^(1/3)', 1).f([-8])).toBe(-2);
  });
});

describe('the tape differentiates exactly', () => {
  // mathjs differentiates these directly; abs, min, max, square, cube and log2 are checked in math.test.ts.
  const differentiable = ALLOWED_FUNCTIONS.filter((f) => !['abs', 'min', 'max', 'square', 'cube', 'log2', 'pow'].includes(f));

  it('agrees with mathjs symbolic derivative on 300 random expressions', () => {
    const rand = random(SEED + 1);
    let compared = 0;
    for (let e = 0; e < 300; e++) {
      const dims = e % 2 === 0 ? 1 : 2;
      const text = expression(rand, 3, dims, differentiable);
      const fn = compileLevelFunction(text, dims);
      const node = reference.parse(text);
      const derivatives = ['x', 'y'].slice(0, dims).map((v) => reference.derivative(node, v, { simplify: false }).compile());
      for (const p of points(rand, dims, 8)) {
        const scope = dims === 1 ? { x: p[0] } : { x: p[0], y: p[1] };
        const got = fn.grad(p);
        derivatives.forEach((d, k) => {
          const want = d.evaluate(scope);
          if (typeof want !== 'number' || !Number.isFinite(want) || !Number.isFinite(got[k])) return;
          compared += 1;
          if (Math.abs(got[k] - want) > 1e-9 * (1 + Math.abs(want))) {
            throw new Error(`d/d${'xy'[k]} ${text} at (${p.join(', ')}): tape ${got[k]}, mathjs ${want}`);
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('differentiates x^c, c^x and x^y by the power rules of mathjs', () => {
    expect(compileLevelFunction('x^3', 1).grad([2])).toEqual([12]);
    expect(compileLevelFunction('x^0', 1).grad([0])).toEqual([0]);
    expect(compileLevelFunction('0^x', 1).grad([2])).toEqual([0]);
    expect(compileLevelFunction('2^x', 1).grad([3])[0]).toBeCloseTo(8 * Math.LN2, 14);
    const [gx, gy] = compileLevelFunction('x^y', 2).grad([2, 3]);
    expect(gx).toBeCloseTo(12, 13);
    expect(gy).toBeCloseTo(8 * Math.LN2, 13);
    // x^(1/3) at −8: a real cube root, slope (1/3)·|x|^(−2/3) = 1/12.
    expect(compileLevelFunction('x^(1/3)', 1).grad([-8])[0]).toBeCloseTo(1 / 12, 15);
  });

  it('leaves out the terms of an argument without the variable, as a symbolic derivative does (no 0 · ∞)', () => {
    // At y = 0, sqrt(y) has an infinite slope in y; its slope in x is 0, not 0 · ∞ = NaN.
    const [gx, gy] = compileLevelFunction('x * sqrt(y)', 2).grad([3, 0]);
    expect(gx).toBe(0);
    expect(gy).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the tape never duplicates a subtree', () => {
  it('grows linearly with the arguments of max and min', () => {
    const operations = (n: number, f: string): number =>
      tapeOf(compileLevelFunction(`${f}(${Array.from({ length: n }, (_, i) => `x^${i + 1}`).join(', ')})`, 1)).operations;
    // One power per argument, one max (or min) step between two of them.
    expect([4, 8, 16].map((n) => operations(n, 'max'))).toEqual([7, 15, 31]);
    expect([4, 8, 16].map((n) => operations(n, 'min'))).toEqual([7, 15, 31]);
  });

  it('shares equal subtrees and folds constant ones', () => {
    expect(tapeOf(compileLevelFunction('sin(x)^2 + sin(x)^2', 1)).operations).toBe(3); // sin, ^, +
    expect(tapeOf(compileLevelFunction('x * (1/3 + 2^10 - pi)', 1)).operations).toBe(1); // x · (a folded constant)
  });

  it('computes f and the gradient of max(x^1, …, x^16) correctly', () => {
    const fn = compileLevelFunction(`max(${Array.from({ length: 16 }, (_, i) => `x^${i + 1}`).join(', ')})`, 1);
    expect(fn.f([0.5])).toBe(0.5);
    expect(fn.grad([0.5])).toEqual([1]);
    expect(fn.f([-0.5])).toBe(0.25);
    expect(fn.grad([-0.5])).toEqual([-1]);
    expect(fn.f([2])).toBe(2 ** 16);
    expect(fn.grad([2])).toEqual([16 * 2 ** 15]);
  });
});
