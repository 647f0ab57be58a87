/**
 * The three optimizers as textbook update rules in float64 over the level's symbolic gradient, one start at a
 * time. TensorFlow.js computes the reference paths the class sees (optimizers.ts); this replay is what choosing
 * settings needs: cheap enough to try a grid of learning rates from fifty starts, and independent of tf.
 * Same rules as tf.train: momentum v ← βv + g, x ← x − lr·v; Adam with β1 = 0.9, β2 = 0.999, ε = 1e-7.
 */
import type { LevelFunction } from '../math/expression.ts';
import type { Optimizer } from '../../shared/protocol.ts';
import { ADAM_DEFAULTS, MOMENTUM_DEFAULT_BETA } from '../../shared/optimizers.ts';
import { isPastLimits, type DivergenceLimits } from './divergence.ts';

/** One optimizer with its settings. */
export interface ReplaySpec {
  optimizer: Optimizer;
  lr: number;
  beta?: number;
  steps: number;
}

/** A replayed path: the start and one point per step, stopped before the first point past the limits. */
export interface ReplayPath {
  path: { x: number[]; fx: number }[];
  diverged: boolean;
}

type Fn = Pick<LevelFunction, 'f' | 'grad'>;

/** Replays one optimizer from one start (see the top of this file). */
export function replay(fn: Fn, spec: ReplaySpec, start: readonly number[], limits: DivergenceLimits | null = null): ReplayPath {
  const x = [...start];
  const v = x.map(() => 0); // momentum's velocity, Adam's first moment
  const s = x.map(() => 0); // Adam's second moment
  const beta = spec.beta ?? MOMENTUM_DEFAULT_BETA;
  const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
  const f0 = fn.f(x);
  if (isPastLimits(x, f0, null)) return { path: [], diverged: true };
  const path = [{ x: [...x], fx: f0 }];
  for (let t = 1; t <= spec.steps; t++) {
    const g = fn.grad(x);
    for (let i = 0; i < x.length; i++) {
      if (spec.optimizer === 'gd') {
        x[i] -= spec.lr * g[i];
      } else if (spec.optimizer === 'momentum') {
        v[i] = beta * v[i] + g[i];
        x[i] -= spec.lr * v[i];
      } else {
        v[i] = beta1 * v[i] + (1 - beta1) * g[i];
        s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i];
        x[i] -= (spec.lr * (v[i] / (1 - beta1 ** t))) / (Math.sqrt(s[i] / (1 - beta2 ** t)) + epsilon);
      }
    }
    const fx = fn.f(x);
    if (isPastLimits(x, fx, limits)) return { path, diverged: true };
    path.push({ x: [...x], fx });
  }
  return { path, diverged: false };
}
