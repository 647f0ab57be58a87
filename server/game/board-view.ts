/**
 * What the board and the teams' pages are shown beyond single guesses: the board snapshot, the overall standings,
 * the live feed, and the reveal (the function, every path, the reference runs) once a level is revealed. The reveal
 * is rebuilt when a result arrives after it, so it never disagrees with the standings.
 */
import type { BoardSnapshot, FeedItem, OverallEntry, Reveal } from '../../shared/protocol.ts';
import { isoTime } from '../iso-time.ts';
import { sampleCurve } from '../math/expression.ts';
import type { Store } from '../store/repo.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { Rooms, Room } from './rooms.ts';
import { isReady, isRevealed } from './rules.ts';
import { rankOverall } from './scoring.ts';
import type { GameRecord, LevelRecord, StoredGuess } from './types.ts';
import { leaderboardView, overallView, point, publicLevel, referencePath } from './views.ts';

/** Items the board keeps of the guesses arriving, per level. */
export const FEED_LENGTH = 30;
/** The most points of one team's path a reveal carries (a team with an unlimited budget may have made thousands). */
export const MAX_REVEAL_POINTS = 300;

/**
 * At most `max` points of a path for display: the first, the last and the lowest, and the others evenly spaced, in
 * their order. The reveal's size stays bounded whatever the budget (10 teams × 10 000 guesses: well under 1 MB).
 */
export function thinPath<T extends { fx: number }>(path: readonly T[], max = MAX_REVEAL_POINTS): T[] {
  if (path.length <= max) return [...path];
  let best = 0;
  for (let i = 1; i < path.length; i++) if (path[i].fx < path[best].fx) best = i;
  const keep = new Set<number>([0, path.length - 1, best]);
  for (let k = 0; keep.size < max && k < max; k++) keep.add(Math.round((k * (path.length - 1)) / (max - 1)));
  return [...keep].sort((a, b) => a - b).map((i) => path[i]);
}

/** A guess as the board's feed shows it: arriving (when the game hides values in the feed), or with its result. */
export function feedItem(room: Room, guess: StoredGuess, withValues: boolean): FeedItem {
  const team = room.teams.find((t) => t.id === guess.teamId);
  return {
    teamId: guess.teamId,
    number: team?.number ?? 0,
    name: team?.name ?? '',
    at: isoTime(withValues ? guess.readyAt : guess.submittedAt),
    ...(withValues ? { x: point(guess.x, room.level.dims), fx: guess.fx } : {}),
  };
}

/**
 * The level's newest feed items at `now`, newest first, read from its guesses: what the feed kept as they arrived
 * would show (guesses as they were sent, or results as they fell due when the game shows values).
 */
export function recentFeed(room: Room, now: number, length = FEED_LENGTH): FeedItem[] {
  const withValues = room.game.showFeedValues;
  const when = (g: StoredGuess) => (withValues ? g.readyAt : g.submittedAt);
  const shown = withValues ? room.guesses.filter((g) => isReady(g, now)) : room.guesses;
  // Newest first; a stable sort keeps the later arrival first among equal times.
  return [...shown]
    .reverse()
    .sort((a, b) => when(b) - when(a))
    .slice(0, length)
    .map((g) => feedItem(room, g, withValues));
}

/**
 * A team's share of a reveal: the level's function and the runs from its default start, with the team's own path and
 * the runs from its own first guess — what its page draws. The board's reveal carries every team's (1.2 MB for 300
 * teams of 20 guesses), which every device would otherwise receive at the reveal and again with each late result.
 */
export function teamReveal(reveal: Reveal, teamId: number): Reveal {
  return {
    ...reveal,
    paths: reveal.paths.filter((p) => p.teamId === teamId),
    reference: reveal.reference.filter((r) => r.teamId === null || r.teamId === teamId),
  };
}

/** A game's overall standings, and whether any of its levels is revealed yet. */
interface Overall {
  entries: OverallEntry[];
  anyRevealed: boolean;
}

