/**
 * The live state of levels in memory: a level, its game, teams and guesses, loaded from the store on first use
 * and kept current by the game's events (this instance's and the other instances'). Every team's page, the board
 * and the leaderboard read rooms, so a guess costs one write and no reads.
 */
import { GameError } from '../../shared/errors.ts';
import { compileLevelFunction, type LevelFunction } from '../math/expression.ts';
import type { Store } from '../store/repo.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { Logger } from './ports.ts';
import { rankLevel, type Standing } from './scoring.ts';
import type { GameRecord, LevelRecord, StoredGuess, TeamRecord } from './types.ts';

export interface Room {
  level: LevelRecord;
  fn: LevelFunction;
  game: GameRecord;
  teams: TeamRecord[];
  guesses: StoredGuess[];
  /** The ids of `guesses`: a result due at readyAt checks it is still there without scanning thousands. */
  ids: Set<number>;
  byTeam: Map<number, StoredGuess[]>;
}

export class Rooms {
  private readonly rooms = new Map<number, Promise<Room>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    events: EventBus,
    private readonly log: Logger,
  ) {
    events.on((event) => {
      switch (event.type) {
        case 'guess':
        // A result announced from the due-results queue may be of a guess this instance never heard of.
        case 'ready':
          return this.withRoom(event.guess.levelId, (room) => addGuess(room, event.guess));
        case 'level':
          return this.withRoom(event.level.id, (room) => {
            // A level's function changes only while it is a draft; other changes (settings, lifecycle) keep the room.
            if (room.level.expression !== event.level.expression || room.level.dims !== event.level.dims) this.rooms.delete(event.level.id);
            // Between instances a level travels without its samples (they are large and do not change after a draft).
            else room.level = { ...event.level, samples: event.level.samples ?? room.level.samples };
          });
        case 'level-deleted':
        case 'guesses-deleted':
          this.rooms.delete(event.levelId);
          return;
        case 'game':
          // Another game becoming active changes every cached room's `game.active`.
          return event.activated ? this.forgetAll() : this.forgetGame(event.gameId);
      }
    });
  }

  /** The room of a level (NOT_FOUND when there is no such level). */
  get(levelId: number): Promise<Room> {
    let room = this.rooms.get(levelId);
    if (!room) {
      room = this.load(levelId);
      this.rooms.set(levelId, room);
      room.catch(() => {
        if (this.rooms.get(levelId) === room) this.rooms.delete(levelId);
      });
    }
    return room;
  }

  /** Forgets a level's room: the next read loads it from the store. */
  forget(levelId: number): void {
    this.rooms.delete(levelId);
  }

  /** Forgets every room of a game (its teams or settings changed). */
  forgetGame(gameId: number): void {
    for (const [id, room] of this.rooms) {
      room.then(
        (r) => {
          if (r.game.id === gameId && this.rooms.get(id) === room) this.rooms.delete(id);
        },
        () => undefined,
      );
    }
  }

  forgetAll(): void {
    this.rooms.clear();
  }

  /** The level's standings at `now` (only results disclosed by then count). */
  standings(room: Room): Standing[] {
    return rankLevel(room.teams, room.guesses, { fStar: room.level.fStar, median: room.level.median }, this.clock.now());
  }

  private withRoom(levelId: number, apply: (room: Room) => void): void {
    const room = this.rooms.get(levelId);
    if (!room) return;
    room.then(apply, () => undefined).catch((err: unknown) => this.log.error({ err, levelId }, 'updating a cached level failed'));
  }

  private async load(levelId: number): Promise<Room> {
    const level = await this.store.getLevel(levelId);
    if (!level) throw new GameError('NOT_FOUND', 'No such level');
    const [game, teams, guesses] = await Promise.all([this.store.getGame(level.gameId), this.store.teamsOf(level.gameId), this.store.guessesOf(levelId)]);
    if (!game) throw new GameError('NOT_FOUND', 'No such game');
    const room: Room = { level, fn: compileLevelFunction(level.expression, level.dims), game, teams, guesses: [], ids: new Set(), byTeam: new Map() };
    for (const g of guesses) addGuess(room, g);
    return room;
  }
}

/** Each team's first guess and how many guesses it made: where its comparison with the optimizers starts. */
export function firstGuesses(room: Room): { teamId: number; x: number[]; count: number }[] {
  return room.teams
    .filter((t) => (room.byTeam.get(t.id)?.length ?? 0) > 0)
    .map((t) => ({ teamId: t.id, x: room.byTeam.get(t.id)![0].x, count: room.byTeam.get(t.id)!.length }));
}

/** Adds a guess to a room unless it is there already (an event may echo what this instance stored). */
export function addGuess(room: Room, guess: StoredGuess): void {
  if (room.ids.has(guess.id)) return;
  room.guesses.push(guess);
  room.ids.add(guess.id);
  const list = room.byTeam.get(guess.teamId);
  if (list) list.push(guess);
  else room.byTeam.set(guess.teamId, [guess]);
}

/** Takes a guess back out of a room (it could not be stored). */
export function removeGuess(room: Room, guess: StoredGuess): void {
  if (!room.ids.delete(guess.id)) return;
  room.guesses = room.guesses.filter((g) => g.id !== guess.id);
  room.byTeam.set(guess.teamId, (room.byTeam.get(guess.teamId) ?? []).filter((g) => g.id !== guess.id));
}
