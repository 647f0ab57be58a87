import type { Point } from '../../shared/protocol.ts';
import { getLocale, num } from './i18n.ts';

/** The coordinates of a point as a list (a 1-D point is a bare number on the wire). */
export function coords(x: Point | number[]): number[] {
  return Array.isArray(x) ? x : [x];
}

/** A guess's x as the class reads it: "1.5" on 1-D levels, "(1.5, −2)" on 2-D ones. */
export function formatPoint(x: Point | number[], digits?: number): string {
  const c = coords(x);
  return c.length === 1 ? num(c[0], digits) : `(${c.map((v) => num(v, digits)).join(', ')})`;
}

/** A wall-clock time, 24-hour with seconds (10:42:05); empty for a time that does not parse. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}
