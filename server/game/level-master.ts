/**
 * The level master: every guess of every level goes through here. It applies the pure rules to the level's room,
 * stores the guess, and announces its result at readyAt; it runs each level's lifecycle (open, pause, close,
 * reveal, reset, time limits). Work for one level is serialised.
 */
import { GameError } from '../../shared/errors.ts';
import { OPTIMIZERS, type GuessSource, type GuessView, type MeResponse } from '../../shared/protocol.ts';
import type { Store } from '../store/repo.ts';
import { teamReveal, type BoardView } from './board-view.ts';
import { sleepUntil, type Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { Logger, ReferenceRunner } from './ports.ts';
import { addGuess, firstGuesses, removeGuess, type Room, type Rooms } from './rooms.ts';
import { isExpired, isReady, isSettled, submitGuess, transition, type LevelAction } from './rules.ts';
import type { KeyedQueue } from './serial.ts';
import type { LevelRecord, Origin, Session, StoredGuess } from './types.ts';
import { guessView, leaderboardView, publicLevel } from './views.ts';

const REFUSALS = {
  GUESS_PENDING: 'Wait for the result of your previous guess',
  BUDGET_EXHAUSTED: 'All guesses of this level are used',
  LEVEL_NOT_OPEN: 'The level is not open',
} as const;

/** The longest a `?wait=1` request is held. */
const MAX_WAIT_MS = 60_000;
/**
 * With several instances, a result no instance announced within this long after its readyAt (the one that took it
 * died) is claimed by another; they look this often. Together well under the second a team may wait.
 */
const OVERDUE_AFTER_MS = 300;
const SWEEP_EVERY_MS = 250;

export class LevelMaster {
  /** Results waiting for their readyAt, by guess id. */
  private readonly readyTimers = new Map<number, { handle: unknown; levelId: number; teamId: number }>();
  private readonly closeTimers = new Map<number, unknown>();
  private sweepTimer: unknown = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly board: BoardView,
    private readonly reference: ReferenceRunner,
    private readonly events: EventBus,
    private readonly queue: KeyedQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    events.on((event) => {
      if (event.type === 'level') this.scheduleClose(event.level);
      // A closed level is revealed next: TensorFlow.js loads now (seconds on the CPU) rather than at the reveal.
      if (event.type === 'level' && event.level.status === 'closed') {
        this.reference.warm().catch((err: unknown) => this.log.error({ err }, 'loading TensorFlow.js failed'));
      }
      if (event.type === 'level-deleted') this.clearClose(event.levelId);
    });
  }

  /** After a (re)start: close levels whose time ran out, watch the others, deliver pending guesses at readyAt. */
  async start(): Promise<void> {
    const now = this.clock.now();
    for (const level of await this.store.timedOpenLevels()) {
      if (isExpired(level, now)) await this.expire(level.id);
      else this.scheduleClose(level);
    }
    this.watch(await this.store.pendingGuesses(now));
    if (this.store.engine === 'postgresql') this.sweep();
  }

  /**
   * Several instances share the database: results that no instance announced (the one that took the guess died) are
   * claimed from the due-results queue and announced here. Each result is claimed once, by one instance.
   */
  private sweep(): void {
    if (this.stopped) return;
    this.sweepTimer = this.clock.setTimeout(() => {
      this.store
        .claimOverdue(this.clock.now(), OVERDUE_AFTER_MS, 200)
        .then((due) => {
          for (const guess of due) {
            this.forgetTimer(guess.id);
            this.events.emit({ type: 'ready', guess });
          }
        })
        .catch((err: unknown) => this.log.error({ err }, 'claiming overdue results failed'))
        .finally(() => this.sweep());
    }, SWEEP_EVERY_MS);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.readyTimers.values()) this.clock.clearTimeout(t.handle);
    for (const t of this.closeTimers.values()) this.clock.clearTimeout(t);
    if (this.sweepTimer !== null) this.clock.clearTimeout(this.sweepTimer);
    this.readyTimers.clear();
    this.closeTimers.clear();
  }

  // ----- guesses -----

  /** Accepts a guess the rules allow, stores it, and schedules its result for readyAt. */
  async submit(session: Session, x: unknown, source: GuessSource, origin?: Origin): Promise<GuessView> {
    const { stored, room, committed } = await this.queue.run(`level:${session.levelId}`, async () => {
      const room = await this.rooms.get(session.levelId);
      const now = this.clock.now();
      const checked = submitGuess({ level: room.level, gameActive: room.game.active, teamGuesses: room.byTeam.get(session.teamId) ?? [], x, now });
      if (!checked.ok) throw new GameError(checked.code, checked.message);
      const { fx, grad } = room.fn.valueAndGrad(checked.value.x);
      if (!Number.isFinite(fx) || grad.some((g) => !Number.isFinite(g))) throw new GameError('INVALID_X', 'f is not defined at this x');
      // The guess counts from here (a second one from the team is GUESS_PENDING); it is answered once committed.
      const inserted = await this.store.insertGuess({ teamId: session.teamId, levelId: session.levelId, ...checked.value, fx, grad, source });
      if ('refused' in inserted) {
        // Another instance changed the level or took a guess of this team: this cache is behind; reload it.
        this.rooms.forget(session.levelId);
        throw new GameError(inserted.refused, REFUSALS[inserted.refused]);
      }
      addGuess(room, inserted.guess);
      return { stored: inserted.guess, room, committed: inserted.committed };
    });
    try {
      await committed;
    } catch (err) {
      // Not on disk (the disk is full or read-only): the guess never happened.
      removeGuess(room, stored);
      throw err;
    }
    this.scheduleReady(stored, origin);
    this.events.emit({ type: 'guess', guess: stored, origin });
    return guessView(stored, room.level.dims, this.clock.now());
  }

  /** Guesses stored outside `submit` (a restart, a restored backup): their results are announced at readyAt. */
  watch(guesses: readonly StoredGuess[]): void {
    const now = this.clock.now();
    for (const guess of guesses) if (guess.readyAt > now) this.scheduleReady(guess);
  }

  private scheduleReady(guess: StoredGuess, origin?: Origin): void {
    if (this.stopped) return;
    const wait = (ms: number) => this.readyTimers.set(guess.id, { handle: this.clock.setTimeout(fire, ms), levelId: guess.levelId, teamId: guess.teamId });
    const fire = () => {
      // Timers may fire a millisecond early against the wall clock: never disclose before readyAt.
      if (this.clock.now() < guess.readyAt) return void wait(guess.readyAt - this.clock.now());
      this.readyTimers.delete(guess.id);
      this.announce(guess, origin).catch((err: unknown) => this.log.error({ err, guessId: guess.id }, 'announcing a result failed'));
    };
    wait(Math.max(0, guess.readyAt - this.clock.now()));
  }

  /**
   * Announces a result that is due. With several instances the result is claimed first (every instance that knows
   * the guess, and the due-results queue, may try): only the one that gets it announces it.
   */
  private async announce(guess: StoredGuess, origin?: Origin): Promise<void> {
    if (this.store.engine === 'postgresql' && !(await this.store.claimDelivery(guess.id, this.clock.now()))) return;
    this.events.emit({ type: 'ready', guess, origin });
  }

  private forgetTimer(guessId: number): void {
    const t = this.readyTimers.get(guessId);
    if (t) this.clock.clearTimeout(t.handle);
    this.readyTimers.delete(guessId);
  }

  /** The team's guesses in its level. */
  async guesses(session: Session): Promise<GuessView[]> {
    const room = await this.rooms.get(session.levelId);
    const now = this.clock.now();
    return (room.byTeam.get(session.teamId) ?? []).map((g) => guessView(g, room.level.dims, now));
  }

  /** One guess; with `wait`, held until it is ready (at most 60 s). */
  async guess(session: Session, id: number, wait: boolean): Promise<GuessView> {
    const room = await this.rooms.get(session.levelId);
    const found = (room.byTeam.get(session.teamId) ?? []).find((g) => g.id === id);
    if (!found) throw new GameError('NOT_FOUND', 'No such guess of this team in this level');
    if (wait && !isReady(found, this.clock.now())) {
      await sleepUntil(this.clock, Math.min(found.readyAt, this.clock.now() + MAX_WAIT_MS));
      // Timers can be a millisecond early: never answer ready before readyAt.
      while (this.clock.now() < found.readyAt && found.readyAt - this.clock.now() < 5) await sleepUntil(this.clock, found.readyAt);
    }
    return guessView(found, room.level.dims, this.clock.now());
  }

  /** Everything a team's page needs: GET /api/me and the socket's `state` message. */
  async me(session: Session): Promise<MeResponse> {
    const room = await this.rooms.get(session.levelId);
    const team = room.teams.find((t) => t.id === session.teamId) ?? (await this.store.getTeam(session.teamId));
    if (!team) throw new GameError('UNAUTHORIZED', 'This team no longer exists');
    const now = this.clock.now();
    const mine = room.byTeam.get(session.teamId) ?? [];
    const guesses = mine.map((g) => guessView(g, room.level.dims, now));
    const ready = guesses.filter((g) => g.status === 'ready');
    const best = ready.reduce<GuessView | null>((b, g) => (b === null || (g.fx ?? Infinity) < (b.fx ?? Infinity) ? g : b), null);
    const standings = room.game.showLeaderboard || isSettled(room.level) ? this.rooms.standings(room) : null;
    const response: MeResponse = {
      // The team's devices see its code: another device of the team needs it to join.
      team: { id: team.id, number: team.number, name: team.name, ...(team.code ? { code: team.code } : {}) },
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
    if (room.level.status === 'revealed') response.reveal = teamReveal(await this.board.reveal(room), team.id);
    if (room.level.status === 'revealed' || (await this.board.anyRevealed(room.game.id))) response.overall = await this.board.overall(room.game.id);
    return response;
  }

  // ----- the round -----

  /**
   * Runs the round: open, pause, resume, close, reveal, reset (optionally one team's guesses), extend. Opening with
   * `closeOthers` first closes the game's other open or paused levels.
   */
  async act(id: number, action: LevelAction, options: { teamId?: number; extendMs?: number; closeOthers?: boolean } = {}): Promise<LevelRecord> {
    if (action === 'open' && options.closeOthers) {
      const level = await this.requireLevel(id);
      for (const other of await this.store.levelsOf(level.gameId)) {
        if (other.id !== id && (other.status === 'open' || other.status === 'paused')) await this.act(other.id, 'close');
      }
    }
    return this.queue.run(`level:${id}`, async () => {
      const current = await this.requireLevel(id);
      if (action === 'reset' && options.teamId !== undefined) {
        await this.store.deleteGuesses(id, options.teamId);
        await this.store.deleteReferenceRuns(id, { teamRunsOnly: true });
        this.forgetTimers(id, options.teamId);
        this.events.emit({ type: 'guesses-deleted', levelId: id, gameId: current.gameId, teamId: options.teamId });
        this.events.emit({ type: 'level', level: current });
        return current;
      }
      const next = transition(current, action, this.clock.now(), options.extendMs ?? 0);
      if (!next.ok) throw new GameError(next.code, next.message);
      if (action === 'reset') {
        await this.store.deleteGuesses(id);
        await this.store.deleteReferenceRuns(id);
        this.forgetTimers(id);
        this.events.emit({ type: 'guesses-deleted', levelId: id, gameId: current.gameId });
      }
      if (action === 'reveal') await this.ensureReference(await this.rooms.get(id));
      // Another instance may have moved the level since it was read: then this action does not apply.
      const saved = await this.store.moveLevelState(next.value, current.status);
      if (!saved) throw new GameError('INVALID_TRANSITION', `The level changed meanwhile; cannot ${action} it now`);
      this.events.emit({ type: 'level', level: saved });
      return saved;
    });
  }

  async requireLevel(id: number): Promise<LevelRecord> {
    const level = await this.store.getLevel(id);
    if (!level) throw new GameError('NOT_FOUND', 'No such level');
    return level;
  }

  /**
   * Reference runs exist once a level is revealed: the level's defaults fill in what the instructor did not run —
   * an optimizer from the level's start, or a team's comparison runs from its first guess.
   */
  private async ensureReference(room: Room): Promise<void> {
    const existing = await this.store.referenceRuns(room.level.id);
    const kind = (r: { optimizer: string; variant: string | null }) => `${r.optimizer}:${r.variant ?? ''}`;
    const fromStart = new Set(existing.filter((r) => r.teamId === null).map(kind));
    const withRuns = new Set(existing.map((r) => r.teamId));
    const teams = firstGuesses(room).filter((t) => !withRuns.has(t.teamId));
    if (OPTIMIZERS.every((o) => fromStart.has(`${o}:`)) && teams.length === 0) return;
    const runs = await this.reference.defaultRuns(room.level, teams);
    // The runs there stay as they are; only the missing ones are stored, after them.
    await this.store.addReferenceRuns(room.level.id, runs.filter((r) => r.teamId !== null || !fromStart.has(kind(r))));
  }

  /** Results of deleted guesses are never announced (the publisher's room check is the second guard). */
  private forgetTimers(levelId: number, teamId?: number): void {
    for (const [id, t] of this.readyTimers) {
      if (t.levelId !== levelId || (teamId !== undefined && t.teamId !== teamId)) continue;
      this.clock.clearTimeout(t.handle);
      this.readyTimers.delete(id);
    }
  }

  private clearClose(levelId: number): void {
    const old = this.closeTimers.get(levelId);
    if (old !== undefined) this.clock.clearTimeout(old);
    this.closeTimers.delete(levelId);
  }

  private scheduleClose(level: LevelRecord): void {
    this.clearClose(level.id);
    if (this.stopped || level.status !== 'open' || level.closesAt === null) return;
    const closesAt = level.closesAt;
    const fire = () => {
      if (this.clock.now() < closesAt) {
        this.closeTimers.set(level.id, this.clock.setTimeout(fire, closesAt - this.clock.now()));
        return;
      }
      this.closeTimers.delete(level.id);
      this.expire(level.id).catch((err: unknown) => this.log.error({ err, levelId: level.id }, 'closing a level at its time limit failed'));
    };
    this.closeTimers.set(level.id, this.clock.setTimeout(fire, Math.max(0, closesAt - this.clock.now())));
  }

  /** The time limit ran out: the level closes by itself, at the moment its limit ended. */
  private async expire(id: number): Promise<void> {
    await this.queue.run(`level:${id}`, async () => {
      const current = await this.store.getLevel(id);
      if (!current || !isExpired(current, this.clock.now())) return;
      const closed = transition(current, 'close', current.closesAt!);
      if (!closed.ok) return;
      // Every instance watches the time limit; the one that moves the level announces it.
      const saved = await this.store.moveLevelState(closed.value, current.status);
      if (saved) this.events.emit({ type: 'level', level: saved });
    });
  }
}
