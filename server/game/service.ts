/**
 * The game service: one owner of every level's state behind all three doors (HTTP, Socket.IO, WebSocket).
 * It applies the pure rules, persists through the store, schedules disclosures at readyAt, and tells the
 * broadcaster what happened. Work for one level is serialised, so two devices of a team cannot both pass the
 * one-pending check.
 */
import { GameError } from '../../shared/errors.ts';
import type { AdminGuess, AdminLevel, BoardServerMessage, BoardSnapshot, FeedItem, GuessSource, GuessView, LeaderboardEntry, MeResponse, PublicLevel, Reveal, TeamServerMessage } from '../../shared/protocol.ts';
import { analyseLevel, checkDomain, checkFiniteOverDomain, compileLevelFunction, sampleCurve, type LevelFunction } from '../math/expression.ts';
import type { LevelRecord, ReferenceRecord, StoredGuess, Store, TeamRecord, GameRecord } from '../store/repo.ts';
import { FailureLimiter, hashPassword, hashToken, memorablePassword, newPin, newToken, normalisePassword, sameSecret, verifyPassword } from './auth.ts';
import { acceptsLogins, isExpired, isReady, isSettled, submitGuess, transition, type LevelAction } from './rules.ts';
import { rankLevel, rankOverall, type Standing } from './scoring.ts';
import { adminGuess, adminLevel, guessView, leaderboardView, overallView, point, publicLevel, referencePath } from './views.ts';

/** Where the service sends what happened; the realtime adapters implement it. */
/**
 * The device a request came in on (a Socket.IO socket's id, or a plain WebSocket), so that a push of what it was
 * just answered skips it: a device hears of its own guess once.
 */
export type Origin = { io: string } | { ws: object };

export interface Broadcaster {
  /** Every device of one team in one level (but `except`). */
  team(teamId: number, levelId: number, message: TeamServerMessage, except?: Origin): void;
  /** Every team device logged into a level. */
  level(levelId: number, message: TeamServerMessage): void;
  /** A message of its own to each of many teams of a level; the adapter may spread them over turns of the event loop. */
  teams(levelId: number, messages: { teamId: number; message: TeamServerMessage }[]): void;
  board(message: BoardServerMessage): void;
  admin(message: import('../../shared/protocol.ts').AdminServerMessage): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Computes reference runs for a revealed level; provided by the reference plugin. */
export interface ReferenceRunner {
  /** Runs the level's default reference settings from its start and from each team's first guess. */
  defaultRuns(level: LevelRecord, fn: LevelFunction, firstGuesses: { teamId: number; x: number[]; count: number }[]): Promise<Omit<ReferenceRecord, 'id' | 'levelId'>[]>;
}

interface Room {
  level: LevelRecord;
  fn: LevelFunction;
  game: GameRecord;
  teams: TeamRecord[];
  guesses: StoredGuess[];
  /** The ids of `guesses`: a result due at readyAt checks it is still there without scanning thousands. */
  ids: Set<number>;
  byTeam: Map<number, StoredGuess[]>;
  feed: FeedItem[];
  reveal?: Reveal;
}

export interface Session {
  teamId: number;
  levelId: number;
}

const FEED_LENGTH = 30;
/** The rows of the table that screens show while a level runs. */
const TOP_ROWS = 10;
const BATCH_MS = 200;
/**
 * While a level runs, a team's devices hear the leaderboard at most once a second (the board: every 200 ms).
 * The first change after a quiet second still goes out within BATCH_MS. With hundreds of teams guessing at once
 * this is most of the server's socket writes; phones gain nothing from redrawing a table five times a second.
 */
const TEAM_BATCH_MS = 1000;
const MAX_WAIT_MS = 60_000;
const ADMIN_SESSION_MS = 14 * 24 * 3600 * 1000;

export class GameService {
  broadcaster: Broadcaster = { team() {}, level() {}, teams() {}, board() {}, admin() {} };
  reference: ReferenceRunner | null = null;
  /** Set on the first start when no ADMIN_PASSWORD was given: printed once in the banner. */
  generatedAdminPassword: string | null = null;
  /** How many devices of each team are connected (kept by the realtime adapters), per team id. */
  readonly devices = new Map<number, number>();

  private readonly rooms = new Map<number, Promise<Room>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly readyTimers = new Map<number, unknown>();
  private readonly closeTimers = new Map<number, unknown>();
  private readonly sessions = new Map<string, Session>();
  private readonly limiter: FailureLimiter;
  private readonly dirty = new Map<number, FeedItem[]>();
  private batchTimer: unknown = null;
  /** Team leaderboard pushes, per level: a pending timer, and when the last push went out. */
  private readonly teamTimers = new Map<number, unknown>();
  private readonly teamPushedAt = new Map<number, number>();
  /** The rows last sent to the board, per level (and 'overall'), so an update carries only the rows that changed. */
  private readonly boardRows = new Map<string, Map<number, { json: string; rank: number }>>();
  private closed = false;

  constructor(
    readonly store: Store,
    readonly clock: Clock = systemClock,
    options: { loginFailureLimit?: number; loginFailureWindowMs?: number } = {},
  ) {
    this.limiter = new FailureLimiter(options.loginFailureLimit ?? 20, options.loginFailureWindowMs ?? 60_000);
  }

  // ===================== start-up and shutdown =====================

