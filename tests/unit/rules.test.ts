import { describe, expect, it } from 'vitest';
import { acceptsGuesses, isExpired, parseX, submitGuess, transition, type GuessRecord, type LevelState } from '../../server/game/rules.ts';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

function level(over: Partial<LevelState> = {}): LevelState {
  return {
    id: 1, dims: 1, domain: [[-10, 10]], delayMs: 10_000, budget: 3, timeLimitMs: null, status: 'open',
    openedAt: T0, closesAt: null, remainingMs: null, closedAt: null, revealedAt: null, ...over,
  };
}
const guess = (submittedAt: number, readyAt: number): GuessRecord => ({ id: 1, teamId: 1, levelId: 1, x: [0], fx: 1, grad: [0], submittedAt, readyAt });

describe('parseX', () => {
  it('takes a number or [x] on a 1-D level and [x, y] on a 2-D level', () => {
    expect(parseX(2.5, level())).toEqual({ ok: true, value: [2.5] });
    expect(parseX([2.5], level())).toEqual({ ok: true, value: [2.5] });
    expect(parseX([1, 2], level({ dims: 2, domain: [[-5, 5], [0, 10]] }))).toEqual({ ok: true, value: [1, 2] });
  });
  it.each([
    ['a string', '3'],
    ['null', null],
    ['the wrong dimension', [1, 2]],
    ['infinity', Infinity],
    ['NaN', NaN],
    ['outside the domain', 10.0001],
    ['an object', { x: 1 }],
  ])('refuses %s with INVALID_X', (_, x) => {
    const result = parseX(x, level());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('INVALID_X');
  });
  it('refuses a scalar on a 2-D level and a point outside the second interval', () => {
    const l = level({ dims: 2, domain: [[-5, 5], [0, 10]] });
    expect(parseX(1, l)).toMatchObject({ ok: false, code: 'INVALID_X' });
    expect(parseX([1, -0.5], l)).toMatchObject({ ok: false, code: 'INVALID_X' });
  });
  it('accepts the domain bounds themselves', () => {
    expect(parseX(-10, level()).ok).toBe(true);
    expect(parseX(10, level()).ok).toBe(true);
  });
});

describe('submitGuess', () => {
  it('sets readyAt = submittedAt + the level delay', () => {
    expect(submitGuess({ level: level(), gameActive: true, teamGuesses: [], x: 1, now: T0 })).toEqual({ ok: true, value: { x: [1], submittedAt: T0, readyAt: T0 + 10_000 } });
  });
  it('allows one pending guess per team: the next is refused until readyAt, accepted at readyAt', () => {
    const earlier = [guess(T0, T0 + 10_000)];
    expect(submitGuess({ level: level(), gameActive: true, teamGuesses: earlier, x: 1, now: T0 + 9_999 })).toMatchObject({ ok: false, code: 'GUESS_PENDING' });
    expect(submitGuess({ level: level(), gameActive: true, teamGuesses: earlier, x: 1, now: T0 + 10_000 }).ok).toBe(true);
  });
  it('counts every accepted guess against the budget', () => {
    const used = [guess(T0, T0 + 1), guess(T0 + 2, T0 + 3), guess(T0 + 4, T0 + 5)];
    expect(submitGuess({ level: level(), gameActive: true, teamGuesses: used, x: 1, now: T0 + 100 })).toMatchObject({ ok: false, code: 'BUDGET_EXHAUSTED' });
    expect(submitGuess({ level: level({ budget: null }), gameActive: true, teamGuesses: used, x: 1, now: T0 + 100 }).ok).toBe(true);
  });
  it('refuses guesses in a game that is not the active one, even on an open level', () => {
    expect(submitGuess({ level: level(), gameActive: false, teamGuesses: [], x: 1, now: T0 })).toMatchObject({ ok: false, code: 'LEVEL_NOT_OPEN' });
  });
  it.each(['draft', 'paused', 'closed', 'revealed'] as const)('refuses guesses on a %s level', (status) => {
    expect(submitGuess({ level: level({ status }), gameActive: true, teamGuesses: [], x: 1, now: T0 })).toMatchObject({ ok: false, code: 'LEVEL_NOT_OPEN' });
  });
  it('refuses guesses once the time limit has passed, even before the level is marked closed', () => {
    const l = level({ closesAt: T0 + 60_000 });
    expect(acceptsGuesses(l, T0 + 59_999)).toBe(true);
    expect(submitGuess({ level: l, gameActive: true, teamGuesses: [], x: 1, now: T0 + 60_000 })).toMatchObject({ ok: false, code: 'LEVEL_NOT_OPEN' });
    expect(isExpired(l, T0 + 60_000)).toBe(true);
  });
  it('checks the level state before x, so a closed level says so whatever x is', () => {
    expect(submitGuess({ level: level({ status: 'closed' }), gameActive: true, teamGuesses: [], x: 'junk', now: T0 })).toMatchObject({ code: 'LEVEL_NOT_OPEN' });
  });
});

describe('transition', () => {
  it('walks draft → open → paused → open → closed → revealed', () => {
    let l = level({ status: 'draft', openedAt: null });
    const step = (action: Parameters<typeof transition>[1], now: number) => {
      const r = transition(l, action, now);
      if (!r.ok) throw new Error(r.message);
      l = r.value;
    };
    step('open', T0);
    expect(l).toMatchObject({ status: 'open', openedAt: T0, closesAt: null });
    step('pause', T0 + 1000);
    expect(l.status).toBe('paused');
    step('resume', T0 + 2000);
    step('close', T0 + 3000);
    expect(l).toMatchObject({ status: 'closed', closedAt: T0 + 3000 });
    step('reveal', T0 + 4000);
    expect(l).toMatchObject({ status: 'revealed', revealedAt: T0 + 4000 });
    step('reset', T0 + 5000);
    expect(l).toMatchObject({ status: 'draft', openedAt: null, closedAt: null, revealedAt: null });
  });
  it.each([
    ['reveal', 'open'],
    ['open', 'open'],
    ['pause', 'draft'],
    ['resume', 'open'],
    ['close', 'draft'],
    ['reveal', 'draft'],
  ] as const)('refuses %s on a %s level', (action, status) => {
    expect(transition(level({ status }), action, T0)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });
  it('keeps the time left of a limit across a pause', () => {
    const opened = transition(level({ status: 'draft', timeLimitMs: 60_000 }), 'open', T0);
    expect(opened).toMatchObject({ ok: true, value: { closesAt: T0 + 60_000 } });
    const paused = transition((opened as { value: LevelState }).value, 'pause', T0 + 20_000);
    expect(paused).toMatchObject({ ok: true, value: { status: 'paused', closesAt: null, remainingMs: 40_000 } });
    const resumed = transition((paused as { value: LevelState }).value, 'resume', T0 + 100_000);
    expect(resumed).toMatchObject({ ok: true, value: { status: 'open', closesAt: T0 + 140_000, remainingMs: null } });
  });
  it('extends or shortens the time of an open level, never into the past', () => {
    const open = level({ closesAt: T0 + 60_000 });
    expect(transition(open, 'extend', T0, 30_000)).toMatchObject({ ok: true, value: { closesAt: T0 + 90_000 } });
    expect(transition(open, 'extend', T0 + 10_000, -120_000)).toMatchObject({ ok: true, value: { closesAt: T0 + 10_000 } });
    expect(transition(level({ status: 'closed' }), 'extend', T0, 1000)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });
});
