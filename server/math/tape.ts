/**
 * A checked level expression compiled to a tape: one instruction per distinct subtree (equal subtrees are shared,
 * constant subtrees folded once), run in order over a register file. One pass gives f; one pass with a tangent per
 * variable gives f and its exact gradient (forward mode), so the cost of the gradient is a small multiple of f's
 * and nothing is ever duplicated, however the expression nests min, max or powers.
 *
 * The tape also lists its singular points' witnesses ("indicators"): the argument of every division, logarithm,
 * square root, tan, power with a negative or fractional exponent, asin/acos/atanh/acosh — the quantities that
 * vanish (or reach ±1) where f or its slope can blow up. server/math/finite.ts looks for their zeros.
 */
import { math, type MathNode } from './mathjs.ts';
import { FIRST_UNARY, OP, apply, derivative } from './scalar.ts';

/** How an indicator register relates to a singularity: it vanishes there (ZERO), reaches 1 (ONE), ±1 (UNIT), or cos of it vanishes (COS). */
export const INDICATOR = { ZERO: 0, ONE: 1, UNIT: 2, COS: 3 } as const;
export type IndicatorKind = (typeof INDICATOR)[keyof typeof INDICATOR];

export interface Indicator {
  register: number;
  kind: IndicatorKind;
}

/** The quantity that is 0 at the singularity, with a sign that changes across it when it is crossed. */
export function indicatorValue(kind: IndicatorKind, v: number): number {
  switch (kind) {
    case INDICATOR.ZERO:
      return v;
    case INDICATOR.ONE:
      return v - 1;
    case INDICATOR.UNIT:
      return 1 - v * v;
    default:
      return Math.cos(v);
  }
}

const BINARY_OPERATORS: Readonly<Record<string, number>> = { add: OP.ADD, subtract: OP.SUB, multiply: OP.MUL, divide: OP.DIV, pow: OP.POW };

