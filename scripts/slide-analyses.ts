// Writes server/game/slide-analyses.ts: f*, argmin and median of the demo game's levels, so a new database's demo
// seed needs no analysis (no worker, no sampling at the first start). Run after changing a slide level:
//   npx tsx scripts/slide-analyses.ts
// tests/unit/slide-analyses.test.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { analyseDefinition } from '../server/math/expression.ts';
import { SLIDE_LEVELS } from '../server/game/templates.ts';

const entries = SLIDE_LEVELS.map((t) => {
  const a = analyseDefinition({ expression: t.expression, domain: t.domain, start: t.start });
  return { key: t.key, expression: a.expression, domain: a.domain, start: a.start, fStar: a.fStar, argmin: a.argmin, median: a.median };
});
const text = `/**
 * f*, argmin and median of the demo game's levels (server/game/templates.ts SLIDE_LEVELS), analysed once and kept
 * here: a new database's demo seed then starts no analysis at all. Written by \`npx tsx scripts/slide-analyses.ts\`;
 * tests/unit/slide-analyses.test.ts checks it against a fresh analysis. Do not edit by hand.
 */
import type { LevelDefinition } from './types.ts';

export const SLIDE_ANALYSES: readonly (Omit<LevelDefinition, 'dims' | 'samples'> & { key: string })[] = [
${entries.map((e) => `  ${JSON.stringify(e)},`).join('\n')}
];
`;
writeFileSync(new URL('../server/game/slide-analyses.ts', import.meta.url), text);
console.log(`server/game/slide-analyses.ts: ${entries.length} levels`);
