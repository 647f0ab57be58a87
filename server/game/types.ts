/**
 * The domain's records as the game works with them (times in epoch milliseconds, vectors as arrays). The store
 * reads and writes these; nothing here knows about Prisma, Fastify or sockets.
 */
import type { CurveSamples, DataSet, GuessSource, LevelStatus, Optimizer } from '../../shared/protocol.ts';
import type { GuessRecord, LevelState } from './rules.ts';

export interface GameRecord {
  id: number;
  title: string;
  loginDelayMs: number;
  requirePin: boolean;
  showLeaderboard: boolean;
  showFeedValues: boolean;
  active: boolean;
  boardLevelId: number | null;
  /** What a new level starts with. */
  defaultDelayMs: number;
  defaultBudget: number | null;
  /** The IANA time zone of exports; null: the server's. */
  timeZone: string | null;
  /** Whether a new level's password is shown on the board (the instructor's last choice). */
  showPassword: boolean;
  createdAt: number;
}

export type GameSettings = Pick<GameRecord, 'title' | 'loginDelayMs' | 'requirePin' | 'showLeaderboard' | 'showFeedValues' | 'defaultDelayMs' | 'defaultBudget' | 'timeZone' | 'showPassword'>;

export interface LevelRecord extends LevelState {
  gameId: number;
  index: number;
  title: string;
  expression: string;
  password: string;
  start: number[];
  fStar: number;
  argmin: number[];
  median: number;
  samples: CurveSamples | null;
  showPassword: boolean;
  /** The names of the inputs (one per dimension). */
  axes: string[];
  data: DataSet | null;
}

/** What the analysis of an expression over a domain yields (f* by dense sampling then local refinement). */
export interface LevelDefinition {
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  start: number[];
  fStar: number;
  argmin: number[];
  median: number;
  /** f over the domain as the reveal draws it (null on levels stored before samples were kept). */
  samples: CurveSamples | null;
}

/** A level as it is created: its definition, its place and its settings. */
export interface NewLevel extends LevelDefinition {
  gameId: number;
  index: number;
  title: string;
  delayMs: number;
  budget: number | null;
  timeLimitMs: number | null;
  password: string;
  axes: string[];
  data: DataSet | null;
  showPassword: boolean;
}

/** What an instructor may change on a level (its lifecycle columns change through `LevelState` only). */
export type LevelChanges = Partial<Pick<LevelRecord, 'title' | 'index' | 'delayMs' | 'budget' | 'timeLimitMs' | 'password' | 'showPassword' | 'axes' | 'data'> & LevelDefinition>;

export interface TeamRecord {
  id: number;
  gameId: number;
  number: number;
  name: string;
  pin: string | null;
  /** The team code its first device claimed it with; null: unclaimed. */
  code: string | null;
}

export type NewTeam = Pick<TeamRecord, 'number' | 'name' | 'pin'>;

export interface StoredGuess extends GuessRecord {
  source: GuessSource;
}

export type NewGuess = Omit<StoredGuess, 'id'>;

export interface ReferenceRecord {
  id: number;
  levelId: number;
  /** null: from the level's default start; else from this team's first guess. */
  teamId: number | null;
  optimizer: Optimizer;
  lr: number;
  beta: number | null;
  steps: number;
  diverged: boolean;
  /** null: on the level's function; 'standardised': the regression with its feature standardised. */
  variant: 'standardised' | null;
  path: { x: number[]; fx: number }[];
}

export type NewReferenceRun = Omit<ReferenceRecord, 'id' | 'levelId'>;

/** A team device's session: the team and the level its token is bound to. */
export interface Session {
  teamId: number;
  levelId: number;
}

/**
 * The device a request came in on (a Socket.IO socket's id, or a plain WebSocket), so that a push of what it was
 * just answered skips it: a device hears of its own guess once.
 */
export type Origin = { io: string } | { ws: object };

export type { LevelStatus };
