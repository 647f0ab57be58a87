import { describe, expect, it } from 'vitest';
import { analyseDefinition } from '../../server/math/expression.ts';
import { SLIDE_ANALYSES } from '../../server/game/slide-analyses.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';

describe('the demo levels analysed ahead of time (server/game/slide-analyses.ts)', () => {
  it('holds every slide level, as a fresh analysis finds it (run `npx tsx scripts/slide-analyses.ts` when this fails)', () => {
    expect(SLIDE_ANALYSES.map((a) => a.key)).toEqual(SLIDE_LEVELS.map((t) => t.key));
    for (const t of SLIDE_LEVELS) {
      const fresh = analyseDefinition({ expression: t.expression, domain: t.domain, start: t.start });
      const kept = SLIDE_ANALYSES.find((a) => a.key === t.key)!;
      expect(kept).toEqual({ key: t.key, expression: fresh.expression, domain: fresh.domain, start: fresh.start, fStar: fresh.fStar, argmin: fresh.argmin, median: fresh.median });
    }
  });
});