  /** After a (re)start: close levels whose time ran out, watch the others, deliver pending guesses at readyAt. */
  async start(): Promise<void> {
    const now = this.clock.now();
    for (const level of await this.store.timedOpenLevels()) {
      if (isExpired(level, now)) await this.expire(level.id);
      else this.scheduleClose(level);
    }
    for (const guess of await this.store.pendingGuesses(now)) this.scheduleReady(guess);
  }

  stop(): void {
    this.closed = true;
    for (const t of this.readyTimers.values()) this.clock.clearTimeout(t);
    for (const t of this.closeTimers.values()) this.clock.clearTimeout(t);
    if (this.batchTimer) this.clock.clearTimeout(this.batchTimer);
    for (const t of this.teamTimers.values()) this.clock.clearTimeout(t);
    this.teamTimers.clear();
    this.readyTimers.clear();
    this.closeTimers.clear();
  }

  // ===================== serialisation and caches =====================

  /** Runs `work` after every earlier piece of work with the same key (one key per level, plus 'login'). */
  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }

  private room(levelId: number): Promise<Room> {
    let room = this.rooms.get(levelId);
    if (!room) {
      room = this.loadRoom(levelId);
      this.rooms.set(levelId, room);
      room.catch(() => this.rooms.delete(levelId));
    }
    return room;
  }

  private async loadRoom(levelId: number): Promise<Room> {
    const level = await this.store.getLevel(levelId);
    if (!level) throw new GameError('NOT_FOUND', 'No such level');
    const [game, teams, guesses] = await Promise.all([this.store.getGame(level.gameId), this.store.teamsOf(level.gameId), this.store.guessesOf(levelId)]);
    const byTeam = new Map<number, StoredGuess[]>();
    for (const g of guesses) {
      const list = byTeam.get(g.teamId) ?? [];
      list.push(g);
      byTeam.set(g.teamId, list);
    }
    return { level, fn: compileLevelFunction(level.expression, level.dims), game: game!, teams, guesses, ids: new Set(guesses.map((g) => g.id)), byTeam, feed: [] };
  }

  /** Forgets cached state after an admin change (the next read reloads it from the store). */
  private async invalidateGame(gameId: number): Promise<void> {
    for (const [id, room] of this.rooms) {
      const r = await room.catch(() => null);
      if (!r || r.level.gameId === gameId) this.rooms.delete(id);
    }
  }

  // ===================== team login and sessions =====================

  /**
   * Logs a team into the level its password names, answering after the game's login delay on success and failure
   * alike. Failed logins are counted per client address; the check and the count are serialised, so a burst of
   * parallel guesses cannot slip past the limit.
   */
  async login(input: { team: number | string; password: string; pin?: string }, address: string): Promise<{ token: string; team: TeamRecord; level: LevelRecord }> {
    const started = this.clock.now();
    const outcome = await this.serial('login', async () => {
      const now = this.clock.now();
      const limit = this.limiter.check(address, now);
      if (limit.blocked) return { kind: 'limited' as const, retryAfterMs: limit.retryAfterMs };
      const game = await this.store.activeGame();
      const verdict = game ? await this.checkCredentials(game, input) : null;
      if (!verdict) {
        this.limiter.fail(address, now);
        return { kind: 'bad' as const, delayMs: game?.loginDelayMs ?? 10_000 };
      }
      return { kind: 'ok' as const, ...verdict, delayMs: game!.loginDelayMs };
    });
    if (outcome.kind === 'limited') {
      throw new GameError('RATE_LIMITED', `Too many failed logins from this address; try again in ${Math.ceil(outcome.retryAfterMs / 1000)} s`);
    }
    await this.sleepUntil(started + outcome.delayMs);
    if (outcome.kind === 'bad') throw new GameError('BAD_LOGIN', 'Wrong team number, password or PIN');
    if (!acceptsLogins(outcome.level)) throw new GameError('LEVEL_NOT_OPEN', 'This level has not started yet');
    const token = newToken();
    await this.store.createTeamSession(hashToken(token), outcome.team.id, outcome.level.id);
    return { token, team: outcome.team, level: outcome.level };
  }

  private async checkCredentials(game: GameRecord, input: { team: number | string; password: string; pin?: string }): Promise<{ team: TeamRecord; level: LevelRecord } | null> {
    const number = typeof input.team === 'number' ? input.team : Number.parseInt(input.team.trim(), 10);
    const wanted = normalisePassword(input.password);
    const levels = await this.store.levelsOf(game.id);
    const level = levels.find((l) => sameSecret(normalisePassword(l.password), wanted));
    const team = Number.isSafeInteger(number) ? await this.store.findTeam(game.id, number) : null;
    if (!level || !team) return null;
    if (game.requirePin && !(team.pin && input.pin !== undefined && sameSecret(team.pin, input.pin.trim()))) return null;
    return { team, level };
  }

  private sleepUntil(time: number): Promise<void> {
    const ms = time - this.clock.now();
    return ms > 0 ? new Promise((resolve) => this.clock.setTimeout(resolve, ms)) : Promise.resolve();
  }

  /** The team and level a token is bound to, or UNAUTHORIZED. Tokens live in the database: they survive a restart. */
  async authenticate(token: string | undefined): Promise<Session> {
    if (!token || token.length > 200) throw new GameError('UNAUTHORIZED', 'A team token is required');
    const hash = hashToken(token);
    let session = this.sessions.get(hash);
    if (!session) {
      const found = await this.store.findTeamSession(hash);
      if (!found) throw new GameError('UNAUTHORIZED', 'Unknown or expired token');
      session = found;
      this.sessions.set(hash, session);
    }
    return session;
  }

