import type { Point } from '../../shared/protocol.ts';
import { getLocale, num } from '../common/i18n.ts';

/** A guess's x as the class reads it: 1.25 on 1-D levels, (1.25, 3.5) on 2-D levels. */
export function pointText(x: Point, digits?: number): string {
  return Array.isArray(x) ? (x.length === 1 ? num(x[0], digits) : `(${x.map((v) => num(v, digits)).join(', ')})`) : num(x, digits);
}

/** Wall-clock time of an ISO instant, 24-hour, with seconds. */
export function timeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}
