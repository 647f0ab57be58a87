/**
 * What the data plot of a regression level draws (level 4: IQ = a·swear factor + b): its points, and lines
 * y = a·s + b — while the level runs, the leading team's best (or latest) guess when the board may show values;
 * after the reveal, the least-squares line, the default start's line (level 4: the slide's 3.33x + 50) and each
 * team's best line. Pure, with shared/line-fit.ts for the maths.
 */
import { sameValue } from '../../shared/comparison.ts';
import { leastSquaresLine, lineMse, lineOf, type DataPoint, type Line } from '../../shared/line-fit.ts';
import type { FeedItem, LeaderboardEntry, Reveal } from '../../shared/protocol.ts';
import { niceBounds, type Bounds } from './reveal-scale.ts';
import { defaultRuns } from './runs.ts';

/** 'fit': least squares; 'start': the level's default start; 'team': a team's best after the reveal; 'leader': the leading team while the level runs. */
export type DataLineKind = 'fit' | 'start' | 'team' | 'leader';

export interface DataLine {
  kind: DataLineKind;
  a: number;
  b: number;
  /** The line's mean squared error over the data. */
  mse: number;
  teamId?: number;
  number?: number;
  name?: string;
  /** A leader line from the team's latest guess (its best is no longer in the feed). */
  latest?: boolean;
}

/** The plot's bounds: the data with some room, so lines through it read. */
export function dataBounds(points: readonly DataPoint[]): { x: Bounds; y: Bounds } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const pad = (lo: number, hi: number): Bounds => {
    const room = (hi - lo || Math.abs(hi) || 1) * 0.12;
    return niceBounds(lo - room, hi + room);
  };
  return { x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)) };
}

/** The two ends of a line across the plot's x range. */
export { lineEnds as segment } from '../../shared/line-fit.ts';

const line = (points: readonly DataPoint[], kind: DataLineKind, { a, b }: Line, extra: Partial<DataLine> = {}): DataLine => ({
  kind,
  a,
  b,
  mse: lineMse(points, { a, b }),
  ...extra,
});

/** After the reveal: the least-squares line, the default start's line and each team's best line (by team number). */
export function revealLines(points: readonly DataPoint[], reveal: Reveal): DataLine[] {
  const out: DataLine[] = [];
  if (points.length >= 2) {
    const fit = leastSquaresLine(points);
    if (Number.isFinite(fit.a) && Number.isFinite(fit.b)) out.push(line(points, 'fit', fit));
  }
  const start = defaultRuns(reveal)[0]?.path[0];
  const startLine = start ? lineOf(start.x) : null;
  if (startLine) out.push(line(points, 'start', startLine));
  const teams = [...reveal.paths].sort((p, q) => p.number - q.number);
  for (const team of teams) {
    let best: { x: number | number[]; fx: number } | null = null;
    for (const p of team.path) if (Number.isFinite(p.fx) && (best === null || p.fx < best.fx)) best = p;
    const at = best ? lineOf(best.x) : null;
    if (at) out.push(line(points, 'team', at, { teamId: team.teamId, number: team.number, name: team.name }));
  }
  return out;
}

/**
 * While the level runs: the line of the leading team's best guess, or of its latest when the best has left the
 * feed. Only from the feed, which carries values only when the instructor lets the board show them (else null).
 */
export function leaderLine(points: readonly DataPoint[], leaderboard: readonly LeaderboardEntry[], feed: readonly FeedItem[]): DataLine | null {
  const leader = [...leaderboard].filter((e) => e.best !== null).sort((p, q) => p.rank - q.rank || p.number - q.number)[0];
  if (!leader) return null;
  const mine = feed.filter((item) => item.teamId === leader.teamId && item.x !== undefined && item.fx !== undefined && lineOf(item.x));
  if (mine.length === 0) return null;
  const best = mine.find((item) => sameValue(item.fx as number, leader.best as number));
  const newest = [...mine].sort((p, q) => (p.at < q.at ? 1 : p.at > q.at ? -1 : 0))[0];
  const chosen = best ?? newest;
  return line(points, 'leader', lineOf(chosen.x) as Line, {
    teamId: leader.teamId,
    number: leader.number,
    name: leader.name,
    latest: !best,
  });
}
