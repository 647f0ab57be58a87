/**
 * A level expression (a mathjs parse tree) as the small tree that to-tf.ts turns into TensorFlow.js operations:
 * checked against the level whitelist (server/math/parse.ts), with every subtree that holds no variable folded once by mathjs (float64),
 * sums gathered into one n-ary node, and x^2 as a square. Same semantics as server/math/expression.ts.
 */
import type { ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, SymbolNode } from 'mathjs';
import { CONSTANTS, FUNCTIONS, OPERATORS, VARIABLES } from '../math/parse.ts';

export type Unary =
  | 'neg'
  | 'square'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'asinh'
  | 'acosh'
  | 'atanh'
  | 'abs';
export type Binary = 'sub' | 'mul' | 'div' | 'pow' | 'min' | 'max';

/** The expression as the translation sees it: folded constants, columns, and the ops below. */
export type Expr =
  | { kind: 'const'; value: number }
  | { kind: 'var'; index: number }
  /** a + b + c + …, added left to right exactly as the chain of + would be. */
  | { kind: 'sum'; terms: Expr[] }
  | { kind: 'unary'; op: Unary; arg: Expr }
  | { kind: 'binary'; op: Binary; a: Expr; b: Expr };

/** The functions with one argument that map to one TensorFlow.js operation (the others are written out in compile). */
const UNARY_FUNCTIONS: ReadonlySet<string> = new Set<Unary>([
  'sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'abs',
]); // prettier-ignore

const isConstantNode = (n: MathNode): n is ConstantNode & { value: unknown } => n.type === 'ConstantNode';
const isSymbolNode = (n: MathNode): n is SymbolNode => n.type === 'SymbolNode';
const isParenthesisNode = (n: MathNode): n is ParenthesisNode => n.type === 'ParenthesisNode';
const isOperatorNode = (n: MathNode): n is OperatorNode<never, never> => n.type === 'OperatorNode';
const isFunctionNode = (n: MathNode): n is FunctionNode => n.type === 'FunctionNode';

function unsupported(message: string): never {
  throw new Error(`cannot translate the expression to TensorFlow.js: ${message}`);
}

const constant = (value: number): Expr => ({ kind: 'const', value });
const unary = (op: Unary, arg: Expr): Expr => (arg.kind === 'const' ? constant(foldUnary(op, arg.value)) : { kind: 'unary', op, arg });
const binary = (op: Binary, a: Expr, b: Expr): Expr =>
  a.kind === 'const' && b.kind === 'const' ? constant(foldBinary(op, a.value, b.value)) : { kind: 'binary', op, a, b };

/** Only for pieces this module synthesises from constants (log(x, 2) → log(2)); mathjs folds the rest. */
function foldUnary(op: Unary, v: number): number {
  if (op === 'neg') return -v;
  if (op === 'square') return v * v;
  return (Math[op] as (u: number) => number)(v);
}
function foldBinary(op: Binary, a: number, b: number): number {
  switch (op) {
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'pow':
      return a ** b;
    case 'min':
      return Math.min(a, b);
    case 'max':
      return Math.max(a, b);
  }
}

