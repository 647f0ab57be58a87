/**
 * Who hears what, and how often. The publisher turns the game's events into pushes to the sockets of this instance:
 * a team's devices hear of its guesses and results, every device of a level hears the level change and the
 * leaderboard (at most once a second while it runs), the board hears batched updates every 200 ms, the admin
 * monitor hears everything. Each instance pushes only to its own sockets, so nobody hears a push twice.
 */
import type { FeedItem, LeaderboardEntry, TeamServerMessage } from '../../shared/protocol.ts';
import { feedItem, teamReveal, type BoardView } from './board-view.ts';
import type { Clock } from './clock.ts';
import type { EventBus, GameEvent } from './events.ts';
import type { Logger, Transport } from './ports.ts';
import type { Room, Rooms } from './rooms.ts';
import { isSettled } from './rules.ts';
import type { Origin, StoredGuess } from './types.ts';
import { adminGuess, adminLevel, guessMessage, leaderboardView, publicLevel } from './views.ts';

/** The rows of the table that screens show while a level runs. */
const TOP_ROWS = 10;
/** The board's pace, and the soonest a team hears a change. */
const BATCH_MS = 200;
/**
 * While a level runs, a team's devices hear the leaderboard at most once a second (the board: every 200 ms).
 * The first change after a quiet second still goes out within BATCH_MS. With hundreds of teams guessing at once
 * this is most of the server's socket writes; phones gain nothing from redrawing a table five times a second.
 */
const TEAM_BATCH_MS = 1000;
/** Results that arrive after their level's reveal are pushed together, at most this often (see lateResult). */
export const LATE_REVEAL_MS = 1000;

export class Publisher {
  /** Feed items not yet sent to the board, per level with changes. */
  private readonly dirty = new Map<number, FeedItem[]>();
  private batchTimer: unknown = null;
  /** Team leaderboard pushes, per level: a pending timer, and when the last push went out. */
  private readonly teamTimers = new Map<number, unknown>();
  private readonly teamPushedAt = new Map<number, number>();
  /** The rows last sent, per audience and level (and 'overall'), so an update carries only the rows that changed. */
  private readonly sentRows = new Map<string, Map<number, { json: string; rank: number }>>();
  /** Levels whose settled table went out whole (once per settlement). */
  private readonly settledSent = new Set<string>();
  private stopped = false;
  /** Teams with a result that arrived after their level's reveal, per level, not pushed yet. */
  private readonly lateResults = new Map<number, Set<number>>();
  private lateTimer: unknown = null;

  constructor(
    private readonly transport: Transport,
    private readonly rooms: Rooms,
    private readonly board: BoardView,
    private readonly clock: Clock,
    private readonly log: Logger,
    events: EventBus,
  ) {
    events.on((event) => this.on(event));
  }

  stop(): void {
    this.stopped = true;
    if (this.batchTimer) this.clock.clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (this.lateTimer) this.clock.clearTimeout(this.lateTimer);
    this.lateTimer = null;
    for (const t of this.teamTimers.values()) this.clock.clearTimeout(t);
    this.teamTimers.clear();
  }

  private on(event: GameEvent): void {
    switch (event.type) {
      case 'guess':
        return this.withRoom(event.guess.levelId, (room) => this.guessStored(room, event.guess, event.origin));
      case 'ready':
        return this.withRoom(event.guess.levelId, (room) => this.guessReady(room, event.guess, event.origin));
      case 'level': {
        const { level } = event;
        this.transport.level(level.id, () => ({ type: 'level', level: publicLevel(level) }));
        this.transport.admin(() => ({ type: 'level', level: adminLevel(level) }));
        this.withRoom(level.id, (room) => {
          if (level.status === 'revealed') this.pushReveal(room);
          this.markDirty(room);
        });
        return this.later(this.pushBoard(level.gameId), 'board push');
      }
      case 'reference':
        this.withRoom(event.levelId, (room) => {
          if (room.level.status === 'revealed') this.pushReveal(room);
        });
        return this.later(this.pushBoard(event.gameId), 'board push');
      case 'sessions-ended':
        return this.transport.endTeam(event.teamId);
      case 'level-deleted':
      case 'guesses-deleted':
      case 'game':
        this.transport.admin({ type: 'games' });
        return this.later(this.pushBoard(event.gameId), 'board push');
    }
  }

