/**
 * Level functions: a mathjs expression in x (1-D) or x, y (2-D), checked against a whitelist, compiled once
 * together with its symbolic gradient, and the numbers the game needs about it (f*, median, plot samples).
 */
import { all, create, type EvalFunction, type MathNode } from 'mathjs';
import { GameError } from '../../shared/errors.ts';
import type { CurveSamples } from '../../shared/protocol.ts';

export type Vec = readonly number[];

/** A compiled level function: f and its gradient over `dims` variables. */
export interface LevelFunction {
  expression: string;
  dims: 1 | 2;
  node: MathNode;
  f(p: Vec): number;
  grad(p: Vec): number[];
}

type Box = readonly (readonly [number, number])[];

// predictable: sqrt(-1), log(-1), (-8)^(1/3) give NaN instead of a Complex, so "complex" is just "not finite".
const math = create(all, { predictable: true });

const VARIABLES = { 1: ['x'], 2: ['x', 'y'] } as const;
const CONSTANTS = new Set(['pi', 'e']);
const MAX_EXPRESSION_LENGTH = 2000;
const MAX_NODES = 1000;

/** Allowed functions with their [min, max] number of arguments; each one is differentiable by `gradientTree`. */
const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  log2: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  asinh: [1, 1],
  acosh: [1, 1],
  atanh: [1, 1],
  pow: [2, 2],
  square: [1, 1],
  cube: [1, 1],
  min: [2, 16],
  max: [2, 16],
};

/** The functions a level expression may call, for documentation and tests. */
export const ALLOWED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

const REFUSED_NODES: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignments (like x = 1) are not allowed',
  FunctionAssignmentNode: 'function definitions (like f(x) = …) are not allowed',
  ArrayNode: 'matrices and vectors ([…]) are not allowed',
  ObjectNode: 'objects ({…}) are not allowed',
  BlockNode: 'write a single expression (no ; or line breaks)',
  ConditionalNode: 'conditionals (a ? b : c) are not allowed',
  RelationalNode: 'comparisons are not allowed',
  AccessorNode: 'indexing and properties are not allowed',
  IndexNode: 'indexing and properties are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
};

function refuse(message: string): never {
  throw new GameError('INVALID_EXPRESSION', message);
}

/** Refuses anything outside the whitelist, naming the first offending piece. */
function checkNode(node: MathNode, dims: 1 | 2): void {
  const variables: readonly string[] = VARIABLES[dims];
  if (math.isConstantNode(node)) {
    if (typeof node.value === 'string') refuse('strings are not allowed');
    if (typeof node.value !== 'number') refuse(`the constant ${String(node.value)} is not allowed: use numbers`);
    return;
  }
  if (math.isSymbolNode(node)) {
    const name = node.name;
    if (variables.includes(name) || CONSTANTS.has(name)) return;
    if (name === 'y' && dims === 1) refuse('unknown variable "y": a 1-D level uses only x');
    if (Object.hasOwn(FUNCTIONS, name)) refuse(`"${name}" is a function: call it like ${name}(x)`);
    if (math.Unit.isValuelessUnit(name)) refuse(`units are not allowed ("${name}")`);
    refuse(`unknown variable "${name}": use ${variables.join(' and ')} (and the constants pi, e)`);
  }
  if (math.isParenthesisNode(node)) return checkNode(node.content, dims);
  if (math.isOperatorNode(node)) {
    if (!OPERATORS.has(node.fn)) refuse(`the operator "${node.op}" is not allowed`);
    for (const arg of node.args) checkNode(arg, dims);
    return;
  }
  if (math.isFunctionNode(node)) {
    if (!math.isSymbolNode(node.fn)) refuse('only named functions can be called');
    const name = node.fn.name;
    const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!arity) {
      if (name in math) refuse(`the function "${name}" is not allowed`);
      refuse(`unknown function "${name}"`);
    }
    const [lo, hi] = arity;
    if (node.args.length < lo || node.args.length > hi) {
      refuse(`${name} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}, not ${node.args.length}`);
    }
    for (const arg of node.args) checkNode(arg, dims);
    return;
  }
  refuse(REFUSED_NODES[node.type] ?? `${node.type} is not allowed`);
}

