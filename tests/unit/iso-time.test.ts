import { describe, expect, it } from 'vitest';
import { isoTime } from '../../server/iso-time.ts';

/** A small seeded generator (mulberry32): the seed is printed, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('isoTime', () => {
  it('writes what Date#toISOString writes, for times around now, across minutes, and far from now (seed logged)', () => {
    const seed = Date.now() % 1_000_000;
    console.log(`isoTime seed ${seed}`);
    const next = random(seed);
    const now = Date.now();
    const times = [
      0, 1, 59_999, 60_000, -1, -60_000, -60_001, now, now + 10_000,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), Date.UTC(2028, 1, 29, 12, 0, 0, 5),
      -62_167_219_200_000, 253_402_300_799_999,
      ...Array.from({ length: 20_000 }, () => now + Math.floor((next() - 0.5) * 7 * 86_400_000)),
      ...Array.from({ length: 5_000 }, () => Math.floor((next() - 0.5) * 2 * 253_402_300_799_999)),
    ];
    for (const t of times) expect(isoTime(t), `t = ${t}`).toBe(new Date(t).toISOString());
  });

  it('leaves what is not a whole millisecond of years 0000–9999 to Date', () => {
    expect(isoTime(1.5)).toBe(new Date(1.5).toISOString());
    expect(isoTime(253_402_300_800_000)).toBe(new Date(253_402_300_800_000).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
