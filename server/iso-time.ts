/**
 * ISO 8601 times for epoch milliseconds, exactly as `Date#toISOString` writes them (`2026-11-29T05:55:20.123Z`), at a
 * fraction of its cost: every guess is shown with two times and stored with two, and the part up to the minute is
 * the same for most of them, so it is formatted once per minute and reused.
 */
const MINUTE_MS = 60_000;
/** Minute → "YYYY-MM-DDTHH:MM:", for the few minutes in use (submittedAt and readyAt may fall in different ones). */
const prefixes = new Map<number, string>();

export function isoTime(ms: number): string {
  // Whole milliseconds of years 0000–9999 take the fast path; anything else is left to Date (or its RangeError).
  if (!Number.isInteger(ms) || ms < -62_167_219_200_000 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const minute = Math.floor(ms / MINUTE_MS);
  let prefix = prefixes.get(minute);
  if (prefix === undefined) {
    if (prefixes.size >= 8) prefixes.clear();
    prefix = new Date(minute * MINUTE_MS).toISOString().slice(0, 17);
    prefixes.set(minute, prefix);
  }
  const rest = ms - minute * MINUTE_MS;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${prefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
