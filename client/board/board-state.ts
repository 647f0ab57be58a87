/**
 * How the board's state changes: a full snapshot replaces it (keeping the feed of the level on screen), a batched
 * update is merged in, a new reveal replaces the old one. Also the checks the board makes on it: whether the reveal
 * agrees with the standings, and the overall standings over the revealed levels. Pure.
 */
import { sameValue } from '../../shared/comparison.ts';
import type { BoardLevel, BoardServerMessage, BoardSnapshot, FeedItem, LeaderboardEntry, OverallEntry, PublicLevel, Reveal } from '../../shared/protocol.ts';

export type BoardUpdate = Extract<BoardServerMessage, { type: 'update' }>;

/** A new reveal of a level, pushed when a result arrives after the reveal (not in every server's protocol yet). */
export interface RevealMessage {
  type: 'reveal';
  levelId: number;
  reveal: Reveal;
}

/** Feed items kept in memory: more than the projector ever shows, so a burst never empties the list. */
export const FEED_LIMIT = 40;

const byRank = <T extends { rank: number; number: number }>(a: T, b: T) => a.rank - b.rank || a.number - b.number;

/** Upserts rows by team: the server may send the whole list or only the rows that changed. */
export function mergeRows<T extends { teamId: number; rank: number; number: number }>(rows: readonly T[], changed: readonly T[]): T[] {
  if (changed.length === 0) return rows as T[];
  const merged = new Map(rows.map((row) => [row.teamId, row]));
  for (const row of changed) merged.set(row.teamId, row);
  return [...merged.values()].sort(byRank);
}

const feedKey = (item: FeedItem) => `${item.teamId}|${item.at}|${item.fx ?? ''}`;

/** Newest first, without duplicates, at most `limit` items. */
export function mergeFeed(feed: readonly FeedItem[], incoming: readonly FeedItem[], limit = FEED_LIMIT): FeedItem[] {
  const seen = new Set<string>();
  const all = [...incoming, ...feed].filter((item) => {
    const key = feedKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return all.slice(0, limit);
}

/** A snapshot as the board keeps it: feed newest first and capped, rows in rank order. */
export function normaliseSnapshot(snapshot: BoardSnapshot): BoardSnapshot {
  return {
    ...snapshot,
    feed: mergeFeed([], snapshot.feed),
    overall: [...snapshot.overall].sort(byRank),
    current: snapshot.current ? { ...snapshot.current, leaderboard: [...snapshot.current.leaderboard].sort(byRank) } : null,
  };
}

/**
 * A new snapshot (after pause, resume, a settings change, a reconnect): it replaces the state, but the guesses
 * arriving on the level still on screen are kept — merged with the snapshot's own — unless the level has no
 * guesses left (it was reset). A snapshot of another level brings its own feed.
 */
export function mergeSnapshot(previous: BoardSnapshot | null, next: BoardSnapshot): BoardSnapshot {
  const snapshot = normaliseSnapshot(next);
  const before = previous?.current;
  const now = snapshot.current;
  if (!previous || !before || !now || before.level.id !== now.level.id || now.playing === 0) return snapshot;
  return { ...snapshot, feed: mergeFeed(previous.feed, snapshot.feed) };
}

/** Applies one batched update; parts that did not change keep their identity so their elements skip re-rendering. */
export function applyUpdate(snapshot: BoardSnapshot, update: BoardUpdate): BoardSnapshot {
  const overall: OverallEntry[] = update.overall?.length ? mergeRows(snapshot.overall, update.overall) : snapshot.overall;
  const current = snapshot.current;
  if (!current || current.level.id !== update.levelId) return overall === snapshot.overall ? snapshot : { ...snapshot, overall };
  const leaderboard: LeaderboardEntry[] = update.leaderboard?.length ? mergeRows(current.leaderboard, update.leaderboard) : current.leaderboard;
  const feed = update.feed?.length ? mergeFeed(snapshot.feed, update.feed) : snapshot.feed;
  return {
    ...snapshot,
    overall,
    feed,
    current: { ...current, leaderboard, playing: typeof update.playing === 'number' ? update.playing : current.playing },
  };
}

/** Replaces the reveal of the level on screen (a reveal of another level changes nothing). */
export function applyReveal(snapshot: BoardSnapshot, message: RevealMessage): BoardSnapshot {
  const current = snapshot.current;
  if (!current || current.level.id !== message.levelId || current.level.status !== 'revealed') return snapshot;
  return { ...snapshot, current: { ...current, reveal: message.reveal } };
}

/**
 * Whether the reveal shows what the standings say: every team with a best f has a path reaching it. False when a
 * result arrived after the reveal was sent (the board then asks for the new one). True when nothing is revealed.
 */
export function revealAgrees(current: BoardLevel | null | undefined): boolean {
  if (!current || current.level.status !== 'revealed' || !current.reveal) return true;
  const lowest = new Map<number, number>();
  for (const team of current.reveal.paths) {
    for (const p of team.path) {
      if (!Number.isFinite(p.fx)) continue;
      const seen = lowest.get(team.teamId);
      if (seen === undefined || p.fx < seen) lowest.set(team.teamId, p.fx);
    }
  }
  return current.leaderboard.every((e) => {
    if (e.best === null) return true;
    const low = lowest.get(e.teamId);
    return low !== undefined && sameValue(low, e.best);
  });
}

/** Levels whose points are public: the revealed ones, in game order. */
export function revealedLevels(levels: readonly PublicLevel[]): PublicLevel[] {
  return [...levels].filter((l) => l.status === 'revealed').sort((a, b) => a.index - b.index);
}

/**
 * The overall standings over the revealed levels only (points arrive with the reveal): totals summed again and
 * ranked as the server ranks them — most points first, then team number; equal totals share a rank.
 */
export function revealedOverall(overall: readonly OverallEntry[], levels: readonly PublicLevel[]): OverallEntry[] {
  const ids = revealedLevels(levels).map((l) => String(l.id));
  const rows = overall.map((e) => {
    const kept: Record<string, number> = {};
    for (const id of ids) kept[id] = e.levels[id] ?? 0;
    return { ...e, levels: kept, points: ids.reduce((sum, id) => sum + kept[id], 0) };
  });
  rows.sort((a, b) => b.points - a.points || a.number - b.number);
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || rows[i - 1].points !== row.points) rank = i + 1;
    return { ...row, rank };
  });
}
