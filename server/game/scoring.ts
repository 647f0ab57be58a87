/** Ranking and points (../shared/DESIGN.md, Scoring): pure functions over guesses visible at `now`. */
import type { GuessRecord } from './rules.ts';

export interface TeamInfo {
  id: number;
  number: number;
  name: string;
}

export interface Standing {
  rank: number;
  teamId: number;
  number: number;
  name: string;
  best: number | null;
  bestAt: number | null;
  /** Every accepted guess counts, pending ones included (the budget counts them too). */
  guesses: number;
  points: number;
  regret: number | null;
}

/** Level points, 0–1000: a random guess earns about 0, the global minimum 1000, no guess 0. */
export function levelPoints(best: number | null, fStar: number, median: number): number {
  if (best === null) return 0;
  const span = median - fStar;
  if (!(span > 0)) return best <= fStar ? 1000 : 0;
  const share = Math.min(1, Math.max(0, (median - best) / span));
  return Math.round(1000 * share);
}

/**
 * The level's standings: lowest best f first; ties by fewer guesses, then the earlier time the best was found;
 * teams without a result last, by number. Only results disclosed at `now` count, so nothing leaks early.
 */
export function rankLevel(
  teams: readonly TeamInfo[],
  guesses: readonly GuessRecord[],
  level: { fStar: number; median: number },
  now: number,
): Standing[] {
  const byTeam = new Map<number, { best: number | null; bestAt: number | null; count: number }>();
  for (const team of teams) byTeam.set(team.id, { best: null, bestAt: null, count: 0 });
  for (const guess of guesses) {
    const entry = byTeam.get(guess.teamId);
    if (!entry) continue;
    entry.count += 1;
    if (guess.readyAt > now) continue;
    if (entry.best === null || guess.fx < entry.best || (guess.fx === entry.best && guess.readyAt < (entry.bestAt ?? Infinity))) {
      entry.best = guess.fx;
      entry.bestAt = guess.readyAt;
    }
  }
  const rows = teams.map((team) => {
    const e = byTeam.get(team.id)!;
    return {
      teamId: team.id,
      number: team.number,
      name: team.name,
      best: e.best,
      bestAt: e.bestAt,
      guesses: e.count,
      points: levelPoints(e.best, level.fStar, level.median),
      regret: e.best === null ? null : e.best - level.fStar,
    };
  });
  rows.sort((a, b) => {
    if (a.best === null || b.best === null) return a.best === null && b.best === null ? a.number - b.number : a.best === null ? 1 : -1;
    return a.best - b.best || a.guesses - b.guesses || (a.bestAt ?? 0) - (b.bestAt ?? 0) || a.number - b.number;
  });
  // Equal on every criterion → equal rank.
  let rank = 0;
  return rows.map((row, i) => {
    const prev = rows[i - 1];
    const tied = prev && prev.best === row.best && prev.guesses === row.guesses && prev.bestAt === row.bestAt && row.best !== null;
    if (!tied) rank = i + 1;
    return { rank, ...row };
  });
}

export interface OverallStanding {
  rank: number;
  teamId: number;
  number: number;
  name: string;
  points: number;
  levels: Record<string, number>;
}

/** Overall standings: the sum of level points over the settled levels; ties share a rank. */
export function rankOverall(teams: readonly TeamInfo[], settled: ReadonlyArray<{ levelId: number; standings: readonly Standing[] }>): OverallStanding[] {
  const rows = teams.map((team) => {
    const levels: Record<string, number> = {};
    let points = 0;
    for (const { levelId, standings } of settled) {
      const p = standings.find((s) => s.teamId === team.id)?.points ?? 0;
      levels[String(levelId)] = p;
      points += p;
    }
    return { teamId: team.id, number: team.number, name: team.name, points, levels };
  });
  rows.sort((a, b) => b.points - a.points || a.number - b.number);
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || rows[i - 1].points !== row.points) rank = i + 1;
    return { rank, ...row };
  });
}
