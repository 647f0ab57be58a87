import { describe, expect, it } from 'vitest';
import { analyseLevel, compileLevelFunction } from '../../server/math/expression.ts';
import { SLIDE_LEVELS, type LevelTemplate } from '../../server/game/templates.ts';
import { LESSON_STARTS, measureLesson, spreadStarts, sweepGd, type LessonMeasure } from '../../server/reference/lessons.ts';

// The figures of docs/LESSONS.md (npx tsx bench/lessons.ts): if a template's settings or the comparison rule
// change, this fails until the measurement and the document are brought up to date together.

function measure(key: string): { t: LevelTemplate; m: LessonMeasure; scale: { fStar: number; median: number } } {
  const t = SLIDE_LEVELS.find((l) => l.key === key)!;
  const fn = compileLevelFunction(t.expression, t.dims);
  const scale = analyseLevel(fn, t.domain);
  return { t, m: measureLesson(fn, t, t.reference, scale), scale };
}
const tally = (wins: number, ties: number, losses: number) => ({ wins, ties, losses });

describe('starts spread over the domain', () => {
  it('are 50 per level, inside the domain, evenly on 1-D and filling both axes on 2-D', () => {
    expect(LESSON_STARTS).toBe(50);
    const line = spreadStarts([[-5, 6.5]]);
    expect(line).toHaveLength(50);
    expect(line[0][0]).toBeCloseTo(-5 + 0.115, 9);
    expect(line[49][0]).toBeCloseTo(6.5 - 0.115, 9);
    const plane = spreadStarts([
      [0, 4],
      [30, 100],
    ]);
    expect(plane).toHaveLength(50);
    for (const axis of [0, 1]) {
      // Every tenth of each axis holds at least 2 and at most 8 of the 50 starts.
      const [lo, hi] = axis === 0 ? [0, 4] : [30, 100];
      const counts = Array.from({ length: 10 }, (_, k) => plane.filter((p) => (p[axis] - lo) / (hi - lo) >= k / 10 && (p[axis] - lo) / (hi - lo) < (k + 1) / 10).length);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    }
  });
});

describe('the lesson of each slide level, from 50 starts, with a team’s 20 evaluations', () => {
  it('Function 1: plain descent (and everything else) reaches the minimum from every start', () => {
    const { m } = measure('bowl');
    expect(m.reached).toMatchObject({ gd: 50, momentum: 50, adam: 50 });
    expect(m.momentumVsGd).toEqual(tally(0, 50, 0));
  });

  it('Function 2: momentum beats GD from 11 starts and never loses; elsewhere the start explains why', () => {
    const { m } = measure('local-minima');
    expect(m.momentumVsGd).toEqual(tally(11, 39, 0));
    expect(m.adamVsGd).toEqual(tally(12, 38, 0));
    expect(m.reasons).toEqual({ 'few-guesses': 0, 'momentum-diverged': 0, 'started-in-valley': 15, 'flat-start': 6, 'momentum-overshot': 0, 'both-stuck': 18 });
    expect(m.defaultStart.evaluations.gd).toBeCloseTo(4.627, 3);
    expect(m.defaultStart.evaluations.momentum).toBeCloseTo(-2.602, 3);
  });

  it('Function 3: momentum carries through from 21 starts and never loses; GD stalls from every start left of the valley', () => {
    const { m } = measure('shelf');
    expect(m.momentumVsGd).toEqual(tally(21, 29, 0));
    expect(m.reached.gd).toBe(23);
    expect(m.reached.momentum).toBe(28);
    expect(m.reasons['started-in-valley']).toBe(23);
    expect(m.defaultStart.evaluations.gd).toBeGreaterThan(0);
    expect(m.defaultStart.evaluations.momentum).toBeLessThan(-7.9);
  });

  it('Function 4: in 20 evaluations momentum cannot pull ahead along the valley, standardising the feature solves it', () => {
    const { m, scale } = measure('regression');
    expect(m.momentumVsGd).toEqual(tally(0, 50, 0));
    expect(m.reasons['few-guesses']).toBe(50);
    expect(m.standardisedVsGd).toEqual(tally(35, 15, 0));
    expect(m.reached.standardised).toBe(50);
    expect(m.medianRegret.standardised).toBeLessThan(1e-6);
    // Over the template's 150 steps from the slide's line, momentum does pull ahead.
    expect((m.defaultStart.full.gd as number) - (m.defaultStart.full.momentum as number)).toBeGreaterThan(0.01 * (scale.median - scale.fStar));
    expect(m.defaultStart.standardised! - scale.fStar).toBeLessThan(1e-6);
  });
});

describe('fairness: momentum’s larger effective step lr/(1 − β) is not what wins', () => {
  it('GD given momentum’s effective step still loses on levels 2 and 3, and diverges on level 4', () => {
    expect(measure('local-minima').m.gdAtEffectiveStep).toMatchObject({ lr: 0.25, diverged: 0, momentumVsGd: tally(16, 31, 3) });
    expect(measure('shelf').m.gdAtEffectiveStep).toMatchObject({ lr: expect.closeTo(0.28, 9), diverged: 0, momentumVsGd: tally(16, 32, 2) });
    expect(measure('regression').m.gdAtEffectiveStep).toMatchObject({ diverged: 50 });
  });

  it('no learning rate GD can take on level 4 beats the template’s by more than 0.1', () => {
    const t = SLIDE_LEVELS.find((l) => l.key === 'regression')!;
    const fn = compileLevelFunction(t.expression, 2);
    const scale = analyseLevel(fn, t.domain);
    const rows = sweepGd(fn, t, t.reference, scale, [0.0005, 0.001, 0.002, 0.003, 0.0035]);
    const template = rows.find((r) => r.lr === t.reference.gd.lr)!;
    for (const row of rows) expect(template.medianRegret! - row.medianRegret!).toBeLessThan(0.1);
  });
});
