import { describe, expect, it } from 'vitest';
import { levelPoints, rankLevel, rankOverall } from '../../server/game/scoring.ts';
import type { GuessRecord } from '../../server/game/rules.ts';

const teams = [1, 2, 3, 4].map((n) => ({ id: n * 10, number: n, name: `Team ${n}` }));
let nextId = 1;
const g = (teamId: number, fx: number, readyAt: number): GuessRecord => ({ id: nextId++, teamId, levelId: 1, x: [0], fx, grad: [0], submittedAt: readyAt - 10, readyAt });

describe('levelPoints', () => {
  it('is 1000 at f*, 0 at or above the median, linear between, rounded', () => {
    expect(levelPoints(-2, -2, 8)).toBe(1000);
    expect(levelPoints(8, -2, 8)).toBe(0);
    expect(levelPoints(20, -2, 8)).toBe(0);
    expect(levelPoints(3, -2, 8)).toBe(500);
    expect(levelPoints(0.0004, 0, 1)).toBe(1000);
    expect(levelPoints(0.0006, 0, 1)).toBe(999);
    expect(levelPoints(null, -2, 8)).toBe(0);
  });
});

describe('rankLevel', () => {
  it('orders by best f, then fewer guesses, then the earlier best; teams without a result last', () => {
    const guesses = [
      g(10, 5, 100), g(10, 1, 200), // team 1: best 1 with 2 guesses
      g(20, 1, 150), // team 2: best 1 with 1 guess → ahead of team 1
      g(30, 1, 50), g(30, 9, 60), // team 3: best 1 with 2 guesses, found earlier than team 1 → ahead of team 1
    ];
    const ranks = rankLevel(teams, guesses, { fStar: 0, median: 10 }, 1000);
    expect(ranks.map((r) => [r.number, r.rank, r.best, r.guesses])).toEqual([
      [2, 1, 1, 1],
      [3, 2, 1, 2],
      [1, 3, 1, 2],
      [4, 4, null, 0],
    ]);
    expect(ranks[0]).toMatchObject({ points: 900, regret: 1 });
    expect(ranks[3]).toMatchObject({ points: 0, regret: null });
  });
  it('ignores results not yet disclosed but counts their guesses', () => {
    const ranks = rankLevel(teams, [g(10, -5, 2000), g(20, 3, 500)], { fStar: -5, median: 5 }, 1000);
    expect(ranks[0]).toMatchObject({ number: 2, best: 3 });
    expect(ranks.find((r) => r.number === 1)).toMatchObject({ best: null, guesses: 1 });
  });
});

describe('rankOverall', () => {
  it('sums the points of settled levels, ties share a rank', () => {
    const l1 = rankLevel(teams, [g(10, 0, 1), g(20, 5, 1)], { fStar: 0, median: 10 }, 10);
    const l2 = rankLevel(teams, [g(20, 0, 1), g(30, 5, 1)], { fStar: 0, median: 10 }, 10);
    const overall = rankOverall(teams, [{ levelId: 1, standings: l1 }, { levelId: 2, standings: l2 }]);
    expect(overall.map((o) => [o.number, o.rank, o.points])).toEqual([
      [2, 1, 1500],
      [1, 2, 1000],
      [3, 3, 500],
      [4, 4, 0],
    ]);
    expect(overall[0].levels).toEqual({ '1': 500, '2': 1000 });
  });
});