  // ===================== guesses =====================

  /** Accepts a guess after the rules allow it, commits it, and schedules its disclosure at readyAt. */
  async submit(session: Session, x: unknown, source: GuessSource, origin?: Origin): Promise<GuessView> {
    const guess = await this.serial(`level:${session.levelId}`, async () => {
      const room = await this.room(session.levelId);
      const now = this.clock.now();
      const teamGuesses = room.byTeam.get(session.teamId) ?? [];
      const checked = submitGuess({ level: room.level, teamGuesses, x, now });
      if (!checked.ok) throw new GameError(checked.code, checked.message);
      const fx = room.fn.f(checked.value.x);
      const grad = room.fn.grad(checked.value.x);
      if (!Number.isFinite(fx) || grad.some((g) => !Number.isFinite(g))) throw new GameError('INVALID_X', 'f is not defined at this x');
      // The guess counts from here (a second one from the team is GUESS_PENDING); it is answered once committed.
      const { guess: stored, committed } = await this.store.insertGuess({ teamId: session.teamId, levelId: session.levelId, ...checked.value, fx, grad, source });
      room.guesses.push(stored);
      room.ids.add(stored.id);
      room.byTeam.set(session.teamId, [...teamGuesses, stored]);
      return { stored, room, committed };
    });
    const { stored, room } = guess;
    try {
      await guess.committed;
    } catch (err) {
      // Not on disk (the disk is full or read-only): the guess never happened.
      room.guesses = room.guesses.filter((g) => g.id !== stored.id);
      room.ids.delete(stored.id);
      room.byTeam.set(session.teamId, (room.byTeam.get(session.teamId) ?? []).filter((g) => g.id !== stored.id));
      throw err;
    }
    this.scheduleReady(stored);
    const view = guessView(stored, room.level.dims, this.clock.now());
    // The device that sent the guess has it in its answer; the team's other devices hear of it here.
    this.broadcaster.team(session.teamId, session.levelId, { type: 'accepted', ...view }, origin);
    this.broadcaster.admin({ type: 'guess', guess: adminGuess(stored, room.level.dims) });
    if (!room.game.showFeedValues) this.markDirty(room, this.feedItem(room, stored, false));
    else this.markDirty(room);
    return view;
  }

  private feedItem(room: Room, guess: StoredGuess, withValues: boolean): FeedItem {
    const team = room.teams.find((t) => t.id === guess.teamId);
    return {
      teamId: guess.teamId,
      number: team?.number ?? 0,
      name: team?.name ?? '',
      at: new Date(withValues ? guess.readyAt : guess.submittedAt).toISOString(),
      ...(withValues ? { x: point(guess.x, room.level.dims), fx: guess.fx } : {}),
    };
  }

  /** Guesses stored outside `submit` (a restored backup): their results are pushed at readyAt like any other. */
  watch(guesses: readonly StoredGuess[]): void {
    const now = this.clock.now();
    for (const guess of guesses) if (guess.readyAt > now) this.scheduleReady(guess);
  }

  private scheduleReady(guess: StoredGuess): void {
    if (this.closed) return;
    const delay = guess.readyAt - this.clock.now();
    const fire = () => {
      // Timers may fire a millisecond early against the wall clock: never disclose before readyAt.
      if (this.clock.now() < guess.readyAt) {
        this.readyTimers.set(guess.id, this.clock.setTimeout(fire, guess.readyAt - this.clock.now()));
        return;
      }
      this.readyTimers.delete(guess.id);
      void this.deliver(guess).catch(() => undefined);
    };
    this.readyTimers.set(guess.id, this.clock.setTimeout(fire, Math.max(0, delay)));
  }

  private async deliver(guess: StoredGuess): Promise<void> {
    const room = await this.room(guess.levelId);
    // The guess may have been reset away meanwhile.
    if (!room.ids.has(guess.id)) return;
    this.broadcaster.team(guess.teamId, guess.levelId, { type: 'ready', ...guessView(guess, room.level.dims, this.clock.now()) });
    this.markDirty(room, room.game.showFeedValues ? this.feedItem(room, guess, true) : undefined);
  }

  /** The team's guesses in its level. */
  async guesses(session: Session): Promise<GuessView[]> {
    const room = await this.room(session.levelId);
    const now = this.clock.now();
    return (room.byTeam.get(session.teamId) ?? []).map((g) => guessView(g, room.level.dims, now));
  }

  /** One guess; with `wait`, held until it is ready (at most 60 s). */
  async guess(session: Session, id: number, wait: boolean): Promise<GuessView> {
    const room = await this.room(session.levelId);
    const found = (room.byTeam.get(session.teamId) ?? []).find((g) => g.id === id);
    if (!found) throw new GameError('NOT_FOUND', 'No such guess of this team in this level');
    if (wait && !isReady(found, this.clock.now())) {
      await this.sleepUntil(Math.min(found.readyAt, this.clock.now() + MAX_WAIT_MS));
      // Timers can be a millisecond early: never answer ready before readyAt.
      while (this.clock.now() < found.readyAt && found.readyAt - this.clock.now() < 5) await this.sleepUntil(found.readyAt);
    }
    return guessView(found, room.level.dims, this.clock.now());
  }

