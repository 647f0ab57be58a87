/**
 * When a reference path counts as diverged: it went farther outside its domain than the domain is wide (on some
 * axis), or f rose above its start by more than 10 × (|f(start)| + the spread of f over the domain) — higher than
 * anything on the domain by an order of magnitude — or f stopped being finite. Float32 overflow alone came far too
 * late: GD at lr 0.0041 (just past its stability limit 0.00406) on level 4 went from 156.95 to f ≈ 20 873 at
 * a ≈ 11.9 in 150 steps and was drawn as a descent; now its path ends at step 119, as step 120 takes a past 8.
 * The path keeps the points before the first one past the limits.
 */
import type { LevelFunction } from '../math/expression.ts';

type Box = readonly (readonly [number, number])[];

/** How many domain widths a path may wander beyond the domain before it counts as diverged. */
export const DOMAIN_WIDTHS = 1;
/** How many times (|f(start)| + spread of f) f may rise above f(start) before the path counts as diverged. */
export const RISE_FACTOR = 10;

/** The bounds of one path: its box and the highest f it may reach. */
export interface DivergenceLimits {
  lo: number[];
  hi: number[];
  fMax: number;
}

/** The spread of f over the domain (max − min over a grid of 41 points, or 21 × 21), non-finite values skipped. */
export function fSpread(fn: Pick<LevelFunction, 'dims' | 'f'>, domain: Box): number {
  const n = fn.dims === 1 ? 41 : 21;
  const axes = domain.map(([lo, hi]) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1)));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const visit = (p: number[]): void => {
    const v = fn.f(p);
    if (!Number.isFinite(v)) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
  };
  if (fn.dims === 1) for (const x of axes[0]) visit([x]);
  else for (const x of axes[0]) for (const y of axes[1]) visit([x, y]);
  return max >= min ? max - min : 0;
}

/** The limits of a path that starts where f = fStart, on a level whose f spreads over `spread`. */
export function divergenceLimits(domain: Box, fStart: number, spread: number): DivergenceLimits {
  const widths = domain.map(([lo, hi]) => hi - lo);
  const rise = RISE_FACTOR * (Math.abs(fStart) + Math.max(0, spread));
  return {
    lo: domain.map(([lo], i) => lo - DOMAIN_WIDTHS * widths[i]),
    hi: domain.map(([, hi], i) => hi + DOMAIN_WIDTHS * widths[i]),
    // A start where f is not finite gets no f limit (its path is cut at once by the finiteness check anyway).
    fMax: Number.isFinite(fStart) ? fStart + rise : Number.POSITIVE_INFINITY,
  };
}

/** Whether a point of a path is past the limits (or not finite): the path stops before it. */
export function isPastLimits(x: readonly number[], fx: number, limits: DivergenceLimits | null): boolean {
  if (!Number.isFinite(fx) || !x.every(Number.isFinite)) return true;
  if (!limits) return false;
  return fx > limits.fMax || x.some((v, i) => v < limits.lo[i] || v > limits.hi[i]);
}
