/** A 2-D level's map: colours by rank of f (so a narrow valley shows, whatever the scale) and contour lines. */
import { rampColour } from './palette.ts';

export interface Grid {
  xs: number[];
  ys: number[];
  /** values[j][i] = f(xs[i], ys[j]) */
  values: number[][];
}

/** Segments in data coordinates: [x1, y1, x2, y2]. */
export type Segment = [number, number, number, number];

function sortedFinite(grid: Grid): number[] {
  const all: number[] = [];
  for (const row of grid.values) for (const v of row) if (Number.isFinite(v)) all.push(v);
  return all.sort((a, b) => a - b);
}

function rankOf(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length <= 1 ? 0 : lo / (sorted.length - 1);
}

/** One pixel per sample, y up; the chart scales it onto the plot area. */
export function heatImage(grid: Grid): HTMLCanvasElement {
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const image = ctx.createImageData(nx, ny);
  const sorted = sortedFinite(grid);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = grid.values[j][i];
      const [r, g, b] = Number.isFinite(v) ? rampColour(Math.sqrt(rankOf(sorted, v))) : [255, 255, 255];
      const o = ((ny - 1 - j) * nx + i) * 4;
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = b;
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Contour levels at quantiles of f, denser near the bottom where the lesson is. */
export function contourLevels(grid: Grid): number[] {
  const sorted = sortedFinite(grid);
  if (sorted.length === 0) return [];
  const qs = [0.005, 0.015, 0.035, 0.07, 0.13, 0.22, 0.35, 0.5, 0.68, 0.85];
  return [...new Set(qs.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]))];
}

/** Marching squares over the grid for one level. */
export function contourSegments(grid: Grid, level: number): Segment[] {
  const { xs, ys, values } = grid;
  const out: Segment[] = [];
  const lerp = (a: number, b: number, va: number, vb: number) => (va === vb ? (a + b) / 2 : a + ((level - va) / (vb - va)) * (b - a));
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const v0 = values[j][i]; // bottom-left
      const v1 = values[j][i + 1]; // bottom-right
      const v2 = values[j + 1][i + 1]; // top-right
      const v3 = values[j + 1][i]; // top-left
      if (![v0, v1, v2, v3].every(Number.isFinite)) continue;
      const c = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const x0 = xs[i];
      const x1 = xs[i + 1];
      const y0 = ys[j];
      const y1 = ys[j + 1];
      const bottom: [number, number] = [lerp(x0, x1, v0, v1), y0];
      const right: [number, number] = [x1, lerp(y0, y1, v1, v2)];
      const top: [number, number] = [lerp(x0, x1, v3, v2), y1];
      const left: [number, number] = [x0, lerp(y0, y1, v0, v3)];
      const seg = (a: [number, number], b: [number, number]) => out.push([a[0], a[1], b[0], b[1]]);
      const centreHigh = (v0 + v1 + v2 + v3) / 4 > level;
      switch (c) {
        case 1: case 14: seg(left, bottom); break;
        case 2: case 13: seg(bottom, right); break;
        case 3: case 12: seg(left, right); break;
        case 4: case 11: seg(top, right); break;
        case 6: case 9: seg(bottom, top); break;
        case 7: case 8: seg(left, top); break;
        case 5:
          if (centreHigh) { seg(left, top); seg(bottom, right); } else { seg(left, bottom); seg(top, right); }
          break;
        case 10:
          if (centreHigh) { seg(left, bottom); seg(top, right); } else { seg(left, top); seg(bottom, right); }
          break;
      }
    }
  }
  return out;
}
