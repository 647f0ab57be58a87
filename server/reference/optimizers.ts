/**
 * Reference runs: GD, momentum and Adam (tf.train optimizers) on a level's function, every starting point of
 * every run trained at once. Starts that share an optimizer and its hyper-parameters are one tf.Variable of
 * shape [N, dims]; all those variables are concatenated for one forward and one backward pass per step, so a
 * step costs the same few dozen tf ops whether it moves 1 point or 300. Positions and f stay on the tensor side
 * until the end and are read back once; each path is then cut where it diverged (divergence.ts).
 */
import type { Tensor, Tensor2D, Variable, Optimizer as TfOptimizer } from '@tensorflow/tfjs';
import type { MathNode } from 'mathjs';
import type { Optimizer } from '../../shared/protocol.ts';
import { ADAM_DEFAULTS, MOMENTUM_DEFAULT_BETA, OPTIMIZERS } from '../../shared/optimizers.ts';
import { loadTf, type TfModule } from './backend.ts';
import { divergenceLimits, isPastLimits, type DivergenceLimits } from './divergence.ts';
import { toTf, type TfLevelFunction } from './to-tf.ts';

/** The level function as the reference needs it: the parse tree (the one the level was checked with). */
export interface ReferenceFunction {
  node: MathNode;
  dims: 1 | 2;
}

/** One run: an optimizer with its hyper-parameters, trained `steps` steps from each of `starts`. */
export interface ReferenceRunSpec {
  optimizer: Optimizer;
  lr: number;
  /** Momentum's β (default 0.9); ignored by gd, and by adam, which runs with ADAM_DEFAULTS (β1 0.9, β2 0.999, ε 1e-7). */
  beta?: number;
  steps: number;
  starts: number[][];
}

/** A point of a reference path: the position and f there. */
export interface ReferencePoint {
  x: number[];
  fx: number;
}

/** The path from one start: the start and one point per step, cut before the first point that diverged. */
export interface ReferenceTrace {
  path: ReferencePoint[];
  diverged: boolean;
}

/** The most steps one run may ask for: the admin contract's limit (the whole path is kept until the end). */
export const MAX_STEPS = 10_000;

/** A variable of starts that share optimizer and hyper-parameters, trained by one tf.train optimizer. */
interface Group {
  optimizer: Optimizer;
  lr: number;
  beta: number;
  /** Where each member's starts sit in the variable, and how far each member goes. */
  members: Array<{ run: number; start: number; row: number; steps: number }>;
  starts: number[][];
  maxSteps: number;
  variable?: Variable;
  trainer?: TfOptimizer;
}

function checkRun(run: ReferenceRunSpec, dims: 1 | 2, index: number): void {
  const where = `reference run ${index}`;
  if (!OPTIMIZERS.includes(run.optimizer)) throw new RangeError(`${where}: unknown optimizer "${run.optimizer}"`);
  if (!(Number.isFinite(run.lr) && run.lr > 0)) throw new RangeError(`${where}: lr must be a positive number`);
  if (!Number.isInteger(run.steps) || run.steps < 0 || run.steps > MAX_STEPS) {
    throw new RangeError(`${where}: steps must be an integer in [0, ${MAX_STEPS}]`);
  }
  if (run.beta !== undefined && !(Number.isFinite(run.beta) && run.beta >= 0 && run.beta < 1)) {
    throw new RangeError(`${where}: beta must be in [0, 1)`);
  }
  for (const start of run.starts) {
    if (start.length !== dims || !start.every(Number.isFinite)) {
      throw new RangeError(`${where}: a start must be ${dims} finite number(s), got [${start.join(', ')}]`);
    }
  }
}

/** Frees a tf.train optimizer and everything it holds. */
function disposeTrainer(tf: TfModule, group: Group): void {
  if (!group.trainer) return;
  group.trainer.dispose();
  // MomentumOptimizer.dispose (tfjs 4.22) frees its own scalars but not the learning-rate scalar it inherits
  // from SGDOptimizer; disposing a tensor twice is harmless, so this stays right once tfjs fixes it.
  // (Not `instanceof`: tfjs optimizers answer instanceof by duck typing, so Adam would pass too.)
  if (group.optimizer === 'momentum') tf.SGDOptimizer.prototype.dispose.call(group.trainer);
}

function makeTrainer(tf: TfModule, group: Group): TfOptimizer {
  switch (group.optimizer) {
    case 'gd':
      return tf.train.sgd(group.lr);
    case 'momentum':
      return tf.train.momentum(group.lr, group.beta);
    case 'adam':
      return tf.train.adam(group.lr, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon);
  }
}

/** Groups the starts of all runs by (optimizer, lr, β): a run that is shorter is simply cut from its group. */
function groupRuns(runs: readonly ReferenceRunSpec[]): Group[] {
  const groups = new Map<string, Group>();
  runs.forEach((run, r) => {
    const beta = run.optimizer === 'momentum' ? (run.beta ?? MOMENTUM_DEFAULT_BETA) : 0;
    const key = `${run.optimizer}|${run.lr}|${beta}`;
    let group = groups.get(key);
    if (!group) {
      group = { optimizer: run.optimizer, lr: run.lr, beta, members: [], starts: [], maxSteps: 0 };
      groups.set(key, group);
    }
    for (const [s, start] of run.starts.entries()) {
      group.members.push({ run: r, start: s, row: group.starts.length, steps: run.steps });
      group.starts.push(start);
      group.maxSteps = Math.max(group.maxSteps, run.steps);
    }
  });
  // Longest first: the groups still training at any step are then a prefix, at fixed row offsets.
  return [...groups.values()].filter((g) => g.starts.length > 0).sort((a, b) => b.maxSteps - a.maxSteps);
}

