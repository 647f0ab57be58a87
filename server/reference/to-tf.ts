/**
 * A level expression (a mathjs parse tree) as TensorFlow.js operations over a batch of points, so that tf can
 * differentiate it and train many starting points at once. Same semantics as mathjs with `predictable` (how
 * server/math/expression.ts evaluates levels): `^` is pow, log is the natural log, and sqrt or log of a negative
 * number is NaN. Subtrees without a variable are folded once by mathjs itself, in float64.
 *
 * Two ways to get a gradient, checked against each other and against the symbolic gradient in the tests:
 * - the function itself is plain tf ops, so tf.grad / tf.train's minimize differentiate it with tf's tape;
 * - `valueAndGrad` runs the same forward ops and then a hand-written reverse pass over the expression tree.
 *   It needs about a third of the kernels of the tape (no saved-tensor clones, no broadcast reshapes, no tape
 *   bookkeeping), which is what lets the reference runs of a whole level finish in a fraction of a second.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, SymbolNode } from 'mathjs';
import type { TfModule } from './backend.ts';

/** f of every row of P ([N, dims], columns x and y) as a tensor of shape [N], differentiable by tf.grad. */
export interface TfLevelFunction {
  (P: Tensor2D): Tensor1D;
  /** f of every row ([N]) and its gradient ([N, dims]) in one forward and one hand-written backward pass. */
  valueAndGrad(P: Tensor2D): { value: Tensor1D; grad: Tensor2D };
  /** Frees the scalar tensors the translation keeps for its constants. */
  dispose(): void;
}

type Unary =
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
type Binary = 'sub' | 'mul' | 'div' | 'pow' | 'min' | 'max';

/** The expression as the translation sees it: folded constants, columns, and the ops below. */
type Expr =
  | { kind: 'const'; value: number }
  | { kind: 'var'; index: number }
  /** a + b + c + …, added left to right exactly as the chain of + would be. */
  | { kind: 'sum'; terms: Expr[] }
  | { kind: 'unary'; op: Unary; arg: Expr }
  | { kind: 'binary'; op: Binary; a: Expr; b: Expr };

