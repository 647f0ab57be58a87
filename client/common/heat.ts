/** Heat maps of 2-D levels, coloured by rank of f (histogram equalisation), for the three pages. */

/** How many of the ascending `sorted` values are below `v` (a binary search). */
export function countBelow(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The finite values of a grid, ascending. */
export function sortedFinite(values: readonly (readonly number[])[]): number[] {
  const all: number[] = [];
  for (const row of values) for (const v of row) if (Number.isFinite(v)) all.push(v);
  return all.sort((a, b) => a - b);
}

/**
 * One pixel per sample of `values[j][i]` (= f(xs[i], ys[j])), y up: the canvas's first row is the largest y.
 * The chart scales the image onto its plot area.
 */
export function paintGrid(values: readonly (readonly number[])[], nx: number, ny: number, colour: (v: number) => readonly [number, number, number]): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const image = ctx.createImageData(nx, ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [r, g, b] = colour(values[j]?.[i] ?? NaN);
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