function countNodes(node: MathNode): number {
  let count = 0;
  node.traverse(() => {
    count += 1;
  });
  return count;
}

const fnNode = (name: string, args: MathNode[]): MathNode => new math.FunctionNode(new math.SymbolNode(name), args);
const num = (value: number): MathNode => new math.ConstantNode(value);
const op = (o: '+' | '-' | '/' | '^', fn: 'add' | 'subtract' | 'divide' | 'pow', a: MathNode, b: MathNode): MathNode =>
  new math.OperatorNode(o, fn, [a, b]);

/**
 * Rewrites the functions mathjs `derivative` does not know into ones it does. min/max become
 * (a + b ∓ |a − b|) / 2, whose gradient at a tie is the average of both sides (a valid subgradient).
 */
function differentiable(node: MathNode): MathNode {
  return node.transform((n: MathNode): MathNode => {
    if (!math.isFunctionNode(n)) return n;
    const args = n.args.map(differentiable);
    switch (n.fn.name) {
      case 'log2':
        return fnNode('log', [args[0], num(2)]);
      case 'square':
        return op('^', 'pow', new math.ParenthesisNode(args[0]), num(2));
      case 'cube':
        return op('^', 'pow', new math.ParenthesisNode(args[0]), num(3));
      case 'min':
      case 'max': {
        const sign = n.fn.name === 'min' ? ('-' as const) : ('+' as const);
        return args.reduce((a, b) => {
          const spread = fnNode('abs', [op('-', 'subtract', a, b)]);
          const sum = op('+', 'add', a, b);
          const combined = sign === '-' ? op('-', 'subtract', sum, spread) : op('+', 'add', sum, spread);
          return op('/', 'divide', new math.ParenthesisNode(combined), num(2));
        });
      }
      default:
        return new math.FunctionNode(n.fn, args);
    }
  });
}

/** mathjs differentiates abs(u) as abs(u)/u, which is NaN at u = 0; sign(u) is the same elsewhere and 0 there. */
function fixAbsDerivative(node: MathNode): MathNode {
  return node.transform((n: MathNode): MathNode => {
    if (math.isOperatorNode(n) && n.fn === 'divide') {
      const [num0, den] = n.args;
      if (math.isFunctionNode(num0) && num0.fn.name === 'abs' && num0.args.length === 1 && num0.args[0].equals(den)) {
        return fnNode('sign', [fixAbsDerivative(den)]);
      }
    }
    return n;
  });
}

