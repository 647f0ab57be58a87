/** Domains (a box of 1 or 2 intervals) and points in them. */
import { levelError } from './errors.ts';
import { VARIABLES } from './parse.ts';

export type Vec = readonly number[];
export type Box = readonly (readonly [number, number])[];

/** Checks a domain from outside: `dims` intervals of finite numbers with lo < hi; throws INVALID_DOMAIN. */
export function checkDomain(domain: unknown, dims: 1 | 2): [number, number][] {
  if (dims !== 1 && dims !== 2) throw levelError('INVALID_DOMAIN', 'DIMENSIONS', {}, 'a level has 1 or 2 dimensions');
  if (!Array.isArray(domain)) {
    throw levelError('INVALID_DOMAIN', 'NOT_A_LIST', { dims }, `the domain must be a list of ${dims} interval(s) [lo, hi]`);
  }
  const list = domain as unknown[];
  if (list.length !== dims) {
    throw levelError('INVALID_DOMAIN', 'INTERVAL_COUNT', { dims, count: list.length }, `a ${dims}-D level needs ${dims} interval(s), got ${list.length}`);
  }
  return list.map((interval, i) => {
    const axis = VARIABLES[dims][i];
    if (!Array.isArray(interval) || interval.length !== 2) {
      throw levelError('INVALID_DOMAIN', 'BAD_INTERVAL', { axis }, `the interval for ${axis} must be [lo, hi]`);
    }
    const [lo, hi] = interval as unknown[];
    if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw levelError('INVALID_DOMAIN', 'NOT_FINITE_BOUND', { axis }, `the interval for ${axis} must hold two finite numbers`);
    }
    if (!(lo < hi)) {
      throw levelError('INVALID_DOMAIN', 'EMPTY_INTERVAL', { axis, lo, hi }, `the interval for ${axis} must have lo < hi, got [${lo}, ${hi}]`);
    }
    if (!Number.isFinite(hi - lo)) throw levelError('INVALID_DOMAIN', 'TOO_WIDE', { axis }, `the interval for ${axis} is too wide`);
    return [lo, hi];
  });
}

/** Whether p has the level's dimension, finite coordinates, and lies inside the domain box (bounds included). */
export function isInDomain(p: Vec, domain: Box): boolean {
  return p.length === domain.length && p.every((v, i) => Number.isFinite(v) && v >= domain[i][0] && v <= domain[i][1]);
}

export const clampTo = (p: Vec, domain: Box): number[] => p.map((v, i) => Math.min(domain[i][1], Math.max(domain[i][0], v)));

/** n evenly spaced points from lo to hi, both included exactly. */
export function linspace(lo: number, hi: number, n: number): number[] {
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + i * step));
}
