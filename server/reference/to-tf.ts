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
import type { MathNode } from 'mathjs';
import type { TfModule } from './backend.ts';
import { build, type Binary, type Expr, type Unary } from './tf-expr.ts';

/** f of every row of P ([N, dims], columns x and y) as a tensor of shape [N], differentiable by tf.grad. */
export interface TfLevelFunction {
  (P: Tensor2D): Tensor1D;
  /** f of every row ([N]) and its gradient ([N, dims]) in one forward and one hand-written backward pass. */
  valueAndGrad(P: Tensor2D): { value: Tensor1D; grad: Tensor2D };
  /** Frees the scalar tensors the translation keeps for its constants. */
  dispose(): void;
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