/** Hands the event loop back now and then, so a long run does not hold up guesses that fall due meanwhile. */
const YIELD_EVERY_MS = 25;
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Where paths count as diverged: the level's domain and the spread of f over it (divergence.ts). */
export interface ReferenceBounds {
  domain: readonly (readonly [number, number])[];
  spread: number;
}

/**
 * Trains every run from every one of its starts and returns, per run, one trace per start (in order).
 * Rows never interact (f is summed over rows, so each row's gradient is its own), hence all starts of all runs
 * share one forward/backward pass per step; tf.train.sgd / momentum / adam then update their own variable.
 * Without `bounds` a path is cut only where it stops being finite.
 */
export async function runReference(
  fn: ReferenceFunction,
  runs: readonly ReferenceRunSpec[],
  bounds: ReferenceBounds | null = null,
): Promise<ReferenceTrace[][]> {
  runs.forEach((run, i) => checkRun(run, fn.dims, i));
  const results: ReferenceTrace[][] = runs.map((run) => run.starts.map(() => ({ path: [], diverged: false })));
  const groups = groupRuns(runs);
  if (groups.length === 0) return results;

  const { tf } = await loadTf();
  const f: TfLevelFunction = toTf(tf, fn.node, fn.dims);
  const dims = fn.dims;
  const offsets: number[] = [];
  groups.reduce((row, g) => (offsets.push(row), row + g.starts.length), 0);
  const horizon = groups[0].maxSteps;
  // Per step t: positions of the groups still running (a prefix), then f there; kept until the one read-back.
  const recorded: Tensor[] = [];
  const rowsAt: number[] = [];

  try {
    for (const g of groups) {
      // Not trainable: the gradients are handed over explicitly, and another caller's minimize() (which takes
      // every trainable variable by default) must not pick these up.
      g.variable = tf.tidy(() => tf.variable(tf.tensor2d(g.starts, [g.starts.length, dims], 'float32'), false));
      g.trainer = makeTrainer(tf, g);
    }
    let lastYield = performance.now();
    for (let t = 0; t <= horizon; t++) {
      let active = groups.length;
      while (groups[active - 1].maxSteps < t) active--;
      let training = active;
      while (training > 0 && groups[training - 1].maxSteps <= t) training--;
      const vars = groups.slice(0, active).map((g) => g.variable as Variable);
      rowsAt.push(offsets[active - 1] + groups[active - 1].starts.length);

      tf.tidy(() => {
        // P is a copy: the variables get new values below, the record must keep these ones.
        const P = (vars.length === 1 ? tf.clone(vars[0]) : tf.concat(vars, 0)) as Tensor2D;
        if (training === 0) {
          recorded.push(tf.keep(P), tf.keep(f(P))); // the last positions: f only, no step
          return;
        }
        const { value, grad } = f.valueAndGrad(P);
        recorded.push(tf.keep(P), tf.keep(value));
        const perGroup = vars.length === 1 ? [grad] : tf.split(grad, groups.slice(0, active).map((g) => g.starts.length), 0);
        for (let k = 0; k < training; k++) {
          (groups[k].trainer as TfOptimizer).applyGradients({ [vars[k].name]: perGroup[k] });
        }
      });

      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await breathe();
        lastYield = performance.now();
      }
    }

    // One read-back of everything: per step, the positions (rows × dims) then f (rows).
    const flat = tf.tidy(() => tf.concat(recorded.map((r) => tf.reshape(r, [-1]))));
    let values: Float32Array;
    try {
      values = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }

    const stepOffset: number[] = [];
    rowsAt.reduce((at, rows) => (stepOffset.push(at), at + rows * (dims + 1)), 0);
    groups.forEach((g, k) => {
      for (const m of g.members) {
        const trace = results[m.run][m.start];
        const row = offsets[k] + m.row;
        let limits: DivergenceLimits | null = null;
        for (let t = 0; t <= m.steps; t++) {
          const at = stepOffset[t] + row * dims;
          const x = dims === 1 ? [values[at]] : [values[at], values[at + 1]];
          const fx = values[stepOffset[t] + rowsAt[t] * dims + row];
          if (t === 0 && bounds) limits = divergenceLimits(bounds.domain, fx, bounds.spread);
          if (isPastLimits(x, fx, limits)) {
            trace.diverged = true;
            break;
          }
          // The start as given, not its float32 rounding: it is the team's guess, shown beside it.
          trace.path.push({ x: t === 0 ? [...g.starts[m.row]] : x, fx });
        }
      }
    });
    return results;
  } finally {
    tf.dispose(recorded);
    f.dispose();
    for (const g of groups) {
      disposeTrainer(tf, g);
      g.variable?.dispose();
    }
  }
}
