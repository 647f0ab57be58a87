import { describe, expect, it } from 'vitest';
import {
  COMPARISON_CAP,
  comparedEvaluations,
  comparisonSteps,
  isCapped,
  momentumLesson,
  reversalReason,
  sameValue,
  teamVerdict,
  type ComparedRun,
  type LevelScale,
} from '../../shared/comparison.ts';
import { OPTIMIZERS, type Optimizer } from '../../shared/optimizers.ts';
import { analyseLevel, compileLevelFunction } from '../../server/math/expression.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { replay } from '../../server/reference/textbook.ts';

/** A run whose path has these f values, at x = 0, 1, 2, … (so it travels one unit per step). */
const run = (optimizer: Optimizer, fx: number[], options: { diverged?: boolean; x?: number[]; variant?: string } = {}): ComparedRun => ({
  optimizer,
  variant: options.variant ?? null,
  diverged: options.diverged ?? false,
  path: fx.map((f, i) => ({ x: options.x?.[i] ?? i, fx: f })),
});
const scale: LevelScale = { fStar: 0, median: 100, widths: [10] };

describe('the number of evaluations compared', () => {
  it('is the team’s guess count, capped at 200: k points, k − 1 steps', () => {
    expect(COMPARISON_CAP).toBe(200);
    expect([0, 1, 2, 20, 200, 201, 10_000].map(comparedEvaluations)).toEqual([0, 1, 2, 20, 200, 200, 200]);
    expect([0, 1, 2, 20, 200, 201, 10_000].map(comparisonSteps)).toEqual([0, 0, 1, 19, 199, 199, 199]);
    expect([20, 200, 201, 10_000].map(isCapped)).toEqual([false, false, true, true]);
  });
});

describe('sameValue', () => {
  it('equates values within a relative 1e-9, and no further', () => {
    expect(sameValue(1, 1 + 9e-10)).toBe(true);
    expect(sameValue(1, 1 + 2e-9)).toBe(false);
    expect(sameValue(-7.978, -7.978 * (1 + 5e-10))).toBe(true);
    expect(sameValue(0, 0)).toBe(true);
    expect(sameValue(0, 1e-300)).toBe(false);
  });
});

describe('teamVerdict', () => {
  const runs = [run('adam', [50, 30, 25, 1]), run('gd', [50, 40, 35, 30]), run('momentum', [50, 20, 10, 0])];

  it('compares the team with each optimizer over the same number of evaluations, in optimizer order', () => {
    // 3 guesses: every path is cut to 3 points, so momentum's 0 at its 4th point does not count.
    const v = teamVerdict({ team: [{ x: 0, fx: 50 }, { x: 1, fx: 12 }, { x: 2, fx: 26 }], runs, level: scale });
    expect(v).toMatchObject({ guesses: 3, evaluations: 3, capped: false, teamBest: 12, reason: null });
    expect(v.optimizers.map((o) => [o.optimizer, o.best, o.outcome])).toEqual([
      ['gd', 35, 'beat'],
      ['momentum', 10, 'lost'],
      ['adam', 25, 'beat'],
    ]);
  });

  it('calls results within a relative 1e-9 a tie, lists variants after the plain optimizers, and says when nothing compares', () => {
    const v = teamVerdict({
      team: [{ x: 0, fx: 50 }, { x: 1, fx: 35 * (1 + 5e-10) }],
      guesses: 3,
      runs: [run('gd', [50, 40, 35]), run('gd', [50, 1, 0.5], { variant: 'standardised' })],
      level: scale,
    });
    expect(v.optimizers.map((o) => [o.optimizer, o.variant, o.outcome])).toEqual([
      ['gd', null, 'tie'],
      ['gd', 'standardised', 'lost'],
    ]);
    const none = teamVerdict({ team: [], guesses: 1, runs, level: scale });
    expect(none.teamBest).toBeNull();
    expect(none.optimizers.every((o) => o.outcome === null)).toBe(true);
  });

  it('starts every run from the team’s first guess at the team’s own value, the standardised one too; a run from elsewhere keeps its values', () => {
    // A team whose best is its first guess, f = 50: the runs from it carry f there as float32 (TensorFlow.js).
    const f32 = Math.fround(50.000000123);
    const team = [{ x: 0.1, fx: 50.000000123 }, { x: 1, fx: 60 }];
    const fromTeam = (variant?: string) => run('gd', [f32, 70], { x: [Math.fround(0.1), 1], ...(variant ? { variant } : {}) });
    const v = teamVerdict({ team, runs: [fromTeam(), fromTeam('standardised')], level: scale });
    expect(v.optimizers.map((o) => [o.variant, o.best, o.outcome])).toEqual([
      [null, 50.000000123, 'tie'],
      ['standardised', 50.000000123, 'tie'],
    ]);
    // The level's default run (a team without runs of its own is compared with it) starts at x = 0, not at 0.1.
    const elsewhere = teamVerdict({ team, runs: [run('gd', [49, 48])], level: scale });
    expect(elsewhere.optimizers.map((o) => [o.best, o.outcome])).toEqual([[48, 'lost']]);
  });

  it('compares a team with 10 000 guesses over its first 200, and says so', () => {
    const team = Array.from({ length: 10_000 }, (_, i) => ({ x: i, fx: i === 230 ? -1 : 100 - Math.min(i, 150) / 10 }));
    const v = teamVerdict({ team, runs: [run('gd', Array.from({ length: 200 }, () => 90))], level: scale });
    expect(v).toMatchObject({ guesses: 10_000, evaluations: 200, capped: true, teamBest: 85 });
    expect(v.optimizers[0].outcome).toBe('beat');
  });
});

