/** How the board's state changes: a full snapshot replaces it, a batched update is merged in (never a refetch). */
import type { BoardServerMessage, BoardSnapshot, FeedItem, LeaderboardEntry, OverallEntry } from '../../shared/protocol.ts';

export type BoardUpdate = Extract<BoardServerMessage, { type: 'update' }>;

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
