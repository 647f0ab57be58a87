/**
 * Is f finite, with a finite gradient, everywhere on its domain? A dense grid answers for the grid; poles between
 * grid points (1/(x − 0.00123) on [−1, 1]) are found from the tape's indicators (server/math/tape.ts): wherever
 * a denominator, a log's argument, a root's argument, cos of a tan's argument … changes sign between neighbouring
 * grid points it is bisected down to adjacent floats, and wherever it dips towards 0 without crossing, its minimum
 * is refined. There f and its gradient are evaluated, and compared with their values a little further away: a
 * pole shows as a value that grows by orders of magnitude as the point closes in.
 */
import { clampTo, linspace, type Box, type Vec } from './domain.ts';
import { pointParam, pointText, refuse } from './errors.ts';
import { tapeOf, type LevelFunction } from './level-function.ts';
import { goldenSection, nelderMead } from './optimise.ts';
import { indicatorValue, type Tape } from './tape.ts';

const FINITE_GRID = { 1: 2001, 2: 101 } as const;
const MAX_CROSSINGS = 64;
const MAX_CROSSINGS_PER_INDICATOR = 8;
const MAX_TOUCHES = 24;
/** How much f or its slope must grow, closing in from h/100 to the singular point, to count as a pole. */
const POLE_GROWTH = 1e3;
/** How close to 0 a refined dip must come, relative to its neighbours on the grid, to be examined. */
const TOUCH_DEPTH = 1e-8;

interface Crossing {
  k: number;
  p: number[];
  q: number[];
}

interface Touch {
  k: number;
  centre: number[];
  lo: number[];
  hi: number[];
  neighbour: number;
  ratio: number;
}

function gridAxis(lo: number, hi: number, n: number): number[] {
  const xs = linspace(lo, hi, n);
  // Poles sit at 0 far more often than anywhere else (1/x, log(abs(x))): test it even off the grid.
  if (lo < 0 && hi > 0 && !xs.includes(0)) {
    xs.push(0);
    xs.sort((a, b) => a - b);
  }
  return xs;
}

class PoleSearch {
  private readonly grad: number[];
  private readonly width: number;
  maxF = 0;
  maxGrad = 0;

  constructor(
    private readonly tape: Tape,
    private readonly domain: Box,
  ) {
    this.grad = new Array<number>(tape.dims);
    this.width = Math.max(...domain.map(([lo, hi]) => hi - lo));
  }

  /** f and the gradient at p, refusing where either is not finite. */
  check(p: Vec, onGrid: boolean): { fx: number; g: number } {
    const fx = this.tape.valueAndGradient(p, this.grad);
    if (!Number.isFinite(fx)) {
      if (!onGrid && Math.abs(fx) === Number.POSITIVE_INFINITY) refuse('POLE', { x: pointParam(p) }, `f has a pole at ${pointText(p)}`);
      refuse('NOT_FINITE', { x: pointParam(p), value: String(fx) }, `f is not finite at ${pointText(p)} (f = ${fx})`);
    }
    const g = Math.max(...this.grad.map(Math.abs));
    if (!Number.isFinite(g)) {
      if (!onGrid && this.grad.every((v) => !Number.isNaN(v))) refuse('GRADIENT_POLE', { x: pointParam(p) }, `the slope of f is infinite at ${pointText(p)}`);
      refuse('GRADIENT_NOT_FINITE', { x: pointParam(p) }, `the gradient of f is not finite at ${pointText(p)}`);
    }
    return { fx: Math.abs(fx), g };
  }

  indicator(k: number, p: Vec): number {
    this.tape.value(p);
    const { register, kind } = this.tape.indicators[k];
    return indicatorValue(kind, this.tape.registers[register]);
  }

