/**
 * Does each slide level teach its lesson from the starts teams actually use? From 50 starts spread over the
 * domain, GD, momentum and Adam run with the level's template settings for a team's budget (20 evaluations:
 * the start and 19 steps), compared by the rule of shared/comparison.ts. Also: momentum against GD given
 * momentum's effective step lr/(1 − β), a sweep of GD's learning rate, and the level-4 scoring example.
 * Run: npx tsx bench/lessons.ts   (float64 textbook replays: no timing, the figures are exact and repeatable).
 * The output is the table of docs/LESSONS.md.
 */
import { analyseLevel, compileLevelFunction } from '../server/math/expression.ts';
import { SLIDE_LEVELS, SLIDE_LINE } from '../server/game/templates.ts';
import { measureLesson, spreadStarts, sweepGd, type Tally } from '../server/reference/lessons.ts';
import { leastSquaresLine, lineMse, mseHessianEigenvalues } from '../shared/line-fit.ts';
import { standardisedPlan } from '../server/reference/standardised.ts';
import { replay } from '../server/reference/textbook.ts';
import { levelPoints } from '../server/game/scoring.ts';
import { DEFAULT_BUDGET } from '../shared/optimizers.ts';
import { REVERSAL_REASONS, lowestOf } from '../shared/comparison.ts';

const tally = (t: Tally): string => `${t.wins} / ${t.ties} / ${t.losses}`;
const num = (v: number | null, digits = 3): string => (v === null ? '—' : Number.isFinite(v) ? v.toFixed(digits) : '∞');
const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};

out(`${spreadStarts([[0, 1]]).length} starts per level, ${DEFAULT_BUDGET} evaluations each (the start and ${DEFAULT_BUDGET - 1} steps); W / T / L = wins / ties / losses of the first against the second (a win: a best f lower by more than 1 % of median − f*, LESSON_MARGIN).\n`);
out('| level | settings (lr, β) | momentum vs GD | Adam vs GD | momentum vs Adam | momentum vs GD at momentum’s effective step | reached f* (1 %) GD / momentum / Adam | median regret GD / momentum / Adam | from the level’s start (20 evaluations): GD / momentum / Adam |');
out('|---|---|---|---|---|---|---|---|---|');
const reasonRows: string[] = [];
const sweeps: string[] = [];
const extras: string[] = [];

for (const t of SLIDE_LEVELS) {
  const fn = compileLevelFunction(t.expression, t.dims);
  const scale = analyseLevel(fn, t.domain);
  const level = { domain: t.domain, start: t.start, data: t.data ?? null };
  const m = measureLesson(fn, level, t.reference, scale);
  const r = t.reference;
  const e = m.gdAtEffectiveStep;
  out(
    `| ${t.key} | GD ${r.gd.lr}; momentum ${r.momentum.lr}, β ${r.momentum.beta}; Adam ${r.adam.lr} | ${tally(m.momentumVsGd)} | ${tally(m.adamVsGd)} | ${tally(m.momentumVsAdam)} | GD at ${Number(e.lr.toPrecision(3))}: ${tally(e.momentumVsGd)} (GD diverged from ${e.diverged}) | ${m.reached.gd} / ${m.reached.momentum} / ${m.reached.adam} | ${num(m.medianRegret.gd)} / ${num(m.medianRegret.momentum)} / ${num(m.medianRegret.adam)} | ${num(m.defaultStart.evaluations.gd)} / ${num(m.defaultStart.evaluations.momentum)} / ${num(m.defaultStart.evaluations.adam)} |`,
  );
  reasonRows.push(`| ${t.key} | ${m.momentumVsGd.wins} | ${REVERSAL_REASONS.map((k) => m.reasons[k]).join(' | ')} |`);
  if (m.standardisedVsGd) {
    extras.push(
      `${t.key}: standardised GD (lr ${standardisedPlan(fn, level, r.gd.lr)?.lr}) vs GD from the ${m.starts} starts: ${tally(m.standardisedVsGd)}; reached f* from ${m.reached.standardised} (GD from ${m.reached.gd}); median regret ${num(m.medianRegret.standardised, 6)}.`,
      `${t.key}: from the level's start over the template's ${r.gd.steps} steps: GD ${num(m.defaultStart.full.gd)}, momentum ${num(m.defaultStart.full.momentum)}, Adam ${num(m.defaultStart.full.adam)}, standardised GD ${num(m.defaultStart.standardised, 4)} (f* = ${num(scale.fStar, 4)}).`,
    );
  }
  const factors = [0.25, 0.5, 1, 1.5, 2, 3];
  const rates = [...factors.map((k) => Number((k * r.gd.lr).toPrecision(3))), Number(e.lr.toPrecision(3))];
  for (const row of sweepGd(fn, level, t.reference, scale, [...new Set(rates)].sort((a, b) => a - b))) {
    sweeps.push(`| ${t.key} | ${row.lr}${row.lr === r.gd.lr ? ' (template)' : row.lr === Number(e.lr.toPrecision(3)) ? ' (momentum’s effective step)' : ''} | ${num(row.medianRegret)} | ${row.diverged} | ${tally(row.momentumVsGd)} |`);
  }
}

