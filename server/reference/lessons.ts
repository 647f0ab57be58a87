/**
 * Does a level teach its lesson from the starts teams actually use? From starts spread over the domain, each
 * optimizer runs with the level's settings for as many evaluations as a team's budget (textbook.ts, float64),
 * and the runs are compared by the rule of shared/comparison.ts. bench/lessons.ts prints the figures,
 * docs/LESSONS.md holds them, and tests/unit/lessons.test.ts checks the slide levels keep them.
 */
import type { LevelFunction } from '../math/expression.ts';
import { DEFAULT_BUDGET, OPTIMIZERS, type Optimizer } from '../../shared/optimizers.ts';
import { beatsBy, lowestOf, REACHED_SHARE, reversalReason, REVERSAL_REASONS, type ComparedRun, type LevelScale, type ReversalReason } from '../../shared/comparison.ts';
import type { ReferenceSettings } from './defaults.ts';
import { divergenceLimits, fSpread } from './divergence.ts';
import { replay, type ReplaySpec } from './textbook.ts';
import { standardisedPlan } from './standardised.ts';
import type { DataPoint } from '../../shared/line-fit.ts';

type Box = readonly (readonly [number, number])[];

/** How many starts a lesson is measured from. */
export const LESSON_STARTS = 50;

/** Starts spread over the domain: evenly on 1-D (cell centres), a low-discrepancy R2 sequence on 2-D. */
export function spreadStarts(domain: Box, n = LESSON_STARTS): number[][] {
  if (domain.length === 1) {
    const [lo, hi] = domain[0];
    return Array.from({ length: n }, (_, i) => [lo + ((hi - lo) * (i + 0.5)) / n]);
  }
  // Roberts' R2: steps of 1/ρ and 1/ρ² (ρ the plastic number) fill a square evenly for any n.
  const alpha = [0.7548776662466927, 0.5698402909980532];
  return Array.from({ length: n }, (_, i) => domain.map(([lo, hi], d) => lo + (hi - lo) * ((0.5 + (i + 1) * alpha[d]) % 1)));
}

/** Wins, ties and losses of one optimizer against another, start by start. */
export interface Tally {
  wins: number;
  ties: number;
  losses: number;
}

/** A level as the measurement needs it. */
export interface LessonLevel {
  domain: [number, number][];
  start: number[];
  data?: { points: DataPoint[] } | null;
}