  /** Everything a team's page needs: GET /api/me and the socket's `state` message. */
  async me(session: Session): Promise<MeResponse> {
    const room = await this.room(session.levelId);
    const team = room.teams.find((t) => t.id === session.teamId) ?? (await this.store.getTeam(session.teamId));
    if (!team) throw new GameError('UNAUTHORIZED', 'This team no longer exists');
    const now = this.clock.now();
    const mine = room.byTeam.get(session.teamId) ?? [];
    const guesses = mine.map((g) => guessView(g, room.level.dims, now));
    const ready = guesses.filter((g) => g.status === 'ready');
    const best = ready.reduce<GuessView | null>((b, g) => (b === null || (g.fx ?? Infinity) < (b.fx ?? Infinity) ? g : b), null);
    const showBoard = room.game.showLeaderboard || isSettled(room.level);
    const standings = showBoard ? this.standings(room) : null;
    const response: MeResponse = {
      team: { id: team.id, number: team.number, name: team.name },
      level: publicLevel(room.level),
      guesses,
      best,
      remaining: room.level.budget === null ? null : Math.max(0, room.level.budget - mine.length),
      requirePin: room.game.requirePin,
    };
    if (standings) {
      response.leaderboard = leaderboardView(standings, room.level, 'public');
      response.rank = standings.find((s) => s.teamId === team.id)?.rank;
    }
    if (room.level.status === 'revealed') response.reveal = await this.reveal(room);
    return response;
  }

  // ===================== standings and the board =====================

  private standings(room: Room): Standing[] {
    return rankLevel(room.teams, room.guesses, { fStar: room.level.fStar, median: room.level.median }, this.clock.now());
  }

  /** Batches leaderboard changes: one update per level per 200 ms, whatever the number of guesses. */
  private markDirty(room: Room, item?: FeedItem): void {
    const items = this.dirty.get(room.level.id) ?? [];
    if (item) {
      items.push(item);
      room.feed.unshift(item);
      room.feed.length = Math.min(room.feed.length, FEED_LENGTH);
    }
    this.dirty.set(room.level.id, items);
    if (this.closed) return;
    if (!this.batchTimer) this.batchTimer = this.clock.setTimeout(() => void this.flush(), BATCH_MS);
    const levelId = room.level.id;
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
          void this.pushTeamLeaderboard(levelId);
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
    const room = await this.room(levelId).catch(() => null);
    if (!room) return;
    const settled = isSettled(room.level);
    if (!room.game.showLeaderboard && !settled) return;
    const leaderboard = leaderboardView(this.standings(room), room.level, 'public');
    const onTop = (row: LeaderboardEntry, previousRank: number | undefined) => settled || row.rank <= TOP_ROWS || (previousRank ?? Infinity) <= TOP_ROWS;
    const { changed, all } = this.changedRows(`team:${levelId}`, leaderboard, onTop);
    if (changed.length > 0) this.broadcaster.level(levelId, { type: 'leaderboard', levelId, leaderboard: changed, partial: true });
    if (!settled) {
      const shown = new Set(changed.map((row) => row.teamId));
      const own = all.filter((row) => !shown.has(row.teamId));
      if (own.length) this.broadcaster.teams(levelId, own.map((row) => ({ teamId: row.teamId, message: { type: 'leaderboard', levelId, leaderboard: [row], partial: true } })));
    }
  }

  private async flush(): Promise<void> {
    this.batchTimer = null;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const [levelId, feed] of batch) {
      const room = await this.room(levelId).catch(() => null);
      if (!room) continue;
      if (room.game.active) {
        const standings = this.standings(room);
        const leaderboard = leaderboardView(standings, room.level, 'public');
        // The board shows the top of the table while a level runs, and all of it once the level is settled.
        const settled = isSettled(room.level);
        const onTop = (row: LeaderboardEntry, previousRank: number | undefined) => settled || row.rank <= TOP_ROWS || (previousRank ?? Infinity) <= TOP_ROWS;
        const overall = await this.overall(room.game.id);
        this.broadcaster.board({
          type: 'update',
          levelId,
          leaderboard: this.changedRows(`level:${levelId}`, leaderboard, onTop).changed,
          playing: standings.filter((s) => s.guesses > 0).length,
          overall: this.changedRows(`overall:${room.game.id}`, overall).changed,
          // The board keeps a few dozen items and shows fewer: a burst of hundreds in 200 ms sends only the newest.
          feed: feed.slice(-FEED_LENGTH),
        });
      }
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
    const last = this.boardRows.get(key) ?? new Map<number, { json: string; rank: number }>();
    const all = rows.filter((row) => last.get(row.teamId)?.json !== JSON.stringify(row));
    const changed = all.filter((row) => keep(row, last.get(row.teamId)?.rank));
    this.boardRows.set(key, new Map(rows.map((row) => [row.teamId, { json: JSON.stringify(row), rank: row.rank }])));
    return { changed, all };
  }

  private async overall(gameId: number) {
    const [teams, levels] = await Promise.all([this.store.teamsOf(gameId), this.store.levelsOf(gameId)]);
    const settled = [];
    for (const level of levels.filter(isSettled)) {
      const room = await this.room(level.id);
      settled.push({ levelId: level.id, standings: this.standings(room) });
    }
    return overallView(rankOverall(teams, settled));
  }

