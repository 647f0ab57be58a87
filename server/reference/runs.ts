/**
 * The reference runs of a level as records to store: what the reveal shows beside the teams. From the level's
 * start, GD, momentum and Adam with the level's settings (the same steps for all three); from each team's first
 * guess, all three with as many evaluations as the team made guesses, capped (shared/comparison.ts); and on a
 * regression level, GD on the standardised feature from the same starts, marked `variant: 'standardised'`.
 */
import type { LevelFunction } from '../math/expression.ts';
import { MOMENTUM_DEFAULT_BETA, OPTIMIZERS, type Optimizer, type ReferenceVariant } from '../../shared/optimizers.ts';
import { comparisonSteps } from '../../shared/comparison.ts';
import type { ReferenceSettings } from './defaults.ts';
import { fSpread } from './divergence.ts';
import { runReference, type ReferenceRunSpec, type ReferenceTrace } from './optimizers.ts';
import { referenceSettings } from './settings.ts';
import { standardisedPlan } from './standardised.ts';
import type { DataPoint } from '../../shared/line-fit.ts';

/** A level as the reference needs it. `data`: the level's data set, when it has one. */
export interface ReferenceLevel {
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  start: number[];
  data?: { points: DataPoint[] } | null;
}

/** A team to compare: its first guess and how many guesses it made. */
export interface TeamStart {
  teamId: number;
  x: number[];
  count: number;
}

/** A run the instructor asks for: an optimizer with its settings from a start (the level's when absent). */
export interface RunRequest {
  optimizer: Optimizer;
  lr: number;
  beta?: number;
  steps: number;
  start?: number[];
  /** Whose start it is, stored with the record (null or absent: the level's or the instructor's own). */
  teamId?: number | null;
}

/** A reference run to store: its settings, whose start it is (null: the level's), and its path. */
export interface ReferenceRunRecord {
  teamId: number | null;
  optimizer: Optimizer;
  /** null for the plain optimizer; 'standardised' for GD on the standardised feature (path mapped back to (a, b)). */
  variant: ReferenceVariant | null;
  lr: number;
  /** Momentum's β; null for the optimizers that take none. */
  beta: number | null;
  steps: number;
  diverged: boolean;
  path: { x: number[]; fx: number }[];
}

/** Runs to train and, per start of each, the team it belongs to (null: the level's start). */
export interface RunPlan {
  specs: ReferenceRunSpec[];
  owners: (number | null)[][];
}

/** One spec per (optimizer, steps): teams with as many guesses share it, so tf trains them as one batch. */
function addGrouped(plan: RunPlan, base: Omit<ReferenceRunSpec, 'steps' | 'starts'>, teams: readonly TeamStart[]): void {
  const bySteps = new Map<number, TeamStart[]>();
  for (const team of teams) {
    if (team.count < 1) continue;
    const steps = comparisonSteps(team.count);
    bySteps.set(steps, [...(bySteps.get(steps) ?? []), team]);
  }
  for (const [steps, group] of bySteps) {
    plan.specs.push({ ...base, steps, starts: group.map((t) => t.x) });
    plan.owners.push(group.map((t) => t.teamId));
  }
}

/** The plain runs of a reveal: each optimizer from the level's start, then from each team's first guess. */
export function planDefaultRuns(level: Pick<ReferenceLevel, 'start'>, settings: ReferenceSettings, teams: readonly TeamStart[]): RunPlan {
  const plan: RunPlan = { specs: [], owners: [] };
  for (const optimizer of OPTIMIZERS) {
    const s = settings[optimizer];
    const base = { optimizer, lr: s.lr, ...(optimizer === 'momentum' ? { beta: settings.momentum.beta } : {}) };
    plan.specs.push({ ...base, steps: s.steps, starts: [level.start] });
    plan.owners.push([null]);
    addGrouped(plan, base, teams);
  }
  return plan;
}

/** The records of trained runs, in plan order (run by run, start by start). */
function toRecords(plan: RunPlan, traces: ReferenceTrace[][], variant: ReferenceVariant | null = null): ReferenceRunRecord[] {
  return traces.flatMap((perStart, i) =>
    perStart.map((trace, j) => ({
      teamId: plan.owners[i][j],
      optimizer: plan.specs[i].optimizer,
      variant,
      lr: plan.specs[i].lr,
      beta: plan.specs[i].optimizer === 'momentum' ? (plan.specs[i].beta ?? MOMENTUM_DEFAULT_BETA) : null,
      steps: plan.specs[i].steps,
      diverged: trace.diverged,
      path: trace.path,
    })),
  );
}

/** GD on the standardised feature from the level's start and each team's first guess, mapped back to (a, b). */
async function standardisedRuns(fn: LevelFunction, level: ReferenceLevel, settings: ReferenceSettings, teams: readonly TeamStart[]): Promise<ReferenceRunRecord[]> {
  const std = standardisedPlan(fn, level, settings.gd.lr);
  if (!std) return [];
  const plan: RunPlan = { specs: [{ optimizer: 'gd', lr: std.lr, steps: settings.gd.steps, starts: [std.toStandardised(level.start)] }], owners: [[null]] };
  addGrouped(plan, { optimizer: 'gd', lr: std.lr }, teams.map((t) => ({ ...t, x: std.toStandardised(t.x) })));
  const traces = await runReference(std.fn, plan.specs, { domain: std.domain, spread: fSpread(std.fn, std.domain) });
  const startOf = new Map(teams.map((t) => [t.teamId, t.x]));
  return toRecords(plan, traces, 'standardised').map((record) => ({
    ...record,
    // Back on the level's plot, the start as typed (not its round trip); f is the same line's MSE, recomputed in
    // float64 on the level's own function.
    path: record.path.map((p, t) => {
      const x = t === 0 ? [...((record.teamId === null ? level.start : startOf.get(record.teamId)) ?? std.fromStandardised(p.x))] : std.fromStandardised(p.x);
      return { x, fx: fn.f(x) };
    }),
  }));
}

/**
 * What a reveal stores: the level's settings from its start and from each team's first guess (equal
 * evaluations, capped), then the standardised runs on a regression level.
 */
export async function defaultRuns(fn: LevelFunction, level: ReferenceLevel, teams: readonly TeamStart[]): Promise<ReferenceRunRecord[]> {
  const settings = referenceSettings(level, fn);
  const plan = planDefaultRuns(level, settings, teams);
  const bounds = { domain: level.domain, spread: fSpread(fn, level.domain) };
  const plain = toRecords(plan, await runReference(fn, plan.specs, bounds));
  return [...plain, ...(await standardisedRuns(fn, level, settings, teams))];
}

/** The instructor's runs, from the level's start or the one given, and (with `teams`) from each team's first guess too. */
export async function requestedRuns(fn: LevelFunction, level: ReferenceLevel, requests: readonly RunRequest[], teams: readonly TeamStart[] = []): Promise<ReferenceRunRecord[]> {
  const plan: RunPlan = { specs: [], owners: [] };
  for (const r of requests) {
    const base = { optimizer: r.optimizer, lr: r.lr, ...(r.optimizer === 'momentum' ? { beta: r.beta ?? MOMENTUM_DEFAULT_BETA } : {}) };
    plan.specs.push({ ...base, steps: r.steps, starts: [r.start ?? level.start] });
    plan.owners.push([r.teamId ?? null]);
    addGrouped(plan, base, teams);
  }
  const bounds = { domain: level.domain, spread: fSpread(fn, level.domain) };
  return toRecords(plan, await runReference(fn, plan.specs, bounds));
}
