/** A point of a level as the pages and the rules read it. Pure: no DOM, no i18n, so server, pages and tests share it. */

/** The coordinates of a point as a list (a 1-D point is a bare number on the wire). The list is not copied. */
export function coords(x: number | number[]): number[];
export function coords(x: number | readonly number[]): readonly number[];
export function coords(x: number | readonly number[]): readonly number[] {
  return typeof x === 'number' ? [x] : x;
}
