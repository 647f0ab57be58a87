/**
 * What happened in a revealed level, computed from the data the reveal carries: where each optimizer ended
 * (global minimum, a local minimum, stuck on a flat shelf, crawling or zig-zagging in a narrow valley…), why the
 * standardised run is so much faster, and how the teams compared with the optimizers by the shared rule
 * (shared/comparison.ts). Pure: lines are i18n keys with parameters, numbers formatted by the caller.
 */
import { COMPARISON_CAP, lowestOf } from '../../shared/comparison.ts';
import { featureStats, type DataPoint } from '../../shared/line-fit.ts';
import { coords } from '../../shared/point.ts';
import type { LeaderboardEntry, Optimizer, Point, ReferencePath, Reveal } from '../../shared/protocol.ts';
import { pointText } from './level-text.ts';
import { defaultRuns, runNameKey, teamVerdicts, variantRuns, type Phrase } from './runs.ts';

export type Outcome = 'reached' | 'valley' | 'crawl' | 'trapped' | 'stalled' | 'zigzag' | 'short' | 'diverged' | 'escaped';

export interface RunOutcome {
  optimizer: Optimizer;
  variant: string | null;
  outcome: Outcome;
  steps: number;
  /** f at the end of the path. */
  fx: number;
  /** The lowest f along the path. */
  bestFx: number;
  /** Where it ended, or the local minimum it sits in. */
  at: number[];
}

export interface CaptionLine {
  key: string;
  params: Record<string, string | number>;
  /** Parameters that are phrases of their own (an optimizer's name, a reason), translated before the line. */
  phrases?: Record<string, Phrase>;
  tone: 'good' | 'bad' | 'info';
  /** What the line is about: a run (marked in its optimizer's colour), the teams, or the comparison. */
  about: 'run' | 'team' | 'info';
  optimizer?: Optimizer;
  variant?: string | null;
}

/** What the caption needs beside the reveal. */
export interface CaptionContext {
  /** The level's input names (x; a and b on the regression level). */
  axes: readonly string[];
  /** The standings: how many guesses each team made (the comparison counts pending ones too). */
  leaderboard?: readonly LeaderboardEntry[];
  /** The regression's data and the feature's name in the page's language (for the standardised run's line). */
  data?: { points: readonly DataPoint[]; feature: string };
}

/** A run has not got going when, at its last pace, it would need this many times its steps to reach the minimum. */
const STUCK_FACTOR = 2;

const span = (values: readonly number[]) => (values.length ? values[values.length - 1] - values[0] : 0);

interface Surface {
  /** Index of the sample nearest to a point. */
  nearest(p: number[]): number[];
  value(idx: number[]): number;
  /** Follows the samples downhill to a sample-level local minimum. */
  descend(idx: number[]): number[];
  pointAt(idx: number[]): number[];
  /** |∇f| · domain width / (median − f*): below ~0.1 the ground is flat at the scale of the level. */
  steepness(idx: number[], range: number): number;
  widths: number[];
  lows: number[];
}

function nearestIndex(values: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
  return best;
}

