/**
 * The standardised run of a regression level: gradient descent on the same line fit with the feature
 * standardised (z = (s − mean) / sd), where the loss is a round bowl (Hessian 2·I) instead of a long valley, its
 * path mapped back to (a, b) so that it draws on the level's own plot. Its learning rate is the same share of its
 * stability limit (2 / 2 = 1) as plain GD's on the raw feature (2 / λmax), so the two differ only by the feature.
 */
import { compileLevelFunction, type LevelFunction } from '../math/expression.ts';
import {
  featureStats,
  fromStandardised,
  lineMse,
  mseHessianEigenvalues,
  standardisedMseExpression,
  toStandardised,
  type DataPoint,
  type FeatureStats,
} from '../../shared/line-fit.ts';

type Box = [number, number][];

/** How to run the standardised variant on a level, or null when the level is not a line fit over its data. */
export interface StandardisedPlan {
  stats: FeatureStats;
  /** The loss in standardised coordinates (x = w, y = c), compiled. */
  fn: LevelFunction;
  lr: number;
  /** The level's domain as a box in standardised coordinates (for divergence). */
  domain: Box;
  toStandardised(p: readonly number[]): number[];
  fromStandardised(p: readonly number[]): number[];
}

/** Whether f(a, b) is the mean squared error of the line a·s + b over the points (checked at nine points of the domain). */
export function isLineFit(fn: Pick<LevelFunction, 'dims' | 'f'>, domain: readonly (readonly [number, number])[], points: readonly DataPoint[]): boolean {
  if (fn.dims !== 2 || points.length < 2) return false;
  const at = (i: number, k: number): number => domain[i][0] + ((domain[i][1] - domain[i][0]) * k) / 2;
  for (let j = 0; j <= 2; j++) {
    for (let k = 0; k <= 2; k++) {
      const p = [at(0, j), at(1, k)];
      const want = lineMse(points, { a: p[0], b: p[1] });
      if (!(Math.abs(fn.f(p) - want) <= 1e-9 * (1 + Math.abs(want)))) return false;
    }
  }
  return true;
}

/** The plan of the standardised run, given plain GD's lr on the level (null on a level that is not a line fit). */
export function standardisedPlan(
  fn: Pick<LevelFunction, 'dims' | 'f'>,
  level: { domain: readonly (readonly [number, number])[]; data?: { points: readonly DataPoint[] } | null },
  gdLr: number,
): StandardisedPlan | null {
  const points = level.data?.points ?? [];
  if (!isLineFit(fn, level.domain, points)) return null;
  const stats = featureStats(points);
  if (!(stats.sd > 0)) return null;
  const [largest] = mseHessianEigenvalues(points);
  // GD's share of its limit 2/λmax, applied to the standardised limit 2/2 = 1; two digits, as it is shown.
  const lr = Number(Math.min(0.99, (gdLr * largest) / 2).toPrecision(2));
  const line = (p: readonly number[]) => ({ a: p[0], b: p[1] });
  const corners = [0, 1].flatMap((i) => [0, 1].map((j) => toStandardised(line([level.domain[0][i], level.domain[1][j]]), stats)));
  const domain: Box = [0, 1].map((d) => [Math.min(...corners.map((c) => c[d])), Math.max(...corners.map((c) => c[d]))] as [number, number]);
  return {
    stats,
    fn: compileLevelFunction(standardisedMseExpression(points, stats), 2),
    lr,
    domain,
    toStandardised: (p) => toStandardised(line(p), stats),
    fromStandardised: (p) => fromStandardised(p, stats),
  };
}
