import type { GuessView } from '../../shared/protocol.ts';
import { num, t } from '../common/i18n.ts';

// Shown the same way on every page.
export { clockTime, coords, formatPoint } from '../common/format.ts';

/**
 * Reads a number the way students type it on phones and with a Chinese IME: full-width digits and minus signs,
 * "−" from copied text, a decimal comma. Returns null for anything that is not one finite number.
 */
export function parseNumber(raw: string): number | null {
  const text = raw
    .normalize('NFKC')
    .replace(/[−–—]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^(-?\d*),(\d+)$/, '$1.$2');
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export type CoordinateCheck = { ok: true; value: number } | { ok: false; message: string };

/** Checks one coordinate against its interval; the message is what the student reads under the field. */
export function checkCoordinate(raw: string, [lo, hi]: [number, number], name: string): CoordinateCheck {
  if (raw.trim() === '') return { ok: false, message: t('input.required', { name }) };
  const value = parseNumber(raw);
  if (value === null) return { ok: false, message: t('input.notNumber', { name }) };
  if (value < lo || value > hi) return { ok: false, message: t('input.outOfRange', { name, lo: num(lo), hi: num(hi) }) };
  return { ok: true, value };
}

/** The slope on 1-D levels, the gradient vector on 2-D ones; a dash while pending. */
export function formatSlope(guess: GuessView): string {
  if (guess.status !== 'ready') return '—';
  if (guess.slope !== undefined) return num(guess.slope);
  if (guess.grad && guess.grad.length === 1) return num(guess.grad[0]);
  return guess.grad ? `(${guess.grad.map((v) => num(v)).join(', ')})` : '—';
}

/** Milliseconds until an ISO time on the server's clock (offsetMs = server − local). */
export function msUntil(iso: string, offsetMs: number): number {
  return Date.parse(iso) - (Date.now() + offsetMs);
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

/** The ready guess with the lowest f (ties: the earlier one), or null. */
export function bestGuess(guesses: readonly GuessView[]): GuessView | null {
  let best: GuessView | null = null;
  for (const guess of guesses) {
    if (guess.status !== 'ready' || guess.fx === undefined) continue;
    if (!best || guess.fx < (best.fx as number)) best = guess;
  }
  return best;
}

/** Guesses in submission order (ids grow with time). */
export function chronological(guesses: readonly GuessView[]): GuessView[] {
  return [...guesses].sort((a, b) => a.id - b.id);
}