function surface(reveal: Reveal): Surface | null {
  const s = reveal.samples;
  if (s.dims === 1) {
    const { xs, fx } = s;
    if (xs.length < 3) return null;
    const n = xs.length;
    return {
      widths: [xs[n - 1] - xs[0]],
      lows: [xs[0]],
      nearest: (p) => [nearestIndex(xs, p[0])],
      value: ([i]) => fx[i],
      pointAt: ([i]) => [xs[i]],
      descend: ([start]) => {
        let i = start;
        for (;;) {
          const next = [i - 1, i + 1].filter((j) => j >= 0 && j < n).reduce((a, b) => (fx[b] < fx[a] ? b : a), i);
          if (next === i) return [i];
          i = next;
        }
      },
      steepness: ([i], range) => {
        const a = Math.max(0, i - 1);
        const b = Math.min(n - 1, i + 1);
        const slope = (fx[b] - fx[a]) / (xs[b] - xs[a]);
        return (Math.abs(slope) * (xs[n - 1] - xs[0])) / range;
      },
    };
  }
  const { xs, ys, values } = s;
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 3 || ny < 3) return null;
  const v = (i: number, j: number) => values[j][i];
  return {
    widths: [xs[nx - 1] - xs[0], ys[ny - 1] - ys[0]],
    lows: [xs[0], ys[0]],
    nearest: (p) => [nearestIndex(xs, p[0]), nearestIndex(ys, p[1])],
    value: ([i, j]) => v(i, j),
    pointAt: ([i, j]) => [xs[i], ys[j]],
    descend: ([i0, j0]) => {
      let i = i0;
      let j = j0;
      for (;;) {
        let bi = i;
        let bj = j;
        for (let di = -1; di <= 1; di++) {
          for (let dj = -1; dj <= 1; dj++) {
            const a = i + di;
            const b = j + dj;
            if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
            if (v(a, b) < v(bi, bj)) {
              bi = a;
              bj = b;
            }
          }
        }
        if (bi === i && bj === j) return [i, j];
        i = bi;
        j = bj;
      }
    },
    steepness: ([i, j], range) => {
      const a = Math.max(0, i - 1);
      const b = Math.min(nx - 1, i + 1);
      const c = Math.max(0, j - 1);
      const d = Math.min(ny - 1, j + 1);
      const gx = ((v(b, j) - v(a, j)) / (xs[b] - xs[a])) * (xs[nx - 1] - xs[0]);
      const gy = ((v(i, d) - v(i, c)) / (ys[d] - ys[c])) * (ys[ny - 1] - ys[0]);
      return Math.hypot(gx, gy) / range;
    },
  };
}

/** Share of consecutive steps that reverse direction: high in a narrow valley plain descent bounces across. */
export function reversalShare(path: ReadonlyArray<{ x: Point }>, widths: number[]): number {
  const steps: number[][] = [];
  for (let k = 1; k < path.length; k++) {
    const a = coords(path[k - 1].x);
    const b = coords(path[k].x);
    steps.push(b.map((v, d) => (v - a[d]) / (widths[d] || 1)));
  }
  let pairs = 0;
  let reversals = 0;
  for (let k = 1; k < steps.length; k++) {
    const u = steps[k - 1];
    const w = steps[k];
    const nu = Math.hypot(...u);
    const nw = Math.hypot(...w);
    if (nu < 1e-9 || nw < 1e-9) continue;
    pairs += 1;
    const cos = u.reduce((s, ui, d) => s + ui * w[d], 0) / (nu * nw);
    if (cos < -0.3) reversals += 1;
  }
  return pairs === 0 ? 0 : reversals / pairs;
}

/** Mean step length over the last quarter of a path (at least three steps), in shares of the domain's widths. */
function lastPace(path: ReadonlyArray<{ x: Point }>, widths: number[]): number {
  const n = path.length - 1;
  if (n < 1) return 0;
  const k = Math.min(n, Math.max(3, Math.floor(n / 4)));
  let total = 0;
  for (let i = n - k + 1; i <= n; i++) {
    const a = coords(path[i - 1].x);
    const b = coords(path[i].x);
    total += Math.hypot(...b.map((v, d) => (v - a[d]) / (widths[d] || 1)));
  }
  return total / k;
}

