/**
 * The axes of the reveal's charts: round bounds a little outside the values to show, never following a run that
 * leaves the plot. On 1-D levels the y-axis always holds f* (the star), even when the samples miss a narrow
 * minimum. Pure.
 */
import type { CurveSamples } from '../../shared/protocol.ts';

export type Bounds = [number, number];

/** Round axis bounds a little outside [lo, hi]. */
export function niceBounds(lo: number, hi: number): Bounds {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 8;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return [Math.floor((lo - span * 0.03) / step) * step, Math.ceil((hi + span * 0.03) / step) * step];
}

/** The y-axis of a 1-D reveal: every finite sample of the curve and f* itself. */
export function curveYBounds(samples: Extract<CurveSamples, { dims: 1 }>, fStar: number): Bounds {
  let lo = Number.isFinite(fStar) ? fStar : Infinity;
  let hi = Number.isFinite(fStar) ? fStar : -Infinity;
  for (const v of samples.fx) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  return niceBounds(lo, hi);
}

/** Whether a value lies within bounds. */
export const within = (v: number, [lo, hi]: Bounds): boolean => v >= lo && v <= hi;

/** A point moved onto the edge of the plot when it lies outside (where a diverged run's mark is drawn). */
export function clampInto(x: number, y: number, xb: Bounds, yb: Bounds): { x: number; y: number } {
  const clamp = (v: number, [lo, hi]: Bounds) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : v > 0 ? hi : lo);
  return { x: clamp(x, xb), y: clamp(y, yb) };
}