  /** Refuses when f or its slope at `near` is orders of magnitude above its value h/100 away along `directions`. */
  examine(near: number[][], directions: number[][], h: number): void {
    let nearF = 0;
    let nearG = 0;
    for (const p of near) {
      const { fx, g } = this.check(p, false);
      nearF = Math.max(nearF, fx);
      nearG = Math.max(nearG, g);
    }
    let farF = 0;
    let farG = 0;
    const step = Math.max(h / 100, this.width * 1e-9);
    for (const p of near) {
      for (const d of directions) {
        for (const sign of [-1, 1]) {
          const { fx, g } = this.check(clampTo(p.map((v, i) => v + sign * step * d[i]), this.domain), false);
          farF = Math.max(farF, fx);
          farG = Math.max(farG, g);
        }
      }
    }
    const at = near[0];
    if (nearF > POLE_GROWTH * farF && nearF > this.maxF) refuse('POLE', { x: pointParam(at) }, `f has a pole near ${pointText(at)}`);
    if (nearG > POLE_GROWTH * farG && nearG > this.maxGrad) {
      refuse('GRADIENT_POLE', { x: pointParam(at) }, `the slope of f grows without bound near ${pointText(at)}`);
    }
  }

  /** Bisects a sign change of indicator k between p and q down to adjacent floats, then examines both sides. */
  crossing({ k, p, q }: Crossing): void {
    let a = p;
    let b = q;
    let sa = this.indicator(k, a);
    for (let i = 0; i < 200; i++) {
      const m = a.map((v, d) => v + (b[d] - v) / 2);
      if (m.every((v, d) => v === a[d] || v === b[d])) break;
      const sm = this.indicator(k, m);
      if (sm === 0) {
        a = m;
        b = m;
        break;
      }
      if (Math.sign(sm) === Math.sign(sa)) {
        a = m;
        sa = sm;
      } else {
        b = m;
      }
    }
    const h = Math.hypot(...q.map((v, d) => v - p[d]));
    this.examine(a === b ? [a] : [a, b], [q.map((v, d) => (v - p[d]) / h)], h);
  }

  /** Refines a dip of |indicator k| towards 0 and examines its bottom when it (nearly) reaches 0. */
  touch({ k, centre, lo, hi, neighbour }: Touch): void {
    const size = (p: Vec): number => Math.abs(this.indicator(k, p));
    let bottom: number[];
    if (centre.length === 1) {
      bottom = goldenSection((x) => size([x]), lo[0], hi[0]).p;
    } else {
      const box: [number, number][] = lo.map((l, d) => [l, hi[d]]);
      const step = lo.map((l, d) => (hi[d] - l) / 2);
      bottom = nelderMead(size, centre, step, box, 400).p;
      bottom = nelderMead(size, bottom, step.map((s) => s / 100), box, 400).p;
    }
    if (!(size(bottom) <= TOUCH_DEPTH * neighbour)) return;
    const h = Math.max(...hi.map((v, d) => v - lo[d])) / 2;
    this.examine([bottom], centre.map((_, d) => centre.map((__, e) => (d === e ? 1 : 0))), h);
  }
}

/**
 * Checks f and its gradient on a dense grid (plus 0 when inside), then looks for poles between grid points;
 * throws INVALID_EXPRESSION (NOT_FINITE, GRADIENT_NOT_FINITE, POLE, GRADIENT_POLE) naming the point.
 */
