/**
 * The board's state (client/board/board-state.ts): snapshots, batched updates and new reveals as the socket brings
 * them; the feed kept across pause, resume and settings changes; the check that the reveal agrees with the
 * standings; the overall standings over the revealed levels.
 */
import { describe, expect, it } from 'vitest';
import type { BoardSnapshot, FeedItem, LeaderboardEntry, OverallEntry, PublicLevel } from '../../shared/protocol.ts';
import {
  applyReveal,
  applyUpdate,
  FEED_LIMIT,
  mergeFeed,
  mergeRows,
  mergeSnapshot,
  normaliseSnapshot,
  revealAgrees,
  revealedOverall,
} from '../../client/board/board-state.ts';
import { slideReveal, standings } from './client-board-reveals.ts';

const level = (id: number, status: PublicLevel['status'], index = id): PublicLevel => ({
  id,
  index,
  title: `L${id}`,
  dims: 1,
  domain: [[-5, 5]],
  delayMs: 1000,
  budget: 20,
  status,
  axes: ['x'],
});
const row = (teamId: number, rank: number, best: number | null, guesses = 1): LeaderboardEntry => ({
  rank,
  teamId,
  number: teamId,
  name: '',
  best,
  bestAt: null,
  guesses,
});
const item = (teamId: number, second: number, fx?: number): FeedItem => ({
  teamId,
  number: teamId,
  name: '',
  at: new Date(Date.UTC(2025, 0, 1, 10, 0, second)).toISOString(),
  ...(fx === undefined ? {} : { x: 1, fx }),
});
const snapshot = (current: PublicLevel | null, feed: FeedItem[] = [], leaderboard: LeaderboardEntry[] = [], playing = leaderboard.length): BoardSnapshot => ({
  game: { id: 1, title: 'G', teams: 4, showFeedValues: true },
  levels: current ? [current] : [],
  current: current ? { level: current, leaderboard, playing } : null,
  overall: [],
  feed,
  finished: false,
});

describe('merging rows and the feed', () => {
  it('upserts rows by team and keeps them in rank order', () => {
    const rows = [row(1, 1, 1), row(2, 2, 2)];
    expect(mergeRows(rows, [])).toBe(rows);
    expect(mergeRows(rows, [row(3, 1, 0.5), { ...row(1, 2, 1) }, { ...row(2, 3, 2) }]).map((r) => r.teamId)).toEqual([3, 1, 2]);
  });

  it('keeps the feed newest first, without duplicates, capped', () => {
    const feed = mergeFeed([item(1, 1), item(2, 2)], [item(2, 2), item(3, 3)]);
    expect(feed.map((i) => i.teamId)).toEqual([3, 2, 1]);
    const many = Array.from({ length: FEED_LIMIT + 10 }, (_, i) => item(i, i % 60));
    expect(mergeFeed([], many)).toHaveLength(FEED_LIMIT);
  });
});

describe('a new snapshot keeps the guesses arriving', () => {
  const open = level(1, 'open');
  const before = applyUpdate(normaliseSnapshot(snapshot(open, [item(1, 1, 3)], [row(1, 1, 3)])), {
    type: 'update',
    levelId: 1,
    leaderboard: [row(2, 1, 2)],
    playing: 2,
    overall: [],
    feed: [item(2, 5, 2)],
  });

  it('across pause and resume, and a settings change, even when the snapshot’s feed is empty', () => {
    expect(before.feed.map((i) => i.teamId)).toEqual([2, 1]);
    const paused = mergeSnapshot(before, snapshot({ ...open, status: 'paused' }, [], [row(1, 2, 3), row(2, 1, 2)]));
    expect(paused.current?.level.status).toBe('paused');
    expect(paused.feed.map((i) => i.teamId)).toEqual([2, 1]);
    const resumed = mergeSnapshot(paused, snapshot(open, [item(2, 5, 2)], [row(1, 2, 3), row(2, 1, 2)]));
    expect(resumed.feed.map((i) => i.teamId)).toEqual([2, 1]);
    const showPassword = mergeSnapshot(resumed, snapshot(open, [item(3, 9, 1)], [row(1, 2, 3), row(2, 1, 2), row(3, 3, 1)]));
    expect(showPassword.feed.map((i) => i.teamId)).toEqual([3, 2, 1]);
  });

  it('but not across a change of level, nor after a reset that left no guess', () => {
    expect(mergeSnapshot(before, snapshot(level(2, 'open'), [item(4, 7)], [row(4, 1, null)])).feed.map((i) => i.teamId)).toEqual([4]);
    expect(mergeSnapshot(before, snapshot(open, [], [], 0)).feed).toEqual([]);
    expect(mergeSnapshot(null, snapshot(open, [item(1, 1)], [row(1, 1, null)])).feed).toHaveLength(1);
  });
});