out('\nWhere momentum does not beat GD although it does from the level’s start, why (reason codes of shared/comparison.ts):\n');
out(`| level | momentum wins | ${REVERSAL_REASONS.join(' | ')} |`);
out(`|---|---|${REVERSAL_REASONS.map(() => '---').join('|')}|`);
for (const row of reasonRows) out(row);

out('\nGD at other learning rates, from the same starts (momentum keeps its template settings):\n');
out('| level | GD lr | median regret | GD diverged | momentum vs this GD |');
out('|---|---|---|---|---|');
for (const row of sweeps) out(row);

out('');
for (const line of extras) out(line);

// ---- level 4: the numbers of the scoring example ----
const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
const points = regression.data!.points;
const fn4 = compileLevelFunction(regression.expression, 2);
const { median: median4 } = analyseLevel(fn4, regression.domain);
const ls = leastSquaresLine(points);
const [big, small] = mseHessianEigenvalues(points);
const pts = (f: number): number => levelPoints(f, ls.mse, median4);
const slide = lineMse(points, SLIDE_LINE);
// A 20-guess grid scan: the centres of a 5 × 4 grid over the domain.
const [[a0, a1], [b0, b1]] = regression.domain;
let grid = Number.POSITIVE_INFINITY;
for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) grid = Math.min(grid, fn4.f([a0 + ((a1 - a0) * (i + 0.5)) / 5, b0 + ((b1 - b0) * (j + 0.5)) / 4]));
const steps = DEFAULT_BUDGET - 1;
const bestOf = (spec: Parameters<typeof replay>[1]): number => lowestOf(replay(fn4, spec, regression.start).path) as number;
const gd20 = bestOf({ optimizer: 'gd', lr: regression.reference.gd.lr, steps });
const momentum150 = bestOf({ optimizer: 'momentum', lr: regression.reference.momentum.lr, beta: regression.reference.momentum.beta, steps: 150 });
const adam20 = bestOf({ optimizer: 'adam', lr: regression.reference.adam.lr, steps });
out(`\nLevel 4: least squares a = ${ls.a.toFixed(4)}, b = ${ls.b.toFixed(4)}, MSE = ${ls.mse.toFixed(4)} (f*); median ${median4.toFixed(2)}; Hessian eigenvalues ${big.toFixed(1)} and ${small.toFixed(4)} (ratio ${(big / small).toFixed(0)}; GD stable below 2/λmax = ${(2 / big).toFixed(5)}).\n`);
out('| level 4 result | f_best | regret | points |');
out('|---|---|---|---|');
for (const [label, f] of [
  ['the slide’s line 3.33x + 50 (one guess)', slide],
  ['a 20-guess grid scan (centres of a 5 × 4 grid)', grid],
  [`GD’s ${DEFAULT_BUDGET} evaluations from the slide’s line (lr ${regression.reference.gd.lr})`, gd20],
  [`Adam’s ${DEFAULT_BUDGET} evaluations from the slide’s line (lr ${regression.reference.adam.lr})`, adam20],
  ['momentum’s 150 steps from the slide’s line', momentum150],
  ['a descent to the valley floor near the answer', 65.5],
  ['the least-squares line', ls.mse],
] as const) {
  out(`| ${label} | ${f.toFixed(3)} | ${(f - ls.mse).toFixed(3)} | ${pts(f)} |`);
}
console.log(lines.join('\n'));
