import { describe, expect, it } from 'vitest';
import { COMPARISON_CAP, comparisonSteps } from '../../shared/comparison.ts';
import { OPTIMIZERS } from '../../shared/optimizers.ts';
import type { GuessView, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { analyseLevel, compileLevelFunction } from '../../server/math/expression.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { replay } from '../../server/reference/textbook.ts';
import { compareWithReference } from '../../client/play/comparison.ts';

const TEAM = 7;

/** A revealed slide level as the page receives it: the runs from its start and from the team's first guess (replayed in float64). */
function revealed(key: string, teamStart: number[], guesses: number): { reveal: Reveal; domain: [number, number][]; fn: ReturnType<typeof compileLevelFunction> } {
  const level = SLIDE_LEVELS.find((l) => l.key === key);
  if (!level) throw new Error(key);
  const fn = compileLevelFunction(level.expression, level.dims);
  const { fStar, median, argmin } = analyseLevel(fn, level.domain);
  const run = (optimizer: (typeof OPTIMIZERS)[number], steps: number, start: number[], teamId: number | null): ReferencePath => {
    const settings = level.reference[optimizer];
    const spec = { optimizer, lr: settings.lr, steps, ...('beta' in settings ? { beta: settings.beta } : {}) };
    const { path, diverged } = replay(fn, spec, start);
    return {
      optimizer,
      lr: settings.lr,
      ...('beta' in settings ? { beta: settings.beta } : {}),
      steps,
      teamId,
      diverged,
      path: path.map((p) => ({ x: level.dims === 1 ? p.x[0] : p.x, fx: p.fx })),
    };
  };
  const reference = [
    ...OPTIMIZERS.map((o) => run(o, level.reference[o].steps, level.start, null)),
    ...OPTIMIZERS.map((o) => run(o, comparisonSteps(guesses), teamStart, TEAM)),
  ];
  const reveal: Reveal = { expression: level.expression, fStar, argmin: level.dims === 1 ? argmin[0] : argmin, median, samples: { dims: 1, xs: [], fx: [] }, paths: [], reference };
  return { reveal, domain: level.domain, fn };
}

/** The team's guesses: the first at `start`, then wherever (here: staying put), all ready. */
function teamGuesses(fn: { f(x: number[]): number }, start: number[], count: number, pending = 0): GuessView[] {
  return Array.from({ length: count + pending }, (_, i) => ({
    id: i + 1,
    x: start.length === 1 ? start[0] : start,
    submittedAt: '2025-01-01T00:00:00.000Z',
    readyAt: '2025-01-01T00:00:10.000Z',
    status: i < count ? ('ready' as const) : ('pending' as const),
    ...(i < count ? { fx: fn.f(start) } : {}),
  }));
}

describe('the comparison on the team page (client/play/comparison.ts over shared/comparison.ts)', () => {
  it('level 3 from the level’s own start: GD stuck on the shelf, momentum carried through, so the lesson line shows', () => {
    const { reveal, domain, fn } = revealed('shelf', [-4], 20);
    const c = compareWithReference(reveal, TEAM, teamGuesses(fn, [-4], 20), domain);
    expect(c.source).toBe('team');
    expect(c.evaluations).toBe(20);
    expect(c.runs.map((r) => [r.optimizer, r.path.length, r.steps])).toEqual([
      ['gd', 20, 19],
      ['momentum', 20, 19],
      ['adam', 20, 19],
    ]);
    expect(c.momentumWon).toBe(true);
    expect(c.reason).toBeNull();
    const gd = c.runs.find((r) => r.optimizer === 'gd');
    const momentum = c.runs.find((r) => r.optimizer === 'momentum');
    expect(momentum?.best).toBeLessThan((gd?.best as number) - 5);
    expect(c.runs.map((r) => [r.lr, r.beta])).toEqual([
      [0.07, undefined],
      [0.07, 0.75],
      [1, undefined],
    ]);
  });

  it('says why when the team’s own start turns the lesson around (docs/LESSONS.md’s examples)', () => {
    const cases: [string, number[], number, string][] = [
      ['local-minima', [0], 20, 'started-in-valley'],
      ['shelf', [0], 20, 'flat-start'],
      ['regression', [3.33, 50], 20, 'few-guesses'],
    ];
    for (const [key, start, guesses, reason] of cases) {
      const { reveal, domain, fn } = revealed(key, start, guesses);
      const c = compareWithReference(reveal, TEAM, teamGuesses(fn, start, guesses), domain);
      expect([key, c.reason, c.momentumWon], key).toEqual([key, reason, false]);
    }
  });

  it('has no lesson to turn around on level 1 (plain descent works): no reason, no lesson line', () => {
    const { reveal, domain, fn } = revealed('bowl', [5], 6);
    const c = compareWithReference(reveal, TEAM, teamGuesses(fn, [5], 6), domain);
    expect([c.reason, c.momentumWon, c.evaluations]).toEqual([null, false, 6]);
    // the team stayed at f(5) while every optimizer went down: it lost to all three
    expect(c.runs.map((r) => r.outcome)).toEqual(['lost', 'lost', 'lost']);
  });

  it('counts a pending guess as made (as the budget does) and compares the same number of points', () => {
    const { reveal, domain, fn } = revealed('bowl', [5], 4);
    const c = compareWithReference(reveal, TEAM, teamGuesses(fn, [5], 3, 1), domain);
    expect([c.guesses, c.evaluations, c.teamPath.length]).toEqual([4, 4, 3]);
    expect(c.runs.every((r) => r.path.length === 4)).toBe(true);
  });

  it('falls back to the level’s default runs, cut to the team’s guesses, and gives no reason from a start that is not the team’s', () => {
    const { reveal, domain, fn } = revealed('shelf', [0], 20);
    const other = compareWithReference(reveal, TEAM + 1, teamGuesses(fn, [0], 5), domain);
    expect(other.source).toBe('default');
    expect(other.runs.every((r) => r.path.length === 5)).toBe(true);
    expect([other.reason, other.momentumWon]).toEqual([null, false]);
    const none = compareWithReference({ ...reveal, reference: [] }, TEAM, [], domain);
    expect([none.source, none.runs.length, none.teamBest]).toEqual(['none', 0, null]);
    // no guess at all: the default paths whole, each with its own best
    const whole = compareWithReference(reveal, TEAM + 1, [], domain);
    expect(whole.runs.map((r) => r.path.length)).toEqual(whole.runs.map((r) => r.steps + 1));
    expect(whole.runs.map((r) => r.best)).toEqual(whole.runs.map((r) => Math.min(...r.path.map((p) => p.fx))));
    expect(whole.runs.every((r) => r.outcome === null)).toBe(true);
  });

  it('says when the cap cut the comparison short', () => {
    const { reveal, domain, fn } = revealed('bowl', [5], COMPARISON_CAP + 50);
    const c = compareWithReference(reveal, TEAM, teamGuesses(fn, [5], COMPARISON_CAP + 50), domain);
    expect([c.capped, c.guesses, c.evaluations]).toEqual([true, COMPARISON_CAP + 50, COMPARISON_CAP]);
    expect(c.runs.every((r) => r.path.length === COMPARISON_CAP)).toBe(true);
  });

  it('keeps one run per optimizer and variant, plain ones in order, then the standardised variant', () => {
    const { reveal, domain, fn } = revealed('bowl', [5], 3);
    const extra: ReferencePath = { ...reveal.reference[3], variant: 'standardised' };
    const shuffled = { ...reveal, reference: [extra, ...reveal.reference.slice(3).reverse(), reveal.reference[3], ...reveal.reference.slice(0, 3)] };
    const c = compareWithReference(shuffled, TEAM, teamGuesses(fn, [5], 3), domain);
    expect(c.runs.map((r) => [r.optimizer, r.variant])).toEqual([
      ['gd', null],
      ['momentum', null],
      ['adam', null],
      ['gd', 'standardised'],
    ]);
  });
});