function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** Parses, checks and compiles a level expression and its symbolic gradient; throws INVALID_EXPRESSION. */
export function compileLevelFunction(expression: string, dims: 1 | 2): LevelFunction {
  if (dims !== 1 && dims !== 2) throw new GameError('INVALID_DOMAIN', 'a level has 1 or 2 dimensions');
  if (typeof expression !== 'string' || expression.trim() === '') refuse('the expression is empty');
  if (expression.length > MAX_EXPRESSION_LENGTH) refuse(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);

  let node: MathNode;
  try {
    node = math.parse(expression);
  } catch (err) {
    refuse(`cannot parse the expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (countNodes(node) > MAX_NODES) refuse(`the expression has more than ${MAX_NODES} terms`);
  checkNode(node, dims);

  const variables = VARIABLES[dims];
  let fCode: EvalFunction;
  let gradCodes: EvalFunction[];
  try {
    fCode = node.compile();
    const smooth = differentiable(node);
    // simplify: false keeps the abs(u)/u pattern recognisable and the result predictable.
    gradCodes = variables.map((v) => fixAbsDerivative(math.derivative(smooth, v, { simplify: false })).compile());
  } catch (err) {
    refuse(`cannot differentiate the expression: ${err instanceof Error ? err.message : String(err)}`);
  }

  // One reused Map: mathjs uses a Map scope as is, where a plain object would be wrapped on every call.
  const scope = new Map<string, number>();
  const bind = (p: Vec): void => {
    if (p.length !== dims) throw new RangeError(`expected a point with ${dims} coordinate(s), got ${p.length}`);
    scope.set('x', p[0]);
    if (dims === 2) scope.set('y', p[1]);
  };
  return {
    expression,
    dims,
    node,
    f(p) {
      bind(p);
      return asNumber(fCode.evaluate(scope));
    },
    grad(p) {
      bind(p);
      return gradCodes.map((code) => asNumber(code.evaluate(scope)));
    },
  };
}

/** Checks a domain from outside: `dims` intervals of finite numbers with lo < hi; throws INVALID_DOMAIN. */
export function checkDomain(domain: unknown, dims: 1 | 2): [number, number][] {
  const bad = (message: string): never => {
    throw new GameError('INVALID_DOMAIN', message);
  };
  if (!Array.isArray(domain)) bad(`the domain must be a list of ${dims} interval(s) [lo, hi]`);
  const list = domain as unknown[];
  if (list.length !== dims) bad(`a ${dims}-D level needs ${dims} interval(s), got ${list.length}`);
  return list.map((interval, i) => {
    const axis = VARIABLES[dims][i];
    if (!Array.isArray(interval) || interval.length !== 2) bad(`the interval for ${axis} must be [lo, hi]`);
    const [lo, hi] = interval as unknown[];
    if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      bad(`the interval for ${axis} must hold two finite numbers`);
    }
    const [l, h] = [lo as number, hi as number];
    if (!(l < h)) bad(`the interval for ${axis} must have lo < hi, got [${l}, ${h}]`);
    if (!Number.isFinite(h - l)) bad(`the interval for ${axis} is too wide`);
    return [l, h];
  });
}

function linspace(lo: number, hi: number, n: number): number[] {
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + i * step));
}

function formatPoint(p: Vec): string {
  const shown = p.map((v) => String(Number(v.toPrecision(6))));
  return p.length === 1 ? `x = ${shown[0]}` : `(x, y) = (${shown.join(', ')})`;
}

const FINITE_GRID = { 1: 2001, 2: 101 } as const;

/** Checks f and its gradient on a dense grid (plus 0 when inside); throws INVALID_EXPRESSION naming a bad point. */
export function checkFiniteOverDomain(fn: LevelFunction, domain: Box): void {
  const axes = domain.map(([lo, hi]) => {
    const xs = linspace(lo, hi, FINITE_GRID[fn.dims]);
    // Poles sit at 0 far more often than anywhere else (1/x, log(abs(x))): test it even off the grid.
    if (lo < 0 && hi > 0 && !xs.includes(0)) xs.push(0);
    return xs;
  });
  const check = (p: Vec): void => {
    const fx = fn.f(p);
    if (!Number.isFinite(fx)) refuse(`f is not finite at ${formatPoint(p)} (f = ${fx})`);
    if (!fn.grad(p).every(Number.isFinite)) refuse(`the gradient of f is not finite at ${formatPoint(p)}`);
  };
  if (fn.dims === 1) {
    for (const x of axes[0]) check([x]);
  } else {
    for (const x of axes[0]) for (const y of axes[1]) check([x, y]);
  }
}

/** Whether p has the level's dimension, finite coordinates, and lies inside the domain box (bounds included). */
export function isInDomain(p: Vec, domain: Box): boolean {
  return (
    p.length === domain.length && p.every((v, i) => Number.isFinite(v) && v >= domain[i][0] && v <= domain[i][1])
  );
}

const clampTo = (p: Vec, domain: Box): number[] => p.map((v, i) => Math.min(domain[i][1], Math.max(domain[i][0], v)));

interface Candidate {
  p: number[];
  fx: number;
}

/** Golden-section search on [a, b], assumed unimodal there. */
function goldenSection(g: (x: number) => number, a: number, b: number): Candidate {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = g(c);
  let fd = g(d);
  const tol = 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  for (let i = 0; i < 200 && b - a > tol; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = g(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = g(d);
    }
  }
  const best = [
    { p: [a], fx: g(a) },
    { p: [c], fx: fc },
    { p: [d], fx: fd },
    { p: [b], fx: g(b) },
  ].filter((q) => Number.isFinite(q.fx));
  return best.reduce((u, v) => (v.fx < u.fx ? v : u), { p: [(a + b) / 2], fx: g((a + b) / 2) });
}

/** Nelder–Mead with every vertex projected into the box; robust on kinks (abs, min, max). */
function nelderMead(g: (p: Vec) => number, start: Vec, step: Vec, domain: Box, iterations: number): Candidate {
  const n = start.length;
  const value = (p: number[]): number => {
    const v = g(p);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const make = (p: Vec): Candidate => {
    const q = clampTo(p, domain);
    return { p: q, fx: value(q) };
  };
  const simplex: Candidate[] = [make(start)];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    // Step inward when the start sits on the upper bound, so the simplex does not collapse.
    p[i] = p[i] + step[i] <= domain[i][1] ? p[i] + step[i] : p[i] - step[i];
    simplex.push(make(p));
  }
  const combine = (a: Vec, b: Vec, t: number): number[] => a.map((v, i) => v + t * (b[i] - v));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((u, v) => u.fx - v.fx);
    const best = simplex[0];
    const worst = simplex[n];
    const spread = Math.max(...simplex.map((s) => Math.max(...s.p.map((v, i) => Math.abs(v - best.p[i])))));
    if (spread < 1e-13 * (1 + Math.max(...best.p.map(Math.abs)))) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, q) => s + q.p[i], 0) / n);
    const reflected = make(combine(centroid, worst.p, -1));
    if (reflected.fx < best.fx) {
      const expanded = make(combine(centroid, worst.p, -2));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx < simplex[n - 1].fx) {
      simplex[n] = reflected;
    } else {
      const contracted = make(combine(centroid, worst.p, 0.5));
      if (contracted.fx < worst.fx) {
        simplex[n] = contracted;
      } else {
        for (let i = 1; i <= n; i++) simplex[i] = make(combine(best.p, simplex[i].p, 0.5));
      }
    }
  }
  return simplex.reduce((u, v) => (v.fx < u.fx ? v : u));
}

const ANALYSIS_GRID = { 1: 2001, 2: 201 } as const;
const REFINED_CANDIDATES = 6;

/** Grid points that are no worse than their neighbours, best first. */
function gridMinima(values: Float64Array, shape: readonly number[]): number[] {
  const [nx, ny = 1] = shape;
  const at = (i: number, j: number): number => values[j * nx + i];
  const minima: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = at(i, j);
      if (!Number.isFinite(v)) continue;
      let isMin = true;
      for (let dj = -1; dj <= 1 && isMin; dj++) {
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          const jj = j + dj;
          if ((di === 0 && dj === 0) || ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
          if (at(ii, jj) < v) {
            isMin = false;
            break;
          }
        }
      }
      if (isMin) minima.push(j * nx + i);
    }
  }
  return minima.sort((a, b) => values[a] - values[b]);
}

/** f* and its argmin (dense grid, then local refinement inside the box) and the median of f over the grid. */
export function analyseLevel(
  fn: LevelFunction,
  domain: Box,
): { fStar: number; argmin: number[]; median: number } {
  const n = ANALYSIS_GRID[fn.dims];
  const axes = domain.map(([lo, hi]) => linspace(lo, hi, n));
  const shape = axes.map((a) => a.length);
  const total = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(total);
  const pointAt = (k: number): number[] => (fn.dims === 1 ? [axes[0][k]] : [axes[0][k % n], axes[1][Math.floor(k / n)]]);
  for (let k = 0; k < total; k++) values[k] = fn.f(pointAt(k));

  const finite = values.filter(Number.isFinite).sort();
  if (finite.length === 0) refuse('f is not finite anywhere on the domain');
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

/** Samples of f for the reveal plot: n points on 1-D levels (default 401), an n × n grid on 2-D (default 61). */
export function sampleCurve(fn: LevelFunction, domain: Box, n?: number): CurveSamples {
  const count = (fallback: number): number => Math.max(2, Math.floor(n ?? fallback));
  if (fn.dims === 1) {
    const xs = linspace(domain[0][0], domain[0][1], count(401));
    return { dims: 1, xs, fx: xs.map((x) => fn.f([x])) };
  }
  const size = count(61);
  const xs = linspace(domain[0][0], domain[0][1], size);
  const ys = linspace(domain[1][0], domain[1][1], size);
  return { dims: 2, xs, ys, values: ys.map((y) => xs.map((x) => fn.f([x, y]))) };
}
