/**
 * What the reveal puts beside a team: GD, momentum, Adam (and on a regression level GD on the standardised
 * feature) run from the team's first guess with the same number of evaluations, judged by the one rule of
 * shared/comparison.ts (the cap, ties, the reason a team's start turns the level's lesson around). Pure: plain data
 * in and out, no DOM, so it is unit-tested in Node.
 */
import {
  beatsBy,
  lowestOf,
  momentumLesson,
  teamVerdict,
  type ComparedRun,
  type LevelScale,
  type OptimizerVerdict,
  type ReversalReason,
} from '../../shared/comparison.ts';
import { OPTIMIZERS, type Optimizer } from '../../shared/optimizers.ts';
import type { GuessView, PathPoint, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { chronological } from './format.ts';

/** One reference run as shown beside the team: its settings, its path cut to the compared evaluations, its verdict. */
export interface ComparisonRun {
  optimizer: Optimizer;
  variant: 'standardised' | null;
  lr: number;
  beta?: number;
  steps: number;
  diverged: boolean;
  path: PathPoint[];
  /** The lowest f on the compared points. */
  best: number | null;
  /** How the team fared against this run: 'beat', 'tie', 'lost', or null without a result to compare. */
  outcome: OptimizerVerdict['outcome'];
}

export interface Comparison {
  /** 'team': runs from this team's first guess; 'default': the level's default start; 'none': not computed yet. */
  source: 'team' | 'default' | 'none';
  /** Guesses the team made (pending ones count, as in the budget). */
  guesses: number;
  /** Points compared on each path: the team's guesses, up to the cap (0: the team made none, whole paths shown). */
  evaluations: number;
  /** The team made more guesses than are compared. */
  capped: boolean;
  runs: ComparisonRun[];
  /** The team's ready guesses, in order. */
  teamPath: PathPoint[];
  /** The team's lowest f over its compared guesses. */
  teamBest: number | null;
  /** Why momentum does not beat GD from this team's start although it does from the level's (shared REVERSAL_REASONS). */
  reason: ReversalReason | null;
  /** From this team's start the level's lesson showed: momentum beat GD (level 3: GD stuck, momentum carried through). */
  momentumWon: boolean;
}

const key = (r: Pick<ReferencePath, 'optimizer' | 'variant'>) => `${r.optimizer}:${r.variant ?? ''}`;
const order = (r: Pick<ReferencePath, 'optimizer' | 'variant'>) => OPTIMIZERS.indexOf(r.optimizer) + (r.variant ? OPTIMIZERS.length : 0);

/** One run per optimizer and variant (the first of each), plain optimizers in OPTIMIZERS order, then variants. */
function pick(runs: readonly ReferencePath[]): ReferencePath[] {
  const seen = new Map<string, ReferencePath>();
  for (const run of runs) if (!seen.has(key(run))) seen.set(key(run), run);
  return [...seen.values()].sort((a, b) => order(a) - order(b));
}

const compared = (run: ReferencePath): ComparedRun => ({ optimizer: run.optimizer, variant: run.variant ?? null, diverged: run.diverged, path: run.path });

/**
 * The comparison of one team with the reference runs of a revealed level: the runs from the team's first guess when
 * the server computed them (teamId = the team's id), else the level's default ones (teamId null); each path holds as
 * many points as are compared, and the verdict says who got lower and, from the team's own start, why the lesson
 * did not show when it did not.
 */
export function compareWithReference(reveal: Reveal, teamId: number, guesses: readonly GuessView[], domain: readonly (readonly [number, number])[]): Comparison {
  const teamPath = chronological(guesses)
    .filter((g) => g.status === 'ready' && g.fx !== undefined)
    .map((g) => ({ x: g.x, fx: g.fx as number }));
  const own = pick(reveal.reference.filter((r) => r.teamId === teamId));
  const lesson = pick(reveal.reference.filter((r) => r.teamId === null));
  const chosen = own.length > 0 ? own : lesson;
  const source = own.length > 0 ? 'team' : lesson.length > 0 ? 'default' : 'none';
  const scale: LevelScale = { fStar: reveal.fStar, median: reveal.median, widths: domain.map(([lo, hi]) => hi - lo) };

  const verdict = teamVerdict({
    team: teamPath,
    guesses: guesses.length,
    runs: chosen.map(compared),
    ...(source === 'team' ? { lessonRuns: lesson.map(compared) } : {}),
    level: scale,
  });
  const runs = chosen.map((run): ComparisonRun => {
    const judged = verdict.optimizers.find((v) => v.optimizer === run.optimizer && v.variant === (run.variant ?? null));
    return {
      optimizer: run.optimizer,
      variant: run.variant ?? null,
      lr: run.lr,
      ...(run.beta !== undefined ? { beta: run.beta } : {}),
      steps: run.steps,
      diverged: run.diverged,
      path: verdict.evaluations > 0 ? run.path.slice(0, verdict.evaluations) : run.path,
      // A team without a guess sees the level's runs whole, with the best of each whole path.
      best: verdict.evaluations > 0 ? (judged?.best ?? null) : lowestOf(run.path),
      outcome: judged?.outcome ?? null,
    };
  });

  const plain = (optimizer: Optimizer) => chosen.find((r) => r.optimizer === optimizer && !r.variant);
  const gd = plain('gd');
  const momentum = plain('momentum');
  const momentumWon =
    source === 'team' &&
    verdict.evaluations > 0 &&
    !!gd &&
    !!momentum &&
    momentumLesson(lesson.map(compared), scale) &&
    beatsBy(compared(momentum), compared(gd), scale, verdict.evaluations);

  return {
    source,
    guesses: verdict.guesses,
    evaluations: verdict.evaluations,
    capped: verdict.capped,
    runs,
    teamPath,
    teamBest: verdict.teamBest,
    reason: source === 'team' ? verdict.reason : null,
    momentumWon,
  };
}
