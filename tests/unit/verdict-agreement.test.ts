/**
 * The projector and the phones judge a team the same way: the board's verdicts (client/board/runs.ts) and a team's
 * own comparison (client/play/comparison.ts) give every run the same outcome, on the four slide levels, with the
 * runs as TensorFlow.js computes them (float32), a team whose best is its first guess included.
 */
import { describe, expect, it } from 'vitest';
import type { GuessView, Reveal } from '../../shared/protocol.ts';
import { teamVerdicts } from '../../client/board/runs.ts';
import { compareWithReference } from '../../client/play/comparison.ts';
import { slideReveal, template, type SlideKey, type TestTeam } from './client-board-reveals.ts';

/** Every coordinate and value of the reference runs rounded to float32, as TensorFlow.js returns them. */
function asTf(reveal: Reveal): Reveal {
  const f32 = (x: number | number[]) => (typeof x === 'number' ? Math.fround(x) : x.map(Math.fround));
  return { ...reveal, reference: reveal.reference.map((r) => ({ ...r, path: r.path.map((p) => ({ x: f32(p.x), fx: Math.fround(p.fx) })) })) };
}

/** The team's guesses as its page holds them (all ready), from its path in the reveal. */
function pageGuesses(reveal: Reveal, teamId: number): GuessView[] {
  const path = reveal.paths.find((p) => p.teamId === teamId)!.path;
  return path.map((p, i) => ({ id: i + 1, x: p.x, fx: p.fx, status: 'ready', submittedAt: new Date(i * 1000).toISOString(), readyAt: new Date(i * 1000 + 500).toISOString() }));
}

const TEAMS: Record<SlideKey, TestTeam[]> = {
  // Best at the first guess; walking downhill; a single guess.
  bowl: [
    { teamId: 1, number: 1, guesses: [[1.2], [4], [-3]] },
    { teamId: 2, number: 2, guesses: [[-4], [-2], [0], [0.8], [1.05]] },
    { teamId: 3, number: 3, guesses: [[3]] },
  ],
  'local-minima': [
    { teamId: 1, number: 1, guesses: [[0], [0.5], [1], [-1]] },
    { teamId: 2, number: 2, guesses: [[-4], [-3.5], [-3], [-2.5], [-2], [-1.5]] },
  ],
  shelf: [
    { teamId: 1, number: 1, guesses: [[2], [2.5], [3]] },
    { teamId: 2, number: 2, guesses: [[-1], [0], [1]] },
  ],
  regression: [
    { teamId: 1, number: 1, guesses: [[1.8, 65], [3.33, 50], [1, 70]] },
    { teamId: 2, number: 2, guesses: [[3.33, 50], [2.5, 55], [2, 60], [1.8, 64]] },
    { teamId: 3, number: 3, guesses: [[0.5, 90]] },
  ],
};

describe('the board and the phones agree on every team', () => {
  for (const key of Object.keys(TEAMS) as SlideKey[]) {
    it(`on ${key}`, () => {
      const { reveal: exact, leaderboard } = slideReveal(key, TEAMS[key]);
      const reveal = asTf(exact);
      const board = teamVerdicts(reveal, leaderboard);
      for (const team of TEAMS[key]) {
        const onBoard = board.get(team.teamId)!.optimizers.map((o) => [o.optimizer, o.variant, o.best, o.outcome]);
        const phone = compareWithReference(reveal, team.teamId, pageGuesses(reveal, team.teamId), template(key).domain);
        const onPhone = phone.runs.map((r) => [r.optimizer, r.variant, r.best, r.outcome]);
        expect(onPhone, `team ${team.number}`).toEqual(onBoard);
        expect(onBoard.every(([, , , outcome]) => outcome !== null)).toBe(true);
      }
    });
  }
});