  /** The level the board shows: the instructor's pick, else the level opened last. */
  private boardLevel(game: GameRecord, levels: LevelRecord[]): LevelRecord | null {
    const picked = game.boardLevelId === null ? undefined : levels.find((l) => l.id === game.boardLevelId);
    if (picked) return picked;
    const started = levels.filter((l) => l.openedAt !== null).sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    return started[0] ?? null;
  }

  /** GET /api/board and the board socket's snapshot. */
  async board(): Promise<BoardSnapshot> {
    const game = await this.store.activeGame();
    if (!game) return { game: null, levels: [], current: null, overall: [], feed: [], finished: false };
    const [levels, teams] = await Promise.all([this.store.levelsOf(game.id), this.store.teamsOf(game.id)]);
    const current = this.boardLevel(game, levels);
    let currentView: BoardSnapshot['current'] = null;
    let feed: FeedItem[] = [];
    if (current) {
      const room = await this.room(current.id);
      const standings = this.standings(room);
      feed = room.feed;
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
      finished: levels.length > 0 && levels.every(isSettled),
    };
  }

  private async pushBoard(gameId: number): Promise<void> {
    const game = await this.store.getGame(gameId);
    if (game?.active) this.broadcaster.board({ type: 'board', board: await this.board() });
  }

  /** What becomes public at reveal: the function, its samples, every team's path and the reference paths. */
  private async reveal(room: Room): Promise<Reveal> {
    if (room.reveal) return room.reveal;
    const now = this.clock.now();
    const dims = room.level.dims;
    const runs = await this.store.referenceRuns(room.level.id);
    const reveal: Reveal = {
      expression: room.level.expression,
      fStar: room.level.fStar,
      argmin: point(room.level.argmin, dims),
      median: room.level.median,
      samples: sampleCurve(room.fn, room.level.domain),
      paths: room.teams
        .filter((t) => room.byTeam.has(t.id))
        .map((t) => ({
          teamId: t.id,
          number: t.number,
          name: t.name,
          path: (room.byTeam.get(t.id) ?? []).filter((g) => isReady(g, now)).map((g) => ({ x: point(g.x, dims), fx: g.fx })),
        })),
      reference: runs.map((r) => referencePath(r, dims)),
    };
    room.reveal = reveal;
    return reveal;
  }

  // ===================== admin: auth =====================

  /** Sets the admin password from the configuration, or generates one on first start (returned to be printed once). */
  async initAdminPassword(configured: string | undefined): Promise<{ generated: string | null }> {
    if (configured) {
      const stored = await this.store.getSetting('adminPasswordHash');
      if (!stored || !verifyPassword(configured, stored)) {
        // A new password signs everyone out: a token handed out under the old one (leaked, a shared laptop) ends.
        await this.store.setSetting('adminPasswordHash', hashPassword(configured));
        await this.store.deleteAllAdminSessions();
      }
      return { generated: null };
    }
    if (await this.store.getSetting('adminPasswordHash')) return { generated: null };
    const generated = memorablePassword();
    await this.store.setSetting('adminPasswordHash', hashPassword(generated));
    return { generated };
  }

  /** Admin sign-in: a wrong password is slowed (1 s) and counted like a failed team login. */
  async adminLogin(password: string, address: string): Promise<string> {
    const started = this.clock.now();
    const outcome = await this.serial('login', async () => {
      const now = this.clock.now();
      const limit = this.limiter.check(address, now);
      if (limit.blocked) return 'limited' as const;
      const stored = await this.store.getSetting('adminPasswordHash');
      const ok = stored !== null && verifyPassword(password, stored);
      if (!ok) this.limiter.fail(address, now);
      return ok ? ('ok' as const) : ('bad' as const);
    });
    if (outcome === 'limited') throw new GameError('RATE_LIMITED', 'Too many failed sign-ins from this address; try again in a minute');
    if (outcome === 'bad') {
      await this.sleepUntil(started + 1000);
      throw new GameError('UNAUTHORIZED', 'Wrong admin password');
    }
    const token = newToken();
    await this.store.createAdminSession(hashToken(token), this.clock.now() + ADMIN_SESSION_MS);
    return token;
  }

  async authenticateAdmin(token: string | undefined): Promise<void> {
    if (!token || token.length > 200) throw new GameError('UNAUTHORIZED', 'An admin token is required');
    const session = await this.store.findAdminSession(hashToken(token));
    if (!session || session.expiresAt < this.clock.now()) throw new GameError('UNAUTHORIZED', 'Unknown or expired admin token');
  }

  async adminLogout(token: string): Promise<void> {
    await this.store.deleteAdminSession(hashToken(token));
  }

  // ===================== admin: games =====================

  private async requireGame(id: number): Promise<GameRecord> {
    const game = await this.store.getGame(id);
    if (!game) throw new GameError('NOT_FOUND', 'No such game');
    return game;
  }

  async updateGame(id: number, patch: Partial<Pick<GameRecord, 'title' | 'loginDelayMs' | 'requirePin' | 'showLeaderboard' | 'showFeedValues' | 'boardLevelId'>>): Promise<GameRecord> {
    await this.requireGame(id);
    const game = await this.store.updateGame(id, patch);
    await this.invalidateGame(id);
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(id);
    return game;
  }

