/**
 * Reference settings for a level without a template (the instructor typed an expression and chose nothing):
 * learning rates from the largest curvature over the domain, the textbook way. Plain descent with lr = 1/L
 * (L = the largest |eigenvalue| of the Hessian met on the domain) never overshoots; momentum gets the same lr
 * and β = 0.9 so that the comparison shows momentum alone; Adam's steps are about lr long whatever the
 * curvature, so its lr is a small fraction of the domain. Each choice is then replayed in plain JS from the
 * start and halved until it no longer diverges (divergence.ts). All three run the same number of steps.
 */
import type { LevelFunction } from '../math/expression.ts';
import { MOMENTUM_DEFAULT_BETA } from '../../shared/optimizers.ts';
import { divergenceLimits, fSpread } from './divergence.ts';
import { replay } from './textbook.ts';

/** Hyper-parameters of the three reference optimizers (the shape of a template's `reference`). */
export interface ReferenceSettings {
  gd: { lr: number; steps: number };
  momentum: { lr: number; beta: number; steps: number };
  adam: { lr: number; steps: number };
}

/** Steps of a suggested run: the shipped templates use 60, three times a team's default guess budget. */
export const SUGGESTED_STEPS = 60;

type Box = readonly (readonly [number, number])[];
type Fn = Pick<LevelFunction, 'dims' | 'f' | 'grad'>;

/** The largest of {1, 2, 5}·10^k not above v: learning rates an instructor can read and retype. */
export function niceDown(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return v;
  const power = 10 ** Math.floor(Math.log10(v));
  const mantissa = v / power;
  // 1e-9 absorbs log10 rounding (log10(1000) may come out as 2.9999999999999996).
  const step = mantissa >= 5 - 1e-9 ? 5 : mantissa >= 2 - 1e-9 ? 2 : 1;
  return Number((step * power).toPrecision(12));
}

/** Spectral radius of the Hessian at p, by central differences of the symbolic gradient. */
function curvature(fn: Fn, p: readonly number[], h: readonly number[]): number {
  const column = (j: number): number[] => {
    const plus = [...p];
    const minus = [...p];
    plus[j] += h[j];
    minus[j] -= h[j];
    const gp = fn.grad(plus);
    const gm = fn.grad(minus);
    return gp.map((v, i) => (v - gm[i]) / (2 * h[j]));
  };
  if (fn.dims === 1) return Math.abs(column(0)[0]);
  const [c0, c1] = [column(0), column(1)];
  const a = c0[0];
  const d = c1[1];
  const b = (c0[1] + c1[0]) / 2;
  // Eigenvalues of [[a, b], [b, d]] are m ± r; the larger magnitude is |m| + r.
  const m = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  return Math.abs(m) + r;
}

/** Sample points: a grid over the domain (41 points on 1-D, 9 × 9 on 2-D) and the start. */
function samples(domain: Box, start: readonly number[]): number[][] {
  const n = domain.length === 1 ? 41 : 9;
  const axes = domain.map(([lo, hi]) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1)));
  const grid = domain.length === 1 ? axes[0].map((x) => [x]) : axes[0].flatMap((x) => axes[1].map((y) => [x, y]));
  return [...grid, [...start]];
}

/** Replays GD (β = 0) or momentum in float64 from the start: true when the path does not diverge (divergence.ts). */
function staysSane(fn: Fn, domain: Box, start: readonly number[], lr: number, beta: number, steps: number, spread: number): boolean {
  const limits = divergenceLimits(domain, fn.f(start), spread);
  const spec = beta === 0 ? { optimizer: 'gd' as const, lr, steps } : { optimizer: 'momentum' as const, lr, beta, steps };
  return !replay(fn, spec, start, limits).diverged;
}

/** Sensible GD / momentum / Adam settings for a level without a template (see the top of this file). */
export function suggestReference(fn: Fn, domain: Box, start: readonly number[], steps = SUGGESTED_STEPS): ReferenceSettings {
  const widths = domain.map(([lo, hi]) => hi - lo);
  const h = widths.map((w) => 1e-5 * w);
  let L = 0;
  for (const p of samples(domain, start)) {
    const c = curvature(fn, p, h);
    if (Number.isFinite(c)) L = Math.max(L, c);
  }

  // A step must not throw the start across more than half the domain (matters where f is nearly linear).
  const g0 = fn.grad(start).map(Math.abs);
  const slope = Math.max(...g0.filter(Number.isFinite), 0);
  const minWidth = Math.min(...widths);
  const jumpCap = slope > 0 ? (0.5 * minWidth) / slope : Number.POSITIVE_INFINITY;
  let base = L > 0 ? 1 / L : 0.05 * minWidth;
  base = niceDown(Math.min(base, jumpCap));
  if (!(base > 0) || !Number.isFinite(base)) base = niceDown(0.01 * minWidth);

  const spread = fSpread(fn, domain);
  const tame = (lr: number, beta: number): number => {
    let rate = lr;
    for (let i = 0; i < 30 && !staysSane(fn, domain, start, rate, beta, steps, spread); i++) rate = niceDown(rate / 2);
    return rate;
  };

  const geometricWidth = Math.exp(widths.reduce((s, w) => s + Math.log(w), 0) / widths.length);
  return {
    gd: { lr: tame(base, 0), steps },
    momentum: { lr: tame(base, MOMENTUM_DEFAULT_BETA), beta: MOMENTUM_DEFAULT_BETA, steps },
    adam: { lr: niceDown(0.05 * geometricWidth), steps },
  };
}