  private guessStored(room: Room, guess: StoredGuess, origin: Origin | undefined): void {
    const dims = room.level.dims;
    // The device that sent the guess has it in its answer; the team's other devices hear of it here.
    this.transport.team(guess.teamId, guess.levelId, () => ({ type: 'accepted', ...guessMessage(guess, dims, this.clock.now(), false) }), origin);
    this.transport.admin(() => ({ type: 'guess', guess: adminGuess(guess, dims) }));
    this.markDirty(room, room.game.showFeedValues ? undefined : feedItem(room, guess, false));
  }

  private guessReady(room: Room, guess: StoredGuess, origin: Origin | undefined): void {
    if (!room.ids.has(guess.id)) return;
    const ready = (own: boolean): TeamServerMessage => ({ type: 'ready', ...guessMessage(guess, room.level.dims, this.clock.now(), own) });
    this.transport.team(guess.teamId, guess.levelId, () => ready(false), origin);
    if (origin) this.transport.device(origin, ready(true));
    this.markDirty(room, room.game.showFeedValues ? feedItem(room, guess, true) : undefined);
    if (room.level.status === 'revealed') this.lateResult(room.level.id, guess.teamId);
  }

  /**
   * A result arrived after its level's reveal (it was pending when the instructor revealed): its team's share and the
   * board's reveal change. Such results come together — every team's pending guess within one delay of a quick
   * reveal — and each would rebuild the reveal (tens of ms at 300 teams) and send the board its whole reveal again
   * (1.2 MB), so they are pushed together, at most once per LATE_REVEAL_MS per level.
   */
  private lateResult(levelId: number, teamId: number): void {
    const teams = this.lateResults.get(levelId) ?? new Set<number>();
    teams.add(teamId);
    this.lateResults.set(levelId, teams);
    if (this.stopped || this.lateTimer) return;
    this.lateTimer = this.clock.setTimeout(() => {
      this.lateTimer = null;
      const batch = [...this.lateResults];
      this.lateResults.clear();
      for (const [id, teamIds] of batch) {
        this.withRoom(id, (room) => {
          if (room.level.status === 'revealed') this.pushReveal(room, [...teamIds]);
        });
      }
    }, LATE_REVEAL_MS);
  }

  /**
   * The revealed level's reveal: to each team its own share (teamReveal). With `lateResultsOf`, results of those teams
   * arrived after the reveal: only their shares changed, and the board gets the whole reveal again (otherwise the
   * board's snapshot, sent on level changes, carries it).
   */
  private pushReveal(room: Room, lateResultsOf?: readonly number[]): void {
    const levelId = room.level.id;
    const toTeams = this.transport.listens({ levelId });
    const toBoard = lateResultsOf !== undefined && room.game.active && this.transport.listens('board');
    if (!toTeams && !toBoard) return;
    this.later(
      this.board.reveal(room).then((reveal) => {
        if (toTeams) {
          const teamIds = lateResultsOf ?? room.teams.map((t) => t.id);
          // Built only for teams with a device on this instance.
          for (const teamId of teamIds) this.transport.team(teamId, levelId, () => ({ type: 'reveal', levelId, reveal: teamReveal(reveal, teamId) }));
        }
        if (toBoard) this.transport.board({ type: 'reveal', levelId, reveal });
      }),
      'reveal push',
    );
  }

  /** Batches leaderboard changes: one board update per 200 ms and one team push per second, whatever the guesses. */
  private markDirty(room: Room, item?: FeedItem): void {
    const levelId = room.level.id;
    const items = this.dirty.get(levelId) ?? [];
    if (item) {
      items.push(item);
      this.board.addFeed(levelId, item);
    }
    this.dirty.set(levelId, items);
    if (this.stopped) return;
    if (!this.batchTimer) this.batchTimer = this.clock.setTimeout(() => this.later(this.flush(), 'board update'), BATCH_MS);
    const settled = isSettled(room.level);
    // The settlement goes out at the board's pace, whatever push was waiting.
    if (settled && this.teamTimers.has(levelId)) {
      this.clock.clearTimeout(this.teamTimers.get(levelId));
      this.teamTimers.delete(levelId);
    }
    if (!this.teamTimers.has(levelId) && (room.game.showLeaderboard || settled)) {
      const since = this.clock.now() - (this.teamPushedAt.get(levelId) ?? -Infinity);
      const wait = settled ? BATCH_MS : Math.max(BATCH_MS, TEAM_BATCH_MS - since);
      this.teamTimers.set(
        levelId,
        this.clock.setTimeout(() => {
          this.teamTimers.delete(levelId);
          this.teamPushedAt.set(levelId, this.clock.now());
          this.later(this.pushTeamLeaderboard(levelId), 'team leaderboard push');
        }, wait),
      );
    }
  }

