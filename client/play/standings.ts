/**
 * The standings a team reads on its phone once a level is settled: the level's ranking (ranks and best f at the
 * close, points from the reveal on) and the game's overall standings with the team's podium place. Pure: no DOM, no
 * string table, unit-tested in Node.
 */
import type { LeaderboardEntry, OverallEntry } from '../../shared/protocol.ts';

/** A row of a ranking as the page shows it. `own`: the team reading it. */
export interface StandingRow {
  rank: number;
  teamId: number;
  number: number;
  /** The team's own name; '' when it has none (the page shows "Team 3" in its language). */
  name: string;
  best: number | null;
  points: number | null;
  own: boolean;
}

/** The place of a team in the overall standings. `medal`: 1, 2 or 3 on the podium (with points to show for it), else null. */
export interface Podium {
  rank: number;
  points: number;
  teams: number;
  medal: 1 | 2 | 3 | null;
}

const byRank = <T extends { rank: number; number: number }>(a: T, b: T) => a.rank - b.rank || a.number - b.number;

/** The level's ranking in rank order; points only where the server published them (at the reveal). */
export function levelStandings(leaderboard: readonly LeaderboardEntry[], teamId: number | null): StandingRow[] {
  return [...leaderboard].sort(byRank).map((e) => ({
    rank: e.rank,
    teamId: e.teamId,
    number: e.number,
    name: e.name.trim(),
    best: e.best,
    points: e.points ?? null,
    own: e.teamId === teamId,
  }));
}

/** The game's overall standings in rank order. */
export function overallStandings(overall: readonly OverallEntry[], teamId: number | null): StandingRow[] {
  return [...overall].sort(byRank).map((e) => ({
    rank: e.rank,
    teamId: e.teamId,
    number: e.number,
    name: e.name.trim(),
    best: null,
    points: e.points,
    own: e.teamId === teamId,
  }));
}

/** The team's place overall, or null when it is not in the standings. */
export function podiumOf(overall: readonly OverallEntry[], teamId: number | null): Podium | null {
  const entry = overall.find((e) => e.teamId === teamId);
  if (!entry) return null;
  const medal = entry.rank >= 1 && entry.rank <= 3 && entry.points > 0 ? (entry.rank as 1 | 2 | 3) : null;
  return { rank: entry.rank, points: entry.points, teams: overall.length, medal };
}

/**
 * The rows to show on a phone: the first `top` rows, and the team's own row (with its neighbours) when it is further
 * down, so a class of 40 teams does not scroll the phone away. `gap` marks where rows were left out.
 */
export function visibleRows(rows: readonly StandingRow[], top = 10): { row: StandingRow; gapBefore: boolean }[] {
  const own = rows.findIndex((r) => r.own);
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(top, rows.length); i++) keep.add(i);
  if (own >= 0) for (let i = own - 1; i <= own + 1; i++) if (i >= 0 && i < rows.length) keep.add(i);
  let last = -1;
  const out: { row: StandingRow; gapBefore: boolean }[] = [];
  for (const i of [...keep].sort((a, b) => a - b)) {
    out.push({ row: rows[i], gapBefore: last >= 0 && i > last + 1 });
    last = i;
  }
  return out;
}
