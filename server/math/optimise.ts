/** Local minimisation inside a box: golden-section search (1-D), Nelder–Mead (n-D), and grid local minima. */
import { clampTo, type Box, type Vec } from './domain.ts';

export interface Candidate {
  p: number[];
  fx: number;
}

/** Golden-section search on [a, b], assumed unimodal there. */
export function goldenSection(g: (x: number) => number, a: number, b: number): Candidate {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = g(c);
  let fd = g(d);
  const tol = 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  for (let i = 0; i < 200 && b - a > tol; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = g(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = g(d);
    }
  }
  const best = [
    { p: [a], fx: g(a) },
    { p: [c], fx: fc },
    { p: [d], fx: fd },
    { p: [b], fx: g(b) },
  ].filter((q) => Number.isFinite(q.fx));
  return best.reduce((u, v) => (v.fx < u.fx ? v : u), { p: [(a + b) / 2], fx: g((a + b) / 2) });
}

/** Nelder–Mead with every vertex projected into the box; robust on kinks (abs, min, max). */
export function nelderMead(g: (p: Vec) => number, start: Vec, step: Vec, domain: Box, iterations: number): Candidate {
  const n = start.length;
  const value = (p: number[]): number => {
    const v = g(p);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const make = (p: Vec): Candidate => {
    const q = clampTo(p, domain);
    return { p: q, fx: value(q) };
  };
  const simplex: Candidate[] = [make(start)];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    // Step inward when the start sits on the upper bound, so the simplex does not collapse.
    p[i] = p[i] + step[i] <= domain[i][1] ? p[i] + step[i] : p[i] - step[i];
    simplex.push(make(p));
  }
  const combine = (a: Vec, b: Vec, t: number): number[] => a.map((v, i) => v + t * (b[i] - v));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((u, v) => u.fx - v.fx);
    const best = simplex[0];
    const worst = simplex[n];
    const spread = Math.max(...simplex.map((s) => Math.max(...s.p.map((v, i) => Math.abs(v - best.p[i])))));
    if (spread < 1e-13 * (1 + Math.max(...best.p.map(Math.abs)))) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, q) => s + q.p[i], 0) / n);
    const reflected = make(combine(centroid, worst.p, -1));
    if (reflected.fx < best.fx) {
      const expanded = make(combine(centroid, worst.p, -2));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx < simplex[n - 1].fx) {
      simplex[n] = reflected;
    } else {
      const contracted = make(combine(centroid, worst.p, 0.5));
      if (contracted.fx < worst.fx) {
        simplex[n] = contracted;
      } else {
        for (let i = 1; i <= n; i++) simplex[i] = make(combine(best.p, simplex[i].p, 0.5));
      }
    }
  }
  return simplex.reduce((u, v) => (v.fx < u.fx ? v : u));
}

/** Grid points that are no worse than their neighbours, best first (values[j * nx + i] on an nx × ny grid). */
export function gridMinima(values: Float64Array, shape: readonly number[]): number[] {
  const [nx, ny = 1] = shape;
  const at = (i: number, j: number): number => values[j * nx + i];
  const minima: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = at(i, j);
      if (!Number.isFinite(v)) continue;
      let isMin = true;
      for (let dj = -1; dj <= 1 && isMin; dj++) {
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          const jj = j + dj;
          if ((di === 0 && dj === 0) || ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
          if (at(ii, jj) < v) {
            isMin = false;
            break;
          }
        }
      }
      if (isMin) minima.push(j * nx + i);
    }
  }
  return minima.sort((a, b) => values[a] - values[b]);
}