/** What the measurement found on one level. */
export interface LessonMeasure {
  starts: number;
  /** Points of each path: a team's budget (start + steps). */
  evaluations: number;
  momentumVsGd: Tally;
  adamVsGd: Tally;
  momentumVsAdam: Tally;
  /** Momentum against GD given momentum's effective step lr/(1 − β) (and how often that GD diverged). */
  gdAtEffectiveStep: { lr: number; momentumVsGd: Tally; diverged: number };
  /** Standardised GD (regression levels) against plain GD. */
  standardisedVsGd: Tally | null;
  /** Over the starts where momentum does not beat GD although it does from the level's start: why. */
  reasons: Record<ReversalReason, number>;
  /** From how many starts each optimizer got within 1 % of the level's scale (median − f*) above f*. */
  reached: Record<Optimizer | 'standardised', number>;
  /** Median regret over the starts, per optimizer (and standardised GD). */
  medianRegret: Record<Optimizer | 'standardised', number | null>;
  /** From the level's own start: each optimizer's best f over the evaluations, and over the level's own steps. */
  defaultStart: { evaluations: Record<Optimizer, number | null>; full: Record<Optimizer, number | null>; standardised: number | null };
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const specOf = (settings: ReferenceSettings, optimizer: Optimizer, steps: number): ReplaySpec => ({
  optimizer,
  lr: settings[optimizer].lr,
  ...(optimizer === 'momentum' ? { beta: settings.momentum.beta } : {}),
  steps,
});

/** Measures a level's lesson with the given settings (see the top of this file). */
export function measureLesson(
  fn: LevelFunction,
  level: LessonLevel,
  settings: ReferenceSettings,
  scale: { fStar: number; median: number },
  options: { starts?: number; evaluations?: number } = {},
): LessonMeasure {
  const evaluations = options.evaluations ?? DEFAULT_BUDGET;
  const steps = evaluations - 1;
  const spread = fSpread(fn, level.domain);
  const run = (spec: ReplaySpec, start: readonly number[], variant?: string): ComparedRun => {
    const { path, diverged } = replay(fn, spec, start, divergenceLimits(level.domain, fn.f(start), spread));
    return { optimizer: spec.optimizer, variant: variant ?? null, diverged, path };
  };
  const std = standardisedPlan(fn, level, settings.gd.lr);
  const stdSpread = std ? fSpread(std.fn, std.domain) : 0;
  const runStandardised = (start: readonly number[], n: number): ComparedRun | null => {
    if (!std) return null;
    const s = std.toStandardised(start);
    const { path, diverged } = replay(std.fn, { optimizer: 'gd', lr: std.lr, steps: n }, s, divergenceLimits(std.domain, std.fn.f(s), stdSpread));
    return { optimizer: 'gd', variant: 'standardised', diverged, path };
  };
  const widths = level.domain.map(([lo, hi]) => hi - lo);
  const levelScale: LevelScale = { fStar: scale.fStar, median: scale.median, widths };

  const lessonRuns = OPTIMIZERS.map((o) => run(specOf(settings, o, settings[o].steps), level.start));
  const effectiveLr = settings.momentum.lr / (1 - settings.momentum.beta);

  const tally = (): Tally => ({ wins: 0, ties: 0, losses: 0 });
  const count = (t: Tally, a: ComparedRun, b: ComparedRun): void => {
    if (beatsBy(a, b, levelScale)) t.wins += 1;
    else if (beatsBy(b, a, levelScale)) t.losses += 1;
    else t.ties += 1;
  };
  const result: LessonMeasure = {
    starts: 0,
    evaluations,
    momentumVsGd: tally(),
    adamVsGd: tally(),
    momentumVsAdam: tally(),
    gdAtEffectiveStep: { lr: effectiveLr, momentumVsGd: tally(), diverged: 0 },
    standardisedVsGd: std ? tally() : null,
    reasons: Object.fromEntries(REVERSAL_REASONS.map((r) => [r, 0])) as Record<ReversalReason, number>,
    reached: { gd: 0, momentum: 0, adam: 0, standardised: 0 },
    medianRegret: { gd: null, momentum: null, adam: null, standardised: null },
    defaultStart: {
      evaluations: Object.fromEntries(lessonRuns.map((r) => [r.optimizer, lowestOf(r.path, evaluations)])) as Record<Optimizer, number | null>,
      full: Object.fromEntries(lessonRuns.map((r) => [r.optimizer, lowestOf(r.path)])) as Record<Optimizer, number | null>,
      standardised: std ? lowestOf(runStandardised(level.start, settings.gd.steps)?.path ?? []) : null,
    },
  };
  const regrets: Record<Optimizer | 'standardised', number[]> = { gd: [], momentum: [], adam: [], standardised: [] };
  // Never negative: f* is found numerically and a path may go a hair below it.
  const regretOf = (r: ComparedRun): number => Math.max(0, (lowestOf(r.path) ?? Number.POSITIVE_INFINITY) - scale.fStar);

  for (const start of spreadStarts(level.domain, options.starts ?? LESSON_STARTS)) {
    result.starts += 1;
    const [gd, momentum, adam] = OPTIMIZERS.map((o) => run(specOf(settings, o, steps), start));
    count(result.momentumVsGd, momentum, gd);
    count(result.adamVsGd, adam, gd);
    count(result.momentumVsAdam, momentum, adam);
    const fastGd = run({ optimizer: 'gd', lr: effectiveLr, steps }, start);
    count(result.gdAtEffectiveStep.momentumVsGd, momentum, fastGd);
    if (fastGd.diverged) result.gdAtEffectiveStep.diverged += 1;
    const standardised = runStandardised(start, steps);
    if (standardised && result.standardisedVsGd) {
      count(result.standardisedVsGd, standardised, gd);
      regrets.standardised.push(regretOf(standardised));
    }
    const reason = reversalReason([gd, momentum, adam], lessonRuns, levelScale, evaluations);
    if (reason) result.reasons[reason] += 1;
    regrets.gd.push(regretOf(gd));
    regrets.momentum.push(regretOf(momentum));
    regrets.adam.push(regretOf(adam));
  }
  for (const key of Object.keys(regrets) as (keyof typeof regrets)[]) {
    result.medianRegret[key] = median(regrets[key]);
    result.reached[key] = regrets[key].filter((r) => r <= REACHED_SHARE * (scale.median - scale.fStar)).length;
  }
  return result;
}

/** Plain GD at each learning rate from the spread starts: median regret, and momentum's tally against it. */
export function sweepGd(
  fn: LevelFunction,
  level: LessonLevel,
  settings: ReferenceSettings,
  scale: { fStar: number; median: number },
  rates: readonly number[],
  options: { starts?: number; evaluations?: number } = {},
): { lr: number; medianRegret: number | null; diverged: number; momentumVsGd: Tally }[] {
  const evaluations = options.evaluations ?? DEFAULT_BUDGET;
  const spread = fSpread(fn, level.domain);
  const levelScale: LevelScale = { ...scale, widths: level.domain.map(([lo, hi]) => hi - lo) };
  const starts = spreadStarts(level.domain, options.starts ?? LESSON_STARTS);
  const limitsOf = (start: readonly number[]) => divergenceLimits(level.domain, fn.f(start), spread);
  const momentum = starts.map((start): ComparedRun => ({ optimizer: 'momentum', ...replay(fn, specOf(settings, 'momentum', evaluations - 1), start, limitsOf(start)) }));
  return rates.map((lr) => {
    const tally: Tally = { wins: 0, ties: 0, losses: 0 };
    const regrets: number[] = [];
    let diverged = 0;
    starts.forEach((start, i) => {
      const gd: ComparedRun = { optimizer: 'gd', ...replay(fn, { optimizer: 'gd', lr, steps: evaluations - 1 }, start, limitsOf(start)) };
      if (gd.diverged) diverged += 1;
      regrets.push(Math.max(0, (lowestOf(gd.path) ?? Number.POSITIVE_INFINITY) - scale.fStar));
      if (beatsBy(momentum[i], gd, levelScale)) tally.wins += 1;
      else if (beatsBy(gd, momentum[i], levelScale)) tally.losses += 1;
      else tally.ties += 1;
    });
    return { lr, medianRegret: median(regrets), diverged, momentumVsGd: tally };
  });
}
