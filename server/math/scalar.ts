/**
 * The scalar operations of a level function, with the semantics of mathjs `create(all, {predictable: true})` on
 * numbers (tests/unit/math-tape.test.ts compares them with mathjs bit for bit), and their derivatives.
 */
import { math } from './mathjs.ts';

export const OP = {
  CONST: 0,
  VAR: 1,
  ADD: 2,
  SUB: 3,
  MUL: 4,
  DIV: 5,
  POW: 6,
  MIN: 7,
  MAX: 8,
  LOG_BASE: 9,
  NEG: 10,
  ABS: 11,
  SQRT: 12,
  EXP: 13,
  LOG: 14,
  LOG10: 15,
  LOG2: 16,
  SIN: 17,
  COS: 18,
  TAN: 19,
  ASIN: 20,
  ACOS: 21,
  ATAN: 22,
  SINH: 23,
  COSH: 24,
  TANH: 25,
  ASINH: 26,
  ACOSH: 27,
  ATANH: 28,
  SQUARE: 29,
  CUBE: 30,
} as const;

/** Ops below this take two arguments. */
export const FIRST_UNARY = OP.NEG;

const isInteger = (v: number): boolean => Number.isFinite(v) && v === Math.round(v);

// mathjs, config relTol / absTol: min and max only replace a value by one that differs beyond these.
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

// Real odd roots of negative numbers: mathjs turns the exponent into a fraction (slow), so the verdict is kept
// per exponent. Exponents are nearly always constants, so this stays small; it is emptied when it is not.
const oddRootSigns = new Map<number, number>();

/** +1 or −1 when a negative base has a real power y (y = n/d with d odd, sign (−1)^n), else 0. */
function oddRootSign(y: number): number {
  const known = oddRootSigns.get(y);
  if (known !== undefined) return known;
  let sign = 0;
  try {
    const f = math.fraction(y) as unknown as { n: bigint; d: bigint };
    const yNum = math.number(f as never) as number;
    if ((y === yNum || Math.abs((y - yNum) / y) < 1e-14) && f.d % 2n === 1n) sign = f.n % 2n === 0n ? 1 : -1;
  } catch {
    // mathjs: fraction() throws for Infinity and NaN; the power is then computed as usual.
  }
  if (oddRootSigns.size >= 4096) oddRootSigns.clear();
  oddRootSigns.set(y, sign);
  return sign;
}

/** mathjs pow on numbers (predictable). */
export function pow(x: number, y: number): number {
  if (!isInteger(y) && x < 0) {
    const sign = oddRootSign(y);
    if (sign !== 0) return sign * Math.pow(-x, y);
  }
  if ((x < -1 && y === Infinity) || (x > -1 && x < 0 && y === -Infinity)) return Number.NaN;
  if ((x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity)) return 0;
  return Math.pow(x, y);
}

/** One step of mathjs min(a, b, …) from the left: the running value r and the next argument v. */
function minStep(r: number, v: number): number {
  return Number.isNaN(v) || (v < r && !nearlyEqual(v, r)) ? v : r;
}

function maxStep(r: number, v: number): number {
  return Number.isNaN(v) || (v > r && !nearlyEqual(v, r)) ? v : r;
}

/** The value of one op on its argument values (v is ignored by unary ops). */
export function apply(op: number, u: number, v: number): number {
  switch (op) {
    case OP.ADD:
      return u + v;
    case OP.SUB:
      return u - v;
    case OP.MUL:
      return u * v;
    case OP.DIV:
      return u / v;
    case OP.POW:
      return pow(u, v);
    case OP.MIN:
      return minStep(u, v);
    case OP.MAX:
      return maxStep(u, v);
    case OP.LOG_BASE:
      return Math.log(u) / Math.log(v);
    case OP.NEG:
      return -u;
    case OP.ABS:
      return Math.abs(u);
    case OP.SQRT:
      return Math.sqrt(u);
    case OP.EXP:
      return Math.exp(u);
    case OP.LOG:
      return Math.log(u);
    case OP.LOG10:
      return Math.log10(u);
    case OP.LOG2:
      return Math.log2(u);
    case OP.SIN:
      return Math.sin(u);
    case OP.COS:
      return Math.cos(u);
    case OP.TAN:
      return Math.tan(u);
    case OP.ASIN:
      return Math.asin(u);
    case OP.ACOS:
      return Math.acos(u);
    case OP.ATAN:
      return Math.atan(u);
    case OP.SINH:
      return Math.sinh(u);
    case OP.COSH:
      return Math.cosh(u);
    case OP.TANH:
      return Math.tanh(u);
    case OP.ASINH:
      return Math.asinh(u);
    case OP.ACOSH:
      return Math.acosh(u);
    case OP.ATANH:
      return Math.atanh(u);
    case OP.SQUARE:
      return u * u;
    case OP.CUBE:
      return u * u * u;
    default:
      throw new Error(`unknown op ${op}`);
  }
}

