/**
 * How the team page reads the numbers students type on phones and with a Chinese IME. Pure: no DOM, no i18n (the
 * elements translate the problems), so it is unit-tested in Node.
 *
 * One rule for commas: a comma is never a decimal point. "3,5" could be 3.5 (a European keypad) or 35 (a thousands
 * separator), so it is refused with a message asking for a dot, rather than guessed. Full-width digits and signs, the
 * typographic minus "−" from copied text, and the ideographic full stop "。" of a Chinese IME (unambiguously a dot)
 * are read as their ASCII forms.
 */

/** Why a typed coordinate cannot be sent. */
export type NumberProblem = 'required' | 'comma' | 'notNumber' | 'outOfRange';

export type ReadNumber = { ok: true; value: number } | { ok: false; problem: Exclude<NumberProblem, 'outOfRange'> };

const MINUS = /[−–—‐‑﹣－]/g;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The text with full-width forms, minus signs and the IME's full stop made ASCII, spaces removed. */
function normalise(raw: string): string {
  return raw.normalize('NFKC').replace(MINUS, '-').replace(/[。｡]/g, '.').replace(/\s+/g, '');
}

/** Reads one finite number, or says why the text is not one. */
export function readNumber(raw: string): ReadNumber {
  const text = normalise(raw);
  if (text === '') return { ok: false, problem: 'required' };
  if (/[,、]/.test(text)) return { ok: false, problem: 'comma' };
  if (!NUMBER.test(text)) return { ok: false, problem: 'notNumber' };
  const value = Number(text);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'notNumber' };
}

/** One finite number, or null (the team number of the login form). */
export function parseNumber(raw: string): number | null {
  const read = readNumber(raw);
  return read.ok ? read.value : null;
}

export type CoordinateCheck = { ok: true; value: number } | { ok: false; problem: NumberProblem };

/** Checks one coordinate against its interval [lo, hi]. */
export function checkCoordinate(raw: string, [lo, hi]: readonly [number, number]): CoordinateCheck {
  const read = readNumber(raw);
  if (!read.ok) return read;
  if (read.value < lo || read.value > hi) return { ok: false, problem: 'outOfRange' };
  return read;
}

/**
 * What the ± key makes of a field: the same text with its sign flipped. An empty field becomes "-" (the digits
 * follow), a lone "-" empties the field again, "+3" becomes "-3". Only the sign changes: the rest stays as typed.
 */
export function toggleSign(raw: string): string {
  const text = raw.trim();
  const sign = /^[-+−–—‐‑﹣－＋]/.exec(text)?.[0];
  if (sign === undefined) return `-${text}`;
  const rest = text.slice(sign.length);
  return sign === '+' || sign === '＋' ? `-${rest}` : rest;
}
