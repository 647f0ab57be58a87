/**
 * What the game is given by the app: a logger, the realtime transport (local sockets), the cluster (other
 * instances), the reference runner and the level analyser. The game defines these shapes; adapters implement them.
 */
import type { AdminServerMessage, BoardServerMessage, CurveSamples, TeamServerMessage } from '../../shared/protocol.ts';
import type { GameEvent } from './events.ts';
import type { LevelDefinition, NewReferenceRun, Origin } from './types.ts';

/** The subset of pino's logger the game uses. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A message, or a function that builds it: nothing is built for a room with nobody in it. */
export type Lazy<T> = T | (() => T);

/**
 * Delivery to the sockets connected to this instance, through both doors (Socket.IO and the plain WebSocket).
 * Large fan-outs may be spread over turns of the event loop; each socket hears messages in the order they were sent.
 */
export interface Transport {
  /** Every device of one team in one level, but `except`. */
  team(teamId: number, levelId: number, message: Lazy<TeamServerMessage>, except?: Origin): void;
  /** One device of this instance (the one a guess came from). */
  device(origin: Origin, message: TeamServerMessage): void;
  /** Every team device logged into a level. */
  level(levelId: number, message: Lazy<TeamServerMessage>): void;
  /** A message of its own to each of many teams of a level. */
  teams(levelId: number, messages: { teamId: number; message: TeamServerMessage }[]): void;
  board(message: Lazy<BoardServerMessage>): void;
  admin(message: Lazy<AdminServerMessage>): void;
  /** Disconnects every device of a team on this instance (its sessions ended: a code reset, a deleted team). */
  endTeam(teamId: number): void;
  /** Whether any device of the level (or, without a level, any board) listens here. */
  listens(audience: { levelId: number } | 'board' | 'admin'): boolean;
}

/** The other instances sharing the database; a lone instance has none. */
export interface Cluster {
  /** Tells every other instance (this one has handled the event already). */
  announce(event: GameEvent): void;
  /** Starts delivering other instances' events to `receive`. */
  listen(receive: (event: GameEvent) => void): void;
}

export const loneInstance: Cluster = { announce() {}, listen() {} };

/** A level function, its domain and data set, as the reference runner needs them. */
export interface ReferenceLevel {
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  start: number[];
  data?: { points: [number, number][] } | null;
}

/** A run the instructor asks for: an optimizer with its settings from a start (the level's when absent). */
export interface ReferenceRunRequest {
  optimizer: NewReferenceRun['optimizer'];
  lr: number;
  beta?: number;
  steps: number;
  start?: number[];
}

/** A team to compare with the optimizers: its first guess and how many guesses it made. */
export interface TeamStart {
  teamId: number;
  x: number[];
  count: number;
}

/** TensorFlow.js optimizers over a level function, off the event loop. */
export interface ReferenceRunner {
  /** Which TensorFlow.js backend runs ('not loaded' until first use). */
  backend(): string;
  /** The level's default settings from its start and from each team's first guess (the same evaluations as the team). */
  defaultRuns(level: ReferenceLevel, teams: readonly TeamStart[]): Promise<NewReferenceRun[]>;
  /** The instructor's runs; with `teams`, also from each team's first guess. */
  run(level: ReferenceLevel, requests: readonly ReferenceRunRequest[], teams?: readonly TeamStart[]): Promise<NewReferenceRun[]>;
  /** The settings the level's lesson is shown with. */
  settings(level: ReferenceLevel): Promise<unknown>;
  /** The slides' regression trained as a TensorFlow.js model. */
  regression(): Promise<unknown>;
  /** Loads TensorFlow.js ahead of the first run. */
  warm(): Promise<void>;
}

/** Checks a level definition and computes f*, the argmin, the median and plot samples, under a time budget. */
export interface LevelAnalyser {
  analyse(input: { expression: string; domain: unknown; start?: number | number[] }): Promise<LevelDefinition>;
}