  async activateGame(id: number): Promise<void> {
    await this.requireGame(id);
    await this.store.activateGame(id);
    this.rooms.clear();
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(id);
  }

  async deleteGame(id: number): Promise<void> {
    const game = await this.requireGame(id);
    for (const level of await this.store.levelsOf(id)) this.forgetLevel(level.id);
    await this.store.deleteGame(id);
    this.broadcaster.admin({ type: 'games' });
    if (game.active) this.broadcaster.board({ type: 'board', board: await this.board() });
  }

  /** A copy of the game for next term: settings, levels (as drafts, new passwords) and teams; no guesses. */
  async duplicateGame(id: number): Promise<GameRecord> {
    const game = await this.requireGame(id);
    const copy = await this.store.createGame({
      title: `${game.title} (copy)`,
      loginDelayMs: game.loginDelayMs,
      requirePin: game.requirePin,
      showLeaderboard: game.showLeaderboard,
      showFeedValues: game.showFeedValues,
    });
    for (const level of await this.store.levelsOf(id)) {
      await this.store.createLevel({ ...level, gameId: copy.id, password: level.password });
    }
    const teams = await this.store.teamsOf(id);
    if (teams.length) await this.store.createTeams(copy.id, teams.map((t) => ({ number: t.number, name: t.name, pin: t.pin })));
    this.broadcaster.admin({ type: 'games' });
    return copy;
  }

  // ===================== admin: levels =====================

  /** Validates a level definition and computes f*, argmin and the median (refusing a bad expression or domain). */
  prepareLevel(input: { expression: string; domain: unknown; start?: number | number[] }): { dims: 1 | 2; domain: [number, number][]; fn: LevelFunction; fStar: number; argmin: number[]; median: number; start: number[] } {
    const dims = Array.isArray(input.domain) && input.domain.length === 2 ? 2 : 1;
    const domain = checkDomain(input.domain, dims);
    const fn = compileLevelFunction(input.expression, dims);
    checkFiniteOverDomain(fn, domain);
    const { fStar, argmin, median } = analyseLevel(fn, domain);
    let start: number[];
    if (input.start === undefined) start = domain.map(([lo, hi]) => lo + 0.1 * (hi - lo));
    else {
      start = typeof input.start === 'number' ? [input.start] : input.start;
      if (start.length !== dims || start.some((v) => !Number.isFinite(v))) throw new GameError('INVALID_BODY', `start must have ${dims} finite coordinate(s)`);
    }
    return { dims, domain, fn, fStar, argmin, median, start };
  }

  private async uniquePassword(gameId: number, wanted: string | undefined, exceptLevelId?: number): Promise<string> {
    const taken = new Set((await this.store.levelsOf(gameId)).filter((l) => l.id !== exceptLevelId).map((l) => normalisePassword(l.password)));
    if (wanted !== undefined) {
      const password = wanted.trim();
      if (!password) throw new GameError('INVALID_BODY', 'The password cannot be blank');
      if (taken.has(normalisePassword(password))) throw new GameError('DUPLICATE', 'Another level of this game has that password');
      return password;
    }
    let password = memorablePassword();
    while (taken.has(password)) password = memorablePassword();
    return password;
  }

  async createLevel(gameId: number, body: import('../../shared/protocol.ts').LevelBody): Promise<LevelRecord> {
    await this.requireGame(gameId);
    const prepared = this.prepareLevel(body);
    const password = await this.uniquePassword(gameId, body.password);
    const existing = await this.store.levelsOf(gameId);
    const level = await this.store.createLevel({
      gameId,
      index: existing.length === 0 ? 0 : Math.max(...existing.map((l) => l.index)) + 1,
      title: body.title,
      expression: body.expression.trim(),
      dims: prepared.dims,
      domain: prepared.domain,
      delayMs: body.delayMs ?? 10_000,
      budget: body.budget === undefined ? 20 : body.budget,
      timeLimitMs: body.timeLimitMs ?? null,
      password,
      start: prepared.start,
      fStar: prepared.fStar,
      argmin: prepared.argmin,
      median: prepared.median,
    });
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(gameId);
    return level;
  }

  async requireLevel(id: number): Promise<LevelRecord> {
    const level = await this.store.getLevel(id);
    if (!level) throw new GameError('NOT_FOUND', 'No such level');
    return level;
  }