export function checkFiniteOverDomain(fn: LevelFunction, domain: Box): void {
  const tape = tapeOf(fn);
  const search = new PoleSearch(tape, domain);
  const xs = gridAxis(domain[0][0], domain[0][1], FINITE_GRID[fn.dims]);
  const ys = fn.dims === 2 ? gridAxis(domain[1][0], domain[1][1], FINITE_GRID[2]) : [Number.NaN];
  const pointAt = (i: number, j: number): number[] => (fn.dims === 1 ? [xs[i]] : [xs[i], ys[j]]);
  const K = tape.indicators.length;
  const nx = xs.length;
  const rows = [0, 1, 2].map(() => new Float64Array(nx * K));
  const crossings: Crossing[] = [];
  const crossingsOf = new Array<number>(K).fill(0);
  let touches: Touch[] = [];

  const cross = (k: number, s0: number, s1: number, p: number[], q: number[]): void => {
    if (!(s0 * s1 < 0) || crossings.length >= MAX_CROSSINGS || crossingsOf[k] >= MAX_CROSSINGS_PER_INDICATOR) return;
    crossingsOf[k] += 1;
    crossings.push({ k, p, q });
  };
  // |s| at `mid` no larger than at its neighbours on a line (one of them may be off the grid).
  const dip = (k: number, before: number | null, mid: number, after: number | null, at: () => Pick<Touch, 'centre' | 'lo' | 'hi'>): void => {
    const sides = [before, after].filter((v): v is number => v !== null).map(Math.abs);
    const m = Math.abs(mid);
    if (!Number.isFinite(m) || sides.some((v) => !(m <= v)) || !sides.some((v) => m < v)) return;
    const neighbour = Math.max(...sides);
    touches.push({ ...at(), k, neighbour, ratio: m / neighbour });
    if (touches.length > 4 * MAX_TOUCHES) touches = touches.sort((a, b) => a.ratio - b.ratio).slice(0, MAX_TOUCHES);
  };
  const bracket = (axis: readonly number[], i: number): [number, number] => [axis[Math.max(0, i - 1)], axis[Math.min(axis.length - 1, i + 1)]];

  for (let j = 0; j < ys.length; j++) {
    const row = rows[j % 3];
    const up = rows[(j + 2) % 3];
    const up2 = rows[(j + 1) % 3];
    for (let i = 0; i < nx; i++) {
      const p = pointAt(i, j);
      const { fx, g } = search.check(p, true);
      search.maxF = Math.max(search.maxF, fx);
      search.maxGrad = Math.max(search.maxGrad, g);
      for (let k = 0; k < K; k++) {
        const { register, kind } = tape.indicators[k];
        const s = indicatorValue(kind, tape.registers[register]);
        row[i * K + k] = s;
        if (i >= 1) cross(k, row[(i - 1) * K + k], s, pointAt(i - 1, j), p);
        if (j >= 1) cross(k, up[i * K + k], s, pointAt(i, j - 1), p);
        // Dips along the row at i − 1 (and at the row's ends), along the column at j − 1 (and the column's ends).
        const rowDip = (c: number, before: number | null, after: number | null): void =>
          dip(k, before, row[c * K + k], after, () => {
            const [lx, hx] = bracket(xs, c);
            return fn.dims === 1
              ? { centre: [xs[c]], lo: [lx], hi: [hx] }
              : { centre: [xs[c], ys[j]], lo: [lx, bracket(ys, j)[0]], hi: [hx, bracket(ys, j)[1]] };
          });
        if (nx >= 2 && i === 1) rowDip(0, null, s);
        if (i >= 2) rowDip(i - 1, row[(i - 2) * K + k], s);
        if (nx >= 2 && i === nx - 1) rowDip(i, row[(i - 1) * K + k], null);
        if (fn.dims === 2) {
          const colDip = (r: number, values: Float64Array, before: number | null, after: number | null): void =>
            dip(k, before, values[i * K + k], after, () => {
              const [ly, hy] = bracket(ys, r);
              const [lx, hx] = bracket(xs, i);
              return { centre: [xs[i], ys[r]], lo: [lx, ly], hi: [hx, hy] };
            });
          if (j === 1) colDip(0, up, null, s);
          if (j >= 2) colDip(j - 1, up, up2[i * K + k], s);
          if (j === ys.length - 1 && j >= 1) colDip(j, row, up[i * K + k], null);
        }
      }
    }
  }
  for (const c of crossings) search.crossing(c);
  for (const t of touches.sort((a, b) => a.ratio - b.ratio).slice(0, MAX_TOUCHES)) search.touch(t);
}
