/** A 2-D level's map: colours by rank of f (so a narrow valley shows, whatever the scale) and contour lines. */
import { countBelow, paintGrid, sortedFinite } from '../common/heat.ts';
import { rampColour } from './palette.ts';

export interface Grid {
  xs: number[];
  ys: number[];
  /** values[j][i] = f(xs[i], ys[j]) */
  values: number[][];
}

/** Segments in data coordinates: [x1, y1, x2, y2]. */
export type Segment = [number, number, number, number];

function rankOf(sorted: number[], v: number): number {
  return sorted.length <= 1 ? 0 : countBelow(sorted, v) / (sorted.length - 1);
}

/** One pixel per sample, y up; the chart scales it onto the plot area. */
export function heatImage(grid: Grid): HTMLCanvasElement {
  const sorted = sortedFinite(grid.values);
  return paintGrid(grid.values, grid.xs.length, grid.ys.length, (v) => (Number.isFinite(v) ? rampColour(Math.sqrt(rankOf(sorted, v))) : [255, 255, 255]));
}

/** Contour levels at quantiles of f, denser near the bottom where the lesson is. */
export function contourLevels(grid: Grid): number[] {
  const sorted = sortedFinite(grid.values);
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
