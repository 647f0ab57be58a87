import { describe, expect, it } from 'vitest';
import type { GuessView } from '../../shared/protocol.ts';
import { lineMseExpression } from '../../shared/line-fit.ts';
import { compile } from 'mathjs';
import {
  axesOf,
  bestGuess,
  duration,
  fAt,
  fOf,
  formatSlope,
  latestReady,
  levelClock,
  namedPoint,
  pointName,
  renameVariables,
} from '../../client/play/format.ts';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
const guess = (id: number, x: number | number[], fx?: number, extra: Partial<GuessView> = {}): GuessView => ({
  id,
  x,
  submittedAt: '2025-01-01T00:00:00.000Z',
  readyAt: '2025-01-01T00:00:10.000Z',
  status: fx === undefined ? 'pending' : 'ready',
  ...(fx === undefined ? {} : { fx }),
  ...extra,
});

describe('the level’s own axis names in text (client/play/format.ts)', () => {
  it('uses the level’s names, x (and y) when it has none that fit', () => {
    expect(axesOf({ dims: 2, axes: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(axesOf({ dims: 1, axes: ['x'] })).toEqual(['x']);
    expect(axesOf({ dims: 2, axes: ['x'] })).toEqual(['x', 'y']); // a mismatched list is not trusted
    expect(pointName(['a', 'b'])).toBe('(a, b)');
    expect(fOf(['a', 'b'])).toBe('f(a, b)');
    expect(fOf(['x'])).toBe('f(x)');
    expect(namedPoint(['a', 'b'], [1.79, 65.2], fmt)).toBe('(a, b) = (1.79, 65.2)');
    expect(namedPoint(['x'], 3, fmt)).toBe('x = 3');
    expect(fAt([2, 60], fmt)).toBe('f(2, 60)');
    expect(fAt(-1, fmt)).toBe('f(-1)');
  });

  it('writes the revealed expression in the level’s names, and still the same function', () => {
    const points: [number, number][] = [
      [15.35, 80],
      [10.7, 90],
    ];
    const expression = lineMseExpression(points);
    const renamed = renameVariables(expression, ['a', 'b']);
    expect(renamed).toBe('((80 - (15.35*a + b))^2 + (90 - (10.7*a + b))^2) / 2');
    expect(compile(renamed).evaluate({ a: 1.5, b: 60 })).toBeCloseTo(compile(expression).evaluate({ x: 1.5, y: 60 }), 12);
    // whole names only: exp, max and the name x2 keep their letters; 2x (implicit product) is 2·a
    expect(renameVariables('exp(-x/2) + max(x, y) + 2x + x2', ['a', 'b'])).toBe('exp(-a/2) + max(a, b) + 2a + x2');
    expect(renameVariables('x^2 + y', ['x', 'y'])).toBe('x^2 + y');
  });
});

describe('times and the level clock', () => {
  const now = Date.parse('2025-01-01T00:00:00.000Z');
  it('formats m:ss and h:mm:ss, never below zero', () => {
    expect(duration(0)).toBe('0:00');
    expect(duration(-5000)).toBe('0:00');
    expect(duration(61_001)).toBe('1:02');
    expect(duration(3_600_000 + 5_000)).toBe('1:00:05');
  });

  it('shows no clock at all once the level is settled: no "0:00" for a level that never had a time limit', () => {
    expect(levelClock({ status: 'closed', closesAt: null }, 0, now)).toBeNull();
    expect(levelClock({ status: 'revealed' }, 0, now)).toBeNull();
    expect(levelClock({ status: 'closed', closesAt: '2025-01-01T00:00:00.000Z' }, 0, now)).toBeNull();
  });

  it('counts down an open level with a limit, shows a paused one’s time left, and says when there is no limit', () => {
    expect(levelClock({ status: 'open', closesAt: '2025-01-01T00:02:00.000Z' }, 0, now)).toEqual({ value: '2:00', note: 'stats.untilClose', low: false });
    expect(levelClock({ status: 'open', closesAt: '2025-01-01T00:00:30.000Z' }, 0, now)).toEqual({ value: '0:30', note: 'stats.untilClose', low: true });
    // the server's clock is 10 s ahead of this device: 10 s less to go
    expect(levelClock({ status: 'open', closesAt: '2025-01-01T00:02:00.000Z' }, 10_000, now)?.value).toBe('1:50');
    expect(levelClock({ status: 'paused', remainingMs: 90_000 }, 0, now)).toEqual({ value: '1:30', note: 'status.paused', low: false });
    expect(levelClock({ status: 'open', closesAt: null }, 0, now)).toEqual({ value: '—', note: 'stats.noLimit', low: false });
  });
});

describe('guesses', () => {
  it('finds the best ready guess (the earlier one on a tie) and the latest result with its number', () => {
    const guesses = [guess(3, 1, 2), guess(1, 3, 4), guess(2, 0, 2), guess(4, 5)];
    expect(bestGuess(guesses)?.id).toBe(2);
    expect(latestReady(guesses)).toMatchObject({ n: 3, guess: { id: 3 } });
    expect(latestReady([guess(1, 0)])).toBeNull();
    expect(bestGuess([])).toBeNull();
  });

  it('shows the slope on 1-D levels, the gradient on 2-D ones, a dash while pending', () => {
    expect(formatSlope(guess(1, 3, 4, { slope: 2, grad: [2] }), fmt)).toBe('2');
    expect(formatSlope(guess(1, [1, 2], 4, { grad: [0, 4] }), fmt)).toBe('(0, 4)');
    expect(formatSlope(guess(1, 3), fmt)).toBe('—');
  });
});