  /**
   * The leaderboard for the teams of a level. While it runs, hundreds of devices show the top of the table:
   * everyone gets the changed rows of the top 10 (and of teams that just left it), each team its own row. Once
   * the level is settled, every changed row goes to everyone (the settlement shows the whole ranking).
   */
  private async pushTeamLeaderboard(levelId: number): Promise<void> {
    if (!this.transport.listens({ levelId })) return;
    const room = await this.rooms.get(levelId);
    const settled = isSettled(room.level);
    if (!room.game.showLeaderboard && !settled) return;
    const leaderboard = leaderboardView(this.rooms.standings(room), room.level, 'public');
    const onTop = (row: LeaderboardEntry, previousRank: number | undefined) => settled || row.rank <= TOP_ROWS || (previousRank ?? Infinity) <= TOP_ROWS;
    const key = `team:${levelId}`;
    const { changed, all } = this.changedRows(key, leaderboard, onTop);
    if (settled && !this.settledSent.has(key)) {
      // The settlement shows the whole ranking to everyone, once: rows below the top were sent to their own team only.
      this.settledSent.add(key);
      this.transport.level(levelId, { type: 'leaderboard', levelId, leaderboard });
      return;
    }
    if (!settled) this.settledSent.delete(key);
    if (changed.length > 0) this.transport.level(levelId, { type: 'leaderboard', levelId, leaderboard: changed, partial: true });
    if (!settled) {
      const shown = new Set(changed.map((row) => row.teamId));
      const own = all.filter((row) => !shown.has(row.teamId));
      if (own.length) this.transport.teams(levelId, own.map((row) => ({ teamId: row.teamId, message: { type: 'leaderboard', levelId, leaderboard: [row], partial: true } })));
    }
  }

  private async flush(): Promise<void> {
    this.batchTimer = null;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const [levelId, feed] of batch) {
      const room = await this.rooms.get(levelId).catch(() => null);
      if (!room || !room.game.active || !this.transport.listens('board')) continue;
      const standings = this.rooms.standings(room);
      const leaderboard = leaderboardView(standings, room.level, 'public');
      // The board shows the top of the table while a level runs, and all of it once the level is settled.
      const settled = isSettled(room.level);
      const onTop = (row: LeaderboardEntry, previousRank: number | undefined) => settled || row.rank <= TOP_ROWS || (previousRank ?? Infinity) <= TOP_ROWS;
      const overall = await this.board.overall(room.game.id);
      this.transport.board({
        type: 'update',
        levelId,
        leaderboard: this.changedRows(`level:${levelId}`, leaderboard, onTop).changed,
        playing: standings.filter((s) => s.guesses > 0).length,
        overall: this.changedRows(`overall:${room.game.id}`, overall).changed,
        // The board keeps a few dozen items and shows fewer: a burst of hundreds in 200 ms sends only the newest.
        feed: feed.slice(-30),
      });
    }
  }

  /**
   * The rows that differ from the previous call under `key` (clients merge them by team): `changed` those that
   * also pass `keep` (given the row's previous rank), `all` every row that differs.
   */
  private changedRows<T extends { teamId: number; rank: number }>(
    key: string,
    rows: T[],
    keep: (row: T, previousRank: number | undefined) => boolean = () => true,
  ): { changed: T[]; all: T[] } {
    const last = this.sentRows.get(key) ?? new Map<number, { json: string; rank: number }>();
    const all = rows.filter((row) => last.get(row.teamId)?.json !== JSON.stringify(row));
    const changed = all.filter((row) => keep(row, last.get(row.teamId)?.rank));
    this.sentRows.set(key, new Map(rows.map((row) => [row.teamId, { json: JSON.stringify(row), rank: row.rank }])));
    return { changed, all };
  }

  /** The whole board again (after a change of level, game or teams). */
  private async pushBoard(gameId: number): Promise<void> {
    if (!this.transport.listens('board')) return;
    const active = await this.board.snapshot();
    if (active.game?.id === gameId || active.game === null) this.transport.board({ type: 'board', board: active });
  }

  private withRoom(levelId: number, use: (room: Room) => void): void {
    this.later(this.rooms.get(levelId).then(use), 'push', { levelId });
  }

  /** Work that runs after the event that caused it: its failure is logged, never left to float. */
  private later(work: Promise<unknown>, what: string, context: object = {}): void {
    work.catch((err: unknown) => this.log.error({ err, ...context }, `${what} failed`));
  }
}