/** Checks the tree against the whitelist and builds the Expr; throws a clear error for anything else. */
export function build(node: MathNode, dims: 1 | 2): Expr {
  const variables: readonly string[] = VARIABLES[dims];
  const usesVariables = (n: MathNode): boolean => n.filter((c) => isSymbolNode(c) && variables.includes(c.name)).length > 0;

  const check = (n: MathNode): void => {
    if (isConstantNode(n)) {
      if (typeof n.value !== 'number') unsupported(`the constant ${String(n.value)} is not a number`);
    } else if (isSymbolNode(n)) {
      if (!variables.includes(n.name) && !CONSTANTS.has(n.name)) {
        unsupported(`unknown symbol "${n.name}" (variables: ${variables.join(', ')}; constants: pi, e)`);
      }
    } else if (isParenthesisNode(n)) {
      check(n.content);
    } else if (isOperatorNode(n)) {
      if (!OPERATORS.has(n.fn)) unsupported(`the operator "${n.op}" is not supported`);
      n.args.forEach(check);
    } else if (isFunctionNode(n)) {
      const name = isSymbolNode(n.fn) ? n.fn.name : String(n.fn);
      const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!arity) unsupported(`the function "${name}" is not supported`);
      if (n.args.length < arity[0] || n.args.length > arity[1]) {
        unsupported(`${name} takes ${arity[0]} to ${arity[1]} argument(s), not ${n.args.length}`);
      }
      n.args.forEach(check);
    } else {
      unsupported(`${n.type} is not supported`);
    }
  };

  const compile = (n: MathNode): Expr => {
    if (!usesVariables(n)) {
      const value: unknown = n.evaluate();
      // mathjs without `predictable` answers sqrt(-2) with a Complex: not a real number, so NaN like tf's.
      return constant(typeof value === 'number' ? value : Number.NaN);
    }
    if (isParenthesisNode(n)) return compile(n.content);
    if (isSymbolNode(n)) return { kind: 'var', index: variables.indexOf(n.name) };
    if (isOperatorNode(n)) {
      switch (n.fn as string) {
        case 'add':
          return sum(n);
        case 'subtract':
          return binary('sub', compile(n.args[0]), compile(n.args[1]));
        case 'multiply':
          return binary('mul', compile(n.args[0]), compile(n.args[1]));
        case 'divide':
          return binary('div', compile(n.args[0]), compile(n.args[1]));
        case 'pow':
          return power(compile(n.args[0]), compile(n.args[1]));
        case 'unaryMinus':
          return unary('neg', compile(n.args[0]));
        default: // unaryPlus
          return compile(n.args[0]);
      }
    }
    // Only function calls are left after `check`.
    const call = n as FunctionNode;
    const name = call.fn.name;
    const args = call.args.map(compile);
    const log = (e: Expr): Expr => unary('log', e);
    switch (name) {
      case 'log':
        // mathjs: log(x, base) = log(x) / log(base).
        return args.length === 1 ? log(args[0]) : binary('div', log(args[0]), log(args[1]));
      case 'log10':
        return binary('div', log(args[0]), constant(Math.LN10));
      case 'log2':
        return binary('div', log(args[0]), constant(Math.LN2));
      case 'pow':
        return power(args[0], args[1]);
      case 'square':
        return power(args[0], constant(2));
      case 'cube':
        return power(args[0], constant(3));
      case 'min':
      case 'max':
        return args.reduce((a, b) => binary(name, a, b));
      default:
        // A function the level whitelist gained without a translation here is refused, not sent to tf by name.
        if (!UNARY_FUNCTIONS.has(name)) unsupported(`the function "${name}" has no TensorFlow.js translation`);
        return unary(name as Unary, args[0]);
    }
  };

  /** x^2 is by far the most common power: square is cheaper than pow both ways and has the same value. */
  const power = (base: Expr, exponent: Expr): Expr => {
    if (exponent.kind === 'const' && exponent.value === 2) return unary('square', base);
    if (exponent.kind === 'const' && exponent.value === 1) return base;
    return binary('pow', base, exponent);
  };

  /**
   * a + b + c + … as one n-ary sum (tf.addN: one kernel, and no reshapes in its gradient). Only the left-nested
   * chain is gathered and addN adds in list order, so the float32 sums equal the chain's.
   */
  const sum = (n: OperatorNode<never, never>): Expr => {
    const chain: MathNode[] = [];
    let cur: MathNode = n;
    for (;;) {
      const inner: MathNode = isParenthesisNode(cur) ? cur.content : cur;
      if (isOperatorNode(inner) && (inner.fn as string) === 'add' && usesVariables(inner)) {
        chain.push(inner.args[1]);
        cur = inner.args[0];
      } else {
        chain.push(cur);
        break;
      }
    }
    return { kind: 'sum', terms: chain.reverse().map(compile) };
  };

  check(node);
  return compile(node);
}