  /** Edits a level: its definition only while a draft; title, order, password visibility at any time. */
  async updateLevel(id: number, patch: import('../../shared/protocol.ts').LevelPatch): Promise<LevelRecord> {
    return this.serial(`level:${id}`, async () => {
      const level = await this.requireLevel(id);
      const data: Record<string, unknown> = {};
      const definition = ['expression', 'domain', 'start', 'delayMs', 'budget', 'timeLimitMs'] as const;
      if (definition.some((k) => patch[k] !== undefined) && level.status !== 'draft') {
        throw new GameError('INVALID_TRANSITION', 'Only a draft level can change its function, domain, delay, budget or time limit; reset it first');
      }
      if (patch.expression !== undefined || patch.domain !== undefined || patch.start !== undefined) {
        const domainChanged = patch.domain !== undefined;
        const prepared = this.prepareLevel({
          expression: patch.expression ?? level.expression,
          domain: patch.domain ?? level.domain,
          start: patch.start ?? (domainChanged ? undefined : level.start),
        });
        Object.assign(data, {
          expression: (patch.expression ?? level.expression).trim(),
          dims: prepared.dims,
          domain: JSON.stringify(prepared.domain),
          start: JSON.stringify(prepared.start),
          fStar: prepared.fStar,
          argmin: JSON.stringify(prepared.argmin),
          fMedian: prepared.median,
        });
      }
      if (patch.title !== undefined) data.title = patch.title;
      if (patch.delayMs !== undefined) data.delayMs = patch.delayMs;
      if (patch.budget !== undefined) data.budget = patch.budget;
      if (patch.timeLimitMs !== undefined) data.timeLimitMs = patch.timeLimitMs;
      if (patch.showPassword !== undefined) data.showPassword = patch.showPassword;
      if (patch.password !== undefined) data.password = await this.uniquePassword(level.gameId, patch.password, id);
      if (patch.index !== undefined) await this.reorder(level, patch.index);
      const updated = Object.keys(data).length ? await this.store.updateLevel(id, data) : await this.requireLevel(id);
      this.rooms.delete(id);
      this.afterLevelChange(updated);
      return updated;
    });
  }

  /** Moves a level to position `index` among its game's levels, renumbering the others. */
  private async reorder(level: LevelRecord, index: number): Promise<void> {
    const levels = (await this.store.levelsOf(level.gameId)).filter((l) => l.id !== level.id);
    levels.splice(Math.min(index, levels.length), 0, level);
    for (const [i, l] of levels.entries()) if (l.index !== i) await this.store.updateLevel(l.id, { index: i });
    await this.invalidateGame(level.gameId);
  }

  async deleteLevel(id: number): Promise<void> {
    await this.serial(`level:${id}`, async () => {
      const level = await this.requireLevel(id);
      this.forgetLevel(id);
      await this.store.deleteLevel(id);
      this.broadcaster.admin({ type: 'games' });
      await this.pushBoard(level.gameId);
    });
  }

  private forgetLevel(id: number): void {
    this.rooms.delete(id);
    const t = this.closeTimers.get(id);
    if (t) this.clock.clearTimeout(t);
    this.closeTimers.delete(id);
    for (const [hash, s] of this.sessions) if (s.levelId === id) this.sessions.delete(hash);
  }

  /** Runs the round: open, pause, resume, close, reveal, reset (optionally one team's guesses), extend. */
  async act(id: number, action: LevelAction, options: { teamId?: number; extendMs?: number } = {}): Promise<LevelRecord> {
    const level = await this.serial(`level:${id}`, async () => {
      const current = await this.requireLevel(id);
      const now = this.clock.now();
      if (action === 'reset' && options.teamId !== undefined) {
        await this.store.deleteGuesses(id, options.teamId);
        await this.store.replaceReferenceRuns(id, [], true);
        this.rooms.delete(id);
        return current;
      }
      const next = transition(current, action, now, options.extendMs ?? 0);
      if (!next.ok) throw new GameError(next.code, next.message);
      if (action === 'reset') {
        await this.store.deleteGuesses(id);
        await this.store.deleteReferenceRuns(id);
      }
      if (action === 'reveal') {
        const room = await this.room(id);
        await this.ensureReference(room);
      }
      const saved = await this.store.saveLevelState(next.value);
      this.rooms.delete(id);
      return saved;
    });
    this.scheduleClose(level);
    this.afterLevelChange(level);
    return level;
  }

  /** Reference runs exist once a level is revealed: the defaults are computed then if the instructor ran none. */
  private async ensureReference(room: Room): Promise<void> {
    if (!this.reference) return;
    const existing = await this.store.referenceRuns(room.level.id);
    const withTeams = new Set(existing.map((r) => r.teamId));
    const firstGuesses = room.teams
      .filter((t) => (room.byTeam.get(t.id)?.length ?? 0) > 0 && !withTeams.has(t.id))
      .map((t) => ({ teamId: t.id, x: room.byTeam.get(t.id)![0].x, count: room.byTeam.get(t.id)!.length }));
    if (existing.some((r) => r.teamId === null) && firstGuesses.length === 0) return;
    const runs = await this.reference.defaultRuns(room.level, room.fn, firstGuesses);
    const keep = existing.filter((r) => r.teamId !== null || !runs.some((n) => n.teamId === null));
    await this.store.replaceReferenceRuns(room.level.id, [...keep, ...runs]);
  }

  private scheduleClose(level: LevelRecord): void {
    const old = this.closeTimers.get(level.id);
    if (old) this.clock.clearTimeout(old);
    this.closeTimers.delete(level.id);
    if (this.closed || level.status !== 'open' || level.closesAt === null) return;
    const fire = () => {
      if (this.clock.now() < level.closesAt!) {
        this.closeTimers.set(level.id, this.clock.setTimeout(fire, level.closesAt! - this.clock.now()));
        return;
      }
      this.closeTimers.delete(level.id);
      void this.expire(level.id).catch(() => undefined);
    };
    this.closeTimers.set(level.id, this.clock.setTimeout(fire, Math.max(0, level.closesAt - this.clock.now())));
  }

  /** The time limit ran out: the level closes by itself, at the moment its limit ended. */
  private async expire(id: number): Promise<void> {
    const level = await this.serial(`level:${id}`, async () => {
      const current = await this.requireLevel(id);
      if (!isExpired(current, this.clock.now())) return null;
      const closed = transition(current, 'close', current.closesAt!);
      if (!closed.ok) return null;
      const saved = await this.store.saveLevelState(closed.value);
      this.rooms.delete(id);
      return saved;
    });
    if (level) this.afterLevelChange(level);
  }

