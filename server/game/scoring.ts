/**
 * Ranking and points (../shared/DESIGN.md, Scoring; formula and worked example in docs/LESSONS.md): pure
 * functions over the guesses visible at `now`.
 *
 * Level points rise on a log-regret scale. With r = max(0, f_best − f*) and S = median − f* (the level's scale):
 *   points = round(1000 · (1 − ln(1 + R·r/S) / ln(1 + R))),  R = POINTS_RESOLUTION = 10⁴, and 0 when r ≥ S.
 * Each tenfold cut of the regret is worth about 250 points until r/S nears 1/R, where the curve flattens
 * into 1000 at f*. f* is found numerically, so a team may go a hair below it: its regret is 0, its points 1000.
 */
import { sameValue } from '../../shared/comparison.ts';
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
  /** The moment (readyAt) the team first had a result equal to its best (within the 1e-9 tie). */
  bestAt: number | null;
  /** Every accepted guess counts, pending ones included (the budget counts them too). */
  guesses: number;
  points: number;
  /** f_best − f*, never negative. */
  regret: number | null;
}

/** R of the formula above: a regret below 1/R of the level's scale scores at least 925 points. */
export const POINTS_RESOLUTION = 1e4;

/** Regret f_best − f*, never negative (f* is found numerically; a team may go a hair below it). */
export function regretOf(best: number | null, fStar: number): number | null {
  return best === null ? null : Math.max(0, best - fStar);
}

/** Level points, 0–1000, on the log-regret scale above: 0 at or above the median, 1000 at f*, no guess 0. */
export function levelPoints(best: number | null, fStar: number, median: number): number {
  if (best === null) return 0;
  const regret = Math.max(0, best - fStar);
  const scale = median - fStar;
  // A level flat over its domain has no scale: reaching f* is all there is.
  if (!(scale > 0)) return regret === 0 || sameValue(best, fStar) ? 1000 : 0;
  if (regret >= scale) return 0;
  return Math.round(1000 * (1 - Math.log1p((POINTS_RESOLUTION * regret) / scale) / Math.log1p(POINTS_RESOLUTION)));
}

/**
 * The level's standings: lowest best f first, best values within a relative 1e-9 counting as equal; equal bests
 * are ordered by the earlier moment the best was found; teams without a result last, by number. Only results
 * disclosed at `now` count, so nothing leaks early.
 */
export function rankLevel(
  teams: readonly TeamInfo[],
  guesses: readonly GuessRecord[],
  level: { fStar: number; median: number },
  now: number,
): Standing[] {
  const byTeam = new Map<number, { ready: GuessRecord[]; count: number }>();
  for (const team of teams) byTeam.set(team.id, { ready: [], count: 0 });
  for (const guess of guesses) {
    const entry = byTeam.get(guess.teamId);
    if (!entry) continue;
    entry.count += 1;
    if (guess.readyAt <= now) entry.ready.push(guess);
  }
  const rows = teams.map((team) => {
    const { ready, count } = byTeam.get(team.id)!;
    let best: number | null = null;
    for (const g of ready) if (best === null || g.fx < best) best = g.fx;
    // The first moment the team held its best: a later equal value (within the tie) does not move it.
    let bestAt: number | null = null;
    if (best !== null) for (const g of ready) if (sameValue(g.fx, best) && (bestAt === null || g.readyAt < bestAt)) bestAt = g.readyAt;
    return {
      teamId: team.id,
      number: team.number,
      name: team.name,
      best,
      bestAt,
      guesses: count,
      points: levelPoints(best, level.fStar, level.median),
      regret: regretOf(best, level.fStar),
    };
  });

  const withResult = rows.filter((r) => r.best !== null).sort((a, b) => (a.best as number) - (b.best as number));
  const without = rows.filter((r) => r.best === null).sort((a, b) => a.number - b.number);
  // Equal bests form a group anchored at its lowest value (a tie within 1e-9 is not transitive, so each is
  // compared with the anchor); within a group the earlier best comes first, then the lower team number.
  const groups: (typeof rows)[] = [];
  for (const row of withResult) {
    const group = groups.at(-1);
    if (group && sameValue(group[0].best as number, row.best as number)) group.push(row);
    else groups.push([row]);
  }
  const standings: Standing[] = [];
  for (const group of groups) {
    group.sort((a, b) => (a.bestAt as number) - (b.bestAt as number) || a.number - b.number);
    group.forEach((row, k) => {
      const prev = standings.at(-1);
      // Equal best and found at the same moment: equal rank.
      const tied = k > 0 && prev !== undefined && prev.bestAt === row.bestAt;
      standings.push({ rank: tied && prev ? prev.rank : standings.length + 1, ...row });
    });
  }
  for (const row of without) standings.push({ rank: standings.length + 1, ...row });
  return standings;
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