describe('reversal reasons', () => {
  // From the level's start momentum beats GD by far: the lesson.
  const lesson = [run('gd', [80, 70, 60, 55, 50, 45]), run('momentum', [80, 60, 30, 10, 5, 2])];

  it('finds the lesson only where momentum beats GD by more than 1 % of the scale', () => {
    expect(momentumLesson(lesson, scale)).toBe(true);
    expect(momentumLesson([run('gd', [80, 50]), run('momentum', [80, 49.5])], scale)).toBe(false);
  });

  it('gives no reason where the lesson shows from the team’s start too, or where the level has no such lesson', () => {
    const mine = [run('gd', [90, 80, 70]), run('momentum', [90, 60, 40])];
    expect(reversalReason(mine, lesson, scale, 3)).toBeNull();
    const noLesson = [run('gd', [80, 10]), run('momentum', [80, 10])];
    expect(reversalReason([run('gd', [90, 80]), run('momentum', [90, 85])], noLesson, scale, 2)).toBeNull();
  });

  it('names each way a start can hide the lesson', () => {
    // A lesson that needs time: over 2 evaluations momentum does not beat GD even from the level's start.
    const slow = [run('gd', [80, 79, 78, 60]), run('momentum', [80, 79, 78, 10])];
    expect(reversalReason([run('gd', [90, 89]), run('momentum', [90, 89])], slow, scale, 2)).toBe('few-guesses');
    expect(reversalReason([run('gd', [90, 70, 60]), run('momentum', [90, 85], { diverged: true })], lesson, scale, 3)).toBe('momentum-diverged');
    expect(reversalReason([run('gd', [40, 5, 0.5]), run('momentum', [40, 4, 0.6])], lesson, scale, 3)).toBe('started-in-valley');
    const still = { x: [3, 3.1, 3.2] };
    expect(reversalReason([run('gd', [40, 39.9, 39.8], still), run('momentum', [40, 39.8, 39.6], still)], lesson, scale, 3)).toBe('flat-start');
    expect(reversalReason([run('gd', [40, 20, 15]), run('momentum', [40, 30, 25])], lesson, scale, 3)).toBe('momentum-overshot');
    expect(reversalReason([run('gd', [40, 20, 15]), run('momentum', [40, 19, 14.5])], lesson, scale, 3)).toBe('both-stuck');
  });
});

describe('reversal reasons on the slide levels, with their template settings', () => {
  /** The verdict of a team that made `guesses` guesses, its first at `start`. */
  function verdictFrom(key: string, start: number[], guesses: number) {
    const t = SLIDE_LEVELS.find((l) => l.key === key)!;
    const fn = compileLevelFunction(t.expression, t.dims);
    const { fStar, median } = analyseLevel(fn, t.domain);
    const spec = (o: Optimizer, steps: number) => ({ optimizer: o, lr: t.reference[o].lr, ...(o === 'momentum' ? { beta: t.reference.momentum.beta } : {}), steps });
    const runs = OPTIMIZERS.map((o): ComparedRun => ({ optimizer: o, ...replay(fn, spec(o, comparisonSteps(guesses)), start) }));
    const lessonRuns = OPTIMIZERS.map((o): ComparedRun => ({ optimizer: o, ...replay(fn, spec(o, t.reference[o].steps), t.start) }));
    return teamVerdict({ team: [{ x: start, fx: fn.f(start) }], guesses, runs, lessonRuns, level: { fStar, median, widths: t.domain.map(([lo, hi]) => hi - lo) } });
  }

  it('level 2 from x = 0: already in the global valley, so momentum has nothing to add', () => {
    expect(verdictFrom('local-minima', [0], 20).reason).toBe('started-in-valley');
  });
  it('level 2 from its own start x = −4.5: momentum rolls over the hump, no reason needed', () => {
    expect(verdictFrom('local-minima', [-4.5], 20).reason).toBeNull();
  });
  it('level 3 from the shelf (x = 0): flat ground, neither gathers speed', () => {
    expect(verdictFrom('shelf', [0], 20).reason).toBe('flat-start');
  });
  it('level 3 from the slope (x = −4): momentum carries through, no reason needed', () => {
    expect(verdictFrom('shelf', [-4], 20).reason).toBeNull();
  });
  it('level 4 with 20 guesses: the valley needs more evaluations than a team’s budget', () => {
    expect(verdictFrom('regression', [3.33, 50], 20).reason).toBe('few-guesses');
  });
});