  private afterLevelChange(level: LevelRecord): void {
    this.broadcaster.level(level.id, { type: 'level', level: publicLevel(level) });
    this.broadcaster.admin({ type: 'level', level: adminLevel(level) });
    if (level.status === 'revealed') {
      void this.room(level.id)
        .then((room) => this.reveal(room))
        .then((reveal) => this.broadcaster.level(level.id, { type: 'reveal', levelId: level.id, reveal }))
        .catch(() => undefined);
    }
    void this.room(level.id)
      .then((room) => this.markDirty(room))
      .catch(() => undefined);
    void this.pushBoard(level.gameId).catch(() => undefined);
  }

  // ===================== admin: teams =====================

  async createTeams(gameId: number, body: import('../../shared/protocol.ts').TeamsBody): Promise<TeamRecord[]> {
    const game = await this.requireGame(gameId);
    const existing = await this.store.teamsOf(gameId);
    const used = new Set(existing.map((t) => t.number));
    let teams: { number: number; name: string; pin: string | null }[];
    if ('count' in body) {
      let next = existing.length ? Math.max(...existing.map((t) => t.number)) + 1 : 1;
      teams = Array.from({ length: body.count }, () => {
        const number = next++;
        return { number, name: `Team ${number}`, pin: body.pins || game.requirePin ? newPin() : null };
      });
    } else {
      const numbers = body.teams.map((t) => t.number);
      if (new Set(numbers).size !== numbers.length || numbers.some((n) => used.has(n))) throw new GameError('DUPLICATE', 'Team numbers must be unique in a game');
      teams = body.teams.map((t) => ({ number: t.number, name: t.name ?? `Team ${t.number}`, pin: t.pin ?? (game.requirePin ? newPin() : null) }));
    }
    const created = await this.store.createTeams(gameId, teams);
    await this.invalidateGame(gameId);
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(gameId);
    return created;
  }

  async updateTeam(id: number, patch: import('../../shared/protocol.ts').TeamPatch): Promise<TeamRecord> {
    const team = await this.store.getTeam(id);
    if (!team) throw new GameError('NOT_FOUND', 'No such team');
    if (patch.number !== undefined && patch.number !== team.number && (await this.store.findTeam(team.gameId, patch.number))) {
      throw new GameError('DUPLICATE', 'Another team of this game has that number');
    }
    const updated = await this.store.updateTeam(id, patch);
    await this.invalidateGame(team.gameId);
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(team.gameId);
    return updated;
  }

  async deleteTeam(id: number): Promise<void> {
    const team = await this.store.getTeam(id);
    if (!team) throw new GameError('NOT_FOUND', 'No such team');
    await this.store.deleteTeam(id);
    for (const [hash, s] of this.sessions) if (s.teamId === id) this.sessions.delete(hash);
    await this.invalidateGame(team.gameId);
    this.broadcaster.admin({ type: 'games' });
    await this.pushBoard(team.gameId);
  }

  // ===================== admin: monitor =====================

  async adminGuesses(levelId: number): Promise<AdminGuess[]> {
    const room = await this.room(levelId);
    return room.guesses.map((g) => adminGuess(g, room.level.dims));
  }

  async monitor(levelId: number): Promise<{ level: AdminLevel; leaderboard: LeaderboardEntry[]; devices: Record<string, number> }> {
    const room = await this.room(levelId);
    const devices: Record<string, number> = {};
    for (const t of room.teams) devices[String(t.id)] = this.devices.get(t.id) ?? 0;
    return { level: adminLevel(room.level), leaderboard: leaderboardView(this.standings(room), room.level, 'admin'), devices };
  }

  /** The function and its reveal data for an admin view (the admin may see them at any time). */
  async levelFunction(levelId: number): Promise<{ room: { level: LevelRecord; fn: LevelFunction; teams: TeamRecord[]; byTeam: Map<number, StoredGuess[]> } }> {
    return { room: await this.room(levelId) };
  }

  /** Stores reference runs the instructor ran, replacing earlier ones of the same kind, and refreshes the reveal. */
  async saveReference(levelId: number, runs: Omit<ReferenceRecord, 'id' | 'levelId'>[]): Promise<void> {
    await this.serial(`level:${levelId}`, async () => {
      await this.store.replaceReferenceRuns(levelId, runs);
      this.rooms.delete(levelId);
    });
    const level = await this.requireLevel(levelId);
    if (level.status === 'revealed') this.afterLevelChange(level);
  }

  /** Devices connected changed (realtime adapters call this). */
  presence(teamId: number, gameId: number, delta: number): void {
    this.devices.set(teamId, Math.max(0, (this.devices.get(teamId) ?? 0) + delta));
    const devices: Record<string, number> = {};
    for (const [id, n] of this.devices) devices[String(id)] = n;
    this.broadcaster.admin({ type: 'presence', gameId, devices });
  }

  /** Exposes the public level of a session (used by realtime adapters on connect). */
  async sessionLevel(session: Session): Promise<{ level: PublicLevel; gameId: number }> {
    const room = await this.room(session.levelId);
    return { level: publicLevel(room.level), gameId: room.level.gameId };
  }
}
