import { countBelow } from '../common/heat.ts';

/**
 * Colours of the team page's own marks, chosen to stay apart from each other and from the optimizers' colours
 * (shared/optimizers.ts, the same on every page: GD orange, momentum green, Adam violet) on a dark background.
 */
export const COLORS = {
  guess: '#38bdf8',
  best: '#fbbf24',
  pending: '#fb923c',
  tangent: 'rgba(56, 189, 248, 0.85)',
  arrow: '#f8fafc',
  curve: '#e2e8f0',
  /** The global minimum, and on a regression level the least-squares line (the same point of the (a, b) plane). */
  argmin: '#f472b6',
  /** The data points of a regression level, and the level's start line. */
  data: '#e2e8f0',
  start: '#94a3b8',
  grid: 'rgba(148, 163, 184, 0.18)',
  axis: '#cbd5e1',
} as const;

// Viridis at nine stops: dark purple (low f, the good end) → yellow (high f).
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [253, 231, 37],
];

/** The colour map at t ∈ [0, 1] as [r, g, b]. */
export function colormapRgb(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

export function colormap(t: number): string {
  const [r, g, b] = colormapRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Maps f to [0, 1] by its rank among reference values (histogram equalisation): a long narrow valley and a steep rim
 * both stay visible, where a linear scale would paint everything but the rim one colour.
 */
export function rankScale(values: readonly number[]): (f: number) => number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < 2) return () => 0.5;
  return (f: number) => countBelow(sorted, f) / (sorted.length - 1);
}
