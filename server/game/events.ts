/**
 * What happened in the game, as the parts tell each other: the level master announces guesses and results, the
 * administration announces changes; the publisher turns events into pushes and the caches refresh from them.
 * Events reach this instance's listeners at once and the other instances through the cluster.
 */
import type { Cluster, Logger } from './ports.ts';
import type { LevelRecord, Origin, StoredGuess } from './types.ts';

export type GameEvent =
  /** A guess was stored (`origin`: the device that sent it, on the instance that took it). */
  | { type: 'guess'; guess: StoredGuess; origin?: Origin }
  /** A guess's result is due: its team may hear it (`origin`: as for 'guess', on the instance that took it). */
  | { type: 'ready'; guess: StoredGuess; origin?: Origin }
  /** A level changed: its lifecycle or its settings. */
  | { type: 'level'; level: LevelRecord }
  /** A level was deleted. */
  | { type: 'level-deleted'; levelId: number; gameId: number }
  /** Guesses of a level were deleted (reset), for one team or all. */
  | { type: 'guesses-deleted'; levelId: number; gameId: number; teamId?: number }
  /** A level's reference runs changed. */
  | { type: 'reference'; levelId: number; gameId: number }
  /** A game's settings, teams or levels changed, or it was created, deleted or made active (`activated`). */
  | { type: 'game'; gameId: number; activated?: boolean }
  /** A team's sessions ended (its code was reset, or it was deleted). */
  | { type: 'sessions-ended'; teamId: number }
  /** The devices connected to one instance, per team id (instances tell each other). */
  | { type: 'presence'; instance: string; gameId: number; devices: Record<string, number> };

type Listener = (event: GameEvent) => void;

/** An event as it travels to other instances: without the origin (a socket here) or a level's samples (large). */
function forOthers(event: GameEvent): GameEvent {
  if (event.type === 'guess' || event.type === 'ready') return { type: event.type, guess: event.guess };
  if (event.type === 'level') return { type: 'level', level: { ...event.level, samples: null } };
  return event;
}

/** Fans events out to this instance's listeners and, for events of this instance, to the cluster. */
export class EventBus {
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly log: Logger,
  ) {
    cluster.listen((event) => this.deliver(event));
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** An event of this instance: its listeners, then the other instances (without the local origin). */
  emit(event: GameEvent): void {
    this.deliver(event);
    this.cluster.announce(forOthers(event));
  }

  private deliver(event: GameEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // One listener's failure must not keep the others (or the caller) from their work.
        this.log.error({ err, event: event.type }, 'game event listener failed');
      }
    }
  }
}
