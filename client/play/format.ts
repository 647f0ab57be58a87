/**
 * Formats and small rules of the team page that need no DOM and no string table: times, the best guess, the level's
 * axis names in text ("f(a, b)", "(a, b) = (1.8, 62)"), the revealed expression in the level's own names. Numbers
 * are formatted by the function passed in (the pages' `num`), so this module runs in Node for its unit tests.
 */
import { coords } from '../../shared/point.ts';
import type { GuessView, Point, PublicLevel } from '../../shared/protocol.ts';

/** Formats one number for display (client/common/i18n.ts `num`). */
export type NumberFormat = (value: number | null | undefined) => string;

/** The axis names of a level, one per dimension: its own (a, b) or x (and y). */
export function axesOf(level: Pick<PublicLevel, 'dims' | 'axes'>): string[] {
  const fallback = level.dims === 1 ? ['x'] : ['x', 'y'];
  const axes = Array.isArray(level.axes) && level.axes.length === level.dims ? level.axes : fallback;
  return [...axes];
}

/** "x" on a 1-D level, "(a, b)" on a 2-D one: the name of a guess. */
export function pointName(axes: readonly string[]): string {
  return axes.length === 1 ? axes[0] : `(${axes.join(', ')})`;
}

/** "f(x)", "f(a, b)": the function of the level in its own names. */
export function fOf(axes: readonly string[]): string {
  return `f(${axes.join(', ')})`;
}

/** The coordinates of a point as a list (shared/point.ts `coords`, under the name the team page's modules use). */
export { coords as coordsOf } from '../../shared/point.ts';

/** "3" on a 1-D level, "(1.8, 62)" on a 2-D one. */
export function pointValue(x: Point | readonly number[], fmt: NumberFormat): string {
  const c = coords(x);
  return c.length === 1 ? fmt(c[0]) : `(${c.map((v) => fmt(v)).join(', ')})`;
}

/** "x = 3", "(a, b) = (1.8, 62)": a guess with the level's names. */
export function namedPoint(axes: readonly string[], x: Point | readonly number[], fmt: NumberFormat): string {
  return `${pointName(axes)} = ${pointValue(x, fmt)}`;
}

/** "f(3)", "f(1.8, 62)": f at a guess. */
export function fAt(x: Point | readonly number[], fmt: NumberFormat): string {
  return `f(${coords(x)
    .map((v) => fmt(v))
    .join(', ')})`;
}

/**
 * The revealed expression in the level's own names: the expression is written in x (and y) whatever the level
 * calls its inputs, so level 4's "(80 - (15.35*x + y))^2 …" reads "(80 - (15.35*a + b))^2 …". Only whole names are
 * replaced (exp, max and 1e5 keep their letters).
 */
export function renameVariables(expression: string, axes: readonly string[]): string {
  const names: Record<string, string> = { x: axes[0] ?? 'x', y: axes[1] ?? 'y' };
  if (names.x === 'x' && names.y === 'y') return expression;
  return expression.replace(/(?<![A-Za-z_$])([xy])(?![A-Za-z0-9_$(])/g, (whole, name: 'x' | 'y') => names[name] ?? whole);
}

/** The slope on 1-D levels, the gradient vector on 2-D ones; a dash while pending. */
export function formatSlope(guess: GuessView, fmt: NumberFormat): string {
  if (guess.status !== 'ready') return '—';
  if (guess.slope !== undefined) return fmt(guess.slope);
  if (guess.grad && guess.grad.length === 1) return fmt(guess.grad[0]);
  return guess.grad ? `(${guess.grad.map((v) => fmt(v)).join(', ')})` : '—';
}

/** Milliseconds until an ISO time on the server's clock (offsetMs = server − local). */
export function msUntil(iso: string, offsetMs: number, now = Date.now()): number {
  return Date.parse(iso) - (now + offsetMs);
}

/** Whole seconds left, never negative. */
export function secondsLeft(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** m:ss (or h:mm:ss) for a level's time left. */
export function duration(ms: number): string {
  const total = secondsLeft(ms);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The level's clock as the stats show it, or null when there is no clock to show: a settled level (closed or
 * revealed) has no time left to count, with or without a time limit. `note` is an i18n key.
 */
export function levelClock(
  level: Pick<PublicLevel, 'status' | 'closesAt' | 'remainingMs'>,
  offsetMs: number,
  now = Date.now(),
): { value: string; note: 'stats.noLimit' | 'status.paused' | 'stats.untilClose'; low: boolean } | null {
  if (level.status === 'closed' || level.status === 'revealed') return null;
  if (level.status === 'paused') return { value: level.remainingMs != null ? duration(level.remainingMs) : '—', note: 'status.paused', low: false };
  if (level.status === 'open' && level.closesAt) {
    const ms = msUntil(level.closesAt, offsetMs, now);
    return { value: duration(ms), note: 'stats.untilClose', low: ms < 60_000 };
  }
  return { value: '—', note: 'stats.noLimit', low: false };
}

/** The ready guess with the lowest f (ties: the earlier one), or null. */
export function bestGuess(guesses: readonly GuessView[]): GuessView | null {
  let best: GuessView | null = null;
  for (const guess of chronological(guesses)) {
    if (guess.status !== 'ready' || guess.fx === undefined) continue;
    if (!best || guess.fx < (best.fx as number)) best = guess;
  }
  return best;
}

/** Guesses in submission order (ids grow with time). */
export function chronological(guesses: readonly GuessView[]): GuessView[] {
  return [...guesses].sort((a, b) => a.id - b.id);
}

/** The newest ready guess and its number among all the team's guesses (1 = the first), or null. */
export function latestReady(guesses: readonly GuessView[]): { guess: GuessView; n: number } | null {
  const ordered = chronological(guesses);
  for (let i = ordered.length - 1; i >= 0; i--) if (ordered[i].status === 'ready') return { guess: ordered[i], n: i + 1 };
  return null;
}