describe('the reveal and the standings', () => {
  const teams = [
    { teamId: 1, number: 1, guesses: [[-4], [2.2]] },
    { teamId: 2, number: 2, guesses: [] as number[][] },
  ];

  it('notices a result that arrived after the reveal, and takes the new reveal', () => {
    const { reveal } = slideReveal('bowl', teams);
    const revealed = level(1, 'revealed');
    // At the reveal, team 2's only guess was pending: the standings have no best for it, so they agree.
    const board = normaliseSnapshot({ ...snapshot(revealed, [], standings(reveal, teams, { 2: 1 })), current: { level: revealed, leaderboard: standings(reveal, teams, { 2: 1 }), playing: 2, reveal } });
    expect(revealAgrees(board.current)).toBe(true);
    // Its result arrives: the update brings its best, which the reveal does not have yet.
    const after = [teams[0], { teamId: 2, number: 2, guesses: [[2.2072]] }];
    const fresh = slideReveal('bowl', after).reveal;
    const updated = applyUpdate(board, { type: 'update', levelId: 1, leaderboard: standings(fresh, after), playing: 2, overall: [], feed: [] });
    expect(revealAgrees(updated.current)).toBe(false);
    const withReveal = applyReveal(updated, { type: 'reveal', levelId: 1, reveal: fresh });
    expect(withReveal.current?.reveal).toBe(fresh);
    expect(revealAgrees(withReveal.current)).toBe(true);
    // A reveal of another level changes nothing.
    expect(applyReveal(updated, { type: 'reveal', levelId: 9, reveal: fresh })).toBe(updated);
  });

  it('has nothing to check before the reveal', () => {
    expect(revealAgrees(snapshot(level(1, 'closed'), [], [row(1, 1, 3)]).current)).toBe(true);
    expect(revealAgrees(null)).toBe(true);
  });
});

describe('overall standings over the revealed levels', () => {
  const entry = (teamId: number, levels: Record<string, number>): OverallEntry => ({
    rank: 0,
    teamId,
    number: teamId,
    name: '',
    points: Object.values(levels).reduce((a, b) => a + b, 0),
    levels,
  });

  it('counts only the points of revealed levels, ranks by them and shares a rank on equal totals', () => {
    const levels = [level(1, 'revealed', 0), level(2, 'closed', 1), level(3, 'revealed', 2)];
    const overall = [entry(1, { 1: 100, 2: 900, 3: 0 }), entry(2, { 1: 300, 2: 0, 3: 200 }), entry(3, { 1: 250, 2: 10, 3: 50 }), entry(4, { 1: 0, 2: 0, 3: 100 })];
    const rows = revealedOverall(overall, levels);
    expect(rows.map((r) => [r.number, r.points, r.rank])).toEqual([
      [2, 500, 1],
      [3, 300, 2],
      [1, 100, 3],
      [4, 100, 3],
    ]);
    expect(rows[0].levels).toEqual({ 1: 300, 3: 200 });
  });
});
