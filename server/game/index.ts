/**
 * The game: its rules (rules.ts, scoring.ts: pure), what each audience sees (views.ts), and the parts that run a
 * class, built here with everything they use. Lives here: domain types, rules, and the services over them. May
 * import: shared/, server/math, and store/ (the repositories the parts are given). Never Fastify, Socket.IO or
 * Prisma: the doors (http/, realtime/) call the game, and only the game calls the store.
 */
import type { Store } from '../store/repo.ts';
import { Administration } from './administration.ts';
import { Backup } from './backup.ts';
import { Exports } from './exports.ts';
import { BoardView } from './board-view.ts';
import type { Clock } from './clock.ts';
import { EventBus } from './events.ts';
import { LevelMaster } from './level-master.ts';
import { loneInstance, type Cluster, type LevelAnalyser, type Logger, type ReferenceRunner, type Transport } from './ports.ts';
import { Presence } from './presence.ts';
import { Publisher } from './publisher.ts';
import { Rooms } from './rooms.ts';
import { KeyedQueue } from './serial.ts';
import { SignIn, type SignInOptions } from './sign-in.ts';

export interface GameDependencies {
  store: Store;
  transport: Transport;
  reference: ReferenceRunner;
  analyser: LevelAnalyser;
  clock: Clock;
  log: Logger;
  cluster?: Cluster;
  signIn: SignInOptions;
}

/** The parts of the game, each built with its collaborators; the doors call these. */
export interface Game {
  signIn: SignIn;
  levels: LevelMaster;
  board: BoardView;
  admin: Administration;
  backup: Backup;
  exports: Exports;
  presence: Presence;
  /** After a (re)start: time limits and pending results are watched again. */
  start(): Promise<void>;
  stop(): void;
}

export function createGame(deps: GameDependencies): Game {
  const { store, transport, clock, log } = deps;
  const events = new EventBus(deps.cluster ?? loneInstance, log);
  const queue = new KeyedQueue();
  // Listeners run in the order the parts are built: caches (rooms, the board's reveals) before the publisher.
  const rooms = new Rooms(store, clock, events, log);
  const board = new BoardView(store, rooms, clock, events);
  const publisher = new Publisher(transport, rooms, board, clock, log, events);
  const presence = new Presence(transport, events, clock);
  const signIn = new SignIn(store, clock, events, deps.signIn);
  const levels = new LevelMaster(store, rooms, board, deps.reference, events, queue, clock, log);
  const admin = new Administration(store, rooms, presence, deps.analyser, deps.reference, events, queue);
  const backup = new Backup(store, deps.analyser, levels, events, clock);
  return {
    signIn,
    levels,
    board,
    admin,
    backup,
    exports: new Exports(store, clock),
    presence,
    start: () => levels.start(),
    stop: () => {
      levels.stop();
      publisher.stop();
      presence.stop();
    },
  };
}

export type { Clock, Logger, Transport };
