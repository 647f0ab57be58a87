import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry, OverallEntry } from '../../shared/protocol.ts';
import { levelStandings, overallStandings, podiumOf, visibleRows } from '../../client/play/standings.ts';

const entry = (rank: number, teamId: number, best: number | null, points?: number): LeaderboardEntry => ({
  rank,
  teamId,
  number: teamId,
  name: teamId === 2 ? ' Owls ' : '',
  best,
  bestAt: null,
  guesses: best === null ? 0 : 3,
  ...(points === undefined ? {} : { points, regret: 0 }),
});
const overall = (rank: number, teamId: number, points: number): OverallEntry => ({ rank, teamId, number: teamId, name: '', points, levels: {} });

describe('the standings on a phone (client/play/standings.ts)', () => {
  it('ranks the level’s teams, marks the reading team, and shows points only once published', () => {
    const closed = levelStandings([entry(2, 1, 3.5), entry(1, 2, 2.1), entry(3, 3, null)], 1);
    expect(closed.map((r) => [r.rank, r.number, r.name, r.best, r.points, r.own])).toEqual([
      [1, 2, 'Owls', 2.1, null, false],
      [2, 1, '', 3.5, null, true],
      [3, 3, '', null, null, false],
    ]);
    const revealed = levelStandings([entry(1, 2, 2.1, 900), entry(2, 1, 3.5, 640)], 1);
    expect(revealed.map((r) => r.points)).toEqual([900, 640]);
  });

  it('gives the team its podium place overall (medals for the first three only)', () => {
    const rows = [overall(1, 4, 1900), overall(2, 1, 1766), overall(3, 2, 1500), overall(4, 3, 900)];
    expect(podiumOf(rows, 1)).toEqual({ rank: 2, points: 1766, teams: 4, medal: 2 });
    expect(podiumOf(rows, 3)).toEqual({ rank: 4, points: 900, teams: 4, medal: null });
    expect(podiumOf(rows, 99)).toBeNull();
    // ties share a rank and a medal; no medal without points (a team that did not play)
    expect(podiumOf([overall(1, 1, 500), overall(1, 2, 500)], 2)?.medal).toBe(1);
    expect(podiumOf([overall(1, 1, 500), overall(2, 2, 0)], 2)).toEqual({ rank: 2, points: 0, teams: 2, medal: null });
    expect(overallStandings(rows, 3).find((r) => r.own)?.rank).toBe(4);
  });

  it('shows the top ten and the team’s own neighbourhood on a long list, marking the gap', () => {
    const entries = Array.from({ length: 40 }, (_, i) => overall(i + 1, i + 1, 1000 - i));
    const shown = visibleRows(overallStandings(entries, 25));
    expect(shown.map((s) => s.row.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 24, 25, 26]);
    expect(shown.filter((s) => s.gapBefore).map((s) => s.row.rank)).toEqual([24]);
    // a team in the top ten: just the top ten, no gap
    expect(visibleRows(overallStandings(entries, 3)).every((s) => !s.gapBefore)).toBe(true);
    // right after the top ten: no gap either
    expect(visibleRows(overallStandings(entries, 11)).map((s) => [s.row.rank, s.gapBefore]).slice(-2)).toEqual([
      [11, false],
      [12, false],
    ]);
  });
});
