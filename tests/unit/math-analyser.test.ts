import { afterAll, describe, expect, it } from 'vitest';
import { analyseDefinition, analyseLevelDefinition, LevelAnalyser } from '../../server/math/expression.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { GameError } from '../../shared/errors.ts';

async function rejection(promise: Promise<unknown>): Promise<GameError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GameError) return err;
    throw err;
  }
  throw new Error('expected a GameError, the promise resolved');
}

// f*, argmin and median of the shipped levels as the main-thread analysis computed them before the worker and
// the tape (mathjs evaluate, symbolic gradient): the new analysis must find the very same numbers.
const BEFORE: Record<string, { fStar: number; argmin: number[]; median: number }> = {
  bowl: { fStar: 0.34884763481823616, argmin: [2.2072877116749865], median: 4.385081089644714 },
  'local-minima': { fStar: -2.6015512065968616, argmin: [1.642500160617432], median: 4.939427124765753 },
  shelf: { fStar: -7.977875016852992, argmin: [2.9967492162085323], median: 0.4546956118296374 },
  regression: { fStar: 65.46828055663869, argmin: [1.7907751360867703, 65.21257509428034], median: 456.5913221482663 },
  rosenbrock: { fStar: 0, argmin: [1, 1], median: 143.334016 },
  'double-well': { fStar: -1.638177180800583, argmin: [-2.093361066757565], median: 2.6874265763840004 },
  rastrigin: { fStar: 0, argmin: [0], median: 18.57751811553002 },
};

// Legitimately expensive (about 800 nodes in 2-D, tens of thousands of evaluations), and finite everywhere.
const EXPENSIVE = Array.from({ length: 98 }, (_, k) => `sin(${k + 1}*x+y/${k + 2})`).join('+');

describe('analyseLevelDefinition (in a worker thread)', () => {
  for (const t of [...SLIDE_LEVELS, ...CLASSIC_LEVELS]) {
    it(`analyses ${t.key} to the same f*, argmin and median as before`, async () => {
      const level = await analyseLevelDefinition({ expression: t.expression, domain: t.domain, start: t.start });
      expect({ fStar: level.fStar, argmin: level.argmin, median: level.median }).toEqual(BEFORE[t.key]);
      expect(level).toEqual(analyseDefinition({ expression: t.expression, domain: t.domain, start: t.start }));
      expect(level.start).toEqual(t.start);
      expect(level.dims).toBe(t.dims);
    });
  }

  it('trims the expression and places a default start a tenth into the domain', async () => {
    const level = await analyseLevelDefinition({ expression: '  (x - 1)^2 + (y + 2)^2 ', domain: [[-5, 5], [0, 10]] });
    expect(level.expression).toBe('(x - 1)^2 + (y + 2)^2');
    expect(level.start).toEqual([-4, 1]);
    expect(level.domain).toEqual([[-5, 5], [0, 10]]);
  });

  it('rejects with the error of the analysis, code, reason and params intact', async () => {
    const pole = await rejection(analyseLevelDefinition({ expression: '1/(x - 0.00123)', domain: [[-1, 1]] }));
    expect([pole.code, pole.status, pole.message]).toEqual(['INVALID_EXPRESSION', 400, 'f has a pole at x = 0.00123']);
    expect(pole.detail).toEqual({ reason: 'POLE', params: { x: '0.00123' } });
    const domain = await rejection(analyseLevelDefinition({ expression: 'x', domain: [[1, 0]] }));
    expect([domain.code, domain.detail.reason]).toEqual(['INVALID_DOMAIN', 'EMPTY_INTERVAL']);
    const start = await rejection(analyseLevelDefinition({ expression: 'x', domain: [[0, 1]], start: [0, 1] }));
    expect([start.code, start.detail.reason, start.detail.params]).toEqual(['INVALID_BODY', 'BAD_START', { dims: 1 }]);
  });

  it('answers requests made together, each with its own result', async () => {
    const levels = await Promise.all(['(x - 1)^2', '(x - 2)^2', '(x - 3)^2'].map((expression) => analyseLevelDefinition({ expression, domain: [[0, 4]] })));
    expect(levels.map((l) => l.argmin[0])).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 6)));
  });

  it('hands out a copy of a remembered analysis', async () => {
    const input = { expression: 'x^2 + 1', domain: [[-1, 1]] };
    const first = await analyseLevelDefinition(input);
    first.argmin[0] = 42;
    first.start.push(7);
    const second = await analyseLevelDefinition(input);
    expect(second.argmin).toEqual([0]);
    expect(second.start).toEqual([-0.8]);
  });
});

describe('LevelAnalyser time limit', () => {
  const analyser = new LevelAnalyser();
  afterAll(() => analyser.close());

  it('refuses an analysis over its time limit as TOO_SLOW, and a fresh worker serves the next request', async () => {
    const err = await rejection(analyser.analyse({ expression: EXPENSIVE, domain: [[-1, 1], [-1, 1]] }, { timeoutMs: 1 }));
    expect(err.code).toBe('INVALID_EXPRESSION');
    expect(err.detail).toEqual({ reason: 'TOO_SLOW', params: { ms: 1 } });
    expect(analyser.workersStarted).toBe(1);

    const t = SLIDE_LEVELS[0];
    const level = await analyser.analyse({ expression: t.expression, domain: t.domain });
    expect(level.fStar).toBe(BEFORE.bowl.fStar);
    expect(analyser.workersStarted).toBe(2);
    // The time limit was the only problem: a generous one lets the same expression through, on the same worker.
    const big = await analyser.analyse({ expression: EXPENSIVE, domain: [[-1, 1], [-1, 1]] }, { timeoutMs: 60_000 });
    expect(Number.isFinite(big.fStar)).toBe(true);
    expect(analyser.workersStarted).toBe(2);
  });

  it('refuses what is still queued when closed', async () => {
    const other = new LevelAnalyser();
    const outcome = expect(other.analyse({ expression: 'x', domain: [[0, 1]] })).rejects.toThrow('the level analyser is closed');
    await other.close();
    await outcome;
  });
});
