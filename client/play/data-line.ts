/**
 * The geometry of a regression level's data view: the data points, the straight lines the team's guesses stand for
 * (a guess (a, b) is the line target = a·feature + b), and after the reveal the least-squares line and the level's
 * start line. Pure: no DOM, no Chart.js, no string table (it returns i18n keys and params), so it is unit-tested in
 * Node.
 *
 * The least-squares line comes from shared/line-fit.ts, the server's own code, and only once the level is revealed:
 * before that the page computes nothing from the data a team could not see on the slide (not even the MSE of a
 * typed line, which is f before its delay).
 */
import { leastSquaresLine, lineEnds, lineOf, type DataPoint, type Line } from '../../shared/line-fit.ts';
import type { DataSet, Reveal } from '../../shared/protocol.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import type { NumberFormat } from './format.ts';

export { lineEnds, lineOf };

/** The lines the data view can draw, in drawing order (the last on top). */
export const LINE_KINDS = ['start', 'leastSquares', 'best', 'draft', 'pending', 'latest'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A line on the data view: its kind, a (slope) and b (intercept), and the guess number when it is a guess. */
export interface DataLine extends Line {
  kind: LineKind;
  n?: number;
}

/** Lower and upper end of some values. */
function extent(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Widens [lo, hi] by `share` of its span on each side (by 1 when it is a single value). */
function pad([lo, hi]: [number, number], share: number): [number, number] {
  const span = hi - lo;
  if (span <= 0) return [lo - 1, hi + 1];
  return [lo - span * share, hi + span * share];
}

/**
 * The ranges of the data view: the feature's range with some air, and a target range that holds the data and the
 * lines across the feature range — but a line far off (a wild first guess) may leave the view: the data keeps at
 * least a third of the height, the range reaching at most one data span beyond the data on either side.
 */
export function dataView(points: readonly DataPoint[], lines: readonly Line[]): { x: [number, number]; y: [number, number] } {
  const x = pad(extent(points.map(([s]) => s)), 0.08);
  const [lo, hi] = extent(points.map(([, y]) => y));
  const span = Math.max(hi - lo, 1e-9);
  const ends = lines.flatMap((line) => lineEnds(line, x).map((p) => p.y));
  const [lineLo, lineHi] = ends.length > 0 ? extent(ends) : [lo, hi];
  const yLo = Math.max(Math.min(lo, lineLo), lo - span);
  const yHi = Math.min(Math.max(hi, lineHi), hi + span);
  return { x, y: pad([yLo, yHi], 0.08) };
}

/** The least-squares line of the data (shared/line-fit.ts) with its MSE: for the reveal. */
export function leastSquares(data: Pick<DataSet, 'points'>): Line & { mse: number } {
  return leastSquaresLine(data.points);
}

/**
 * The level's start line: where the reference runs from the level's default start begin (teamId null), which on the
 * slides' level is the slide's own line 3.33x + 50. Null before the reveal or without such a run.
 */
export function startLine(reveal: Pick<Reveal, 'reference'> | null): Line | null {
  const run = reveal?.reference.find((r) => r.teamId === null && r.path.length > 0);
  return run ? lineOf(run.path[0].x) : null;
}

/** The names of the data's feature and target in the page's language. */
export function columnNames(data: Pick<DataSet, 'columns'>, locale: Locale): { feature: string; target: string } {
  const [feature, target] = data.columns;
  return { feature: feature[locale] || feature.en, target: target[locale] || target.en };
}

/**
 * The equation of a line in the data's names: "IQ = 1.79·髒話因子 + 65.2" (a minus sign when b is negative). A
 * feature name of several words is put in brackets, as the slides write a·(髒話因子).
 */
export function lineEquation({ a, b }: Line, names: { feature: string; target: string }, fmt: NumberFormat): string {
  const feature = /\s/.test(names.feature.trim()) ? `(${names.feature.trim()})` : names.feature.trim();
  const sign = b < 0 ? '−' : '+';
  return `${names.target} = ${fmt(a)}·${feature} ${sign} ${fmt(Math.abs(b))}`;
}

/**
 * The one line that says what a regression level is, as an i18n key and its params: fit the line
 * target = a·(feature) + b through the n points; f(a, b) is its mean squared error.
 */
export function regressionSummary(
  data: DataSet,
  axes: readonly string[],
  locale: Locale,
): { key: 'data.summary'; params: { target: string; feature: string; a: string; b: string; n: number } } {
  const { feature, target } = columnNames(data, locale);
  return { key: 'data.summary', params: { target, feature, a: axes[0] ?? 'a', b: axes[1] ?? 'b', n: data.points.length } };
}
