/**
 * The reference runs of a reveal as the board shows them, and each team's comparison with the runs from its own
 * first guess by the shared rule (shared/comparison.ts: same number of evaluations, capped). Pure: no DOM.
 */
import { teamVerdict, type LevelScale, type TeamVerdict } from '../../shared/comparison.ts';
import { OPTIMIZER_INFO, OPTIMIZERS, variantLabelKey, type ReferenceVariant } from '../../shared/optimizers.ts';
import type { LeaderboardEntry, Optimizer, ReferencePath, Reveal } from '../../shared/protocol.ts';

/** An i18n key with its parameters, translated by the element that shows it. */
export interface Phrase {
  key: string;
  params: Record<string, string | number>;
}

/** The default-start run of each plain optimizer (the first, if the instructor ran several), in optimizer order. */
export function defaultRuns(reveal: Reveal): ReferencePath[] {
  const runs: ReferencePath[] = [];
  for (const optimizer of OPTIMIZERS) {
    const run = reveal.reference.find((r) => r.teamId === null && r.optimizer === optimizer && !r.variant && r.path.length > 0);
    if (run) runs.push(run);
  }
  return runs;
}

/** Default-start runs of a variant (level 4's GD on the standardised feature). */
export function variantRuns(reveal: Reveal): ReferencePath[] {
  return reveal.reference.filter((r) => r.teamId === null && !!r.variant && r.path.length > 0);
}

/** Every default-start run the board draws: the plain optimizers, then the variants. */
export function shownRuns(reveal: Reveal): ReferencePath[] {
  return [...defaultRuns(reveal), ...variantRuns(reveal)];
}

/** The runs from one team's first guess. */
export function teamRuns(reveal: Reveal, teamId: number): ReferencePath[] {
  return reveal.reference.filter((r) => r.teamId === teamId);
}

/** The i18n key of a run's name: the optimizer's, or its variant's. */
export function runNameKey(run: { optimizer: Optimizer; variant?: string | null }): string {
  return run.variant ? variantLabelKey(run.variant as ReferenceVariant) : OPTIMIZER_INFO[run.optimizer].labelKey;
}

/** A run's settings as the class reads them: "lr 0.1, β 0.6, 19 steps". */
export function runSettings(run: Pick<ReferencePath, 'lr' | 'beta' | 'steps'>, fmt: (v: number) => string): Phrase {
  return run.beta === undefined
    ? { key: 'opt.settings', params: { lr: fmt(run.lr), steps: run.steps } }
    : { key: 'opt.settingsBeta', params: { lr: fmt(run.lr), beta: fmt(run.beta), steps: run.steps } };
}

/** f*, the median and the domain's widths, as the comparison rule needs them. */
export function levelScale(reveal: Reveal): LevelScale {
  const s = reveal.samples;
  const width = (v: readonly number[]) => (v.length ? v[v.length - 1] - v[0] : 0);
  return { fStar: reveal.fStar, median: reveal.median, widths: s.dims === 1 ? [width(s.xs)] : [width(s.xs), width(s.ys)] };
}

/**
 * Each team's comparison with the runs from its first guess, by team id (teams without such runs are left out).
 * `leaderboard` gives the number of guesses each team made (pending ones count, as in the budget).
 */
export function teamVerdicts(reveal: Reveal, leaderboard: readonly Pick<LeaderboardEntry, 'teamId' | 'guesses'>[] = []): Map<number, TeamVerdict> {
  const level = levelScale(reveal);
  const lessonRuns = defaultRuns(reveal);
  const guesses = new Map(leaderboard.map((e) => [e.teamId, e.guesses]));
  const out = new Map<number, TeamVerdict>();
  for (const team of reveal.paths) {
    const runs = teamRuns(reveal, team.teamId).filter((r) => r.path.length > 0);
    if (runs.length === 0) continue;
    const made = Math.max(guesses.get(team.teamId) ?? 0, team.path.length);
    out.set(team.teamId, teamVerdict({ team: team.path, guesses: made, runs, lessonRuns, level }));
  }
  return out;
}