const UNARY_FUNCTIONS: Readonly<Record<string, number>> = {
  abs: OP.ABS,
  sqrt: OP.SQRT,
  exp: OP.EXP,
  log: OP.LOG,
  log10: OP.LOG10,
  log2: OP.LOG2,
  sin: OP.SIN,
  cos: OP.COS,
  tan: OP.TAN,
  asin: OP.ASIN,
  acos: OP.ACOS,
  atan: OP.ATAN,
  sinh: OP.SINH,
  cosh: OP.COSH,
  tanh: OP.TANH,
  asinh: OP.ASINH,
  acosh: OP.ACOSH,
  atanh: OP.ATANH,
  square: OP.SQUARE,
  cube: OP.CUBE,
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

// Which argument of which op can sit on a singularity, and how.
const UNARY_INDICATORS: Readonly<Partial<Record<number, IndicatorKind>>> = {
  [OP.SQRT]: INDICATOR.ZERO,
  [OP.LOG]: INDICATOR.ZERO,
  [OP.LOG10]: INDICATOR.ZERO,
  [OP.LOG2]: INDICATOR.ZERO,
  [OP.TAN]: INDICATOR.COS,
  [OP.ASIN]: INDICATOR.UNIT,
  [OP.ACOS]: INDICATOR.UNIT,
  [OP.ATANH]: INDICATOR.UNIT,
  [OP.ACOSH]: INDICATOR.ONE,
};

class TapeBuilder {
  readonly ops: number[] = [];
  readonly args: [number, number][] = [];
  readonly values: number[] = [];
  readonly masks: number[] = [];
  readonly variables: number[];
  readonly indicators: Indicator[] = [];
  private readonly shared = new Map<string, number>();
  private readonly seenIndicators = new Set<string>();

  constructor(private readonly names: readonly string[]) {
    this.variables = names.map(() => -1);
  }

  private push(key: string, op: number, a: number, b: number, value: number, mask: number): number {
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const register = this.ops.length;
    this.ops.push(op);
    this.args.push([a, b]);
    this.values.push(value);
    this.masks.push(mask);
    this.shared.set(key, register);
    return register;
  }

  constant(value: number): number {
    return this.push(`c${Object.is(value, -0) ? '-0' : String(value)}`, OP.CONST, 0, 0, value, 0);
  }

  variable(index: number): number {
    const register = this.push(`v${index}`, OP.VAR, index, index, Number.NaN, 1 << index);
    this.variables[index] = register;
    return register;
  }

  op(op: number, a: number, b = a): number {
    const mask = this.masks[a] | this.masks[b];
    if (mask === 0) return this.constant(apply(op, this.values[a], this.values[b]));
    return this.push(`${op},${a},${b}`, op, a, b, Number.NaN, mask);
  }

  indicator(register: number, kind: IndicatorKind): void {
    const key = `${register},${kind}`;
    if (this.masks[register] === 0 || this.seenIndicators.has(key)) return;
    this.seenIndicators.add(key);
    this.indicators.push({ register, kind });
  }

  /** Emits a checked tree (server/math/parse.ts); its depth is bounded there, so recursion is safe. */
  build(node: MathNode): number {
    if (math.isParenthesisNode(node)) return this.build(node.content);
    if (math.isConstantNode(node)) return this.constant(node.value as number);
    if (math.isSymbolNode(node)) {
      const index = this.names.indexOf(node.name);
      return index >= 0 ? this.variable(index) : this.constant(CONSTANTS[node.name]);
    }
    if (math.isOperatorNode(node)) {
      const args = node.args.map((arg) => this.build(arg));
      if (node.fn === 'unaryPlus') return args[0];
      if (node.fn === 'unaryMinus') return this.op(OP.NEG, args[0]);
      return this.binary(BINARY_OPERATORS[node.fn], args[0], args[1]);
    }
    if (math.isFunctionNode(node)) {
      const name = node.fn.name;
      const args = node.args.map((arg) => this.build(arg));
      if (name === 'min' || name === 'max') return args.reduce((r, v) => this.op(name === 'min' ? OP.MIN : OP.MAX, r, v));
      if (name === 'pow') return this.binary(OP.POW, args[0], args[1]);
      if (name === 'log' && args.length === 2) {
        this.indicator(args[0], INDICATOR.ZERO);
        this.indicator(args[1], INDICATOR.ZERO);
        this.indicator(args[1], INDICATOR.ONE);
        return this.op(OP.LOG_BASE, args[0], args[1]);
      }
      const op = UNARY_FUNCTIONS[name];
      const kind = UNARY_INDICATORS[op];
      if (kind !== undefined) this.indicator(args[0], kind);
      return this.op(op, args[0]);
    }
    throw new Error(`${node.type} reached the tape: the expression was not checked`);
  }

  private binary(op: number, a: number, b: number): number {
    if (op === OP.DIV) this.indicator(b, INDICATOR.ZERO);
    if (op === OP.POW) {
      const exponent = this.masks[b] === 0 ? this.values[b] : Number.NaN;
      // u^n with a whole n ≥ 0 is a polynomial in u: smooth everywhere.
      if (!(Number.isInteger(exponent) && exponent >= 0)) this.indicator(a, INDICATOR.ZERO);
    }
    return this.op(op, a, b);
  }
}

/** A compiled level function over `dims` variables. Not reentrant: one register file per tape. */
export class Tape {
  readonly dims: 1 | 2;
  readonly indicators: readonly Indicator[];
  /** Register values after the last run (read by the singularity scan). */
  readonly registers: Float64Array;
  private readonly ops: Uint8Array;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly masks: Uint8Array;
  private readonly variables: readonly number[];
  private readonly tangents: Float64Array[];
  private readonly output: number;
  private readonly first: number;

  constructor(node: MathNode, names: readonly string[]) {
    const builder = new TapeBuilder(names);
    this.output = builder.build(node);
    const n = builder.ops.length;
    this.dims = names.length as 1 | 2;
    this.ops = Uint8Array.from(builder.ops);
    this.a = Int32Array.from(builder.args, ([a]) => a);
    this.b = Int32Array.from(builder.args, ([, b]) => b);
    this.masks = Uint8Array.from(builder.masks);
    this.registers = Float64Array.from(builder.values);
    this.variables = builder.variables;
    this.indicators = builder.indicators;
    this.tangents = names.map((_, k) => {
      const t = new Float64Array(n);
      if (builder.variables[k] >= 0) t[builder.variables[k]] = 1;
      return t;
    });
    let first = 0;
    while (first < n && this.ops[first] <= OP.VAR) first++;
    this.first = first;
  }

  /** Number of registers: constants, variables and operations. */
  get size(): number {
    return this.ops.length;
  }

  /** Number of operations run per evaluation (distinct non-constant subtrees). */
  get operations(): number {
    let n = 0;
    for (const op of this.ops) if (op > OP.VAR) n++;
    return n;
  }

  private load(p: ArrayLike<number>): void {
    for (let k = 0; k < this.variables.length; k++) if (this.variables[k] >= 0) this.registers[this.variables[k]] = p[k];
  }

  /** f(p). */
  value(p: ArrayLike<number>): number {
    this.load(p);
    const { ops, a, b } = this;
    const r = this.registers;
    for (let i = this.first; i < ops.length; i++) {
      // The common arithmetic inline: the loop stays small enough for V8 to optimise well.
      switch (ops[i]) {
        case OP.CONST:
        case OP.VAR:
          break;
        case OP.ADD:
          r[i] = r[a[i]] + r[b[i]];
          break;
        case OP.SUB:
          r[i] = r[a[i]] - r[b[i]];
          break;
        case OP.MUL:
          r[i] = r[a[i]] * r[b[i]];
          break;
        case OP.DIV:
          r[i] = r[a[i]] / r[b[i]];
          break;
        default:
          r[i] = apply(ops[i], r[a[i]], r[b[i]]);
      }
    }
    return r[this.output];
  }

  /** f(p) and ∇f(p) in one pass; the gradient is written into `grad`. */
  valueAndGradient(p: ArrayLike<number>, grad: number[]): number {
    this.load(p);
    const { ops, a, b, masks } = this;
    const r = this.registers;
    const t0 = this.tangents[0];
    // Bit 2 is never set on a 1-D tape, so t1 is then never touched.
    const t1 = this.tangents[1] ?? t0;
    for (let i = this.first; i < ops.length; i++) {
      const op = ops[i];
      if (op <= OP.VAR) continue;
      const ai = a[i];
      const bi = b[i];
      const u = r[ai];
      const v = r[bi];
      const m = masks[i];
      const ma = masks[ai];
      const mb = op < FIRST_UNARY ? masks[bi] : 0;
      // Sums and products inline (most of any expression); the rest through `derivative`.
      if (op === OP.ADD || op === OP.SUB) {
        const sign = op === OP.ADD ? 1 : -1;
        r[i] = u + sign * v;
        if (m & 1) t0[i] = t0[ai] + sign * t0[bi];
        if (m & 2) t1[i] = t1[ai] + sign * t1[bi];
      } else if (op === OP.MUL) {
        r[i] = u * v;
        if (m & 1) t0[i] = (ma & 1 ? t0[ai] * v : 0) + (mb & 1 ? u * t0[bi] : 0);
        if (m & 2) t1[i] = (ma & 2 ? t1[ai] * v : 0) + (mb & 2 ? u * t1[bi] : 0);
      } else {
        const w = apply(op, u, v);
        r[i] = w;
        if (m & 1) t0[i] = derivative(op, u, v, w, t0[ai], mb & 1 ? t0[bi] : 0, (ma & 1) !== 0, (mb & 1) !== 0);
        if (m & 2) t1[i] = derivative(op, u, v, w, t1[ai], mb & 2 ? t1[bi] : 0, (ma & 2) !== 0, (mb & 2) !== 0);
      }
    }
    grad[0] = t0[this.output];
    if (this.dims === 2) grad[1] = t1[this.output];
    return r[this.output];
  }
}