/** Where one run ended, and why there. */
export function classifyRun(run: ReferencePath, reveal: Reveal): RunOutcome {
  const last = run.path[run.path.length - 1];
  const end = coords(last.x);
  const bestFx = lowestOf(run.path) ?? last.fx;
  const base = { optimizer: run.optimizer, variant: run.variant ?? null, steps: run.path.length - 1, fx: last.fx, bestFx, at: end };
  if (run.diverged || !Number.isFinite(last.fx)) return { ...base, outcome: 'diverged' };
  const range = Math.max(reveal.median - reveal.fStar, 1e-12);
  const gap = (last.fx - reveal.fStar) / range;
  const s = surface(reveal);
  if (!s) return { ...base, outcome: gap < 0.02 ? 'reached' : 'short' };
  const outside = end.some((v, d) => v < s.lows[d] - 0.01 * s.widths[d] || v > s.lows[d] + 1.01 * s.widths[d]);
  if (outside) return { ...base, outcome: 'escaped' };
  const argmin = coords(reveal.argmin);
  const dist = Math.hypot(...end.map((v, d) => (v - argmin[d]) / (s.widths[d] || 1)));
  // Near in f alone is not enough on a 2-D valley floor, which is low for a long way: also near in x.
  if ((gap < 0.02 && dist < 0.05) || dist < 0.01) return { ...base, outcome: 'reached' };
  const here = s.nearest(end);
  const basin = s.descend(here);
  const basinAt = s.pointAt(basin);
  const basinDist = Math.hypot(...end.map((v, d) => (v - basinAt[d]) / (s.widths[d] || 1)));
  const basinGap = (s.value(basin) - reveal.fStar) / range;
  if (basinDist < 0.04 && basinGap > 0.03) return { ...base, outcome: 'trapped', at: basinAt };
  if (end.length === 2 && run.path.length > 4 && reversalShare(run.path, s.widths) > 0.4) return { ...base, outcome: 'zigzag' };
  // Descending into the valley that holds the global minimum, not yet at its bottom.
  if (basinGap <= 0.03 && gap < 0.25) return { ...base, outcome: end.length === 2 ? 'crawl' : 'valley' };
  // Still far from the minimum and barely moving: on a shelf the slope is so small that the steps are tiny
  // (level 3: stuck, 卡住), even where the ground still falls a little.
  const pace = lastPace(run.path, s.widths);
  if (s.steepness(here, range) < 0.1 || dist > STUCK_FACTOR * base.steps * pace) return { ...base, outcome: 'stalled' };
  return { ...base, outcome: 'short' };
}

export interface TeamResult {
  teamId: number;
  number: number;
  name: string;
  best: number;
  bestAt: number[];
}

/** Each team's lowest f among its ready guesses, best first. */
export function teamResults(reveal: Reveal): TeamResult[] {
  return reveal.paths
    .filter((p) => p.path.some((q) => Number.isFinite(q.fx)))
    .map((p) => {
      const best = p.path.filter((q) => Number.isFinite(q.fx)).reduce((a, b) => (b.fx < a.fx ? b : a));
      return { teamId: p.teamId, number: p.number, name: p.name, best: best.fx, bestAt: coords(best.x) };
    })
    .sort((a, b) => a.best - b.best || a.number - b.number);
}

const arrived = (o: RunOutcome) => o.outcome === 'reached' || o.outcome === 'valley';

/** Within this share of the level's scale above f*, a run has arrived (for the standardised run's "n steps"). */
const ARRIVED_SHARE = 1e-5;

/**
 * Level 4's standardised run, in one line: the feature is about k (its mean), so ∂f/∂a is about k × ∂f/∂b and the
 * valley is long and narrow; on the standardised feature the two are equal and descent walks straight down — in
 * how many steps it got there.
 */
function standardisedLine(run: ReferencePath, o: RunOutcome, reveal: Reveal, context: CaptionContext, fmt: (v: number, digits?: number) => string): CaptionLine | null {
  if (o.variant !== 'standardised' || o.outcome === 'diverged' || !context.data || context.data.points.length < 2) return null;
  const { mean } = featureStats(context.data.points);
  const near = reveal.fStar + ARRIVED_SHARE * Math.max(reveal.median - reveal.fStar, 0);
  const arrivedAt = run.path.findIndex((p) => Number.isFinite(p.fx) && p.fx <= near);
  const step = arrivedAt >= 0 ? arrivedAt : run.path.length - 1;
  const [a, b] = context.axes;
  return {
    key: 'board.caption.standardised',
    params: { k: fmt(Number(Math.abs(mean).toPrecision(2))), feature: context.data.feature, a: a ?? 'x', b: b ?? 'y', fx: fmt(run.path[step].fx, 3), steps: step },
    phrases: { opt: { key: runNameKey(o), params: {} } },
    tone: 'good',
    about: 'run',
    optimizer: o.optimizer,
    variant: o.variant,
  };
}

