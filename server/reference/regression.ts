/**
 * The slides' regression, trained as a model ("now let the machine do it"): IQ = a·s + b over the nine
 * (髒話因子, IQ) points, as tf.sequential with one dense unit, fitted by plain GD and by momentum, beside the
 * closed-form least-squares answer ("用魔法 — 靠數學直接解出來", line-fit.ts).
 *
 * The feature is used as it is, not standardised: the loss surface is then the long narrow valley of level 4
 * (curvatures ≈ 492 and ≈ 0.067, ratio ≈ 7300), where plain descent crawls and momentum gets through. Both start
 * from the slide's own line (3.33·s + 50, MSE ≈ 156.95) with level 4's settings (templates.ts): lr 0.002, half
 * of plain descent's stability limit 2/492 ≈ 0.00406, and β 0.97 for momentum. GD drops into the valley and then
 * creeps along it (MSE ≈ 71.5 after 1000 epochs); momentum is within 0.001 of the least-squares MSE after about
 * 870 epochs.
 */
import type { Optimizer as TfOptimizer, Scalar, Sequential, Tensor, Variable } from '@tensorflow/tfjs';
import { loadTf } from './backend.ts';
import { REGRESSION_DATA, SLIDE_LEVELS, SLIDE_LINE } from '../game/templates.ts';
import { leastSquaresLine, lineMse, type Line } from '../../shared/line-fit.ts';

export type { Line } from '../../shared/line-fit.ts';

/** One training of the model: its settings, the loss before each epoch's update, and where it ended. */
export interface RegressionRun {
  optimizer: 'gd' | 'momentum';
  lr: number;
  beta?: number;
  epochs: number;
  /** Mean squared error at the start of each epoch (tf, float32): loss[0] is the start line's. */
  loss: number[];
  /** The fitted line, and its MSE recomputed in float64. */
  a: number;
  b: number;
  mse: number;
}

/** What the admin panel shows: the data, the closed-form answer and both trainings, as plain JSON. */
export interface RegressionFit {
  backend: string;
  data: { s: number; iq: number }[];
  start: Line & { mse: number };
  closedForm: Line & { mse: number };
  runs: RegressionRun[];
}

/** Settings of a fit; every field has the default described at the top of this file. */
export interface RegressionOptions {
  epochs?: number;
  start?: Line;
  gd?: { lr: number };
  momentum?: { lr: number; beta: number };
}

const level4 = SLIDE_LEVELS.find((t) => t.key === 'regression')!.reference;
const DEFAULTS = {
  epochs: 1000,
  start: SLIDE_LINE,
  gd: { lr: level4.gd.lr },
  momentum: { lr: level4.momentum.lr, beta: level4.momentum.beta },
} as const;

/** Mean squared error of a line over the slides' data, in float64. */
export function regressionMse(line: Line): number {
  return lineMse(REGRESSION_DATA, line);
}

/** The least-squares line over the slides' data in closed form, with its MSE. */
export function leastSquares(): Line & { mse: number } {
  return leastSquaresLine(REGRESSION_DATA);
}

let defaultFit: Promise<RegressionFit> | null = null;

/** Fits IQ = a·s + b with tf.sequential + dense(1) by GD and by momentum; plain JSON for the admin route. */
export function fitRegression(options: RegressionOptions = {}): Promise<RegressionFit> {
  if (Object.keys(options).length > 0) return fit(options);
  // The default fit never changes (same data, same settings): the admin panel gets it once per process.
  defaultFit ??= fit({}).catch((err: unknown) => {
    defaultFit = null;
    throw err;
  });
  return defaultFit;
}

async function fit(options: RegressionOptions): Promise<RegressionFit> {
  const epochs = options.epochs ?? DEFAULTS.epochs;
  const start = options.start ?? DEFAULTS.start;
  const gd = options.gd ?? DEFAULTS.gd;
  const momentum = options.momentum ?? DEFAULTS.momentum;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100_000) throw new RangeError('epochs must be an integer in [1, 100000]');

  const { tf, backend } = await loadTf();
  const xs = tf.tensor2d(REGRESSION_DATA.map(([s]) => [s]));
  const ys = tf.tensor2d(REGRESSION_DATA.map(([, iq]) => [iq]));

  /** One full-batch step per epoch; the loss before each step, read back once at the end. */
  const epochsOf = async (model: Sequential, trainer: TfOptimizer): Promise<number[]> => {
    // model.fit({ batchSize: 9, shuffle: false }) takes the same steps (same numbers), but its per-epoch
    // callbacks cost more than the step itself here; the losses stay tensors until the end.
    const losses: Tensor[] = [];
    // The model's own weights, not minimize's default (every trainable variable registered with tf).
    const weights = model.trainableWeights.map((w) => w.read() as Variable);
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const cost = trainer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as Tensor) as Scalar, true, weights);
        if (cost) losses.push(cost);
        if (epoch % 100 === 99) await new Promise((resolve) => setImmediate(resolve)); // let the server breathe
      }
      const stacked = tf.stack(losses);
      losses.push(stacked);
      return Array.from(await stacked.data());
    } finally {
      tf.dispose(losses);
    }
  };

  const train = async (optimizer: 'gd' | 'momentum'): Promise<RegressionRun> => {
    const lr = optimizer === 'gd' ? gd.lr : momentum.lr;
    const trainer = optimizer === 'gd' ? tf.train.sgd(lr) : tf.train.momentum(lr, momentum.beta);
    // Both start from the same line, so the curves differ only by the optimizer.
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 1,
          inputShape: [1],
          kernelInitializer: tf.initializers.constant({ value: start.a }),
          biasInitializer: tf.initializers.constant({ value: start.b }),
        }),
      ],
    });
    try {
      const loss = await epochsOf(model, trainer);
      const [kernel, bias] = model.getWeights();
      const a = (await kernel.data())[0];
      const b = (await bias.data())[0];
      return {
        optimizer,
        lr,
        ...(optimizer === 'momentum' ? { beta: momentum.beta } : {}),
        epochs,
        loss,
        a,
        b,
        mse: regressionMse({ a, b }),
      };
    } finally {
      model.dispose();
      trainer.dispose();
      // MomentumOptimizer.dispose (tfjs 4.22) forgets the learning-rate scalar it inherits from SGD.
      if (optimizer === 'momentum') tf.SGDOptimizer.prototype.dispose.call(trainer);
    }
  };

  try {
    const runs = [await train('gd'), await train('momentum')];
    return {
      backend,
      data: REGRESSION_DATA.map(([s, iq]) => ({ s, iq })),
      start: { ...start, mse: regressionMse(start) },
      closedForm: leastSquares(),
      runs,
    };
  } finally {
    xs.dispose();
    ys.dispose();
  }
}