/**
 * The derivative of one op along one variable (forward mode): w is the op's value, du and dv the arguments'
 * derivatives, and hasU / hasV whether each argument depends on the variable at all. The rules are those of mathjs
 * `derivative`, where an argument without the variable is a constant: its term is left out, never multiplied by 0
 * (0 · ∞ would be NaN where the symbolic derivative is finite).
 */
export function derivative(op: number, u: number, v: number, w: number, du: number, dv: number, hasU: boolean, hasV: boolean): number {
  switch (op) {
    case OP.ADD:
      return du + dv;
    case OP.SUB:
      return du - dv;
    case OP.MUL:
      return (hasU ? du * v : 0) + (hasV ? u * dv : 0);
    case OP.DIV:
      if (!hasV) return du / v;
      if (!hasU) return (-u * dv) / (v * v);
      return (du * v - u * dv) / (v * v);
    case OP.POW:
      if (!hasU) return u === 0 || u === 1 ? 0 : w * (Math.log(u) * dv);
      if (!hasV) return v === 0 ? 0 : v === 1 ? du : v * (du * pow(u, v - 1));
      return w * (du * (v / u) + dv * Math.log(u));
    case OP.MIN:
    case OP.MAX: {
      // The average of both sides at a tie: a valid subgradient, and what (a + b ∓ |a − b|) / 2 gives.
      const first = op === OP.MIN ? u < v : u > v;
      const second = op === OP.MIN ? v < u : v > u;
      if (first) return du;
      if (second) return dv;
      return u === v ? (du + dv) / 2 : Number.NaN;
    }
    case OP.LOG_BASE: {
      const lb = Math.log(v);
      if (!hasV) return du / (u * lb);
      return ((hasU ? (du / u) * lb : 0) - Math.log(u) * (dv / v)) / (lb * lb);
    }
    case OP.NEG:
      return -du;
    case OP.ABS:
      // mathjs says abs(u)/u, NaN at u = 0; sign(u) is the same elsewhere and 0 there.
      return Math.sign(u) * du;
    case OP.SQRT:
      return du / (2 * Math.sqrt(u));
    case OP.EXP:
      return w * du;
    case OP.LOG:
      return du / u;
    case OP.LOG10:
      return du / (u * Math.LN10);
    case OP.LOG2:
      return du / (u * Math.LN2);
    case OP.SIN:
      return Math.cos(u) * du;
    case OP.COS:
      return -Math.sin(u) * du;
    case OP.TAN: {
      const c = Math.cos(u);
      return du / (c * c);
    }
    case OP.ASIN:
      return du / Math.sqrt(1 - u * u);
    case OP.ACOS:
      return -du / Math.sqrt(1 - u * u);
    case OP.ATAN:
      return du / (u * u + 1);
    case OP.SINH:
      return Math.cosh(u) * du;
    case OP.COSH:
      return Math.sinh(u) * du;
    case OP.TANH: {
      const c = Math.cosh(u);
      return du / (c * c);
    }
    case OP.ASINH:
      return du / Math.sqrt(u * u + 1);
    case OP.ACOSH:
      return du / Math.sqrt(u * u - 1);
    case OP.ATANH:
      return du / (1 - u * u);
    case OP.SQUARE:
      return 2 * u * du;
    case OP.CUBE:
      return 3 * u * u * du;
    default:
      throw new Error(`unknown op ${op}`);
  }
}
