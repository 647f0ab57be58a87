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

/** The best few candidates by a score (lower is more suspicious), kept without sorting the stream. */
class Shortlist<T extends { ratio: number }> {
  readonly items: T[] = [];
  constructor(private readonly size: number) {}

  offer(ratio: number, make: () => T): void {
    if (this.items.length < this.size) {
      this.items.push(make());
      return;
    }
    let worst = 0;
    for (let i = 1; i < this.items.length; i++) if (this.items[i].ratio > this.items[worst].ratio) worst = i;
    if (ratio < this.items[worst].ratio) this.items[worst] = make();
  }
}

/**
 * |mid| as a dip of |s| on a line: no larger than its neighbours (one may be missing at the end of a line),
 * smaller than one, and at most a third of the larger — what any zero of s between grid points leaves (a double
 * zero at distance d from mid leaves |s| ∝ d² there and ∝ (h + d)² at a neighbour, an abs-like one d against h + d).
 * Returns that share, or −1.
 */
function dipRatio(hasBefore: boolean, before: number, mid: number, hasAfter: boolean, after: number): number {
  const m = Math.abs(mid);
  const b = hasBefore ? Math.abs(before) : -1;
  const a = hasAfter ? Math.abs(after) : -1;
  if (!Number.isFinite(m) || (hasBefore && !(m <= b)) || (hasAfter && !(m <= a))) return -1;
  const larger = Math.max(a, b);
  return m * 3 <= larger ? m / larger : -1;
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
  const { indicators, registers } = tape;
  const K = indicators.length;
  const nx = xs.length;
  const ny = ys.length;
  // Three rows of indicator values: this one, and the two before it (for dips along a column).
  const rows = [0, 1, 2].map(() => new Float64Array(nx * K));
  const crossings: Crossing[] = [];
  const crossingsOf = new Array<number>(K).fill(0);
  const touches = new Shortlist<Touch>(MAX_TOUCHES);

  const cross = (k: number, p: number[], q: number[]): void => {
    if (crossings.length >= MAX_CROSSINGS || crossingsOf[k] >= MAX_CROSSINGS_PER_INDICATOR) return;
    crossingsOf[k] += 1;
    crossings.push({ k, p, q });
  };
  const bracket = (axis: readonly number[], i: number): [number, number] => [axis[Math.max(0, i - 1)], axis[Math.min(axis.length - 1, i + 1)]];
  // A dip at grid point (i, j): refined within the cell around it.
  const touch = (k: number, i: number, j: number, ratio: number, neighbour: number): void =>
    touches.offer(ratio, () => {
      const [lx, hx] = bracket(xs, i);
      if (fn.dims === 1) return { k, centre: [xs[i]], lo: [lx], hi: [hx], neighbour, ratio };
      const [ly, hy] = bracket(ys, j);
      return { k, centre: [xs[i], ys[j]], lo: [lx, ly], hi: [hx, hy], neighbour, ratio };
    });
  const larger = (...values: number[]): number => Math.max(...values.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));

  for (let j = 0; j < ny; j++) {
    const row = rows[j % 3];
    const up = rows[(j + 2) % 3];
    const up2 = rows[(j + 1) % 3];
    for (let i = 0; i < nx; i++) {
      const { fx, g } = search.check(pointAt(i, j), true);
      search.maxF = Math.max(search.maxF, fx);
      search.maxGrad = Math.max(search.maxGrad, g);
      for (let k = 0; k < K; k++) {
        const here = i * K + k;
        const s = indicatorValue(indicators[k].kind, registers[indicators[k].register]);
        row[here] = s;
        if (i >= 1 && row[here - K] * s < 0) cross(k, pointAt(i - 1, j), pointAt(i, j));
        if (j >= 1 && up[here] * s < 0) cross(k, pointAt(i, j - 1), pointAt(i, j));
        // Dips along the row at i − 1 (and at its last point), along the column at j − 1 (and at its last point).
        if (i >= 1) {
          const r = dipRatio(i >= 2, i >= 2 ? row[here - 2 * K] : 0, row[here - K], true, s);
          if (r >= 0) touch(k, i - 1, j, r, larger(row[here - 2 * K] ?? 0, s));
        }
        if (i === nx - 1) {
          const r = dipRatio(true, row[here - K], s, false, 0);
          if (r >= 0) touch(k, i, j, r, larger(row[here - K]));
        }
        if (fn.dims === 2 && j >= 1) {
          const r = dipRatio(j >= 2, up2[here], up[here], true, s);
          if (r >= 0) touch(k, i, j - 1, r, larger(j >= 2 ? up2[here] : 0, s));
        }
        if (fn.dims === 2 && j === ny - 1) {
          const r = dipRatio(true, up[here], s, false, 0);
          if (r >= 0) touch(k, i, j, r, larger(up[here]));
        }
      }
    }
  }
  for (const c of crossings) search.crossing(c);
  for (const t of touches.items.sort((a, b) => a.ratio - b.ratio)) search.touch(t);
}