/** The caption's lines, as i18n keys with their parameters (numbers formatted by the caller's `fmt`). */
export function revealCaption(
  reveal: Reveal,
  fmt: (v: number, digits?: number) => string,
  name: (number: number, name: string) => string,
  context: CaptionContext,
): CaptionLine[] {
  const lines: CaptionLine[] = [];
  const at = (p: readonly number[]) => pointText(p, context.axes, (v) => fmt(v, 3));
  const runLine = (o: RunOutcome): CaptionLine => ({
    key: `board.caption.${o.outcome}`,
    params: { fx: fmt(o.fx, 3), fStar: fmt(reveal.fStar, 3), at: at(o.at), steps: o.steps },
    phrases: { opt: { key: runNameKey(o), params: {} } },
    tone: arrived(o) ? 'good' : o.outcome === 'short' ? 'info' : 'bad',
    about: 'run',
    optimizer: o.optimizer,
    variant: o.variant,
  });

  const outcomes = defaultRuns(reveal).map((run) => classifyRun(run, reveal));
  for (const o of outcomes) lines.push(runLine(o));
  const gd = outcomes.find((o) => o.optimizer === 'gd');
  const momentum = outcomes.find((o) => o.optimizer === 'momentum');
  // Momentum's lesson, where plain descent got stuck, trapped or slow (not where it flew off: that is its lr).
  const lesson: Partial<Record<Outcome, string>> = {
    stalled: 'board.caption.momentumCarried',
    trapped: 'board.caption.momentumOverHump',
    crawl: 'board.caption.momentumFaster',
    zigzag: 'board.caption.momentumFaster',
    short: 'board.caption.momentumFaster',
  };
  const momentumLine = gd && momentum && arrived(momentum) ? lesson[gd.outcome] : undefined;
  if (momentumLine) {
    lines.push({
      key: momentumLine,
      params: {},
      tone: 'good',
      about: 'run',
      optimizer: 'momentum',
    });
  }
  for (const run of variantRuns(reveal)) {
    const o = classifyRun(run, reveal);
    lines.push(standardisedLine(run, o, reveal, context, fmt) ?? runLine(o));
  }

  const teams = teamResults(reveal);
  if (teams.length === 0) return lines;
  const top = teams[0];
  const regret = Math.max(0, top.best - reveal.fStar);
  const range = Math.max(reveal.median - reveal.fStar, 1e-12);
  const argmin = coords(reveal.argmin);
  const widths = reveal.samples.dims === 1 ? [span(reveal.samples.xs)] : [span(reveal.samples.xs), span(reveal.samples.ys)];
  const dist = Math.hypot(...top.bestAt.map((v, d) => (v - argmin[d]) / (widths[d] || 1)));
  const topName = name(top.number, top.name);
  lines.push({
    key: regret / range < 0.001 && dist < 0.01 ? 'board.caption.teamFound' : 'board.caption.bestTeam',
    params: { team: topName, fx: fmt(top.best, 3), regret: fmt(regret, 3) },
    tone: 'good',
    about: 'team',
  });

  const verdicts = teamVerdicts(reveal, context.leaderboard);
  const gdOutcomes = [...verdicts.values()].map((v) => v.optimizers.find((o) => o.optimizer === 'gd' && !o.variant)?.outcome ?? null);
  const compared = gdOutcomes.filter((o) => o !== null);
  if (compared.length > 0) {
    const beat = compared.filter((o) => o === 'beat').length;
    lines.push({ key: 'board.caption.teamsBeatOwnGd', params: { n: beat, total: compared.length }, tone: 'info', about: 'info' });
    if ([...verdicts.values()].some((v) => v.capped)) lines.push({ key: 'compare.capped', params: { n: COMPARISON_CAP }, tone: 'info', about: 'info' });
  } else if (gd && gd.outcome !== 'diverged') {
    const beat = teams.filter((team) => team.best < gd.bestFx).length;
    lines.push({ key: 'board.caption.teamsBeatGd', params: { n: beat, total: teams.length }, tone: 'info', about: 'info' });
  }
  const reason = verdicts.get(top.teamId)?.reason;
  if (reason) {
    lines.push({
      key: 'board.caption.reason',
      params: { team: topName },
      phrases: { reason: { key: `reason.${reason}`, params: { n: verdicts.get(top.teamId)?.evaluations ?? 0 } } },
      tone: 'info',
      about: 'info',
    });
  }
  return lines;
}