export class BoardView {
  private readonly reveals = new Map<number, Promise<Reveal>>();
  /**
   * The feed per level, newest first: read from the level's guesses when first asked for (so a restart, a new
   * instance or a change of the game's settings shows the same feed), then kept as items arrive.
   */
  private readonly feeds = new Map<number, FeedItem[]>();
  /** Overall standings per game: they change only when a revealed level does (points are public from the reveal). */
  private readonly overalls = new Map<number, Promise<Overall>>();

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly clock: Clock,
    events: EventBus,
  ) {
    // Registered before the publisher's listener: a push that follows an event reads the new reveal.
    events.on((event) => {
      switch (event.type) {
        case 'ready':
          // A result after the reveal changes the revealed level's path, points and the game's overall standings.
          if (this.reveals.delete(event.guess.levelId)) this.overalls.clear();
          return;
        case 'level':
          this.reveals.delete(event.level.id);
          return void this.overalls.delete(event.level.gameId);
        case 'reference':
        case 'guesses-deleted':
        case 'level-deleted':
          if (event.type !== 'reference') this.feeds.delete(event.levelId);
          this.reveals.delete(event.levelId);
          return void this.overalls.delete(event.gameId);
        case 'game':
          // The game may now show values in the feed, or hide them: its feeds are read again.
          this.feeds.clear();
          this.reveals.clear();
          return void this.overalls.clear();
      }
    });
  }

  /** The newest items first; the board shows a few of them. */
  feed(room: Room): FeedItem[] {
    let feed = this.feeds.get(room.level.id);
    if (!feed) {
      feed = recentFeed(room, this.clock.now());
      this.feeds.set(room.level.id, feed);
    }
    return feed;
  }

  /**
   * Keeps an item that arrived. A feed not read yet is left to be read from the guesses (the room holds this one
   * already); an item read from them already (the event of another instance came after this one loaded the level)
   * is not kept twice.
   */
  addFeed(levelId: number, item: FeedItem): void {
    const feed = this.feeds.get(levelId);
    if (!feed || feed.some((f) => f.teamId === item.teamId && f.at === item.at && ('fx' in f) === ('fx' in item))) return;
    feed.unshift(item);
    feed.length = Math.min(feed.length, FEED_LENGTH);
  }

  /** Overall standings of a game: points summed over its revealed levels (points are public from the reveal). */
  async overall(gameId: number): Promise<OverallEntry[]> {
    return (await this.cachedOverall(gameId)).entries;
  }

  /** Whether any level of the game has been revealed (the overall standings then mean something). */
  async anyRevealed(gameId: number): Promise<boolean> {
    return (await this.cachedOverall(gameId)).anyRevealed;
  }

  /** Computed once per game until an event changes it (a team's /api/me and state messages ask each time). */
  private cachedOverall(gameId: number): Promise<Overall> {
    let overall = this.overalls.get(gameId);
    if (!overall) {
      overall = this.computeOverall(gameId);
      this.overalls.set(gameId, overall);
      overall.catch(() => this.overalls.delete(gameId));
    }
    return overall;
  }

  private async computeOverall(gameId: number): Promise<Overall> {
    const [teams, levels] = await Promise.all([this.store.teamsOf(gameId), this.store.levelsOf(gameId)]);
    const revealed = [];
    for (const level of levels.filter(isRevealed)) {
      const room = await this.rooms.get(level.id);
      revealed.push({ levelId: level.id, standings: this.rooms.standings(room) });
    }
    return { entries: overallView(rankOverall(teams, revealed)), anyRevealed: revealed.length > 0 };
  }

  /** The level the board shows: the instructor's pick, else the level opened last. */
  boardLevel(game: GameRecord, levels: LevelRecord[]): LevelRecord | null {
    const picked = game.boardLevelId === null ? undefined : levels.find((l) => l.id === game.boardLevelId);
    if (picked) return picked;
    const started = levels.filter((l) => l.openedAt !== null).sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    return started[0] ?? null;
  }

  /** GET /api/board and the board socket's snapshot. */
  async snapshot(): Promise<BoardSnapshot> {
    const game = await this.store.activeGame();
    if (!game) return { game: null, levels: [], current: null, overall: [], feed: [], finished: false };
    const [levels, teams] = await Promise.all([this.store.levelsOf(game.id), this.store.teamsOf(game.id)]);
    const current = this.boardLevel(game, levels);
    let currentView: BoardSnapshot['current'] = null;
    let feed: FeedItem[] = [];
    if (current) {
      const room = await this.rooms.get(current.id);
      feed = this.feed(room);
      const standings = this.rooms.standings(room);
      currentView = {
        level: publicLevel(room.level),
        leaderboard: leaderboardView(standings, room.level, 'public'),
        playing: standings.filter((s) => s.guesses > 0).length,
        ...(room.level.showPassword && room.level.status !== 'draft' ? { password: room.level.password } : {}),
        ...(room.level.status === 'revealed' ? { reveal: await this.reveal(room) } : {}),
      };
    }
    return {
      game: { id: game.id, title: game.title, teams: teams.length, showFeedValues: game.showFeedValues },
      levels: levels.map(publicLevel),
      current: currentView,
      overall: await this.overall(game.id),
      feed,
      // The podium shows points: they are public once every level is revealed.
      finished: levels.length > 0 && levels.every(isRevealed),
    };
  }

  /** What becomes public at reveal: the function, its samples, every team's path and the reference paths. */
  reveal(room: Room): Promise<Reveal> {
    let reveal = this.reveals.get(room.level.id);
    if (!reveal) {
      reveal = this.buildReveal(room);
      this.reveals.set(room.level.id, reveal);
      reveal.catch(() => this.reveals.delete(room.level.id));
    }
    return reveal;
  }

  private async buildReveal(room: Room): Promise<Reveal> {
    const now = this.clock.now();
    const dims = room.level.dims;
    const runs = await this.store.referenceRuns(room.level.id);
    return {
      expression: room.level.expression,
      fStar: room.level.fStar,
      argmin: point(room.level.argmin, dims),
      median: room.level.median,
      // Computed with f* when the level was analysed; levels stored before that are sampled now.
      samples: room.level.samples ?? sampleCurve(room.fn, room.level.domain, undefined, [room.level.argmin]),
      paths: room.teams
        .filter((t) => room.byTeam.has(t.id))
        .map((t) => {
          const ready = (room.byTeam.get(t.id) ?? []).filter((g) => isReady(g, now));
          const shown = thinPath(ready).map((g) => ({ x: point(g.x, dims), fx: g.fx }));
          return { teamId: t.id, number: t.number, name: t.name, path: shown, ...(shown.length < ready.length ? { guesses: ready.length } : {}) };
        }),
      reference: runs.map((r) => referencePath(r, dims)),
    };
  }
}
