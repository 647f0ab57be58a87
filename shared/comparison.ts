/**
 * The rule by which a team is compared with the reference optimizers, in one place for the server (which runs
 * the paths) and the pages (which draw and caption them). Pure: plain data in, plain data out, no DOM.
 *
 * - Same number of evaluations: a team that made k guesses is compared with paths of k points (its first guess
 *   as the start, and k − 1 steps) of GD, momentum and Adam alike.
 * - A cap: at most COMPARISON_CAP guesses are compared (a team with 10 000 guesses on an unlimited budget is
 *   compared over its first 200), and the verdict says when the cap applied.
 * - Equal values: two best values within a relative TIE_RELATIVE are the same result (scoring uses it too).
 * - When the team's own start hides the level's lesson (momentum beats GD from the level's start, not from the
 *   team's), the verdict names the reason with one of REVERSAL_REASONS for the caption to say in one line.
 */
import { OPTIMIZERS, type Optimizer } from './optimizers.ts';
import { coords } from './point.ts';

/** The most guesses of one team that are compared with the optimizers (paths of at most 200 points). */
export const COMPARISON_CAP = 200;
/** Two best values a, b are equal when |a − b| ≤ TIE_RELATIVE · max(|a|, |b|). */
export const TIE_RELATIVE = 1e-9;
/**
 * One optimizer beats another when its best is lower by more than this share of the level's scale (median − f*):
 * a hundredth of the level's range is not a lesson a class can see.
 */
export const LESSON_MARGIN = 0.01;
/** GD "reached the bottom" when its best is within this share of the level's scale above f*. */
export const REACHED_SHARE = 0.01;
/** A run "did not get going" when it never moved further than this share of the domain's width from its start. */
export const FLAT_SHARE = 0.05;

/** How many of a team's guesses are compared: all of them, up to the cap. */
export function comparedEvaluations(guesses: number): number {
  return Math.max(0, Math.min(Math.floor(guesses), COMPARISON_CAP));
}

/** The steps of the optimizer runs from a team's first guess: one fewer than the compared guesses (0 without any). */
export function comparisonSteps(guesses: number): number {
  return Math.max(0, comparedEvaluations(guesses) - 1);
}

/** Whether the cap cut the comparison short (the team made more guesses than are compared). */
export function isCapped(guesses: number): boolean {
  return guesses > COMPARISON_CAP;
}

