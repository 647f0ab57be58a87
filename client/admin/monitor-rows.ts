/**
 * The live monitor's table: one row per team with its guesses in this level, its best f (the admin sees results
 * before their readyAt) and its regret, ranked and scored as the server's standings say (the leaderboard of
 * GET /levels/:id/monitor, which counts results once disclosed). Pure: no DOM.
 */
import type { AdminGuess, LeaderboardEntry } from '../../shared/protocol.ts';

export interface MonitorTeam {
  id: number;
  number: number;
  name: string;
}

export interface MonitorRow<T extends MonitorTeam = MonitorTeam> {
  team: T;
  /** The team's guesses in the level, in the order they were made. */
  guesses: AdminGuess[];
  /** Its lowest f so far, pending results included. */
  best: AdminGuess | null;
  last: AdminGuess | null;
  /** f_best − f*, never negative; null without a guess. */
  regret: number | null;
  /** The server's rank (0: no disclosed result yet) and points (null until the server has scored the team). */
  rank: number;
  points: number | null;
}

/** The rows of a level, in the server's standings order; teams it has not ranked yet follow by number. */
export function monitorRows<T extends MonitorTeam>(
  teams: readonly T[],
  guesses: readonly AdminGuess[],
  level: { id: number; fStar: number },
  leaderboard: readonly LeaderboardEntry[],
): MonitorRow<T>[] {
  const byTeam = new Map<number, AdminGuess[]>();
  for (const g of guesses) {
    if (g.levelId !== level.id) continue;
    const list = byTeam.get(g.teamId) ?? [];
    list.push(g);
    byTeam.set(g.teamId, list);
  }
  const standing = new Map(leaderboard.filter((e) => e.best !== null).map((e) => [e.teamId, e]));
  const rows = teams.map((team): MonitorRow<T> => {
    const list = (byTeam.get(team.id) ?? []).sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || a.id - b.id);
    let best: AdminGuess | null = null;
    for (const g of list) if (Number.isFinite(g.fx) && (!best || g.fx < best.fx)) best = g;
    const entry = standing.get(team.id);
    return {
      team,
      guesses: list,
      best,
      last: list[list.length - 1] ?? null,
      regret: best ? Math.max(0, best.fx - level.fStar) : null,
      rank: entry?.rank ?? 0,
      points: entry?.points ?? null,
    };
  });
  return rows.sort((a, b) => (a.rank || Infinity) - (b.rank || Infinity) || a.team.number - b.team.number);
}

/** A team's name as the page shows it: an empty name is the default one, in the page's language. */
export function teamName(team: { number: number; name: string }, translate: (key: string, params: Record<string, number>) => string): string {
  return team.name.trim() || translate('team.defaultName', { number: team.number });
}
