/** Shapes of the admin API answers that shared/protocol.ts does not name (brief: "Extra endpoints"). */
import type { AdminGame, AdminLevel, AdminTeam, CurveSamples, DataSet, LeaderboardEntry, Optimizer, Point } from '../../shared/protocol.ts';

export interface GameDetail {
  game: AdminGame;
  levels: AdminLevel[];
  teams: AdminTeam[];
}

export interface AdminStatus {
  backend: string;
  version: string;
  joinUrls: string[];
}

export type Localized = string | { en?: string; 'zh-TW'?: string };

export interface LevelTemplate {
  key: string;
  title: Localized;
  description?: Localized;
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  start?: Point;
  delayMs?: number;
  budget?: number | null;
  /** The inputs' names (a, b on the regression) and the data set shown on the plots. */
  axes?: string[];
  data?: DataSet;
}

export interface Preview {
  dims: 1 | 2;
  samples: CurveSamples;
  fStar: number;
  argmin: Point;
  median: number;
}

export interface MonitorResponse {
  level: AdminLevel;
  leaderboard: LeaderboardEntry[];
  devices: Record<string, number>;
}

export interface RegressionRun {
  optimizer: Optimizer;
  lr: number;
  beta?: number;
  loss: number[];
  a: number;
  b: number;
}

export interface Regression {
  closedForm: { a: number; b: number; mse: number };
  runs: RegressionRun[];
}

/** The admin page's sections (also the URL hash). */
export type AdminView = 'games' | 'levels' | 'teams' | 'live' | 'settings' | 'cards';