/** Whether two best values count as equal (relative 1e-9). */
export function sameValue(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= TIE_RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/** Whether a run starts where a team's first guess is (up to float32 rounding of the run's coordinates). */
export function sameStart(a: number | readonly number[], b: number | readonly number[]): boolean {
  const p = coords(a);
  const q = coords(b);
  return p.length === q.length && p.every((v, d) => Math.abs(v - q[d]) <= 1e-6 * Math.max(1, Math.abs(q[d])));
}

/** A point of a path, as the reveal carries it (x a number on 1-D levels). */
export interface ComparedPoint {
  x: number | readonly number[];
  fx: number;
}

/** A reference run as the reveal carries it (ReferencePath has these fields). */
export interface ComparedRun {
  optimizer: Optimizer;
  /** A variant of the optimizer (e.g. 'standardised'); absent or null for the plain optimizer. */
  variant?: string | null;
  diverged: boolean;
  path: readonly ComparedPoint[];
}

/** The scale of the level: f*, the median of f over the domain, and the domain's width per axis. */
export interface LevelScale {
  fStar: number;
  median: number;
  widths: readonly number[];
}

/**
 * Why momentum did not beat GD from this team's start although it does from the level's start:
 * - 'few-guesses': even from the level's start momentum needs more evaluations than the team made to pull ahead
 *   (level 4 with 20 guesses: along the valley nobody gets far in 19 steps).
 * - 'momentum-diverged': from this start the slope was so steep that momentum's speed threw it off the map.
 * - 'started-in-valley': the start was already in the valley of the global minimum; plain descent only had to
 *   roll down, so momentum had nothing to add (and its speed may carry it past the bottom).
 * - 'flat-start': the start was where the ground is flat (a shelf, or the bottom of a dip); with almost no slope
 *   neither optimizer could gather speed, and neither went far.
 * - 'momentum-overshot': momentum's speed carried it past the low ground where plain descent settled.
 * - 'both-stuck': both settled in the same dip; from this start momentum never gathered enough speed to get out.
 */
export const REVERSAL_REASONS = ['few-guesses', 'momentum-diverged', 'started-in-valley', 'flat-start', 'momentum-overshot', 'both-stuck'] as const;
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

/** How the team fared against one reference run with the same number of evaluations. */
export interface OptimizerVerdict {
  optimizer: Optimizer;
  variant: string | null;
  /** The lowest f on the run's compared points (null when none is finite). */
  best: number | null;
  diverged: boolean;
  /** 'beat': the team's best is lower; 'tie': equal within TIE_RELATIVE; 'lost': the run got lower; null: no result to compare. */
  outcome: 'beat' | 'tie' | 'lost' | null;
}

/** The comparison of one team with the optimizers run from its first guess. */
export interface TeamVerdict {
  /** Guesses the team made, and how many of them are compared (points of each path). */
  guesses: number;
  evaluations: number;
  /** True when the team made more guesses than COMPARISON_CAP and only the first ones are compared. */
  capped: boolean;
  /** The team's lowest f over its compared guesses. */
  teamBest: number | null;
  /** One entry per run given, plain optimizers in OPTIMIZERS order, then variants. */
  optimizers: OptimizerVerdict[];
  /** Set when the level's lesson (momentum beats GD from the level's start) does not show from this team's start. */
  reason: ReversalReason | null;
}

/** The lowest finite f among the first `points` points of a path (all of them when points is undefined). */
export function lowestOf(path: readonly { fx: number }[], points?: number): number | null {
  let best: number | null = null;
  const end = points === undefined ? path.length : Math.min(points, path.length);
  for (let i = 0; i < end; i++) {
    const fx = path[i].fx;
    if (Number.isFinite(fx) && (best === null || fx < best)) best = fx;
  }
  return best;
}

const scaleOf = (level: LevelScale): number => Math.max(level.median - level.fStar, Number.MIN_VALUE);

/**
 * Whether run a's best beats run b's by the lesson margin, over the first `points` points of each. A path that
 * diverged holds the points before it left, and those count like any other (the team's evaluations count so).
 */
export function beatsBy(a: ComparedRun, b: ComparedRun, level: LevelScale, points?: number): boolean {
  const fa = lowestOf(a.path, points);
  const fb = lowestOf(b.path, points) ?? Number.POSITIVE_INFINITY;
  return fa !== null && fa < fb - LESSON_MARGIN * scaleOf(level);
}

/** How far a path got from its start, per axis as a share of the domain's width (the largest axis counts). */
function travel(run: ComparedRun, widths: readonly number[], points: number): number {
  if (run.path.length === 0) return 0;
  const start = coords(run.path[0].x);
  let far = 0;
  for (let i = 1; i < Math.min(points, run.path.length); i++) {
    const p = coords(run.path[i].x);
    p.forEach((v, d) => {
      far = Math.max(far, Math.abs(v - start[d]) / (widths[d] || 1));
    });
  }
  return far;
}

const plain = (runs: readonly ComparedRun[], optimizer: Optimizer): ComparedRun | undefined =>
  runs.find((r) => r.optimizer === optimizer && !r.variant);

/** Whether the level's lesson is "momentum beats GD" from its own start (the default-start runs, whole). */
export function momentumLesson(lessonRuns: readonly ComparedRun[], level: LevelScale): boolean {
  const gd = plain(lessonRuns, 'gd');
  const momentum = plain(lessonRuns, 'momentum');
  return !!gd && !!momentum && beatsBy(momentum, gd, level);
}

/**
 * Why momentum does not beat GD over `points` evaluations from the team's start, when it does from the level's
 * start (null when the lesson holds here too, or when the level has no such lesson). `runs` start at the team's
 * first guess, `lessonRuns` at the level's start.
 */
export function reversalReason(
  runs: readonly ComparedRun[],
  lessonRuns: readonly ComparedRun[],
  level: LevelScale,
  points: number,
): ReversalReason | null {
  const gd = plain(runs, 'gd');
  const momentum = plain(runs, 'momentum');
  if (!gd || !momentum || !momentumLesson(lessonRuns, level)) return null;
  if (beatsBy(momentum, gd, level, points)) return null;

  const lessonGd = plain(lessonRuns, 'gd') as ComparedRun;
  const lessonMomentum = plain(lessonRuns, 'momentum') as ComparedRun;
  const lessonLength = Math.max(lessonGd.path.length, lessonMomentum.path.length);
  if (points < lessonLength && !beatsBy(lessonMomentum, lessonGd, level, points)) return 'few-guesses';
  const divergedWithin = (run: ComparedRun): boolean => run.diverged && run.path.length < points;
  if (divergedWithin(momentum) && !divergedWithin(gd)) return 'momentum-diverged';
  const scale = scaleOf(level);
  const gdBest = lowestOf(gd.path, points);
  if (gdBest !== null && gdBest - level.fStar <= REACHED_SHARE * scale) return 'started-in-valley';
  if (travel(gd, level.widths, points) < FLAT_SHARE && travel(momentum, level.widths, points) < FLAT_SHARE) return 'flat-start';
  if (beatsBy(gd, momentum, level, points)) return 'momentum-overshot';
  return 'both-stuck';
}

/**
 * The comparison of a team with the runs from its first guess: whether it beat each, over the same number of
 * evaluations (its guesses, capped), and why the level's lesson does not show from its start when it does not.
 * `team` is the team's ready guesses in order; `guesses` the number it made (pending ones count, as in the budget).
 */
export function teamVerdict(input: {
  team: readonly ComparedPoint[];
  guesses?: number;
  runs: readonly ComparedRun[];
  lessonRuns?: readonly ComparedRun[];
  level: LevelScale;
}): TeamVerdict {
  const guesses = input.guesses ?? input.team.length;
  const evaluations = comparedEvaluations(guesses);
  const teamBest = lowestOf(input.team, evaluations);
  const order = (r: ComparedRun): number => OPTIMIZERS.indexOf(r.optimizer) + (r.variant ? OPTIMIZERS.length : 0);
  // A run that starts at the team's first guess starts at the team's own value there (float64), not at the
  // optimizer's float32 copy, which may differ in the last digits and make a team "beat" a run it tied. A run from
  // elsewhere (the level's default start, when the team has no runs of its own) keeps its values.
  const first = input.team[0];
  const optimizers = [...input.runs]
    .sort((a, b) => order(a) - order(b))
    .map((run): OptimizerVerdict => {
      const path = first && run.path.length > 0 && sameStart(run.path[0].x, first.x) ? [{ ...run.path[0], fx: first.fx }, ...run.path.slice(1)] : run.path;
      const best = lowestOf(path, evaluations);
      let outcome: OptimizerVerdict['outcome'] = null;
      if (teamBest !== null) {
        if (best === null) outcome = 'beat';
        else if (sameValue(teamBest, best)) outcome = 'tie';
        else outcome = teamBest < best ? 'beat' : 'lost';
      }
      return { optimizer: run.optimizer, variant: run.variant ?? null, best, diverged: run.diverged, outcome };
    });
  const reason = input.lessonRuns && evaluations > 0 ? reversalReason(input.runs, input.lessonRuns, input.level, evaluations) : null;
  return { guesses, evaluations, capped: isCapped(guesses), teamBest, optimizers, reason };
}