const VARIABLES = ['x', 'y'] as const;
const CONSTANTS = new Set(['pi', 'e']);
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
const UNARY_FUNCTIONS: ReadonlySet<string> = new Set<Unary>([
  'sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'abs',
]); // prettier-ignore
/** Every function a level may use (server/math/expression.ts) with its [min, max] number of arguments. */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  ...Object.fromEntries([...UNARY_FUNCTIONS].map((name) => [name, [1, 1] as const])),
  log: [1, 2],
  log10: [1, 1],
  log2: [1, 1],
  pow: [2, 2],
  square: [1, 1],
  cube: [1, 1],
  min: [1, 16],
  max: [1, 16],
};

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
function build(node: MathNode, dims: 1 | 2): Expr {
  const variables: readonly string[] = VARIABLES.slice(0, dims);
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
      const arity = Object.hasOwn(ARITY, name) ? ARITY[name] : undefined;
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

/** Translates a level expression into batched tf ops; throws on anything outside the level whitelist. */
export function toTf(tf: TfModule, node: MathNode, dims: 1 | 2): TfLevelFunction {
  const root = build(node, dims);

  // Constants become scalar tensors once, not on every step (tf would otherwise wrap a number anew per op).
  const scalars = new Map<number, Tensor>();
  const scalar = (value: number): Tensor => {
    let t = scalars.get(value);
    if (!t) {
      t = tf.keep(tf.scalar(value, 'float32'));
      scalars.set(value, t);
    }
    return t;
  };

  // Under tf's tape, abs and min/max carry their own gradients so that tf agrees with the level's symbolic
  // gradient at the kinks: d|u| = sign(u) (0 at 0; tf's own says −1), and a tie of min/max splits evenly.
  type CustomArgs = Array<Tensor | ((save: Tensor[]) => void)>;
  const tapedAbs = tf.customGrad((...inputs: CustomArgs) => {
    const [u, save] = inputs as [Tensor, (ts: Tensor[]) => void];
    save([u]);
    return { value: tf.abs(u), gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, tf.sign(saved[0])) };
  });
  /** The share of a min/max's gradient that goes to a: 1 where a wins, ½ on a tie, 0 where b wins. */
  const shareOfA = (which: 'min' | 'max', a: Tensor, b: Tensor): Tensor =>
    tf.where(which === 'min' ? tf.less(a, b) : tf.greater(a, b), scalar(1), tf.where(tf.equal(a, b), scalar(0.5), scalar(0)));
  const tapedPick = (which: 'min' | 'max') =>
    tf.customGrad((...inputs: CustomArgs) => {
      const [a, b, save] = inputs as [Tensor, Tensor, (ts: Tensor[]) => void];
      save([a, b]);
      const value = which === 'min' ? tf.minimum(a, b) : tf.maximum(a, b);
      const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
        const [sa, sb] = saved;
        const ga = tf.mul(dy, shareOfA(which, sa, sb));
        const gb = tf.sub(dy, ga);
        // A constant enters as a scalar: its gradient is a sum (never used, but it must fit the input's shape).
        return [sa.rank === 0 ? tf.sum(ga) : ga, sb.rank === 0 ? tf.sum(gb) : gb];
      };
      return { value, gradFunc };
    });
  const tapedMin = tapedPick('min');
  const tapedMax = tapedPick('max');

  const UNARY: Record<Unary, (u: Tensor) => Tensor> = {
    neg: (u) => tf.neg(u),
    square: (u) => tf.square(u),
    sqrt: (u) => tf.sqrt(u),
    exp: (u) => tf.exp(u),
    log: (u) => tf.log(u),
    sin: (u) => tf.sin(u),
    cos: (u) => tf.cos(u),
    tan: (u) => tf.tan(u),
    asin: (u) => tf.asin(u),
    acos: (u) => tf.acos(u),
    atan: (u) => tf.atan(u),
    sinh: (u) => tf.sinh(u),
    cosh: (u) => tf.cosh(u),
    tanh: (u) => tf.tanh(u),
    asinh: (u) => tf.asinh(u),
    acosh: (u) => tf.acosh(u),
    atanh: (u) => tf.atanh(u),
    abs: (u) => tf.abs(u),
  };
  const BINARY: Record<Binary, (a: Tensor, b: Tensor) => Tensor> = {
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    pow: (a, b) => tf.pow(a, b),
    min: (a, b) => tf.minimum(a, b),
    max: (a, b) => tf.maximum(a, b),
  };

  /** The columns of P: one unstack for both (made only when a variable is used). */
  const columnsOf = (P: Tensor2D): ((index: number) => Tensor1D) => {
    let split: Tensor1D[] | null = null;
    return (index) => {
      split ??= dims === 1 ? [tf.reshape(P, [-1]) as Tensor1D] : (tf.unstack(P, 1) as Tensor1D[]);
      return split[index];
    };
  };

  /** Evaluates the tree; `values` (when given) keeps every node's tensor for the backward pass. */
  const forward = (e: Expr, column: (index: number) => Tensor1D, taped: boolean, values?: Map<Expr, Tensor>): Tensor => {
    let out: Tensor;
    switch (e.kind) {
      case 'const':
        out = scalar(e.value);
        break;
      case 'var':
        out = column(e.index);
        break;
      case 'sum': {
        // Order-preserving: runs of tensors go through addN, a constant is added where it stands.
        let run: Tensor[] = [];
        for (const term of e.terms) {
          const t = forward(term, column, taped, values);
          if (term.kind === 'const' && run.length > 0) run = [tf.add(run.length === 1 ? run[0] : tf.addN(run), t)];
          else if (run.length === 1 && run[0].rank === 0) run = [tf.add(run[0], t)]; // a leading constant
          else run.push(t);
        }
        out = run.length === 1 ? run[0] : tf.addN(run);
        break;
      }
      case 'unary': {
        const u = forward(e.arg, column, taped, values);
        out = taped && e.op === 'abs' ? tapedAbs(u) : UNARY[e.op](u);
        break;
      }
      case 'binary': {
        const a = forward(e.a, column, taped, values);
        const b = forward(e.b, column, taped, values);
        if (taped && e.op === 'min') out = tapedMin(a, b);
        else if (taped && e.op === 'max') out = tapedMax(a, b);
        else out = BINARY[e.op](a, b);
        break;
      }
    }
    values?.set(e, out);
    return out;
  };

  /**
   * A gradient on its way down, as c·t: t a tensor (null: all ones) and c a number. Constant factors (a minus,
   * the 2 of a square, the s of s·x, the 1/9 of a mean) then cost no kernel at all; they are applied once per
   * column at the end. On the regression level this halves the backward pass.
   */
  interface Flow {
    t: Tensor | null;
    c: number;
  }
  const times = (g: Flow, x: Tensor, c = 1): Flow => ({ t: g.t ? tf.mul(g.t, x) : x, c: g.c * c });
  const over = (g: Flow, x: Tensor, c = 1): Flow => ({ t: g.t ? tf.div(g.t, x) : tf.reciprocal(x), c: g.c * c });
  const scaled = (g: Flow, c: number): Flow => ({ t: g.t, c: g.c * c });
  const oneMinusSquare = (t: Tensor): Tensor => tf.sub(scalar(1), tf.square(t));

  /** Reverse pass: pushes g = ∂f/∂(this node) down to the columns, by the textbook derivative of each op. */
  const backward = (e: Expr, g: Flow, values: Map<Expr, Tensor>, columnFlows: Flow[][]): void => {
    const val = (x: Expr): Tensor => values.get(x) as Tensor;
    const down = (x: Expr, gx: () => Flow): void => {
      if (x.kind !== 'const') backward(x, gx(), values, columnFlows);
    };
    switch (e.kind) {
      case 'const':
        return;
      case 'var':
        columnFlows[e.index].push(g);
        return;
      case 'sum':
        for (const term of e.terms) down(term, () => g);
        return;
      case 'unary':
        down(e.arg, () => {
          const u = val(e.arg);
          switch (e.op) {
            case 'neg':
              return scaled(g, -1);
            case 'square':
              return times(g, u, 2);
            case 'sqrt':
              return over(g, val(e), 0.5);
            case 'exp':
              return times(g, val(e));
            case 'log':
              return over(g, u);
            case 'sin':
              return times(g, tf.cos(u));
            case 'cos':
              return times(g, tf.sin(u), -1);
            case 'tan':
              return over(g, tf.square(tf.cos(u)));
            case 'asin':
              return over(g, tf.sqrt(oneMinusSquare(u)));
            case 'acos':
              return over(g, tf.sqrt(oneMinusSquare(u)), -1);
            case 'atan':
              return over(g, tf.add(scalar(1), tf.square(u)));
            case 'sinh':
              return times(g, tf.cosh(u));
            case 'cosh':
              return times(g, tf.sinh(u));
            case 'tanh':
              return times(g, oneMinusSquare(val(e)));
            case 'asinh':
              return over(g, tf.sqrt(tf.add(tf.square(u), scalar(1))));
            case 'acosh':
              return over(g, tf.sqrt(tf.sub(tf.square(u), scalar(1))));
            case 'atanh':
              return over(g, oneMinusSquare(u));
            case 'abs':
              return times(g, tf.sign(u));
          }
        });
        return;
      case 'binary': {
        const { a, b } = e;
        switch (e.op) {
          case 'sub':
            down(a, () => g);
            down(b, () => scaled(g, -1));
            return;
          case 'mul':
            down(a, () => (b.kind === 'const' ? scaled(g, b.value) : times(g, val(b))));
            down(b, () => (a.kind === 'const' ? scaled(g, a.value) : times(g, val(a))));
            return;
          case 'div':
            down(a, () => (b.kind === 'const' ? scaled(g, 1 / b.value) : over(g, val(b))));
            down(b, () => over(times(g, val(e)), val(b), -1)); // −g·a/b² = −g·(a/b)/b
            return;
          case 'pow':
            // d(a^b)/da = b·a^(b−1); d(a^b)/db = a^b·log(a) (NaN for a < 0, like the symbolic gradient).
            down(a, () => {
              if (b.kind !== 'const') return times(g, tf.mul(tf.pow(val(a), tf.sub(val(b), scalar(1))), val(b)));
              const k = b.value;
              return times(g, k === 2 ? val(a) : k === 3 ? tf.square(val(a)) : tf.pow(val(a), scalar(k - 1)), k);
            });
            down(b, () => (a.kind === 'const' ? times(g, val(e), Math.log(a.value)) : times(g, tf.mul(val(e), tf.log(val(a))))));
            return;
          case 'min':
          case 'max': {
            const share = shareOfA(e.op, val(a), val(b));
            down(a, () => times(g, share));
            down(b, () => times(g, tf.sub(scalar(1), share)));
            return;
          }
        }
      }
    }
  };

  /** Σ c·t over a column's flows: flows with the same c are added first, so each distinct c costs one multiply. */
  const collect = (flows: Flow[], like: Tensor1D): Tensor => {
    const byFactor = new Map<number, Tensor[]>();
    let ones = 0; // flows without a tensor are constants: c·1
    for (const { t, c } of flows) {
      if (t === null) ones += c;
      else byFactor.set(c, [...(byFactor.get(c) ?? []), t]);
    }
    const parts = [...byFactor].map(([c, ts]) => {
      const total = ts.length === 1 ? ts[0] : tf.addN(ts);
      return c === 1 ? total : tf.mul(total, scalar(c));
    });
    if (parts.length === 0) return tf.fill(like.shape, ones, 'float32');
    const total = parts.length === 1 ? parts[0] : tf.addN(parts);
    return ones === 0 ? total : tf.add(total, scalar(ones));
  };

  const checkShape = (P: Tensor2D): void => {
    if (P.rank !== 2 || P.shape[1] !== dims) {
      throw new RangeError(`expected points of shape [N, ${dims}], got [${P.shape.join(', ')}]`);
    }
  };

  /** f as a tensor of shape [N] even when the expression is constant (still a function of P for tf.grad). */
  const asRows = (out: Tensor, column: (index: number) => Tensor1D): Tensor1D =>
    (out.rank === 1 ? out : tf.add(tf.zerosLike(column(0)), out)) as Tensor1D;

  const evaluate = (P: Tensor2D): Tensor1D => {
    checkShape(P);
    return tf.tidy(() => {
      const column = columnsOf(P);
      return asRows(forward(root, column, true), column);
    });
  };

  const valueAndGrad = (P: Tensor2D): { value: Tensor1D; grad: Tensor2D } => {
    checkShape(P);
    return tf.tidy(() => {
      const column = columnsOf(P);
      const values = new Map<Expr, Tensor>();
      const value = asRows(forward(root, column, false, values), column);
      const columnFlows: Flow[][] = Array.from({ length: dims }, () => []);
      if (root.kind !== 'const') backward(root, { t: null, c: 1 }, values, columnFlows);
      const perColumn = columnFlows.map((flows) => collect(flows, value));
      const grad = (dims === 1 ? tf.reshape(perColumn[0], [-1, 1]) : tf.stack(perColumn, 1)) as Tensor2D;
      return { value, grad };
    });
  };

  return Object.assign(evaluate, {
    valueAndGrad,
    dispose(): void {
      for (const t of scalars.values()) t.dispose();
      scalars.clear();
    },
  });
}
