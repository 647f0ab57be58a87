/**
 * A straight line y = a·s + b fitted to data points (s, y) by least squares, in closed form and in float64: the
 * slides' "用魔法 — 靠數學直接解出來". Pure: the server's reference runs and the pages' plots use the same code. Also the standardised feature z = (s − mean) / sd, on which the mean squared
 * error is a round bowl (Hessian 2·I) instead of level 4's long valley, and the maps between the two coordinates.
 */
import { coords } from './point.ts';

/** A line y = a·s + b. */
export interface Line {
  a: number;
  b: number;
}

/** A data point (feature s, target y). */
export type DataPoint = readonly [number, number];

/** Mean and standard deviation (population: divided by n) of the feature over the data. */
export interface FeatureStats {
  mean: number;
  sd: number;
}

/** The line y = a·s + b that a 2-D point (a, b) stands for; null for anything else (a 1-D point, a value not finite). */
export function lineOf(x: number | readonly number[] | null | undefined): Line | null {
  if (x === null || x === undefined) return null;
  const c = coords(x);
  return c.length === 2 && c.every(Number.isFinite) ? { a: c[0], b: c[1] } : null;
}

/** The two ends of a line over the feature range [lo, hi], as chart points. */
export function lineEnds({ a, b }: Line, [lo, hi]: readonly [number, number]): [{ x: number; y: number }, { x: number; y: number }] {
  return [
    { x: lo, y: a * lo + b },
    { x: hi, y: a * hi + b },
  ];
}

/** Mean squared error of a line over the data. */
export function lineMse(points: readonly DataPoint[], { a, b }: Line): number {
  return points.reduce((sum, [s, y]) => sum + (a * s + b - y) ** 2, 0) / points.length;
}

/** Mean and population standard deviation of the feature s. */
export function featureStats(points: readonly DataPoint[]): FeatureStats {
  const n = points.length;
  const mean = points.reduce((sum, [s]) => sum + s, 0) / n;
  const variance = points.reduce((sum, [s]) => sum + (s - mean) ** 2, 0) / n;
  return { mean, sd: Math.sqrt(variance) };
}

/** The least-squares line in closed form: a = cov(s, y) / var(s), b = mean(y) − a·mean(s); with its MSE. */
export function leastSquaresLine(points: readonly DataPoint[]): Line & { mse: number } {
  const n = points.length;
  const { mean } = featureStats(points);
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [s, y] of points) {
    sxx += (s - mean) ** 2;
    sxy += (s - mean) * (y - meanY);
  }
  const a = sxy / sxx;
  const b = meanY - a * mean;
  return { a, b, mse: lineMse(points, { a, b }) };
}

/**
 * Eigenvalues of the Hessian of the MSE as a function of (a, b), largest first: 2·[[mean s², mean s], [mean s, 1]].
 * Plain descent is stable for lr < 2 / largest; their ratio is how long and narrow the valley is.
 */
export function mseHessianEigenvalues(points: readonly DataPoint[]): [number, number] {
  const n = points.length;
  const m1 = points.reduce((sum, [s]) => sum + s, 0) / n;
  const m2 = points.reduce((sum, [s]) => sum + s * s, 0) / n;
  const [p, q, r] = [2 * m2, 2 * m1, 2];
  const mid = (p + r) / 2;
  const half = Math.hypot((p - r) / 2, q);
  return [mid + half, mid - half];
}

/** The same line in standardised coordinates: y = w·z + c with z = (s − mean) / sd, so w = a·sd, c = a·mean + b. */
export function toStandardised({ a, b }: Line, { mean, sd }: FeatureStats): [number, number] {
  return [a * sd, a * mean + b];
}

/** Back from standardised coordinates (w, c) to the line's (a, b). */
export function fromStandardised([w, c]: readonly number[], { mean, sd }: FeatureStats): [number, number] {
  const a = w / sd;
  return [a, c - a * mean];
}

/**
 * The mean squared error of the line y = x·s + y' over the data as a level expression in x (the slope a) and y (the
 * intercept b), written out term by term so the reveal reads as a sum: how a regression level is built from data.
 */
export function lineMseExpression(points: readonly DataPoint[]): string {
  return `(${points.map(([s, target]) => `(${target} - (${s}*x + y))^2`).join(' + ')}) / ${points.length}`;
}

/** The MSE over the data with the standardised feature, as a level expression in x (= w) and y (= c). */
export function standardisedMseExpression(points: readonly DataPoint[], stats: FeatureStats): string {
  // x and y here are the expression's variables (w and c); `target` is the data's y.
  const terms = points.map(([s, target]) => `(${target} - (${(s - stats.mean) / stats.sd}*x + y))^2`);
  return `(${terms.join(' + ')}) / ${points.length}`;
}
