/**
 * Reveals of the slide levels as the server builds them, for the board's unit tests: f*, the median and the samples
 * from the server's analysis, the reference runs replayed in float64 with the templates' settings (the tf runs the
 * class sees agree with them to float32 noise), level 4's standardised run mapped back to (a, b), and every team's
 * runs from its first guess with as many evaluations as it made.
 */
import { comparisonSteps } from '../../shared/comparison.ts';
import { OPTIMIZERS, type Optimizer } from '../../shared/optimizers.ts';
import type { LeaderboardEntry, Point, PublicLevel, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { analyseLevel, compileLevelFunction, sampleCurve } from '../../server/math/expression.ts';
import { SLIDE_LEVELS, type LevelTemplate } from '../../server/game/templates.ts';
import { standardisedPlan } from '../../server/reference/standardised.ts';
import { replay } from '../../server/reference/textbook.ts';

export type SlideKey = 'bowl' | 'local-minima' | 'shelf' | 'regression';

/** A team of the test: its guesses in order (each a point of the level's dimension). */
export interface TestTeam {
  teamId: number;
  number: number;
  name?: string;
  guesses: number[][];
}

const wire = (x: readonly number[]): Point => (x.length === 1 ? x[0] : [...x]);

export function template(key: SlideKey): LevelTemplate {
  return SLIDE_LEVELS.find((t) => t.key === key)!;
}

/** The level as the board sees it (PublicLevel). */
export function publicLevel(key: SlideKey, id = 1): PublicLevel {
  const t = template(key);
  return {
    id,
    index: SLIDE_LEVELS.indexOf(t),
    title: t.title.en,
    dims: t.dims,
    domain: t.domain as PublicLevel['domain'],
    delayMs: 10_000,
    budget: 20,
    status: 'revealed',
    axes: t.axes ? [...t.axes] : t.dims === 1 ? ['x'] : ['x', 'y'],
    ...(t.data ? { data: { columns: [t.data.columns[0], t.data.columns[1]], points: t.data.points.map(([s, y]) => [s, y] as [number, number]) } } : {}),
  };
}

/** The reveal of a slide level with these teams, and the leaderboard that goes with it. */
export function slideReveal(key: SlideKey, teams: TestTeam[] = []): { reveal: Reveal; level: PublicLevel; leaderboard: LeaderboardEntry[] } {
  const t = template(key);
  const fn = compileLevelFunction(t.expression, t.dims);
  const { fStar, argmin, median } = analyseLevel(fn, t.domain);
  const spec = (o: Optimizer, steps: number) => ({ optimizer: o, lr: t.reference[o].lr, ...(o === 'momentum' ? { beta: t.reference.momentum.beta } : {}), steps });
  const run = (o: Optimizer, steps: number, start: readonly number[], teamId: number | null): ReferencePath => {
    const { path, diverged } = replay(fn, spec(o, steps), start);
    return {
      optimizer: o,
      lr: t.reference[o].lr,
      ...(o === 'momentum' ? { beta: t.reference.momentum.beta } : {}),
      steps,
      teamId,
      diverged,
      path: path.map((p) => ({ x: wire(p.x), fx: p.fx })),
    };
  };
  const reference: ReferencePath[] = OPTIMIZERS.map((o) => run(o, t.reference[o].steps, t.start, null));
  for (const team of teams) {
    if (team.guesses.length === 0) continue;
    for (const o of OPTIMIZERS) reference.push(run(o, comparisonSteps(team.guesses.length), team.guesses[0], team.teamId));
  }
  const plan = standardisedPlan(fn, { domain: t.domain, data: t.data ?? null }, t.reference.gd.lr);
  if (plan) {
    const steps = t.reference.gd.steps;
    const { path, diverged } = replay(plan.fn, { optimizer: 'gd', lr: plan.lr, steps }, plan.toStandardised(t.start));
    reference.push({
      optimizer: 'gd',
      variant: 'standardised',
      lr: plan.lr,
      steps,
      teamId: null,
      diverged,
      path: path.map((p) => {
        const x = plan.fromStandardised(p.x);
        return { x: wire(x), fx: fn.f(x) };
      }),
    });
  }
  const paths = teams.map((team) => ({
    teamId: team.teamId,
    number: team.number,
    name: team.name ?? '',
    path: team.guesses.map((x) => ({ x: wire(x), fx: fn.f(x) })),
  }));
  const reveal: Reveal = {
    expression: t.expression,
    fStar,
    argmin: wire(argmin),
    median,
    samples: sampleCurve(fn, t.domain, undefined, [argmin]),
    paths,
    reference,
  };
  const leaderboard = standings(reveal, teams);
  return { reveal, level: publicLevel(key), leaderboard };
}

/** A leaderboard from the teams' paths: best f, guesses made (`made` overrides, e.g. to count pending ones). */
export function standings(reveal: Reveal, teams: TestTeam[], made: Record<number, number> = {}): LeaderboardEntry[] {
  const rows = teams.map((team) => {
    const path = reveal.paths.find((p) => p.teamId === team.teamId)?.path ?? [];
    const best = path.length ? Math.min(...path.map((p) => p.fx)) : null;
    return { teamId: team.teamId, number: team.number, name: team.name ?? '', best, bestAt: null, guesses: made[team.teamId] ?? team.guesses.length };
  });
  rows.sort((a, b) => (a.best ?? Infinity) - (b.best ?? Infinity) || a.number - b.number);
  return rows.map((row, i) => ({ ...row, rank: i + 1 }));
}
