import type { GuessView, Optimizer, PathPoint, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { OPTIMIZERS } from '../../shared/protocol.ts';
import { chronological } from './format.ts';

/** One optimizer's path as shown beside the team's: cut to the team's number of evaluations. */
export interface ComparisonRun {
  optimizer: Optimizer;
  lr: number;
  beta?: number;
  diverged: boolean;
  path: PathPoint[];
  best: number | null;
}

export interface Comparison {
  /** 'team': runs from this team's first guess; 'default': the level's default start; 'none': not computed yet. */
  source: 'team' | 'default' | 'none';
  /** How many evaluations each path holds (the team's guess count, when it made any). */
  evaluations: number;
  runs: ComparisonRun[];
  /** The team's own ready guesses, in order. */
  teamPath: PathPoint[];
  teamBest: number | null;
}

function lowest(path: readonly PathPoint[]): number | null {
  let best: number | null = null;
  for (const p of path) if (Number.isFinite(p.fx) && (best === null || p.fx < best)) best = p.fx;
  return best;
}

/**
 * The GD, momentum and Adam paths to compare with a team: the runs started from the team's first guess when the
 * server computed them (teamId = the team's id), else the level's default ones (teamId null); a path holds as many
 * points as the team made guesses, so the comparison uses the same number of evaluations.
 */
export function compareWithReference(reveal: Reveal, teamId: number, guesses: readonly GuessView[]): Comparison {
  const teamPath = chronological(guesses)
    .filter((g) => g.status === 'ready' && g.fx !== undefined)
    .map((g) => ({ x: g.x, fx: g.fx as number }));
  const own = reveal.reference.filter((r) => r.teamId === teamId);
  const fallback = reveal.reference.filter((r) => r.teamId === null);
  const chosen: ReferencePath[] = own.length > 0 ? own : fallback;
  const source = own.length > 0 ? 'team' : fallback.length > 0 ? 'default' : 'none';
  const evaluations = teamPath.length;
  const runs: ComparisonRun[] = [];
  for (const optimizer of OPTIMIZERS) {
    const run = chosen.find((r) => r.optimizer === optimizer);
    if (!run) continue;
    const path = evaluations > 0 ? run.path.slice(0, evaluations) : run.path;
    runs.push({ optimizer, lr: run.lr, beta: run.beta, diverged: run.diverged, path, best: lowest(path) });
  }
  return { source, evaluations, runs, teamPath, teamBest: lowest(teamPath) };
}
