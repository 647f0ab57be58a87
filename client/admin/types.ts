/**
 * Shapes of the admin API answers, as the admin pages use them: the answers' own types from shared/answers.ts (types
 * only: the pages do not bundle their schemas), and the preview's narrower than its schema says.
 */
import type { CurveSamples, Point } from '../../shared/protocol.ts';

export type { AdminGameDetail as GameDetail, AdminStatus, LevelMonitor as MonitorResponse, LevelTemplateView as LevelTemplate, RegressionFit as Regression } from '../../shared/answers.ts';

export type Localized = string | { en?: string; 'zh-TW'?: string };

export interface Preview {
  dims: 1 | 2;
  samples: CurveSamples;
  fStar: number;
  argmin: Point;
  median: number;
}

/** The admin page's sections (also the URL hash). */
export type AdminView = 'games' | 'levels' | 'teams' | 'live' | 'settings' | 'cards';
